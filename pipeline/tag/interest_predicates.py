"""Interest predicates: the codebook's phrases as spaCy `Matcher` patterns, the
word of a match that carries it, and the filters that tell a wish from a mere
description (a noun outside the nominal list, a negated or obligation-modal verb,
"as needed", an action on a person, what a definition or an enabling verb
describes); infinitives of purpose ("X did Y in order to <verb>").
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from pipeline.tag.lexicon import Lexicon

FUNCTION_WORDS = frozenset(
    "a an the for to in into of on with about at from towards toward behind against its their "
    "his her more less little".split()
)
_GAP_POS = ["ADV", "PART", "ADJ", "CCONJ", "DET"]
_LIGHT = frozenset("be have become an a the more less little".split())
#: nouns that name what an actor wants; other nouns ("needs", "support") describe
#: what is done for someone, not what they want.
_NOMINAL = frozenset(
    "interest goal aim priority objective reluctance demand concern wish will desire "
    "preference opposition resistance agenda ambition threat".split()
)
#: modals of obligation or capability: "X should / can support" gives no interest.
_OBLIGATION = frozenset("should must can shall ought".split())
#: objects that make "support / promote / encourage" an action on someone, not a wish.
_PERSONAL_OBJECTS = frozenset(
    "actor stakeholder partner them they returnee migrant authority government "
    "organisation organization people".split()
)


#: the codebook's interest predicates: (stance, its phrases), hashable
Predicates = tuple[tuple[str, tuple[str, ...]], ...]


def _predicates(lex: Lexicon) -> Predicates:
    return tuple(
        (stance, tuple(phrases)) for stance, phrases in lex.codebook.interest_predicates.items()
    )


def predicate_patterns(predicates: Predicates) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(stance, phrase, spaCy Matcher pattern) for every interest predicate."""
    out = []
    for stance, phrases in predicates:
        for phrase in phrases:
            pattern: list[dict[str, Any]] = []
            for position, word in enumerate(phrase.lower().split()):
                if position:
                    # "throw its financial and political weight behind", "try hard to"
                    pattern.append({"POS": {"IN": _GAP_POS}, "OP": "*"})
                if word in FUNCTION_WORDS:
                    pattern.append({"LOWER": word})
                else:
                    pattern.append({"LEMMA": word})
            out.append((stance, phrase, pattern))
    return out


def build_matcher(vocab: Any, lex: Lexicon) -> tuple[Any, dict[str, tuple[str, str]]]:
    """A `Matcher` of the interest predicates and what each of its keys stands for:
    (stance, phrase). Built once per vocabulary and set of predicates, not once per
    document: a process tags many documents with one codebook, and matching does
    not change the matcher."""
    return _matcher(vocab, _predicates(lex))


@functools.lru_cache(maxsize=8)
def _matcher(vocab: Any, predicates: Predicates) -> tuple[Any, dict[str, tuple[str, str]]]:
    from spacy.matcher import Matcher

    matcher = Matcher(vocab)
    keys: dict[str, tuple[str, str]] = {}
    for number, (stance, phrase, pattern) in enumerate(predicate_patterns(predicates)):
        key = f"P{number}"
        matcher.add(key, [pattern])
        keys[key] = (stance, phrase)
    return matcher, keys


def predicate_anchor(span: Any) -> Any:
    """The word of a matched predicate that carries it: the last noun of a nominal
    phrase ("lack of cooperation", "in need of"), else the first content word
    ("be interested in" -> interested)."""
    content = [t for t in span if t.lemma_.lower() not in _LIGHT and t.lower_ not in FUNCTION_WORDS]
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


def negated(anchor: Any) -> bool:
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


def expresses_interest(anchor: Any, token_actor: dict[int, Any], multiword: bool) -> bool:
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
        return False  # only "for X, success means ..." (see holder_tokens)
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


def purpose_anchors(doc: Any, explicit_only: bool = False) -> list[Any]:
    """Infinitives of purpose: "X did Y (in order / so as) to <verb>". With
    `explicit_only`, only those marked "in order to" / "so as to"."""
    out = []
    for token in _verbs_in(doc, ("advcl", "xcomp")):
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


def _verbs_in(doc: Any, relations: tuple[str, ...]) -> list[Any]:
    """The verbs of `doc` attached by one of `relations`, in order. Read from the
    part-of-speech and dependency arrays, so no `Token` is made for the other words
    (this runs on every sentence that names an actor)."""
    strings = doc.vocab.strings
    pos, dep = doc.to_array(["POS", "DEP"]).reshape(-1, 2).T
    wanted = (pos == strings["VERB"]) & np.isin(dep, [strings[r] for r in relations])
    return [doc[int(i)] for i in np.flatnonzero(wanted)]
