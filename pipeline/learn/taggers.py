"""The fitted taggers on disk: one JSON file per task plus a manifest.

models/taggers/
  framing.json       one calibrated multiclass classifier over the codebook framings
                     that had labels and "none" (embedding, cues and words)
  definitions.json   the definition scorer
  interests.json     the (sentence, actor type) interest classifier
  manifest.json      training-data hash, params, library versions, CV scores

Every file is written with sorted keys and rounded floats, so the same labels and
params give the same bytes. A task without a file falls back to the rules (and a
framing without a classifier to its seed phrases); the outputs say which decided.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipeline.learn.estimator import CalibratedLinearClassifier
from pipeline.learn.text_classifier import NONE, TEXT, TextFeatureClassifier

TASKS = ("framing", "definitions", "interests")
MANIFEST = "manifest.json"


@dataclass
class TaskModel:
    """One task's classifiers (by label; a binary task has the one label "yes") and
    the feature names they read, in order. A task decided by one multiclass model
    (framing: the framings and "none") has it as `multiclass` instead."""

    classifiers: dict[str, CalibratedLinearClassifier]
    features: list[str]
    meta: dict[str, Any] = field(default_factory=dict)
    #: where each of `features` sits in the rows given to `probabilities` (None: in
    #: order); set by `reading`
    columns: list[int] | None = None
    multiclass: TextFeatureClassifier | None = None

    @property
    def labels(self) -> list[str]:
        """The labels this task decides (every other label keeps its fallback)."""
        if self.multiclass is not None:
            return sorted(str(c) for c in self.multiclass.classes_ if c != NONE)
        return sorted(self.classifiers)

    def missing(self, names: list[str]) -> list[str]:
        """The features the classifiers read that rows named `names` do not have."""
        have = set(names)
        return [name for name in self.features if name not in have]

    def reading(self, names: list[str]) -> TaskModel | None:
        """This model reading rows whose columns are `names` (a codebook with a framing
        or actor type added after training, or listed in another order), or None when
        the rows lack a feature the classifiers need (a framing or actor type renamed
        or removed, another codebook, another embedding size)."""
        if self.missing(names):
            return None
        if names == self.features:
            return self
        position = {name: i for i, name in enumerate(names)}
        return replace(self, columns=[position[name] for name in self.features])

    def probabilities(self, X: np.ndarray, texts: list[str] | None = None) -> dict[str, np.ndarray]:
        """label -> calibrated probability for each row of `X`; a multiclass model
        also reads the rows' `texts`."""
        if len(X) == 0:
            return {label: np.zeros(0) for label in self.labels}
        if self.columns is not None:
            X = np.asarray(X)[:, self.columns]
        if self.multiclass is not None:
            if texts is None or len(texts) != len(X):
                raise ValueError("this tagger reads the sentences' text: give one per row")
            rows = pd.DataFrame(np.asarray(X, dtype=np.float64), columns=self.features)
            rows[TEXT] = list(texts)
            proba = self.multiclass.predict_proba(rows)
            classes = [str(c) for c in self.multiclass.classes_]
            return {label: np.round(proba[:, classes.index(label)], 6) for label in self.labels}
        return {
            label: np.round(model.predict_proba(X)[:, 1], 6)
            for label, model in self.classifiers.items()
        }

    def to_dict(self) -> dict[str, Any]:
        state = {
            "features": self.features,
            "meta": self.meta,
            "classifiers": {k: m.to_dict() for k, m in sorted(self.classifiers.items())},
        }
        if self.multiclass is not None:
            state["multiclass"] = self.multiclass.to_dict()
        return state

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> TaskModel:
        multiclass = state.get("multiclass")
        return cls(
            classifiers={
                k: CalibratedLinearClassifier.from_dict(v) for k, v in state["classifiers"].items()
            },
            features=list(state["features"]),
            meta=dict(state.get("meta", {})),
            multiclass=TextFeatureClassifier.from_dict(multiclass) if multiclass else None,
        )


@dataclass
class Taggers:
    tasks: dict[str, TaskModel]
    fingerprint: str  # hash of the model files: part of every cache key that uses them

    def get(self, task: str) -> TaskModel | None:
        return self.tasks.get(task)


def dumps(value: Any) -> bytes:
    return (json.dumps(value, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode()


def save_taggers(folder: Path, tasks: dict[str, TaskModel], manifest: dict[str, Any]) -> None:
    """Write the task files and the manifest; files of tasks not fitted are removed,
    so a folder never mixes models from two trainings."""
    from pipeline import io

    folder.mkdir(parents=True, exist_ok=True)
    for task in TASKS:
        path = folder / f"{task}.json"
        if task in tasks:
            io.write_bytes(path, dumps(tasks[task].to_dict()))
        elif path.exists():
            path.unlink()
    io.write_bytes(folder / MANIFEST, dumps(manifest))


def load_taggers(folder: str | Path | None) -> Taggers | None:
    """The fitted taggers in `folder`, or None when there are none (rules decide)."""
    if folder is None:
        return None
    folder = Path(folder)
    if not (folder / MANIFEST).is_file():
        return None
    digest = hashlib.sha256()
    tasks = {}
    for task in TASKS:
        path = folder / f"{task}.json"
        if not path.is_file():
            continue
        raw = path.read_bytes()
        digest.update(task.encode() + b"\0" + raw)
        try:
            tasks[task] = TaskModel.from_dict(json.loads(raw))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}: not a tagger model file ({exc})") from exc
    return Taggers(tasks, digest.hexdigest()[:16])


def read_manifest(folder: str | Path) -> dict[str, Any]:
    path = Path(folder) / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
