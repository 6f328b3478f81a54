"""The framing tagger's multiclass classifier: words and numeric features together,
calibrated on document-grouped folds, saved as JSON."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from pipeline.learn.taggers import TaskModel
from pipeline.learn.text_classifier import TEXT, TextFeatureClassifier

PREVENTION = [
    "Return support aims to prevent irregular re-migration to Europe.",
    "The programme should deter returnees from attempting the journey again.",
    "Success means that the returnee does not migrate again irregularly.",
    "Reintegration assistance is meant to stop onward irregular movements.",
]
CHOICE = [
    "Further migration should be a matter of choice rather than necessity.",
    "Remigration is not a failure but can be a sign of successful reintegration.",
    "Returnees may later choose regular and circular mobility.",
    "Return is not the end of the migration cycle.",
]
NONE = [
    "The office received forty applications in March.",
    "Table 3 lists the returns by region and year.",
    "The evaluation was carried out by an external consultant.",
    "Staff visited the reception centre twice.",
]


def corpus(n_docs: int = 12, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Sentences of `n_docs` documents with two numeric columns of noise: only the
    words tell the classes apart."""
    rng = np.random.default_rng(seed)
    rows, labels, groups = [], [], []
    for doc in range(n_docs):
        for label, texts in (("prevention", PREVENTION), ("choice", CHOICE), ("none", NONE)):
            for text in texts:
                rows.append({"noise_a": rng.normal(), "noise_b": rng.normal(), TEXT: text})
                labels.append(label)
                groups.append(f"doc{doc}")
    return pd.DataFrame(rows), np.array(labels), np.array(groups)


def test_learns_from_words_and_gives_calibrated_probabilities() -> None:
    X, y, groups = corpus()
    model = TextFeatureClassifier(C=1.0, text_weight=3.0).fit(X, y, groups=groups)
    assert list(model.classes_) == ["choice", "none", "prevention"]
    unseen = pd.DataFrame(
        {
            "noise_a": [0.0, 0.0, 0.0],
            "noise_b": [0.0, 0.0, 0.0],
            TEXT: [
                "Migration again should remain a choice, not a necessity.",
                "The aim is to prevent irregular re-migration.",
                "The report lists applications by year.",
            ],
        }
    )
    proba = model.predict_proba(unseen)
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert list(model.predict(unseen)) == ["choice", "prevention", "none"]
    # out-of-fold probabilities of every training row, from document-grouped folds
    assert model.oof_proba_.shape == (len(X), 3)


def test_follows_the_estimator_contract_and_is_deterministic() -> None:
    X, y, groups = corpus()
    model = TextFeatureClassifier(C=0.5, text_weight=2.0)
    assert not hasattr(model, "coef_")  # nothing learned in __init__
    assert model.fit(X, y, groups=groups) is model
    again = clone(model).fit(X, y, groups=groups)
    assert json.dumps(model.to_dict()) == json.dumps(again.to_dict())


def test_round_trips_through_json_and_a_task_model() -> None:
    X, y, groups = corpus()
    model = TextFeatureClassifier(C=1.0, text_weight=3.0).fit(X, y, groups=groups)
    loaded = TextFeatureClassifier.from_dict(json.loads(json.dumps(model.to_dict())))
    assert np.allclose(loaded.predict_proba(X), model.predict_proba(X), atol=1e-8)
    task = TaskModel({}, ["noise_a", "noise_b"], multiclass=model)
    assert task.labels == ["choice", "prevention"]  # "none" is no label
    # rows whose columns come in another order (a codebook listing framings anew)
    reordered = task.reading(["noise_b", "extra", "noise_a"])
    rows = X[["noise_b", "noise_a"]].assign(extra=1.0)[["noise_b", "extra", "noise_a"]]
    found = reordered.probabilities(rows.to_numpy(), X[TEXT].tolist())
    assert np.allclose(found["choice"], model.predict_proba(X)[:, 0], atol=1e-6)
    with pytest.raises(ValueError, match="text"):
        task.probabilities(X[["noise_a", "noise_b"]].to_numpy())


def test_refuses_rows_without_text_and_a_single_class() -> None:
    X, y, groups = corpus()
    with pytest.raises(ValueError, match="text"):
        TextFeatureClassifier().fit(X.drop(columns=[TEXT]), y, groups=groups)
    with pytest.raises(ValueError, match="two classes"):
        TextFeatureClassifier().fit(X, np.full(len(X), "none"), groups=groups)


def test_a_class_found_in_one_document_calibrates_on_sentence_folds() -> None:
    X, y, groups = corpus()
    # every "choice" sentence moved into one document: no grouped fold can hold it out
    one_doc = np.where(y == "choice", "doc0", groups)
    model = TextFeatureClassifier(C=1.0, text_weight=3.0).fit(X, y, groups=one_doc)
    assert set(model.classes_) == {"choice", "none", "prevention"}
    assert np.allclose(model.predict_proba(X).sum(axis=1), 1.0)
