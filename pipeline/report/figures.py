"""Static figures (matplotlib, Agg backend), deterministic byte for byte.

Each figure function returns a matplotlib Figure; `render` turns it into SVG text
(inlined in the HTML report) and writes PNG + SVG files. SVG ids are salted per
figure and dates are stripped so the same data always gives the same bytes.
"""

from __future__ import annotations

import io as stdio
import zlib
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from pipeline import io

FRAMING_COLOURS = {
    "prevention": "#c0392b",
    "choice": "#2471a3",
    "development": "#1e8449",
    "wellbeing": "#b9770e",
    "none": "#999999",
}
_SPARE = ["#7d3c98", "#117a65", "#a04000", "#2e4053", "#b03a2e", "#1f618d"]
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.fonttype": "none",
    "figure.dpi": 100,
}


def colour(framing: str, order: Sequence[str] = ()) -> str:
    if framing in FRAMING_COLOURS:
        return FRAMING_COLOURS[framing]
    index = list(order).index(framing) if framing in order else zlib.crc32(framing.encode())
    return _SPARE[index % len(_SPARE)]


def render(fig: Figure, name: str, folder: Path | None) -> str:
    """SVG text of the figure (for inlining); also writes folder/name.svg|png."""
    with plt.rc_context({"svg.hashsalt": f"policyframes-{name}"}):
        buffer = stdio.StringIO()
        fig.savefig(
            buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight"
        )
        svg = buffer.getvalue()
        if folder is not None:
            io.write_text(folder / f"{name}.svg", svg)
            png = stdio.BytesIO()
            fig.savefig(
                png, format="png", dpi=130, metadata={"Software": None}, bbox_inches="tight"
            )
            io.write_bytes(folder / f"{name}.png", png.getvalue())
    plt.close(fig)
    # drop the XML prolog and DOCTYPE so the SVG can sit inside HTML
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def _empty(message: str) -> Figure:
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7, 1.2))
        ax.axis("off")
        ax.text(0.5, 0.5, message, ha="center", va="center", color="#666666")
    return fig


def definitions_timeline(definitions: pd.DataFrame, framings: Sequence[str]) -> Figure:
    """Who defined the concept how and when: one row per credited source, x = the year
    the definition is credited to; a grey line runs to the year of each document that
    restates it (hollow marker)."""
    if definitions.empty:
        return _empty("no definitions found")
    defs = definitions.copy()
    defs["x"] = defs["attributed_year"].fillna(defs["year"]).astype("float64")
    defs = defs[defs["x"].notna()]
    if defs.empty:
        return _empty("no dated definitions")
    sources = (
        defs.groupby("source")["x"].min().reset_index().sort_values(["x", "source"])["source"]
    ).tolist()
    y_of = {source: i for i, source in enumerate(sources)}
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(8.5, 0.9 + 0.32 * len(sources)))
        for row in defs.sort_values(["x", "source", "doc_id", "sent_id"]).itertuples():
            y = y_of[row.source]
            doc_year = float(row.year) if not pd.isna(row.year) else np.nan
            c = colour(row.framing or "none", framings)
            if not np.isnan(doc_year) and doc_year != row.x:
                ax.plot([row.x, doc_year], [y, y], color="#bbbbbb", lw=1, zorder=1)
                ax.scatter([doc_year], [y], s=28, facecolors="white", edgecolors=c, zorder=2)
            ax.scatter([row.x], [y], s=46, color=c, zorder=3)
        ax.set_yticks(range(len(sources)), sources)
        ax.invert_yaxis()
        ax.set_xlabel(
            "year the definition is credited to (filled) · year of a document restating it (hollow)"
        )
        ax.grid(axis="x", color="#eeeeee")
        for key in [*framings, "none"]:
            if (defs["framing"].fillna("none") == key).any():
                ax.scatter([], [], color=colour(key, framings), label=key)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, title="framing")
        ax.xaxis.get_major_locator().set_params(integer=True)
    return fig


def framing_over_time(over_time: pd.DataFrame, framings: Sequence[str]) -> Figure:
    """Stacked framing shares per period, with the mean axis position on top."""
    if over_time.empty:
        return _empty("no framed sentences")
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(8.5, 3.4))
        x = np.arange(len(over_time))
        bottom = np.zeros(len(over_time))
        for key in framings:
            values = over_time[key].astype("float64").to_numpy()
            ax.bar(x, values, bottom=bottom, color=colour(key, framings), label=key, width=0.7)
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
        twin.set_ylabel("mean axis: prevention −1 … +1 choice")
        handles, names = ax.get_legend_handles_labels()
        h2, n2 = twin.get_legend_handles_labels()
        ax.legend(
            handles + h2, names + n2, loc="upper left", bbox_to_anchor=(1.16, 1), frameon=False
        )
    return fig


def axis_by_document(axis: pd.DataFrame, framings: Sequence[str]) -> Figure:
    """Each document's mean position on the prevention ↔ choice axis with its 95% CI."""
    axis = axis[axis["n_framed"] > 0]
    if axis.empty:
        return _empty("no framed sentences")
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(8.5, 0.8 + 0.34 * len(axis)))
        for i, row in enumerate(axis.itertuples()):
            c = colour(row.dominant_framing, framings)
            ax.plot([row.axis_ci_low, row.axis_ci_high], [i, i], color=c, lw=2, alpha=0.6)
            ax.scatter([row.axis_mean], [i], color=c, s=40, zorder=3)
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
        ax.set_xlabel(
            "← re-emigration prevention      mean axis position (95% CI)      mobility as choice →"
        )
        ax.grid(axis="x", color="#eeeeee")
    return fig


def heatmap(matrix: pd.DataFrame, title: str, value_label: str) -> Figure:
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
        ax.set_title(title)
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
        for edge in edges.itertuples():
            (x0, y0), (x1, y1) = positions[edge.source], positions[edge.target]
            ax.plot(
                [x0, x1],
                [y0, y1],
                color=edge.colour,
                lw=0.6 + 0.6 * edge.weight,
                alpha=0.6,
                zorder=1,
            )
        for node in nodes.itertuples():
            x, y = positions[node.id]
            marker = "s" if node.kind == "concept" else "o"
            ax.scatter(
                [x], [y], s=40 + 25 * node.weight, marker=marker, color=node.colour, zorder=2
            )
            ax.annotate(
                _short(node.label, 28),
                (x, y),
                xytext=(4, 4),
                textcoords="offset points",
                fontsize=7,
            )
        ax.axis("off")
    return fig


def _short(text: str, width: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"
