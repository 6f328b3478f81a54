"""A second bundled codebook (affordable housing) runs the whole pipeline on its own
corpus (corpora/housing), and nothing of the reintegration codebook reaches its
outputs. The trained taggers were fitted for the reintegration codebook: on this
one the framings fall back to their seed phrases and the interests to the rules,
and the run says so."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline.codebook import Codebook, load_codebook
from pipeline.learn.estimator import CalibratedLinearClassifier
from pipeline.learn.features import framing_feature_names
from pipeline.learn.taggers import TaskModel

REPO = Path(__file__).resolve().parents[1]
HOUSING = load_codebook(REPO / "models" / "codebook-housing.yaml")
REINTEGRATION = load_codebook(REPO / "models" / "codebook.yaml")


def _names(codebook: Codebook) -> set[str]:
    """Every name a codebook gives its concept, framings and actor types."""
    concept = codebook.concept
    names = {concept.name, concept.related_label, *concept.terms, *concept.related_terms}
    names |= {*codebook.axis_captions(), *codebook.framings}
    names |= {f.label for f in codebook.framings.values()}
    names |= {*codebook.actor_types, *(t.label for t in codebook.actor_types.values())}
    return {name.lower() for name in names}


#: the housing corpus's own words ("the private sector") are no leak
CORPUS_TEXT = " ".join(
    path.read_text(encoding="utf-8").lower() for path in (REPO / "corpora" / "housing").glob("*")
)
#: what only the reintegration codebook says ("other", "researcher" are in both)
FOREIGN = sorted(
    (n for n in _names(REINTEGRATION) - _names(HOUSING) if n not in CORPUS_TEXT),
    key=len,
    reverse=True,
)
FOREIGN_PATTERN = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in FOREIGN) + r")(?![\w-])", re.IGNORECASE
)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("housing") / "out"
    done = subprocess.run(
        [
            sys.executable, "-m", "pipeline", "run", "--corpus", "corpora/housing",
            "--out", str(out), "--params", "corpora/housing/_params.yaml", "-q",
        ],
        cwd=REPO, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out, " ".join(done.stderr.split())


def _sentence(table: pd.DataFrame, start: str) -> pd.Series:
    rows = table[table["text"].str.startswith(start)]
    assert len(rows) == 1, start
    return rows.iloc[0]


def test_the_reintegration_names_are_many_and_specific() -> None:
    assert {"prevention", "returnee", "sustainable reintegration", "mobility as choice"} <= set(
        FOREIGN
    )
    assert "other" not in FOREIGN and "housing" not in FOREIGN


def test_definitions_of_the_new_concept_are_found(run: tuple[Path, str]) -> None:
    out, _ = run
    definitions = pd.read_csv(out / "definitions.csv")
    # a condition frame names no term (below); every term named is the codebook's
    terms = set(definitions["term"].dropna().str.lower())
    assert terms <= {"affordable housing", "housing affordability"}
    means = _sentence(definitions, "Affordable housing means housing that a household")
    assert means["cue"] == "copular: means"
    assert means["defined_by"] == "Marlow Builders' Federation"
    council = _sentence(definitions, "In this strategy, affordable housing refers to")
    assert council["defined_by"] == "City Council of Marlow"
    credited = _sentence(definitions, "Researchers at the institute define housing")
    assert credited["term"] == "housing affordability"
    # "for <head noun> to be <quality>": built on the codebook's concept words
    condition = _sentence(definitions, "For housing to be considered affordable, a tenant")
    assert condition["cue"].startswith("condition:") and pd.isna(condition["term"])


def test_both_framings_are_tagged_by_their_seed_phrases(run: tuple[Path, str]) -> None:
    out, log = run
    framings = pd.read_csv(out / "framings.csv")
    assert [c for c in framings.columns if c.startswith("score_")] == [
        "score_market",
        "score_right",
    ]
    for text in (
        "Cutting the red tape would let private developers build faster",
        "The council will release public land so that the private sector can build",
        "Homeownership grows when the market is allowed to supply homes.",
    ):
        assert _sentence(framings, text)["framing"] == "market", text
    for text in (
        "Tenants need protection against eviction.",
        "The union calls for rent controls",
        "Social housing is public infrastructure",
    ):
        assert _sentence(framings, text)["framing"] == "right", text
    # the trained framing tagger knows other framings: seed phrases decide, and say so
    assert set(framings["method"]) == {"seed phrases"}
    assert "framings: the trained tagger (fitted for choice, development, prevention" in log
    assert "every framing keeps its seed phrases" in log


def test_the_axis_and_drift_run_between_the_new_poles(run: tuple[Path, str]) -> None:
    out, _ = run
    axis = pd.read_csv(out / "axis_by_document.csv").set_index("label")
    builders = axis.loc[axis.index.str.contains("Building Our Way Out")].iloc[0]
    tenants = axis.loc[axis.index.str.contains("A Home Is a Right")].iloc[0]
    assert builders["axis_mean"] < -0.5 < 0.5 < tenants["axis_mean"]
    assert builders["dominant_framing"] == "market" and tenants["dominant_framing"] == "right"
    over_time = pd.read_csv(out / "framing_over_time.csv")
    assert {"market", "right"} <= set(over_time.columns)
    assert len(over_time) == 4  # 2006, 2012, 2018 and 2023 fall in four periods
    drift = pd.read_csv(out / "drift.csv")
    shares = drift[drift["measure"] == "framing_share"]
    assert set(shares["key"]) == {"market", "right"}
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Each document on the market ↔ right axis" in report
    assert "← market supply" in report and "housing as a social right →" in report
    assert "Housing as a social right" in report  # the framing's label


def test_interests_fall_back_to_the_rules_with_the_new_actor_types(
    run: tuple[Path, str],
) -> None:
    out, log = run
    interests = pd.read_csv(out / "interests.csv")
    assert set(interests["method"]) == {"rules"}
    assert set(interests["actor_type"]) <= set(HOUSING.actor_types)
    landlords = interests[interests["canonical"] == "Landlords"]
    assert set(landlords["stance"]) == {"oppose"} and set(landlords["actor_type"]) == {"developer"}
    assert "stakeholders: the trained tagger reads" in log and "the rules decide" in log


#: script elements holding code, not data (the evidence is type="application/json")
SCRIPT_CODE = re.compile(r"<script>.*?</script>", re.DOTALL)


def _texts(out: Path) -> dict[str, str]:
    """Every output as text: tables, pages, exports, the QDA project's members."""
    texts: dict[str, str] = {}
    for path in sorted(out.rglob("*")):
        if ".cache" in path.parts or not path.is_file():
            continue
        name = str(path.relative_to(out))
        if path.suffix == ".parquet":
            texts[name] = pd.read_parquet(path).to_csv()
        elif path.suffix == ".qdpx":
            with zipfile.ZipFile(path) as project:
                for member in project.namelist():
                    texts[f"{name}:{member}"] = project.read(member).decode("utf-8", "replace")
        elif path.suffix == ".html":
            # the page's own scripts say "return"; the data they carry is JSON
            page = path.read_text(encoding="utf-8")
            texts[name] = SCRIPT_CODE.sub("", page)
        elif path.suffix != ".png":
            texts[name] = path.read_text(encoding="utf-8")
    return texts


def test_no_name_of_the_reintegration_codebook_reaches_the_outputs(
    run: tuple[Path, str],
) -> None:
    out, _ = run
    texts = _texts(out)
    expected = {"report.html", "codebook.qdc", "dna_events.csv", "figures/axis_by_document.svg"}
    assert expected <= set(texts)
    found = {name: sorted(set(FOREIGN_PATTERN.findall(text))) for name, text in texts.items()}
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_a_tagger_reads_its_features_by_name() -> None:
    """A framing added after training leaves the trained ones as they were; a framing
    the tagger needs and the codebook lacks makes it unusable."""
    rng = np.random.default_rng(0)
    trained = framing_feature_names(["a", "b"], 3)
    X = rng.normal(size=(40, len(trained)))
    y = (X[:, 3] > 0).astype(int)
    model = CalibratedLinearClassifier().fit(X, y)
    tagger = TaskModel({"a": model}, trained)
    grown = framing_feature_names(["c", "a", "b"], 3)
    rows = np.column_stack([X[:, :3], rng.normal(size=40), X[:, 3:5], rng.normal(size=40),
                            X[:, 5:7], rng.normal(size=40), X[:, 7:9]])  # fmt: skip
    reading = tagger.reading(grown)
    assert reading is not None
    assert np.array_equal(reading.probabilities(rows)["a"], tagger.probabilities(X)["a"])
    assert tagger.reading(framing_feature_names(["a", "c"], 3)) is None
    assert tagger.missing(framing_feature_names(["a"], 3)) == ["similarity_b", "cues_b", "denied_b"]
