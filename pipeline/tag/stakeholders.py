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
reference are looked at in the spaCy parse (annotate's, see `pipeline.parses`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipeline.tag.lexicon import Lexicon

INTEREST_COLUMNS = [
    "doc_id", "sent_id", "page", "text", "actor", "actor_type", "interest", "predicate", "stance",
    "refers_to",
]  # fmt: skip
MENTION_COLUMNS = ["doc_id", "sent_id", "page", "actor", "actor_type"]

_FUNCTION_WORDS = frozenset(
    "a an the for to in into of on with about at from towards toward behind against its their "
    "his her more less little".split()
)
_GAP_POS = ["ADV", "PART", "ADJ", "CCONJ", "DET"]
_RELATIVE_PRONOUNS = frozenset("who which that whom".split())
_POSSESSIVE_PRONOUNS = frozenset("their its his her our".split())
#: two state types in one phrase: "countries of destination and origin"
_DUAL_STATES = re.compile(
    r"(?:(?:many|some|several|the|both)\s+)?(?:countries|states|governments)\s+of\s+"
    r"(?:destination|origin)\s+and\s+(?:of\s+)?(?:destination|origin)"
    r"|(?:destination|host)\s+and\s+(?:origin|home)\s+(?:countries|states|governments)"
    r"|(?:origin|home)\s+and\s+(?:destination|host)\s+(?:countries|states|governments)"
    r"|governments\s+on\s+both\s+sides",
    re.IGNORECASE,
)
#: states named only by a quantifier: typed from context (see find_actors)
_GENERIC_STATES = re.compile(
    r"(?<![\w-])(?:some|many|several|other|most|certain|all\s+such|such|these|those)\s+"
    r"(?:\w+\s+)?(?:countries|states)(?![\w-])",
    re.IGNORECASE,
)
_STATE_TYPES = ("destination_state", "origin_state")
_PERSON_TYPES = frozenset({"returnee", "researcher"})
#: placeholder type of "some countries"; resolved from the sentences before, else
#: DEFAULT_STATE (in return-policy texts unnamed countries acting on return are
#: mostly destination countries)
GENERIC_STATE = "__state__"
DEFAULT_STATE = "destination_state"
_LIGHT = frozenset("be have become an a the more less little".split())
_REFERRING = re.compile(r"^(?:they|them)$|\b(?:latter|former|such|these|those)\b", re.IGNORECASE)
_PRONOUN_IN_TEXT = re.compile(r"\b(?:they|the\s+latter|such|these\s+same)\b", re.IGNORECASE)
_GENERIC_GOVERNMENT = re.compile(r"^(?:the\s+)?governments?$", re.IGNORECASE)
_EXCLUDED_CLAUSES = frozenset({"relcl", "acl", "advcl", "appos", "ccomp", "parataxis"})
_OF_PREPS = frozenset({"of", "from", "by", "among"})
_PLACE_PREPS = frozenset({"in", "at", "across", "within", "throughout"})
#: nouns that name what an actor wants; other nouns ("needs", "support") describe
#: what is done for someone, not what they want.
_NOMINAL = frozenset(
    "interest goal aim priority objective reluctance demand concern wish will desire "
    "preference opposition resistance agenda ambition threat".split()
)
#: modals of obligation or capability: "X should / can support" gives no interest.
_OBLIGATION = frozenset("should must can shall ought".split())
#: head nouns a reference may have ("such countries", "these same governments").
_REFERENCE_HEADS = frozenset(
    "they them latter former country government state actor organisation organization "
    "authority donor partner stakeholder many some most both others".split()
)
#: objects that make "support / promote / encourage" an action on someone, not a wish.
_PERSONAL_OBJECTS = frozenset(
    "actor stakeholder partner them they returnee migrant authority government "
    "organisation organization people".split()
)


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    text: str
    type: str
    refers_to: str | None = None  # the antecedent of a reference ("they" -> "donors")


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
    for match in _GENERIC_STATES.finditer(text):
        if not any(match.start() < m.end and m.start < match.end() for m in taken):
            taken.append(ActorMention(match.start(), match.end(), match.group(0), GENERIC_STATE))
    for match in _DUAL_STATES.finditer(text):
        inside = [m for m in taken if match.start() <= m.start and m.end <= match.end()]
        if all(m.type in _STATE_TYPES or _GENERIC_GOVERNMENT.match(m.text) for m in inside):
            taken = [m for m in taken if m not in inside]
            taken += [
                ActorMention(match.start(), match.end(), match.group(0), state)
                for state in _STATE_TYPES
            ]
    taken.sort(key=lambda m: (m.start, m.type))
    # a possessive modifier of another actor is not an actor itself
    # ("migrants' countries of origin")
    taken = [
        m for m in taken
        if not any(
            o is not m and re.fullmatch(r"['’]s?\s*", text[m.end : o.start]) for o in taken
        )
    ]  # fmt: skip
    return _retype_generic(taken, text)


def _retype_generic(mentions: list[ActorMention], text: str = "") -> list[ActorMention]:
    """ "the government" is the government of the state the sentence is about: the
    state named in an opening "In X," frame, else the only state named."""
    states = [m for m in mentions if m.type in ("destination_state", "origin_state")]
    framed = [m for m in states if re.match(r"\s*in\s+", text[: m.start], re.IGNORECASE)]
    if framed:
        state = framed[0].type
    elif len({m.type for m in states}) == 1:
        state = states[0].type
    else:
        return mentions
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
                    # "throw its financial and political weight behind", "try hard to"
                    pattern.append({"POS": {"IN": _GAP_POS}, "OP": "*"})
                if word in _FUNCTION_WORDS:
                    pattern.append({"LOWER": word})
                else:
                    pattern.append({"LEMMA": word})
            out.append((stance, phrase, pattern))
    return out


def build_matcher(vocab: Any, lex: Lexicon) -> tuple[Any, dict[str, tuple[str, str]]]:
    from spacy.matcher import Matcher

    matcher = Matcher(vocab)
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
    # "for X, success (also) means ...": the criterion is X's view
    viewers = [
        g for c in node.children if c.dep_ == "prep" and c.lower_ == "for"
        for g in c.children if g.dep_ == "pobj"
    ]  # fmt: skip
    if viewers and node.lemma_ == "mean":
        return viewers, "viewer"
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
            if node.dep_ == "relcl" and subjects[0].lower_ in _RELATIVE_PRONOUNS:
                return [node.head], "relative"
            return subjects, "subject"
        if node.dep_ == "relcl":
            return [node.head], "relative"
        if node.dep_ in ("xcomp", "conj", "advcl", "acomp", "ccomp") and node.head is not node:
            node = node.head
            continue
        if node.dep_ == "acl":
            # "governments have policies encouraging ...": the policy's owner
            if node.head.dep_ in ("dobj", "attr") and node.head.head.lemma_ == "have":
                node = node.head.head
                continue
            agents = [
                g for c in node.children if c.dep_ == "agent" for g in c.children
                if g.dep_ == "pobj"
            ]  # fmt: skip
            if agents:
                return agents, "agent"
            if node.tag_ == "VBN" and not any(
                c.dep_ in ("dobj", "prep", "prt", "xcomp") for c in node.children
            ):
                return [], "passive"  # "the migrants supported": the noun is the patient
            return [node.head], "modified"
        break
    return [], "none"


def _nominal_holders(noun: Any) -> tuple[list[Any], str]:
    if noun.dep_ == "pobj" and noun.head.lower_ == "in" and noun.head.head.pos_ in ("VERB", "AUX"):
        # "X are in need of support": X holds it; "of support" is what is needed
        return _holder_tokens(noun.head.head)
    holders = [c for c in noun.children if c.dep_ in ("poss", "compound", "nmod")]
    possessive = holders and all(h.lower_ in _POSSESSIVE_PRONOUNS for h in holders)
    if possessive and noun.head.pos_ in ("VERB", "AUX"):
        # "X match their interests with ...": the possessor is the clause's subject
        return _holder_tokens(noun.head)
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


def _inanimate_relative(anchor: Any, antecedents: list[ActorMention]) -> bool:
    """ "returnees, which ...": "which" does not refer to people, so the parser has
    attached the clause to the wrong noun."""
    clause = anchor
    while clause.dep_ != "relcl" and clause.head is not clause:
        clause = clause.head
    pronouns = [c.lower_ for c in clause.children if c.dep_.startswith("nsubj")]
    return "which" in pronouns and all(a.type in _PERSON_TYPES for a in antecedents)


def _np_tokens(token: Any, actor_tokens: set[int] | frozenset[int] = frozenset()) -> set[int]:
    """A holder's noun phrase, without its relative or appositive clauses, and
    without a place ("stakeholders in countries of origin") when the head is an
    actor already."""
    keep: set[int] = set()

    def walk(node: Any) -> None:
        keep.add(node.i)
        for child in node.children:
            if child.dep_ in _EXCLUDED_CLAUSES:
                continue
            if child.dep_ == "prep" and child.lower_ in _PLACE_PREPS and node.i in actor_tokens:
                continue
            walk(child)

    walk(token)
    for conj in token.conjuncts:
        if conj.i > token.i:
            walk(conj)
    return keep


def _passive_subject_text(anchor: Any, max_words: int) -> str:
    """What the agent acts on: the passive subject, or the noun a passive participle
    modifies ("the 2015 policy, supported by the EU, ...")."""
    subjects = [c for c in anchor.children if c.dep_ == "nsubjpass"]
    if subjects:
        tokens = [t for t in subjects[0].subtree if t.dep_ not in _EXCLUDED_CLAUSES]
    elif anchor.dep_ == "acl" and anchor.head.pos_ in ("NOUN", "PROPN"):
        tokens = [anchor.doc[i] for i in sorted(_np_tokens(anchor.head))]
    else:
        return ""
    return _phrase(tokens, max_words)


#: dependents of a predicate that are not what the actor wants: a coordinated or
#: adverbial clause ("want X, and they seek Y", "seek X once Y ended, so that ...")
_NOT_INTEREST = frozenset({"conj", "cc", "advcl", "parataxis", "punct", "mark", "nsubj", "aux"})
_CONTENT = re.compile(r"[^\W\d_]{3,}")


def _phrase(tokens: list[Any], max_words: int) -> str:
    """The contiguous run of `tokens` from the first one, as text."""
    if not tokens:
        return ""
    run = [tokens[0]]
    for token in tokens[1:]:
        if token.i != run[-1].i + 1:
            break
        run.append(token)
    span = run[0].doc[run[0].i : run[-1].i + 1]
    text = " ".join(span.text.split()[:max_words])
    text = re.sub(r"\s*\([^)]*$", "", text).strip(" ,;:.")
    return text if _is_phrase(text) else ""


def _is_phrase(text: str) -> bool:
    """A noun or verb phrase, not a lone function word ("of", "and standards")."""
    words = [w.lower() for w in _CONTENT.findall(text)]
    content = [w for w in words if w not in _FUNCTION_WORDS and w not in ("and", "or", "but")]
    # "of destination states ...": the holder's preposition, not what the holder wants
    return bool(content) and text.split()[0].lower() not in ("and", "or", "but", "of", "by")


def _interest_text(anchor: Any, holder_ids: set[int], max_words: int, start: int) -> str:
    """What the actor wants: the object or complement phrase of the predicate (its
    dependents after the matched phrase), without the holder, the holder's own
    clauses, and coordinated or adverbial clauses of the predicate."""
    doc = anchor.doc
    node = anchor.head if anchor.pos_ == "ADJ" and anchor.dep_ == "acomp" else anchor
    blocked = set(holder_ids)
    for holder in (doc[i] for i in holder_ids):
        if not holder.is_ancestor(node):
            blocked |= {t.i for t in holder.subtree}
            if node.pos_ == "NOUN":
                # "the objectives of X to expand ...": the infinitive is the objective's
                for clause in holder.children:
                    if clause.dep_ == "acl" and any(c.lower_ == "to" for c in clause.children):
                        blocked -= {t.i for t in clause.subtree}
    for child in node.children:
        if child.dep_ in _NOT_INTEREST or (child.dep_ == "relcl" and child.i > node.i):
            blocked |= {t.i for t in child.subtree}
    tokens = [t for t in node.subtree if t.i >= start and t.i not in blocked]
    # "objectives of the EU": the holder's preposition is not part of the interest
    tokens = [
        t for t in tokens
        if not (t.dep_ == "prep" and any(c.i in holder_ids for c in t.children))
    ]  # fmt: skip
    text = _phrase(tokens, max_words) or _interest_elsewhere(node, holder_ids, max_words)
    if text or start >= len(doc) or node.pos_ not in ("VERB", "AUX", "ADJ"):
        return text
    # a parse too broken to follow ("want" read as an auxiliary): the words after the
    # predicate up to the next clause boundary
    following = doc[start:].text
    return _phrase_text(_CLAUSE_END.split(following, maxsplit=1)[0], max_words)


_CLAUSE_END = re.compile(r"[;:.]|,\s+(?:and|but|while|which|who|as|so)\b|\s+because\b|\s+\(")


def _phrase_text(text: str, max_words: int) -> str:
    text = " ".join(text.split()[:max_words]).strip(" ,;:.")
    return text if _is_phrase(text) else ""


def _interest_elsewhere(node: Any, holder_ids: set[int], max_words: int) -> str:
    """When the predicate governs nothing after it, the interest is elsewhere in the
    clause: the antecedent of "which X demand", the subject of "... is a central aim
    of X", the passive subject of "... is written in as an objective of X"."""
    if node.dep_ == "relcl" and any(
        c.dep_ in ("dobj", "pobj") and c.lower_ in _RELATIVE_PRONOUNS for c in node.children
    ):
        antecedent = sorted(i for i in _np_tokens(node.head) if i not in holder_ids)
        return _phrase([node.doc[i] for i in antecedent], max_words)
    if node.pos_ != "NOUN":
        return ""
    clause = node.head
    if node.dep_ == "nsubj" and clause.lemma_ == "be":
        # "the main goal of X is investment at home"
        complements = [c for c in clause.children if c.dep_ in ("attr", "acomp", "xcomp", "ccomp")]
        if not complements:
            return ""
        tokens = [t for t in complements[0].subtree if t.dep_ not in ("relcl", "parataxis")]
        return _phrase(tokens, max_words)
    if node.dep_ == "pobj" and clause.lower_ == "as":
        clause = clause.head
    elif node.dep_ != "attr":
        return ""
    subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
    if not subjects or subjects[0].i in holder_ids:
        return ""
    tokens = [t for t in subjects[0].subtree if t.dep_ not in ("relcl", "appos", "parataxis")]
    return _phrase(tokens, max_words)


def _anchor(span: Any) -> Any:
    """The word of a matched predicate that carries it: the last noun of a nominal
    phrase ("lack of cooperation", "in need of"), else the first content word
    ("be interested in" -> interested)."""
    content = [
        t for t in span if t.lemma_.lower() not in _LIGHT and t.lower_ not in _FUNCTION_WORDS
    ]
    if not content:
        return span[0]
    nouns = [t for t in content if t.pos_ == "NOUN"]
    if len(span) > 1 and nouns and all(t.pos_ != "VERB" for t in content):
        return nouns[-1]
    return content[0]


def _clause_chain(anchor: Any) -> list[Any]:
    """The anchor and the verbs it hangs from by control ("should try to ...")."""
    verb = anchor.head if anchor.pos_ == "ADJ" and anchor.dep_ == "acomp" else anchor
    chain = [anchor, verb]
    while verb.dep_ in ("xcomp", "advcl") and verb.head is not verb:
        verb = verb.head
        chain.append(verb)
    return chain


def _negated(anchor: Any) -> bool:
    verb = anchor.head if anchor.pos_ == "ADJ" and anchor.dep_ == "acomp" else anchor
    return any(c.dep_ == "neg" for node in (anchor, verb) for c in node.children)


#: verbs whose complement describes what someone is enabled to do or what a
#: definition says, not what its subject wants ("allowing returnees to resist ...",
#: "success means that returnees will not attempt to ...")
_DESCRIBING = frozenset("allow enable help let mean entail imply".split())


def _described_state(anchor: Any) -> bool:
    verb = anchor.head if anchor.pos_ == "ADJ" and anchor.dep_ == "acomp" else anchor
    return (
        verb.dep_ in ("ccomp", "xcomp")
        and verb.head is not verb
        and verb.head.lemma_.lower() in _DESCRIBING
    )


def _expresses_interest(anchor: Any, token_actor: dict[int, Any], multiword: bool) -> bool:
    """Filters that tell a wish from a mere description: nouns outside the nominal
    list, negated or obligation-modal verbs, "as needed", and action verbs whose
    object is a person ("support these actors")."""
    if anchor.pos_ in ("NOUN", "PROPN"):
        if multiword:
            return True
        if anchor.lemma_.lower() not in _NOMINAL and not (
            anchor.lemma_.lower() == "need" and anchor.head.lower_ == "in"
        ):
            return False
        verb = anchor.head if anchor.dep_ in ("dobj", "attr") else None
        return verb is None or not any(c.dep_ == "neg" for c in verb.children)
    if _described_state(anchor):
        return False
    for node in _clause_chain(anchor):
        for child in node.children:
            if child.dep_ == "aux" and child.lower_ in _OBLIGATION:
                return False
            if child.dep_ == "mark" and child.lower_ == "as":
                return False
    if anchor.lemma_ == "mean" and not any(
        c.dep_ == "prep" and c.lower_ == "for" for c in anchor.children
    ):
        return False  # only "for X, success means ..." (see _holder_tokens)
    if (
        anchor.tag_ == "VBN"
        and anchor.dep_ not in ("conj", "xcomp", "ROOT")
        and not any(
            c.dep_ in ("aux", "auxpass", "agent", "dobj", "prep", "prt", "xcomp")
            for c in anchor.children
        )
    ):
        return False  # "the migrants supported": a bare participle is passive
    for child in anchor.children:
        # "need to be sensitized": a need others are to act on, not a wish
        if child.dep_ == "xcomp" and any(c.dep_ == "auxpass" for c in child.children):
            return False
    if anchor.lemma_.lower() in ("support", "promote", "encourage", "help", "assist"):
        objects = [c for c in anchor.children if c.dep_ == "dobj"]
        if any(o.i in token_actor or o.lemma_.lower() in _PERSONAL_OBJECTS for o in objects):
            return False
    return True


def _explicit_purpose(token: Any) -> bool:
    """ "in order to <verb>" / "so as to <verb>": unambiguous purpose."""
    words = [t.lower_ for t in token.doc[max(token.i - 4, 0) : token.i]]
    text = " ".join(words)
    return "in order to" in text or "so as to" in text


def _purpose_anchors(doc: Any, explicit_only: bool = False) -> list[Any]:
    """Infinitives of purpose: "X did Y (in order / so as) to <verb>". With
    `explicit_only`, only those marked "in order to" / "so as to"."""
    out = []
    for token in doc:
        if token.pos_ != "VERB" or token.dep_ not in ("advcl", "xcomp"):
            continue
        if explicit_only and not _explicit_purpose(token):
            continue
        marker = [c for c in token.children if c.dep_ == "aux" and c.lower_ == "to"]
        if not marker or token.head.pos_ not in ("VERB", "AUX"):
            continue
        if any(c.dep_.startswith("nsubj") for c in token.children):
            continue  # "for the returnees to gain ...": its own holder, not a purpose
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
    """What the previous sentence said about actors, for references."""

    last_type: str | None = None
    last_text: str | None = None
    last_state: str | None = None
    last_state_text: str | None = None


def _resolve_generic(mention: ActorMention, context: _Context) -> ActorMention:
    if mention.type != GENERIC_STATE:
        return mention
    state = context.last_state or DEFAULT_STATE
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
    candidates = [
        i
        for i, text in enumerate(texts)
        if mentions_by_sentence[i] or (resolve_references and _PRONOUN_IN_TEXT.search(text))
    ]
    # the parses share one vocabulary, which the predicate matcher needs
    matcher, keys = build_matcher(parses[0].vocab, lex) if candidates else (None, {})
    interests: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    context = _Context()
    previous_index = -2
    for index in candidates:
        doc = parses[index]
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
        actors = [_resolve_generic(m, context) for m in actors]
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
            anchor = _anchor(doc[start:end])
            anchors.append((anchor, stance, phrase))
            phrase_end[anchor.i] = max(phrase_end.get(anchor.i, 0), end)
        claimed = {a.i for a, _, _ in anchors}
        for verb in _purpose_anchors(doc, explicit_only=not purpose_clauses):
            if verb.head.i not in claimed and verb.i not in claimed:
                anchors.append((verb, "support", f"to {verb.lemma_}"))
        seen: set[tuple[str, str, int]] = set()
        with_interest: set[ActorMention] = set()
        anchors.sort(key=lambda a: (a[0].i, a[2]))
        for anchor, stance, phrase in anchors:
            if not _expresses_interest(anchor, token_actor, " " in phrase):
                continue
            if _negated(anchor) and stance != "neutral":
                # "did not plan to go home", "are not willing": the opposite stance
                stance = "oppose" if stance == "support" else "support"
            holders, how = _holder_tokens(anchor)
            if not holders:
                continue
            holder_ids: set[int] = set()
            for holder in holders:
                if how == "relative" and not token_actor.get(holder.i):
                    continue  # "..., which supported ...": the antecedent is not an actor
                if how == "relative" and _inanimate_relative(anchor, token_actor[holder.i]):
                    continue
                holder_ids |= _np_tokens(holder, token_actor.keys())
            found = sorted(
                {a for i in holder_ids for a in token_actor.get(i, ())},
                key=lambda m: (m.start, m.type),
            )
            if resolve_references:
                uncovered = [h for h in holders if not token_actor.get(h.i)]
                generic = [
                    h for h in holders
                    if any(_GENERIC_GOVERNMENT.match(a.text) for a in token_actor.get(h.i, ()))
                ]  # fmt: skip
                reference = _reference(doc, uncovered + generic, actors, context)
                if reference is not None:
                    covered = [
                        a for a in found if a.start < reference.end and reference.start < a.end
                    ]
                    with_interest.update(covered)
                    found = [a for a in found if a not in covered] + [reference]
            if how == "agent":
                # "the compact was resisted by X": what X resists is the passive subject
                interest = _passive_subject_text(anchor, max_words)
            else:
                interest = _interest_text(
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
        subjects = [a for t in doc if t.dep_.startswith("nsubj") for a in token_actor.get(t.i, ())]
        last = subjects[-1] if subjects else (actors[-1] if actors else None)
        states = [a for a in actors if a.type in _STATE_TYPES]
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
    doc: Any, holders: list[Any], actors: list[ActorMention], context: _Context
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
        before = [a for a in actors if a.end <= holder.idx and a.type != "other"]
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


def is_reference(phrase: str) -> bool:
    return bool(_REFERRING.search(phrase))
