"""How the codebook's concept is found in text: one set of rules for every stage.

A codebook term (`concept.terms`, `concept.related_terms`) matches

- case-insensitively, from a word start to a word end;
- with any dash, space or none between its words and at its hyphens:
  "re-emigration", "re‑emigration" (non-breaking hyphen), "re emigration" and
  "reemigration" are one term;
- with a hyphen after a leading "re", "co", "pre" or "non" that the term does not
  write: the term "reintegration" finds "re-integration";
- inflected: a plural or verb ending on its last word ("returns", "returned",
  "returning"; "reintegrate" finds "reintegrated", "reintegrating"), not any word
  it begins ("return" does not find "returnable").

`concept.variants` are regular expressions taken as written, for discontinuous or
irregular forms. A *mention* of the concept is a term or a variant
(`concept_pattern`); a framing *candidate* names the concept or a related term
(`candidate_pattern`); an anaphor ("success") is a whole word (`anaphor_pattern`).

`term_pattern` is also the matcher of the codebook's framing cue keywords, which
are whole words unless they end in "*" (`ending="word"`).

The concept's grammar (`concept.words`: head nouns, qualities, people, ...) is
spliced into the definition rules' patterns and matched as written (`word_pattern`):
a hyphen may be any hyphen or none, a space any whitespace, a final "*" any ending,
with no inflection added, and in the order listed, so the rules around them decide
where a match ends.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from pipeline.codebook import Concept

FLAGS = re.IGNORECASE
#: every dash-like character a PDF or web page may put inside a compound word.
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212\u00ad"
#: hyphens inside a word ("re-integration", "re\u2011integration"); ASCII last, so it
#: stays literal in a character class
HYPHENS = "\u2010\u2011-"
#: what may stand between two words (or two hyphenated parts) of a term
JOINER = f'[{DASHES}\\s()"\x27\u2019]*'
#: prefixes that are written with or without a hyphen ("re-integration")
PREFIXES = ("non", "pre", "co", "re")
#: endings of an inflected last word; a word ending in "e" drops it first
ENDINGS = r"(?:s|es|ed|ing)?"
E_ENDINGS = r"(?:e|es|ed|ing)"
NOTHING = re.compile(r"(?!x)x")

Ending = Literal["inflected", "open", "word"]


def _word(word: str) -> str:
    """One word of a term, with an optional hyphen after a known prefix."""
    for prefix in PREFIXES:
        if word.startswith(prefix) and len(word) > len(prefix) + 2:
            return re.escape(prefix) + f"[{DASHES}]?" + re.escape(word[len(prefix) :])
    return re.escape(word)


def _term(raw: str, ending: Ending) -> str | None:
    open_end = ending == "open" or raw.endswith("*")
    words = [w for w in re.split(f"[{DASHES}\\s]+", raw.rstrip("*")) if w]
    if not words:
        return None
    *head, last = words
    if open_end:
        tail = _word(last) + r"\w*"
    elif ending == "inflected" and last.endswith("e") and len(last) > 3:
        tail = _word(last[:-1]) + E_ENDINGS + r"\b"
    elif ending == "inflected":
        tail = _word(last) + ENDINGS + r"\b"
    else:
        tail = _word(last) + r"\b"
    return JOINER.join([*(_word(w) for w in head), tail])


def term_pattern(terms: Iterable[str], ending: Ending = "inflected") -> re.Pattern[str]:
    """One regex that finds any of `terms` at a word start, longest term first.

    `ending`: "inflected" (the concept's terms: plural and verb endings), "open"
    (any word the term begins), "word" (whole words only, unless the term ends in
    "*": "deter*" finds "deterring").
    """
    unique = {t.strip().lower() for t in terms if t.strip()}
    parts = [_term(raw, ending) for raw in sorted(unique, key=len, reverse=True)]
    parts = [p for p in parts if p]
    if not parts:
        return NOTHING
    return re.compile(r"\b(?:" + "|".join(parts) + ")", FLAGS)


def _union(patterns: list[str]) -> re.Pattern[str]:
    if not patterns:
        return NOTHING
    return re.compile("|".join(f"(?:{p})" for p in patterns), FLAGS)


def concept_pattern(concept: Concept) -> re.Pattern[str]:
    """A mention of the concept: one of its variants or terms."""
    terms = term_pattern(concept.terms)
    return _union([*concept.variants, *([terms.pattern] if terms is not NOTHING else [])])


def related_pattern(concept: Concept) -> re.Pattern[str] | None:
    """A related term ("return", "re-migration"); None when the codebook has none."""
    return term_pattern(concept.related_terms) if concept.related_terms else None


def candidate_pattern(concept: Concept) -> re.Pattern[str]:
    """A sentence worth framing names the concept or a related term."""
    related = related_pattern(concept)
    parts = [concept_pattern(concept).pattern, *([related.pattern] if related else [])]
    return _union([p for p in parts if p != NOTHING.pattern])


def word_pattern(words: Iterable[str]) -> str:
    """The concept's words (`concept.words` lists) as one regex group, alternatives in
    the order given: a hyphen is any of HYPHENS or none, a space any whitespace, a
    final "*" any word ending. A group that never matches when `words` is empty, so
    the rules built on it stay off."""
    parts = []
    for word in words:
        pieces = [
            f"[{HYPHENS}]?".join(re.escape(part) for part in piece.split("-"))
            for piece in word.rstrip("*").split()
        ]
        parts.append(r"\s+".join(pieces) + (r"\w*" if word.endswith("*") else ""))
    return "(?:" + "|".join(parts or [NOTHING.pattern]) + ")"


def anaphor_pattern(concept: Concept) -> re.Pattern[str] | None:
    """A word standing for the concept named just before ("success")."""
    if not concept.anaphors:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(a) for a in concept.anaphors) + r")\b", FLAGS)
