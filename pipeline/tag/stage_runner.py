"""What the two tagging stages share: running a per-sentence tagger over every
document's sentences and their stored parses through the cache.

Both definitions and stakeholders tag one document's sentences with the codebook,
reading each sentence's parse as annotate stored it (`pipeline.parses`); their
cache key is the document's sentence rows and parses, the stage's params, the
codebook's content and the spaCy model the parses are read with.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipeline import catalog
from pipeline.cache import Result, ResultCache, frame_fingerprint, stable_hash
from pipeline.codebook import Codebook, load_codebook
from pipeline.parses import load_parser, parses_from_bytes
from pipeline.runner import DocumentFn, Task, map_documents
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentInput:
    """One document's work for a tagging stage. The codebook path travels here, not
    in the cache key: the key holds the codebook's content fingerprint, so a moved
    checkout still hits."""

    sentences: pd.DataFrame  # the document's rows of sentences.parquet
    parse: bytes  # their parses, one DocBin (`pipeline.parses`)
    codebook_path: str


def sentence_parses(work: DocumentInput, params: dict[str, Any]) -> list[Any]:
    """The parse of each of the document's sentences, in sent_id order, read into
    the vocabulary of the model annotate parsed with."""
    vocab = load_parser(params["parse_model"]).vocab
    parses = parses_from_bytes(work.parse, vocab)
    texts = work.sentences.sort_values("sent_id")["text"].astype(str).tolist()
    if [doc.text for doc in parses] != texts:
        raise ValueError(
            "the stored parses do not match sentences.parquet; run the annotate stage again"
        )
    return parses


def tag_documents(
    ws: Workspace, stage: str, version: str, fn: DocumentFn
) -> tuple[dict[str, Result], Codebook]:
    """Run `fn(DocumentInput, params)` for each document; failed documents are
    logged. Returns the results by doc_id and the codebook used."""
    sentences = catalog.SENTENCES.read(ws.data_dir)
    parses = catalog.PARSES.read(ws.data_dir)
    parse_of = dict(zip(parses["doc_id"].astype(str), parses["parse"], strict=True))
    codebook = load_codebook(ws.codebook_path)
    params = {
        "stage": ws.params.section(stage),
        "codebook_fingerprint": codebook.fingerprint,
        "parse_model": ws.params.annotate.model,
    }
    codebook_path = str(ws.codebook_path.resolve())
    tasks = []
    for doc_id, rows in sentences.groupby("doc_id", sort=True):
        rows = rows.reset_index(drop=True)
        parse = parse_of.get(str(doc_id))
        if parse is None:
            raise FileNotFoundError(f"{catalog.PARSES.path(ws)} holds no parses of {doc_id}")
        # the parses' hash is part of the key: a new parse of the same sentences
        # (another model or spaCy version) is tagged again
        fingerprint = stable_hash([frame_fingerprint(rows), hashlib.sha256(parse).hexdigest()])
        tasks.append(Task(str(doc_id), fingerprint, DocumentInput(rows, parse, codebook_path)))
    results, _ = map_documents(
        stage, version, tasks, fn, params, ResultCache(ws.cache_dir),
        execution=ws.execution,
    )  # fmt: skip
    for doc_id, result in results.items():
        if result.meta.get("status") == "failed":
            log.warning("%s: %s: %s", stage, doc_id, result.meta.get("problem"))
    return results, codebook
