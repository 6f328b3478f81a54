"""Tables: pdfplumber's table finder on the page's ruling lines, read row by row.

Ruled tables: pdfium's path objects give the page's straight horizontal and
vertical strokes (``Rulings``, read in the same walk as the drawn frames). When
they can form a grid (``has_grid``), pdfplumber's table finder turns them into
cells and tables (``ruled_tables``), and the pdfium words in each cell fill it.
The words inside a table's box leave the other blocks, so no cell is read twice.

Borderless tables (no lines to follow) are read by the alignment detector below,
the fallback wherever pdfplumber's finder finds no table. It recognises a table
from its rows: three or more rows with two or more separate line segments (at
least two rows with three or more, or "Label: value" rows) whose left edges line
up across rows, with wrapped cell lines in between. Prose columns are excluded
because their lines are long and of equal width (justified text), which table
cells rarely are. Column analysis alone would read such a table column by column
(each column of cells looks like a narrow text column).

pdfplumber's text strategies could replace it only through pdfplumber's own page
parse (pdfminer, about 10 pages/s). Tried on the pages where the detector fires,
they gave the same benchmark order and word F1 (docling set) at a third less
speed, so the detector stays as the reader of borderless tables.
"""

from __future__ import annotations

import ctypes
import itertools
import re
from dataclasses import dataclass, field

import numpy as np
import pypdfium2.raw as pdfium_c

from pipeline.extract.geometry import Line, Word, group_lines
from pipeline.extract.layout import LayoutBlock

ALIGN = 4.0  # points: left edges closer than this are one table column
_LABEL = re.compile(r"^[^:]{1,40}:\s")  # "Commissioned by: IOM" starts a row of its own

#: pdfplumber's table finder on the lines it is given (pdfplumber's default
#: tolerances for snapping, joining and intersections)
TABLE_SETTINGS = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit"}
RULE_THICKNESS = 3.0  # points: a path thinner than this is a ruling line
RULE_MIN_LENGTH = 6.0  # points: shorter strokes are ticks, bullets and glyph parts
MAX_PATH_SEGMENTS = 150  # longer paths are drawings (maps, charts), not table rules
MAX_RULINGS = 4000  # a page with more strokes is a drawing: no grid search
EMPTY_COLUMN = 12.0  # points: an empty column this wide is a gap between boxes
_FINITE_MIN, _FINITE_MAX = -1e6, 1e6  # comparisons with NaN are false as well
SNAP = 2.0  # points: rulings closer than this are one line; crossings within it meet


@dataclass(slots=True)
class TableResult:
    lines: set[int] = field(default_factory=set)  # id() of the lines used by tables
    blocks: list[LayoutBlock] = field(default_factory=list)
    #: the parts of lines that a table box cut, outside the box (they stay text)
    remainders: list[Line] = field(default_factory=list)


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


def find_tables(
    lines: list[Line],
    page_width: float,
    rulings: Rulings | None = None,
    page_height: float = 0.0,
) -> TableResult:
    """Tables of one page: pdfplumber's tables where ruling lines draw a grid,
    then tables of aligned cells elsewhere (borderless tables, which a finder
    working from lines cannot see)."""
    aligned = find_aligned_tables(lines, page_width)
    if rulings is None or not has_grid(rulings):
        return aligned
    try:
        found = ruled_tables(rulings, page_width, page_height or 1e6)
    except Exception:  # odd drawings must not cost the page its layout
        return aligned
    result = TableResult()
    words = [(w, ln) for ln in lines for w in ln.words]
    for table in found:
        _take_table(table, words, result)
    if not result.blocks:
        return aligned
    for block in aligned.blocks:
        if not any(id(ln) in result.lines for ln in block.lines):
            result.blocks.append(block)
            result.lines.update(id(ln) for ln in block.lines)
    return result


def _center_in(word: Word, box, tol: float = 1.0) -> bool:
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return box[0] - tol <= cx <= box[2] + tol and box[1] - tol <= cy <= box[3] + tol


def _take_table(table, words: list[tuple[Word, Line]], result: TableResult) -> None:
    """A table block from pdfplumber's cells filled with the pdfium words whose
    centre lies in them (pdfium reads rotated headers and ligatures better than
    the PDF's raw glyph order). The lines holding those words leave the body; a
    line the table box cuts keeps its words outside the box."""
    box = table.bbox
    inside = [(w, ln) for w, ln in words if id(ln) not in result.lines and _center_in(w, box)]
    used: set[int] = set()
    grid: list[list[str | None]] = []  # None: the position is covered by a merged cell
    for row in table.rows:
        texts: list[str | None] = []
        band = [w for w, _ in inside if _center_in(w, row.bbox, 0.0)]
        for cell in row.cells:
            if cell is None:
                texts.append(None)
                continue
            members = [w for w in band if id(w) not in used and _center_in(w, cell, 0.0)]
            used.update(id(w) for w in members)
            texts.append(" ".join(ln.text for ln in group_lines(members)))
        grid.append(texts)
    rows = _table_rows(table, grid)
    if rows is None:
        return
    members = list({id(ln): ln for _, ln in inside}.values())
    for ln in members:
        result.lines.add(id(ln))
        outside = [w for w in ln.words if not _center_in(w, box)]
        if outside:
            for part in group_lines(outside):
                part.box = ln.box
                result.remainders.append(part)
    # words in the box but in no cell (a grid with gaps) stay as text of their own
    loose = [w for w, _ in inside if id(w) not in used]
    result.remainders.extend(group_lines(loose))
    block = LayoutBlock(
        lines=sorted(members, key=lambda ln: (ln.top, ln.x0)),
        x0=box[0],
        top=box[1],
        x1=box[2],
        bottom=box[3],
        size=sorted(ln.size for ln in members)[len(members) // 2],
        kind="table",
    )
    block.table_text = "\n".join(" | ".join(row) for row in rows)
    result.blocks.append(block)


def _table_rows(table, grid: list[list[str | None]]) -> list[list[str]] | None:
    """The rows of text of a grid, or None when the grid is no table: fewer than
    two rows of text or no row with two filled cells (a frame around a paragraph,
    a box with a caption), or a column wider than a cell gutter that stays empty
    in every row (boxes of a diagram whose edges happen to line up).

    A row whose only text sits in one cell, with the rest of the row covered by
    cells from the rows above, continues the cell above it: word processors draw
    a shaded rectangle behind each line of a cell, which the finder takes for
    rows of their own."""
    xs = sorted({cell[0] for row in table.rows for cell in row.cells if cell is not None})
    x_end = table.bbox[2]
    for j, x in enumerate(xs):
        width = (xs[j + 1] if j + 1 < len(xs) else x_end) - x
        if width >= EMPTY_COLUMN and not any(row[j] for row in grid):
            return None
    rows: list[list[str | None]] = []
    for row, texts in zip(table.rows, grid, strict=True):
        filled = [j for j, t in enumerate(texts) if t]
        spans = [c for c in row.cells if c is not None]
        from_above = all(
            not any(c[0] < xs[j] < c[2] for c in spans) for j, t in enumerate(texts) if t is None
        )
        if rows and len(filled) == 1 and from_above and any(t is None for t in texts):
            j = filled[0]
            above = next((prev for prev in reversed(rows) if prev[j] is not None), None)
            if above is not None:
                above[j] = f"{above[j]} {texts[j]}".strip()
                continue
        rows.append(list(texts))
    out = [[t for t in row if t is not None] for row in rows]
    out = [row for row in out if any(row)]
    if len(out) < 2 or max(sum(1 for t in row if t) for row in out) < 2:
        return None
    return out


def find_aligned_tables(lines: list[Line], page_width: float) -> TableResult:
    """Tables among a page's lines found from aligned cells alone; a drawn box and
    the text outside it never share a table (a box's rows are not cells of the
    column next to it)."""
    result = TableResult()
    for box in sorted({ln.box for ln in lines}):
        _find_in(_rows([ln for ln in lines if ln.box == box]), page_width, result)
    return result


def _rows(lines: list[Line]) -> list[list[Line]]:
    rows: list[list[Line]] = []
    anchor_top = anchor_bottom = 0.0
    for line in sorted(lines, key=lambda ln: ln.top + ln.bottom):
        center = (line.top + line.bottom) / 2
        if rows and anchor_top <= center <= anchor_bottom:
            rows[-1].append(line)
        else:
            rows.append([line])
            anchor_top, anchor_bottom = line.top, line.bottom
    for row in rows:
        row.sort(key=lambda ln: ln.x0)
    return rows


def _is_cell_row(row: list[Line], page_width: float) -> bool:
    if len(row) < 2 or any(ln.width > 0.55 * page_width for ln in row):
        return False
    # a gap of a quarter page separates independent areas (facing pages), not cells
    if any(b.x0 - a.x1 > 0.25 * page_width for a, b in itertools.pairwise(row)):
        return False
    return len(row) >= 3 or min(ln.width for ln in row) < 0.25 * page_width


def _aligned(x: float, edges: list[float]) -> bool:
    return any(abs(x - e) <= ALIGN for e in edges)


def _find_in(rows: list[list[Line]], page_width: float, result: TableResult) -> None:
    i = 0
    while i < len(rows):
        if not _is_cell_row(rows[i], page_width):
            i += 1
            continue
        region = [rows[i]]
        edges = [ln.x0 for ln in rows[i]]
        left, right = rows[i][0].x0, rows[i][-1].x1
        j = i + 1
        while j < len(rows):
            row = rows[j]
            prev_bottom = max(ln.bottom for ln in region[-1])
            h = max(ln.height for ln in row)
            if min(ln.top for ln in row) - prev_bottom > 2.0 * h:
                break
            if not _fits(row, region, edges, left, right, page_width):
                # a stray label row (a group title, a side header) inside a table is
                # kept when the table goes on right after it
                follow = rows[j + 1] if j + 1 < len(rows) else None
                if not (
                    follow is not None
                    and _is_cell_row(follow, page_width)
                    and _fits(follow, region, edges, left, right, page_width)
                    and min(ln.top for ln in follow) - max(ln.bottom for ln in row) <= 2.0 * h
                ):
                    break
            region.append(row)
            edges.extend(ln.x0 for ln in row)
            left = min(left, row[0].x0)
            right = max(right, row[-1].x1)
            j += 1
        if _accept(region, page_width):
            result.blocks.append(_table_block(region, page_width))
            result.lines.update(id(ln) for row in region for ln in row)
            i = j
        else:
            i += 1


def _fits(
    row: list[Line],
    region: list[list[Line]],
    edges: list[float],
    left: float,
    right: float,
    page_width: float,
) -> bool:
    """Whether a row continues the table: its cells line up with the table's
    columns, or its lines wrap inside the cells above."""
    if _is_cell_row(row, page_width):
        # a row label column may start left of the header row
        return sum(_aligned(ln.x0, edges) for ln in row) >= min(2, len(row))
    if row[0].x0 < left - 2 * ALIGN or row[-1].x1 > right + 0.1 * page_width:
        return False
    if len(row) == 1 and row[0].width < 0.25 * page_width and row[0].x1 <= right + ALIGN:
        return True  # a short cell line offset from the row baselines
    return all(_aligned(ln.x0, edges) or _inside_cell(ln, region) for ln in row)


def _inside_cell(line: Line, region: list[list[Line]]) -> bool:
    return any(ln.x0 - ALIGN <= line.x0 and line.x1 <= ln.x1 + 40 for ln in region[-1])


def _accept(region: list[list[Line]], page_width: float) -> bool:
    cell_rows = [row for row in region if _is_cell_row(row, page_width)]
    if len(cell_rows) < 3:
        return False
    # "Label: value" rows (project information boxes) are a two-column table
    labelled = sum(1 for row in cell_rows if row[0].text.rstrip().endswith(":"))
    key_value = labelled >= 3 and labelled >= 0.6 * len(cell_rows)
    if sum(1 for row in cell_rows if len(row) >= 3) < 2 and not key_value:
        return False
    # columns: left edges shared by at least two cell rows
    edges = sorted(ln.x0 for row in cell_rows for ln in row)
    clusters: list[list[float]] = []
    for x in edges:
        if clusters and x - clusters[-1][-1] <= ALIGN:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    columns = [c for c in clusters if len(c) >= 2]
    if len(columns) < 2:
        return False
    # cells line up (left, right or centre) in columns that many rows share; pieces
    # of justified lines in narrow text columns fall anywhere
    cells = [ln for row in cell_rows for ln in row]
    support = max(2, int(0.3 * len(cell_rows)))
    aligned = [False] * len(cells)
    for key in (lambda ln: ln.x0, lambda ln: ln.x1, lambda ln: (ln.x0 + ln.x1) / 2):
        for group in _clusters(sorted(range(len(cells)), key=lambda k: key(cells[k])), cells, key):
            if len(group) >= support:
                for k in group:
                    aligned[k] = True
    if sum(aligned) < 0.7 * len(cells):
        return False
    # table cells start with a capital, a digit or a symbol; pieces of running text
    # (a line of justified prose split at its wide spaces) mostly start in lowercase
    if sum(1 for ln in cells if ln.text[:1].islower()) >= 0.4 * len(cells):
        return False
    # prose columns side by side: many lines of running text with several words each;
    # one such column is a table's description column, two or more are a page layout
    prose = 0
    for column in columns:
        members = [ln for row in region for ln in row if abs(ln.x0 - column[0]) <= 2 * ALIGN]
        widths = [ln.width for ln in members]
        widest = max(widths)
        full = sum(1 for w in widths if w >= 0.9 * widest)
        words = sum(len(ln.words) for ln in members) / len(members)
        # running text: lines continue a sentence (lowercase start) or are justified
        lower = sum(1 for ln in members if ln.text[:1].islower())
        if (
            len(members) >= 4
            and words >= 2.5
            and (full >= 0.7 * len(widths) or lower >= 0.35 * len(members))
        ):
            prose += 1
    return prose < 2


def _clusters(order: list[int], cells: list[Line], key) -> list[list[int]]:
    """Indexes of cells grouped where consecutive key values differ by <= ALIGN."""
    groups: list[list[int]] = []
    last = None
    for k in order:
        value = key(cells[k])
        if groups and value - last <= ALIGN:
            groups[-1].append(k)
        else:
            groups.append([k])
        last = value
    return groups


def _table_block(region: list[list[Line]], page_width: float) -> LayoutBlock:
    """One block; text is row by row, cells separated by ' | ', wrapped cell lines
    appended to the cell above them."""
    rows_text: list[list[tuple[Line, list[str]]]] = []
    for row in region:
        if _is_cell_row(row, page_width) or not rows_text or _LABEL.match(row[0].text):
            rows_text.append([(ln, [ln.text]) for ln in row])
            continue
        for ln in row:
            target = min(
                rows_text[-1], key=lambda cell: abs(cell[0].x0 - ln.x0) + abs(cell[0].x1 - ln.x1)
            )
            target[1].append(ln.text)
    all_lines = [ln for row in region for ln in row]
    block = LayoutBlock(
        lines=sorted(all_lines, key=lambda ln: (ln.top, ln.x0)),
        x0=min(ln.x0 for ln in all_lines),
        top=min(ln.top for ln in all_lines),
        x1=max(ln.x1 for ln in all_lines),
        bottom=max(ln.bottom for ln in all_lines),
        size=sorted(ln.size for ln in all_lines)[len(all_lines) // 2],
        kind="table",
    )
    block.table_text = "\n".join(
        " | ".join(" ".join(parts) for _, parts in row) for row in rows_text
    )
    return block
