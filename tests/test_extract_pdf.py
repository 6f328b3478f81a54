"""PDF layout: a two-column brief with a sidebar box, running header and footer,
page numbers, a footnote and line-end hyphenation, generated here with known text;
plus every real PDF in the shared folder ends in text or a stated reason."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.extract import BlockKind, ExtractionError, extract_file
from pipeline.extract.blocks import FURNITURE_KINDS
from pipeline.params import ExtractParams

WIDTH, HEIGHT = A4
LEFT_X, RIGHT_X, COL_W = 56, 312, 228
LEADING = 13

TITLE = "Return and Reintegration in Practice"
HEADER = "Policy Brief 2024/03 | Return Studies Unit"
FOOTER = "Return Studies Unit, Brussels"

# Page 1, left column: ends mid-sentence; the sentence continues at the top of the
# right column. "reinte-/gration" must be joined, "re-/emigration" kept.
LEFT_1 = [
    "Programmes that support people who return to",
    "their country of origin have multiplied since the",
    "late nineteen nineties. Most of them promise",
    "sustainable reinte-",
    "gration, a goal that donors describe in very",
    "different terms. Some see it as the absence of",
    "re-",
    "emigration; others stress the well-being of",
    "returnees and the underdevelopment of their home",
]
RIGHT_1 = [
    "countries as the cause of departure. This brief",
    "compares these views and asks what each of them",
    "expects from returnees and from local communities.",
    "The answers matter for how success is measured.",
]
SIDEBAR = [
    "Key points",
    "Returnees weigh staying against leaving again.",
    "Choice rather than necessity guides mobility.",
]
FOOTNOTE = "1 Figures refer to assisted returns recorded between 2015 and 2022."
LEFT_2 = [
    "Evaluations rarely follow returnees for more than",
    "a year, so claims about durable outcomes rest on",
    "short observation periods and small samples.",
]
RIGHT_2 = [
    "Local authorities ask for a say in programme",
    "design because they carry the costs of services",
    "that returnees use after assistance ends.",
]

STAMP = "Preprint repository 2024.0317 [policy]"
REFERENCES = [
    "Adams, J. (2018). Return programmes in review. Oxford.",
    "Baker, L. and Chen, M. (2021). Measuring return outcomes.",
]


def _column(c: canvas.Canvas, x: float, y: float, lines: list[str]) -> float:
    c.setFont("Helvetica", 10)
    for line in lines:
        c.drawString(x, y, line)
        y -= LEADING
    return y


def _furniture(c: canvas.Canvas, page: int) -> None:
    c.setFont("Helvetica-Oblique", 8)
    c.drawString(LEFT_X, HEIGHT - 36, HEADER)
    c.drawString(LEFT_X, 30, FOOTER)
    c.drawRightString(WIDTH - 56, 30, str(page))


def make_brief() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    # page 1: title across both columns, two columns, sidebar box, footnote
    _furniture(c, 1)
    c.setFont("Helvetica-Bold", 20)
    c.drawString(LEFT_X, HEIGHT - 90, TITLE)
    top = HEIGHT - 130
    _column(c, LEFT_X, top, LEFT_1)
    # a raised note mark after "nineties." (third line), pointing to the footnote
    mark_x = LEFT_X + c.stringWidth("late nineteen nineties.", "Helvetica", 10) + 0.5
    c.setFont("Helvetica", 6)
    c.drawString(mark_x, top - 2 * LEADING + 4, "1")
    y = _column(c, RIGHT_X, top, RIGHT_1)
    box_top = y - 20
    box_h = 16 + LEADING * len(SIDEBAR)
    c.setFillColorRGB(0.85, 0.9, 0.95)
    c.rect(RIGHT_X - 6, box_top - box_h, COL_W + 12, box_h, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(RIGHT_X, box_top - 14, SIDEBAR[0])
    c.setFont("Helvetica", 9)
    yy = box_top - 14 - LEADING
    for line in SIDEBAR[1:]:
        c.drawString(RIGHT_X, yy, line)
        yy -= LEADING
    c.setFont("Helvetica", 7)
    c.drawString(LEFT_X, 60, FOOTNOTE)
    # a rotated stamp in the outer margin, as journals and preprint servers print
    c.saveState()
    c.translate(24, 300)
    c.rotate(90)
    c.setFont("Helvetica", 9)
    c.drawString(0, 0, STAMP)
    c.restoreState()
    c.showPage()
    # page 2: the two columns again, same running header and footer
    _furniture(c, 2)
    top = HEIGHT - 80
    _column(c, LEFT_X, top, LEFT_2)
    y = _column(c, RIGHT_X, top, RIGHT_2)
    c.setFont("Helvetica-Bold", 12)
    c.drawString(RIGHT_X, y - 16, "References")
    c.setFont("Helvetica", 8)
    y -= 34
    for entry in REFERENCES:
        c.drawString(RIGHT_X, y, entry)
        y -= 11
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("brief") / "brief.pdf"
    path.write_bytes(make_brief())
    return extract_file(path, ExtractParams())


def _body_text(extraction) -> str:
    return " ".join(
        b.text for b in extraction.blocks if b.kind in (BlockKind.BODY, BlockKind.HEADING)
    )


def test_columns_are_read_left_then_right(brief) -> None:
    text = _body_text(brief)
    order = [
        text.index("Programmes that support"),
        text.index("underdevelopment of their home"),
        text.index("countries as the cause of departure"),
        text.index("how success is measured"),
        text.index("Evaluations rarely follow"),
        text.index("short observation periods"),
        text.index("Local authorities ask"),
    ]
    assert order == sorted(order)
    # the sentence cut by the column break continues in the next body block
    body = [b for b in brief.blocks if b.kind == BlockKind.BODY]
    cut = next(i for i, b in enumerate(body) if b.text.endswith("of their home"))
    assert body[cut + 1].text.startswith("countries as the cause")


def test_title_is_a_heading_before_the_columns(brief) -> None:
    first = next(b for b in brief.blocks if b.kind not in FURNITURE_KINDS)
    assert first.kind == BlockKind.HEADING
    assert first.text == TITLE


def test_sidebar_is_its_own_block(brief) -> None:
    sidebars = [b for b in brief.blocks if b.kind == BlockKind.SIDEBAR]
    assert sidebars
    sidebar_text = " ".join(b.text for b in sidebars)
    assert "Choice rather than necessity guides mobility." in sidebar_text
    for b in brief.blocks:
        if b.kind == BlockKind.BODY:
            assert "Choice rather than necessity" not in b.text
            assert "Key points" not in b.text


def test_running_header_footer_and_page_numbers_stay_out_of_body(brief) -> None:
    for b in brief.blocks:
        if b.kind not in FURNITURE_KINDS:
            assert "Policy Brief 2024/03" not in b.text
            assert "Brussels" not in b.text
            assert b.text.strip() not in {"1", "2"}
    kinds = {b.text: b.kind for b in brief.blocks}
    assert kinds[HEADER] == BlockKind.HEADER
    assert kinds[FOOTER] == BlockKind.FOOTER
    assert kinds["2"] == BlockKind.FOOTER


def test_footnote_is_marked(brief) -> None:
    notes = [b for b in brief.blocks if b.kind == BlockKind.FOOTNOTE]
    assert [b.text for b in notes] == [FOOTNOTE]
    assert notes[0].page == 1
    # the raised note mark does not land in the sentence as a stray number
    assert "late nineteen nineties. Most of them" in _body_text(brief)


def test_reference_list_and_margin_stamp(brief) -> None:
    refs = [b.text for b in brief.blocks if b.kind == BlockKind.REFERENCE]
    assert " ".join(refs) == " ".join(REFERENCES)
    heading = next(b for b in brief.blocks if b.text == "References")
    assert heading.kind == BlockKind.HEADING
    stamp = [b for b in brief.blocks if "Preprint repository" in b.text]
    assert [b.text for b in stamp] == [STAMP]
    assert stamp[0].kind in FURNITURE_KINDS


def test_line_end_hyphenation_is_repaired(brief) -> None:
    text = _body_text(brief)
    assert "sustainable reintegration, a goal" in text
    assert "reinte-" not in text
    assert "absence of re-emigration;" in text
    assert "well-being of returnees" in text


def test_blocks_carry_geometry_and_order(brief) -> None:
    assert brief.pages == 2
    assert [b.order for b in brief.blocks] == list(range(len(brief.blocks)))
    for b in brief.blocks:
        assert 0 <= b.x0 < b.x1 <= WIDTH
        assert 0 <= b.top < b.bottom <= HEIGHT
    pages = [b.page for b in brief.blocks]
    assert pages == sorted(pages)
    columns = {b.text.split()[0]: b.column for b in brief.blocks if b.kind == BlockKind.BODY}
    assert columns["Programmes"] == 1 and columns["countries"] == 2
    assert next(b for b in brief.blocks if b.text == TITLE).column == 0


def test_every_shared_pdf_ends_in_text_or_a_reason(shared_dir: Path) -> None:
    pdfs = sorted((shared_dir / "pdfs").rglob("*.pdf"))
    assert pdfs
    outcomes = {}
    for pdf in pdfs:
        try:
            extraction = extract_file(pdf, ExtractParams(ocr_dpi=100))
        except ExtractionError as exc:
            assert exc.status in ("failed", "skipped")
            assert exc.reason and "\n" not in exc.reason
            outcomes[pdf.name] = exc.reason
            continue
        text = " ".join(b.text for b in extraction.blocks)
        assert len(text.split()) > 0, pdf.name
        assert [b.order for b in extraction.blocks] == list(range(len(extraction.blocks)))
        outcomes[pdf.name] = "ok"
    # the real-world set is readable: at most the image-only one may be refused
    refused = [name for name, outcome in outcomes.items() if outcome != "ok"]
    assert len(refused) <= 1, refused


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Return and reintegration in practice", "Return and reintegration in practice"),
        ("Microsoft Word - Return brief 2019.docx", "Return brief 2019"),
        ("brief_final_v2.docx", None),
        ("untitled", None),
    ],
)
def test_pdf_metadata(tmp_path: Path, title: str, expected: str | None) -> None:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setTitle(title)
    c.setAuthor("Return Studies Unit")
    c.drawString(72, 760, "Assistance to returnees differs between programmes.")
    c.showPage()
    c.save()
    path = tmp_path / "meta.pdf"
    path.write_bytes(buf.getvalue())
    extraction = extract_file(path, ExtractParams())
    assert extraction.title == expected
    assert extraction.author == "Return Studies Unit"
    assert isinstance(extraction.year, int) and 2000 <= extraction.year <= 2100


def test_bold_run_in_line_stays_in_its_paragraph(tmp_path: Path) -> None:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 10)
    c.drawString(72, 700, "Main finding: most returnees interviewed a year after")
    c.setFont("Helvetica", 10)
    c.drawString(72, 687, "their return had found some work, but few earned enough")
    c.drawString(72, 674, "to cover the needs of their household.")
    c.setFont("Helvetica-Bold", 12)
    c.drawString(72, 640, "Recommendations")
    c.setFont("Helvetica", 10)
    c.drawString(72, 622, "Programmes should follow returnees for longer periods.")
    c.showPage()
    c.save()
    path = tmp_path / "runin.pdf"
    path.write_bytes(buf.getvalue())
    blocks = [(b.kind, b.text) for b in extract_file(path, ExtractParams()).blocks]
    assert blocks == [
        (
            BlockKind.BODY,
            "Main finding: most returnees interviewed a year after their return had found "
            "some work, but few earned enough to cover the needs of their household.",
        ),
        (BlockKind.HEADING, "Recommendations"),
        (BlockKind.BODY, "Programmes should follow returnees for longer periods."),
    ]


def test_table_is_read_row_by_row(tmp_path: Path) -> None:
    rows = [
        ("Country", "Returns", "Assisted", "Share"),
        ("Ethiopia", "12,400", "9,800", "79%"),
        ("Somalia", "3,150", "2,020", "64%"),
        ("Sudan", "5,760", "4,310", "75%"),
        ("Djibouti", "410", "388", "95%"),
    ]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 10)
    c.drawString(72, 760, "Returns assisted by the programme differed between countries.")
    y = 730
    for row in rows:
        for x, cell in zip((72, 200, 300, 400), row, strict=True):
            c.drawString(x, y, cell)
        y -= 16
    c.drawString(72, y - 20, "Assistance rates were highest where offices opened early.")
    c.showPage()
    c.save()
    path = tmp_path / "table.pdf"
    path.write_bytes(buf.getvalue())
    blocks = extract_file(path, ExtractParams()).blocks
    assert [b.kind for b in blocks] == [BlockKind.BODY, BlockKind.TABLE, BlockKind.BODY]
    assert blocks[1].text.splitlines() == [" | ".join(row) for row in rows]


def test_crop_box_is_the_page(tmp_path: Path) -> None:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, cropBox=(40, 60, 555, 800))
    c.setFont("Helvetica", 9)
    c.drawString(60, 820, "Printer slug job 4411 outside the crop box")
    c.setFont("Helvetica", 11)
    for i in range(3):
        c.drawString(72, 700 - 14 * i, f"Line {i} on support for people who return.")
    c.showPage()
    c.save()
    path = tmp_path / "cropped.pdf"
    path.write_bytes(buf.getvalue())
    blocks = extract_file(path, ExtractParams()).blocks
    assert [b.text for b in blocks] == [
        "Line 0 on support for people who return. Line 1 on support for people who "
        "return. Line 2 on support for people who return."
    ]
    # coordinates are measured from the crop box's top-left corner
    assert blocks[0].x0 == pytest.approx(72 - 40, abs=1)
    assert blocks[0].top == pytest.approx(800 - 700 - 11, abs=3)


def test_extraction_is_deterministic(brief, tmp_path: Path) -> None:
    path = tmp_path / "again.pdf"
    path.write_bytes(make_brief())
    again = extract_file(path, ExtractParams())
    assert [b.to_row() for b in again.blocks] == [b.to_row() for b in brief.blocks]


def test_label_value_box_is_a_table_of_its_own(tmp_path: Path) -> None:
    pairs = [
        ("Project type:", "Migrant protection and reintegration"),
        ("Project period:", "March 2017 - September 2022"),
        ("Donor:", "EU Emergency Trust Fund for Africa"),
        ("Budget:", "EUR 64.7 million"),
    ]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFillColorRGB(0.9, 0.93, 0.97)
    c.rect(300, 560, 250, 110, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.setFont("Helvetica", 10)
    for k, (label, value) in enumerate(pairs):
        c.drawString(306, 650 - 22 * k, label)
        c.drawString(390, 650 - 22 * k, value)
    for k in range(8):  # the column of running text beside the box
        c.drawString(56, 660 - 13 * k, f"Returnees in line {k} received support in several forms.")
    c.showPage()
    c.save()
    path = tmp_path / "kv.pdf"
    path.write_bytes(buf.getvalue())
    blocks = extract_file(path, ExtractParams()).blocks
    tables = [b for b in blocks if b.kind == BlockKind.TABLE]
    assert [b.text for b in tables] == ["\n".join(f"{k} | {v}" for k, v in pairs)]
    body = [b for b in blocks if b.kind == BlockKind.BODY]
    assert len(body) == 1 and body[0].text.startswith("Returnees in line 0")
