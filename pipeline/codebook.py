"""The codebook: the one file a researcher edits to point the pipeline at a concept.

It holds the concept's terms, the cues that mark a definition, the dimensions a
definition can name, the framings (with descriptions, seed phrases and keywords),
the actor types with their surface patterns and the interest predicates. It is
validated on load; a bad codebook is one clear message naming the key.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline.cache import stable_hash
from pipeline.params import ConfigError, format_validation_error


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Concept(Strict):
    name: str
    terms: list[str] = Field(min_length=1, description="surface forms of the concept")
    related_terms: list[str] = Field(
        default_factory=list,
        description="terms that make a sentence a framing candidate (return, re-migration, ...)",
    )


class Framing(Strict):
    label: str
    description: str
    axis: float = Field(0.0, ge=-1.0, le=1.0, description="-1 prevention ... +1 choice")
    seed_phrases: list[str] = Field(min_length=1)
    keywords: list[str] = Field(default_factory=list)


class ActorType(Strict):
    label: str
    patterns: list[str] = Field(min_length=1, description="surface forms, lower case")


class Codebook(Strict):
    concept: Concept
    definition_cues: list[str] = Field(default_factory=list)
    dimensions: dict[str, list[str]] = Field(default_factory=dict)
    framings: dict[str, Framing] = Field(min_length=1)
    actor_types: dict[str, ActorType] = Field(default_factory=dict)
    interest_predicates: dict[str, list[str]] = Field(default_factory=dict)

    @field_validator("interest_predicates")
    @classmethod
    def _stances(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = set(value) - {"support", "oppose", "neutral"}
        if unknown:
            raise ValueError(f"stances must be support/oppose/neutral, got {sorted(unknown)}")
        return value

    @property
    def fingerprint(self) -> str:
        """Hash of the codebook's content: part of every dependent cache key."""
        return stable_hash(self.model_dump(mode="json"))


def load_codebook(path: str | Path) -> Codebook:
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"codebook not found: {path}")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"codebook {path} is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"codebook {path} must be a mapping, got {type(raw).__name__}")
    try:
        return Codebook.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(format_validation_error(f"codebook {path}", exc)) from exc
