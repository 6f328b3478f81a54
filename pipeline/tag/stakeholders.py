"""Who wants what: actor mentions and the interests the text gives them.

Actors are found by the codebook's surface patterns (longest match wins) and typed
by the pattern's actor type (actor_mentions). An actor *has an interest* when it is the grammatical
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

interest_predicates matches the predicates and tells a wish from a description;
interest_holders finds who holds a predicate and what they want.

References ("they", "the latter", "such countries", "these same governments") take
the type of the previous actor when enabled. Only sentences with an actor or a
reference are looked at in the spaCy parse (annotate's, see `pipeline.parses`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipeline.tag.actor_mentions import (
    GENERIC_GOVERNMENT,
    GENERIC_STATE,
    ActorMention,
    find_actors,
)
from pipeline.tag.interest_holders import (
    holder_tokens,
    inanimate_relative,
    interest_text,
    np_tokens,
    passive_subject_text,
)
from pipeline.tag.interest_predicates import (
    build_matcher,
    expresses_interest,
    negated,
    predicate_anchor,
    purpose_anchors,
)
from pipeline.tag.lexicon import Lexicon

INTEREST_COLUMNS = [
    "doc_id", "sent_id", "page", "text", "actor", "actor_type", "interest", "predicate", "stance",
    "refers_to",
]  # fmt: skip
MENTION_COLUMNS = ["doc_id", "sent_id", "page", "actor", "actor_type"]
_REFERRING = re.compile(r"^(?:they|them)$|\b(?:latter|former|such|these|those)\b", re.IGNORECASE)
_PRONOUN_IN_TEXT = re.compile(r"\b(?:they|the\s+latter|such|these\s+same)\b", re.IGNORECASE)
#: head nouns a reference may have ("such countries", "these same governments").
_REFERENCE_HEADS = frozenset(
    "they them latter former country government state actor organisation organization "
    "authority donor partner stakeholder many some most both others".split()
)


@dataclass
class _Context:
    """What the previous sentence said about actors, for references."""

    last_type: str | None = None
    last_text: str | None = None
    last_state: str | None = None
    last_state_text: str | None = None


def _resolve_generic(
    mention: ActorMention, context: _Context, state_types: tuple[str, ...]
) -> ActorMention:
    if mention.type != GENERIC_STATE:
        return mention
    state = context.last_state or state_types[0]
    return ActorMention(mention.start, mention.end, mention.text, state)


def tag_stakeholders(
    sentences: pd.DataFrame,
    lex: Lexicon,
    parses: Sequence[Any],
    resolve_references: bool = True,
    purpose_clauses: bool = True,
    max_words: int = 25,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One document's sentences -> (interests, mentions without an interest).
    `parses` holds each sentence's spaCy parse, in sent_id order."""
    sentences = sentences.sort_values("sent_id").reset_index(drop=True)
    texts = [str(t) for t in sentences["text"]]
    mentions_by_sentence = [find_actors(lex, text) for text in texts]
    roles = lex.roles
    candidates = [
        i
        for i, text in enumerate(texts)
        if mentions_by_sentence[i] or (resolve_references and _PRONOUN_IN_TEXT.search(text))
    ]
    # the parses share one vocabulary, which the predicate matcher needs
    matcher, keys = build_matcher(parses[0].vocab, lex) if candidates else (None, {})
    interests: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    # the columns as lists: a row taken with .iloc builds a Series every time
    doc_ids = sentences["doc_id"].tolist()
    sent_ids = sentences["sent_id"].tolist()
    pages = sentences["page"].tolist() if "page" in sentences else [None] * len(sentences)
    context = _Context()
    previous_index = -2
    for index in candidates:
        doc = parses[index]
        page = pages[index]
        base = {
            "doc_id": doc_ids[index],
            "sent_id": int(sent_ids[index]),
            "page": int(page) if page is not None and pd.notna(page) else None,
        }
        if index != previous_index + 1:
            context = _Context()  # references reach back one sentence only
        previous_index = index
        actors = mentions_by_sentence[index]
        actors = [_resolve_generic(m, context, roles.states) for m in actors]
        token_actor: dict[int, list[ActorMention]] = {}
        for mention in actors:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is not None:
                for token in span:
                    token_actor.setdefault(token.i, []).append(mention)
        anchors: list[tuple[Any, str, str]] = []
        phrase_end: dict[int, int] = {}  # anchor -> first token after its matched phrase
        for key, start, end in matcher(doc):
            stance, phrase = keys[doc.vocab.strings[key]]
            anchor = predicate_anchor(doc[start:end])
            anchors.append((anchor, stance, phrase))
            phrase_end[anchor.i] = max(phrase_end.get(anchor.i, 0), end)
        claimed = {a.i for a, _, _ in anchors}
        for verb in purpose_anchors(doc, explicit_only=not purpose_clauses):
            if verb.head.i not in claimed and verb.i not in claimed:
                anchors.append((verb, "support", f"to {verb.lemma_}"))
        seen: set[tuple[str, str, int]] = set()
        with_interest: set[ActorMention] = set()
        anchors.sort(key=lambda a: (a[0].i, a[2]))
        for anchor, stance, phrase in anchors:
            if not expresses_interest(anchor, token_actor, " " in phrase):
                continue
            if negated(anchor) and stance != "neutral":
                # "did not plan to go home", "are not willing": the opposite stance
                stance = "oppose" if stance == "support" else "support"
            holders, how = holder_tokens(anchor)
            if not holders:
                continue
            holder_ids: set[int] = set()
            for holder in holders:
                if how == "relative" and not token_actor.get(holder.i):
                    continue  # "..., which supported ...": the antecedent is not an actor
                if how == "relative" and inanimate_relative(
                    anchor, token_actor[holder.i], roles.persons
                ):
                    continue
                holder_ids |= np_tokens(holder, token_actor.keys())
            found = sorted(
                {a for i in holder_ids for a in token_actor.get(i, ())},
                key=lambda m: (m.start, m.type),
            )
            if resolve_references:
                uncovered = [h for h in holders if not token_actor.get(h.i)]
                generic = [
                    h for h in holders
                    if any(GENERIC_GOVERNMENT.match(a.text) for a in token_actor.get(h.i, ()))
                ]  # fmt: skip
                reference = _reference(doc, uncovered + generic, actors, context, roles.fallback)
                if reference is not None:
                    covered = [
                        a for a in found if a.start < reference.end and reference.start < a.end
                    ]
                    with_interest.update(covered)
                    found = [a for a in found if a not in covered] + [reference]
            if how == "agent":
                # "the compact was resisted by X": what X resists is the passive subject
                interest = passive_subject_text(anchor, max_words)
            else:
                interest = interest_text(
                    anchor, holder_ids, max_words, phrase_end.get(anchor.i, anchor.i + 1)
                )
            for actor in found:
                if (actor.text, actor.type, anchor.i) in seen:
                    continue
                seen.add((actor.text, actor.type, anchor.i))
                with_interest.add(actor)
                interests.append(
                    base | {
                        "text": texts[index], "actor": actor.text, "actor_type": actor.type,
                        "refers_to": actor.refers_to,
                        "interest": interest, "predicate": phrase, "stance": stance,
                    }
                )  # fmt: skip
        for mention in actors:
            if mention not in with_interest:
                mentions.append(base | {"actor": mention.text, "actor_type": mention.type})
        # only the words of a mention can give one: no need to visit every word
        subject_words = [i for i in sorted(token_actor) if doc[i].dep_.startswith("nsubj")]
        subjects = [a for i in subject_words for a in token_actor[i]]
        last = subjects[-1] if subjects else (actors[-1] if actors else None)
        states = [a for a in actors if a.type in roles.states]
        if last is not None:
            context = _Context(
                last.type,
                last.refers_to or last.text,
                states[-1].type if states else None,
                states[-1].text if states else None,
            )
    interest_frame = pd.DataFrame(interests, columns=INTEREST_COLUMNS)
    mention_frame = pd.DataFrame(mentions, columns=MENTION_COLUMNS)
    return (
        interest_frame.astype({"sent_id": "int64", "page": "Int64"}),
        mention_frame.astype({"sent_id": "int64", "page": "Int64"}),
    )


def _reference(
    doc: Any, holders: list[Any], actors: list[ActorMention], context: _Context, fallback: str
) -> ActorMention | None:
    """A referring holder ("they", "the latter", "such countries", "many") -> the
    actor it points back to: the last specific actor before it in this sentence, else
    the previous sentence's last subject actor."""
    for holder in holders:
        phrase = doc[holder.left_edge.i : holder.i + 1].text
        head = holder.lemma_.lower()
        quantifier = head in ("many", "some", "most", "both", "others") and holder.pos_ != "DET"
        if head not in _REFERENCE_HEADS or not (_REFERRING.search(phrase) or quantifier):
            continue
        before = [a for a in actors if a.end <= holder.idx and a.type != fallback]
        if before and ("latter" in phrase.lower() or head in ("they", "them") or quantifier):
            # "X want Y, and they seek Z": "they" continues the subject, not the object;
            # "the latter" is the last actor named
            # (first the subject of a clause "they" is coordinated with or part of)
            subjects = [a for a in before if _is_subject(doc, a)]
            governing = [a for a in subjects if _subject_verb(doc, a).is_ancestor(holder)]
            ranked = governing or subjects or before
            last = before[-1] if "latter" in phrase.lower() else ranked[-1]
            return ActorMention(holder.idx, holder.idx + len(holder), phrase, last.type, last.text)
        previous, antecedent = context.last_type, context.last_text
        if head in ("country", "state", "government") and context.last_state:
            previous, antecedent = context.last_state, context.last_state_text
        if previous is not None:
            return ActorMention(holder.idx, holder.idx + len(holder), phrase, previous, antecedent)
    return None


def _is_subject(doc: Any, mention: ActorMention) -> bool:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and span.root.dep_ in ("nsubj", "nsubjpass")


def _subject_verb(doc: Any, mention: ActorMention) -> Any:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span.root.head
