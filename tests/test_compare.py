"""Compare: per-group framing shares, axis with CI, dimensions, actor interests; the
document resolver and the side-by-side command."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.analysis.compare import bootstrap_ci, comparison_table, difference_ci
from pipeline.analysis.inputs import load, parse_refs
from pipeline.analysis.side_by_side import AmbiguousDocument, resolve
from pipeline.cli import app
from pipeline.params import CompareParams, ConfigError, Params
from pipeline.stages import compare as compare_stage
from pipeline.workspace import Workspace
from tests.test_report_factory import FRAMINGS, doc_id_for, write_tables

OLD = doc_id_for("2001_agency_return.txt")
NEW = doc_id_for("2017_agency_integrated.pdf")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tables(tmp_path_factory.mktemp("compare"))


@pytest.fixture(scope="module")
def outputs(out: Path):
    return load(out / "data")


def value(table: pd.DataFrame, group: str, measure: str, key: str) -> pd.Series:
    rows = table[(table["group"] == group) & (table["measure"] == measure) & (table["key"] == key)]
    assert len(rows) == 1, (group, measure, key)
    return rows.iloc[0]


def test_axis_separates_prevention_and_choice_documents(outputs) -> None:
    table, axis = comparison_table(outputs, CompareParams(), FRAMINGS)
    old, new = value(table, OLD, "axis_mean", "axis"), value(table, NEW, "axis_mean", "axis")
    assert old["value"] < 0 < new["value"]
    assert old["ci_high"] < new["ci_low"]  # the intervals do not overlap
    assert old["ci_low"] <= old["value"] <= old["ci_high"]
    assert list(axis["year"]) == sorted(axis["year"])
    assert set(axis["doc_id"]) == set(table["group"])


def test_shares_counts_and_evidence_agree(outputs) -> None:
    table, _ = comparison_table(outputs, CompareParams(), FRAMINGS)
    row = value(table, NEW, "framing_share", "choice")
    assert (row["n"], row["total"]) == (4, 5)
    assert row["value"] == pytest.approx(0.8)
    assert {doc for doc, _ in parse_refs(row["evidence"])} == {NEW}
    dims = value(table, NEW, "dimension_share", "psychosocial")
    assert dims["value"] == 1.0 and dims["n"] == 1
    interest = value(table, OLD, "actor_interest", "destination_country | fewer irregular arrivals")
    assert interest["n"] == 1 and len(parse_refs(interest["evidence"])) == 1


def test_failed_documents_are_left_out(outputs) -> None:
    table, _ = comparison_table(outputs, CompareParams(), FRAMINGS)
    assert doc_id_for("broken_scan.pdf") not in set(table["group"])


def test_group_by_organisation_pools_documents(outputs) -> None:
    table, _ = comparison_table(outputs, CompareParams(by="organisation"), FRAMINGS)
    assert set(table["group"]) == {"Agency", "Institute", "Union"}
    agency = value(table, "Agency", "framing_share", "prevention")
    assert agency["total"] == 4 + 4 + 5  # framed sentences of the three agency documents
    with pytest.raises(ValueError, match="not a documents column"):
        comparison_table(outputs, CompareParams(by="colour"), FRAMINGS)


def test_bad_group_column_is_a_config_error(out: Path, tmp_path: Path) -> None:
    ws = Workspace.for_run(tmp_path, out, Params.model_validate({"compare": {"by": "colour"}}))
    with pytest.raises(ConfigError, match=r"compare\.by='colour'"):
        compare_stage.run(ws)


def test_document_axis_comes_from_the_framing_stage(outputs) -> None:
    table, axis = comparison_table(outputs, CompareParams(), FRAMINGS)
    reported = outputs.document_framings.set_index("doc_id").loc[OLD]
    row = value(table, OLD, "axis_mean", "axis")
    assert (row["value"], row["ci_low"], row["ci_high"]) == pytest.approx(
        (reported["axis_mean"], reported["axis_ci_low"], reported["axis_ci_high"])
    )
    assert axis.set_index("doc_id").loc[OLD, "axis_ci_low"] == pytest.approx(row["ci_low"])


def test_difference_interval_excludes_zero_only_for_a_real_gap() -> None:
    prevention = pd.Series([-0.7, -1.0, -0.8, -0.5, 0.9]).to_numpy()
    choice = pd.Series([0.8, 0.7, 0.4, 0.0, 0.6, 0.3]).to_numpy()
    diff, low, high = difference_ci(prevention, choice)
    assert diff == pytest.approx(choice.mean() - prevention.mean())
    assert 0 < low < diff < high
    _, low, high = difference_ci(choice, choice[::-1])
    assert low < 0 < high


def test_bootstrap_is_seeded_and_brackets_the_mean() -> None:
    values = pd.Series([-1.0, -0.5, 0.0, 0.5, 1.0, 1.0]).to_numpy()
    assert bootstrap_ci(values, 500, 3) == bootstrap_ci(values, 500, 3)
    low, high = bootstrap_ci(values, 500, 3)
    assert low < values.mean() < high
    assert bootstrap_ci(values[:1], 500, 3) == (-1.0, -1.0)


def test_resolve_by_prefix_file_and_title(outputs) -> None:
    docs = outputs.documents
    assert resolve(docs, OLD[:6])["doc_id"] == OLD
    assert resolve(docs, "2017_agency_integrated.pdf")["doc_id"] == NEW
    assert resolve(docs, "integrated approach")["doc_id"] == NEW
    with pytest.raises(AmbiguousDocument, match="matches 3 documents"):
        resolve(docs, "agency")
    with pytest.raises(AmbiguousDocument, match="no document"):
        resolve(docs, "nothing like this")


def test_compare_docs_command_prints_both_documents(out: Path) -> None:
    result = CliRunner().invoke(
        app, ["compare-docs", "2001", "integrated", "--reports", str(out)], env={"COLUMNS": "160"}
    )
    assert result.exit_code == 0, result.output
    assert "Return of rejected" in result.output and "Integrated approach" in result.output
    assert "matter of choice rather than necessity" in result.output  # a definition sentence
    assert "fewer irregular arrivals" in result.output  # an interest
    assert "separated on the axis (the interval excludes 0)" in result.output
    bad = CliRunner().invoke(app, ["compare-docs", "agency", "2001", "--reports", str(out)])
    assert bad.exit_code == 2 and "matches 3 documents" in bad.output


def test_comparison_does_not_need_the_bulk_tables(out: Path, outputs) -> None:
    """The compare stage skips sentences, embeddings and blocks; its tables come out
    the same as from a full load."""
    lean = load(out / "data", skip=("sentences", "embeddings", "blocks"))
    assert lean.embeddings.empty and lean.blocks.empty and lean.sentences.empty
    assert not outputs.embeddings.empty
    for by in ("doc_id", "organisation"):
        params = CompareParams(by=by)
        full_table, full_axis = comparison_table(outputs, params, FRAMINGS)
        lean_table, lean_axis = comparison_table(lean, params, FRAMINGS)
        pd.testing.assert_frame_equal(full_table, lean_table)
        pd.testing.assert_frame_equal(full_axis, lean_axis)
