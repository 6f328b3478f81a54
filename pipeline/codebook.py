"""The codebook: the one file a researcher edits to point the pipeline at a concept.

It holds the concept's terms, the concept's words the definition rules are built
around (head nouns, qualities, the people concerned), the cues that mark a
definition, the dimensions a definition can name, the framings (with descriptions,
seed phrases, keywords, a place on the axis and a colour), the axis's captions, the
actor types with their surface patterns and roles, and the interest predicates.
Every concept-specific name the stages use comes from here, so a second codebook
runs the same code. It is validated on load; a bad codebook is one clear message
naming the file and the key.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from pipeline.cache import stable_hash
from pipeline.params import ConfigError, load_yaml_model
from pipeline.tag.actors import duplicate_alias


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _check_regex(pattern: str) -> str:
    """A pattern the tagger compiles later must compile now, so a typo is reported
    with its key at load time instead of failing mid-run."""
    try:
        re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from exc
    if re.compile(pattern, re.IGNORECASE).match(""):
        raise ValueError(f"regular expression {pattern!r} matches the empty string")
    return pattern


#: a case-insensitive regular expression, validated on load.
Regex = Annotated[str, AfterValidator(_check_regex)]

_WORD = re.compile(r"[^\W\d_]+(?:(?:-| |['’])[^\W\d_]+)*\*?")


def _check_word(word: str) -> str:
    """A concept word is matched as written (`pipeline.concept.word_pattern`), so a
    regular-expression character in it is a mistake to report, not to match."""
    if not _WORD.fullmatch(word):
        raise ValueError(
            f"{word!r} is not a word: letters, with single hyphens, spaces or apostrophes "
            "between them and an optional final '*'"
        )
    return word


#: a word or phrase of the concept's grammar (see ConceptWords), validated on load.
Word = Annotated[str, AfterValidator(_check_word)]


class ConceptWords(Strict):
    """The concept's own words that the definition and framing rules build on: the
    rules hold the general English ("is", "when", "for ... to be"), these lists what
    the concept is said of and with. Each is matched as written, case-insensitively:
    a hyphen may be any hyphen or none ("re-integration"), a space any whitespace, a
    final "*" any word ending; list plurals as words of their own. Alternatives are
    tried in the order listed. An empty list switches its rules off."""

    head_nouns: list[Word] = Field(
        default_factory=list,
        description="nouns the concept's quality is said of: 'reintegration is sustainable "
        "when', 'for their return to be successful', 'unsustainable return is'",
    )
    qualities: list[Word] = Field(
        default_factory=list,
        description="adjectives that make a head noun the concept when said of it: "
        "'sustainable', 'successful'",
    )
    condition_qualities: list[Word] = Field(
        default_factory=list,
        description="further adjectives that state the quality only in a condition: "
        "'for their return to be durable', '<concept> is lasting when'",
    )
    contraries: list[Word] = Field(
        default_factory=list,
        description="the qualities' opposites before a head noun or after a copula: "
        "'unsustainable return is', 'reintegration is unsuccessful when'",
    )
    people: list[Word] = Field(
        default_factory=list,
        description="the people the concept is about: 'for returnees to be ...', "
        "'<concept> enables migrants to ...'",
    )
    passive_predicates: list[Word] = Field(
        default_factory=list,
        description="what the people are when the concept holds: "
        "'for returnees to be sustainably re-integrated'",
    )
    cue_exceptions: list[Word] = Field(
        default_factory=list,
        description="phrases that end in a framing cue's object but name the concept's own "
        "process ('return migra*': return migration is the return, not a further "
        "migration); a proximity cue ending in one does not count",
    )


class Concept(Strict):
    name: str
    terms: list[str] = Field(min_length=1, description="surface forms of the concept")
    related_terms: list[str] = Field(
        default_factory=list,
        description="terms that make a sentence a framing candidate (return, re-migration, ...)",
    )
    related_name: str | None = Field(
        None,
        min_length=1,
        description="what the exports call a statement naming only a related term "
        "('return and reintegration'); without it, 'related to <name>'",
    )
    variants: list[Regex] = Field(
        default_factory=list,
        description="regular expressions for discontinuous or inflected forms of the concept "
        "(e.g. 'reintegration ... to be sustainable')",
    )
    anaphors: list[str] = Field(
        default_factory=list,
        description="words that stand for the concept when it was named just before "
        "('success also means ...')",
    )
    words: ConceptWords = Field(
        default_factory=ConceptWords,
        description="the concept's grammar: head nouns, qualities and their contraries, "
        "the people concerned (see ConceptWords)",
    )

    @property
    def related_label(self) -> str:
        return self.related_name or f"related to {self.name}"


class DefinitionCues(Strict):
    """Surface cues of a definition. Each list is a set of case-insensitive regular
    expressions; which list a cue sits in says how it relates the concept to its
    definiens, and so how much evidence it gives (see pipeline/tag/definition_evidence.py)."""

    copular: list[Regex] = Field(
        default_factory=list,
        description="follow the concept as its predicate: 'is', 'means', 'is achieved when'",
    )
    gloss: list[Regex] = Field(
        default_factory=list,
        description="apposed glosses after the concept: ', understood as', ', meaning'",
    )
    attribution: list[Regex] = Field(
        default_factory=list,
        description="an actor defines the concept as something: 'understands ... as'",
    )
    association: list[Regex] = Field(
        default_factory=list,
        description="an actor relates the concept to something: weaker than a definition",
    )
    condition: list[Regex] = Field(
        default_factory=list,
        description="state when the concept holds: 'for ... to be sustainable', 'having achieved'",
    )
    content: list[Regex] = Field(
        default_factory=list,
        description="report a definition's content: 'the definition ..., which states that'",
    )
    negative: list[Regex] = Field(
        default_factory=list,
        description="rule a sentence out: no definition given, embedded questions, pointers",
    )
    means: list[Regex] = Field(
        default_factory=list,
        description="the concept as a goal reached by something else: 'contribute to', "
        "'requires'; not a definition",
    )
    reporting_verbs: list[str] = Field(
        default_factory=list,
        description="lemmas of verbs whose subject is credited with a definition in their "
        "clause: concur, assert, argue",
    )


#: what the stakeholder logic needs to know about an actor type, beyond its patterns:
#: - state: a state or its government; "some countries" and "the government" resolve
#:   to one (the first state type listed when nothing before says which), and "countries
#:   of destination and origin" names every state type at once;
#: - person: people, so a "which" clause does not refer to them;
#: - fallback: the type of names nothing else types ("the Organization" until it is
#:   resolved, a tag without a type); it is never an antecedent of "they".
ActorRole = Literal["state", "person", "fallback"]


class ActorType(Strict):
    label: str
    role: ActorRole | None = Field(
        None, description="state, person or fallback: how the stakeholder rules treat the type"
    )
    patterns: list[Regex] = Field(
        min_length=1, description="surface forms (case-insensitive regular expressions)"
    )


class ActorEntry(Strict):
    """A well-known actor of the registry; its key is the canonical name."""

    type: str = Field(description="one of the codebook's actor_types")
    aliases: list[str] = Field(
        default_factory=list, description="other names: 'the UN Refugee Agency', 'the Commission'"
    )
    acronyms: list[str] = Field(default_factory=list, description="'UNHCR', 'IOM'")


#: colours of framings whose codebook entry names none, by their position in the
#: codebook; chosen to stay apart from each other and from grey ("none").
FRAMING_PALETTE = ("#7d3c98", "#117a65", "#a04000", "#2e4053", "#b03a2e", "#1f618d")


class Framing(Strict):
    label: str
    description: str
    axis: float = Field(
        0.0, ge=-1.0, le=1.0, description="-1 the axis's negative pole ... +1 its positive pole"
    )
    colour: str | None = Field(
        None,
        pattern=r"^#[0-9a-fA-F]{6}$",
        description="'#rrggbb' in every figure; without it, FRAMING_PALETTE by position",
    )
    seed_phrases: list[str] = Field(min_length=1)
    keywords: list[str] = Field(default_factory=list)


class AxisCaptions(Strict):
    """How figures name the axis's two ends; without them, the pole framings' labels."""

    negative: str | None = Field(None, min_length=1, description="the -1 end")
    positive: str | None = Field(None, min_length=1, description="the +1 end")


class Codebook(Strict):
    concept: Concept
    definition_cues: DefinitionCues = Field(default_factory=DefinitionCues)
    dimensions: dict[str, list[str]] = Field(default_factory=dict)
    framings: dict[str, Framing] = Field(min_length=1)
    axis: AxisCaptions = Field(default_factory=AxisCaptions)
    actor_types: dict[str, ActorType] = Field(default_factory=dict)
    interest_predicates: dict[str, list[str]] = Field(default_factory=dict)
    actors: dict[str, ActorEntry] = Field(
        default_factory=dict,
        description="registry of well-known actors: canonical name -> type, aliases, acronyms",
    )

    @field_validator("actor_types")
    @classmethod
    def _actor_types(cls, value: dict[str, ActorType]) -> dict[str, ActorType]:
        bad = [key for key in value if not re.fullmatch(r"[a-z][a-z0-9_]*", key)]
        if bad:
            raise ValueError(f"actor type keys must be snake_case identifiers, got {bad}")
        fallbacks = [key for key, actor_type in value.items() if actor_type.role == "fallback"]
        if value and len(fallbacks) != 1:
            found = f"found {', '.join(fallbacks)}" if fallbacks else "found none"
            raise ValueError(
                "exactly one actor type needs `role: fallback` (the type of names nothing "
                f"else types, such as 'other'); {found}"
            )
        return value

    @field_validator("interest_predicates")
    @classmethod
    def _stances(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = set(value) - {"support", "oppose", "neutral"}
        if unknown:
            raise ValueError(f"stances must be support/oppose/neutral, got {sorted(unknown)}")
        for stance, phrases in value.items():
            empty = [i for i, phrase in enumerate(phrases) if not phrase.split()]
            if empty:
                raise ValueError(f"{stance}: empty predicate at position {empty}")
        return value

    @model_validator(mode="after")
    def _registry(self) -> Codebook:
        for name, entry in self.actors.items():
            if entry.type not in self.actor_types:
                raise ValueError(
                    f"actors.{name}: unknown actor type {entry.type!r} "
                    f"(actor_types has {', '.join(sorted(self.actor_types))})"
                )
        clash = duplicate_alias(
            {name: [*entry.aliases, *entry.acronyms] for name, entry in self.actors.items()}
        )
        if clash is not None:
            alias, first, second = clash
            raise ValueError(
                f"actors.{second}: alias {alias!r} already names actors.{first}; "
                "one name may point at one actor only"
            )
        return self

    def types_with_role(self, role: ActorRole) -> tuple[str, ...]:
        """The actor types of `role`, in codebook order."""
        return tuple(key for key, kind in self.actor_types.items() if kind.role == role)

    @property
    def fallback_type(self) -> str:
        """The type of names nothing else types (validated: exactly one when the
        codebook has actor types); "other" for a codebook without any."""
        return next(iter(self.types_with_role("fallback")), "other")

    def axis_poles(self) -> tuple[str, str]:
        """The framings at the negative (-1) and positive (+1) ends of the axis."""
        keys = list(self.framings)
        negative = min(keys, key=lambda key: self.framings[key].axis)
        positive = max(keys, key=lambda key: self.framings[key].axis)
        return negative, positive

    def axis_captions(self) -> tuple[str, str]:
        """What figures write at the axis's negative and positive ends."""
        negative, positive = self.axis_poles()
        return (
            self.axis.negative or self.framings[negative].label,
            self.axis.positive or self.framings[positive].label,
        )

    def framing_colours(self) -> dict[str, str]:
        """framing -> colour, in codebook order: the declared one, else the palette's
        colour for the framing's position."""
        return {
            key: framing.colour or FRAMING_PALETTE[i % len(FRAMING_PALETTE)]
            for i, (key, framing) in enumerate(self.framings.items())
        }

    @property
    def fingerprint(self) -> str:
        """Hash of the codebook's content: part of every dependent cache key."""
        return stable_hash(self.model_dump(mode="json"))


def load_codebook(path: str | Path) -> Codebook:
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"codebook not found: {path}")
    return load_yaml_model(path, Codebook, f"codebook {path}")
