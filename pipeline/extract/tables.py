"""Tables: text held in a grid, read row by row."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.extract.geometry import Line
from pipeline.extract.layout import Frame, LayoutBlock


@dataclass(slots=True)
class TableResult:
    boxes: set[int] = field(default_factory=set)
    blocks: list[LayoutBlock] = field(default_factory=list)


def find_tables(lines: list[Line], frames: list[Frame], page_width: float) -> TableResult:
    return TableResult()
