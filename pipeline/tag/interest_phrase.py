"""What makes an interest phrase readable on its own.

An interest phrase names what an actor wants: a noun phrase ("longer follow-up",
"voluntary departures") or a clause ("to reduce irregular arrivals", "that a
decision to return must be free of pressure"). The parse sometimes hands over less:
a bare pronoun, a preposition left over from the predicate ("in effective return"
after "interest"), the concept's name alone, or a short phrase hanging on a pronoun
("their continuation and growth"). `readable_interest` keeps the first kind
(stripped of a leading preposition) and turns the rest into "", so the row says
`interest_kind=unspecified` and readers see the sentence instead.
"""

from __future__ import annotations

import re

from pipeline.tag.lexicon import Lexicon

UNSPECIFIED = "unspecified"
PHRASE = "phrase"

#: prepositions a predicate leaves in front of its object ("call for", "interest in")
_LEADING_PREPOSITIONS = frozenset("about against at for from in into of on over with".split())
_DETERMINERS = frozenset("a an the this that these those such some any more".split())
_PRONOUNS = frozenset(
    "it its they them their theirs this that these those he she him her his we us our "
    "which who what one ones".split()
)
_FUNCTION = (
    _PRONOUNS
    | _DETERMINERS
    | _LEADING_PREPOSITIONS
    | frozenset("and or but to by as so not no".split())
)
_PLACEHOLDERS = frozenset({"(unspecified)", "unspecified", "n/a", "none"})
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: a phrase this short that hangs on a pronoun says nothing without its sentence
_SHORT = 4


def readable_interest(phrase: object, lex: Lexicon | None = None) -> str:
    """The interest phrase as a reader can take it on its own, or "" when it is a
    fragment (see the module docstring)."""
    if not isinstance(phrase, str):
        return ""
    text = " ".join(phrase.split()).strip(" ,;:.")
    if text.lower() in _PLACEHOLDERS:
        return ""
    words = _WORD.findall(text)
    while words and words[0].lower() in _LEADING_PREPOSITIONS:
        text = text[text.lower().index(words[0].lower()) + len(words[0]) :].strip(" ,;:")
        words = words[1:]
    lowered = [w.lower() for w in words]
    if not any(w not in _FUNCTION for w in lowered):
        return ""
    if lex is not None and _only_the_concept(text, lex):
        return ""
    if len(words) <= _SHORT and lowered[0] in _PRONOUNS:
        return ""
    return text


def _only_the_concept(text: str, lex: Lexicon) -> bool:
    """The concept's name or one related term ("return") and nothing else."""
    rest = text
    for pattern in (lex.concept, lex.related):
        if pattern is not None:
            rest = pattern.sub(" ", rest)
    left = [w.lower() for w in _WORD.findall(rest)]
    return len(rest) < len(text) and all(w in _DETERMINERS for w in left)


def interest_kind(phrase: object) -> str:
    return PHRASE if isinstance(phrase, str) and phrase.strip() else UNSPECIFIED


def shorten(sentence: object, limit: int = 140) -> str:
    """A sentence cut at a word boundary to at most `limit` characters, with an
    ellipsis when cut: what the report shows for an unspecified interest."""
    text = " ".join(str(sentence or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"
