"""A document's plain text: its blocks' texts in reading order, joined by
`SEPARATOR`.

The annotate stage gives each sentence character offsets into this text, and the
REFI-QDA export writes this text as each source, so that those offsets are its
selections: both build the text here.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

SEPARATOR = "\n\n"


def document_text(blocks: pd.DataFrame) -> str:
    """The text of one document's blocks, in the order given."""
    return join_texts(blocks["text"].astype(str))


def join_texts(texts: Iterable[str]) -> str:
    return SEPARATOR.join(texts)


def block_offsets(texts: Iterable[str]) -> list[int]:
    """Start offset of each block's text in the joined text."""
    starts, position = [], 0
    for text in texts:
        starts.append(position)
        position += len(text) + len(SEPARATOR)
    return starts
