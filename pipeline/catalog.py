"""The catalog: every table and file the pipeline reads or writes, in one place.

Each entry names its layer, its file and format, and for tables their columns and
dtypes. Two layers:

- **intermediate** tables live in the data folder (data/<corpus>/, or OUT/data for
  `policyframes run`), in Parquet. They are the only files a stage reads.
- **user-facing** files live in the reports folder (reports/<corpus>/, or OUT): the
  CSVs, the report, its figures and exports. They are written, never read back.

A user-facing CSV that shows an intermediate table (definitions.csv shows
definitions.parquet) is declared with `shown_as`, so both carry the same columns.
Columns named with `{framing}` stand for one column per codebook framing, and
`{label}` for one per framing plus "none"; `Table.schema` expands them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pandas as pd

from pipeline import io

if TYPE_CHECKING:
    from pipeline.workspace import Workspace

Layer = Literal["intermediate", "user-facing"]
INTERMEDIATE: Layer = "intermediate"
USER_FACING: Layer = "user-facing"
#: where each layer lives, as DVC sees it for one corpus
DVC_FOLDERS: dict[Layer, str] = {INTERMEDIATE: "data/${item}", USER_FACING: "reports/${item}"}
#: stands for the corpus name in a file name (the QDA project is <corpus>.qdpx)
CORPUS_NAME = "{corpus}"
#: column-name placeholders expanded per codebook framing (`{label}`: and "none")
FRAMING, LABEL = "{framing}", "{label}"


class SchemaError(ValueError):
    """A frame written under a catalog entry lacks its columns or has others."""


def columns(spec: str) -> tuple[tuple[str, str], ...]:
    """'doc_id:str sent_id:int64' -> (("doc_id", "str"), ("sent_id", "int64"))."""
    pairs = [item.split(":") for item in spec.split()]
    return tuple((name, dtype) for name, dtype in pairs)


@dataclass(frozen=True)
class Table:
    name: str
    layer: Layer
    file: str
    format: str
    about: str
    #: (column, dtype) in written order; empty for files that are not tables
    columns: tuple[tuple[str, str], ...] = ()
    #: a CSV's field separator (dna_events.csv uses ";")
    separator: str = ","

    @property
    def column_names(self) -> list[str]:
        """The declared columns (per-framing ones as their pattern)."""
        return [column for column, _ in self.columns]

    @property
    def user_facing(self) -> bool:
        return self.layer == USER_FACING

    def file_for(self, corpus: str) -> str:
        return self.file.replace(CORPUS_NAME, corpus)

    def path(self, ws: Workspace) -> Path:
        folder = ws.reports_dir if self.user_facing else ws.data_dir
        return Path(folder) / self.file_for(ws.corpus_name)

    @property
    def dvc_path(self) -> str:
        """The file as dvc.yaml names it, with ${item} for the corpus."""
        return f"{DVC_FOLDERS[self.layer]}/{self.file_for('${item}')}"

    def schema(self, framings: list[str]) -> dict[str, str]:
        """Column -> dtype, with the per-framing columns spelled out."""
        expanded: dict[str, str] = {}
        for column, dtype in self.columns:
            if FRAMING in column:
                names = [column.replace(FRAMING, key) for key in framings]
            elif LABEL in column:
                names = [column.replace(LABEL, key) for key in [*framings, "none"]]
            else:
                names = [column]
            expanded.update(dict.fromkeys(names, dtype))
        return expanded

    def dtype_of(self, column: str) -> str | None:
        """The catalog's dtype of a written column; None when it is not declared."""
        for pattern, dtype in self.columns:
            if column == pattern or _expands_to(pattern, column):
                return dtype
        return None

    def check(self, frame: pd.DataFrame) -> None:
        """Raise SchemaError unless `frame` has this table's columns in order (the
        per-framing columns for whichever framings the codebook has)."""
        fixed = [c for c, _ in self.columns if FRAMING not in c and LABEL not in c]
        present = [c for c in frame.columns if c in fixed]
        undeclared = [c for c in frame.columns if self.dtype_of(c) is None]
        if present != fixed or undeclared:
            raise SchemaError(
                f"{self.name}: written columns {list(frame.columns)} do not match the "
                f"catalog's {[c for c, _ in self.columns]}"
            )

    def typed(self, frame: pd.DataFrame) -> pd.DataFrame:
        """`frame` with the catalog's dtypes. Only lossless changes are made: an empty
        table or an all-missing column (Parquet would keep them untyped), strings held
        as objects, integers into nullable integers or floats. Anything else is a
        stage writing the wrong thing, and raises SchemaError."""
        changes: dict[str, str] = {}
        for column in frame.columns:
            declared, actual = self.dtype_of(column), str(frame[column].dtype)
            if declared is None or declared == "object" or declared == actual:
                continue
            values = frame[column].dropna()
            if values.empty or _lossless(values, actual, declared):
                changes[column] = declared
            else:
                raise SchemaError(f"{self.name}.{column}: written as {actual}, not {declared}")
        return frame.astype(changes) if changes else frame

    def write(self, ws: Workspace, frame: pd.DataFrame) -> None:
        """Write a table to its place: Parquet with the catalog's dtypes, or CSV as
        the frame holds it (the same frame, same bytes)."""
        self.check(frame)
        if self.format == "parquet":
            io.write_parquet(self.path(ws), self.typed(frame))
        elif self.format == "csv" and self.separator == ",":
            io.write_csv(self.path(ws), frame)
        else:
            raise SchemaError(f"{self.name}: {self.format} files are written by their stage")

    def read(self, data_dir: Path, columns: list[str] | None = None) -> pd.DataFrame:
        """An intermediate table from a data folder. User-facing files are never read
        back: a stage reads only intermediate tables."""
        if self.user_facing:
            raise SchemaError(f"{self.name} is user-facing: read {self.name} from data/ instead")
        return io.read_parquet(Path(data_dir) / self.file, columns=columns)

    def exists(self, data_dir: Path) -> bool:
        return (Path(data_dir) / self.file).exists()


def _lossless(values: pd.Series, actual: str, declared: str) -> bool:
    """Can non-missing `values` of dtype `actual` become `declared` unchanged?"""
    if declared == "str":
        return actual == "object" and all(isinstance(v, str) for v in values)
    if declared in ("Int64", "float64"):
        numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
        integral = declared == "float64" or bool((values == values.round()).all())
        return numeric and integral
    return False


def _expands_to(pattern: str, column: str) -> bool:
    """Is `column` one of the per-framing columns `pattern` stands for?"""
    for mark in (FRAMING, LABEL):
        if mark in pattern:
            head, _, tail = pattern.partition(mark)
            key = column[len(head) : len(column) - len(tail)]
            return column.startswith(head) and column.endswith(tail) and key.isidentifier()
    return False


def shown_as(table: Table, file: str, about: str = "") -> Table:
    """The user-facing CSV showing an intermediate table: same columns."""
    return replace(
        table, name=file, layer=USER_FACING, file=file, format="csv", about=about or table.about
    )


def user_file(file: str, format: str, about: str) -> Table:
    return Table(name=file, layer=USER_FACING, file=file, format=format, about=about)


def intermediate(name: str, about: str, spec: str) -> Table:
    return Table(name, INTERMEDIATE, f"{name}.parquet", "parquet", about, columns(spec))


# -- intermediate tables -----------------------------------------------------------

DOCUMENT_SPEC = (
    "doc_id:str file:str title:str title_inferred:bool organisation:str authors:str "
    "year:Int64 year_inferred:bool kind:str url:str language:str format:str pages:Int64 "
    "n_blocks:int64 ocr_pages:Int64 bytes:int64 sha256:str status:str problem:str"
)
DOCUMENTS = intermediate("documents", "one row per corpus file: metadata, status", DOCUMENT_SPEC)
BLOCKS = intermediate(
    "blocks",
    "layout blocks in reading order",
    "doc_id:str order:int64 page:int64 kind:str text:str x0:float64 top:float64 x1:float64 "
    "bottom:float64 column:int64 font_size:float64 ocr:bool",
)
PROBLEMS = intermediate(
    "problems", "every problem of the run", "file:str stage:str status:str problem:str"
)
SENTENCES = intermediate(
    "sentences",
    "sentences with page, block kind, section and character offsets",
    "doc_id:str sent_id:int64 page:int64 block_kind:str section:str text:str "
    "start_char:int64 end_char:int64",
)
PARSES = intermediate(
    "parses",
    "per document, its sentences' spaCy parses as DocBin bytes (pipeline.parses)",
    "doc_id:str parse:object",
)
ANNOTATED_DOCUMENTS = intermediate(
    "annotated_documents",
    "the documents with their sentence counts and language notes",
    f"{DOCUMENT_SPEC} n_sentences:int64",
)
EMBEDDINGS = intermediate(
    "embeddings",
    "MiniLM vectors of the candidate sentences",
    "doc_id:str sent_id:int64 vector:object",
)
FRAMINGS = intermediate(
    "framings",
    "a framing per candidate sentence, its scores, axis and discovered cluster",
    "doc_id:str sent_id:int64 page:int64 section:str text:str framing:str framings:str "
    f"score_{FRAMING}:float64 axis:float64 confidence:float64 method:str evidence:str "
    "cluster:int64 cluster_label:str",
)
DOCUMENT_FRAMINGS = intermediate(
    "document_framings",
    "per document: framing counts and shares, mean axis with its interval, profile",
    "doc_id:str file:str title:str organisation:str year:Int64 n_candidates:int64 "
    f"n_{LABEL}:int64 share_{LABEL}:float64 n_framed:int64 axis_mean:float64 "
    "axis_ci_low:float64 axis_ci_high:float64 dominant_framing:str profile_cluster:int64 "
    "profile_order:int64",
)
DEFINITIONS = intermediate(
    "definitions",
    "sentences defining the concept, whom they credit, dimensions, framing",
    "doc_id:str sent_id:int64 page:Int64 text:str term:str definiens:str cue:str "
    "attributed_to:str defined_by:str attributed_year:Int64 dimensions:str framing:str "
    "score:float64 confidence:float64 method:str",
)
INTERESTS = intermediate(
    "interests",
    "actors and what they want, seek, need or oppose",
    "doc_id:str sent_id:int64 page:Int64 text:str actor:str canonical:str actor_type:str "
    "interest:str predicate:str stance:str refers_to:str interest_kind:str "
    "confidence:float64 method:str",
)
MENTIONS = intermediate(
    "mentions",
    "actors mentioned without an interest",
    "doc_id:str sent_id:int64 page:Int64 actor:str canonical:str actor_type:str",
)
DRIFT = intermediate(
    "drift",
    "per period: definitions in force, framing and dimension shares, context shift, terms",
    "period:str period_start:int64 period_end:int64 basis:str measure:str key:str "
    "value:float64 n:int64 total:int64 evidence:str",
)
FRAMING_OVER_TIME = intermediate(
    "framing_over_time",
    "framing shares and mean axis per period",
    f"period:str period_start:int64 n_framed:int64 {FRAMING}:float64 axis_mean:float64",
)
COMPARISON = intermediate(
    "comparison",
    "documents (or groups) x framing shares, definition dimensions, actor interests",
    "group:str label:str year:Int64 measure:str key:str value:float64 ci_low:float64 "
    "ci_high:float64 n:int64 total:int64 evidence:str",
)
AXIS_BY_DOCUMENT = intermediate(
    "axis_by_document",
    "each document on the prevention-choice axis",
    "doc_id:str label:str organisation:str year:Int64 axis_mean:float64 axis_ci_low:float64 "
    "axis_ci_high:float64 n_framed:int64 dominant_framing:str",
)

# -- user-facing files -------------------------------------------------------------

PROBLEMS_CSV = shown_as(PROBLEMS, "problems.csv")
DOCUMENTS_CSV = shown_as(ANNOTATED_DOCUMENTS, "documents.csv", "one row per corpus file")
FRAMINGS_CSV = shown_as(FRAMINGS, "framings.csv")
DOCUMENT_FRAMINGS_CSV = shown_as(DOCUMENT_FRAMINGS, "document_framings.csv")
DISCOVERED_FRAMINGS_CSV = Table(
    "discovered_framings.csv", USER_FACING, "discovered_framings.csv", "csv",
    "clusters of the sentences no framing explains",
    columns("cluster:int64 label:str size:int64 terms:str representative_sentences:str"),
)  # fmt: skip
DEFINITIONS_CSV = shown_as(DEFINITIONS, "definitions.csv")
INTERESTS_CSV = shown_as(INTERESTS, "interests.csv")
MENTIONS_CSV = shown_as(MENTIONS, "mentions.csv")
ACTORS_CSV = Table(
    "actors.csv", USER_FACING, "actors.csv", "csv", "one row per resolved actor",
    columns("canonical:str type:str aliases:str documents:int64 mentions:int64"),
)  # fmt: skip
DNA_STATEMENTS_CSV = Table(
    "dna_statements.csv", USER_FACING, "dna_statements.csv", "csv",
    "the interests as statements for the Discourse Network Analyzer",
    columns(
        "date:str organisation:str actor_type:str concept:str agreement:int64 text:str "
        "interest:str kind:str doc_id:str sent_id:int64 document:str document_organisation:str"
    ),
)  # fmt: skip
DNA_EVENTS_CSV = Table(
    "dna_events.csv", USER_FACING, "dna_events.csv", "csv", "DNA 3's event list",
    columns(
        "statement_id:int64 time:str organization:str concept:str agreement:int64 "
        "actor_type:str start_position:int64 stop_position:int64 text:str coder:int64 "
        "document_id:str document_title:str document_author:str document_source:str "
        "document_section:str document_type:str"
    ),
    separator=";",
)  # fmt: skip
ACTOR_CONCEPT_GRAPHML = user_file(
    "actor_concept.graphml", "graphml", "the actor x concept two-mode network"
)
DRIFT_CSV = shown_as(DRIFT, "drift.csv")
FRAMING_OVER_TIME_CSV = shown_as(FRAMING_OVER_TIME, "framing_over_time.csv")
COMPARISON_CSV = shown_as(COMPARISON, "comparison.csv")
AXIS_BY_DOCUMENT_CSV = shown_as(AXIS_BY_DOCUMENT, "axis_by_document.csv")
REPORT_HTML = user_file("report.html", "html", "the self-contained page people read")
FIGURES = user_file("figures", "folder", "the report's figures as PNG and SVG")
METRICS_JSON = user_file("metrics.json", "json", "corpus metrics for `dvc metrics`")
QDPX = user_file(f"{CORPUS_NAME}.qdpx", "qdpx", "REFI-QDA project with the codings")
CODEBOOK_QDC = user_file("codebook.qdc", "qdc", "the codebook as a REFI-QDA codebook")

#: every entry, by name: the intermediate tables, then the user-facing files, each in
#: the order the stages write them
TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        DOCUMENTS, BLOCKS, PROBLEMS, SENTENCES, PARSES, ANNOTATED_DOCUMENTS, EMBEDDINGS, FRAMINGS,
        DOCUMENT_FRAMINGS, DEFINITIONS, INTERESTS, MENTIONS, DRIFT, FRAMING_OVER_TIME,
        COMPARISON, AXIS_BY_DOCUMENT,
        PROBLEMS_CSV, DOCUMENTS_CSV, FRAMINGS_CSV, DOCUMENT_FRAMINGS_CSV,
        DISCOVERED_FRAMINGS_CSV, DEFINITIONS_CSV, INTERESTS_CSV, MENTIONS_CSV, ACTORS_CSV,
        DNA_STATEMENTS_CSV, DNA_EVENTS_CSV, ACTOR_CONCEPT_GRAPHML, DRIFT_CSV,
        FRAMING_OVER_TIME_CSV, COMPARISON_CSV, AXIS_BY_DOCUMENT_CSV, REPORT_HTML, FIGURES,
        METRICS_JSON, QDPX, CODEBOOK_QDC,
    )
}  # fmt: skip
