"""Page layout: line segments -> blocks -> reading order.

Blocks are built bottom-up: a line joins the block above it when it sits right
below that block's last line, overlaps it horizontally, has the same font size and
lies in the same drawn box. Reading order follows Breuel's two rules, which read
columns left to right and put full-width blocks (titles, wide paragraphs, figures)
between the column runs above and below them:

1. a comes before b if their x-ranges overlap and a is above b;
2. a comes before b if a is entirely left of b and no block c lies vertically
   between them while overlapping both horizontally;
3. (added) a full-width block separates bands: what lies above it comes before
   what lies below it, so a masthead beside the title is read before the columns.

The resulting partial order is sorted topologically (ties: top, then left).
"""

from __future__ import annotations

import ctypes
import heapq
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pypdfium2.raw as pdfium_c

from pipeline.extract.geometry import Line


@dataclass(slots=True)
class Frame:
    """A drawn rectangle (stroked or filled) that may hold a sidebar or a table."""

    x0: float
    top: float
    x1: float
    bottom: float
    filled: bool

    def contains(self, line: Line, tol: float = 2.0) -> bool:
        return (
            line.x0 >= self.x0 - tol
            and line.x1 <= self.x1 + tol
            and line.top >= self.top - tol
            and line.bottom <= self.bottom + tol
        )

    @property
    def area(self) -> float:
        return (self.x1 - self.x0) * (self.bottom - self.top)


@dataclass(slots=True)
class LayoutBlock:
    lines: list[Line]
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    box: int = -1
    kind: str = "body"
    column: int = 0
    page: int = 0
    table_text: str = ""  # row-by-row text, for kind "table"

    def add(self, line: Line) -> None:
        self.lines.append(line)
        self.x0 = min(self.x0, line.x0)
        self.x1 = max(self.x1, line.x1)
        self.top = min(self.top, line.top)
        self.bottom = max(self.bottom, line.bottom)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def bold(self) -> bool:
        return all(line.bold for line in self.lines)

    @property
    def font(self) -> str:
        return self.lines[0].font if self.lines else ""

    @property
    def raw_text(self) -> str:
        return " ".join(line.text for line in self.lines)


@dataclass(slots=True)
class TableResult:
    """What a table finder returns. Both finders (``tables`` on ruled grids,
    ``aligned_tables`` on aligned cells) build one, so it sits beside ``LayoutBlock``."""

    lines: set[int] = field(default_factory=set)  # id() of the lines used by tables
    blocks: list[LayoutBlock] = field(default_factory=list)
    #: the parts of lines that a table box cut, outside the box (they stay text)
    remainders: list[Line] = field(default_factory=list)


def read_frames(
    page,
    width: float,
    height: float,
    left: float = 0.0,
    top: float | None = None,
    on_path: Callable[[Any], None] | None = None,
) -> tuple[list[Frame], float]:
    """Drawn rectangles big enough to frame text, and the share of the page that
    the largest image covers (a scanned page is one page-sized image). `on_path`
    sees every path object on the way (table rulings are read in the same walk)."""
    frames: list[Frame] = []
    images = 0.0
    top = height if top is None else top
    l_, b_, r_, t_ = (ctypes.c_float() for _ in range(4))
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    rgba = [ctypes.c_uint() for _ in range(4)]

    def visit(obj, depth: int) -> None:
        nonlocal images
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            if pdfium_c.FPDFPageObj_GetBounds(
                obj, ctypes.byref(l_), ctypes.byref(b_), ctypes.byref(r_), ctypes.byref(t_)
            ):
                w = min(r_.value, left + width) - max(l_.value, left)
                h = min(t_.value, top) - max(b_.value, top - height)
                if w > 0 and h > 0:
                    images = max(images, w * h / (width * height))
            return
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 3:
            for j in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
                visit(pdfium_c.FPDFFormObj_GetObject(obj, j), depth + 1)
            return
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            return
        if on_path is not None:
            on_path(obj)
        if not pdfium_c.FPDFPageObj_GetBounds(
            obj, ctypes.byref(l_), ctypes.byref(b_), ctypes.byref(r_), ctypes.byref(t_)
        ):
            return
        w, h = r_.value - l_.value, t_.value - b_.value
        if w < 40 or h < 20 or (w > 0.97 * width and h > 0.97 * height):
            return
        pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke))
        filled = False
        if fill_mode.value:
            pdfium_c.FPDFPageObj_GetFillColor(obj, *(ctypes.byref(c) for c in rgba))
            r, g, b, a = (c.value for c in rgba)
            filled = a > 0 and (r, g, b) != (255, 255, 255)
        if not filled and not stroke.value:
            return
        frames.append(
            Frame(l_.value - left, top - t_.value, r_.value - left, top - b_.value, filled)
        )

    for i in range(pdfium_c.FPDFPage_CountObjects(page)):
        visit(pdfium_c.FPDFPage_GetObject(page, i), 0)
    return frames, images


def assign_frames(lines: list[Line], frames: list[Frame], page_area: float) -> list[Frame]:
    """Mark each line with the smallest frame that holds it. Frames that hold a
    single line (buttons, underlines) or most of the page are ignored; the frames
    kept are returned (indexes match Line.box)."""
    kept: list[Frame] = []
    candidates = sorted(frames, key=lambda f: f.area)
    sizes = sorted((ln.size for ln in lines for _ in range(len(ln.text))), key=float)
    page_size = sizes[len(sizes) // 2] if sizes else 0.0
    for frame in candidates:
        if frame.area > 0.35 * page_area:  # a panel behind a page or column, not a box
            continue
        inside = [ln for ln in lines if ln.box == -1 and frame.contains(ln)]
        # a frame around most of the page's text is a page border, not a box; a
        # frame around a few short labels is a figure, not a box
        if len(inside) < 2 or len(inside) > 0.5 * len(lines):
            continue
        n_words = sum(len(ln.words) for ln in inside)
        if n_words < 12 or max(len(ln.words) for ln in inside) < 5:
            continue
        if all(ln.size >= 1.1 * page_size for ln in inside):
            continue  # a title banner in display type, not a box beside the text
        # a table grid draws one frame per cell: cells hold one line each, so they
        # never reach here; a frame around a whole table is handled as a box.
        index = len(kept)
        kept.append(frame)
        for ln in inside:
            ln.box = index
    return kept


def build_blocks(lines: list[Line]) -> list[LayoutBlock]:
    """Stack lines into blocks (paragraph-sized runs of one font in one column)."""
    blocks: list[LayoutBlock] = []
    open_blocks: list[LayoutBlock] = []
    for line in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        best = None
        best_gap = 1e9
        h = max(line.height, 1.0)
        for block in open_blocks if not line.vertical else ():
            last = block.lines[-1]
            if last.vertical:
                continue
            if block.box != line.box:
                continue
            gap = line.top - last.bottom
            lh = max(last.height, 1.0)
            if gap < -0.5 * min(h, lh) or gap > 0.75 * min(h, lh):
                continue
            if abs(line.size - last.size) > 0.12 * max(line.size, last.size):
                continue
            # a sentence running on in lowercase is one paragraph, whatever the font
            runs_on = last.text[-1:].isalpha() and line.text[:1].islower()
            if (
                line.bold != last.bold
                and not runs_on
                and ((last.bold and block.bold) or len(line.text) < 60)
            ):
                continue
            # a one-line block in another font (an italic run-in title) ends there
            if (
                len(block.lines) == 1
                and line.font != last.font
                and not runs_on
                and _title_like(last.text)
            ):
                continue
            overlap = min(line.x1, block.x1) - max(line.x0, block.x0)
            if overlap < 0.4 * min(line.width, block.width):
                continue
            # a line much wider than a multi-line block is another structure
            if len(block.lines) > 1 and (line.x1 > block.x1 + 3 * h or line.x0 < block.x0 - 3 * h):
                continue
            if len(block.lines) > 1:
                pitch = block.lines[-1].top - block.lines[-2].top
                if pitch > 0 and line.top - last.top > 1.35 * pitch + 0.5:
                    continue
            # a numbered or bulleted line after a finished one starts a new item
            # (list items, footnotes stacked under each other)
            if _ITEM_START.match(line.text) and last.text.rstrip().endswith(_ITEM_END):
                continue
            if gap < best_gap:
                best, best_gap = block, gap
        if best is None:
            best = LayoutBlock([line], line.x0, line.top, line.x1, line.bottom, line.size, line.box)
            blocks.append(best)
        else:
            best.add(line)
        bottom_cut = line.top - 3 * h
        open_blocks = [b for b in open_blocks if b.bottom >= bottom_cut]
        if best not in open_blocks:
            open_blocks.append(best)
    for block in blocks:
        block.lines.sort(key=lambda ln: (ln.top, ln.x0))
        block.size = _median([ln.size for ln in block.lines])
    return blocks


_ITEM_START = re.compile(r"^(?:[•▪●◦■►▶‣∙·–-]|\d{1,3}[.)]?|[a-z][.)]|\(\w{1,3}\)|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s")
_ITEM_END = (".", ";", ":", "!", "?", ")", "”", '"')


def _title_like(text: str) -> bool:
    text = text.strip()
    return 0 < len(text) < 80 and text[0].isupper() and not text.endswith((".", ",", ";", ":"))


def _median(values: list[float]) -> float:
    values = sorted(values)
    return values[len(values) // 2] if values else 0.0


#: above this many blocks on a page, reading order falls back to rows (top, left)
MAX_ORDERED_BLOCKS = 1500


def reading_order(blocks: list[LayoutBlock]) -> list[LayoutBlock]:
    """Topological sort of Breuel's before-relation (see module docstring)."""
    n = len(blocks)
    if n < 2:
        return list(blocks)
    if n > MAX_ORDERED_BLOCKS:  # a page of confetti (maps, dense charts): row order
        return sorted(blocks, key=lambda b: (round(b.top), b.x0))
    edges = _before_matrix(blocks)
    after: list[list[int]] = [[] for _ in range(n)]
    indeg = [0] * n
    for i, j in zip(*np.nonzero(edges), strict=True):
        after[int(i)].append(int(j))
        indeg[int(j)] += 1
    ready = [(b.top, b.x0, i) for i, b in enumerate(blocks) if indeg[i] == 0]
    heapq.heapify(ready)
    done = [False] * n
    out: list[LayoutBlock] = []
    while len(out) < n:
        if not ready:  # a cycle (overlapping boxes): take the top-left remaining block
            i = min((k for k in range(n) if not done[k]), key=lambda k: (indeg[k], blocks[k].top))
            indeg[i] = 0
            ready.append((blocks[i].top, blocks[i].x0, i))
        _, _, i = heapq.heappop(ready)
        if done[i]:
            continue
        done[i] = True
        out.append(blocks[i])
        for j in after[i]:
            indeg[j] -= 1
            if indeg[j] == 0 and not done[j]:
                heapq.heappush(ready, (blocks[j].top, blocks[j].x0, j))
    return out


def _before_matrix(blocks: list[LayoutBlock], tol: float = 2.0) -> np.ndarray:
    """edges[i, j]: block i is read before block j (the three rules above),
    computed with arrays so dense pages stay fast."""
    x0 = np.array([b.x0 for b in blocks])
    x1 = np.array([b.x1 for b in blocks])
    top = np.array([b.top for b in blocks])
    bottom = np.array([b.bottom for b in blocks])
    center = (top + bottom) / 2
    n = len(blocks)
    overlap = (np.minimum(x1[:, None], x1[None, :]) - np.maximum(x0[:, None], x0[None, :])) > tol
    # rule 1: overlapping columns, a above b
    above = (bottom[:, None] <= top[None, :] + tol) | (
        (top[:, None] < top[None, :]) & (center[:, None] < center[None, :])
    )
    edges = overlap & above
    # rule 2: a entirely left of b, nothing between them that overlaps both (or is wide)
    width = x1 - x0
    wide = width >= 0.55 * (x1.max() - x0.min())
    left_of = ~overlap & (x1[:, None] <= x0[None, :] + tol)
    for i in np.nonzero(left_of.any(axis=1))[0]:
        js = np.nonzero(left_of[i])[0]
        a_first = top[i] <= top[js]
        upper_bottom = np.where(a_first, bottom[i], bottom[js])
        lower_top = np.where(a_first, top[js], top[i])
        between = (top[None, :] >= upper_bottom[:, None] - tol) & (
            bottom[None, :] <= lower_top[:, None] + tol
        )
        spans = wide[None, :] | (overlap[i][None, :] & overlap[js])
        candidates = between & spans
        candidates[:, i] = False
        candidates[np.arange(len(js)), js] = False
        edges[i, js] = ~candidates.any(axis=1)
    # rule 3: a full-width block separates what is above it from what is below it
    for k in np.nonzero(wide)[0]:
        up = bottom <= top[k] + tol
        down = top >= bottom[k] - tol
        up[k] = down[k] = False
        edges |= up[:, None] & down[None, :]
    edges[np.arange(n), np.arange(n)] = False
    return edges


def _v_center(b: LayoutBlock) -> float:
    return (b.top + b.bottom) / 2


def assign_columns(blocks: list[LayoutBlock], page_width: float) -> None:
    """Column index for each block: 0 for blocks across columns (titles, wide
    figures), else 1, 2, ... from the left. Columns start where multi-line narrow
    blocks start (left edges within 15 pt are one column); short blocks take the
    column they start in."""
    edges = sorted(b.x0 for b in blocks if b.width < 0.6 * page_width and len(b.lines) > 1)
    starts: list[float] = []
    for x in edges:
        if not starts or x - starts[-1] > 15:
            starts.append(x)
    for b in blocks:
        spans = any(b.x0 + 15 < x < b.x1 - 15 for x in starts)  # runs into the next column
        if b.width >= 0.6 * page_width or spans:
            b.column = 0
        else:
            b.column = max(1, sum(1 for x in starts if x <= b.x0 + 15))
