"""The codebook's concept grammar (`concept.words`) as the pieces the definition
rules splice into their patterns.

The rules say how English states that a concept holds ("<head noun> is <quality>
when ...", "for <people> to be <quality>", "<contrary> <head noun> is ..."); which
nouns, adjectives and people those are belongs to the concept, so it comes from the
codebook. Compiled once per codebook, with the lexicon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.codebook import ConceptWords
from pipeline.concept import word_pattern


@dataclass(frozen=True)
class WordPatterns:
    """Regex groups (for splicing into larger patterns) and whole-token matchers."""

    heads: str  # head nouns: "(?:re-?integration|returns|return|return\s+migration)"
    qualities: str  # "(?:sustainable|successful)"
    any_quality: str  # the qualities, then the condition-only ones ("durable")
    contraries: str  # "(?:un-?sustainable|...|unsuccessful)"
    people: str  # "(?:returnees|returnee|...)"
    passive_predicates: str  # "(?:sustainably\s+re-?integrated|...)"
    head_token: re.Pattern[str]  # one token that is a head noun ("return")
    quality_token: re.Pattern[str]  # one token that is a quality ("sustainable")

    def is_head(self, word: str) -> bool:
        """Is `word` (one token's text) a one-word head noun?"""
        return self.head_token.fullmatch(word) is not None

    def is_quality(self, word: str) -> bool:
        """Is `word` (one token's text) a quality adjective?"""
        return self.quality_token.fullmatch(word) is not None


def compile_words(words: ConceptWords) -> WordPatterns:
    # a token never holds a space, so only one-word head nouns can be a token
    single_heads = [w for w in words.head_nouns if " " not in w]
    return WordPatterns(
        heads=word_pattern(words.head_nouns),
        qualities=word_pattern(words.qualities),
        any_quality=word_pattern([*words.qualities, *words.condition_qualities]),
        contraries=word_pattern(words.contraries),
        people=word_pattern(words.people),
        passive_predicates=word_pattern(words.passive_predicates),
        head_token=re.compile(word_pattern(single_heads), re.IGNORECASE),
        quality_token=re.compile(word_pattern(words.qualities), re.IGNORECASE),
    )
