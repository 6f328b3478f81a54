"""The block: the unit every extractor produces, whatever the input format.

A block is a run of text with one layout role (body paragraph, heading, sidebar box,
footnote, ...) at one place on one page. Extractors return blocks already in reading
order; `order` is that index. Later stages read blocks, never the raw file.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class BlockKind(StrEnum):
    BODY = "body"
    HEADING = "heading"
    SIDEBAR = "sidebar"
    FOOTNOTE = "footnote"
    CAPTION = "caption"
    HEADER = "header"
    FOOTER = "footer"
    REFERENCE = "reference"
    TABLE = "table"
    BOILERPLATE = "boilerplate"


#: kinds whose text is prose worth annotating; the rest is layout furniture.
PROSE_KINDS = frozenset({BlockKind.BODY, BlockKind.SIDEBAR, BlockKind.FOOTNOTE})
#: kinds that never belong in the body text (running heads, page numbers, cookie banners).
FURNITURE_KINDS = frozenset({BlockKind.HEADER, BlockKind.FOOTER, BlockKind.BOILERPLATE})


@dataclass(slots=True)
class Block:
    """One block of text. Coordinates are PDF points from the page's top-left; NaN
    for formats without geometry (HTML, plain text)."""

    page: int
    kind: BlockKind
    text: str
    x0: float = float("nan")
    top: float = float("nan")
    x1: float = float("nan")
    bottom: float = float("nan")
    column: int = 0
    font_size: float = float("nan")
    ocr: bool = False
    order: int = -1

    def to_row(self) -> dict:
        row = asdict(self)
        row["kind"] = str(self.kind)
        return row


@dataclass(slots=True)
class Extraction:
    """What an extractor returns for one file: blocks in reading order plus whatever
    metadata the file itself carries (PDF info dict, HTML <title>, ...)."""

    blocks: list[Block]
    pages: int
    title: str | None = None
    year: int | None = None
    author: str | None = None
    ocr_pages: int = 0
    warnings: list[str] = field(default_factory=list)


class ExtractionError(Exception):
    """A document could not be read. The message is the one-line reason users see;
    `status` is 'failed' (the file is broken) or 'skipped' (policy: too long, wrong
    format, no OCR available)."""

    def __init__(self, reason: str, status: str = "failed") -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
