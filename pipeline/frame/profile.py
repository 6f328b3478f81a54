"""Document framing profiles: how each document divides its candidate sentences
among the framings, where it sits on the codebook's axis, and which
documents resemble which.

* shares and counts: per framing (and none) over the document's candidate sentences;
* axis_mean with a bootstrap 95 % interval over the document's framed sentences
  (seeded per document, so a document's interval does not depend on the others);
* dominant_framing: the framing with most sentences (ties: codebook order);
* profile_cluster / profile_order: average-linkage hierarchical clustering of the
  documents' framing compositions (shares among framed sentences); profile_order
  is the dendrogram's leaf order, which puts similar documents next to each other.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, leaves_list, linkage

NONE = "none"


def _doc_seed(seed: int, doc_id: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{seed}:{doc_id}".encode()).digest()[:8], "big")


def bootstrap_ci(
    values: np.ndarray, resamples: int, seed: int, level: float = 0.95
) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean (NaN for no values)."""
    n = len(values)
    if n == 0:
        return float("nan"), float("nan")
    if n == 1 or resamples == 0:
        return float(values.mean()), float(values.mean())
    rng = np.random.default_rng(seed)
    means = values[rng.integers(0, n, size=(resamples, n))].mean(axis=1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return float(low), float(high)


def profile_clusters(compositions: np.ndarray, n_clusters: int) -> tuple[np.ndarray, np.ndarray]:
    """(cluster per document starting at 1, leaf-order rank per document)."""
    n = len(compositions)
    if n == 0:
        return np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    if n == 1:
        return np.ones(1, dtype=int), np.zeros(1, dtype=int)
    tree = linkage(compositions, method="average", metric="euclidean", optimal_ordering=True)
    clusters = fcluster(tree, t=min(n_clusters, n), criterion="maxclust")
    rank = np.empty(n, dtype=int)
    rank[leaves_list(tree)] = np.arange(n)
    return clusters.astype(int), rank


def document_profiles(
    framings: pd.DataFrame,
    keys: Sequence[str],
    documents: pd.DataFrame | None = None,
    resamples: int = 1000,
    seed: int = 0,
    n_clusters: int = 3,
) -> pd.DataFrame:
    """One row per document with candidates in `framings` (doc_id, framing, axis)."""
    labels = [*keys, NONE]
    rows = []
    for doc_id, group in framings.groupby("doc_id", sort=True):
        counts = group["framing"].value_counts()
        total = len(group)
        row: dict[str, object] = {"doc_id": doc_id, "n_candidates": total}
        for label in labels:
            row[f"n_{label}"] = int(counts.get(label, 0))
        for label in labels:
            row[f"share_{label}"] = round(row[f"n_{label}"] / total, 6) if total else 0.0
        framed = group[group["framing"] != NONE]
        axis = framed["axis"].to_numpy(dtype=np.float64)
        low, high = bootstrap_ci(axis, resamples, _doc_seed(seed, str(doc_id)))
        row["n_framed"] = len(framed)
        row["axis_mean"] = round(float(axis.mean()), 6) if len(axis) else float("nan")
        row["axis_ci_low"] = round(low, 6)
        row["axis_ci_high"] = round(high, 6)
        best = max(keys, key=lambda k: (row[f"n_{k}"], -list(keys).index(k))) if keys else NONE
        row["dominant_framing"] = best if row[f"n_{best}"] > 0 else NONE
        rows.append(row)
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    framed_counts = table[[f"n_{k}" for k in keys]].to_numpy(dtype=np.float64)
    sums = framed_counts.sum(axis=1, keepdims=True)
    compositions = np.divide(framed_counts, np.where(sums > 0, sums, 1.0))
    table["profile_cluster"], table["profile_order"] = profile_clusters(compositions, n_clusters)
    if documents is not None and not documents.empty:
        wanted = [c for c in ("doc_id", "file", "title", "organisation", "year") if c in documents]
        meta = documents[wanted].drop_duplicates("doc_id")
        table = meta.merge(table, on="doc_id", how="right")
    return table.sort_values("doc_id", kind="stable").reset_index(drop=True)
