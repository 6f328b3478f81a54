"""What the two tagging stages share: running a per-sentence tagger over every
document's sentences through the cache.

Both definitions and stakeholders tag one document's sentences with the codebook;
their cache key is the document's sentence rows, the stage's params and the
codebook's content.
"""

from __future__ import annotations

import logging

from pipeline import catalog
from pipeline.cache import Result, ResultCache, frame_fingerprint
from pipeline.codebook import Codebook, load_codebook
from pipeline.runner import DocumentFn, Task, map_documents
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)


def tag_documents(
    ws: Workspace, stage: str, version: str, fn: DocumentFn
) -> tuple[dict[str, Result], Codebook]:
    """Run `fn((sentences, codebook_path), params)` for each document; failed
    documents are logged. Returns the results by doc_id and the codebook used."""
    sentences = catalog.SENTENCES.read(ws.data_dir)
    codebook = load_codebook(ws.codebook_path)
    params = {"stage": ws.params.section(stage), "codebook_fingerprint": codebook.fingerprint}
    codebook_path = str(ws.codebook_path.resolve())
    tasks = []
    for doc_id, rows in sentences.groupby("doc_id", sort=True):
        rows = rows.reset_index(drop=True)
        tasks.append(Task(str(doc_id), frame_fingerprint(rows), (rows, codebook_path)))
    results, _ = map_documents(
        stage, version, tasks, fn, params, ResultCache(ws.cache_dir),
        execution=ws.execution,
    )  # fmt: skip
    for doc_id, result in results.items():
        if result.meta.get("status") == "failed":
            log.warning("%s: %s: %s", stage, doc_id, result.meta.get("problem"))
    return results, codebook
