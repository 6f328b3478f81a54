"""Extraction: any supported file -> blocks in reading order.

`extract_file` is the only entry point other stages use. The format is decided by
the file's leading bytes first and its suffix second, so a PDF saved as .txt or an
HTML page saved without a suffix still goes to the right reader.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.extract.blocks import Block, BlockKind, Extraction, ExtractionError
from pipeline.params import ExtractParams

__all__ = [
    "Block",
    "BlockKind",
    "ExtractParams",
    "Extraction",
    "ExtractionError",
    "extract_file",
    "sniff_format",
]

_SUFFIXES = {".pdf": "pdf", ".html": "html", ".htm": "html", ".txt": "text", ".md": "text"}
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<?xml")


def sniff_format(path: Path, head: bytes) -> str | None:
    """'pdf', 'html', 'text' or None (unsupported)."""
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "pdf"
    suffix = path.suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    probe = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith(_HTML_STARTS):
        return "html"
    return None


def extract_file(path: Path, params: ExtractParams | None = None) -> Extraction:
    """Blocks of one file. Raises ExtractionError with a one-line reason when the file
    cannot (failed) or should not (skipped) be read."""
    params = params or ExtractParams()
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(2048)
    except OSError as exc:
        raise ExtractionError(f"cannot read file: {exc.strerror or exc}") from None
    if size == 0:
        raise ExtractionError("empty file (0 bytes)")
    fmt = sniff_format(path, head)
    if fmt is None:
        suffix = path.suffix.lower() or "(no suffix)"
        raise ExtractionError(f"unsupported format {suffix}", status="skipped")
    if fmt == "pdf":
        from pipeline.extract.pdf import extract_pdf

        return extract_pdf(path, params)
    if fmt == "html":
        from pipeline.extract.html import extract_html

        return extract_html(path.read_bytes())
    from pipeline.extract.text import extract_text

    return extract_text(path.read_bytes(), markdown=path.suffix.lower() == ".md")
