"""HTML extraction: the main content of a web page as heading and body blocks.

trafilatura finds the main content and drops navigation, cookie banners, comments,
footers and share/follow boilerplate; its XML output keeps headings, paragraphs,
list items and tables in document order. When it finds nothing (very short pages),
the visible block elements outside nav/header/footer/aside are read with lxml.
"""

from __future__ import annotations

import logging
import re

import lxml.html
from lxml import etree

from pipeline.extract.blocks import Block, BlockKind, Extraction, ExtractionError
from pipeline.extract.sections import mark_sections

# trafilatura logs parse failures as errors; here they are expected and handled
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

_SPACE = re.compile(r"\s+")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "date", "dc.date",
    "dc.date.issued", "dcterms.date", "citation_publication_date", "pubdate", "publish-date",
)  # fmt: skip
_SKIP_ANCESTORS = {"nav", "header", "footer", "aside", "script", "style", "noscript", "form"}
_FALLBACK_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th", "blockquote"}


def _clean(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def extract_html(data: bytes) -> Extraction:
    try:
        tree = lxml.html.document_fromstring(data)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"unreadable HTML: {exc}") from None
    page_title = _clean(tree.findtext(".//title"))
    date_text = _meta_date(tree)
    blocks, found_date = _trafilatura_blocks(data)
    date_text = date_text or found_date  # trafilatura also reads dates in the page
    warnings: list[str] = []
    if not blocks:
        blocks = _fallback_blocks(tree)
        if blocks:
            warnings.append("main-content detection found nothing; read all visible text")
    if not blocks:
        raise ExtractionError("HTML page has no readable text", status="skipped")
    mark_sections(blocks)
    for order, block in enumerate(blocks):
        block.order = order
    year = None
    if date_text and (match := _YEAR.search(date_text)):
        year = int(match.group(0))
    return Extraction(
        blocks=blocks,
        pages=1,
        title=page_title or None,
        year=year,
        author=_meta_author(tree),
        warnings=warnings,
    )


def _meta_author(tree: lxml.html.HtmlElement) -> str | None:
    for meta in tree.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").lower()
        if key in ("author", "dc.creator", "citation_author", "article:author"):
            value = _clean(meta.get("content"))
            if value and not value.startswith("http"):
                return value
    return None


def _meta_date(tree: lxml.html.HtmlElement) -> str | None:
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _DATE_META and meta.get("content"):
            return meta.get("content")
    for node in tree.iter("time"):
        if node.get("datetime"):
            return node.get("datetime")
    return None


def _trafilatura_blocks(data: bytes) -> tuple[list[Block], str | None]:
    """Main-content blocks and the publication date trafilatura found, if any."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            data,
            include_comments=False,
            include_tables=True,
            include_images=False,
            with_metadata=True,
            output_format="python",
        )
    except Exception:
        return [], None
    body = getattr(doc, "body", None) if doc is not None else None
    if body is None:
        return [], None
    date = getattr(doc, "date", None)
    blocks: list[Block] = []
    for node in body:
        tag = node.tag
        if tag == "head":
            _add(blocks, BlockKind.HEADING, node.xpath("string()"))
        elif tag == "list":
            for item in node.iter("item"):
                _add(blocks, BlockKind.BODY, item.xpath("string()"))
        elif tag == "table":
            for row in node.iter("row"):
                cells = [_clean(cell.xpath("string()")) for cell in row.iter("cell")]
                _add(blocks, BlockKind.TABLE, " | ".join(c for c in cells if c))
        elif tag == "quote":
            _add(blocks, BlockKind.BODY, node.xpath("string()"))
        else:
            _add(blocks, BlockKind.BODY, node.xpath("string()"))
    return blocks, date


def _fallback_blocks(tree: lxml.html.HtmlElement) -> list[Block]:
    blocks: list[Block] = []
    for node in tree.iter(*_FALLBACK_TAGS):
        if any(a.tag in _SKIP_ANCESTORS for a in node.iterancestors()):
            continue
        if node.tag in ("p", "li", "td", "th") and node.find(".//p") is not None:
            continue  # the inner paragraphs are read on their own
        kind = BlockKind.HEADING if node.tag.startswith("h") else BlockKind.BODY
        _add(blocks, kind, node.text_content())
    if not blocks:
        # no block elements at all (broken or bare markup): the visible text by lines
        for bad in tree.xpath("//script|//style|//noscript"):
            bad.drop_tree()
        for line in tree.text_content().splitlines():
            _add(blocks, BlockKind.BODY, line)
    return blocks


def _add(blocks: list[Block], kind: BlockKind, text: str) -> None:
    text = _clean(text)
    if any(ch.isalnum() for ch in text):
        blocks.append(Block(page=1, kind=kind, text=text))
