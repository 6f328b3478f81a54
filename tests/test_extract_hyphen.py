"""Line-end hyphenation: split words are joined, compounds keep their hyphen."""

from __future__ import annotations

import pytest

from pipeline.extract.hyphen import Vocabulary, join_lines


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["sustainable reinte-", "gration of returnees"], "sustainable reintegration of returnees"),
        (["prevention of re-", "emigration"], "prevention of re-emigration"),
        (["psychosocial well-", "being"], "psychosocial well-being"),
        (["in post-", "conflict settings"], "in post-conflict settings"),
        (["returnees re-", "ported higher income"], "returnees reported higher income"),
        (["international co-", "operation"], "international co-operation"),
        (["the COVID-", "19 pandemic"], "the COVID-19 pandemic"),
        (["decision-mak-", "ing bodies"], "decision-making bodies"),
        (["the Anglo-", "Saxon model"], "the Anglo-Saxon model"),
    ],
)
def test_line_end_hyphens(lines: list[str], expected: str) -> None:
    assert join_lines(lines, Vocabulary([])) == expected


def test_the_document_decides_first() -> None:
    # "co-ordination" written with a hyphen inside a line elsewhere keeps it here,
    # "reintegrated" seen whole elsewhere is joined even after "re-"
    vocab = Vocabulary(["better co-ordination is needed", "people who reintegrated well"])
    assert join_lines(["co-", "ordination"], vocab) == "co-ordination"
    assert join_lines(["re-", "integrated"], vocab) == "reintegrated"
    assert join_lines(["re-", "integrated"], Vocabulary([])) == "re-integrated"
