"""Drift: periods, definitions in force by document and attributed year, framing
shares, context shift and keyness, each traceable to its sentences."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline import catalog
from pipeline.analysis.drift import drift_table
from pipeline.analysis.drift_measures import g2
from pipeline.analysis.inputs import load, parse_refs
from pipeline.analysis.periods import period_table
from pipeline.concept import term_pattern
from pipeline.params import DriftParams, Params
from pipeline.stages import drift as drift_stage
from pipeline.workspace import Workspace
from tests.test_report_factory import FRAMINGS, doc_id_for, make_tables, write_tables

TERMS = term_pattern(["sustainable reintegration", "sustainable return"])


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory):
    out = write_tables(tmp_path_factory.mktemp("drift"))
    return load(out / "data")


@pytest.fixture(scope="module")
def table(outputs) -> pd.DataFrame:
    return drift_table(outputs, DriftParams(), FRAMINGS, TERMS)[0]


def pick(table: pd.DataFrame, **where: object) -> pd.DataFrame:
    mask = np.ones(len(table), dtype=bool)
    for column, value in where.items():
        mask &= (table[column] == value).to_numpy()
    return table[mask]


def test_periods_follow_bins_and_skip_empty_ones() -> None:
    periods = period_table([2001, 2015, 2017, 2019, None], [1990, 2000, 2010, 2016, 2018, 2025])
    assert list(periods["period"]) == ["2000-2009", "2010-2015", "2016-2017", "2018-2024"]
    yearly = period_table([2019, 2001, 2019], "year")
    assert list(yearly["period"]) == ["2001", "2019"]


def test_quoted_definition_is_placed_at_its_attributed_year(table: pd.DataFrame) -> None:
    # the 2019 brief restates the 2001 definition: by document year it is in force in
    # 2018-2019, by attributed year it belongs to 2000-2009
    by_doc = pick(table, measure="definition", basis="document_year", period="2018-2019")
    assert "Agency (2001)" in set(by_doc["key"])
    by_attr = pick(table, measure="definition", basis="attributed_year", period="2000-2009")
    row = by_attr[by_attr["key"] == "Agency (2001)"].iloc[0]
    assert row["n"] == 2  # the original and the quotation
    docs = {doc for doc, _ in parse_refs(row["evidence"])}
    assert docs == {doc_id_for("2001_agency_return.txt"), doc_id_for("2019_institute_brief.pdf")}
    assert pick(table, measure="definition", basis="attributed_year", period="2018-2019").empty


def test_framing_shares_move_from_prevention_to_choice(table: pd.DataFrame) -> None:
    shares = pick(table, measure="framing_share").pivot_table(
        index="period", columns="key", values="value"
    )
    assert shares.loc["2000-2009", "prevention"] == 1.0
    assert shares.loc["2016-2017", "choice"] == pytest.approx(0.8)
    assert shares.loc["2018-2019", "prevention"] == shares.loc["2018-2019", "choice"] == 0.5
    for _, row in pick(table, measure="framing_share").iterrows():
        assert row["value"] == pytest.approx(row["n"] / row["total"])
        assert len(parse_refs(row["evidence"])) == row["n"]
    axis = pick(table, measure="axis_mean").set_index("period")["value"]
    assert axis["2000-2009"] < 0 < axis["2016-2017"]


def test_dimension_shares_count_definitions(table: pd.DataFrame) -> None:
    row = pick(
        table, measure="dimension_share", basis="attributed_year", period="2016-2017",
        key="psychosocial",
    ).iloc[0]  # fmt: skip
    assert (row["n"], row["total"], row["value"]) == (2, 2, 1.0)


def test_context_shift_is_largest_where_the_framing_flips(table: pd.DataFrame) -> None:
    shifts = pick(table, measure="context_shift").set_index("period")
    assert set(shifts.index) >= {"2016-2017", "2018-2019"}
    assert shifts.loc["2016-2017", "value"] > shifts.loc["2020-2024", "value"]
    assert all(0.0 <= v <= 2.0 for v in shifts["value"])
    assert all(key.startswith("from ") for key in shifts["key"])


def test_g2_matches_hand_computation() -> None:
    # term seen 10 times in 1000 tokens of the period and 2 times in 1000 elsewhere
    e = 6.0
    expected = 2 * (10 * math.log(10 / e) + 2 * math.log(2 / e))
    assert g2(10, 2, 1000, 1000) == pytest.approx(expected)
    assert g2(2, 10, 1000, 1000) == pytest.approx(-expected)
    assert g2(0, 0, 10, 10) == 0.0


def test_keyness_evidence_contains_the_term(outputs) -> None:
    params = DriftParams(keyness_min_g2=0.5, keyness_min_count=2)
    table, _ = drift_table(outputs, params, FRAMINGS, TERMS)
    texts = outputs.sentences.set_index(["doc_id", "sent_id"])["text"]
    rising = pick(table, measure="term_rise")
    assert not rising.empty
    for _, row in rising.iterrows():
        refs = parse_refs(row["evidence"])
        assert refs and len(refs) <= row["n"]
        for ref in refs:
            assert row["key"].split()[0] in texts.loc[ref].lower()


def test_every_evidence_reference_is_a_real_sentence(table: pd.DataFrame, outputs) -> None:
    known = set(zip(outputs.sentences["doc_id"], outputs.sentences["sent_id"], strict=True))
    for evidence in table.loc[table["measure"] != "documents", "evidence"]:
        for ref in parse_refs(evidence):
            assert ref in known


def test_stage_writes_identical_bytes_twice_and_yearly_bins(tmp_path: Path) -> None:
    out = write_tables(tmp_path / "out")
    ws = Workspace.for_run(tmp_path / "corpus", out, Params())
    drift_stage.run(ws)
    first = (out / "drift.csv").read_bytes()
    drift_stage.run(ws)
    assert (out / "drift.csv").read_bytes() == first
    ws.params = Params.model_validate({"drift": {"bins": "year"}})
    drift_stage.run(ws)
    yearly = pd.read_csv(out / "drift.csv", dtype={"period": str})
    assert {"2001", "2015", "2017", "2019", "2021"} <= set(yearly["period"])
    over_time = pd.read_csv(out / "framing_over_time.csv")
    assert list(over_time.columns[:3]) == ["period", "period_start", "n_framed"]


def test_missing_framing_tables_still_give_definitions(tmp_path: Path) -> None:
    tables = make_tables()
    out = write_tables(tmp_path / "out", tables)
    for table in (catalog.FRAMINGS, catalog.EMBEDDINGS):
        (out / "data" / table.file).unlink()
    outputs = load(out / "data")
    table, over_time = drift_table(outputs, DriftParams(), FRAMINGS, TERMS)
    assert "framings" in outputs.missing
    assert not pick(table, measure="definition").empty
    assert pick(table, measure="framing_share").empty and over_time.empty


def test_credited_year_inside_the_name_is_split(tmp_path: Path) -> None:
    tables = make_tables()
    defs = tables["definitions"]
    quoted = defs["attributed_to"].notna()
    defs.loc[quoted, "attributed_to"] = defs.loc[quoted].apply(
        lambda r: f"{r['attributed_to']} ({r['attributed_year']})", axis=1
    )
    defs.loc[quoted, "attributed_year"] = pd.NA
    out = write_tables(tmp_path / "out", tables)
    outputs = load(out / "data")
    table, _ = drift_table(outputs, DriftParams(), FRAMINGS, TERMS)
    keys = set(
        pick(table, measure="definition", basis="attributed_year", period="2000-2009")["key"]
    )
    assert keys == {"Agency (2001)"}


def test_full_name_and_acronym_share_one_source_label(tmp_path: Path) -> None:
    # a definitions table written before actor resolution (no defined_by)
    tables = make_tables()
    docs = tables["documents"]
    docs.loc[docs["organisation"] == "Agency", "organisation"] = "Agency for Return Management"
    defs = tables["definitions"].drop(columns="defined_by")
    defs.loc[defs["attributed_to"] == "Agency", "attributed_to"] = "ARM"
    tables["definitions"] = defs
    out = write_tables(tmp_path / "out", tables)
    table, _ = drift_table(load(out / "data"), DriftParams(), FRAMINGS, TERMS)
    early = pick(table, measure="definition", basis="attributed_year", period="2000-2009")
    assert list(early["key"]) == ["ARM (2001)"] and early["n"].iloc[0] == 2


def test_sources_are_the_resolved_actor_with_the_credited_year(tmp_path: Path) -> None:
    tables = make_tables()
    defs = tables["definitions"]
    # the definitions stage resolved "Agency" and the document organisation to one actor
    defs["defined_by"] = defs["defined_by"].replace({"Agency": "Agency for Return Management"})
    out = write_tables(tmp_path / "out", tables)
    table, _ = drift_table(load(out / "data"), DriftParams(), FRAMINGS, TERMS)
    early = pick(table, measure="definition", basis="attributed_year", period="2000-2009")
    assert list(early["key"]) == ["Agency for Return Management (2001)"]
