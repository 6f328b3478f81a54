"""The "At a glance" section: a few plain statements read off the tables."""

from __future__ import annotations

import pandas as pd

from pipeline.report.evidence import Cells


def at_a_glance(
    drift: dict[str, object],
    axis: pd.DataFrame,
    definitions: list[dict],
    poles: tuple[str, str],
    cells: Cells,
) -> list[list[object]]:
    """A few plain statements read off the tables, each number a drill-down cell.
    Items are lists of text parts and (text, cell) pairs. Nothing is judged here:
    the statements only put the extremes and the endpoints side by side.

    `drift` is the drift section's context; `poles` the framings at the axis's
    negative (-1) and positive (+1) ends."""
    items: list[list[object]] = []
    axis_item = _axis_over_time(drift["periods"], drift["axis_cells"], poles)
    if axis_item:
        items.append(axis_item)
        last = [p for p in drift["periods"] if (p, "axis") in drift["axis_cells"]][-1]
        shares = _pole_shares(drift["framing_cells"], last, poles)
        if shares:
            items.append(shares)
    placed = axis[axis["n_framed"] > 0]
    if len(placed) >= 2:
        items.append(_furthest_apart(placed))
    shift_cells = drift["shift_cells"]
    if shift_cells:
        (period, key), c = max(shift_cells.items(), key=lambda kv: (kv[1]["value"], kv[0]))
        items.append(
            [
                "Largest shift of the concept's context: ",
                (f"{c['value']:.3f}", c["cell"]),
                f" into {period} ({key}).",
            ]
        )
    if definitions:
        items.append(_restated(definitions, cells))
    return items


def _axis_over_time(
    periods: list[str], axis_cells: dict, poles: tuple[str, str]
) -> list[object] | None:
    """The mean axis position at the first and last period and at the extremes."""
    dated = [p for p in periods if (p, "axis") in axis_cells]
    if not dated:
        return None
    first, last = dated[0], dated[-1]
    peak = max(dated, key=lambda p: (axis_cells[(p, "axis")]["value"], p))
    low = min(dated, key=lambda p: (axis_cells[(p, "axis")]["value"], p))

    def ax(period: str) -> tuple[str, int]:
        c = axis_cells[(period, "axis")]
        return (f"{c['value']:+.2f}", c["cell"])

    negative, positive = poles
    item: list[object] = [
        f"Mean framing axis (−1 {negative} … +1 {positive}): ",
        ax(first),
        f" in {first}",
    ]
    for period, word in ((low, f"most {negative}-leaning"), (peak, f"most {positive}-leaning")):
        if period not in (first, last):
            item += ["; ", ax(period), f" in {period} ({word})"]
    if last != first:
        item += ["; ", ax(last), f" in {last}."]
    return item


def _pole_shares(framing_cells: dict, last: str, poles: tuple[str, str]) -> list[object] | None:
    """The shares of the two poles' framings in the last period."""
    shares: list[object] = [f"In {last}: "]
    for key in poles:
        c = framing_cells.get((last, key))
        if c:
            shares += [(f"{c['value']:.0%}", c["cell"]), f" {key} ({c['n']}/{c['total']}), "]
    if len(shares) == 1:
        return None
    shares[-1] = str(shares[-1]).rstrip(", ") + " of the framed sentences."
    return shares


def _furthest_apart(placed: pd.DataFrame) -> list[object]:
    """The two documents at the ends of the axis, with their intervals."""
    lo = placed.sort_values(["axis_mean", "doc_id"]).iloc[0]
    hi = placed.sort_values(["axis_mean", "doc_id"]).iloc[-1]
    return [
        "Furthest apart on the axis: ",
        lo["label"],
        f" ({lo['axis_mean']:+.2f}, 95% CI "
        f"{lo['axis_ci_low']:+.2f} to {lo['axis_ci_high']:+.2f}) and ",
        hi["label"],
        f" ({hi['axis_mean']:+.2f}, {hi['axis_ci_low']:+.2f} to {hi['axis_ci_high']:+.2f}).",
    ]


def _restated(definitions: list[dict], cells: Cells) -> list[object]:
    """How many definitions there are, from how many sources, and how many restate
    an earlier one (a cell listing those)."""
    restated = [
        d
        for d in definitions
        if d["credited"] and d["doc_year"] and int(d["credited"]) < int(d["doc_year"])
    ]
    sources = sorted({d["source"] for d in definitions})
    item: list[object] = [
        f"{len(definitions)} definition sentences credited to {len(sources)} sources"
    ]
    if restated:
        refs_ = ";".join(d["ref"] for d in restated)
        verb = "restates" if len(restated) == 1 else "restate"
        cell = cells.add("Definitions restated in later documents", refs_)
        item += ["; ", (f"{len(restated)} {verb} an earlier definition", cell)]
    return [*item, "."]
