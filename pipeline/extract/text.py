"""Plain text and Markdown: paragraphs split on blank lines, '#' lines as headings.

Bytes that are not UTF-8 are decoded with charset detection (charset_normalizer),
falling back to cp1252 and then latin-1, and the document gets a warning instead of
a crash.
"""

from __future__ import annotations

import re

from pipeline.extract.blocks import Block, BlockKind, Extraction, ExtractionError
from pipeline.extract.hyphen import Vocabulary, join_lines
from pipeline.extract.sections import mark_sections

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_HEADING_LINE = re.compile(r"^#{1,6} \S", re.MULTILINE)
_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")
_SPACE = re.compile(r"[ \t]+")
_LIST_ITEM = re.compile(r"^\s{0,6}(?:[-*+•]|\d{1,3}[.)])\s+")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|\*|(?<!\w)__|(?<!\w)_)(?=\S)(.+?)(?<=\S)\1(?!\w)")


def decode(data: bytes) -> tuple[str, str | None]:
    """Text and a warning when the bytes were not UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    western = _western(data)
    if western is not None:
        return western, "not UTF-8; decoded as cp1252"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None:
            return str(best), f"not UTF-8; decoded as {best.encoding} (detected)"
    except ImportError:
        pass
    try:
        return data.decode("cp1252"), "not UTF-8; decoded as cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not UTF-8; decoded as latin-1"


def _western(data: bytes) -> str | None:
    """cp1252 text when it decodes and reads as mostly-ASCII Latin script (English,
    French, German... with some accents). Detectors guess poorly on short texts of
    this kind; other scripts decoded as cp1252 are mostly accented letters."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [ch for ch in text if ch.isalpha()]
    ascii_letters = sum(1 for ch in letters if ch.isascii())
    return text if letters and ascii_letters >= 0.85 * len(letters) else None


def extract_text(data: bytes, markdown: bool = False) -> Extraction:
    text, warning = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # plain-text exports of web pages and notes are often markdown in all but name
    markdown = markdown or bool(_MD_HEADING_LINE.search(text))
    vocab = Vocabulary(text.split("\n"))
    blocks: list[Block] = []
    for chunk in _PARAGRAPH_BREAK.split(text):
        lines = [ln for ln in chunk.split("\n") if ln.strip()]
        body: list[str] = []
        for i, line in enumerate(lines):
            heading = _MD_HEADING.match(line)
            setext = markdown and i + 1 < len(lines) and _SETEXT.match(lines[i + 1]) and not body
            if heading:
                _flush(blocks, body, vocab)
                _append(blocks, BlockKind.HEADING, heading.group(1))
            elif setext:
                _append(blocks, BlockKind.HEADING, line)
            elif markdown and _SETEXT.match(line) and blocks and i > 0:
                continue  # underline of a setext heading
            elif _LIST_ITEM.match(line):
                _flush(blocks, body, vocab)  # each list item is a block of its own
                body.append(_LIST_ITEM.sub("", line, count=1).strip())
            else:
                body.append(line.strip())
        _flush(blocks, body, vocab)
    if markdown:
        for block in blocks:
            block.text = _plain_markdown(block.text)
        blocks = [b for b in blocks if b.text]
    if not blocks:
        raise ExtractionError("text file has no readable text", status="skipped")
    mark_sections(blocks)
    for order, block in enumerate(blocks):
        block.order = order
    title = next((b.text for b in blocks if b.kind == BlockKind.HEADING), None)
    return Extraction(blocks=blocks, pages=1, title=title, warnings=[warning] if warning else [])


def _plain_markdown(text: str) -> str:
    """Inline markdown to plain text: links, images, emphasis and code marks."""
    text = _MD_IMAGE.sub(lambda m: m.group(1), text)
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _MD_EMPHASIS.sub(lambda m: m.group(2), text)
    return _SPACE.sub(" ", text.replace("`", "")).strip()


def _flush(blocks: list[Block], body: list[str], vocab: Vocabulary) -> None:
    if body:
        _append(blocks, BlockKind.BODY, join_lines(body, vocab))
        body.clear()


def _append(blocks: list[Block], kind: BlockKind, text: str) -> None:
    text = _SPACE.sub(" ", text).strip()
    if text:
        blocks.append(Block(page=1, kind=kind, text=text))
