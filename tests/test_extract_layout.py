"""Reading order of blocks on a page, independent of any PDF."""

from __future__ import annotations

from pipeline.extract.geometry import Line
from pipeline.extract.layout import LayoutBlock, reading_order


def block(name: str, x0: float, top: float, x1: float, bottom: float) -> LayoutBlock:
    line = Line([], x0, top, x1, bottom, 10.0, False, text=name)
    return LayoutBlock([line], x0, top, x1, bottom, 10.0)


def names(blocks: list[LayoutBlock]) -> list[str]:
    return [b.raw_text for b in blocks]


def test_columns_with_title_and_wide_figure() -> None:
    page = [
        block("right-bottom", 310, 520, 540, 700),
        block("left-top", 50, 120, 280, 300),
        block("figure", 50, 320, 540, 480),
        block("title", 50, 60, 540, 100),
        block("right-top", 310, 120, 540, 300),
        block("left-bottom", 50, 520, 280, 700),
        block("masthead-right", 420, 20, 540, 40),
        block("masthead-left", 50, 20, 300, 40),
    ]
    assert names(reading_order(page)) == [
        "masthead-left",
        "masthead-right",
        "title",
        "left-top",
        "right-top",
        "figure",
        "left-bottom",
        "right-bottom",
    ]


def test_column_paragraphs_stay_together_when_gaps_line_up() -> None:
    # paragraph gaps at the same height in both columns must not interleave them
    page = [
        block("R2", 310, 220, 540, 300),
        block("L1", 50, 100, 280, 200),
        block("R1", 310, 100, 540, 200),
        block("L2", 50, 220, 280, 300),
    ]
    assert names(reading_order(page)) == ["L1", "L2", "R1", "R2"]


def test_many_blocks_are_ordered_without_loss() -> None:
    page = [
        block(
            f"b{i}", 50 + (i % 7) * 70, 40 + (i // 7) * 12, 100 + (i % 7) * 70, 50 + (i // 7) * 12
        )
        for i in range(700)
    ]
    ordered = reading_order(page)
    assert sorted(names(ordered)) == sorted(names(page))
