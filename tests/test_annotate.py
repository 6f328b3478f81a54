"""Sentence segmentation over layout blocks, on tiny hand-built documents."""

import pandas as pd
import pytest

from pipeline.doctext import document_text
from pipeline.params import AnnotateParams
from pipeline.stages.annotate import continues, segments, sentences_for


def blocks(*rows: tuple[int, str, str]) -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            {"doc_id": "d1", "order": i, "page": p, "kind": k, "text": t}
            for i, (p, k, t) in enumerate(rows)
        ]
    )
    return frame


PAGE_BREAK_DOC = blocks(
    (1, "heading", "Return in practice"),
    (1, "body", "Programmes help returnees who settle back in the towns of their"),
    (1, "footer", "Page 1"),
    (2, "header", "Working paper on return"),
    (2, "sidebar", "Key points: support is short and rarely monitored."),
    (2, "body", "home countries. Support lasts six months on average."),
    (2, "footnote", "1 Figures refer to assisted returns only."),
)


@pytest.mark.parametrize(
    ("previous", "following", "expected"),
    [
        ("the towns of their", "home countries.", True),
        ("a sentence that ends.", "another begins", False),
        ("Results for 2019:", "Table follows", False),
        ("support offered by the", "European Union", True),
        ("Objectives", "Returnees need jobs.", False),
    ],
)
def test_continuation_rule(previous, following, expected):
    assert continues(previous, following) is expected


def test_sentence_broken_by_page_break_is_rejoined_and_box_stays_apart():
    segs = segments(PAGE_BREAK_DOC)
    kinds = [s.kind for s in segs]
    assert kinds == ["body", "sidebar", "footnote"]
    body = segs[0]
    assert body.text.startswith("Programmes help returnees")
    assert "their home countries." in body.text
    assert "Key points" not in body.text and "Page 1" not in body.text
    assert body.section == "Return in practice"


def test_sentences_carry_page_section_kind_and_offsets(nlp):
    sentences, _ = sentences_for(PAGE_BREAK_DOC, AnnotateParams(), nlp)
    text = document_text(PAGE_BREAK_DOC)
    first = sentences.iloc[0]
    assert first["text"] == (
        "Programmes help returnees who settle back in the towns of their home countries."
    )
    assert first["page"] == 1 and first["block_kind"] == "body"
    # A sentence joined across blocks spans the furniture in between in the
    # document text, but starts and ends on its own words.
    span = text[first["start_char"] : first["end_char"]]
    assert span.startswith("Programmes help") and span.endswith("home countries.")
    second = sentences.iloc[1]
    assert second["text"] == "Support lasts six months on average."
    assert text[second["start_char"] : second["end_char"]] == second["text"]
    assert second["page"] == 2
    assert list(sentences["sent_id"]) == list(range(len(sentences)))
    assert set(sentences["block_kind"]) == {"body", "sidebar", "footnote"}
    assert not sentences["text"].str.contains("Working paper on return").any()


def test_headings_and_fragments_are_not_sentences(nlp):
    doc = blocks(
        (1, "heading", "Summary"),
        (1, "body", "Ok."),
        (1, "body", "Reintegration takes time and money."),
    )
    sentences, _ = sentences_for(doc, AnnotateParams(min_chars=5), nlp)
    assert sentences["text"].tolist() == ["Reintegration takes time and money."]
