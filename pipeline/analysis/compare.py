"""How documents (or organisations, or any documents column) differ.

`comparison_table` puts every group side by side in one long table
(`COMPARISON_COLUMNS`): framing shares with counts, the mean position on the
codebook's axis (-1 … +1) with a bootstrap confidence interval, the
dimensions its definitions name, and which actor types voice which interests.
Every row keeps the sentences behind it in `evidence`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from pipeline.analysis.inputs import Outputs, evidence_by, split_dimensions
from pipeline.cache import stable_hash
from pipeline.params import CompareParams
from pipeline.tag.actors import UNTYPED

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


def axis_stats(values: np.ndarray, resamples: int, seed: int) -> tuple[float, float, float, int]:
    """Mean of axis values, its bootstrap CI and n."""
    if len(values) == 0:
        return (float("nan"), float("nan"), float("nan"), 0)
    low, high = bootstrap_ci(values, resamples, seed)
    return (float(values.mean()), low, high, len(values))


def framed_axis(framings: pd.DataFrame, doc_id: str) -> np.ndarray:
    """Axis values of one document's framed (framing != none) sentences."""
    here = framings[(framings["doc_id"] == doc_id) & (framings["framing"].fillna("none") != "none")]
    return here["axis"].dropna().to_numpy(dtype="float64")


def reported_or_bootstrap(
    values: np.ndarray,
    reported: tuple[float, float, float] | None,
    resamples: int,
    seed: int,
) -> tuple[float, float, float, int]:
    """A document's axis mean and CI as the framing stage reported them
    (document_framings.csv), so every table shows the same interval; bootstrapped
    here only when that table lacks the document."""
    if len(values) and reported is not None:
        return (*reported, len(values))
    return axis_stats(values, resamples, seed)


def document_axis(
    outputs: Outputs, doc_id: str, resamples: int, seed: int
) -> tuple[float, float, float, int]:
    """One document's axis mean, CI and n (see `reported_or_bootstrap`)."""
    reported = reported_axis(outputs.document_framings).get(doc_id)
    return reported_or_bootstrap(framed_axis(outputs.framings, doc_id), reported, resamples, seed)


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


def counts_by(frame: pd.DataFrame, keys: list[str]) -> dict[tuple[str, ...], int]:
    """Row counts per combination of `keys` (as string tuples)."""
    if frame.empty:
        return {}
    sizes = frame.groupby(keys, sort=True).size()
    return {
        tuple(str(k) for k in (key if isinstance(key, tuple) else (key,))): int(n)
        for key, n in sizes.items()
    }


def values_by(frame: pd.DataFrame, key: str, column: str) -> dict[str, np.ndarray]:
    """The non-missing values of `column` per `key`, in row order."""
    present = frame[frame[column].notna()]
    return {
        str(k): part.to_numpy(dtype="float64")
        for k, part in present.groupby(key, sort=False)[column]
    }


def reported_axis(document_framings: pd.DataFrame) -> dict[str, tuple[float, float, float]]:
    """Axis mean and CI per document as the framing stage reported them (complete rows)."""
    columns = ["axis_mean", "axis_ci_low", "axis_ci_high"]
    complete = document_framings.drop_duplicates("doc_id")
    complete = complete[complete[columns].notna().all(axis=1)]
    return {
        str(row.doc_id): (float(row.axis_mean), float(row.axis_ci_low), float(row.axis_ci_high))
        for row in complete.itertuples(index=False)
    }


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

    # Every measure is counted for all groups at once (group-by, then one pass),
    # so the table costs the same per row however many groups there are.
    labelled = framed[framed["framing"].fillna("none") != "none"]
    framing_n = counts_by(labelled, ["group", "framing"])
    framing_total = counts_by(labelled, ["group"])
    framing_evidence = evidence_by(labelled, ["group", "framing"])
    labelled_evidence = evidence_by(labelled, ["group"])
    sentences_n = counts_by(framed, ["group"])
    axis_values = values_by(labelled, "group", "axis")
    reported = reported_axis(outputs.document_framings)

    definitions_n = counts_by(definitions, ["group"])
    definitions_evidence = evidence_by(definitions, ["group"])
    by_dimension = definitions.assign(
        dimension=[split_dimensions(v) for v in definitions["dimensions"]]
    ).explode("dimension")
    by_dimension = by_dimension[by_dimension["dimension"].notna()]
    dimension_n = counts_by(by_dimension, ["group", "dimension"])
    dimension_evidence = evidence_by(by_dimension, ["group", "dimension"])
    dims = sorted({d for v in outputs.definitions["dimensions"] for d in split_dimensions(v)})

    keyed = interests.assign(
        key=interests["actor_type"].fillna(UNTYPED).astype(str)
        + " | "
        + interests["interest"].fillna("").astype(str)
    )
    interest_n = counts_by(keyed, ["group", "key"])
    interest_total = counts_by(keyed, ["group"])
    interest_evidence = evidence_by(keyed, ["group", "key"])
    interest_keys: dict[str, list[str]] = {}
    for group, key in interest_n:
        interest_keys.setdefault(group, []).append(key)

    for group in sorted(documents["group"].unique()):
        total = framing_total.get((group,), 0)
        for key in framings:
            n = framing_n.get((group, key), 0)
            share = n / total if total else np.nan
            add(
                group, "framing_share", key, share, n, total, framing_evidence.get((group, key), "")
            )
        values = axis_values.get(group, np.empty(0))
        seed = params.seed + int(stable_hash(group)[:8], 16) % 10_000
        own = reported.get(group) if params.by == "doc_id" else None
        mean, low, high, n = reported_or_bootstrap(values, own, params.bootstrap, seed)
        add(
            group,
            "axis_mean",
            "axis",
            mean,
            n,
            sentences_n.get((group,), 0),
            labelled_evidence.get((group,), ""),
            (low, high),
        )

        n_defs = definitions_n.get((group,), 0)
        add(
            group, "definitions", "all", n_defs, n_defs, n_defs,
            definitions_evidence.get((group,), ""),
        )  # fmt: skip
        for dim in dims:
            n = dimension_n.get((group, dim), 0)
            share = n / n_defs if n_defs else np.nan
            evidence = dimension_evidence.get((group, dim), "")
            add(group, "dimension_share", dim, share, n, n_defs, evidence)

        said = interest_total.get((group,), 0)
        for key in sorted(interest_keys.get(group, [])):
            n = interest_n[(group, key)]
            add(group, "actor_interest", key, n, n, said, interest_evidence[(group, key)])

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
    labelled = framed[framed["framing"].fillna("none") != "none"]
    axis_values = values_by(labelled, "doc_id", "axis")
    framing_n = counts_by(labelled, ["doc_id", "framing"])
    reported = reported_axis(outputs.document_framings)
    per_doc: dict[str, dict[str, int]] = {}
    for (doc_id, framing), n in sorted(framing_n.items()):
        per_doc.setdefault(doc_id, {})[framing] = n
    rows = []
    for doc in documents.itertuples(index=False):
        values = axis_values.get(doc.doc_id, np.empty(0))
        seed = params.seed + int(stable_hash(doc.doc_id)[:8], 16) % 10_000
        mean, low, high, n = reported_or_bootstrap(
            values, reported.get(doc.doc_id), params.bootstrap, seed
        )
        counts = per_doc.get(doc.doc_id, {})
        # most frequent framing; ties go to the first name in sorted order
        dominant = max(sorted(counts.items()), key=lambda kv: kv[1])[0] if counts else "none"
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
