"""The trained taggers' parts on small, invented data: the calibrated estimator's
contract, reading and aligning labels, the decisions that turn probabilities into
tag rows, hand corrections, and the committed default models."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from pipeline.codebook import load_codebook
from pipeline.frame.model import FramingModel, RuleSignals
from pipeline.learn.apply import (
    SEED_PHRASES,
    TRAINED,
    UNSPECIFIED,
    decide_framings,
    decide_interests,
)
from pipeline.learn.corrections import BY_HAND, override_framings
from pipeline.learn.estimator import CalibratedLinearClassifier, grouped_splits
from pipeline.learn.labels import LabelError, align, read_labels
from pipeline.learn.taggers import TaskModel, dumps, load_taggers, read_manifest
from pipeline.params import FramingsParams

REPO = Path(__file__).resolve().parents[1]
CODEBOOK = load_codebook(REPO / "models" / "codebook.yaml")


def _data(seed: int = 0, n: int = 400) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two informative features among five, 40 documents of 10 rows."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 5))
    y = (X[:, 0] - 0.8 * X[:, 1] + rng.normal(scale=0.8, size=n) > 1.0).astype(int)
    groups = np.repeat(np.arange(n // 10), 10)
    return X, y, groups


# -- estimator ---------------------------------------------------------------------


def test_estimator_follows_the_scikit_learn_contract() -> None:
    X, y, groups = _data()
    model = CalibratedLinearClassifier(C=0.5)
    assert model.fit(X, y, groups=groups) is model
    assert clone(model).get_params() == {"C": 0.5, "n_splits": 5, "random_state": 0}
    assert not hasattr(clone(model), "coef_")
    for attribute in ("coef_", "intercept_", "mean_", "scale_", "calibration_", "classes_"):
        assert hasattr(model, attribute)
    probabilities = model.predict_proba(X)
    assert probabilities.shape == (len(X), 2)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    # the informative features carry the weight
    assert abs(model.coef_[0]) > 3 * abs(model.coef_[3])


def test_probabilities_are_calibrated_on_unseen_documents() -> None:
    X, y, groups = _data(seed=1, n=2000)
    model = CalibratedLinearClassifier().fit(X[:1000], y[:1000], groups=groups[:1000])
    p = model.predict_proba(X[1000:])[:, 1]
    # class_weight="balanced" alone would inflate the rare class; calibration brings
    # the mean probability back to the base rate, and high bins are mostly right
    assert abs(p.mean() - y[1000:].mean()) < 0.05
    assert y[1000:][p > 0.7].mean() > 0.6
    assert y[1000:][p < 0.1].mean() < 0.1


def test_fitting_is_deterministic_and_round_trips_through_json() -> None:
    X, y, groups = _data(seed=2)
    first = CalibratedLinearClassifier().fit(X, y, groups=groups)
    second = CalibratedLinearClassifier().fit(X, y, groups=groups)
    assert dumps(first.to_dict()) == dumps(second.to_dict())
    loaded = CalibratedLinearClassifier.from_dict(json.loads(dumps(first.to_dict())))
    assert np.allclose(loaded.predict_proba(X), first.predict_proba(X), atol=1e-8)


def test_estimator_needs_both_classes() -> None:
    X, _, groups = _data()
    with pytest.raises(ValueError, match="positive and negative"):
        CalibratedLinearClassifier().fit(X, np.zeros(len(X), dtype=int), groups=groups)


def test_grouped_splits_keep_documents_whole() -> None:
    _, y, groups = _data()
    for train, test in grouped_splits(y, groups, 5, 0):
        assert not set(groups[train]) & set(groups[test])
        assert y[train].min() == 0 and y[train].max() == 1


# -- labels ------------------------------------------------------------------------


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


GOOD = {
    "file": "brief.txt",
    "sentence": "Sustainable reintegration means that returnees can stay by choice.",
    "definition": True,
    "defined_by": None,
    "framing": "mixed",
    "mixed_components": ["choice", "wellbeing"],
    "stakeholders": [{"actor": "returnees", "type": "returnee", "interest": "to stay"}],
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"framing": "deterrence"}, r"labels\.jsonl:2: field 'framing': unknown framing"),
        ({"mixed_components": ["choice"]}, r":2: field 'mixed_components'"),
        (
            {"stakeholders": [{"actor": "X", "type": "pirate", "interest": "gold"}]},
            r":2: field 'stakeholders\[0\]\.type': unknown actor type 'pirate'",
        ),
        ({"sentence": None}, r":2: field 'sentence'"),
        ({"definition": "perhaps"}, r":2: field 'definition'"),
    ],
)
def test_bad_labels_name_the_file_line_and_field(
    tmp_path: Path, change: dict, message: str
) -> None:
    path = _write(tmp_path / "labels.jsonl", [GOOD, GOOD | change])
    with pytest.raises(LabelError, match=message):
        read_labels(path, CODEBOOK)


def test_labels_that_are_not_json_or_missing(tmp_path: Path) -> None:
    broken = tmp_path / "labels.jsonl"
    broken.write_text(json.dumps(GOOD) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(LabelError, match=r"labels\.jsonl:2: not valid JSON"):
        read_labels(broken, CODEBOOK)
    with pytest.raises(LabelError, match="no such labels file"):
        read_labels(tmp_path / "absent.jsonl", CODEBOOK)


def test_alignment_matches_normalised_text_and_lists_the_rest(tmp_path: Path) -> None:
    other = GOOD | {"sentence": "A sentence the corpus does not hold at all, anywhere."}
    records = read_labels(_write(tmp_path / "labels.jsonl", [GOOD, other]), CODEBOOK)
    sentences = pd.DataFrame(
        {
            "doc_id": ["d1", "d1"],
            "sent_id": [0, 1],
            # curly quotes, a dash and spacing differ from the label's text
            "text": [
                "Return is hard.",
                "Sustainable  reintegration means that returnees can stay by choice.",
            ],
        }
    )
    alignment = align(records, sentences, {"d1": "brief.txt"})
    row = alignment.labels.iloc[0]
    assert (row["doc_id"], row["sent_id"]) == ("d1", 1)
    assert row["framings"] == "choice;wellbeing" and row["interest_types"] == "returnee"
    assert [r.sentence for r in alignment.unmatched] == [other["sentence"]]
    with pytest.raises(LabelError, match=r"'brief\.txt' is not a document of the corpus"):
        align(records, sentences, {"d1": "another.txt"})


# -- decisions ---------------------------------------------------------------------


def _framing_model(keys: tuple[str, ...]) -> FramingModel:
    return FramingModel(
        keys=keys, axis=np.array([-1.0, 1.0, 0.0][: len(keys)]),
        phrases=tuple(np.eye(4)[:1] for _ in keys), offsets=np.zeros(len(keys)),
        keywords={k: [] for k in keys}, params=FramingsParams(),
    )  # fmt: skip


class _Fixed:
    """A stand-in classifier returning fixed probabilities (the decision logic is
    what is under test)."""

    def __init__(self, values: list[float]) -> None:
        self.values = np.asarray(values)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        return np.column_stack([1 - self.values, self.values])


def test_trained_framings_decide_and_an_unlabelled_framing_keeps_its_seed_phrases() -> None:
    keys = ("prevention", "choice", "newframe")
    model = _framing_model(keys)
    signals = RuleSignals(
        similarity=np.array([[0.0, 0.0, 0.0], [0.0, 0.0, 0.5], [0.0, 0.0, 0.0]]),
        cue_counts=np.zeros((3, 3)), muted=np.zeros((3, 3), dtype=bool), evidence=[{}] * 3,
    )  # fmt: skip
    tagger = TaskModel(
        {"prevention": _Fixed([0.9, 0.05, 0.6]), "choice": _Fixed([0.1, 0.1, 0.7])},
        features=[],
    )
    out = decide_framings(signals, np.zeros((3, 4)), model, tagger, min_probability=0.5)
    assert out["framing"].tolist() == ["prevention", "newframe", "choice"]
    assert out["method"].tolist() == [TRAINED, SEED_PHRASES, TRAINED]
    assert out.loc[2, "framings"] == "choice;prevention"  # multi-label: mixed
    assert out.loc[0, "confidence"] == pytest.approx(0.9)
    assert out.loc[0, "axis"] < 0 < out.loc[2, "axis"] + 1


def test_interest_decisions_keep_rule_phrases_and_mark_unspecified_ones() -> None:
    base = {"doc_id": "d", "page": 1}
    interests = pd.DataFrame(
        [base | {"sent_id": 0, "text": "t0", "actor": "Donors", "actor_type": "donor",
                 "interest": "jobs", "predicate": "want", "stance": "support", "refers_to": None},
         base | {"sent_id": 1, "text": "t1", "actor": "IOM", "actor_type": "international_org",
                 "interest": "data", "predicate": "seek", "stance": "support", "refers_to": None}]
    )  # fmt: skip
    mentions = pd.DataFrame([base | {"sent_id": 2, "actor": "returnees", "actor_type": "returnee"}])
    pairs = pd.DataFrame(
        {"doc_id": "d", "sent_id": [0, 1, 2],
         "actor_type": ["donor", "international_org", "returnee"],
         "actor": ["Donors", "IOM", "returnees"], "text": ["t0", "t1", "t2"]}
    )  # fmt: skip
    out, rest = decide_interests(interests, mentions, pairs, np.array([0.8, 0.1, 0.6]), 0.5)
    assert out["actor_type"].tolist() == ["donor", "returnee"]
    assert out["interest_kind"].tolist() == ["phrase", UNSPECIFIED]
    assert out.loc[1, "interest"] == ""  # never a fragment when the parse found none
    assert rest["actor"].tolist() == ["IOM"]  # rejected: a mention, not an interest


def test_hand_labels_override_framings(tmp_path: Path) -> None:
    records = read_labels(_write(tmp_path / "labels.jsonl", [GOOD]), CODEBOOK)
    sentences = pd.DataFrame({"doc_id": ["d1"], "sent_id": [4], "text": [GOOD["sentence"]]})
    alignment = align(records, sentences, {"d1": "brief.txt"})
    framings = pd.DataFrame(
        {"doc_id": ["d1", "d1"], "sent_id": [3, 4], "framing": ["none", "prevention"],
         "framings": ["", "prevention"], "score_choice": [0.1, 0.1],
         "score_prevention": [0.1, 0.9], "confidence": [0.9, 0.9],
         "method": [TRAINED, TRAINED]}
    )  # fmt: skip
    out = override_framings(framings, alignment, ["prevention", "choice"])
    assert out.loc[1, "framings"] == "choice;wellbeing"
    assert out.loc[1, "method"] == BY_HAND and out.loc[1, "confidence"] == 1.0
    assert out.loc[1, "score_prevention"] == 0.0 and out.loc[1, "score_choice"] == 1.0
    assert out.loc[0].equals(framings.loc[0])  # an unlabelled sentence keeps its tag


# -- the committed models ----------------------------------------------------------


def test_committed_models_load_and_say_how_they_were_made() -> None:
    folder = REPO / "models" / "taggers"
    taggers = load_taggers(folder)
    assert taggers is not None
    assert set(taggers.tasks) == {"framing", "definitions", "interests"}
    assert set(taggers.tasks["framing"].labels) <= set(CODEBOOK.framings)
    manifest = read_manifest(folder)
    assert manifest["split"] == "train" and manifest["labels_sha256"]
    assert set(manifest["cross_validation"]) == {"framing", "definitions", "interests"}
    assert sum(p.stat().st_size for p in folder.iterdir()) < 10 * 2**20
    for task in taggers.tasks.values():
        for classifier in task.classifiers.values():
            assert classifier.n_features_in_ == len(task.features)
        if task.multiclass is not None:  # the framing model also reads the text
            assert task.multiclass.numeric_ == task.features
