"""Candidate sentences and keyword cues: pure text rules, no model needed (the
concept-matching rules themselves: tests/test_concept.py)."""

from pathlib import Path

import pandas as pd
import pytest

from pipeline.codebook import load_codebook
from pipeline.concept import term_pattern
from pipeline.frame.candidates import candidate_sentences
from pipeline.frame.cues import CueMatcher


def test_candidate_sentences_keeps_matching_rows_in_reading_order() -> None:
    sentences = pd.DataFrame(
        {
            "doc_id": ["b", "a", "a", "a"],
            "sent_id": [0, 2, 0, 1],
            "text": ["Returns fell.", "Prices rose.", "Reintegration aside.", "Return home."],
        }
    )
    chosen = candidate_sentences(sentences, term_pattern(["return"]))
    assert chosen[["doc_id", "sent_id"]].values.tolist() == [["a", 1], ["b", 0]]


def test_keywords_match_whole_words_unless_starred() -> None:
    pattern = term_pattern(["development", "deter*"], ending="word")
    found = [m.group(0) for m in pattern.finditer("developments, development, deterring, deter")]
    assert found == ["development", "deterring", "deter"]


AXIS = {"prevention": -1.0, "choice": 1.0, "development": 0.0}
KEYWORDS = {
    "prevention": [
        "prevent*|deter* ~ migra*|re-emigra*",
        "immobility",
        "permanent return*",
        "remigra* ~ failure",
    ],
    "choice": ["choice", "regular migration", "not a failure"],
    "development": ["local development"],
}


#: the bundled codebook's phrases that name the return itself ("return migration")
EXCEPTIONS = load_codebook(
    Path(__file__).resolve().parents[1] / "models" / "codebook.yaml"
).concept.words.cue_exceptions


@pytest.fixture
def matcher() -> CueMatcher:
    return CueMatcher(KEYWORDS, AXIS, EXCEPTIONS)


def test_proximity_cue_needs_its_object(matcher: CueMatcher) -> None:
    assert matcher.evidence("Grants are meant to prevent irregular re-emigration.")["prevention"]
    assert not matcher.evidence("The new forms prevent delays at the border.")["prevention"]


def test_denied_pole_cue_speaks_for_the_other_pole(matcher: CueMatcher) -> None:
    found = matcher.evidence("Immobility of returnees should not be an aim in itself.")
    assert found["prevention"] == []
    assert found["choice"] == ["not immobility"]


def test_denied_middle_cue_counts_for_nothing(matcher: CueMatcher) -> None:
    found = matcher.evidence("The plan offers no local development at all.")
    assert all(not cues for cues in found.values())


def test_not_only_is_a_contrast_not_a_denial(matcher: CueMatcher) -> None:
    text = "Success is not only permanent return but also local development."
    found = matcher.evidence(text)
    assert found["prevention"] == ["permanent return"]
    assert found["development"] == ["local development"]
    assert found["choice"] == []


def test_cues_inside_capitalised_names_are_skipped(matcher: CueMatcher) -> None:
    text = "The Compact for Safe, Orderly and Regular Migration was adopted in 2018."
    assert matcher.evidence(text)["choice"] == []
    assert matcher.evidence("Regular migration is a choice for some.")["choice"]


def test_overlapping_keywords_count_once(matcher: CueMatcher) -> None:
    counts = matcher.counts(["Returnees deter irregular migration by permanent returns."], cap=5)
    assert counts.tolist() == [[2.0, 0.0, 0.0]]


def test_denial_reaches_a_cue_a_few_words_later_in_the_same_clause(matcher: CueMatcher) -> None:
    found, muted = matcher.read("The scheme does not treat immobility as its goal.")
    assert found["prevention"] == [] and found["choice"] == ["not immobility"]
    assert muted == {"prevention"}


def test_denial_stops_at_a_clause_boundary(matcher: CueMatcher) -> None:
    found, muted = matcher.read("Grants were not paid on time, but regular migration stays open.")
    assert found["choice"] == ["regular migration"]
    assert muted == set()


def test_saying_that_something_is_absent_cancels_the_cue(matcher: CueMatcher) -> None:
    """A text that does not discuss X has a gap: neither X nor its opposite."""
    found, muted = matcher.read("The strategy does not discuss regular migration after return.")
    assert all(not cues for cues in found.values())
    assert muted == {"choice"}


def test_degree_words_doubt_the_means_not_the_end(matcher: CueMatcher) -> None:
    found, _ = matcher.read("Short grants are not the best way to deter re-emigration.")
    assert all(not cues for cues in found.values())


def test_denial_inside_a_proximity_cue_turns_it_around(matcher: CueMatcher) -> None:
    found, muted = matcher.read("Remigration is not necessarily a failure of the programme.")
    assert found["prevention"] == [] and found["choice"]
    assert muted == {"prevention"}


def test_return_migration_is_not_a_further_migration(matcher: CueMatcher) -> None:
    text = "Budget cuts prevented ministries from treating return migration as a priority."
    assert matcher.evidence(text)["prevention"] == []
    assert matcher.evidence("Grants aim to prevent irregular migration.")["prevention"]
    # the exception is the codebook's: a codebook without it reads the cue
    assert CueMatcher(KEYWORDS, AXIS).evidence(text)["prevention"] == [
        "prevented ministries from treating return migration"
    ]


def test_without_states_a_lack_not_a_rejection(matcher: CueMatcher) -> None:
    found, muted = matcher.read("Without regular migration, returnees who leave go irregularly.")
    assert all(not cues for cues in found.values())
    assert muted == {"choice"}


def test_the_shortcut_over_all_cues_finds_what_each_cue_finds() -> None:
    codebook = load_codebook(Path(__file__).resolve().parents[1] / "models" / "codebook.yaml")
    keywords = {key: framing.keywords for key, framing in codebook.framings.items()}
    axis = {key: framing.axis for key, framing in codebook.framings.items()}
    fast = CueMatcher(keywords, axis, codebook.concept.words.cue_exceptions)
    slow = CueMatcher(keywords, axis, codebook.concept.words.cue_exceptions)
    slow.any_cue, slow.any_cue_of = None, dict.fromkeys(slow.any_cue_of)
    sentences = [
        "The office received forty applications in March.",
        "Remigration is not a failure but may be a sign of successful reintegration.",
        "Reintegration support should prevent irregular re-migration to Europe.",
        "Returnees contribute to the development of their communities of origin.",
        "Immobility should not be the aim of return policy.",
        "PREVENTING IRREGULAR MIGRATION AGAIN IS THE GOAL.",
        "",
    ]
    assert any(fast.read(s)[0][k] for s in sentences for k in keywords)  # cues do fire
    assert [fast.read(s) for s in sentences] == [slow.read(s) for s in sentences]
