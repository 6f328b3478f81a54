"""The codebook compiled into matchers the taggers share.

Surface patterns (definition cues, actor patterns) are case-insensitive regular
expressions from the codebook; the concept's terms, variants, related terms and
anaphors are matched by the rules of `pipeline.concept`; the concept's words (head
nouns, qualities, people) become the pieces of the definition rules' patterns
(`concept_words`, `condition_patterns`); interest predicates are lemma sequences
turned into spaCy `Matcher` patterns. Compiling happens once per
codebook (cached on its fingerprint), not once per document.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.codebook import Codebook, load_codebook
from pipeline.concept import anaphor_pattern, concept_pattern, related_pattern
from pipeline.tag.actors import name_patterns, registry_actors
from pipeline.tag.concept_words import WordPatterns, compile_words
from pipeline.tag.condition_patterns import ConditionPatterns

FLAGS = re.IGNORECASE


def _alternation(patterns: list[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), FLAGS)


@dataclass(frozen=True)
class Mention:
    start: int  # character offsets in the sentence
    end: int
    text: str


@dataclass(frozen=True)
class ActorRoles:
    """The codebook's actor types by the role the stakeholder rules give them."""

    states: tuple[str, ...]  # codebook order: the first is the default state
    persons: frozenset[str]
    fallback: str


@dataclass
class Lexicon:
    codebook: Codebook
    concept: re.Pattern[str]
    anaphor: re.Pattern[str] | None
    related: re.Pattern[str] | None  # related terms: "returnee", "re-migration", ...
    cues: dict[str, re.Pattern[str] | None]
    actor_patterns: list[tuple[str, re.Pattern[str]]]
    dimensions: dict[str, re.Pattern[str]]
    roles: ActorRoles
    words: WordPatterns  # the concept's head nouns, qualities, people, ...
    conditions: ConditionPatterns  # definitional structures built on those words
    #: where any actor pattern matches (`actor_starts_pattern`); None: not combined
    actor_starts: re.Pattern[str] | None = None

    def concept_mentions(self, text: str) -> list[Mention]:
        """Non-overlapping mentions of the concept, longest first at each position."""
        spans: list[Mention] = []
        for match in self.concept.finditer(text):
            spans.append(Mention(match.start(), match.end(), match.group(0)))
        return spans

    def dimensions_in(self, text: str) -> list[str]:
        return [name for name, pattern in self.dimensions.items() if pattern.search(text)]


#: what `build_lexicon` puts before and after each actor pattern: no word character
#: or hyphen may adjoin a mention
_ACTOR_BEFORE, _ACTOR_AFTER = r"(?<![\w-])", r"(?![\w-])"


def _actor_regex(pattern: str) -> re.Pattern[str]:
    return re.compile(_ACTOR_BEFORE + "(?:" + pattern + ")" + _ACTOR_AFTER, FLAGS)


def actor_starts_pattern(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """An empty match at every position where one of the actor `patterns` matches:
    their alternation inside a lookahead, after the boundary check they all start
    with, tested once per position rather than once per pattern. Scanning a sentence
    with it costs less than half of scanning it with each pattern in turn. None
    without patterns, or when one has a capturing group: put side by side, a group
    number or name could change meaning."""
    if not patterns or any(p.groups for p in patterns):
        return None
    bodies = [p.pattern.removeprefix(_ACTOR_BEFORE) for p in patterns]
    return re.compile(_ACTOR_BEFORE + "(?=" + "|".join(f"(?:{b})" for b in bodies) + ")", FLAGS)


def build_lexicon(codebook: Codebook) -> Lexicon:
    concept = codebook.concept
    cues = codebook.definition_cues
    cue_patterns: dict[str, re.Pattern[str] | None] = {
        name: _alternation(getattr(cues, name))
        for name in (
            "copular", "gloss", "attribution", "association", "condition", "content",
            "negative", "means",
        )
    }  # fmt: skip
    # the same cues anchored right after a mention: leading spaces and commas allowed
    for name in ("copular", "gloss"):
        if getattr(cues, name):
            alternation = "|".join(f"(?:{p})" for p in getattr(cues, name))
            cue_patterns[f"{name}_after"] = re.compile(r"[\s,]*(?:" + alternation + ")", FLAGS)
    actor_patterns = [
        (type_key, _actor_regex(pattern))
        for type_key, actor_type in codebook.actor_types.items()
        for pattern in actor_type.patterns
    ]
    actor_patterns += [
        (type_key, _actor_regex(pattern))
        for type_key, pattern in name_patterns(
            registry_actors(codebook.actors), codebook.fallback_type
        )
    ]
    dimensions = {
        name: re.compile(
            r"\b(?:"
            + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
            + r")\b",
            FLAGS,
        )
        for name, words in codebook.dimensions.items()
        if words
    }
    concept_words = compile_words(concept.words)
    return Lexicon(
        codebook=codebook,
        concept=concept_pattern(concept),
        anaphor=anaphor_pattern(concept),
        related=related_pattern(concept),
        cues=cue_patterns,
        actor_patterns=actor_patterns,
        dimensions=dimensions,
        roles=ActorRoles(
            states=codebook.types_with_role("state"),
            persons=frozenset(codebook.types_with_role("person")),
            fallback=codebook.fallback_type,
        ),
        words=concept_words,
        conditions=ConditionPatterns(concept_words),
        actor_starts=actor_starts_pattern([pattern for _, pattern in actor_patterns]),
    )


@functools.cache
def lexicon_for(path: str, fingerprint: str) -> Lexicon:
    """The compiled codebook at `path`; `fingerprint` keys the cache so an edited
    codebook is recompiled in long-lived worker processes."""
    codebook = load_codebook(Path(path))
    if codebook.fingerprint != fingerprint:
        raise RuntimeError(f"codebook {path} changed during the run; run the stage again")
    return build_lexicon(codebook)
