"""How the page writes a value: shares, years, confidences and cell colours (the
template's filters)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def share(value: float) -> str:
    return "–" if pd.isna(value) else f"{value:.0%}"


def blue(value: float) -> str:
    if pd.isna(value):
        return ""
    alpha = round(0.08 + 0.8 * float(np.clip(value, 0, 1)), 2)
    ink = "#fff" if alpha > 0.55 else "#111"
    return f"background:rgba(36,113,163,{alpha});color:{ink}"


def diverging(value: float) -> str:
    """Red for the axis's negative end (-1), blue for its positive end (+1)."""
    if pd.isna(value):
        return ""
    alpha = round(0.1 + 0.75 * min(1.0, abs(float(value))), 2)
    rgb = "192,57,43" if value < 0 else "36,113,163"
    ink = "#fff" if alpha > 0.55 else "#111"
    return f"background:rgba({rgb},{alpha});color:{ink}"


def year(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(int(value))


def confidence(value: object) -> str:
    """A tag's calibrated probability for the page ("" when the table has none:
    such a tag is never hidden by the confidence filter)."""
    return "" if value is None or pd.isna(value) else f"{float(value):.2f}"


def text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


#: the template's filters
FILTERS = {"share": share, "blue": blue, "diverging": diverging, "year": year, "text": text}
