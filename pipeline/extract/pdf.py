"""PDF extraction: pdfium text layer + layout analysis, Tesseract for image pages."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium

from pipeline.extract import ocr
from pipeline.extract.blocks import Block, BlockKind, Extraction, ExtractionError
from pipeline.extract.classify import (
    body_font,
    classify_page,
    mark_furniture,
    mark_references,
)
from pipeline.extract.geometry import Line, PageText, group_lines
from pipeline.extract.hyphen import Vocabulary, join_lines
from pipeline.extract.layout import (
    LayoutBlock,
    assign_columns,
    assign_frames,
    build_blocks,
    read_frames,
    reading_order,
)
from pipeline.extract.rulings import Rulings
from pipeline.extract.tables import find_tables
from pipeline.extract.words import read_words
from pipeline.params import ExtractParams

_YEAR = re.compile(r"(19|20)\d{2}")


def open_pdf(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise ExtractionError("encrypted PDF (password required)") from None
        detail = re.search(r"PDFium: ([^)]*)", message)
        short = (detail.group(1) if detail else message).strip().rstrip(".").lower()
        raise ExtractionError(f"corrupt PDF: {short or 'unreadable'}") from None


def extract_pdf(path: Path, params: ExtractParams) -> Extraction:
    doc = open_pdf(path)
    try:
        return _extract(doc, params)
    except ExtractionError:
        raise
    except pdfium.PdfiumError as exc:  # damage found only while reading pages
        raise ExtractionError(f"corrupt PDF: {str(exc).strip().rstrip('.')[:120]}") from None
    finally:
        doc.close()


def _extract(doc: pdfium.PdfDocument, params: ExtractParams) -> Extraction:
    n_pages = len(doc)
    if n_pages == 0:
        raise ExtractionError("corrupt PDF: no pages")
    if n_pages > params.max_pages:
        raise ExtractionError(
            f"{n_pages} pages exceeds max_pages={params.max_pages}", status="skipped"
        )
    title, author, year = _metadata(doc)
    warnings: list[str] = []
    pages: list[PageText] = []
    page_blocks: list[list[LayoutBlock]] = []
    image_pages: list[int] = []
    for index in range(n_pages):
        try:
            page = doc[index]
        except pdfium.PdfiumError:
            warnings.append(f"page {index + 1}: unreadable page object, skipped")
            pages.append(PageText(index + 1, 612.0, 792.0, 0))
            page_blocks.append([])
            continue
        try:
            width, height = page.get_size()
            # text coordinates are in PDF user space; the visible page is the crop box
            page_left, page_top = 0.0, height
            if page.get_rotation() == 0:
                box_left, box_bottom, box_right, box_top = page.get_cropbox()
                page_left, page_top = box_left, box_top
                width, height = box_right - box_left, box_top - box_bottom
            try:
                textpage = page.get_textpage()
                try:
                    words, n_chars = read_words(textpage.raw, page_top, page_left)
                finally:
                    textpage.close()
                rulings = Rulings(page_left, page_top)
                frames, image_share = read_frames(
                    page.raw, width, height, page_left, page_top, on_path=rulings
                )
            except Exception as exc:  # a damaged page loses its text, not the document
                warnings.append(f"page {index + 1}: text layer unreadable ({type(exc).__name__})")
                words, n_chars, frames, image_share = [], 0, [], 0.0
                rulings = None
            # text outside the visible page (trimmed slugs, hidden notes) is not content
            words = [
                w
                for w in words
                if -2 <= (w.x0 + w.x1) / 2 <= width + 2
                and -2 <= (w.top + w.bottom) / 2 <= height + 2
            ]
            info = PageText(index + 1, width, height, n_chars)
            if n_chars < params.min_chars_per_page:
                # a scan fills the page; a logo on an almost empty page is no text
                if image_share >= 0.3:
                    image_pages.append(index)
                words = words if n_chars else []
            try:
                blocks = _layout(info, words, frames, rulings)
            except Exception as exc:  # a layout bug must not cost the document its text
                warnings.append(
                    f"page {index + 1}: layout analysis failed ({type(exc).__name__}); "
                    "read in text-layer order"
                )
                blocks = _plain_blocks(info, words)
            for b in blocks:
                b.page = index + 1
            pages.append(info)
            page_blocks.append(blocks)
        finally:
            page.close()

    ocr_blocks: dict[int, list[Block]] = {}
    if image_pages:
        ocr_blocks = _ocr_pages(doc, image_pages, pages, params, warnings)

    body_size, font = body_font(page_blocks)
    mark_furniture(page_blocks, [p.height for p in pages], body_size)
    ordered_pages: list[list[LayoutBlock]] = []
    for blocks, info in zip(page_blocks, pages, strict=True):
        furniture_top = [b for b in blocks if b.kind == "header"]
        furniture_bottom = [b for b in blocks if b.kind == "footer"]
        content = reading_order([b for b in blocks if b.kind not in ("header", "footer")])
        classify_page(content, body_size, info.height, font, info.width)
        ordered_pages.append(
            sorted(furniture_top, key=lambda b: (b.top, b.x0))
            + content
            + sorted(furniture_bottom, key=lambda b: (b.top, b.x0))
        )
    flat = [b for blocks in ordered_pages for b in blocks]
    mark_references(flat)

    vocab = Vocabulary(ln.text for b in flat for ln in b.lines)
    out: list[Block] = []
    for index, blocks in enumerate(ordered_pages):
        if index in ocr_blocks:
            out.extend(ocr_blocks[index])
            continue
        for b in blocks:
            text = (
                b.table_text
                if b.kind == "table"
                else join_lines([ln.text for ln in b.lines], vocab)
            )
            if not any(ch.isalnum() for ch in text):
                continue  # a stray bullet, rule or ornament
            out.append(
                Block(
                    page=b.page,
                    kind=BlockKind(b.kind),
                    text=text,
                    x0=round(b.x0, 2),
                    top=round(b.top, 2),
                    x1=round(b.x1, 2),
                    bottom=round(b.bottom, 2),
                    column=b.column,
                    font_size=round(b.size, 2),
                )
            )
    for order, block in enumerate(out):
        block.order = order
    return Extraction(
        blocks=out,
        pages=n_pages,
        title=title,
        year=year,
        author=author,
        ocr_pages=len(ocr_blocks),
        warnings=warnings,
    )


def _layout(
    info: PageText,
    words: list,
    frames: list,
    rulings: Rulings | None = None,
) -> list[LayoutBlock]:
    """Lines, boxes, tables and blocks of one page (reading order comes later)."""
    info.lines = group_lines(words)
    assign_frames(info.lines, frames, info.width * info.height)
    tables = find_tables(info.lines, info.width, rulings, info.height)
    blocks = build_blocks(
        [ln for ln in info.lines if id(ln) not in tables.lines] + tables.remainders
    )
    blocks.extend(tables.blocks)
    assign_columns(blocks, info.width)
    return blocks


def _plain_blocks(info: PageText, words: list) -> list[LayoutBlock]:
    """Fallback: the page's words in pdfium order as one body block."""
    if not words:
        return []
    line = Line(
        words=words,
        x0=min(w.x0 for w in words),
        top=min(w.top for w in words),
        x1=max(w.x1 for w in words),
        bottom=max(w.bottom for w in words),
        size=words[0].size,
        bold=False,
        text=" ".join(w.text for w in words),
    )
    info.lines = [line]
    return [LayoutBlock([line], line.x0, line.top, line.x1, line.bottom, line.size)]


def _ocr_pages(
    doc: pdfium.PdfDocument,
    image_pages: list[int],
    pages: list[PageText],
    params: ExtractParams,
    warnings: list[str],
) -> dict[int, list[Block]]:
    """OCR the pages without a text layer, or explain why not. A document with no
    text at all and no OCR is skipped rather than returned empty."""
    no_text = all(p.n_chars < params.min_chars_per_page for p in pages)
    reason = None
    if not params.ocr:
        reason = "OCR is disabled"
    elif not ocr.available():
        reason = "Tesseract is not installed"
    if reason is not None:
        if no_text:
            raise ExtractionError(f"image-only PDF: no text layer and {reason}", status="skipped")
        warnings.append(f"{len(image_pages)} image-only page(s) left unread: {reason}")
        return {}
    result: dict[int, list[Block]] = {}
    for index in image_pages:
        page = doc[index]
        try:
            result[index] = ocr.ocr_page(page, index + 1, params)
        except ocr.OcrError as exc:
            warnings.append(f"page {index + 1}: OCR failed: {exc}")
        finally:
            page.close()
    if no_text and not any(result.values()):
        failures = [w for w in warnings if "OCR failed" in w]
        detail = failures[0].split("OCR failed: ", 1)[1] if failures else "OCR found no text"
        raise ExtractionError(f"image-only PDF: {detail}", status="skipped")
    return result


_PLACEHOLDERS = {"untitled", "anonymous", "unknown", "user", "admin", "author", "title", "none"}
_FILE_NAME = re.compile(
    r"\.(?:docx?|pdf|exe|indd|xlsx?|pptx?|rtf|txt|odt|qxd|qxp|tmp|wpd|pages)$|\(\d\).*$",
    re.IGNORECASE,
)
_WORD_PREFIX = re.compile(r"^microsoft (?:word|powerpoint|excel) - ", re.IGNORECASE)


def _meta_text(value: str | None) -> str | None:
    """A metadata string, or None for empty values, producer placeholders and file
    names ("report_v2.docx", "10811.exe") that authoring tools store as titles."""
    text = _WORD_PREFIX.sub("", " ".join((value or "").split()))
    if _FILE_NAME.search(text):
        # "Policy brief 2019.docx" still reads as a title; "Greece_ardl.docx" does not
        text = _FILE_NAME.sub("", text).strip()
        if "_" in text or " " not in text:
            return None
    letters = sum(ch.isalpha() for ch in text)
    if text.lower() in _PLACEHOLDERS or letters < 3 or letters < 0.4 * len(text.replace(" ", "")):
        return None
    return text


def _metadata(doc: pdfium.PdfDocument) -> tuple[str | None, str | None, int | None]:
    try:
        meta = doc.get_metadata_dict(skip_empty=True)
    except Exception:  # a damaged info dictionary is no reason to lose the text
        return None, None, None
    title = _meta_text(meta.get("Title"))
    author = _meta_text(meta.get("Author"))
    year = None
    match = _YEAR.search(meta.get("CreationDate") or "")
    if match:
        year = int(match.group(0))
    return title, author, year
