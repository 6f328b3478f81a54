"""Interest phrases a reader can take on their own; fragments become unspecified."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.codebook import load_codebook
from pipeline.report.sections import interest_labels
from pipeline.tag.interest_phrase import interest_kind, readable_interest, shorten
from pipeline.tag.lexicon import build_lexicon

CODEBOOK = Path(__file__).resolve().parents[1] / "models" / "codebook.yaml"


@pytest.fixture(scope="module")
def lex():
    return build_lexicon(load_codebook(CODEBOOK))


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # noun phrases and clauses naming what is wanted stay as they are
        ("longer follow-up", "longer follow-up"),
        (
            "to reduce the number of irregular arrivals",
            "to reduce the number of irregular arrivals",
        ),
        (
            "that a decision to return must be informed and free of pressure",
            "that a decision to return must be informed and free of pressure",
        ),
        ("the Compact", "the Compact"),
        # a preposition left over from the predicate ("interest in", "call for") goes
        ("in effective return", "effective return"),
        (
            "for psychosocial support and longer follow-up",
            "psychosocial support and longer follow-up",
        ),
        ("about deportations organised without notice", "deportations organised without notice"),
        # fragments: nothing a reader can take on its own
        ("(unspecified)", ""),
        ("they", ""),
        ("in", ""),
        ("of them", ""),
        ("Sustainable reintegration", ""),
        ("the sustainable reintegration", ""),
        ("return", ""),
        ("their continuation and growth", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_readable_interest(lex, phrase, expected) -> None:
    assert readable_interest(phrase, lex) == expected


def test_the_concept_within_a_longer_phrase_is_readable(lex) -> None:
    phrase = "sustainable reintegration measured by income after two years"
    assert readable_interest(phrase, lex) == phrase


def test_kind_follows_the_phrase() -> None:
    assert interest_kind("longer follow-up") == "phrase"
    assert interest_kind("") == interest_kind(None) == "unspecified"


def test_shorten_cuts_at_a_word() -> None:
    sentence = (
        "Local authorities in the regions of return want to be consulted before projects "
        "start, because they know which training courses lead to jobs and which do not."
    )
    short = shorten(sentence, 80)
    assert len(short) <= 80 and short.endswith("…")
    assert sentence.startswith(short[:-1])
    assert shorten("Donors want evidence.", 80) == "Donors want evidence."


def test_report_shows_the_sentence_for_an_unspecified_interest() -> None:
    sentence = "Development agencies and international organisations support them through training."
    interests = pd.DataFrame(
        {
            "interest": ["longer follow-up", None],
            "interest_kind": ["phrase", "unspecified"],
            "text": ["Donors call for longer follow-up.", sentence],
        }
    )
    shown, as_sentence = interest_labels(interests)
    assert shown == ["longer follow-up", sentence]
    assert as_sentence == [False, True]
    assert "(unspecified)" not in shown
