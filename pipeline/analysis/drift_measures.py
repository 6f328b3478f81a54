"""The drift measures, one function each, every one returning rows of the drift
table (`pipeline.analysis.drift.DRIFT_COLUMNS`) for each period: definitions in
force with their framings and dimensions, the framing profile, the context shift
and the rising and falling terms."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer

from pipeline.analysis.definition_sources import definition_sources
from pipeline.analysis.inputs import refs, split_dimensions
from pipeline.analysis.periods import UNDATED, with_periods
from pipeline.params import DriftParams


def drift_row(
    period: pd.Series,
    basis: str,
    measure: str,
    key: str,
    value: float,
    n: int,
    total: int,
    evidence: str,
) -> dict[str, object]:
    return {
        "period": period["period"],
        "period_start": period["period_start"],
        "period_end": period["period_end"],
        "basis": basis,
        "measure": measure,
        "key": key,
        "value": value,
        "n": int(n),
        "total": int(total),
        "evidence": evidence,
    }


# --------------------------------------------------------------------------- measures
def definitions_in_force(
    definitions: pd.DataFrame, periods: pd.DataFrame, framings: Sequence[str]
) -> list[dict[str, object]]:
    """Definitions per period, by document year and by attributed year, with their
    framing and dimension shares. `definitions` carries the document's year,
    organisation and title (joined by the caller)."""
    rows: list[dict[str, object]] = []
    if definitions.empty:
        return rows
    defs = definitions.copy()
    defs["source"] = definition_sources(defs)
    defs["attributed_or_document_year"] = defs["attributed_year"].fillna(defs["year"])
    dimension_names = sorted({d for value in defs["dimensions"] for d in split_dimensions(value)})
    for basis, column in (
        ("document_year", "year"),
        ("attributed_year", "attributed_or_document_year"),
    ):
        placed = with_periods(defs, column, periods)
        for _, period in periods.iterrows():
            here = placed[placed["period"] == period["period"]]
            if here.empty:
                continue
            total = len(here)
            for source, group in sorted(here.groupby("source"), key=lambda kv: kv[0]):
                rows.append(
                    drift_row(
                        period,
                        basis,
                        "definition",
                        source,
                        len(group),
                        len(group),
                        total,
                        refs(group),
                    )
                )
            framing = here["framing"].fillna("none")
            for key in [*framings, "none"]:
                group = here[framing == key]
                if len(group):
                    rows.append(
                        drift_row(
                            period,
                            basis,
                            "definition_framing",
                            key,
                            len(group) / total,
                            len(group),
                            total,
                            refs(group),
                        )
                    )
            for dim in dimension_names:
                mask = here["dimensions"].map(lambda v, d=dim: d in split_dimensions(v))
                group = here[mask.astype(bool)]
                rows.append(
                    drift_row(
                        period,
                        basis,
                        "dimension_share",
                        dim,
                        len(group) / total,
                        len(group),
                        total,
                        refs(group),
                    )
                )
    return rows


def framing_profile(
    framed: pd.DataFrame, periods: pd.DataFrame, framings: Sequence[str]
) -> list[dict[str, object]]:
    """Share of each framing among the period's framed sentences (framing != none)
    and the mean position on the codebook's axis (-1 … +1)."""
    rows: list[dict[str, object]] = []
    for _, period in periods.iterrows():
        here = framed[framed["period"] == period["period"]]
        labelled = here[here["framing"].fillna("none") != "none"]
        total = len(labelled)
        if total == 0:
            continue
        for key in framings:
            group = labelled[labelled["framing"] == key]
            rows.append(
                drift_row(
                    period,
                    "document_year",
                    "framing_share",
                    key,
                    len(group) / total,
                    len(group),
                    total,
                    refs(group),
                )
            )
        axis = labelled["axis"].dropna()
        if len(axis):
            rows.append(
                drift_row(
                    period,
                    "document_year",
                    "axis_mean",
                    "axis",
                    float(axis.mean()),
                    len(axis),
                    len(here),
                    refs(labelled),
                )
            )
    return rows


def context_shift(
    context: pd.DataFrame, periods: pd.DataFrame, min_context: int
) -> list[dict[str, object]]:
    """Cosine distance between consecutive periods' centroids of the (normalised)
    embeddings of concept-context sentences. `context` holds doc_id, sent_id,
    period and vector."""
    rows: list[dict[str, object]] = []
    previous: tuple[str, np.ndarray, int] | None = None
    for _, period in periods.iterrows():
        here = context[context["period"] == period["period"]]
        if len(here) < min_context:
            continue
        matrix = np.vstack([np.asarray(v, dtype="float64") for v in here["vector"]])
        centroid = matrix.mean(axis=0)
        norm = np.linalg.norm(centroid)
        centroid = centroid / norm if norm else centroid
        if previous is not None:
            label, before, n_before = previous
            distance = float(1.0 - np.clip(centroid @ before, -1.0, 1.0))
            rows.append(
                drift_row(
                    period,
                    "document_year",
                    "context_shift",
                    f"from {label}",
                    round(distance, 6),
                    len(here),
                    n_before,
                    refs(here),
                )
            )
        previous = (period["period"], centroid, len(here))
    return rows


def g2(a: float, b: float, c: float, d: float) -> float:
    """Signed log-likelihood of a term seen `a` times in a part of `c` tokens and `b`
    times in the rest (`d` tokens): positive when over-represented in the part."""
    total = a + b
    if total == 0 or c == 0 or d == 0:
        return 0.0
    e1, e2 = c * total / (c + d), d * total / (c + d)
    value = 2.0 * ((a * math.log(a / e1) if a else 0.0) + (b * math.log(b / e2) if b else 0.0))
    return value if a / c >= b / d else -value


def keyness(
    texts: pd.DataFrame, periods: pd.DataFrame, params: DriftParams
) -> list[dict[str, object]]:
    """Terms that rise (over-represented) and fall (under-represented) in each period
    against all other periods. `texts` holds doc_id, sent_id, period and text."""
    rows: list[dict[str, object]] = []
    dated = texts[texts["period"] != UNDATED].reset_index(drop=True)
    if dated["period"].nunique() < 2:
        return rows
    vectorizer = CountVectorizer(
        stop_words="english",
        ngram_range=(1, params.ngram_max),
        token_pattern=r"(?u)\b[^\W\d_][\w\-]+\b",
        lowercase=True,
    )
    try:
        counts = vectorizer.fit_transform(dated["text"].astype(str))
    except ValueError:  # nothing left after stop words
        return rows
    terms = vectorizer.get_feature_names_out()
    overall = np.asarray(counts.sum(axis=0)).ravel()
    keep = overall >= params.keyness_min_count
    grand = float(overall.sum())
    for _, period in periods.iterrows():
        mask = (dated["period"] == period["period"]).to_numpy()
        if not mask.any():
            continue
        inside = np.asarray(counts[mask].sum(axis=0)).ravel()
        c = float(inside.sum())
        d = grand - c
        scores = [
            (g2(float(inside[i]), float(overall[i] - inside[i]), c, d), terms[i], i)
            for i in np.flatnonzero(keep)
        ]
        significant = [s for s in scores if abs(s[0]) >= params.keyness_min_g2]
        rising = sorted((s for s in significant if s[0] > 0), key=lambda s: (-s[0], s[1]))
        falling = sorted((s for s in significant if s[0] < 0), key=lambda s: (s[0], s[1]))
        for measure, chosen in (("term_rise", rising), ("term_fall", falling)):
            for score, term, index in chosen[: params.keyness_top]:
                column = counts[:, index].toarray().ravel() > 0
                # a rising term is shown where it occurs in the period; a falling one
                # where it occurs elsewhere, which is what it is missing here
                where = column & mask if measure == "term_rise" else column & ~mask
                rows.append(
                    drift_row(
                        period,
                        "document_year",
                        measure,
                        str(term),
                        round(score, 4),
                        int(inside[index]),
                        int(overall[index] - inside[index]),
                        refs(dated[where]),
                    )
                )
    return rows
