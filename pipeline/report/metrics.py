"""reports/<corpus>/metrics.json: the headline counts DVC tracks across runs."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.analysis.inputs import Outputs


def corpus_metrics(outputs: Outputs, framings: Sequence[str]) -> dict[str, object]:
    documents = outputs.documents.drop_duplicates("doc_id")
    status = documents["status"].value_counts()
    framed = outputs.framings[outputs.framings["framing"].fillna("none") != "none"]
    counts = framed["framing"].value_counts()
    total = len(framed)
    axis = framed["axis"].dropna()
    return {
        "documents": len(documents),
        "ok": int(status.get("ok", 0)),
        "failed": int(status.get("failed", 0)),
        "skipped": int(status.get("skipped", 0)),
        "sentences": len(outputs.sentences),
        "candidates": len(outputs.framings),
        "framed_sentences": total,
        "definitions": len(outputs.definitions),
        "attributed_definitions": int(outputs.definitions["attributed_to"].notna().sum()),
        "interests": len(outputs.interests),
        "actor_types": int(outputs.interests["actor_type"].dropna().nunique()),
        "axis_mean": round(float(axis.mean()), 4) if len(axis) else None,
        "framing_share": {
            key: round(int(counts.get(key, 0)) / total, 4) if total else 0.0 for key in framings
        },
    }
