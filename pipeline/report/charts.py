"""The report's static figures: drawn (or taken from the figure cache) into the
figures folder, the timeline, framing-over-time and axis charts also inline."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import pandas as pd
from matplotlib.figure import Figure

from pipeline.codebook import Codebook
from pipeline.report import figure_files, figures
from pipeline.report.network import Network

if TYPE_CHECKING:
    from pipeline.report.html import ReportOptions, ReportTables


def report_figures(
    defs: pd.DataFrame,
    tables: ReportTables,
    codebook: Codebook,
    stakeholders: dict,
    graph: Network,
    options: ReportOptions,
) -> dict[str, str]:
    """Every figure of the report; returns the inline SVGs and the notes on capped
    figures for the page."""

    def draw(name: str, function: Callable[..., Figure], *args: object) -> str:
        return figure_files.draw(name, options.figures_dir, options.figure_cache, function, *args)

    rows = options.figure_rows
    framings = list(codebook.framings)
    colours = codebook.framing_colours()
    timeline = figures.timeline_rows(defs, rows)
    timeline_svg = draw(
        "definitions_timeline",
        figures.definitions_timeline,
        timeline.rows,
        colours,
        timeline.caption,
        not defs.empty,
    )
    over_time_svg = draw(
        "framing_over_time",
        figures.framing_over_time,
        tables.over_time,
        colours,
        codebook.axis_poles(),
    )
    placed = figures.axis_rows(tables.axis, rows)
    axis_svg = draw(
        "axis_by_document",
        figures.axis_by_document,
        placed.rows,
        colours,
        codebook.axis_captions(),
        placed.caption,
    )
    _comparison_heatmap(draw, tables.comparison, framings, rows)
    matrix = stakeholders["matrix"]
    stake = pd.DataFrame(
        {
            f: {a: matrix.get((a, f), {}).get("n", 0) for a in stakeholders["actor_types"]}
            for f in stakeholders["frame_columns"]
        }
    )
    draw(
        "stakeholder_matrix",
        figures.heatmap,
        stake,
        "interest statements: actor type × framing",
        "count",
    )
    draw(
        "actor_concept_network",
        figures.network,
        graph.positions,
        graph.nodes.drop(columns="evidence", errors="ignore"),
        graph.edges.drop(columns="evidence", errors="ignore"),
    )
    return {
        "timeline_svg": timeline_svg,
        "timeline_note": timeline.note,
        "over_time_svg": over_time_svg,
        "axis_svg": axis_svg,
        "axis_note": placed.note,
    }


def _comparison_heatmap(
    draw: Callable[..., str],
    comparison: pd.DataFrame,
    framings: Sequence[str],
    rows: int | None,
) -> None:
    """Framing shares by comparison group (a file only, not inline)."""
    shares = comparison[comparison["measure"] == "framing_share"]
    heat = shares.pivot_table(
        index="label", columns="key", values="value", aggfunc="first", sort=True
    )
    heat = heat.reindex(columns=[f for f in framings if f in heat.columns])
    framed_per_group = shares.drop_duplicates("label").set_index("label")["total"]
    heat = figures.heatmap_rows(
        heat,
        rows,
        framed_per_group.astype("float64"),
        "comparison.csv",
        "groups",
        "framed sentences",
    )
    draw(
        "comparison_heatmap",
        figures.heatmap,
        heat.rows,
        "framing shares by group",
        "share",
        heat.caption,
    )
