"""Corrections: a corpus's own labels (`labels.jsonl` in the corpus folder, the
labelling schema) override the taggers on the sentences they label.

A hand-labelled sentence's framing, definition and interests are the labels',
marked `coded by hand` with confidence 1; its predicted tags are dropped. The same
file trains the taggers (`policyframes train --labels corpora/NAME/labels.jsonl
--corpus corpora/NAME`), so corrections both fix this corpus and improve the next.

A labels file that cannot be read stops the stage with one message naming the file,
line and field; labelled sentences that match no sentence of their document are
listed in a warning and ignored.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline import catalog
from pipeline.codebook import load_codebook
from pipeline.corpus import LABELS_FILE as CORPUS_LABELS
from pipeline.frame.model import NONE
from pipeline.learn.labels import Alignment, align, read_labels
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)

BY_HAND = "coded by hand"
KEYS = ["doc_id", "sent_id"]


def corpus_labels(ws: Workspace) -> Alignment | None:
    """The corpus's hand labels aligned to its sentences, or None without a file."""
    path = ws.corpus_dir / CORPUS_LABELS
    if not path.is_file():
        return None
    records = read_labels(path, load_codebook(ws.codebook_path))
    sentences = catalog.SENTENCES.read(ws.data_dir, columns=["doc_id", "sent_id", "text"])
    documents = catalog.DOCUMENTS.read(ws.data_dir, columns=["doc_id", "file"])
    files = {str(d): Path(str(f)).name for d, f in zip(documents["doc_id"], documents["file"],
                                                      strict=True)}  # fmt: skip
    alignment = align(records, sentences, files)
    for record in alignment.unmatched:
        log.warning(
            "%s: labelled sentence matches no sentence of %s, ignored: %r",
            record.origin, record.file, record.sentence[:80],
        )  # fmt: skip
    return alignment


def _split(frame: pd.DataFrame, labels: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rows of labelled sentences, the other rows)."""
    if frame.empty:
        return frame, frame
    hit = (
        frame[KEYS]
        .astype({"sent_id": "int64"})
        .merge(labels[KEYS].assign(_labelled=True), on=KEYS, how="left")["_labelled"]
        .fillna(False)
        .to_numpy(dtype=bool)
    )
    return frame[hit], frame[~hit]


def override_framings(framings: pd.DataFrame, labels: Alignment, keys: list[str]) -> pd.DataFrame:
    """Framing rows of hand-labelled sentences take the labels' framings."""
    if framings.empty:
        return framings
    table = labels.labels.set_index(KEYS)
    index = pd.MultiIndex.from_frame(framings[KEYS].astype({"sent_id": "int64"}))
    found = table.reindex(index)
    labelled = found["framings"].notna().to_numpy()
    if not labelled.any():
        return framings
    out = framings.copy()
    chosen = found["framings"].fillna("").astype(str).to_numpy()
    out.loc[labelled, "framings"] = chosen[labelled]
    out.loc[labelled, "framing"] = [c.split(";")[0] if c else NONE for c in chosen[labelled]]
    for key in keys:
        column = f"score_{key}"
        values = np.array([float(key in c.split(";")) for c in chosen], dtype=np.float64)
        out.loc[labelled, column] = values[labelled]
    out.loc[labelled, "confidence"] = 1.0
    out.loc[labelled, "method"] = BY_HAND
    return out


def override_definitions(
    definitions: pd.DataFrame, labels: Alignment, sentences: pd.DataFrame
) -> pd.DataFrame:
    """Drop predicted definitions on hand-labelled sentences; add the labelled ones."""
    _, kept = _split(definitions, labels.labels)
    wanted = labels.labels[labels.labels["definition"].astype(bool)]
    if wanted.empty:
        return kept
    rows = wanted[[*KEYS, "defined_by"]].merge(sentences, on=KEYS, how="left")
    added = pd.DataFrame(
        {
            "doc_id": rows["doc_id"], "sent_id": rows["sent_id"],
            "page": rows.get("page"), "text": rows["text"], "term": "", "definiens": "",
            "cue": BY_HAND, "attributed_to": rows["defined_by"], "attributed_year": pd.NA,
            "dimensions": "", "framing": NONE, "score": 1.0, "confidence": 1.0, "method": BY_HAND,
        }
    )  # fmt: skip
    both = pd.concat([kept, added[list(kept.columns)]], ignore_index=True)
    return both.sort_values(KEYS, kind="stable").reset_index(drop=True)


def override_interests(
    interests: pd.DataFrame, labels: Alignment, sentences: pd.DataFrame
) -> pd.DataFrame:
    """Interest rows of hand-labelled sentences are the labels' stakeholders."""
    _, kept = _split(interests, labels.labels)
    added = []
    text = sentences.set_index(KEYS)
    for row in labels.labels.itertuples(index=False):
        for holder in json.loads(row.stakeholders or "[]"):
            source = text.loc[(row.doc_id, row.sent_id)]
            added.append(
                {
                    "doc_id": row.doc_id, "sent_id": row.sent_id, "page": source.get("page"),
                    "text": source["text"], "actor": holder["actor"],
                    "actor_type": holder["type"], "refers_to": None,
                    "interest": holder["interest"], "predicate": "", "stance": "support",
                    "interest_kind": "phrase", "confidence": 1.0, "method": BY_HAND,
                }
            )  # fmt: skip
    if not added:
        return kept
    both = pd.concat([kept, pd.DataFrame(added)[list(kept.columns)]], ignore_index=True)
    return both.sort_values([*KEYS, "actor_type"], kind="stable").reset_index(drop=True)
