"""The upstream tables the analysis stages read: intermediate tables of the catalog
(`pipeline.catalog`), typed as written, never the user-facing CSVs.

A missing optional table (no interests found, framing stage not run on a tiny
corpus) becomes an empty frame with the catalog's columns plus a logged note, so the
drift, compare and report stages always run on whatever exists.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline import catalog, io
from pipeline.tag.actors import split_citation

log = logging.getLogger(__name__)

#: the intermediate table each field of `Outputs` is read from: the first of these
#: that exists (the documents without sentence counts when annotate has not run)
TABLES: dict[str, tuple[catalog.Table, ...]] = {
    "documents": (catalog.ANNOTATED_DOCUMENTS, catalog.DOCUMENTS),
    "sentences": (catalog.SENTENCES,),
    "definitions": (catalog.DEFINITIONS,),
    "interests": (catalog.INTERESTS,),
    "framings": (catalog.FRAMINGS,),
    "document_framings": (catalog.DOCUMENT_FRAMINGS,),
    "embeddings": (catalog.EMBEDDINGS,),
    "problems": (catalog.PROBLEMS,),
    "blocks": (catalog.BLOCKS,),
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
    """A table that was not found: its catalog columns, no rows."""
    columns = TABLES[name][0].schema([])
    return pd.DataFrame({column: pd.Series(dtype="object") for column in columns})


def split_credited_year(definitions: pd.DataFrame) -> pd.DataFrame:
    """'IOM (2017)' in attributed_to with no attributed_year -> 'IOM' and 2017, so a
    definition is placed at its credited year however the year was written (the
    notebooks apply it to definitions.csv files of any age)."""
    frame = definitions.copy()
    for index, who in frame["attributed_to"].items():
        if not isinstance(who, str) or pd.notna(frame.at[index, "attributed_year"]):
            continue
        name, year = split_citation(who)
        if year is not None:
            frame.at[index, "attributed_to"] = name
            frame.at[index, "attributed_year"] = year
    return frame


def read_tables(skip: Iterable[str] = ()) -> list[catalog.Table]:
    """The tables `load(..., skip=skip)` reads once every stage has run."""
    return [tables[0] for name, tables in TABLES.items() if name not in set(skip)]


def load(data_dir: Path, need_documents: bool = True, skip: Iterable[str] = ()) -> Outputs:
    """Read the corpus's intermediate tables from its data folder. Tables named in
    `skip` are not read (they come back empty): on large corpora the embeddings and
    blocks are the bulk of the data, and most analyses need neither."""
    data_dir = Path(data_dir)
    frames: dict[str, pd.DataFrame] = {}
    missing: list[str] = []
    skipped = set(skip)
    for name, candidates in TABLES.items():
        found = next((table for table in candidates if table.exists(data_dir)), None)
        if name in skipped:
            frames[name] = empty(name)
        elif found is None:
            if name == "documents" and need_documents:
                raise FileNotFoundError(f"no documents table in {data_dir}")
            missing.append(name)
            log.info("%s: not found (looked for %s); treated as empty", name, candidates[0].file)
            frames[name] = empty(name)
        elif found is catalog.EMBEDDINGS:
            # one matrix with a row view per sentence: far less memory than a
            # column of separately allocated arrays
            keys, matrix = io.read_vectors(data_dir / found.file)
            frames[name] = keys.assign(vector=list(matrix))
        else:
            frames[name] = found.read(data_dir)
    if "n_sentences" not in frames["documents"] and "sentences" not in skipped:
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
