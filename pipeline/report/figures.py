"""Static figures (matplotlib, Agg backend), deterministic byte for byte.

Each figure function returns a matplotlib Figure; `pipeline.report.figure_files`
renders it to SVG text (inlined in the HTML report) and PNG + SVG files, and keeps
them in a cache keyed by exactly what is drawn.

Figures with one row per document or source draw at most `max_rows` rows (`*_rows`
pick them and write the caption), so their cost stops growing with the corpus.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from typing import NamedTuple

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from pipeline.codebook import FRAMING_PALETTE

#: sentences no framing explains
NONE = "none"
NONE_COLOUR = "#999999"
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.fonttype": "none",
    "figure.dpi": 100,
}


def colour(framing: str, colours: Mapping[str, str]) -> str:
    """A framing's colour: the codebook's (`colours`, from Codebook.framing_colours),
    grey for none, and for a framing the codebook no longer has (an old table), a
    palette colour picked by its name so it stays the same from run to run."""
    if framing in colours:
        return colours[framing]
    if framing == NONE:
        return NONE_COLOUR
    return FRAMING_PALETTE[zlib.crc32(framing.encode()) % len(FRAMING_PALETTE)]


def top_rows(weights: pd.Series, max_rows: int | None) -> pd.Index:
    """Index labels of the `max_rows` heaviest rows (ties by label), all when uncapped.
    Figures with one row per document or source stop being readable long before the
    tables do; the CSVs keep every row."""
    if max_rows is None or len(weights) <= max_rows:
        return weights.index
    ranked = pd.DataFrame({"w": weights.to_numpy(), "k": weights.index.astype(str)}, weights.index)
    return ranked.sort_values(["w", "k"], ascending=[False, True], kind="stable").index[:max_rows]


class Shown(NamedTuple):
    """The rows a capped figure draws, the report's note on them and the figure's own
    caption ('' when every row is drawn). The caption leaves out the total, so adding
    a document that does not make the cut leaves the figure, and its cache key, as
    it was."""

    rows: pd.DataFrame
    note: str
    caption: str


def _shown(
    rows: pd.DataFrame, total: int, max_rows: int | None, what: str, by: str, where: str
) -> Shown:
    if max_rows is None or total <= max_rows:
        return Shown(rows, "", "")
    return Shown(
        rows,
        f"{max_rows} of {total} {what} shown (those with the most {by}); {where} lists all.",
        f"the {max_rows} {what} with the most {by}; {where} lists all",
    )


def _caption(ax: Axes, caption: str) -> None:
    if caption:
        ax.set_title(caption, loc="left", fontsize=8, color="#666666")


def _empty(message: str) -> Figure:
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7, 1.2))
        ax.axis("off")
        ax.text(0.5, 0.5, message, ha="center", va="center", color="#666666")
    return fig


def timeline_rows(definitions: pd.DataFrame, max_rows: int | None) -> Shown:
    """The dated definitions the timeline draws (x = the credited year, else the
    document's) and its caption: with `max_rows`, only the sources with the most
    definitions."""
    columns = ["source", "attributed_year", "year", "framing", "doc_id", "sent_id"]
    defs = definitions[columns].copy()
    defs["x"] = defs["attributed_year"].fillna(defs["year"]).astype("float64")
    defs = defs[defs["x"].notna()]
    counts = defs.groupby("source").size()
    defs = defs[defs["source"].isin(top_rows(counts, max_rows))]
    defs = defs.sort_values(["x", "source", "doc_id", "sent_id"]).reset_index(drop=True)
    return _shown(defs, len(counts), max_rows, "sources", "definitions", "definitions.csv")


def definitions_timeline(
    rows: pd.DataFrame, colours: Mapping[str, str], caption: str = "", found: bool = True
) -> Figure:
    """Who defined the concept how and when: one row per credited source, x = the year
    the definition is credited to; a grey line runs to the year of each document that
    restates it (hollow marker). `rows` come from `timeline_rows`; `found` says whether
    there were definitions at all (undated ones are not drawn)."""
    if rows.empty:
        return _empty("no dated definitions" if found else "no definitions found")
    sources = (
        rows.groupby("source")["x"].min().reset_index().sort_values(["x", "source"])["source"]
    ).tolist()
    y_of = {source: i for i, source in enumerate(sources)}
    x = rows["x"].to_numpy()
    y = rows["source"].map(y_of).to_numpy(dtype="float64")
    doc_year = pd.to_numeric(rows["year"], errors="coerce").to_numpy(dtype="float64")
    dots = np.array([colour(f or NONE, colours) for f in rows["framing"].fillna(NONE)])
    restated = ~np.isnan(doc_year) & (doc_year != x)
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(8.5, 0.9 + 0.32 * len(sources)))
        # one artist per layer, not per definition: the lines under the hollow markers
        # (documents restating a definition) under the filled ones (credited year)
        lines = _lines(
            _segments(x[restated], doc_year[restated], y[restated]),
            colors="#bbbbbb",
            linewidths=1,
            zorder=1,
        )
        ax.add_collection(lines)
        hollow = _last_unique(doc_year[restated], y[restated], dots[restated])
        ax.scatter(*hollow[:2], s=28, facecolors="white", edgecolors=hollow[2], zorder=2)
        filled = _last_unique(x, y, dots)
        ax.scatter(*filled[:2], s=46, c=filled[2], zorder=3)
        ax.set_yticks(range(len(sources)), sources)
        ax.invert_yaxis()
        ax.set_xlabel(
            "year the definition is credited to (filled) · year of a document restating it (hollow)"
        )
        ax.grid(axis="x", color="#eeeeee")
        for key in [*colours, NONE]:
            if (rows["framing"].fillna(NONE) == key).any():
                ax.scatter([], [], color=colour(key, colours), label=key)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, title="framing")
        ax.xaxis.get_major_locator().set_params(integer=True)
        _caption(ax, caption)
    return fig


def _lines(segments: object, **style: object) -> LineCollection:
    """Many line segments as one artist, with the caps and joins `ax.plot` gives them
    (projecting caps: a CI bar reaches as far as before it was batched)."""
    return LineCollection(segments, capstyle="projecting", joinstyle="round", **style)


def _segments(x0: np.ndarray, x1: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Horizontal segments (x0, y)–(x1, y) in the (n, 2, 2) shape LineCollection takes."""
    y = np.asarray(y, dtype="float64")
    start = np.column_stack([np.asarray(x0, dtype="float64"), y])
    end = np.column_stack([np.asarray(x1, dtype="float64"), y])
    return np.stack([start, end], axis=1).reshape(-1, 2, 2)


def _last_unique(
    x: np.ndarray, y: np.ndarray, colours: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Markers drawn on top of an identical one change nothing: keep the last of each
    (x, y, colour) so the picture, including which colour ends on top, stays the same."""
    points = pd.DataFrame({"x": x, "y": y, "c": colours})
    points = points.drop_duplicates(keep="last")
    return points["x"].to_numpy(), points["y"].to_numpy(), points["c"].to_numpy()


def framing_over_time(
    over_time: pd.DataFrame, colours: Mapping[str, str], poles: tuple[str, str]
) -> Figure:
    """Stacked framing shares per period (`colours`: framing -> colour, in codebook
    order), with the mean position on the axis between the `poles` framings on top."""
    if over_time.empty:
        return _empty("no framed sentences")
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(8.5, 3.4))
        x = np.arange(len(over_time))
        bottom = np.zeros(len(over_time))
        for key in colours:
            values = over_time[key].astype("float64").to_numpy()
            ax.bar(x, values, bottom=bottom, color=colour(key, colours), label=key, width=0.7)
            bottom += values
        labels = [
            f"{p}\nn={n}" for p, n in zip(over_time["period"], over_time["n_framed"], strict=True)
        ]
        ax.set_xticks(x, labels)
        ax.set_ylabel("share of framed sentences")
        ax.set_ylim(0, 1)
        twin = ax.twinx()
        twin.plot(x, over_time["axis_mean"], color="black", marker="o", lw=1.5, label="axis mean")
        twin.axhline(0, color="#999999", lw=0.6, ls=":")
        twin.set_ylim(-1, 1)
        twin.set_ylabel(f"mean axis: {poles[0]} −1 … +1 {poles[1]}")
        handles, names = ax.get_legend_handles_labels()
        h2, n2 = twin.get_legend_handles_labels()
        ax.legend(
            handles + h2, names + n2, loc="upper left", bbox_to_anchor=(1.16, 1), frameon=False
        )
    return fig


def axis_rows(axis: pd.DataFrame, max_rows: int | None) -> Shown:
    """The documents the axis figure draws (those with framed sentences; with
    `max_rows`, the ones with the most) in table order, and the caption."""
    columns = ["doc_id", "label", "n_framed", "axis_mean", "axis_ci_low", "axis_ci_high"]
    placed = axis.loc[axis["n_framed"] > 0, [*columns, "dominant_framing"]]
    kept = top_rows(placed.set_index("doc_id")["n_framed"], max_rows)
    rows = placed[placed["doc_id"].isin(kept)].reset_index(drop=True)
    return _shown(
        rows, len(placed), max_rows, "documents", "framed sentences", "axis_by_document.csv"
    )


def axis_by_document(
    axis: pd.DataFrame,
    colours: Mapping[str, str],
    captions: tuple[str, str],
    caption: str = "",
) -> Figure:
    """Each document's mean position on the codebook's axis with its 95% CI (`axis`
    from `axis_rows`; `captions` name the axis's negative and positive ends)."""
    if axis.empty:
        return _empty("no framed sentences")
    rows = np.arange(len(axis), dtype="float64")
    dots = [colour(f, colours) for f in axis["dominant_framing"]]
    low, high = axis["axis_ci_low"].to_numpy(), axis["axis_ci_high"].to_numpy()
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(8.5, 0.8 + 0.34 * len(axis)))
        ax.add_collection(
            _lines(
                _segments(low, high, rows),
                colors=dots,
                linewidths=2,
                alpha=0.6,
            )
        )
        ax.scatter(axis["axis_mean"].to_numpy(), rows, c=dots, s=40, zorder=3)
        ax.set_yticks(
            range(len(axis)),
            [
                f"{_short(label)} (n={n})"
                for label, n in zip(axis["label"], axis["n_framed"], strict=True)
            ],
        )
        ax.invert_yaxis()
        ax.axvline(0, color="#999999", lw=0.8, ls=":")
        ax.set_xlim(-1.05, 1.05)
        ax.set_xlabel(f"← {captions[0]}      mean axis position (95% CI)      {captions[1]} →")
        ax.grid(axis="x", color="#eeeeee")
        _caption(ax, caption)
    return fig


def heatmap_rows(
    matrix: pd.DataFrame,
    max_rows: int | None,
    weights: pd.Series,
    where: str,
    what: str = "rows",
    by: str = "weight",
) -> Shown:
    """The `max_rows` rows of a heatmap with the most `weights` (`by`), in their order."""
    kept = top_rows(weights.reindex(matrix.index).fillna(0), max_rows)
    rows = matrix[matrix.index.isin(kept)]
    return _shown(rows, len(matrix), max_rows, what, by, where)


def heatmap(matrix: pd.DataFrame, title: str, value_label: str, caption: str = "") -> Figure:
    """A labelled heatmap (rows × columns) with the value in each cell."""
    if matrix.empty:
        return _empty(f"{title}: nothing to show")
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(1.6 + 1.0 * matrix.shape[1], 0.9 + 0.34 * matrix.shape[0]))
        values = matrix.to_numpy(dtype="float64")
        image = ax.imshow(np.nan_to_num(values), cmap="Blues", aspect="auto", vmin=0)
        ax.set_xticks(range(matrix.shape[1]), matrix.columns, rotation=30, ha="right")
        ax.set_yticks(range(matrix.shape[0]), [_short(str(i)) for i in matrix.index])
        top = np.nanmax(values) if np.isfinite(values).any() else 1
        for (i, j), value in np.ndenumerate(values):
            if not np.isnan(value):
                text = f"{value:.0%}" if value_label == "share" else f"{value:g}"
                ax.text(
                    j,
                    i,
                    text,
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if value > 0.6 * top else "black",
                )
        ax.set_title(f"{title}\n{caption}" if caption else title)
        fig.colorbar(image, ax=ax, label=value_label, shrink=0.8)
    return fig


def network(
    positions: dict[str, tuple[float, float]], nodes: pd.DataFrame, edges: pd.DataFrame
) -> Figure:
    """The actor–concept network drawn from precomputed positions."""
    if nodes.empty:
        return _empty("no actor–interest statements")
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(8.5, 6))
        if not edges.empty:
            ends = zip(edges["source"], edges["target"], strict=True)
            ax.add_collection(
                _lines(
                    [[positions[a], positions[b]] for a, b in ends],
                    colors=list(edges["colour"]),
                    linewidths=(0.6 + 0.6 * edges["weight"].astype("float64")).to_numpy(),
                    alpha=0.6,
                    zorder=1,
                )
            )
        xy = np.array([positions[n] for n in nodes["id"]], dtype="float64")
        sizes = (40 + 25 * nodes["weight"].astype("float64")).to_numpy()
        for kind, marker in (("actor", "o"), ("concept", "s")):
            mask = (nodes["kind"] == "concept").to_numpy() == (kind == "concept")
            if mask.any():
                ax.scatter(
                    xy[mask, 0],
                    xy[mask, 1],
                    s=sizes[mask],
                    marker=marker,
                    c=list(nodes["colour"][mask]),
                    zorder=2,
                )
        for label, (x, y) in zip(nodes["label"], xy, strict=True):
            ax.annotate(
                _short(label, 28), (x, y), xytext=(4, 4), textcoords="offset points", fontsize=7
            )
        ax.autoscale_view()
        ax.axis("off")
    return fig


def _short(text: str, width: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"
