"""Text-layer geometry: words and line segments, and words -> line segments.

Words come from pdfium's characters (``pipeline.extract.words``). They are grouped
into line segments: words on one baseline with no gap wider than a column gutter.
A segment never spans two columns, which is what makes the later column analysis
work.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

_LEADER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[•▪●◦■►▶‣∙·*–-]|[a-z]\)|\(?[ivx]{1,4}\))$")
_NOTE_MARK = re.compile(r"^[\[(]?(?:\d{1,3}|[*†‡§a-z])(?:[,–-]\d{1,3})*[\])]?[.,;:]?$")
#: a horizontal gap wider than this many line heights splits a line into segments.
SEGMENT_GAP = 0.9


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float  # font size in points (box height when the font reports none)
    bold: bool = False
    rtl: bool = False  # written right to left (Arabic, Hebrew, ...)
    font: str = ""
    vertical: bool = False  # a run of rotated text, read along its own direction

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(slots=True)
class Line:
    words: list[Word]
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    box: int = -1  # index of the drawn box (sidebar frame) that holds the line, -1 if none
    text: str = ""
    font: str = ""  # the font carrying most of the line's characters
    vertical: bool = False

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass(slots=True)
class PageText:
    """Everything the layout step needs from one page's text layer."""

    number: int  # 1-based
    width: float
    height: float
    n_chars: int
    lines: list[Line] = field(default_factory=list)


def group_lines(words: list[Word]) -> list[Line]:
    """Words -> line segments: same baseline band, no gutter-wide gap. Vertical runs
    are lines of their own."""
    vertical = [_make_line([w]) for w in words if w.vertical]
    for line in vertical:
        line.vertical = True
    words = [w for w in words if not w.vertical]
    if not words:
        return vertical
    order = sorted(words, key=lambda w: w.top + w.bottom)
    rows: list[list[Word]] = []
    anchor = None
    for w in order:
        c = (w.top + w.bottom) / 2
        if anchor is not None and abs(c - anchor[0]) <= 0.4 * anchor[1]:
            rows[-1].append(w)
        else:
            rows.append([w])
            anchor = (c, max(w.height, 1.0))
    row_segments: list[list[list[Word]]] = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        segments: list[list[Word]] = []
        current = [row[0]]
        for w in row[1:]:
            prev = current[-1]
            h = max(min(w.height, prev.height), 1.0)
            gap = w.x0 - prev.x1
            # a section number or bullet set apart from its text stays on its line
            lead = len(current) == 1 and _LEADER.match(prev.text) and w.text[:1].isalpha()
            if (gap > SEGMENT_GAP * h and not (lead and gap < 4 * h)) or abs(
                w.height - prev.height
            ) > 0.6 * h:
                segments.append(current)
                current = [w]
            else:
                current.append(w)
        segments.append(current)
        row_segments.append(segments)
    merged = [seg for segs in _bridge_gaps(row_segments) for seg in segs]
    merged = _merge_split_segments(merged)
    return [_make_line(seg) for seg in merged] + vertical


def _bridge_gaps(rows: list[list[list[Word]]], window: int = 3) -> list[list[list[Word]]]:
    """Undo splits at wide gaps that are not gutters: a gap that neighbouring lines
    of the same size run straight across (a justified line, a caption label, a
    section number) is ordinary spacing. A column gutter or table column stays
    empty in the lines around it."""
    boxes = [[_bbox(seg) for seg in segs] for segs in rows]
    out: list[list[list[Word]]] = []
    for r, segs in enumerate(rows):
        if len(segs) < 2:
            out.append(segs)
            continue
        merged = [segs[0]]
        for k in range(1, len(segs)):
            left, right = merged[-1], segs[k]
            lx1 = max(w.x1 for w in left)
            rx0 = right[0].x0
            h = max(left[-1].height, 1.0)
            center = (left[-1].top + left[-1].bottom) / 2
            above = below = 0
            for rr in range(max(0, r - window), min(len(rows), r + window + 1)):
                if rr == r:
                    continue
                for x0, top, x1, bottom in boxes[rr]:
                    if abs((top + bottom) / 2 - center) > 2.5 * h:
                        continue  # only the lines right around this one count
                    if x0 < lx1 - 1 and x1 > rx0 + 1 and abs((bottom - top) - h) <= 0.2 * h:
                        if rr < r:
                            above += 1
                        else:
                            below += 1
            # text on both sides: a running head above the body is never bridged
            if above and below:
                merged[-1] = left + right
            else:
                merged.append(right)
        out.append(merged)
    return out


def _merge_split_segments(segments: list[list[Word]]) -> list[list[Word]]:
    """Re-join pieces of one line that the row sweep separated (superscripts,
    mixed fonts whose boxes sit at slightly different heights)."""
    boxes = [_bbox(s) for s in segments]
    alive = [True] * len(segments)
    idx = sorted(range(len(segments)), key=lambda i: boxes[i][0])
    changed = True
    while changed:
        changed = False
        for a_pos, a in enumerate(idx):
            if not alive[a]:
                continue
            ax0, at, ax1, ab = boxes[a]
            for b in idx[a_pos + 1 :]:
                if not alive[b] or b == a:
                    continue
                bx0, bt, bx1, bb = boxes[b]
                if bx0 > ax1 + 12:
                    break
                ha, hb = ab - at, bb - bt
                hmin = max(min(ha, hb), 1.0)
                overlap = min(ab, bb) - max(at, bt)
                gap = bx0 - ax1
                # a superscript (smaller, raised) may sit anywhere along the line
                small = min(len(segments[a]), len(segments[b])) <= 2 and min(ha, hb) < 0.85 * max(
                    ha, hb
                )
                if (overlap >= 0.5 * hmin and -0.5 * hmin <= gap <= SEGMENT_GAP * hmin * 0.6) or (
                    small and overlap >= 0.25 * hmin and gap <= 0.3 * hmin
                ):
                    segments[a] = sorted(segments[a] + segments[b], key=lambda w: w.x0)
                    boxes[a] = (min(ax0, bx0), min(at, bt), max(ax1, bx1), max(ab, bb))
                    ax0, at, ax1, ab = boxes[a]
                    alive[b] = False
                    changed = True
    return [s for s, ok in zip(segments, alive, strict=True) if ok]


def _bbox(words: list[Word]) -> tuple[float, float, float, float]:
    return (
        min(w.x0 for w in words),
        min(w.top for w in words),
        max(w.x1 for w in words),
        max(w.bottom for w in words),
    )


def _without_note_marks(words: list[Word]) -> list[Word]:
    """The words of a line minus raised, smaller note marks ("returnees¹", "2019*")
    that would otherwise sit in the sentence as stray numbers. A mark at the start
    of a line is a footnote's own number and stays."""
    if len(words) < 2:
        return words
    main = max(words, key=lambda w: len(w.text))
    h = main.height
    kept = [words[0]]
    for k, (prev, w) in enumerate(itertools.pairwise(words), start=1):
        following = words[k + 1].text if k + 1 < len(words) else ""
        mark = (
            _NOTE_MARK.match(w.text)
            and not following.startswith(("⁄", "/"))  # the numerator of "1⁄4"
            and w.height < 0.85 * h
            and w.bottom < main.bottom - 0.15 * h
            and abs(w.x0 - prev.x1) < 0.3 * h  # hugs the word it annotates
            and (prev.text[-1:].isalpha() or prev.text[-1:] in '.,;:)”’"')
        )
        if not mark:
            kept.append(w)
    return kept


def _make_line(words: list[Word]) -> Line:
    x0, top, x1, bottom = _bbox(words)
    chars = sum(len(w.text) for w in words)
    size = max(words, key=lambda w: len(w.text)).size
    bold_chars = sum(len(w.text) for w in words if w.bold)
    rtl_chars = sum(len(w.text) for w in words if w.rtl)
    if rtl_chars * 2 > chars:  # visual order is right to left: reading order reversed
        words = sorted(words, key=lambda w: -w.x1)
    text = " ".join(w.text for w in _without_note_marks(words))
    fonts: dict[str, int] = {}
    for w in words:
        fonts[w.font] = fonts.get(w.font, 0) + len(w.text)
    font = max(fonts, key=fonts.__getitem__)
    return Line(words, x0, top, x1, bottom, size, bold_chars * 2 > chars, text=text, font=font)
