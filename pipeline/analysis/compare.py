"""How documents (or organisations, or any documents column) differ.

`comparison_table` puts every group side by side in one long table
(`COMPARISON_COLUMNS`): framing shares with counts, the mean position on the
prevention (-1) … choice (+1) axis with a bootstrap confidence interval, the
dimensions its definitions name, and which actor types voice which interests.
Every row keeps the sentences behind it in `evidence`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from pipeline.analysis.inputs import Outputs, refs, split_dimensions
from pipeline.cache import stable_hash
from pipeline.params import CompareParams

COMPARISON_COLUMNS = [
    "group",
    "label",
    "year",
    "measure",
    "key",
    "value",
    "ci_low",
    "ci_high",
    "n",
    "total",
    "evidence",
]
AXIS_COLUMNS = [
    "doc_id",
    "label",
    "organisation",
    "year",
    "axis_mean",
    "axis_ci_low",
    "axis_ci_high",
    "n_framed",
    "dominant_framing",
]
MEASURES = ["framing_share", "axis_mean", "dimension_share", "definitions", "actor_interest"]


def document_label(row: pd.Series) -> str:
    title = str(row.get("title") or row.get("file") or row.get("doc_id"))
    year = row.get("year")
    if year is not None and not pd.isna(year) and str(int(year)) not in title:
        title = f"{title} ({int(year)})"
    return title


def bootstrap_ci(
    values: np.ndarray, resamples: int, seed: int, level: float = 0.95
) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean; a single value is its own interval."""
    if len(values) == 0:
        return (float("nan"), float("nan"))
    if len(values) == 1 or resamples == 0:
        return (float(values.mean()), float(values.mean()))
    rng = np.random.default_rng(seed)
    means = rng.choice(values, size=(resamples, len(values)), replace=True).mean(axis=1)
    tail = (1.0 - level) / 2.0
    return (float(np.quantile(means, tail)), float(np.quantile(means, 1.0 - tail)))


def group_column(documents: pd.DataFrame, by: str) -> pd.Series:
    if by not in documents.columns:
        raise ValueError(
            f"compare.by={by!r} is not a documents column; use one of "
            f"{', '.join(sorted(c for c in documents.columns if documents[c].notna().any()))}"
        )
    values = documents[by]
    if by == "year":
        return values.map(lambda y: "undated" if pd.isna(y) else str(int(y)))
    return values.map(lambda v: "unknown" if v is None or pd.isna(v) else str(v))


def axis_stats(framed: pd.DataFrame, resamples: int, seed: int) -> tuple[float, float, float, int]:
    """Mean axis position of the framed (framing != none) sentences, its CI and n."""
    labelled = framed[framed["framing"].fillna("none") != "none"]
    values = labelled["axis"].dropna().to_numpy(dtype="float64")
    if len(values) == 0:
        return (float("nan"), float("nan"), float("nan"), 0)
    low, high = bootstrap_ci(values, resamples, seed)
    return (float(values.mean()), low, high, len(values))


def framed_axis(framings: pd.DataFrame, doc_id: str) -> np.ndarray:
    here = framings[(framings["doc_id"] == doc_id) & (framings["framing"].fillna("none") != "none")]
    return here["axis"].dropna().to_numpy(dtype="float64")


def document_axis(
    outputs: Outputs, doc_id: str, resamples: int, seed: int
) -> tuple[float, float, float, int]:
    """A document's axis mean and CI as the framing stage reported them
    (document_framings.csv), so every table shows the same interval; computed here
    only when that table lacks the document."""
    n = len(framed_axis(outputs.framings, doc_id))
    reported = outputs.document_framings[outputs.document_framings["doc_id"] == doc_id]
    columns = ["axis_mean", "axis_ci_low", "axis_ci_high"]
    if len(reported) and n and reported[columns].notna().all(axis=None):
        mean, low, high = (float(reported.iloc[0][c]) for c in columns)
        return (mean, low, high, n)
    return axis_stats(outputs.framings[outputs.framings["doc_id"] == doc_id], resamples, seed)


def difference_ci(
    first: np.ndarray, second: np.ndarray, resamples: int = 2000, seed: int = 0
) -> tuple[float, float, float]:
    """Mean of `second` minus mean of `first` with a 95% bootstrap interval (each
    sample resampled on its own). The documents are separated on the axis when the
    interval excludes 0 — a sharper test than comparing the two documents' own
    intervals for overlap."""
    if len(first) == 0 or len(second) == 0:
        return (float("nan"), float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    a = rng.choice(first, size=(resamples, len(first)), replace=True).mean(axis=1)
    b = rng.choice(second, size=(resamples, len(second)), replace=True).mean(axis=1)
    diff = b - a
    return (
        float(second.mean() - first.mean()),
        float(np.quantile(diff, 0.025)),
        float(np.quantile(diff, 0.975)),
    )


def comparison_table(
    outputs: Outputs, params: CompareParams, framings: Sequence[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(comparison table, axis per document)."""
    documents = outputs.ok_documents.drop_duplicates("doc_id").copy()
    documents["group"] = group_column(documents, params.by)
    documents["doc_label"] = documents.apply(document_label, axis=1)
    group_of = documents.set_index("doc_id")["group"]
    if params.by == "doc_id":
        labels = documents.set_index("group")["doc_label"]
        years = documents.set_index("group")["year"]
    else:
        labels = pd.Series({g: g for g in documents["group"].unique()}, dtype="object")
        years = documents.groupby("group")["year"].min()

    def tag(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame[frame["doc_id"].isin(group_of.index)].copy()
        frame["group"] = frame["doc_id"].map(group_of)
        return frame

    framed, definitions, interests = (
        tag(outputs.framings),
        tag(outputs.definitions),
        tag(outputs.interests),
    )
    rows: list[dict[str, object]] = []

    def add(
        group: str,
        measure: str,
        key: str,
        value: float,
        n: int,
        total: int,
        evidence: str,
        ci: tuple[float, float] = (np.nan, np.nan),
    ) -> None:
        year = years.get(group)
        rows.append(
            {
                "group": group,
                "label": labels.get(group, group),
                "year": None if year is None or pd.isna(year) else int(year),
                "measure": measure,
                "key": key,
                "value": value,
                "ci_low": ci[0],
                "ci_high": ci[1],
                "n": int(n),
                "total": int(total),
                "evidence": evidence,
            }
        )

    for group in sorted(documents["group"].unique()):
        here = framed[framed["group"] == group]
        labelled = here[here["framing"].fillna("none") != "none"]
        for key in framings:
            chosen = labelled[labelled["framing"] == key]
            share = len(chosen) / len(labelled) if len(labelled) else np.nan
            add(group, "framing_share", key, share, len(chosen), len(labelled), refs(chosen))
        seed = params.seed + int(stable_hash(group)[:8], 16) % 10_000
        if params.by == "doc_id":
            mean, low, high, n = document_axis(outputs, group, params.bootstrap, seed)
        else:
            mean, low, high, n = axis_stats(here, params.bootstrap, seed)
        add(group, "axis_mean", "axis", mean, n, len(here), refs(labelled), (low, high))

        defs = definitions[definitions["group"] == group]
        add(group, "definitions", "all", len(defs), len(defs), len(defs), refs(defs))
        dims = sorted({d for v in outputs.definitions["dimensions"] for d in split_dimensions(v)})
        for dim in dims:
            mask = defs["dimensions"].map(lambda v, d=dim: d in split_dimensions(v)).astype(bool)
            chosen = defs[mask]
            share = len(chosen) / len(defs) if len(defs) else np.nan
            add(group, "dimension_share", dim, share, len(chosen), len(defs), refs(chosen))

        said = interests[interests["group"] == group]
        keyed = said.assign(
            key=said["actor_type"].fillna("other").astype(str)
            + " | "
            + said["interest"].fillna("").astype(str)
        )
        for key, chosen in sorted(keyed.groupby("key"), key=lambda kv: kv[0]):
            add(group, "actor_interest", key, len(chosen), len(chosen), len(said), refs(chosen))

    table = pd.DataFrame(rows, columns=COMPARISON_COLUMNS)
    order = {m: i for i, m in enumerate(MEASURES)}
    table = (
        table.assign(_m=table["measure"].map(order))
        .sort_values(["group", "_m", "key"], kind="stable")
        .drop(columns="_m")
        .reset_index(drop=True)
    )
    return table, axis_by_document(outputs, documents, framed, params)


def axis_by_document(
    outputs: Outputs, documents: pd.DataFrame, framed: pd.DataFrame, params: CompareParams
) -> pd.DataFrame:
    """Each document's mean axis position with its CI, in time order."""
    rows = []
    for doc in documents.itertuples(index=False):
        here = framed[framed["doc_id"] == doc.doc_id]
        seed = params.seed + int(stable_hash(doc.doc_id)[:8], 16) % 10_000
        mean, low, high, n = document_axis(outputs, doc.doc_id, params.bootstrap, seed)
        labelled = here[here["framing"].fillna("none") != "none"]
        dominant = (
            labelled["framing"].value_counts().sort_index().idxmax() if len(labelled) else "none"
        )
        rows.append(
            {
                "doc_id": doc.doc_id,
                "label": doc.doc_label,
                "organisation": doc.organisation,
                "year": doc.year,
                "axis_mean": mean,
                "axis_ci_low": low,
                "axis_ci_high": high,
                "n_framed": n,
                "dominant_framing": dominant,
            }
        )
    table = pd.DataFrame(rows, columns=AXIS_COLUMNS)
    table["year"] = table["year"].astype("Int64")
    return table.sort_values(["year", "label", "doc_id"], na_position="last").reset_index(drop=True)
