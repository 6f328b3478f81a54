"""The classifier behind every trained tagger: standardised features, a
class-balanced logistic regression, and Platt (sigmoid) calibration fitted on
out-of-fold decisions of a document-grouped cross-validation.

A scikit-learn estimator (`fit` returns self, learned state ends in `_`, seeded). Its
fitted state is a handful of arrays, so a model file is plain JSON: readable,
diffable, byte-identical for the same labels and params, and loadable without
unpickling code.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

#: decimals kept in model files: far below any decision, stable across platforms
DECIMALS = 10


def grouped_splits(
    y: np.ndarray, groups: np.ndarray | None, n_splits: int, seed: int, complete: bool = False
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Folds that keep each document whole (GroupKFold, shuffled by `seed`), with at
    least one positive in every training part; without groups, stratified folds."""
    y = np.asarray(y)
    if groups is None:
        if min(int(y.sum()), int((1 - y).sum())) < 2:
            raise ValueError("needs at least two positive and two negative examples")
        n = max(2, min(n_splits, int(y.sum()), int((1 - y).sum())))
        return list(StratifiedKFold(n, shuffle=True, random_state=seed).split(y, y))
    n = max(2, min(n_splits, len(np.unique(groups))))
    folds = list(GroupKFold(n_splits=n, shuffle=True, random_state=seed).split(y, y, groups))
    usable = [(train, test) for train, test in folds if y[train].min() != y[train].max()]
    # calibration needs a partition: with `complete`, all folds or none
    return usable if not complete or len(usable) == len(folds) else []


class CalibratedLinearClassifier(ClassifierMixin, BaseEstimator):
    """Binary classifier with calibrated probabilities.

    Parameters: `C` (inverse regularisation), `n_splits` (calibration folds),
    `random_state`. `fit(X, y, groups=doc_ids)` calibrates on folds that keep each
    document whole, so the probabilities hold for unseen documents.
    """

    def __init__(self, C: float = 0.1, n_splits: int = 5, random_state: int = 0) -> None:
        self.C = C
        self.n_splits = n_splits
        self.random_state = random_state

    def _classifier(self) -> LogisticRegression:
        return LogisticRegression(
            C=self.C, class_weight="balanced", max_iter=5000, random_state=self.random_state
        )

    def fit(self, X: Any, y: Any, groups: Any = None) -> CalibratedLinearClassifier:
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y).astype(int)
        if len(np.unique(y)) < 2:
            raise ValueError("needs positive and negative examples")
        self.classes_ = np.array([0, 1])
        self.n_features_in_ = X.shape[1]
        scaler = StandardScaler().fit(X)
        scaled = scaler.transform(X)
        folds = grouped_splits(y, None if groups is None else np.asarray(groups), self.n_splits,
                               self.random_state, complete=True)  # fmt: skip
        if not folds:
            # positives in too few documents to hold one out: calibrate on sentence folds
            folds = grouped_splits(y, None, self.n_splits, self.random_state)
        calibrated = CalibratedClassifierCV(
            self._classifier(), method="sigmoid", cv=folds, ensemble=False
        ).fit(scaled, y)
        fitted = calibrated.calibrated_classifiers_[0]
        self.mean_ = scaler.mean_
        self.scale_ = scaler.scale_
        self.coef_ = fitted.estimator.coef_.ravel().copy()
        self.intercept_ = float(fitted.estimator.intercept_[0])
        sigmoid = fitted.calibrators[0]
        self.calibration_ = np.array([float(sigmoid.a_), float(sigmoid.b_)])
        return self

    def decision_function(self, X: Any) -> np.ndarray:
        check_is_fitted(self, "coef_")
        X = np.asarray(X, dtype=np.float64)
        return ((X - self.mean_) / self.scale_) @ self.coef_ + self.intercept_

    def predict_proba(self, X: Any) -> np.ndarray:
        a, b = self.calibration_
        positive = 1.0 / (1.0 + np.exp(a * self.decision_function(X) + b))
        return np.column_stack([1.0 - positive, positive])

    def predict(self, X: Any) -> np.ndarray:
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)

    # -- files -------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        check_is_fitted(self, "coef_")

        def rounded(values: np.ndarray) -> list[float]:
            return [round(float(v), DECIMALS) for v in np.ravel(values)]

        return {
            "params": self.get_params(),
            "mean": rounded(self.mean_),
            "scale": rounded(self.scale_),
            "coef": rounded(self.coef_),
            "intercept": round(self.intercept_, DECIMALS),
            "calibration": rounded(self.calibration_),
        }

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> CalibratedLinearClassifier:
        model = cls(**state["params"])
        model.classes_ = np.array([0, 1])
        model.mean_ = np.asarray(state["mean"], dtype=np.float64)
        model.scale_ = np.asarray(state["scale"], dtype=np.float64)
        model.coef_ = np.asarray(state["coef"], dtype=np.float64)
        model.intercept_ = float(state["intercept"])
        model.calibration_ = np.asarray(state["calibration"], dtype=np.float64)
        model.n_features_in_ = len(model.coef_)
        return model
