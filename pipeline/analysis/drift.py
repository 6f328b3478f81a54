"""How the concept's meaning moves over time.

Documents are placed in periods (bins of years, or single years). Per period the
module reports, in one long table (`DRIFT_COLUMNS`):

- `definition`: the definitions in force, twice: by the year of the document that
  states them (basis `document_year`) and by the year the definition is credited to
  (basis `attributed_year`: a 2019 brief quoting IOM 2001 places that definition in
  2001);
- `definition_framing`, `dimension_share`: how definitions in force are framed and
  which dimensions they name;
- `framing_share`, `axis_mean`: the framing profile of the concept's sentences;
- `context_shift`: cosine distance between the centroids of the embeddings of
  sentences that mention the concept, from the previous period to this one;
- `term_rise` / `term_fall`: terms over- and under-represented in the period
  against all other periods (log-likelihood G², Dunning 1993).

Each row's `evidence` lists the sentences behind its value.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from pipeline.analysis.drift_measures import (
    context_shift,
    definitions_in_force,
    drift_row,
    framing_profile,
    keyness,
)
from pipeline.analysis.inputs import Outputs
from pipeline.analysis.periods import period_table, with_periods
from pipeline.params import DriftParams

DRIFT_COLUMNS = [
    "period",
    "period_start",
    "period_end",
    "basis",
    "measure",
    "key",
    "value",
    "n",
    "total",
    "evidence",
]


def drift_table(
    outputs: Outputs, params: DriftParams, framings: Sequence[str], concept: re.Pattern[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The drift table and the per-period framing table used for plots. `concept`
    finds a mention of the concept (`pipeline.concept.concept_pattern`)."""
    documents = outputs.ok_documents[["doc_id", "year", "organisation", "title"]]
    documents = documents.drop_duplicates("doc_id")
    definitions = outputs.definitions.merge(documents, on="doc_id", how="inner")
    all_years = list(documents["year"]) + list(definitions["attributed_year"])
    periods = period_table(all_years, params.bins)

    framed = outputs.framings.merge(documents[["doc_id", "year"]], on="doc_id", how="inner")
    framed = with_periods(framed, "year", periods)

    rows = definitions_in_force(definitions, periods, framings)
    rows += framing_profile(framed, periods, framings)

    context = framed
    if params.context == "concept":
        context = framed[framed["text"].astype(str).str.contains(concept)]
    if not outputs.embeddings.empty:
        embedded = context.merge(
            outputs.embeddings[["doc_id", "sent_id", "vector"]],
            on=["doc_id", "sent_id"],
            how="inner",
        )
        rows += context_shift(embedded, periods, params.min_context)
    rows += keyness(context[["doc_id", "sent_id", "period", "text"]], periods, params)

    docs = with_periods(documents, "year", periods)
    for _, period in periods.iterrows():
        here = docs[docs["period"] == period["period"]]
        rows.append(
            drift_row(
                period,
                "document_year",
                "documents",
                "all",
                len(here),
                len(here),
                len(documents),
                ";".join(sorted(here["doc_id"])),
            )
        )

    table = pd.DataFrame(rows, columns=DRIFT_COLUMNS)
    order = {p: i for i, p in enumerate(periods["period"])}
    measure_order = {m: i for i, m in enumerate(MEASURES)}
    table = table.assign(
        _p=table["period"].map(order), _m=table["measure"].map(measure_order)
    ).sort_values(["_p", "basis", "_m", "key"], kind="stable")
    table = table.drop(columns=["_p", "_m"]).reset_index(drop=True)
    return table, framing_over_time(table, framings)


MEASURES = [
    "documents",
    "definition",
    "definition_framing",
    "dimension_share",
    "framing_share",
    "axis_mean",
    "context_shift",
    "term_rise",
    "term_fall",
]


def framing_over_time(drift: pd.DataFrame, framings: Sequence[str]) -> pd.DataFrame:
    """Wide per-period framing shares (+ axis mean): the table DVC plots and the
    report's chart read."""
    shares = drift[drift["measure"] == "framing_share"]
    if shares.empty:
        return pd.DataFrame(columns=["period", "period_start", "n_framed", *framings, "axis_mean"])
    wide = shares.pivot_table(
        index=["period", "period_start"], columns="key", values="value", aggfunc="first"
    ).reset_index()
    totals = shares.groupby("period")["total"].first()
    axis = drift[drift["measure"] == "axis_mean"].set_index("period")["value"]
    wide["n_framed"] = wide["period"].map(totals).astype("int64")
    wide["axis_mean"] = wide["period"].map(axis)
    for key in framings:
        if key not in wide.columns:
            wide[key] = 0.0
    wide = wide[["period", "period_start", "n_framed", *framings, "axis_mean"]]
    wide.columns.name = None
    return wide.sort_values("period_start").reset_index(drop=True)
