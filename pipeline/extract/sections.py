"""Section roles for formats without geometry (HTML, text): the blocks under a
'References' heading are references, those under 'Notes' are footnotes."""

from __future__ import annotations

import re

from pipeline.extract.blocks import Block, BlockKind

_REFERENCES = re.compile(
    r"^\s*(?:\d+[.\s]*)?(?:references|bibliography|works cited|literature cited|"
    r"literature|reference list|sources)\s*:?\s*$",
    re.IGNORECASE,
)
_NOTES = re.compile(r"^\s*(?:\d+[.\s]*)?(?:notes|endnotes|footnotes?)\s*:?\s*$", re.IGNORECASE)


def mark_sections(blocks: list[Block]) -> None:
    """Re-kind body blocks that sit under a references or notes heading, up to the
    next heading."""
    current: BlockKind | None = None
    for block in blocks:
        if block.kind == BlockKind.HEADING:
            if _REFERENCES.match(block.text):
                current = BlockKind.REFERENCE
            elif _NOTES.match(block.text):
                current = BlockKind.FOOTNOTE
            else:
                current = None
        elif current is not None and block.kind == BlockKind.BODY:
            block.kind = current
