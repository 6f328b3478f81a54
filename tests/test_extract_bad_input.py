"""Bad input never escapes as a traceback: each case ends in a clear reason."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.extract import ExtractionError, extract_file, ocr
from pipeline.params import ExtractParams


def make_pdf(pages: int = 2, encrypt: str | None = None) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt)
    for n in range(pages):
        c.setFont("Helvetica", 11)
        c.drawString(72, 760, f"Page {n + 1} discusses return and reintegration support.")
        c.drawString(72, 744, "Programmes assist returnees with housing, work and counselling.")
        c.showPage()
    c.save()
    return buf.getvalue()


def test_truncated_pdf_is_failed_with_reason(tmp_path: Path) -> None:
    data = make_pdf(3)
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(ExtractionError) as err:
        extract_file(path, ExtractParams())
    assert err.value.status == "failed"
    assert err.value.reason.startswith("corrupt PDF: ")


def test_garbage_after_pdf_magic_is_failed(tmp_path: Path) -> None:
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    with pytest.raises(ExtractionError) as err:
        extract_file(path, ExtractParams())
    assert err.value.reason.startswith("corrupt PDF")


def test_encrypted_pdf_needs_password(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(make_pdf(1, encrypt="s3cret"))
    with pytest.raises(ExtractionError) as err:
        extract_file(path, ExtractParams())
    assert err.value.reason == "encrypted PDF (password required)"
    assert err.value.status == "failed"


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(ExtractionError) as err:
        extract_file(path, ExtractParams())
    assert err.value.reason == "empty file (0 bytes)"


def test_unsupported_format_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "minutes.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    with pytest.raises(ExtractionError) as err:
        extract_file(path, ExtractParams())
    assert err.value.status == "skipped"
    assert err.value.reason == "unsupported format .docx"


def test_pdf_magic_wins_over_suffix(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(make_pdf(1))
    extraction = extract_file(path, ExtractParams())
    assert extraction.pages == 1
    assert "reintegration" in " ".join(b.text for b in extraction.blocks)


def test_over_max_pages_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(make_pdf(3))
    with pytest.raises(ExtractionError) as err:
        extract_file(path, ExtractParams(max_pages=2))
    assert err.value.status == "skipped"
    assert err.value.reason == "3 pages exceeds max_pages=2"
    assert extract_file(path, ExtractParams(max_pages=3)).pages == 3


@pytest.fixture
def image_only_pdf(shared_dir: Path) -> Path:
    path = shared_dir / "pdfs" / "topic" / "gaps_sweden_return_flowchart_imageonly.pdf"
    if not path.exists():
        pytest.skip(f"{path} not found")
    return path


def test_image_only_pdf_without_tesseract_is_skipped(
    image_only_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(ExtractionError) as err:
        extract_file(image_only_pdf, ExtractParams(ocr=True))
    assert err.value.status == "skipped"
    assert err.value.reason == "image-only PDF: no text layer and Tesseract is not installed"


def test_image_only_pdf_with_ocr_disabled_is_skipped(image_only_pdf: Path) -> None:
    with pytest.raises(ExtractionError) as err:
        extract_file(image_only_pdf, ExtractParams(ocr=False))
    assert err.value.status == "skipped"
    assert "no text layer" in err.value.reason


def test_image_only_pdf_is_read_by_ocr(image_only_pdf: Path) -> None:
    if not ocr.available():
        pytest.skip("Tesseract is not installed")
    extraction = extract_file(image_only_pdf, ExtractParams(ocr=True, ocr_dpi=150))
    assert extraction.ocr_pages == extraction.pages
    assert extraction.blocks and all(b.ocr for b in extraction.blocks)
    words = " ".join(b.text for b in extraction.blocks).lower().split()
    assert len(words) > 20
    # a flow chart on Swedish return procedures mentions return decisions
    assert any(w.startswith("return") for w in words)


def test_layout_failure_keeps_the_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.extract.pdf as pdf_module

    def broken(*args, **kwargs):
        raise ValueError("unexpected geometry")

    monkeypatch.setattr(pdf_module, "find_tables", broken)
    path = tmp_path / "two.pdf"
    path.write_bytes(make_pdf(2))
    extraction = extract_file(path, ExtractParams())
    assert len(extraction.warnings) == 2
    assert extraction.warnings[0].startswith("page 1: layout analysis failed (ValueError)")
    text = " ".join(b.text for b in extraction.blocks)
    assert "Programmes assist returnees with housing" in text


def test_missing_ocr_language_is_a_clear_reason(image_only_pdf: Path) -> None:
    if not ocr.available():
        pytest.skip("Tesseract is not installed")
    with pytest.raises(ExtractionError) as err:
        extract_file(image_only_pdf, ExtractParams(ocr_language="zzz", ocr_dpi=72))
    assert err.value.reason == "image-only PDF: Tesseract language 'zzz' is not installed"
    assert err.value.status == "skipped"


def test_damaged_bytes_never_escape_as_tracebacks(tmp_path: Path) -> None:
    import random

    rng = random.Random(7)
    original = make_pdf(3)
    outcomes = {"text": 0, "reason": 0}
    for k in range(40):
        data = bytearray(original)
        for _ in range(rng.randint(1, 40)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path = tmp_path / f"damaged{k}.pdf"
        path.write_bytes(bytes(data))
        try:
            extract_file(path, ExtractParams(ocr=False))
            outcomes["text"] += 1
        except ExtractionError as exc:
            assert exc.reason and "\n" not in exc.reason
            outcomes["reason"] += 1
    assert sum(outcomes.values()) == 40
