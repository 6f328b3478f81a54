"""The concept-matching rules (pipeline.concept), on tiny examples, and the one
document-text separator."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from pipeline.codebook import Concept
from pipeline.concept import (
    anaphor_pattern,
    candidate_pattern,
    concept_pattern,
    related_pattern,
    term_pattern,
    word_pattern,
)
from pipeline.doctext import SEPARATOR, block_offsets, document_text

CONCEPT = Concept(
    name="sustainable reintegration",
    terms=["sustainable reintegration", "successful return"],
    related_terms=["return", "returnee", "re-emigration", "reintegrate", "migrate again"],
    variants=[r"\breintegration\b[^.]{0,40}\bsustainable\b"],
    anaphors=["success"],
)


def found(pattern, text: str) -> list[str]:
    return [m.group(0) for m in pattern.finditer(text)] if pattern else []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sustainable reintegration is the aim.", ["Sustainable reintegration"]),
        ("Sustainable  re-integration is the aim.", ["Sustainable  re-integration"]),
        ("sustainable re\u2011integration", ["sustainable re\u2011integration"]),
        ("Successful returns matter.", ["Successful returns"]),  # plural
        ("Reintegration, if it is to be sustainable, needs work.", None),  # a variant
        ("Successful returnees spoke.", []),  # another word, not an inflection
        ("Unsustainable reintegration.", []),  # no word start
    ],
)
def test_concept_mentions(text: str, expected: list[str] | None) -> None:
    hits = found(concept_pattern(CONCEPT), text)
    if expected is None:
        assert len(hits) == 1 and hits[0].startswith("Reintegration")
    else:
        assert hits == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Most people returned within a year.", True),  # verb ending
        ("Returns fell.", True),  # plural
        ("Returnees received a small grant.", True),  # its own term, plural
        ("They were reintegrated quickly.", True),  # "reintegrate": e dropped
        ("Reintegrating takes time.", True),
        ("The risk of re\u2011emigration stays high.", True),  # non-breaking hyphen
        ("The risk of reemigration stays high.", True),  # no hyphen
        ("Few wanted to re emigration schemes.", True),
        ("Nobody wanted to migrate again.", True),
        ("The tax reform was postponed.", False),
        ("Nonreturnable bottles are banned.", False),  # no word start
        ("A returnable bottle.", False),  # not an inflection of "return"
    ],
)
def test_related_terms_and_candidates(text: str, expected: bool) -> None:
    assert bool(related_pattern(CONCEPT).search(text)) is expected
    assert bool(candidate_pattern(CONCEPT).search(text)) is expected


def test_a_candidate_names_the_concept_or_a_related_term() -> None:
    bare = Concept(name="x", terms=["sustainable reintegration"])
    assert related_pattern(bare) is None
    assert candidate_pattern(bare).search("Sustainable reintegration.")
    assert not candidate_pattern(bare).search("Returns fell.")


def test_term_endings() -> None:
    assert found(term_pattern(["return"], ending="open"), "returnable returns") == [
        "returnable",
        "returns",
    ]
    words = term_pattern(["development", "deter*"], ending="word")
    assert found(words, "developments, development, deterring, deter") == [
        "development",
        "deterring",
        "deter",
    ]
    assert found(term_pattern(["return*"]), "returnable") == ["returnable"]
    assert not term_pattern([" ", ""]).search("anything")


def test_anaphors_are_whole_words() -> None:
    pattern = anaphor_pattern(CONCEPT)
    assert found(pattern, "Success also means that; successful it was.") == ["Success"]
    assert anaphor_pattern(Concept(name="x", terms=["x"])) is None


def test_document_text_and_block_offsets_agree() -> None:
    blocks = pd.DataFrame({"text": ["Title", "First para.", "Second."]})
    text = document_text(blocks)
    assert text == "Title" + SEPARATOR + "First para." + SEPARATOR + "Second."
    starts = block_offsets(blocks["text"])
    assert [text[s : s + len(t)] for s, t in zip(starts, blocks["text"], strict=True)] == list(
        blocks["text"]
    )


@pytest.mark.parametrize(
    ("words", "text", "expected"),
    [
        (["re-integration"], "reintegration, re-integration, re\u2011integration, re integration",
         ["reintegration", "re-integration", "re\u2011integration"]),  # any hyphen or none
        (["return migration"], "Return  migration", ["Return  migration"]),  # any whitespace
        (["return migra*"], "return migrants", ["return migrants"]),  # "*": any ending
        (["return"], "returns", ["return"]),  # no plural added: list "returns" too
        (["returns", "return"], "returns", ["returns"]),  # tried in the order listed
        ([], "return", []),  # no words: never matches
    ],
)  # fmt: skip
def test_concept_words_match_as_written(words: list[str], text: str, expected: list[str]) -> None:
    pattern = re.compile(word_pattern(words), re.IGNORECASE)
    assert [m.group(0) for m in pattern.finditer(text)] == expected
