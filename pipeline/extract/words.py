"""Text-layer words: pdfium characters -> words.

pdfium gives one box per character and its own (content-stream) text order with
generated spaces and line breaks. We read the boxes once per character through the
raw C API (a handful of calls per character is far cheaper than any Python-level
PDF parser) and cut words at whitespace and at jumps. ``pipeline.extract.geometry``
groups the words into line segments.
"""

from __future__ import annotations

import ctypes
import math
import re

import pypdfium2.raw as pdfium_c

from pipeline.extract.geometry import Word

_SEPARATORS = frozenset(" \t\r\n\x00\u00a0\u2002\u2003\u2009")
#: bold faces by name: "Arial-BoldMT", "NimbusRomNo9L-Medi", TeX's "CMBX10", "Foo-Bd"
_BOLD_NAME = re.compile(r"bold|black|heavy|demi|medi(?:um)?\b|-medi|^cmbx|^sfbx|-bd\b|,bd\b", re.I)
_FORCE_BOLD = 0x40000  # PDF font descriptor flag
_FINITE_MIN, _FINITE_MAX = -1e6, 1e6  # comparisons with NaN are false as well
_ALEFS = frozenset("\u0627\u0623\u0625\u0622")
#: pdfium reports a hyphen that ends a line as U+FFFE (or U+0002)
_LINE_END_HYPHENS = frozenset("\ufffe\x02")


def _font(textpage, index: int, buf: ctypes.Array, flags: ctypes.c_int) -> tuple[str, bool]:
    """Font name (subset prefix removed) and whether it is bold."""
    n = pdfium_c.FPDFText_GetFontInfo(textpage, index, buf, len(buf), ctypes.byref(flags))
    name = bytes(buf[: max(0, n - 1)]).decode("latin-1") if n > 0 else ""
    name = name.split("+", 1)[-1]
    if flags.value & _FORCE_BOLD or pdfium_c.FPDFText_GetFontWeight(textpage, index) >= 600:
        return name, True
    return name, _BOLD_NAME.search(name) is not None


def read_words(
    textpage, page_top: float, page_left: float = 0.0, rotated: bool = True
) -> tuple[list[Word], int]:
    """All words of a page in pdfium's order, with top-left-origin boxes. Runs of
    rotated characters (vertical margin text, rotated table headers) come out as one
    word each with `vertical` set, unless most of the page is rotated, in which case
    the page is read as if it were upright."""
    n = pdfium_c.FPDFText_CountChars(textpage)
    if n <= 0:
        return [], 0
    text = _text_range(textpage, n)
    rect = pdfium_c.FS_RECTF()
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    get_unicode = pdfium_c.FPDFText_GetUnicode
    per_char_text = len(text) != n  # surrogate pairs: fall back to per-char code points
    buf = (ctypes.c_ubyte * 256)()
    flags = ctypes.c_int()
    words: list[Word] = []
    chars: list[str] = []
    x0 = top = x1 = bottom = 0.0
    first = -1
    n_real = 0
    rtl = False
    prev_box = (0.0, 0.0)
    get_angle = pdfium_c.FPDFText_GetCharAngle
    vchars: list[str] = []
    vbox = [0.0, 0.0, 0.0, 0.0]
    n_vertical = 0

    def flush_vertical() -> None:
        text_run = "".join(vchars).strip()
        if text_run:
            vx0, vtop, vx1, vbottom = vbox
            size = max(1.0, min(vx1 - vx0, 200.0)) * 0.85
            words.append(
                Word(text_run, vx0 - page_left, vtop, vx1 - page_left, vbottom, size, vertical=True)
            )
        vchars.clear()

    def flush() -> None:
        if chars:
            size = pdfium_c.FPDFText_GetFontSize(textpage, first)
            height = bottom - top
            if not 1.0 < size < 200 or size > height * 2.5:
                size = height * 0.85
            font, bold = _font(textpage, first, buf, flags)
            words.append(
                Word(
                    "".join(chars),
                    x0 - page_left,
                    top,
                    x1 - page_left,
                    bottom,
                    size,
                    bold,
                    rtl,
                    font,
                )
            )
            chars.clear()

    for i in range(n):
        ch = chr(get_unicode(textpage, i)) if per_char_text else text[i]
        if ch in _SEPARATORS:
            flush()
            if vchars and vchars[-1] != " ":
                vchars.append(" ")
            continue
        if ch in _LINE_END_HYPHENS:
            ch = "-"
        elif "\ue000" <= ch <= "\uf8ff" or "\x80" <= ch <= "\x9f":
            ch = "•"  # symbol-font glyphs without Unicode meaning: bullets, ticks, boxes
        get_box(textpage, i, rect)
        c_top = page_top - rect.top
        c_bottom = page_top - rect.bottom
        if rect.right - rect.left <= 0 and rect.top - rect.bottom <= 0:
            continue
        if not _FINITE_MIN < rect.left + rect.right + rect.top + rect.bottom < _FINITE_MAX:
            continue  # damaged glyph geometry (NaN or absurd coordinates)
        n_real += 1
        if rotated and 0.6 < get_angle(textpage, i) % math.pi < 2.5:
            n_vertical += 1
            flush()
            near = vchars and (
                rect.left < vbox[2] + 2
                and rect.right > vbox[0] - 2
                and c_top < vbox[3] + 2 * (rect.right - rect.left)
                and c_bottom > vbox[1] - 2 * (rect.right - rect.left)
            )
            if not near:
                flush_vertical()
                vbox[:] = [rect.left, c_top, rect.right, c_bottom]
            else:
                vbox[:] = [
                    min(vbox[0], rect.left),
                    min(vbox[1], c_top),
                    max(vbox[2], rect.right),
                    max(vbox[3], c_bottom),
                ]
            vchars.append(ch)
            continue
        if vchars:
            flush_vertical()
        char_rtl = _is_rtl(ch)
        same_glyph = (rect.left, rect.right) == prev_box  # parts of one ligature glyph
        prev_box = (rect.left, rect.right)
        if chars and same_glyph:
            if rtl and ch == "\u0644" and chars[-1] in _ALEFS:
                chars.insert(len(chars) - 1, ch)  # lam-alef ligatures come out reversed
                continue
        elif chars:
            h = bottom - top
            # a jump back, up/down a line, or across a gap starts a new word;
            # right-to-left scripts advance leftwards
            if rtl and (char_rtl or not ch.isalpha()):
                jump = rect.right > x0 + 0.5 * h or rect.right < x0 - 0.35 * h
            else:
                jump = rect.left < x1 - 0.5 * h or rect.left > x1 + 0.35 * h
            if jump or abs((c_top + c_bottom) - (top + bottom)) > 0.6 * h:
                flush()
        if not chars:
            x0, top, x1, bottom = rect.left, c_top, rect.right, c_bottom
            first = i
            rtl = char_rtl
        else:
            x0 = min(x0, rect.left)
            x1 = max(x1, rect.right)
            top = min(top, c_top)
            bottom = max(bottom, c_bottom)
        chars.append(ch)
    flush()
    flush_vertical()
    if n_vertical > 0.5 * n_real:  # a rotated page: read it upright, not as columns
        return read_words(textpage, page_top, page_left, rotated=False)
    return _drop_overprints(words), n_real


def _drop_overprints(words: list[Word]) -> list[Word]:
    """Drop words drawn twice at (almost) the same place: fake bold and shadow
    effects print the same text again shifted by a fraction of a point."""
    cell = 2.0  # points; a twin lies in the same or a neighbouring cell
    seen: set[tuple[str, int, int]] = set()
    kept: list[Word] = []
    for w in words:
        cx, cy = int(w.x0 // cell), int(w.top // cell)
        if any((w.text, cx + dx, cy + dy) in seen for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
            continue
        seen.add((w.text, cx, cy))
        kept.append(w)
    return kept


def _is_rtl(ch: str) -> bool:
    return "\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufefc"


def _text_range(textpage, n: int) -> str:
    buf = ctypes.create_string_buffer((n + 1) * 2)
    got = pdfium_c.FPDFText_GetText(
        textpage, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort))
    )
    return buf.raw[: max(0, got - 1) * 2].decode("utf-16-le", errors="replace")
