"""Layout roles of blocks: running heads, page numbers, footnotes, headings,
captions, references, sidebars.

Roles are decided from evidence a reader uses: position in the page margins and
repetition across pages (running heads), font size relative to the body text
(headings, footnotes), leading words ("Figure 3", "Table 2"), drawn frames
(sidebars) and the section a block sits in (references).
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.extract.layout import LayoutBlock

_PAGE_NUMBER = re.compile(
    r"^\s*(?:page\s+)?[-–—(\[]?\s*(?:\d{1,4}|[A-Z]?\d{1,3}[-–.]\d{1,4}|[ivxlcdm]{1,6})\s*[-–—)\]]?"
    r"(?:\s*(?:of|/)\s*\d{1,4})?\s*$",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"^\s*(?:figure|fig\.|table|chart|graph|map|exhibit|box|diagram|plate|image|photo|"
    r"source|sources|note|notes)\s*[:.]?\s*(?:[\dIVX]+[\d.\-–]*[a-z]?)?\s*[:.\-–—]",
    re.IGNORECASE,
)
_CAPTION_NUMBERED = re.compile(
    r"^\s*(?:figure|fig\.|table|chart|graph|map|exhibit|box|diagram)\s+[\dIVX]+[\d.\-–]*",
    re.IGNORECASE,
)
_FOOTNOTE_START = re.compile(r"^\s*(?:\d{1,3}|[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]+|\[\d{1,3}\]|\(\d{1,3}\))\s*\S")
_REFERENCE_HEADING = re.compile(
    r"^\s*(?:\d+[.\s]*)?(?:references|bibliography|works cited|literature cited|"
    r"literature|sources|reference list|endnotes|notes)\s*:?\s*$",
    re.IGNORECASE,
)
_NOTES_HEADING = re.compile(r"^\s*(?:\d+[.\s]*)?(?:endnotes|notes)\s*:?\s*$", re.IGNORECASE)
_CITATION = re.compile(
    r"^\s*(?:\[\d+\]\s*)?[A-ZÀ-Ý][\w'’\-]+(?:,\s*(?:[A-Z]\.\s*)+|\s+[A-Z][\w\-]+,).*?"
    r"\(?(?:19|20)\d{2}[a-z]?\)?",
)
_DIGITS = re.compile(r"\d+")


def furniture_key(text: str) -> str:
    """Text with numbers masked, so 'Page 3' and 'Page 4' repeat."""
    return _DIGITS.sub("#", " ".join(text.lower().split()))[:80]


def mark_furniture(
    pages: list[list[LayoutBlock]], heights: list[float], body_size: float = 0.0
) -> None:
    """Running headers/footers and page numbers: blocks in the top or bottom band of
    a page that are page numbers or whose text (numbers masked) recurs in the same
    band on other pages, or single small-print lines at the very edge of the page
    above or below all other text (a running head printed on one page only)."""
    n_pages = len(pages)
    counts: Counter[tuple[str, str]] = Counter()
    candidates: list[tuple[LayoutBlock, str, str]] = []
    for blocks, height in zip(pages, heights, strict=True):
        if not blocks:
            continue
        body_top = min(b.top for b in blocks)
        body_bottom = max(b.bottom for b in blocks)
        seen: set[tuple[str, str]] = set()
        for b in blocks:
            if len(b.lines) > 3:
                continue
            band = None
            if b.bottom <= 0.12 * height or (b.top <= body_top + 1 and b.bottom <= 0.16 * height):
                band = "header"
            elif b.top >= 0.88 * height or (b.bottom >= body_bottom - 1 and b.top >= 0.84 * height):
                band = "footer"
            if band is None:
                continue
            key = furniture_key(b.raw_text)
            edge = b.bottom <= 0.06 * height if band == "header" else b.top >= 0.94 * height
            outermost = b.top <= body_top + 1 if band == "header" else b.bottom >= body_bottom - 1
            if edge and outermost and len(b.lines) == 1 and b.size <= 0.9 * body_size:
                b.kind = band
            candidates.append((b, band, key))
            if (band, key) not in seen:
                seen.add((band, key))
                counts[(band, key)] += 1
    min_repeat = 2 if n_pages <= 6 else 3
    for b, band, key in candidates:
        text = b.raw_text
        if (
            _PAGE_NUMBER.match(text)
            or (n_pages > 1 and counts[(band, key)] >= min_repeat)
            or (
                n_pages > 1
                and len(text) < 120
                and _looks_like_running_head(text, key, counts, band)
            )
        ):
            b.kind = band
    # a margin line on the same baseline as a page number is part of the running head
    for b, band, _ in candidates:
        if b.kind != "body" or len(b.lines) != 1:
            continue
        for other, other_band, _ in candidates:
            overlap = min(other.bottom, b.bottom) - max(other.top, b.top)
            if (
                other.kind == band == other_band
                and other.page == b.page
                and overlap > 0.5 * b.lines[0].height
            ):
                b.kind = band
                break


def _looks_like_running_head(text: str, key: str, counts: Counter, band: str) -> bool:
    """A margin line that repeats with a page number glued to it ('12 Title')."""
    stripped = key.strip(" #|-–—")
    if not stripped:
        return True
    for (other_band, other_key), n in counts.items():
        same_band = other_band == band and n >= 2 and other_key != key
        if same_band and other_key.strip(" #|-–—") == stripped:
            return True
    return False


def body_font(pages: list[list[LayoutBlock]]) -> tuple[float, str]:
    """The font size and font name carrying most characters: the body text."""
    sizes: Counter[float] = Counter()
    fonts: Counter[str] = Counter()
    for blocks in pages:
        for b in blocks:
            for ln in b.lines:
                sizes[round(ln.size * 2) / 2] += len(ln.text)
                fonts[ln.font] += len(ln.text)
    size = sizes.most_common(1)[0][0] if sizes else 10.0
    font = fonts.most_common(1)[0][0] if fonts else ""
    return size, font


def classify_page(
    blocks: list[LayoutBlock],
    body_size: float,
    page_height: float,
    body_font: str = "",
    page_width: float = 0.0,
) -> None:
    """Kinds of the non-furniture blocks of one page (already in reading order)."""
    content = [b for b in blocks if b.kind not in ("header", "footer", "table")]
    if not content:
        return
    for b in content:
        text = b.raw_text.strip()
        n_lines = len(b.lines)
        if b.lines[0].vertical:
            # rotated text in the outer margin: journal stamps, arXiv ids, tab labels
            if b.x1 < 0.1 * page_width or b.x0 > 0.9 * page_width:
                b.kind = "boilerplate"
            continue
        if b.box >= 0:
            b.kind = "sidebar"
        if _CAPTION_NUMBERED.match(text) or (_CAPTION.match(text) and b.size < body_size * 0.98):
            b.kind = "caption"
            continue
        if b.kind == "sidebar":
            continue
        small = b.size <= body_size * 0.9
        lowest_body = max(
            (
                o.bottom
                for o in content
                if o.size >= 0.95 * body_size
                and o.box == -1
                and min(o.x1, b.x1) - max(o.x0, b.x0) > 0
            ),
            default=0.0,
        )
        if (
            small
            and b.top >= max(lowest_body - 1, page_height * 0.5)
            and (
                _FOOTNOTE_START.match(text)
                or (b.top > page_height * 0.7 and len(text.split()) >= 6)
            )
        ):
            b.kind = "footnote"
            continue
        if _is_heading(b, text, n_lines, body_size, body_font):
            b.kind = "heading"


def _is_heading(b: LayoutBlock, text: str, n_lines: int, body_size: float, body_font: str) -> bool:
    if not text or n_lines > 3 or len(text) > 200:
        return False
    if not any(ch.isalpha() for ch in text):
        return False
    if b.size >= body_size * 1.15:
        return True
    if (
        b.bold
        and n_lines <= 2
        and len(text) < 120
        and b.size >= body_size * 0.9
        and not text.endswith((".", ",", ";"))
    ):
        return True
    # one short line in another font than the body (italic or display face)
    return (
        n_lines == 1
        and bool(body_font)
        and b.font != body_font
        and b.size >= body_size * 0.95
        and len(text) < 80
        and text[0].isupper()
        and not text.endswith((".", ",", ";", ":"))
    )


def mark_references(ordered: list[LayoutBlock]) -> None:
    """Blocks after a 'References' heading, until a heading of the same or larger
    size, are reference entries; after a 'Notes' heading they are (end)notes."""
    section: str | None = None
    section_size = 0.0
    for b in ordered:
        if b.kind in ("header", "footer"):
            continue
        text = b.raw_text
        if b.kind == "heading" or (len(b.lines) == 1 and _REFERENCE_HEADING.match(text)):
            if _REFERENCE_HEADING.match(text):
                section = "footnote" if _NOTES_HEADING.match(text) else "reference"
                section_size = b.size
                b.kind = "heading"
                continue
            if section and b.size >= section_size * 0.95:
                section = None
            continue
        if section and b.kind in ("body", "footnote"):
            b.kind = section
        elif b.kind == "body" and _citation_block(b):
            b.kind = "reference"


def _citation_block(b: LayoutBlock) -> bool:
    """A block made of citation-shaped entries (Author, A. (2019). Title...)."""
    if len(b.lines) < 2:
        return False
    starts = sum(1 for ln in b.lines if _CITATION.match(ln.text))
    return starts >= 2 and starts * 3 >= len(b.lines)
