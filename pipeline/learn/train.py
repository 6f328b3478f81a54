"""`policyframes train`: fit the taggers from labelled sentences of one or more corpora.

1. Each labelled corpus runs through extract, annotate and embed (cached like any
   run; `pipeline.learn.prepare`), and the rule taggers propose their candidates:
   framing candidates, every definition candidate with its evidence, every
   (sentence, actor type) pair.
2. The labels are aligned to the corpus sentences; unlabelled sentences of labelled
   documents are negatives (the labelling guidelines' rule). With `split`, only
   documents whose metadata.csv `split` has that value are used, plus every
   document of a corpus that declares no splits.
3. Per task (and per framing), C is chosen by document-grouped cross-validation
   (mean average precision over folds), then the classifier is fitted on all
   training documents and calibrated on grouped folds. A class with fewer than
   `min_examples` positives is left out and keeps its rule or seed-phrase fallback.
4. The models and a manifest (training-data hash, params, library versions,
   cross-validated scores) go to the taggers folder.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score, f1_score, precision_recall_fscore_support

from pipeline import catalog, io
from pipeline.codebook import Codebook
from pipeline.frame.embed import EmbeddingStore, model_id
from pipeline.frame.model import build_model, classify_signals, rule_signals
from pipeline.learn.estimator import CalibratedLinearClassifier, grouped_splits
from pipeline.learn.features import (
    DEFINITION_FEATURES,
    author_types,
    definition_rows,
    framing_feature_names,
    framing_features,
    interest_feature_names,
    interest_pairs,
    interest_rows,
)
from pipeline.learn.labels import Alignment, LabelError
from pipeline.learn.prepare import prepare_labelled, split_documents
from pipeline.learn.taggers import TaskModel, save_taggers
from pipeline.learn.text_classifier import NONE as NONE_CLASS
from pipeline.learn.text_classifier import TEXT, TextFeatureClassifier
from pipeline.params import Params, TrainParams
from pipeline.tag.lexicon import build_lexicon
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)

YES = "yes"
LIBRARIES = ("scikit-learn", "numpy", "spacy", "sentence-transformers", "torch")


def labels_hash(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda p: p.name):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def too_few(y: np.ndarray, minimum: int, what: str, fallback: str) -> bool:
    """Fewer than `minimum` positive (or negative) examples: say which class, how
    many, and what decides instead."""
    positives, negatives = int(y.sum()), int(len(y) - y.sum())
    if positives >= minimum and negatives >= minimum:
        return False
    log.warning(
        "train: %s has %d labelled examples and %d counter-examples (fewer than %d): %s",
        what, positives, negatives, minimum, fallback,
    )  # fmt: skip
    return True


@dataclass
class Fitted:
    model: CalibratedLinearClassifier
    scores: dict[str, Any]


def fit_binary(
    X: np.ndarray, y: np.ndarray, groups: np.ndarray, settings: TrainParams, threshold: float
) -> Fitted:
    """Pick C by grouped CV (mean average precision), fit on everything, and report
    the out-of-fold precision, recall and F1 at `threshold` with the chosen C."""
    folds = grouped_splits(y, groups, settings.folds, settings.seed)
    cv_scores: dict[str, Any] = {"cv": "too few documents with positives to cross-validate"}
    C = settings.C[0]
    best: tuple[float, float, np.ndarray] | None = None
    for candidate in settings.C if folds else ():
        oof = np.full(len(y), np.nan)
        for train, test in folds:
            model = CalibratedLinearClassifier(C=candidate, n_splits=settings.folds,
                                               random_state=settings.seed)  # fmt: skip
            try:
                model.fit(X[train], y[train], groups=groups[train])
            except ValueError:
                continue  # too few positives in this fold's training part to calibrate
            oof[test] = model.predict_proba(X[test])[:, 1]
        scored = ~np.isnan(oof)
        if not scored.any():
            continue
        ap = average_precision_score(y[scored], oof[scored]) if y[scored].any() else 0.0
        if best is None or ap > best[0] + 1e-9:
            best = (ap, candidate, oof)
    if best is not None:
        ap, C, oof = best
        scored = ~np.isnan(oof)
        precision, recall, f1, _ = precision_recall_fscore_support(
            y[scored], oof[scored] >= threshold, average="binary", zero_division=0
        )
        cv_scores = {
            "cv_average_precision": round(float(ap), 4), "cv_precision": round(precision, 4),
            "cv_recall": round(recall, 4), "cv_f1": round(f1, 4),
        }  # fmt: skip
    model = CalibratedLinearClassifier(C=C, n_splits=settings.folds, random_state=settings.seed)
    model.fit(X, y, groups=groups)
    scores = {
        "C": C, **cv_scores, "positives": int(y.sum()), "examples": len(y),
        "documents": len(np.unique(groups)),
    }  # fmt: skip
    return Fitted(model, scores)


def _labelled(keys: pd.DataFrame, alignment: Alignment, column: str) -> pd.Series:
    merged = keys[["doc_id", "sent_id"]].merge(
        alignment.labels[["doc_id", "sent_id", column]], on=["doc_id", "sent_id"], how="left"
    )
    return merged[column]


def framing_rows(
    X: np.ndarray, names: list[str], texts: list[str], labels: list[list[str]],
    keys: list[str], groups: np.ndarray,
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """Training rows of the framing classifier: a sentence with no framing of `keys` is
    one "none" row, a sentence with several (`mixed`) one row per framing. Returns
    (rows with `names` and text, class labels, groups, the sentence of each row)."""
    index, classes = [], []
    for i, found in enumerate(labels):
        framed = [k for k in keys if k in found]
        for label in framed or [NONE_CLASS]:
            index.append(i)
            classes.append(label)
    index_array = np.asarray(index, dtype=int)
    rows = pd.DataFrame(X[index_array], columns=names)
    rows[TEXT] = [texts[i] for i in index]
    return rows, np.asarray(classes), groups[index_array], index_array


def framing_scores(
    proba: np.ndarray, classes: list[str], keys: list[str], truth: list[list[str]],
    bar: float, by_rules: np.ndarray,
) -> dict[str, Any]:  # fmt: skip
    """Per framing, out-of-fold P/R/F1 of the decision the tagger makes (the most
    probable framing at or above `bar`), the average precision of its probability,
    and the seed phrases' own F1 on the same sentences."""
    framing_proba = proba[:, [classes.index(k) for k in keys]]
    best = framing_proba.argmax(axis=1)
    decided = np.where(framing_proba.max(axis=1) >= bar, np.asarray(keys, dtype=object)[best],
                       NONE_CLASS)  # fmt: skip
    scores: dict[str, Any] = {}
    for j, key in enumerate(keys):
        y = np.array([key in found for found in truth], dtype=int)
        precision, recall, f1, _ = precision_recall_fscore_support(
            y, decided == key, average="binary", zero_division=0
        )
        ap = average_precision_score(y, framing_proba[:, j])
        scores[key] = {
            "cv_average_precision": round(float(ap), 4),
            "cv_precision": round(float(precision), 4), "cv_recall": round(float(recall), 4),
            "cv_f1": round(float(f1), 4), "positives": int(y.sum()),
            "seed_phrases_f1": round(float(f1_score(y, by_rules == key, zero_division=0)), 4),
        }  # fmt: skip
    scores["cv_macro_f1"] = round(float(np.mean([scores[k]["cv_f1"] for k in keys])), 4)
    return scores


def train_framing(ws, codebook, settings, documents, alignment, threshold) -> tuple:
    """One multiclass classifier (`TextFeatureClassifier`) over the framings with at
    least `min_examples` labelled sentences and "none"; a framing with fewer keeps its
    seed phrases (its sentences are left out of training)."""
    from pipeline.stages.framings import prototype_embedder

    embedded, matrix = io.read_vectors(catalog.EMBEDDINGS.path(ws))
    sentences = catalog.SENTENCES.read(ws.data_dir, columns=["doc_id", "sent_id", "text"])
    rows = embedded.merge(sentences, on=["doc_id", "sent_id"], how="left")
    keep = rows["doc_id"].isin(documents).to_numpy()
    store = EmbeddingStore(ws.cache_dir / "embeddings", model_id(ws.params.embed.model))
    model = build_model(codebook, ws.params.framings, prototype_embedder(store, ws.params.embed))
    signals = rule_signals(rows["text"].astype(str).tolist(), matrix, model)
    X = framing_features(signals, matrix)[keep]
    by_rules = classify_signals(signals, model)[keep]
    rows = rows[keep].reset_index(drop=True)
    labels = _labelled(rows, alignment, "framings").fillna("").astype(str).str.split(";")
    labels = [list(found) for found in labels]
    groups = rows["doc_id"].to_numpy()
    scores: dict[str, Any] = {}
    trained = []
    for key in codebook.framings:
        y = np.array([key in found for found in labels], dtype=int)
        if too_few(y, settings.min_examples, f"framing {key!r}", "it stays on its seed phrases"):
            scores[key] = {"positives": int(y.sum()), "fallback": "seed phrases"}
        else:
            trained.append(key)
    if not trained:
        return None, scores
    # sentences of a framing left on its seed phrases teach nothing about "none"
    left_out = set(codebook.framings) - set(trained)
    usable = [i for i, found in enumerate(labels) if not left_out.intersection(found)]
    names = framing_feature_names(list(model.keys), matrix.shape[1])
    texts = rows["text"].astype(str).tolist()
    picked = [labels[i] for i in usable]
    train_rows, classes, row_groups, sentence = framing_rows(
        X[usable], names, [texts[i] for i in usable], picked, trained, groups[usable]
    )
    first = np.unique(sentence, return_index=True)[1]  # one row per sentence
    best: tuple[float, TextFeatureClassifier, dict[str, Any]] | None = None
    for C in settings.framing_C:
        fitted = TextFeatureClassifier(
            C=C, text_weight=settings.text_weight, n_splits=settings.folds,
            random_state=settings.seed,
        ).fit(train_rows, classes, groups=row_groups)  # fmt: skip
        found = framing_scores(
            fitted.oof_proba_[first], [str(c) for c in fitted.classes_], trained,
            picked, threshold, by_rules[usable],
        )  # fmt: skip
        log.info("train: framing C=%s: cross-validated macro-F1 %s", C, found["cv_macro_f1"])
        if best is None or found["cv_macro_f1"] > best[0] + 1e-9:
            best = (found["cv_macro_f1"], fitted, {"C": C, **found})
    assert best is not None  # framing_C has at least one value (validated params)
    _, classifier, found = best
    scores.update(found)
    scores["examples"] = len(usable)
    scores["documents"] = len(np.unique(groups[usable]))
    return TaskModel({}, names, multiclass=classifier), scores


def _rule_candidates(ws: Workspace, stage: str) -> dict[str, Any]:
    """The rule tagger's per-document results (through the stage's cache)."""
    from pipeline.stages import definitions, stakeholders
    from pipeline.tag.stage_runner import tag_documents

    if stage == "definitions":
        return tag_documents(ws, stage, definitions.VERSION, definitions.definitions_one)[0]
    return tag_documents(ws, stage, stakeholders.VERSION, stakeholders.stakeholders_one)[0]


def _concat(results: dict[str, Any], name: str) -> pd.DataFrame:
    frames = [r.tables[name] for r in results.values() if name in r.tables]
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def train_definitions(ws, settings, documents, alignment, threshold) -> tuple:
    candidates = _concat(_rule_candidates(ws, "definitions"), "definitions")
    if candidates.empty:
        return None, {"positives": 0, "fallback": "rules"}
    candidates = candidates[candidates["doc_id"].isin(documents)].reset_index(drop=True)
    y = _labelled(candidates, alignment, "definition").fillna(False).astype(bool).astype(int)
    y = y.to_numpy()
    missed = int(alignment.labels["definition"].sum()) - int(y.sum())
    if too_few(y, settings.min_examples, "definitions", "the rules decide"):
        return None, {"positives": int(y.sum()), "fallback": "rules"}
    X = definition_rows(candidates)
    fitted = fit_binary(X, y, candidates["doc_id"].to_numpy(), settings, threshold)
    fitted.scores["labelled_not_candidates"] = missed
    log.info("train: definitions: %s", fitted.scores)
    return TaskModel({YES: fitted.model}, DEFINITION_FEATURES), fitted.scores


def train_interests(ws, codebook, settings, documents, alignment, threshold) -> tuple:
    results = _rule_candidates(ws, "stakeholders")
    sentences = catalog.SENTENCES.read(ws.data_dir, columns=["doc_id", "sent_id", "text"])
    metadata_table = catalog.DOCUMENTS.read(ws.data_dir)
    authors = author_types(metadata_table, build_lexicon(codebook))
    pairs = interest_pairs(
        _concat(results, "interests"), _concat(results, "mentions"), sentences, authors
    )
    pairs = pairs[pairs["doc_id"].isin(documents)].reset_index(drop=True)
    wanted = _labelled(pairs, alignment, "interest_types").fillna("").astype(str).str.split(";")
    y = np.array([t in found for t, found in zip(pairs["actor_type"], wanted, strict=True)],
                 dtype=int)  # fmt: skip
    if too_few(y, settings.min_examples, "interests", "the rules decide"):
        return None, {"positives": int(y.sum()), "fallback": "rules"}
    types = list(codebook.actor_types)
    X = interest_rows(pairs, types)
    fitted = fit_binary(X, y, pairs["doc_id"].to_numpy(), settings, threshold)
    log.info("train: interests: %s", fitted.scores)
    return TaskModel({YES: fitted.model}, interest_feature_names(types)), fitted.scores


def fit_tasks(
    ws: Workspace, codebook: Codebook, params: Params, documents: set[str], alignment: Alignment
) -> tuple[dict[str, TaskModel], dict[str, Any]]:
    """Fit every task on the labelled `documents` of a prepared workspace; returns
    the fitted tasks (a task whose classes all lack examples is left out) and each
    task's cross-validated scores."""
    settings = params.train
    scores: dict[str, Any] = {}
    framing, scores["framing"] = train_framing(
        ws, codebook, settings, documents, alignment, params.framings.min_probability
    )
    definitions, scores["definitions"] = train_definitions(
        ws, settings, documents, alignment, params.definitions.min_probability
    )
    interests, scores["interests"] = train_interests(
        ws, codebook, settings, documents, alignment, params.stakeholders.min_probability
    )
    fitted = {"framing": framing, "definitions": definitions, "interests": interests}
    return {name: task for name, task in fitted.items() if task is not None}, scores


def train(
    labels: list[Path], corpora: Path | list[Path], work: Path, out: Path, params: Params,
    split: str | None, cache: Path | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Fit every task from `labels` on the labelled documents of `corpora` (with
    `split`, only that split of a corpus that declares splits); write the models
    and the manifest to `out` and return the manifest."""
    prepared = prepare_labelled(labels, corpora, work, params, cache)
    ws, codebook, records = prepared.ws, prepared.codebook, prepared.records
    alignment = prepared.alignment
    documents = alignment.documents & split_documents(prepared, split)
    if not documents:
        where = ", ".join(map(str, prepared.corpora))
        raise LabelError(f"no labelled document of {where} is in split {split!r}")
    tasks, scores = fit_tasks(ws, codebook, params, documents, alignment)
    manifest = {
        "labels": sorted(p.name for p in labels),
        "labels_sha256": labels_hash(labels),
        "labelled_sentences": len(records),
        "unmatched_sentences": len(alignment.unmatched),
        "documents": len(documents),
        "split": split,
        "codebook": codebook.fingerprint,
        "embedding_model": model_id(params.embed.model),
        "params": params.section("train"),
        "thresholds": {
            "framings.min_probability": params.framings.min_probability,
            "definitions.min_probability": params.definitions.min_probability,
            "stakeholders.min_probability": params.stakeholders.min_probability,
        },
        "libraries": {name: _version(name) for name in LIBRARIES},
        "cross_validation": scores,
    }
    save_taggers(out, tasks, manifest)
    for task, task_scores in scores.items():
        log.info("%s: %s", task, task_scores)
    log.info("models written to %s", out)
    return manifest


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"
