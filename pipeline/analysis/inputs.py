"""The upstream tables the analysis stages read, with their contracted columns.

A missing optional table (no interests found, framing stage not run on a tiny
corpus) becomes an empty frame with the right columns plus a logged note, so the
drift, compare and report stages always run on whatever exists.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline import io
from pipeline.tag.actors import split_citation

log = logging.getLogger(__name__)

COLUMNS: dict[str, list[str]] = {
    "documents": [
        "doc_id",
        "file",
        "title",
        "title_inferred",
        "organisation",
        "authors",
        "year",
        "year_inferred",
        "kind",
        "url",
        "language",
        "format",
        "pages",
        "n_blocks",
        "ocr_pages",
        "bytes",
        "sha256",
        "status",
        "problem",
        "n_sentences",
    ],
    "sentences": [
        "doc_id",
        "sent_id",
        "page",
        "block_kind",
        "section",
        "text",
        "start_char",
        "end_char",
    ],
    "definitions": [
        "doc_id",
        "sent_id",
        "page",
        "text",
        "term",
        "definiens",
        "cue",
        "attributed_to",
        "defined_by",
        "attributed_year",
        "dimensions",
        "framing",
        "score",
        "confidence",
    ],
    "interests": [
        "doc_id",
        "sent_id",
        "page",
        "text",
        "actor",
        "canonical",
        "actor_type",
        "interest",
        "interest_kind",
        "predicate",
        "stance",
        "confidence",
    ],
    "framings": [
        "doc_id",
        "sent_id",
        "text",
        "framing",
        "axis",
        "confidence",
        "cluster",
        "cluster_label",
    ],
    "document_framings": [
        "doc_id",
        "axis_mean",
        "axis_ci_low",
        "axis_ci_high",
        "dominant_framing",
        "profile_cluster",
    ],
    "embeddings": ["doc_id", "sent_id", "vector"],
    "problems": ["file", "stage", "status", "problem"],
    "blocks": ["doc_id", "order", "page", "kind", "text"],
}


@dataclass
class Outputs:
    """Everything the upstream stages produced for one corpus."""

    documents: pd.DataFrame
    sentences: pd.DataFrame
    definitions: pd.DataFrame
    interests: pd.DataFrame
    framings: pd.DataFrame
    document_framings: pd.DataFrame
    embeddings: pd.DataFrame
    problems: pd.DataFrame
    blocks: pd.DataFrame
    missing: list[str] = field(default_factory=list)

    @property
    def ok_documents(self) -> pd.DataFrame:
        return self.documents[self.documents["status"] == "ok"]


def empty(name: str) -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="object") for column in COLUMNS[name]})


def conform(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Add any contracted column the frame lacks (as missing values) and normalise
    the key columns' types, so the analysis never trips on an older table."""
    frame = frame.copy()
    for column in COLUMNS[name]:
        if column not in frame.columns:
            frame[column] = pd.NA
    if "doc_id" in frame.columns:
        frame["doc_id"] = frame["doc_id"].astype("str")
    if "sent_id" in frame.columns and len(frame):
        frame["sent_id"] = pd.to_numeric(frame["sent_id"], errors="coerce").astype("Int64")
    for column in ("year", "attributed_year"):
        if column in frame.columns:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    for column in ("axis", "score", "confidence", "axis_mean", "axis_ci_low", "axis_ci_high"):
        if column in frame.columns:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    if name == "definitions" and len(frame):
        frame = split_credited_year(frame)
    text_columns = (
        "framing", "dimensions", "actor_type", "interest", "stance", "actor", "canonical",
        "defined_by", "interest_kind",
    )  # fmt: skip
    for column in text_columns:
        if column in frame.columns:
            frame[column] = frame[column].astype("object").where(frame[column].notna(), None)
    return frame


def split_credited_year(definitions: pd.DataFrame) -> pd.DataFrame:
    """'IOM (2017)' in attributed_to with no attributed_year -> 'IOM' and 2017, so a
    definition is placed at its credited year however the year was written."""
    frame = definitions.copy()
    for index, who in frame["attributed_to"].items():
        if not isinstance(who, str) or pd.notna(frame.at[index, "attributed_year"]):
            continue
        name, year = split_citation(who)
        if year is not None:
            frame.at[index, "attributed_to"] = name
            frame.at[index, "attributed_year"] = year
    return frame


def _first(paths: Iterable[Path]) -> Path | None:
    return next((path for path in paths if path.exists()), None)


def _read(path: Path) -> pd.DataFrame:
    if path.suffix == ".parquet":
        return io.read_parquet(path)
    return io.read_csv(path, keep_default_na=True)


#: where `load` reads each table: the first of these files that exists, as (folder,
#: file name), folder "data" (intermediate) or "reports" (user-facing)
TABLE_FILES: dict[str, list[tuple[str, str]]] = {
    "documents": [("reports", "documents.csv"), ("data", "documents.parquet")],
    "sentences": [("data", "sentences.parquet")],
    "definitions": [("data", "definitions.parquet"), ("reports", "definitions.csv")],
    "interests": [("reports", "interests.csv")],
    "framings": [("data", "framings.parquet"), ("reports", "framings.csv")],
    "document_framings": [("reports", "document_framings.csv")],
    "embeddings": [("data", "embeddings.parquet")],
    "problems": [("reports", "problems.csv")],
    "blocks": [("data", "blocks.parquet")],
}


def read_files(skip: Iterable[str] = ()) -> list[tuple[str, str]]:
    """The (folder, file) `load(..., skip=skip)` reads once every stage has run."""
    return [files[0] for name, files in TABLE_FILES.items() if name not in set(skip)]


def load(
    data_dir: Path,
    reports_dir: Path,
    need_documents: bool = True,
    skip: Iterable[str] = (),
) -> Outputs:
    """Read the corpus's tables from its data and reports folders (parquet first).
    Tables named in `skip` are not read (they come back empty): on large corpora the
    embeddings and blocks are the bulk of the data, and most analyses need neither."""
    data_dir, reports_dir = Path(data_dir), Path(reports_dir)
    folders = {"data": data_dir, "reports": reports_dir}
    where = {
        name: [folders[folder] / file for folder, file in candidates]
        for name, candidates in TABLE_FILES.items()
    }
    frames: dict[str, pd.DataFrame] = {}
    missing: list[str] = []
    skipped = set(skip)
    for name, candidates in where.items():
        if name in skipped:
            frames[name] = empty(name)
            continue
        path = _first(candidates)
        if path is None:
            if name == "documents" and need_documents:
                raise FileNotFoundError(f"no documents table in {reports_dir} or {data_dir}")
            missing.append(name)
            log.info("%s: not found (looked for %s); treated as empty", name, candidates[0])
            frames[name] = empty(name)
            continue
        if name == "embeddings":
            # one matrix with a row view per sentence: far less memory than a
            # column of separately allocated arrays
            keys, matrix = io.read_vectors(path)
            frames[name] = conform(name, keys.assign(vector=list(matrix)))
            continue
        frames[name] = conform(name, _read(path))
    if frames["documents"]["n_sentences"].isna().all() and "sentences" not in skipped:
        counts = frames["sentences"].groupby("doc_id").size()
        frames["documents"]["n_sentences"] = (
            frames["documents"]["doc_id"].map(counts).fillna(0).astype("int64")
        )
    return Outputs(**frames, missing=missing)


def refs(frame: pd.DataFrame) -> str:
    """The evidence string of a set of sentences: sorted unique `doc_id:sent_id`."""
    if frame is None or frame.empty:
        return ""
    pairs = {
        (str(doc), int(sent))
        for doc, sent in zip(frame["doc_id"], frame["sent_id"], strict=True)
        if pd.notna(sent)
    }
    return ";".join(f"{doc}:{sent}" for doc, sent in sorted(pairs))


def evidence_by(frame: pd.DataFrame, keys: list[str]) -> dict[tuple[str, ...], str]:
    """`refs` of every group of `frame` by `keys`, in one pass over the rows."""
    if frame.empty:
        return {}
    ordered = frame[frame["sent_id"].notna()].sort_values(["doc_id", "sent_id"], kind="stable")
    grouped: dict[tuple[str, ...], dict[str, None]] = {}
    columns = [ordered[k].astype("str").tolist() for k in keys]
    pairs = zip(ordered["doc_id"].astype("str"), ordered["sent_id"].astype("int64"), strict=True)
    for (doc, sent), *key in zip(pairs, *columns, strict=True):
        grouped.setdefault(tuple(key), {})[f"{doc}:{sent}"] = None
    return {key: ";".join(found) for key, found in grouped.items()}


def parse_refs(evidence: str | float | None) -> list[tuple[str, int]]:
    """Inverse of `refs`: the (doc_id, sent_id) pairs behind a number."""
    if not isinstance(evidence, str) or not evidence:
        return []
    out = []
    for item in evidence.split(";"):
        doc, _, sent = item.rpartition(":")
        if doc and sent.isdigit():
            out.append((doc, int(sent)))
    return out


def split_dimensions(value: object) -> list[str]:
    if not isinstance(value, str):
        return []
    return sorted({part.strip() for part in value.split(";") if part.strip()})
