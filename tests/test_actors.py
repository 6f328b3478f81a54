"""Actor resolution on tiny invented examples: one actor per real actor."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from pipeline.codebook import load_codebook
from pipeline.params import ConfigError
from pipeline.tag.actor_table import resolve_tables
from pipeline.tag.actors import (
    UNTYPED,
    Actor,
    Resolver,
    acronym,
    actor_key,
    expansion_pairs,
    registry_actors,
    split_citation,
)

CODEBOOK = Path(__file__).resolve().parents[1] / "models" / "codebook.yaml"

REGISTRY = [
    Actor("IOM", "international_org", ("International Organization for Migration",)),
    Actor("UNHCR", "international_org", ("UN Refugee Agency",)),
    Actor("European Commission", "eu", ("the Commission",)),
]


def sentences(*texts: str, doc_id: str = "d1") -> pd.DataFrame:
    return pd.DataFrame({"doc_id": doc_id, "sent_id": range(len(texts)), "text": list(texts)})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UNHCR (1997)", ("UNHCR", 1997)),
        ("IOM, 2017", ("IOM", 2017)),
        ("(IOM 2015: 12)", ("IOM", 2015)),
        ("European Commission (2021a)", ("European Commission", 2021)),
        ("Black et al. (2004)", ("Black et al.", 2004)),
        ("the Commission", ("the Commission", None)),
        ("2018", ("2018", None)),
        ("Agenda 2030", ("Agenda 2030", None)),
        ("IOM 2017", ("IOM 2017", None)),
    ],
)
def test_split_citation_keeps_the_year_apart(text: str, expected: tuple) -> None:
    assert split_citation(text) == expected


def test_keys_ignore_case_article_possessive_dots_and_spelling() -> None:
    assert actor_key("The IOM's") == actor_key("iom")
    assert actor_key("U.N.") == actor_key("UN")
    assert actor_key("International Organisation for Migration") == actor_key(
        "international organization for  migration"
    )
    assert actor_key("Non-governmental organisations") == actor_key(
        "non governmental organizations"
    )
    assert actor_key("UNHCR") != actor_key("UNDP")


def test_a_plural_names_the_same_group_as_its_singular() -> None:
    assert actor_key("Returnees") == actor_key("the returnee")
    assert actor_key("destination countries") == actor_key("Destination country")
    assert actor_key("Member States") == actor_key("member state")
    # words ending in -ss or -us are not plurals
    assert actor_key("the press") == "press" and actor_key("Erasmus") == "erasmus"


def test_acronym_and_expansion_pairs() -> None:
    assert acronym("International Centre for Migration Policy Development") == "ICMPD"
    text = (
        "Funding came from the Maritime Return Facility (MRF) and the "
        "Coastal Development Office (CDO)."
    )
    assert expansion_pairs(text) == [
        ("Maritime Return Facility", "MRF"),
        ("Coastal Development Office", "CDO"),
    ]
    assert expansion_pairs("The plan (2019) was late (see Annex).") == []


def test_registry_names_and_citations_resolve_to_one_actor() -> None:
    resolver = Resolver(REGISTRY)
    ids = {resolver.resolve(n) for n in ("IOM", "IOM (2017)", "the International Organization "
                                         "for Migration", "IOM’s")}  # fmt: skip
    assert len(ids) == 1
    assert resolver.canonical(ids.pop()) == "IOM"
    assert resolver.resolve("UN Refugee Agency") == resolver.resolve("UNHCR (1997)")


def test_corpus_acronym_joins_its_expansion() -> None:
    corpus = sentences(
        "The Sahel Reintegration Network (SRN) funds small businesses.",
        "SRN wants longer follow-up.",
    )
    resolver = Resolver(REGISTRY, corpus)
    assert resolver.resolve("SRN") == resolver.resolve("the Sahel Reintegration Network")
    assert resolver.canonical(resolver.resolve("SRN")) == "Sahel Reintegration Network"


def test_the_agency_is_the_last_named_agency_of_the_document() -> None:
    registry = [*REGISTRY, Actor("Frontex", "eu", ("European Border and Coast Guard Agency",))]
    corpus = pd.concat(
        [
            sentences(
                "The UN Refugee Agency opened an office in the capital.",
                "Later the European Border and Coast Guard Agency began charter flights.",
                "The Agency wants faster identification of nationals.",
            ),
            sentences("The Agency wants more staff.", doc_id="d2"),
        ]
    )
    resolver = Resolver(registry, corpus)
    third = "The Agency wants faster identification of nationals."
    assert resolver.resolve("The Agency", "d1", 2, third) == resolver.resolve("Frontex")
    # a document that names no agency before: no antecedent, its own name
    assert resolver.resolve("The Agency", "d2", 0, "The Agency wants more staff.") not in (
        resolver.resolve("Frontex"),
        resolver.resolve("UNHCR"),
    )


def test_the_commission_without_a_full_name_before_is_the_registry_alias() -> None:
    resolver = Resolver(REGISTRY, sentences("The Commission wants a common return system."))
    text = "The Commission wants a common return system."
    assert resolver.resolve("The Commission", "d1", 0, text) == resolver.resolve(
        "European Commission (2021)"
    )


def test_tables_carry_the_canonical_actor_and_the_actor_table_counts() -> None:
    corpus = sentences(
        "The International Organization for Migration (IOM) runs the programme.",
        "IOM (2017) wants returnees to be self-sufficient.",
        "Countries of origin want investment, and they seek legal pathways.",
        "Some countries of origin want jobs.",
    )
    interests = pd.DataFrame(
        {
            "doc_id": "d1",
            "sent_id": [1, 2, 2, 3],
            "text": corpus["text"].iloc[[1, 2, 2, 3]].tolist(),
            "actor": ["IOM (2017)", "Countries of origin", "they", "countries of origin"],
            "refers_to": [None, None, "Countries of origin", None],
            "actor_type": ["international_org", "origin_state", "origin_state", "origin_state"],
        }
    )
    interests["name"] = interests["refers_to"].fillna(interests["actor"])
    mentions = pd.DataFrame(
        {
            "doc_id": "d2",
            "sent_id": [0],
            "text": ["The International Organization for Migration met donors."],
            "actor": ["The International Organization for Migration"],
            "actor_type": ["other"],
        }
    )
    out, table = resolve_tables(
        Resolver(REGISTRY, corpus),
        {"interests": (interests, "name"), "mentions": (mentions, "actor")},
    )
    assert out["interests"]["canonical"].tolist() == [
        "IOM", "countries of origin", "countries of origin", "countries of origin",
    ]  # fmt: skip
    assert out["mentions"]["canonical"].tolist() == ["IOM"]
    assert out["mentions"]["actor_type"].tolist() == ["international_org"]
    rows = table.set_index("canonical")
    assert rows.loc["IOM", "type"] == "international_org"
    # the citation's year is no part of a name
    assert rows.loc["IOM", "aliases"] == "International Organization for Migration"
    assert (rows.loc["IOM", "documents"], rows.loc["IOM", "mentions"]) == (2, 2)
    assert rows.loc["countries of origin", "aliases"] == "Countries of origin"
    assert rows.loc["countries of origin", "mentions"] == 3
    assert list(table.columns) == ["canonical", "type", "aliases", "documents", "mentions"]


def test_bundled_registry_is_valid_and_covers_well_known_actors() -> None:
    codebook = load_codebook(CODEBOOK)
    resolver = Resolver(registry_actors(codebook.actors))
    same = [
        ("UNHCR", "Office of the United Nations High Commissioner for Refugees"),
        ("IOM", "International Organisation for Migration"),
        ("the Commission", "European Commission"),
        ("ICMPD", "International Centre for Migration Policy Development"),
        ("GIZ", "Deutsche Gesellschaft für Internationale Zusammenarbeit"),
    ]
    for first, second in same:
        assert resolver.resolve(first) == resolver.resolve(second)
    assert resolver.resolve("Council of the EU") != resolver.resolve("European Council")


def _write(tmp_path: Path, change) -> Path:
    raw = yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "codebook.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_unknown_actor_type_in_the_registry_names_file_and_entry(tmp_path: Path) -> None:
    path = _write(tmp_path, lambda raw: raw["actors"]["Frontex"].update(type="border_agency"))
    with pytest.raises(ConfigError) as info:
        load_codebook(path)
    message = str(info.value)
    assert str(path) in message
    assert "actors.Frontex" in message and "border_agency" in message


def test_one_alias_for_two_actors_names_file_and_both_entries(tmp_path: Path) -> None:
    path = _write(tmp_path, lambda raw: raw["actors"]["UNDP"]["aliases"].append("the UN"))
    with pytest.raises(ConfigError) as info:
        load_codebook(path)
    message = str(info.value)
    assert str(path) in message
    assert "actors.UNDP" in message and "actors.United Nations" in message
    assert "alias 'UN'" in message


def test_an_unregistered_group_is_named_by_its_most_used_form() -> None:
    resolver = Resolver(REGISTRY)
    actor = resolver.resolve("returnees")
    assert resolver.resolve("the returnee") == actor
    used = ["returnees", "Returnees", "returnee", "returnees"]
    assert resolver.canonical(actor, used) == "returnees"
    assert resolver.canonical(actor, ["returnee", "returnee", "returnees"]) == "returnee"


def test_a_row_without_actor_type_is_shown_untyped_not_as_a_codebook_type() -> None:
    from pipeline.report.network import actor_name

    # an unresolved pronoun stands for its type; without one, no codebook type is made up
    assert actor_name("they", "origin_state") == "origin state"
    assert actor_name("they", None) == UNTYPED
    assert UNTYPED not in load_codebook(CODEBOOK).actor_types
