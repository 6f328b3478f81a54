"""Periods: documents placed in bins of years, or single years (`drift.bins`)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import pandas as pd

UNDATED = "undated"


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
