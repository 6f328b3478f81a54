"""The drill-down behind every number on the page: the registry of cells and the
sentences (text, page, confidence) the cells list, as the page's JSON payload."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd

from pipeline.analysis.inputs import Outputs, parse_refs, refs


@dataclass
class Cells:
    """Registry of drill-down cells: each has a title and its sentence references."""

    max_evidence: int
    cells: list[dict[str, object]] = field(default_factory=list)
    used: set[tuple[str, int]] = field(default_factory=set)

    def add(self, title: str, evidence: str) -> int:
        pairs = parse_refs(evidence)
        shown = pairs[: self.max_evidence]
        self.used.update(shown)
        self.cells.append({"t": title, "n": len(pairs), "r": [f"{d}:{s}" for d, s in shown]})
        return len(self.cells) - 1


def refs_of(frame: pd.DataFrame) -> str:
    """The evidence string ("doc:sent;...") of a table's rows."""
    return refs(frame)


def sentence_confidence(outputs: Outputs, used: set[tuple[str, int]]) -> dict[str, float]:
    """doc_id:sent_id -> the highest confidence of the tags on that sentence (a
    framing "none" is no tag), for the sentences the page lists: a drill-down keeps
    a sentence while any of its tags clears the reader's level."""
    framed = outputs.framings[outputs.framings["framing"] != "none"]
    parts = [
        frame[["doc_id", "sent_id", "confidence"]]
        for frame in (framed, outputs.definitions, outputs.interests)
        if "confidence" in frame.columns and len(frame)
    ]
    if not parts:
        return {}
    table = pd.concat(parts, ignore_index=True).dropna(subset=["confidence"])
    best = table.groupby(["doc_id", "sent_id"])["confidence"].max()
    return {
        f"{d}:{int(s)}": round(float(v), 2)
        for (d, s), v in sorted(best.items())
        if (d, int(s)) in used
    }


def sentence_lookup(outputs: Outputs, used: set[tuple[str, int]]) -> dict[str, list]:
    """Text and page of every referenced sentence, from the sentences table, falling
    back to the texts carried by the framing, definition and interest tables."""
    sources = [outputs.sentences[["doc_id", "sent_id", "page", "text"]]]
    for frame in (outputs.framings, outputs.definitions, outputs.interests):
        columns = [c for c in ("doc_id", "sent_id", "page", "text") if c in frame.columns]
        sources.append(frame[columns])
    table = pd.concat(sources, ignore_index=True).drop_duplicates(["doc_id", "sent_id"])
    keys = pd.MultiIndex.from_arrays([table["doc_id"], table["sent_id"].astype("int64")])
    table = table[keys.isin(list(used))] if used else table.iloc[0:0]
    out = {}
    for doc, sent, page, text in zip(
        table["doc_id"].tolist(),
        table["sent_id"].tolist(),
        table["page"].tolist(),
        table["text"].tolist(),
        strict=True,
    ):
        out[f"{doc}:{int(sent)}"] = [None if pd.isna(page) else int(page), str(text)]
    return dict(sorted(out.items()))


def payload(outputs: Outputs, cells: Cells, label_of: dict[str, str]) -> str:
    """The page's JSON: the cells, the labels of the documents they cite, the
    sentences' texts and pages and their tags' confidence; safe inside <script>."""
    data = {
        "cells": cells.cells,
        "docs": {doc: label_of.get(doc, doc) for doc in sorted({d for d, _ in cells.used})},
        "sents": sentence_lookup(outputs, cells.used),
        "conf": sentence_confidence(outputs, cells.used),
    }
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/")
