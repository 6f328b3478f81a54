"""OCR of image-only pages with Tesseract (pytesseract), page rendered by pdfium."""

from __future__ import annotations

import re
import shutil
from functools import lru_cache

from pipeline.extract.blocks import Block, BlockKind
from pipeline.extract.hyphen import Vocabulary, join_lines
from pipeline.params import ExtractParams

_PARAGRAPH = re.compile(r"\n\s*\n")


class OcrError(Exception):
    """Tesseract ran but failed on a page."""


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether pytesseract and the tesseract binary are both usable."""
    try:
        import pytesseract
    except ImportError:
        return False
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        return False
    try:
        pytesseract.get_tesseract_version()
    except Exception:
        return False
    return True


def ocr_page(page, number: int, params: ExtractParams) -> list[Block]:
    """Body blocks (one per OCR paragraph) of one rendered page; boxes in points."""
    import pytesseract

    scale = params.ocr_dpi / 72
    image = page.render(scale=scale).to_pil()
    try:
        data = pytesseract.image_to_data(
            image, lang=params.ocr_language, output_type=pytesseract.Output.DICT
        )
    except pytesseract.TesseractError as exc:
        message = str(getattr(exc, "message", exc))
        if "Failed loading language" in message or "load any languages" in message:
            raise OcrError(f"Tesseract language '{params.ocr_language}' is not installed") from None
        raise OcrError(" ".join(message.split())[:120] or "Tesseract error") from None
    paragraphs: dict[tuple[int, int, int], list[int]] = {}
    for i, word in enumerate(data["text"]):
        if not word.strip() or float(data["conf"][i]) < 0:
            continue
        key = (data["block_num"][i], data["par_num"][i], 0)
        paragraphs.setdefault(key, []).append(i)
    vocab = Vocabulary(" ".join(data["text"][i] for i in idx) for idx in paragraphs.values())
    blocks: list[Block] = []
    for key in sorted(paragraphs):
        idx = paragraphs[key]
        lines: dict[int, list[str]] = {}
        for i in idx:
            lines.setdefault(data["line_num"][i], []).append(data["text"][i])
        text = join_lines([" ".join(words) for _, words in sorted(lines.items())], vocab)
        x0 = min(data["left"][i] for i in idx) / scale
        top = min(data["top"][i] for i in idx) / scale
        x1 = max(data["left"][i] + data["width"][i] for i in idx) / scale
        bottom = max(data["top"][i] + data["height"][i] for i in idx) / scale
        blocks.append(
            Block(
                page=number,
                kind=BlockKind.BODY,
                text=text,
                x0=round(x0, 2),
                top=round(top, 2),
                x1=round(x1, 2),
                bottom=round(bottom, 2),
                ocr=True,
            )
        )
    return blocks
