"""Labelled corpora made ready for training: each runs through extract, annotate
and embed (rules only, one shared per-document cache), several are merged into one
set of feature tables, and the labels are aligned to the sentences.

Which documents are fitted on: with a split (params `train.split`), the documents
of that split of a corpus whose metadata.csv has a `split` column, plus every
document of a corpus without one (a second labelled corpus is training data whole).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline import catalog, io
from pipeline.codebook import Codebook, load_codebook
from pipeline.learn.labels import Alignment, LabelError, LabelRecord, align, read_labels
from pipeline.params import Params
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)


def read_label_files(paths: list[Path], codebook: Codebook) -> list[LabelRecord]:
    """JSONL labels and REFI-QDA projects (.qdpx), validated; LabelError names the
    file and line or element of the first problem."""
    records: list[LabelRecord] = []
    for path in paths:
        if path.suffix.lower() == ".qdpx":
            from pipeline.report.qdpx_import import read_qdpx

            records += read_qdpx(path, codebook)
        else:
            records += read_labels(path, codebook)
    return records


def _files(ws: Workspace) -> dict[str, str]:
    documents = catalog.DOCUMENTS.read(ws.data_dir, columns=["doc_id", "file"])
    return {str(d): Path(str(f)).name for d, f in zip(documents["doc_id"], documents["file"],
                                                       strict=True)}  # fmt: skip


def corpus_splits(corpus: Path, files: dict[str, str]) -> dict[str, str | None]:
    """doc_id -> its metadata.csv `split` value; None for every document of a corpus
    whose metadata declares no splits (no metadata.csv or no `split` column)."""
    path = corpus / "metadata.csv"
    if not path.is_file():
        return dict.fromkeys(files)
    meta = pd.read_csv(path, dtype=str)
    if "split" not in meta.columns or "file" not in meta.columns:
        return dict.fromkeys(files)
    split_of = {Path(f).name: s for f, s in zip(meta["file"], meta["split"].fillna(""),
                                                 strict=True)}  # fmt: skip
    # "": the corpus declares splits but not this document's: it is in none
    return {doc_id: split_of.get(name, "") for doc_id, name in files.items()}


def split_documents(prepared: Prepared, split: str | None) -> set[str]:
    """doc_ids to fit on: every document when `split` is None; else the documents
    whose split is `split`, plus every document of a corpus that declares no splits
    (a second labelled corpus, such as the seed documents, is training data whole)."""
    if split is None:
        return set(prepared.files)
    chosen = {doc for doc, value in prepared.splits.items() if value == split}
    if not any(value is not None for value in prepared.splits.values()):
        raise LabelError(
            f"split {split!r} asked for, but no corpus of {', '.join(map(str, prepared.corpora))} "
            "has a metadata.csv with 'file' and 'split' columns"
        )
    return chosen | {doc for doc, value in prepared.splits.items() if value is None}


def prepare(ws: Workspace) -> None:
    """Run the stages whose tables the features are built from, rules only."""
    from pipeline.stages.registry import STAGES

    for stage in STAGES:
        if stage.name in ("extract", "annotate", "embed"):
            log.info("train: %s", stage.name)
            stage.run(ws)


@dataclass
class Prepared:
    """Labelled corpora run through the stages the features come from, with their
    labels aligned to their sentences."""

    ws: Workspace
    codebook: Codebook
    records: list[LabelRecord]
    alignment: Alignment
    files: dict[str, str]  # doc_id -> file name
    splits: dict[str, str | None]  # doc_id -> metadata split; None: its corpus has none
    corpora: list[Path]


#: the tables the features are built from; with several corpora, each is the
#: concatenation of the corpora's tables (doc_ids are content hashes, so they stay
#: distinct)
_FEATURE_TABLES = (catalog.DOCUMENTS, catalog.SENTENCES, catalog.PARSES, catalog.EMBEDDINGS)


def _merged(parts: list[Workspace], work: Path, params: Params, cache: Path) -> Workspace:
    """One workspace whose feature tables hold every part's rows, in corpus order."""
    merged = Workspace.for_run(parts[0].corpus_dir, work / "merged", params, cache=cache)
    merged.data_dir.mkdir(parents=True, exist_ok=True)
    for table in _FEATURE_TABLES:
        io.concat_parquet([table.path(part) for part in parts], table.path(merged))
    return merged


def prepare_labelled(
    labels: list[Path],
    corpora: Path | list[Path],
    work: Path,
    params: Params,
    cache: Path | None = None,
) -> Prepared:
    """Run each labelled corpus through extract, annotate and embed (one shared
    cache), and align the labels to the sentences of all of them. A label file
    names documents by file name, so one file may label documents of several
    corpora."""
    corpora = [Path(c) for c in ([corpora] if isinstance(corpora, str | Path) else corpora)]
    codebook = load_codebook(params.codebook)
    records = read_label_files(labels, codebook)
    rules_only = params.model_copy(update={"taggers": None})
    cache = Path(cache) if cache else Path(work) / ".cache"
    parts, splits = [], {}
    for number, corpus in enumerate(corpora):
        # one corpus keeps the work folder itself, as a single-corpus run always did
        folder = work if len(corpora) == 1 else Path(work) / f"{number}-{corpus.name}"
        part = Workspace.for_run(corpus, folder, rules_only, cache=cache)
        prepare(part)
        splits |= corpus_splits(corpus, _files(part))
        parts.append(part)
    ws = parts[0] if len(parts) == 1 else _merged(parts, Path(work), rules_only, cache)
    files = _files(ws)
    sentences = catalog.SENTENCES.read(ws.data_dir, columns=["doc_id", "sent_id", "text"])
    alignment = align(records, sentences, files)
    if alignment.unmatched:
        log.warning(
            "train: %d of %d labelled sentences match no sentence of their document in %s "
            "(first: %s: %r)", len(alignment.unmatched), len(records),
            ", ".join(map(str, corpora)), alignment.unmatched[0].file,
            alignment.unmatched[0].sentence[:80],
        )  # fmt: skip
    return Prepared(ws, codebook, records, alignment, files, splits, corpora)
