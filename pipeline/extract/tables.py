"""Tables: pdfplumber's table finder on the page's ruling lines, read row by row.

Ruled tables: the page's ruling lines (``pipeline.extract.rulings``) give
pdfplumber's cells and tables, and the pdfium words in each cell fill it. The
words inside a table's box leave the other blocks, so no cell is read twice.

Borderless tables (no lines to follow) are read by the alignment detector
(``pipeline.extract.aligned_tables``), the fallback wherever pdfplumber's finder
finds no table.
"""

from __future__ import annotations

from pipeline.extract.aligned_tables import find_aligned_tables
from pipeline.extract.geometry import Line, Word, group_lines
from pipeline.extract.layout import LayoutBlock, TableResult
from pipeline.extract.rulings import Rulings, has_grid, ruled_tables

EMPTY_COLUMN = 12.0  # points: an empty column this wide is a gap between boxes


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
