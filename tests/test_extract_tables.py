"""Ruled tables: PDFs generated here with reportlab (known cell text) go through the
whole PDF extractor; the table comes out as one table block read row by row, and
its cells are nowhere else in the text."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pipeline.extract import BlockKind, extract_file
from pipeline.extract.blocks import FURNITURE_KINDS
from pipeline.params import ExtractParams

INTRO = (
    "Assisted returns rose in every country of the region, although the share of "
    "returnees who received reintegration support differed widely between them."
)
ROWS = [
    ("Country", "Returns", "Assisted", "Share"),
    ("Ethiopia", "12,400", "9,800", "79%"),
    ("Somalia", "3,150", "2,020", "64%"),
    ("Sudan", "5,760", "4,310", "75%"),
    ("Djibouti", "410", "388", "95%"),
]
BEFORE = "Returns assisted by the programme differed between countries."
AFTER = "Assistance rates were highest where offices opened early."
WRAPPED = "Counselling before departure and a reintegration grant paid in two parts"


def _blocks(tmp_path: Path, data: bytes, name: str = "table.pdf"):
    path = tmp_path / name
    path.write_bytes(data)
    extraction = extract_file(path, ExtractParams())
    return [b for b in extraction.blocks if b.kind not in FURNITURE_KINDS]


def _platypus(story: list, **kwargs) -> bytes:
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, **kwargs).build(story)
    return buf.getvalue()


def _grid_table(rows) -> Table:
    table = Table(rows)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    return table


def _assert_table_once(blocks, expected_rows: list[str], prose: list[str]) -> None:
    """One table block with the rows; every other block is the known prose, so no
    cell text was read twice."""
    tables = [b for b in blocks if b.kind == BlockKind.TABLE]
    assert len(tables) == 1
    assert tables[0].text.splitlines() == expected_rows
    others = [b.text for b in blocks if b.kind != BlockKind.TABLE]
    assert Counter(" ".join(others).split()) == Counter(" ".join(prose).split())


def test_ruled_table_next_to_a_paragraph(tmp_path: Path) -> None:
    styles = getSampleStyleSheet()
    data = _platypus([Paragraph(INTRO, styles["BodyText"]), Spacer(1, 12), _grid_table(ROWS)])
    blocks = _blocks(tmp_path, data)
    assert [b.kind for b in blocks] == [BlockKind.BODY, BlockKind.TABLE]
    assert blocks[0].text == INTRO
    _assert_table_once(blocks, [" | ".join(row) for row in ROWS], [INTRO])
    # the table block sits where the grid is drawn: below the paragraph
    assert blocks[1].top > blocks[0].bottom


def test_wrapped_cell_is_one_cell(tmp_path: Path) -> None:
    styles = getSampleStyleSheet()
    cell = Paragraph(WRAPPED, styles["BodyText"])
    rows = [
        ("Measure", "Content", "Cost"),
        ("Package A", cell, "1,500"),
        ("Package B", "Cash only", "900"),
    ]
    table = Table(rows, colWidths=[80, 150, 60])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    blocks = _blocks(tmp_path, _platypus([Paragraph(INTRO, styles["BodyText"]), table]))
    tables = [b for b in blocks if b.kind == BlockKind.TABLE]
    assert len(tables) == 1
    assert tables[0].text.splitlines() == [
        "Measure | Content | Cost",
        f"Package A | {WRAPPED} | 1,500",
        "Package B | Cash only | 900",
    ]


def test_grid_drawn_as_one_path_on_a_cropped_page(tmp_path: Path) -> None:
    """Rules stroked in a single path object, on a page whose crop box is not the
    media box: the table's text must still be found inside its cells."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, cropBox=(40, 60, 555, 800))
    c.setFont("Helvetica", 10)
    c.drawString(72, 720, BEFORE)
    xs, top, pitch = [70, 190, 290, 390, 480], 700, 20
    ys = [top - pitch * k for k in range(len(ROWS) + 1)]
    c.grid(xs, ys)
    for k, row in enumerate(ROWS):
        for x, text in zip(xs, row, strict=False):
            c.drawString(x + 5, ys[k] - 14, text)
    c.drawString(72, ys[-1] - 30, AFTER)
    c.showPage()
    c.save()
    blocks = _blocks(tmp_path, buf.getvalue(), "cropped.pdf")
    assert [b.kind for b in blocks] == [BlockKind.BODY, BlockKind.TABLE, BlockKind.BODY]
    _assert_table_once(blocks, [" | ".join(row) for row in ROWS], [BEFORE, AFTER])
    # coordinates of the block are the crop box's, like every other block's
    assert blocks[1].x0 == pytest.approx(70 - 40, abs=2)
    assert blocks[1].top == pytest.approx(800 - 700, abs=2)


def test_framed_paragraph_and_side_by_side_boxes_are_not_tables(tmp_path: Path) -> None:
    """A frame around a paragraph has one cell; three framed boxes in a row line up
    as a grid but with empty gaps between them: neither is a table."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 10)
    c.rect(60, 640, 470, 70)
    for k in range(4):
        c.drawString(70, 695 - 14 * k, f"Framed paragraph line {k} about return counselling.")
    for k, label in enumerate(("Departure", "Arrival", "Follow-up")):
        x = 60 + 165 * k
        c.rect(x, 480, 140, 80)
        c.drawString(x + 10, 540, label)
        c.drawString(x + 10, 525, f"Step {k + 1} of the return process")
    c.showPage()
    c.save()
    blocks = _blocks(tmp_path, buf.getvalue(), "boxes.pdf")
    assert not [b for b in blocks if b.kind == BlockKind.TABLE]
    text = " ".join(b.text for b in blocks)
    for word in ("Framed paragraph line 3", "Departure", "Follow-up", "Step 3"):
        assert word in text


def test_table_without_side_borders(tmp_path: Path) -> None:
    """Rules between the rows and between the columns, no outer verticals and no top
    border: the first and last columns and the header row are cells too."""
    styles = getSampleStyleSheet()
    rows = [
        ("Measure", "Content", "Cost"),
        ("Package A", Paragraph(WRAPPED, styles["BodyText"]), "1,500"),
        ("Package B", "Cash only", "900"),
    ]
    table = Table(rows, colWidths=[80, 150, 60])
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black),
                ("LINEAFTER", (0, 0), (1, -1), 0.5, colors.black),
            ]
        )
    )
    blocks = _blocks(tmp_path, _platypus([Paragraph(INTRO, styles["BodyText"]), table]))
    expected = [
        "Measure | Content | Cost",
        f"Package A | {WRAPPED} | 1,500",
        "Package B | Cash only | 900",
    ]
    _assert_table_once(blocks, expected, [INTRO])
