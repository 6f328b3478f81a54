"""Ruling lines: the straight strokes a page draws, and the tables they make.

pdfium's path objects give the page's straight horizontal and vertical strokes
(``Rulings``, read in the same walk as the drawn frames). When they can form a grid
(``has_grid``), pdfplumber's table finder turns them into cells and tables
(``ruled_tables``); ``pipeline.extract.tables`` fills the cells with the pdfium
words.
"""

from __future__ import annotations

import ctypes
import itertools
from dataclasses import dataclass

import numpy as np
import pypdfium2.raw as pdfium_c

#: pdfplumber's table finder on the lines it is given (pdfplumber's default
#: tolerances for snapping, joining and intersections)
TABLE_SETTINGS = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit"}
RULE_THICKNESS = 3.0  # points: a path thinner than this is a ruling line
RULE_MIN_LENGTH = 6.0  # points: shorter strokes are ticks, bullets and glyph parts
MAX_PATH_SEGMENTS = 150  # longer paths are drawings (maps, charts), not table rules
MAX_RULINGS = 4000  # a page with more strokes is a drawing: no grid search
_FINITE_MIN, _FINITE_MAX = -1e6, 1e6  # comparisons with NaN are false as well
SNAP = 2.0  # points: rulings closer than this are one line; crossings within it meet


class Rulings:
    """Straight horizontal and vertical strokes of one page, in top-left page
    coordinates. Called with each pdfium path object (``layout.read_frames`` walks
    them already, so the page is not walked twice)."""

    def __init__(self, left: float = 0.0, top: float = 0.0) -> None:
        self.left, self.top = left, top
        self.h: list[tuple[float, float, float]] = []  # (y, x0, x1)
        self.v: list[tuple[float, float, float]] = []  # (x, top, bottom)
        self._box = [ctypes.c_float() for _ in range(4)]
        self._x, self._y = ctypes.c_float(), ctypes.c_float()
        self._close = ctypes.c_int()

    def __call__(self, obj) -> None:
        if len(self.h) + len(self.v) > MAX_RULINGS:
            return
        box = self._box
        if not pdfium_c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in box)):
            return
        left, bottom, right, top = (v.value for v in box)
        if not _FINITE_MIN < left + bottom + right + top < _FINITE_MAX:
            return  # damaged geometry (NaN or absurd coordinates)
        x0, x1 = left - self.left, right - self.left
        y0, y1 = self.top - top, self.top - bottom
        w, h = x1 - x0, y1 - y0
        if max(w, h) < RULE_MIN_LENGTH:
            return
        if h <= RULE_THICKNESS:  # a rule drawn as a line or a thin filled rect
            self.h.append(((y0 + y1) / 2, x0, x1))
            return
        if w <= RULE_THICKNESS:
            self.v.append(((x0 + x1) / 2, y0, y1))
            return
        self._segments(obj, x0, y0, w, h)

    def _segments(self, obj, x0: float, y0: float, w: float, h: float) -> None:
        """Axis-parallel straight segments of a larger path (rect outlines, grids
        drawn as one path). Points are in the path's own space; they are placed on
        the page by fitting their extent into the object's page bounds, which is
        exact for the scaled and shifted paths tables are drawn with (a mirrored or
        rotated path still yields the same grid)."""
        n = pdfium_c.FPDFPath_CountSegments(obj)
        if n < 2 or n > MAX_PATH_SEGMENTS:
            return
        points: list[tuple[int, float, float, bool]] = []
        for i in range(n):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
            if not pdfium_c.FPDFPathSegment_GetPoint(
                seg, ctypes.byref(self._x), ctypes.byref(self._y)
            ):
                return
            kind = pdfium_c.FPDFPathSegment_GetType(seg)
            points.append(
                (kind, self._x.value, self._y.value, bool(pdfium_c.FPDFPathSegment_GetClose(seg)))
            )
        xs = [p[1] for p in points]
        ys = [p[2] for p in points]
        lx0, ly1 = min(xs), max(ys)
        sx = w / max(max(xs) - lx0, 1e-6)
        sy = h / max(ly1 - min(ys), 1e-6)
        start = prev = None
        for kind, x, y, close in points:
            px, py = x0 + (x - lx0) * sx, y0 + (ly1 - y) * sy
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
                start = prev = (px, py)
                continue
            if kind == pdfium_c.FPDF_SEGMENT_LINETO and prev is not None:
                self._add(prev, (px, py))
            prev = (px, py)
            if close and start is not None:
                self._add(prev, start)
                prev = start

    def _add(self, a: tuple[float, float], b: tuple[float, float]) -> None:
        (ax, ay), (bx, by) = a, b
        if abs(ay - by) <= 0.5 and abs(ax - bx) >= RULE_MIN_LENGTH:
            self.h.append((ay, min(ax, bx), max(ax, bx)))
        elif abs(ax - bx) <= 0.5 and abs(ay - by) >= RULE_MIN_LENGTH:
            self.v.append((ax, min(ay, by), max(ay, by)))


def _distinct(values: list[float]) -> int:
    values = sorted(values)
    return 1 + sum(1 for a, b in itertools.pairwise(values) if b - a > SNAP) if values else 0


def has_grid(rulings: Rulings) -> bool:
    """Whether the rulings can make a table: a column rule that meets three
    horizontal rules (two rows or more). Outer borders are often left out (see
    ``_open_sides``); frames, boxes of a diagram and rules under headings meet
    two at most. The finder only runs on such pages."""
    if not rulings.v or len(rulings.h) < 3 or len(rulings.h) + len(rulings.v) > MAX_RULINGS:
        return False
    h = np.array(rulings.h)
    v = np.array(_join_vertical(rulings.v))
    meets = (
        (v[:, None, 0] >= h[None, :, 1] - SNAP)
        & (v[:, None, 0] <= h[None, :, 2] + SNAP)
        & (h[None, :, 0] >= v[:, None, 1] - SNAP)
        & (h[None, :, 0] <= v[:, None, 2] + SNAP)
    )
    for k in np.nonzero(meets.sum(axis=1) >= 3)[0]:
        if _distinct(h[meets[k], 0].tolist()) >= 3:
            return True
    return False


def _join_vertical(rules: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Vertical rules with the pieces of one line joined (tables drawn cell by
    cell draw each column rule in pieces)."""
    joined: list[list[float]] = []
    for x, t, b in sorted(rules):
        for rule in reversed(joined[-8:]):  # the pieces at this x sort just before
            if abs(rule[0] - x) <= SNAP and t <= rule[2] + SNAP:
                rule[2] = max(rule[2], b)
                break
        else:
            joined.append([x, t, b])
    return [tuple(rule) for rule in joined]


@dataclass(frozen=True, slots=True)
class _PageFrame:
    """What pdfplumber's TableFinder reads from a page when every line is given
    explicitly: the page box (objects are never parsed, so the document is never
    opened with pdfplumber; tests/test_extract_tables.py checks that this holds
    for the pinned pdfplumber version)."""

    bbox: tuple[float, float, float, float]


def ruled_tables(rulings: Rulings, width: float, height: float) -> list:
    """pdfplumber's tables (``pdfplumber.table.Table``: ``bbox``, ``rows`` of cell
    boxes) for the page's ruling lines, in the words' coordinates.

    The lines come from pdfium's path objects through pdfplumber's documented
    "explicit" strategy, which takes line objects instead of parsing the page:
    pdfplumber's own page parse (pdfminer) runs at about 10 pages/s and would
    dominate extraction time on documents with many tables. Snapping, joining,
    intersections, cells and tables are pdfplumber's."""
    from pdfplumber.table import TableFinder

    def line(x0: float, top: float, x1: float, bottom: float) -> dict:
        return {
            "object_type": "line",
            "x0": x0,
            "top": top,
            "x1": x1,
            "bottom": bottom,
            "width": x1 - x0,
            "height": bottom - top,
        }

    ends, sides = _open_sides(rulings)
    settings = {
        **TABLE_SETTINGS,
        "explicit_horizontal_lines": [line(x0, y, x1, y) for y, x0, x1 in rulings.h + ends],
        "explicit_vertical_lines": [line(x, t, x, b) for x, t, b in rulings.v + sides],
    }
    return TableFinder(_PageFrame((0.0, 0.0, width, height)), settings).tables


def _open_sides(rulings: Rulings) -> tuple[list, list]:
    """Borders of tables drawn without them: three or more horizontal rules of the
    same extent with a column rule between their ends, running from the first
    rule to the last. The sides close the first and last columns; where the
    column rule runs on above the first rule or below the last (a table without
    top or bottom border), the table is closed at its ends. Without them the
    finder sees no cell in the outer columns and rows. Returns the added
    (horizontal, vertical) rulings."""
    extents: list[list[float]] = []  # [y, x0, x1] of each rule row, pieces joined
    for y, x0, x1 in sorted(rulings.h):
        if extents and y - extents[-1][0] <= SNAP:
            extents[-1][1] = min(extents[-1][1], x0)
            extents[-1][2] = max(extents[-1][2], x1)
        else:
            extents.append([y, x0, x1])
    h: list[tuple[float, float, float]] = []
    v: list[tuple[float, float, float]] = []
    done: set[int] = set()
    for i, (_, x0, x1) in enumerate(extents):
        if i in done:
            continue
        group = [
            k
            for k in range(i, len(extents))
            if abs(extents[k][1] - x0) <= SNAP and abs(extents[k][2] - x1) <= SNAP
        ]
        done.update(group)
        if len(group) < 3:
            continue
        top, bottom = extents[group[0]][0], extents[group[-1]][0]
        inner = [(x, t, b) for x, t, b in rulings.v if x0 + SNAP < x < x1 - SNAP]
        # a column rule from the first rule to the last: one table, not boxes and
        # a chart that happen to share a width (rules alone give no columns)
        reach = _spanning_rule(inner, top, bottom)
        if reach is None:
            continue
        if reach[0] < top - SNAP:
            top = reach[0]
            h.append((top, x0, x1))
        if reach[1] > bottom + SNAP:
            bottom = reach[1]
            h.append((bottom, x0, x1))
        v += [(x0, top, bottom), (x1, top, bottom)]
    return h, v


def _spanning_rule(
    rules: list[tuple[float, float, float]], top: float, bottom: float
) -> tuple[float, float] | None:
    """(top, bottom) of the rules at one x position that cover 90% of top..bottom
    (pieces touching each other count as one rule), or None."""
    by_x: list[list[tuple[float, float, float]]] = []
    for rule in sorted(rules):
        if by_x and rule[0] - by_x[-1][-1][0] <= SNAP:
            by_x[-1].append(rule)
        else:
            by_x.append([rule])
    for column in by_x:
        pieces: list[list[float]] = []
        for _, t, b in sorted(column, key=lambda r: r[1]):
            if pieces and t <= pieces[-1][1] + SNAP:
                pieces[-1][1] = max(pieces[-1][1], b)
            else:
                pieces.append([t, b])
        for t, b in pieces:
            if min(b, bottom) - max(t, top) >= 0.9 * (bottom - top):
                return t, b
    return None
