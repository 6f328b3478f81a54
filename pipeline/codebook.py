"""The codebook: the one file a researcher edits to point the pipeline at a concept.

It holds the concept's terms, the cues that mark a definition, the dimensions a
definition can name, the framings (with descriptions, seed phrases and keywords),
the actor types with their surface patterns and the interest predicates. It is
validated on load; a bad codebook is one clear message naming the key.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

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


class Concept(Strict):
    name: str
    terms: list[str] = Field(min_length=1, description="surface forms of the concept")
    related_terms: list[str] = Field(
        default_factory=list,
        description="terms that make a sentence a framing candidate (return, re-migration, ...)",
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


class ActorType(Strict):
    label: str
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


class Framing(Strict):
    label: str
    description: str
    axis: float = Field(0.0, ge=-1.0, le=1.0, description="-1 prevention ... +1 choice")
    seed_phrases: list[str] = Field(min_length=1)
    keywords: list[str] = Field(default_factory=list)


class Codebook(Strict):
    concept: Concept
    definition_cues: DefinitionCues = Field(default_factory=DefinitionCues)
    dimensions: dict[str, list[str]] = Field(default_factory=dict)
    framings: dict[str, Framing] = Field(min_length=1)
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

    @property
    def fingerprint(self) -> str:
        """Hash of the codebook's content: part of every dependent cache key."""
        return stable_hash(self.model_dump(mode="json"))


def load_codebook(path: str | Path) -> Codebook:
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"codebook not found: {path}")
    return load_yaml_model(path, Codebook, f"codebook {path}")
