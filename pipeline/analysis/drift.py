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

import itertools
import math
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer

from pipeline.analysis.inputs import Outputs, refs, split_dimensions
from pipeline.params import DriftParams
from pipeline.tag.actors import acronym

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
UNDATED = "undated"


# --------------------------------------------------------------------------- periods
def period_table(years: Sequence[int | None], bins: list[int] | str) -> pd.DataFrame:
    """The periods that occur for `years`, in time order: label, start, end (inclusive)."""
    present = sorted({int(y) for y in years if y is not None and not pd.isna(y)})
    rows = []
    if bins == "year":
        rows = [(str(y), y, y) for y in present]
    else:
        for start, stop in itertools.pairwise(bins):
            if any(start <= y < stop for y in present):
                end = stop - 1
                rows.append((str(start) if end == start else f"{start}-{end}", start, end))
    return pd.DataFrame(rows, columns=["period", "period_start", "period_end"])


def assign_period(year: object, periods: pd.DataFrame) -> str:
    if year is None or pd.isna(year):
        return UNDATED
    year = int(year)
    for row in periods.itertuples(index=False):
        if row.period_start <= year <= row.period_end:
            return row.period
    return UNDATED


def with_periods(
    frame: pd.DataFrame, year_column: str, periods: pd.DataFrame, name: str = "period"
) -> pd.DataFrame:
    # one lookup table of year -> period, so placing a row costs a dict lookup
    lookup = {
        year: row.period
        for row in periods.itertuples(index=False)
        for year in range(int(row.period_start), int(row.period_end) + 1)
    }
    years = pd.to_numeric(frame[year_column], errors="coerce")
    frame = frame.copy()
    frame[name] = [UNDATED if pd.isna(y) else lookup.get(int(y), UNDATED) for y in years]
    return frame


# --------------------------------------------------------------------------- helpers
def definition_source(
    row: pd.Series, aliases: dict[str, str] | None = None, with_year: bool = True
) -> str:
    """Who a definition is credited to, with the year: the resolved actor
    (defined_by) where the definitions stage gave one, else the attributed source or
    the document's own organisation (or its shortened title). The year is the
    credited one, else the document's. `aliases` maps names to the one the corpus
    credits (tables written before actor resolution)."""
    who = row.get("attributed_to")
    year = row.get("attributed_year")
    if not isinstance(who, str) or not who.strip():
        who = row.get("organisation") if isinstance(row.get("organisation"), str) else None
        if not who:
            title = " ".join(str(row.get("title") or row.get("doc_id")).split())
            who = title if len(title) <= 48 else title[:47] + "…"
        year = row.get("year")
    resolved = row.get("defined_by")
    if isinstance(resolved, str) and resolved.strip():
        who = resolved
    who = (aliases or {}).get(who.strip(), who.strip())
    if not with_year or year is None or pd.isna(year):
        return who
    return f"{who} ({int(year)})"


def source_aliases(definitions: pd.DataFrame) -> dict[str, str]:
    """Full names whose acronym the corpus also credits definitions to (an
    organisation's own definition and a quotation of it then share one label)."""
    credited = {str(w).strip() for w in definitions["attributed_to"].dropna() if str(w).strip()}
    names = credited | {str(o).strip() for o in definitions.get("organisation", pd.Series())
                        .dropna()}  # fmt: skip
    return {name: acronym(name) for name in sorted(names) if acronym(name) in credited - {name}}


def definition_sources(definitions: pd.DataFrame, with_year: bool = True) -> pd.Series:
    """Each definition's source: who with the credited year (a definition is known by
    both: "IOM (2017)"), or `with_year=False` the actor alone (the year then has its
    own column, as in the report's timeline)."""
    if definitions.empty:
        return pd.Series(dtype="object")
    resolved = "defined_by" in definitions and definitions["defined_by"].notna().any()
    aliases = {} if resolved else source_aliases(definitions)
    return definitions.apply(definition_source, axis=1, aliases=aliases, with_year=with_year)


def _row(
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
                    _row(
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
                        _row(
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
                    _row(
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
                _row(
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
                _row(
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
                _row(
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
                    _row(
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


# --------------------------------------------------------------------------- driver
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
            _row(
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
