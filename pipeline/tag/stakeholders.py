"""Who wants what: actor mentions and the interests the text gives them.

Actors are found by the codebook's surface patterns (longest match wins) and typed
by the pattern's actor type. An actor *has an interest* when it is the grammatical
holder of an interest predicate from the codebook:

- the subject of a verbal predicate ("destination countries want ...", "X seeks to"),
  also through control and coordination ("X tried to leverage", "X ... and aims to");
- the agent of a passive one ("the compact was resisted by X");
- the noun a relative clause hangs on ("countries of origin, which need ...");
- the possessor or "of"-complement of a nominal one ("X's objective", "the
  reluctance of X", "interests of X"), or the subject of "have" with it ("X have an
  interest in");
- the subject of an action done "to / in order to" reach something (purpose clause),
  when enabled.

References ("they", "the latter", "such countries", "these same governments") take
the type of the previous actor when enabled. Only sentences with an actor or a
reference are parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipeline.tag.lexicon import Lexicon

INTEREST_COLUMNS = [
    "doc_id", "sent_id", "page", "text", "actor", "actor_type", "interest", "predicate", "stance",
]  # fmt: skip
MENTION_COLUMNS = ["doc_id", "sent_id", "page", "actor", "actor_type"]

_FUNCTION_WORDS = frozenset(
    "a an the for to in into of on with about at from towards toward behind against its their "
    "his her more less little".split()
)
_LIGHT = frozenset("be have become an a the more less little".split())
_REFERRING = re.compile(r"^(?:they|them)$|\b(?:latter|former|such|these|those)\b", re.IGNORECASE)
_PRONOUN_IN_TEXT = re.compile(r"\b(?:they|the\s+latter|such|these\s+same)\b", re.IGNORECASE)
_GENERIC_GOVERNMENT = re.compile(r"^(?:the\s+)?governments?$", re.IGNORECASE)
_EXCLUDED_CLAUSES = frozenset({"relcl", "acl", "advcl", "appos", "ccomp", "parataxis"})
_OF_PREPS = frozenset({"of", "between", "from", "by", "among"})


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    text: str
    type: str


def find_actors(lex: Lexicon, text: str) -> list[ActorMention]:
    """Non-overlapping actor mentions: the longest match wins; on a tie, the type
    listed first in the codebook."""
    found: list[tuple[int, int, int, str, str]] = []
    for order, (type_key, pattern) in enumerate(lex.actor_patterns):
        for match in pattern.finditer(text):
            if match.end() > match.start():
                found.append((match.start(), match.end(), order, type_key, match.group(0)))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
    taken: list[ActorMention] = []
    for start, end, _order, type_key, surface in found:
        if any(start < m.end and m.start < end for m in taken):
            continue
        taken.append(ActorMention(start, end, surface.strip(), type_key))
    taken.sort(key=lambda m: m.start)
    return _retype_generic(taken)


def _retype_generic(mentions: list[ActorMention]) -> list[ActorMention]:
    """ "the government" in a sentence naming one state is that state's government."""
    states = {m.type for m in mentions if m.type in ("destination_state", "origin_state")}
    if len(states) != 1:
        return mentions
    state = next(iter(states))
    return [
        ActorMention(m.start, m.end, m.text, state) if _GENERIC_GOVERNMENT.match(m.text) else m
        for m in mentions
    ]


def predicate_patterns(lex: Lexicon) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(stance, phrase, spaCy Matcher pattern) for every interest predicate."""
    out = []
    for stance, phrases in lex.codebook.interest_predicates.items():
        for phrase in phrases:
            pattern: list[dict[str, Any]] = []
            for position, word in enumerate(phrase.lower().split()):
                if position:
                    pattern.append({"POS": {"IN": ["ADV", "PART"]}, "OP": "*"})
                if word in _FUNCTION_WORDS:
                    pattern.append({"LOWER": word})
                else:
                    pattern.append({"LEMMA": word})
            out.append((stance, phrase, pattern))
    return out


def build_matcher(nlp: Any, lex: Lexicon) -> tuple[Any, dict[str, tuple[str, str]]]:
    from spacy.matcher import Matcher

    matcher = Matcher(nlp.vocab)
    keys: dict[str, tuple[str, str]] = {}
    for number, (stance, phrase, pattern) in enumerate(predicate_patterns(lex)):
        key = f"P{number}"
        matcher.add(key, [pattern])
        keys[key] = (stance, phrase)
    return matcher, keys


# -- syntax helpers ------------------------------------------------------------------


def _holder_tokens(anchor: Any) -> tuple[list[Any], str]:
    """Tokens naming who holds the predicate at `anchor`, and how they were found."""
    node = anchor
    if node.pos_ == "ADJ" and node.dep_ in ("acomp", "amod", "attr") and node.dep_ != "amod":
        node = node.head
    if node.pos_ == "NOUN":
        return _nominal_holders(node)
    for _ in range(4):
        subjects = [c for c in node.children if c.dep_ in ("nsubj", "csubj", "expl")]
        passive = [c for c in node.children if c.dep_ == "nsubjpass"]
        if passive:
            agents = [
                g for c in node.children if c.dep_ == "agent" for g in c.children
                if g.dep_ == "pobj"
            ]  # fmt: skip
            return (agents, "agent") if agents else ([], "passive")
        if subjects:
            return subjects, "subject"
        if node.dep_ == "relcl":
            return [node.head], "relative"
        if node.dep_ in ("xcomp", "conj", "advcl", "acomp", "ccomp") and node.head is not node:
            node = node.head
            continue
        if node.dep_ == "acl":
            return [node.head], "modified"
        break
    return [], "none"


def _nominal_holders(noun: Any) -> tuple[list[Any], str]:
    holders = [c for c in noun.children if c.dep_ in ("poss", "compound", "nmod")]
    holders += [
        g for c in noun.children if c.dep_ == "prep" and c.lower_ in _OF_PREPS
        for g in c.children if g.dep_ == "pobj"
    ]  # fmt: skip
    if holders:
        return holders, "possessor"
    if noun.dep_ in ("dobj", "attr") and noun.head.lemma_ in ("have", "show", "take", "share"):
        return _holder_tokens(noun.head)
    if noun.dep_ == "pobj" and noun.head.head.pos_ in ("VERB", "AUX"):
        # "with the goal of ..." / "in need of ...": the clause's subject holds it
        return _holder_tokens(noun.head.head)
    return [], "none"


def _np_tokens(token: Any) -> set[int]:
    """A holder's noun phrase, without its relative or appositive clauses."""
    keep: set[int] = set()

    def walk(node: Any) -> None:
        keep.add(node.i)
        for child in node.children:
            if child.dep_ in _EXCLUDED_CLAUSES:
                continue
            walk(child)

    walk(token)
    for conj in token.conjuncts:
        if conj.i > token.i:
            walk(conj)
    return keep


def _interest_text(anchor: Any, holder_ids: set[int], max_words: int) -> str:
    doc = anchor.doc
    node = anchor.head if anchor.pos_ == "ADJ" and anchor.dep_ == "acomp" else anchor
    tokens = [t for t in node.subtree if t.i > anchor.i and t.i not in holder_ids]
    if not tokens:
        return ""
    span = doc[tokens[0].i : tokens[-1].i + 1]
    words = span.text.split()
    text = " ".join(words[:max_words])
    return re.sub(r"\s*\([^)]*$", "", text).strip(" ,;:.")


def _purpose_anchors(doc: Any) -> list[Any]:
    """Infinitives of purpose: "X did Y (in order / so as) to <verb>"."""
    out = []
    for token in doc:
        if token.pos_ != "VERB" or token.dep_ not in ("advcl", "xcomp"):
            continue
        marker = [c for c in token.children if c.dep_ == "aux" and c.lower_ == "to"]
        if not marker or token.head.pos_ not in ("VERB", "AUX"):
            continue
        if token.dep_ == "xcomp" and token.head.lemma_ not in (
            "work",
            "act",
            "cooperate",
            "engage",
        ):
            continue
        out.append(token)
    return out


# -- document ------------------------------------------------------------------------


@dataclass
class _Context:
    last_type: str | None = None
    last_text: str | None = None


def tag_stakeholders(
    sentences: pd.DataFrame,
    lex: Lexicon,
    nlp: Any,
    resolve_references: bool = True,
    purpose_clauses: bool = True,
    max_words: int = 25,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One document's sentences -> (interests, mentions without an interest)."""
    sentences = sentences.sort_values("sent_id").reset_index(drop=True)
    texts = [str(t) for t in sentences["text"]]
    mentions_by_sentence = [find_actors(lex, text) for text in texts]
    candidates = [
        i
        for i, text in enumerate(texts)
        if mentions_by_sentence[i] or (resolve_references and _PRONOUN_IN_TEXT.search(text))
    ]
    matcher, keys = build_matcher(nlp, lex)
    interests: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    context = _Context()
    previous_index = -2
    docs = nlp.pipe([texts[i] for i in candidates], batch_size=32)
    for index, doc in zip(candidates, docs, strict=True):
        row = sentences.iloc[index]
        base = {
            "doc_id": row["doc_id"],
            "sent_id": int(row["sent_id"]),
            "page": int(row["page"]) if "page" in row and pd.notna(row["page"]) else None,
        }
        if index != previous_index + 1:
            context = _Context()  # references reach back one sentence only
        previous_index = index
        actors = mentions_by_sentence[index]
        token_actor: dict[int, ActorMention] = {}
        for mention in actors:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is not None:
                for token in span:
                    token_actor[token.i] = mention
        anchors: list[tuple[Any, str, str]] = []
        for key, start, end in matcher(doc):
            stance, phrase = keys[nlp.vocab.strings[key]]
            content = [t for t in doc[start:end] if t.lemma_.lower() not in _LIGHT]
            anchors.append((content[0] if content else doc[start], stance, phrase))
        if purpose_clauses:
            claimed = {a.i for a, _, _ in anchors}
            for verb in _purpose_anchors(doc):
                if verb.head.i not in claimed and verb.i not in claimed:
                    anchors.append((verb, "support", f"to {verb.lemma_}"))
        seen: set[tuple[str, str]] = set()
        with_interest: set[ActorMention] = set()
        anchors.sort(key=lambda a: (a[0].i, a[2]))
        for anchor, stance, phrase in anchors:
            holders, _how = _holder_tokens(anchor)
            if not holders:
                continue
            holder_ids: set[int] = set()
            for holder in holders:
                holder_ids |= _np_tokens(holder)
            found = sorted(
                {token_actor[i] for i in holder_ids if i in token_actor}, key=lambda m: m.start
            )
            generic = all(_GENERIC_GOVERNMENT.match(a.text) for a in found)
            if resolve_references and (not found or generic):
                reference = _reference(doc, holders, actors, context)
                if reference is not None:
                    found = [reference]
                    actors_in_holder = [a for a in actors if a.start >= reference.start]
                    with_interest.update(a for a in actors_in_holder if a.end <= reference.end)
            interest = _interest_text(anchor, holder_ids, max_words)
            for actor in found:
                if (actor.text, actor.type) in seen:
                    continue
                seen.add((actor.text, actor.type))
                with_interest.add(actor)
                interests.append(
                    base | {
                        "text": texts[index], "actor": actor.text, "actor_type": actor.type,
                        "interest": interest, "predicate": phrase, "stance": stance,
                    }
                )  # fmt: skip
        for mention in actors:
            if mention not in with_interest:
                mentions.append(base | {"actor": mention.text, "actor_type": mention.type})
        subjects = [
            token_actor[t.i] for t in doc if t.dep_.startswith("nsubj") and t.i in token_actor
        ]
        last = subjects[-1] if subjects else (actors[-1] if actors else None)
        if last is not None:
            context = _Context(last.type, last.text)
    interest_frame = pd.DataFrame(interests, columns=INTEREST_COLUMNS)
    mention_frame = pd.DataFrame(mentions, columns=MENTION_COLUMNS)
    return (
        interest_frame.astype({"sent_id": "int64", "page": "Int64"}),
        mention_frame.astype({"sent_id": "int64", "page": "Int64"}),
    )


def _reference(
    doc: Any, holders: list[Any], actors: list[ActorMention], context: _Context
) -> ActorMention | None:
    """A referring holder ("they", "the latter", "such countries") -> the actor it
    points back to: the last actor before it in this sentence for "the latter", else
    the previous sentence's last subject actor."""
    for holder in holders:
        phrase = doc[holder.left_edge.i : holder.i + 1].text
        if not _REFERRING.search(phrase):
            continue
        if "latter" in phrase.lower():
            before = [a for a in actors if a.end <= holder.idx and a.type != "other"]
            if before:
                last = before[-1]
                return ActorMention(holder.idx, holder.idx + len(holder), phrase, last.type)
        if context.last_type is not None:
            return ActorMention(holder.idx, holder.idx + len(holder), phrase, context.last_type)
    return None


def is_reference(phrase: str) -> bool:
    return bool(_REFERRING.search(phrase))
