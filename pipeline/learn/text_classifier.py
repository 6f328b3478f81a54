"""The framing tagger's classifier: one multinomial logistic regression over the
framings and "none", reading the rule and embedding features and the sentence's
words, calibrated on document-grouped folds.

Why one model for all framings, and why words: on the labelled training documents
(5-fold document-grouped CV, seeds in every fit), one binary classifier per framing
over the embedding and rule features reached framing macro-F1 0.42; a multinomial
model over the same features 0.46, and with TF-IDF word uni- and bigrams beside
them 0.49 (leave-one-family-out 0.38 -> 0.44). The words carry what a mean-pooled
sentence embedding blurs ("not a failure", "circular migration"), the embedding what
a bag of words misses. A sentence labelled with two framings (`mixed`) is one
training row per framing.

A scikit-learn estimator (`fit` returns self, learned state ends in `_`, seeded):
`X` is a DataFrame with a `text` column and numeric feature columns. The fitted
state is plain arrays and a vocabulary, written as JSON (`to_dict`), so model files
are readable and byte-identical for the same labels and params.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from pipeline.learn.estimator import DECIMALS, grouped_splits

TEXT = "text"
#: the class of sentences with no framing
NONE = "none"


class TextFeatureClassifier(ClassifierMixin, BaseEstimator):
    """Multiclass classifier over numeric features and the words of `X["text"]`.

    Parameters: `C` (inverse regularisation), `text_weight` (how much the TF-IDF
    block weighs against the standardised numeric block: its effective
    regularisation is C * text_weight**2), `ngram_max`, `min_df` (of the word
    n-grams), `class_weight`, `n_splits`, `random_state`.
    `fit(X, y, groups=doc_ids)` calibrates on folds that keep each document whole.
    """

    def __init__(
        self,
        C: float = 0.03,
        text_weight: float = 10.0,
        ngram_max: int = 2,
        min_df: int = 2,
        class_weight: str | None = "balanced",
        n_splits: int = 5,
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.text_weight = text_weight
        self.ngram_max = ngram_max
        self.min_df = min_df
        self.class_weight = class_weight
        self.n_splits = n_splits
        self.random_state = random_state

    def _pipeline(self, numeric: list[str]) -> Pipeline:
        words = TfidfVectorizer(
            ngram_range=(1, self.ngram_max), min_df=self.min_df, sublinear_tf=True,
            dtype=np.float64,
        )  # fmt: skip
        columns = ColumnTransformer(
            [("numeric", StandardScaler(), numeric), ("words", words, TEXT)],
            transformer_weights={"numeric": 1.0, "words": self.text_weight},
            sparse_threshold=1.0,
        )
        model = LogisticRegression(
            C=self.C, class_weight=self.class_weight, max_iter=5000,
            random_state=self.random_state,
        )  # fmt: skip
        return Pipeline([("columns", columns), ("model", model)])

    def fit(self, X: pd.DataFrame, y: Any, groups: Any = None) -> TextFeatureClassifier:
        """Fit on rows `X` (numeric columns and `text`) with class labels `y`; with
        `groups` (document ids), the calibration folds keep each document whole (when
        the rarest class is in enough documents; else they are sentence folds).
        `oof_proba_` holds the calibrated out-of-fold probabilities of the rows:
        cross-validated figures for free (not written to model files)."""
        if TEXT not in X.columns:
            raise ValueError(f"X needs a {TEXT!r} column")
        y = np.asarray(y).astype(str)
        classes = np.unique(y)
        if len(classes) < 2:
            raise ValueError("needs at least two classes")
        numeric = [c for c in X.columns if c != TEXT]
        X = X.reset_index(drop=True)
        rarest = min(classes, key=lambda c: int((y == c).sum()))
        folds = grouped_splits(
            (y == rarest).astype(int), None if groups is None else np.asarray(groups),
            self.n_splits, self.random_state, complete=True,
        )  # fmt: skip
        if not folds:
            # the rarest class sits in too few documents to hold one out: calibrate on
            # sentence folds (as the binary classifiers do)
            folds = grouped_splits(
                (y == rarest).astype(int), None, self.n_splits, self.random_state
            )
        # Platt scaling per class on out-of-fold scores, as CalibratedClassifierCV does
        # with ensemble=False (without Platt's target smoothing), done here because it
        # does not expose those scores and they also give the cross-validated figures
        scores = cross_val_predict(
            self._pipeline(numeric), X, y, cv=folds, method="decision_function"
        )
        scores = scores.reshape(len(y), -1)
        calibration = []
        for j in range(scores.shape[1]):
            target = (y == classes[j if scores.shape[1] > 1 else 1]).astype(int)
            platt = LogisticRegression(C=1e6, max_iter=1000).fit(scores[:, [j]], target)
            calibration.append([-float(platt.coef_[0, 0]), -float(platt.intercept_[0])])
        self.calibration_ = np.array(calibration)
        pipeline = self._pipeline(numeric).fit(X, y)
        columns: ColumnTransformer = pipeline.named_steps["columns"]
        scaler: StandardScaler = columns.named_transformers_["numeric"]
        words: TfidfVectorizer = columns.named_transformers_["words"]
        model: LogisticRegression = pipeline.named_steps["model"]
        self.classes_ = model.classes_
        self.numeric_ = numeric
        self.n_features_in_ = len(numeric) + 1
        self.mean_ = scaler.mean_
        self.scale_ = scaler.scale_
        self.vocabulary_ = sorted(words.vocabulary_, key=words.vocabulary_.get)
        self.idf_ = words.idf_
        self.coef_ = model.coef_
        self.intercept_ = model.intercept_
        self.oof_proba_ = self._calibrated(scores.squeeze() if scores.shape[1] == 1 else scores)
        return self

    def _words(self) -> TfidfVectorizer:
        words = TfidfVectorizer(
            ngram_range=(1, self.ngram_max), sublinear_tf=True, dtype=np.float64,
            vocabulary={term: i for i, term in enumerate(self.vocabulary_)},
        )  # fmt: skip
        words.idf_ = self.idf_
        return words

    def decision_function(self, X: pd.DataFrame) -> np.ndarray:
        check_is_fitted(self, "coef_")
        numeric = (X[self.numeric_].to_numpy(dtype=np.float64) - self.mean_) / self.scale_
        words = self._words().transform(X[TEXT].astype(str).tolist()) * self.text_weight
        features = sparse.hstack([sparse.csr_matrix(numeric), words]).tocsr()
        scores = np.asarray(features @ self.coef_.T) + self.intercept_
        if len(self.classes_) == 2:
            # LogisticRegression keeps one row for two classes
            scores = scores[:, -1]
        return scores

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        return self._calibrated(self.decision_function(X))

    def _calibrated(self, scores: np.ndarray) -> np.ndarray:
        if scores.ndim == 1:
            a, b = self.calibration_[0]
            positive = 1.0 / (1.0 + np.exp(a * scores + b))
            return np.column_stack([1.0 - positive, positive])
        # one sigmoid per class on its own score, then normalised (scikit-learn's rule)
        a, b = self.calibration_[:, 0], self.calibration_[:, 1]
        each = 1.0 / (1.0 + np.exp(a * scores + b))
        total = each.sum(axis=1, keepdims=True)
        uniform = np.full_like(each, 1.0 / each.shape[1])
        return np.divide(each, total, out=uniform, where=total > 0)

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    # -- files -------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        check_is_fitted(self, "coef_")

        def rounded(values: np.ndarray) -> list:
            return np.round(np.asarray(values, dtype=np.float64), DECIMALS).tolist()

        return {
            "params": self.get_params(),
            "classes": [str(c) for c in self.classes_],
            "numeric": list(self.numeric_),
            "mean": rounded(self.mean_),
            "scale": rounded(self.scale_),
            "vocabulary": list(self.vocabulary_),
            "idf": rounded(self.idf_),
            "coef": rounded(self.coef_),
            "intercept": rounded(self.intercept_),
            "calibration": rounded(self.calibration_),
        }

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> TextFeatureClassifier:
        model = cls(**state["params"])
        model.classes_ = np.asarray(state["classes"], dtype=object)
        model.numeric_ = list(state["numeric"])
        model.n_features_in_ = len(model.numeric_) + 1
        model.mean_ = np.asarray(state["mean"], dtype=np.float64)
        model.scale_ = np.asarray(state["scale"], dtype=np.float64)
        model.vocabulary_ = list(state["vocabulary"])
        model.idf_ = np.asarray(state["idf"], dtype=np.float64)
        model.coef_ = np.asarray(state["coef"], dtype=np.float64)
        model.intercept_ = np.asarray(state["intercept"], dtype=np.float64)
        model.calibration_ = np.asarray(state["calibration"], dtype=np.float64)
        return model
