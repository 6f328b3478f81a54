"""The page's sections, one function each: it takes the tables the section shows and
the registry of drill-down cells, and returns the template's context for it.

The order in which the report calls them fixes the cells' numbers (`#cell-N`)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from pipeline.analysis.compare import document_label
from pipeline.analysis.definition_sources import definition_sources
from pipeline.report.evidence import Cells, refs_of
from pipeline.report.formats import confidence, text, year
from pipeline.report.network import Network, to_svg
from pipeline.tag.actors import UNTYPED
from pipeline.tag.interest_phrase import UNSPECIFIED, shorten

Context = dict[str, object]


def documents(table: pd.DataFrame) -> pd.DataFrame:
    """One row per document, with the label the page cites it by."""
    out = table.drop_duplicates("doc_id").copy()
    out["label"] = out.apply(document_label, axis=1)
    return out


def corpus(docs: pd.DataFrame, problems: pd.DataFrame) -> Context:
    """The corpus table (every file, its status and problem) and the problems table."""
    return {
        "documents": docs.sort_values(["year", "file"], na_position="last").to_dict("records"),
        "problems": problems.sort_values(["file", "stage"]).fillna("").to_dict("records"),
    }


def dated_definitions(definitions: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """The definitions with their document's year, organisation and title, the actor
    each is credited to and the year credited, in timeline order (one row per actor:
    the credited year has its own column)."""
    meta = docs.set_index("doc_id")[["year", "organisation", "title"]]
    defs = definitions.merge(meta.reset_index(), on="doc_id", how="inner")
    defs["source"] = definition_sources(defs, with_year=False)
    defs["credited_year"] = defs["attributed_year"].fillna(defs["year"])
    return defs.sort_values(
        ["credited_year", "source", "year", "doc_id", "sent_id"], na_position="last"
    )


def definitions(defs: pd.DataFrame, label_of: dict[str, str], cells: Cells) -> list[dict]:
    """The definitions table: one row per definition sentence, each a cell."""
    return [
        {
            "credited": year(row.credited_year),
            "source": row.source,
            "document": label_of.get(row.doc_id, row.doc_id),
            "doc_year": year(row.year),
            "framing": text(row.framing) or "none",
            "dimensions": text(row.dimensions).replace(";", ", "),
            "text": text(row.text),
            "ref": f"{row.doc_id}:{row.sent_id}",
            "confidence": confidence(row.confidence),
            "cell": cells.add(f"Definition: {row.source}", f"{row.doc_id}:{row.sent_id}"),
        }
        for row in defs.itertuples()
    ]


def _measure_cells(
    drift: pd.DataFrame, cells: Cells, measure: str, basis: str = "document_year"
) -> dict[tuple[str, str], dict]:
    """(period, key) -> the value, counts and cell of one drift measure."""
    chosen = drift[(drift["measure"] == measure) & (drift["basis"] == basis)]
    out = {}
    for row in chosen.itertuples():
        what = measure.replace("_", " ")
        title = f"{what} · {row.key} · {row.period} ({basis.replace('_', ' ')})"
        out[(row.period, row.key)] = {
            "value": row.value,
            "n": row.n,
            "total": row.total,
            "cell": cells.add(title, row.evidence),
        }
    return out


def _in_force(drift: pd.DataFrame, periods: list[str], cells: Cells) -> dict:
    """basis -> period -> the definitions in force, each a chip."""
    return {
        basis: {
            period: [
                {
                    "key": row.key,
                    "n": row.n,
                    "cell": cells.add(
                        f"Definitions in force {period} by {basis.replace('_', ' ')}: {row.key}",
                        row.evidence,
                    ),
                }
                for row in drift[
                    (drift["measure"] == "definition")
                    & (drift["basis"] == basis)
                    & (drift["period"] == period)
                ].itertuples()
            ]
            for period in periods
        }
        for basis in ("document_year", "attributed_year")
    }


def _terms(drift: pd.DataFrame, periods: list[str], cells: Cells) -> dict:
    """term_rise / term_fall -> period -> the period's rising or falling terms."""
    return {
        measure: {
            period: [
                {
                    "key": row.key,
                    "value": row.value,
                    "cell": cells.add(
                        f"'{row.key}' ({measure.replace('term_', '')}s in {period}, "
                        f"G²={row.value:+.1f})",
                        row.evidence,
                    ),
                }
                for row in drift[
                    (drift["measure"] == measure) & (drift["period"] == period)
                ].itertuples()
            ]
            for period in periods
        }
        for measure in ("term_rise", "term_fall")
    }


def drift_tables(drift: pd.DataFrame, cells: Cells) -> Context:
    """Framing over time (shares and axis mean per period) and the drift section:
    definitions in force, their dimensions, context shift and vocabulary."""
    periods = drift.drop_duplicates("period")[["period", "period_start"]]
    periods = list(periods.sort_values("period_start")["period"])
    framing_cells = _measure_cells(drift, cells, "framing_share")
    axis_cells = _measure_cells(drift, cells, "axis_mean")
    in_force = _in_force(drift, periods, cells)
    dimension_cells = _measure_cells(drift, cells, "dimension_share", "attributed_year")
    return {
        "periods": periods,
        "framing_cells": framing_cells,
        "axis_cells": axis_cells,
        "in_force": in_force,
        "dimensions": sorted({key for (_, key) in dimension_cells}),
        "dimension_cells": dimension_cells,
        "shift_cells": _measure_cells(drift, cells, "context_shift"),
        "terms": _terms(drift, periods, cells),
    }


def comparison(table: pd.DataFrame, cells: Cells) -> Context:
    """The comparison table: framing shares, axis, definitions and dimensions per group."""
    groups = table.drop_duplicates("group")[["group", "label", "year"]]
    groups = groups.sort_values(["year", "label"], na_position="last")
    dims = sorted(table.loc[table["measure"] == "dimension_share", "key"].unique())
    comp_cells: dict[tuple[str, str, str], dict] = {}
    for row in table.itertuples():
        if row.measure not in ("framing_share", "axis_mean", "dimension_share", "definitions"):
            continue
        comp_cells[(row.group, row.measure, row.key)] = {
            "value": row.value,
            "n": row.n,
            "total": row.total,
            "ci_low": row.ci_low,
            "ci_high": row.ci_high,
            "cell": cells.add(
                f"{row.label}: {row.measure.replace('_', ' ')} {row.key}", row.evidence
            ),
        }
    return {"comp_groups": groups.to_dict("records"), "comp_dims": dims, "comp_cells": comp_cells}


def stakeholders(
    interests: pd.DataFrame, framed: pd.DataFrame, framings: Sequence[str], cells: Cells
) -> Context:
    """Actor types × the framing of the sentence stating the interest, and each
    actor type's interests (phrase, stance, statements) as chips."""
    interests = interests.merge(
        framed[["doc_id", "sent_id", "framing"]].rename(columns={"framing": "frame"}),
        on=["doc_id", "sent_id"],
        how="left",
    )
    interests["frame"] = interests["frame"].fillna("none")
    interests["actor_type"] = interests["actor_type"].fillna(UNTYPED).astype(str)
    matrix: dict[tuple[str, str], dict] = {}
    for (actor_type, frame), group in interests.groupby(["actor_type", "frame"]):
        matrix[(actor_type, frame)] = {
            "n": len(group),
            "cell": cells.add(f"{actor_type} × {frame}", refs_of(group)),
        }
    return {
        "actor_types": sorted(interests["actor_type"].unique()),
        "frame_columns": [*framings, "none"],
        "matrix": matrix,
        "interest_lists": _interest_lists(interests, cells),
    }


def _interest_lists(interests: pd.DataFrame, cells: Cells) -> dict[str, list[dict]]:
    """actor type -> its interests, most stated first."""
    interests["shown"], interests["as_sentence"] = interest_labels(interests)
    actor_names = (
        interests["canonical"].where(interests["canonical"].notna(), interests["actor"])
        if "canonical" in interests
        else interests["actor"]
    )
    interests["who"] = actor_names.fillna("").astype(str)
    lists = {}
    for actor_type, group in interests.groupby("actor_type"):
        items = []
        for (shown, stance), sub in sorted(
            group.groupby([group["shown"], group["stance"].fillna("")]),
            key=lambda kv: (-len(kv[1]), kv[0]),
        ):
            items.append(
                {
                    "interest": shown,
                    "sentence": bool(sub["as_sentence"].all()),
                    "actors": ", ".join(sorted(set(sub["who"]) - {""})),
                    "stance": stance,
                    "confidence": confidence(sub["confidence"].max()),
                    "n": len(sub),
                    "cell": cells.add(f"{actor_type}: {shown} ({stance})", refs_of(sub)),
                }
            )
        lists[actor_type] = items
    return lists


def interest_labels(interests: pd.DataFrame) -> tuple[list[str], list[bool]]:
    """What a chip shows for each interest: its phrase, or for an unspecified one
    (no phrase the parse could name) the sentence that states it, shortened."""
    kinds = interests.get("interest_kind", pd.Series(index=interests.index, dtype="object"))
    shown, as_sentence = [], []
    for phrase, kind, sentence in zip(
        interests["interest"].tolist(), kinds.tolist(), interests["text"].tolist(), strict=True
    ):
        phrase = phrase.strip() if isinstance(phrase, str) else ""
        if phrase and kind != UNSPECIFIED:
            shown.append(phrase)
            as_sentence.append(False)
        else:
            shown.append(shorten(sentence))
            as_sentence.append(True)
    return shown, as_sentence


def network(graph: Network, cells: Cells) -> Context:
    """The actor–concept network as inline SVG, every node and edge a cell."""
    net_cells = {}
    for node in graph.nodes.itertuples():
        net_cells[node.id] = cells.add(f"{node.kind}: {node.label}", node.evidence)
    for edge in graph.edges.itertuples():
        net_cells[f"{edge.source}|{edge.target}|{edge.stance}"] = cells.add(
            f"{edge.source.split(':', 1)[1]} → {edge.target.split(':', 1)[1]} ({edge.stance})",
            edge.evidence,
        )
    return {"network_svg": to_svg(graph, net_cells)}
