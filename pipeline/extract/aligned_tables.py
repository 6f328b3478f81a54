"""Borderless tables: tables read from the alignment of their cells.

This detector reads tables with no lines to follow, and is the fallback wherever
pdfplumber's finder finds no table. It recognises a table from its rows: three or
more rows with two or more separate line segments (at least two rows with three or
more, or "Label: value" rows) whose left edges line up across rows, with wrapped
cell lines in between. Prose columns are excluded because their lines are long and
of equal width (justified text), which table cells rarely are. Column analysis
alone would read such a table column by column (each column of cells looks like a
narrow text column).

pdfplumber's text strategies could replace it only through pdfplumber's own page
parse (pdfminer, about 10 pages/s). Tried on the pages where the detector fires,
they gave the same benchmark order and word F1 (docling set) at a third less
speed, so the detector stays as the reader of borderless tables.
"""

from __future__ import annotations

import itertools
import re

from pipeline.extract.geometry import Line
from pipeline.extract.layout import LayoutBlock, TableResult

ALIGN = 4.0  # points: left edges closer than this are one table column
_LABEL = re.compile(r"^[^:]{1,40}:\s")  # "Commissioned by: IOM" starts a row of its own


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
