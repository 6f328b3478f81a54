"""Matching and scoring of `policyframes evaluate` on a tiny hand-made gold."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline import catalog
from pipeline.codebook import load_codebook
from pipeline.evaluate import evaluate
from pipeline.gold import normalise, same_attribution, same_sentence

REPO = Path(__file__).resolve().parents[1]


def test_normalise_quotes_dashes_case_space() -> None:
    assert normalise("“Return” – is  \n ‘Key’") == normalise("\"return\" - is 'key'")
    assert normalise("re\u2011emigration") == "re-emigration"


def test_same_sentence_by_containment_and_near_identity() -> None:
    gold = normalise("The fund supports returnees in rural areas")
    assert same_sentence(gold, normalise("Moreover, the fund supports returnees in rural areas."))
    assert same_sentence(gold, normalise("The fund support returnees in rural area."))
    assert not same_sentence(gold, normalise("The fund was closed in rural areas last year."))
    assert not same_sentence(normalise("Returnees"), normalise("Returnees want jobs here."))


@pytest.mark.parametrize(
    ("gold", "org", "year", "expected"),
    [
        ("IOM 2015", "IOM", 2015, True),
        ("IOM 2015", "International Organization for Migration", 2015, True),
        ("IOM 2015", "IOM", None, False),
        ("IOM", "IOM", None, True),
        ("IOM 2017", "UNHCR", 2017, False),
        ("UN Global Compact for Migration 2018 (Objective 21)", "Global Compact", 2018, True),
        ("most actors", "Most actors", None, True),
        ("Smith and Jones 2012", "Smith and Jones", 2012, True),
    ],
)
def test_attribution_normalisation(gold, org, year, expected) -> None:
    assert same_attribution(gold, org, year) is expected


def _gold(tmp_path: Path) -> Path:
    rows = [
        {"file": "a.txt", "sentence": "Sustainable return means a stable income.",
         "definition": True, "defined_by": "Agency 2010", "framing": "wellbeing",
         "stakeholders": []},
        {"file": "a.txt", "sentence": "Donors want fewer departures.", "definition": False,
         "defined_by": None, "framing": "prevention",
         "stakeholders": [{"actor": "Donors", "type": "donor", "interest": "fewer departures"}]},
        {"file": "a.txt", "sentence": "Return can be a choice or a necessity.",
         "definition": False, "defined_by": None, "framing": "mixed",
         "mixed_components": ["choice", "prevention"], "stakeholders": []},
        {"file": "a.txt", "sentence": "NGOs met in May.", "definition": False,
         "defined_by": None, "framing": "none",
         "stakeholders": [{"actor": "NGOs", "type": "ngo", "interest": None}]},
        {"file": "b.txt", "sentence": "Reintegration is understood as belonging.",
         "definition": True, "defined_by": None, "framing": "none", "stakeholders": []},
    ]  # fmt: skip
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _outputs(tmp_path: Path) -> Path:
    """The intermediate tables of a run, in OUT/data, with the columns scoring reads."""
    out = tmp_path / "out"
    data = out / "data"
    data.mkdir(parents=True)
    pd.DataFrame({"doc_id": ["A", "B", "C"], "file": ["x/a.txt", "b.txt", "c.txt"]}).to_parquet(
        data / catalog.DOCUMENTS.file
    )
    pd.DataFrame(
        {
            "doc_id": ["A", "A", "C"],
            "sent_id": [0, 3, 0],
            "text": [
                "Sustainable  return means a “stable” income.",  # right, attribution right
                "Some unlabelled sentence that is not a definition.",  # false positive
                "A sentence of a document outside the gold.",  # ignored
            ],
            "attributed_to": ["Agency", None, None],
            "attributed_year": pd.array([2010, None, None], dtype="Int64"),
        }
    ).to_parquet(data / catalog.DEFINITIONS.file)
    pd.DataFrame(
        {
            "doc_id": ["A", "A", "A"],
            "sent_id": [1, 1, 2],
            "text": [
                "Donors want fewer departures.",
                "Donors want fewer departures.",
                "NGOs met in May.",
            ],
            "actor": ["Donors", "Donors", "NGOs"],
            "actor_type": ["donor", "donor", "ngo"],
        }
    ).to_parquet(data / catalog.INTERESTS.file)
    pd.DataFrame(
        {
            "doc_id": ["A", "A", "A"],
            "sent_id": [0, 1, 2],
            "text": [
                "Sustainable return means a stable income.",
                "Donors want fewer departures.",
                "Return can be a choice or a necessity.",
            ],
            "framing": ["wellbeing", "choice", "prevention"],
        }
    ).to_parquet(data / catalog.FRAMINGS.file)
    return out


def test_scores_on_tiny_gold(tmp_path: Path) -> None:
    # the bundled codebook's framings: "choice" has no gold sentence and still counts
    framings = list(load_codebook(REPO / "models" / "codebook.yaml").framings)
    figures = evaluate(_gold(tmp_path), _outputs(tmp_path), framings=framings)
    d = figures["definitions"]
    assert (d["precision"], d["recall"]) == (0.5, 0.5)  # b.txt's definition is missed
    assert figures["attribution"]["exact_match"] == 1.0
    i = figures["interests"]
    # the duplicate row counts once; the NGO row is a mention in the gold
    assert (i["n_pred"], i["precision"], i["recall"]) == (2, 0.5, 1.0)
    f = figures["framing"]
    assert f["wellbeing"]["f1"] == 1.0
    # the mixed sentence counts as right (prevention is one of its components); the
    # prevention sentence framed as choice is a miss for prevention
    assert (f["prevention"]["precision"], f["prevention"]["recall"]) == (1.0, 0.5)
    assert f["choice"]["precision"] == 0.0 and f["choice"]["n_gold"] == 0
    assert f["macro_f1"] == pytest.approx((1.0 + 2 / 3 + 0.0 + 0.0) / 4, abs=1e-4)


def test_the_run_s_score_columns_say_which_framings_are_scored(tmp_path: Path) -> None:
    out = _outputs(tmp_path)
    table = out / "data" / catalog.FRAMINGS.file
    # a run of a codebook with two framings, in its order: the others are not scored
    pd.read_parquet(table).assign(score_wellbeing=0.5, score_prevention=0.1).to_parquet(table)
    f = evaluate(_gold(tmp_path), out)["framing"]
    assert [k for k in f if k not in ("macro_f1", "available")] == ["wellbeing", "prevention"]
    assert f["macro_f1"] == pytest.approx((1.0 + 2 / 3) / 2, abs=1e-4)


def test_cli_writes_json(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    target = tmp_path / "figures.json"
    result = CliRunner().invoke(
        app, ["evaluate", str(_gold(tmp_path)), str(_outputs(tmp_path)), "--json", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert "definitions" in result.output
    assert json.loads(target.read_text())["definitions"]["recall"] == 0.5


def test_missing_outdir_is_a_clear_error(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    result = CliRunner().invoke(app, ["evaluate", str(_gold(tmp_path)), str(tmp_path / "nope")])
    assert result.exit_code == 2
