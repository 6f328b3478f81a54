"""Per-sentence framing from the codebook: prototype similarity plus lexical cues.

For each framing the codebook gives a description, seed phrases and cue keywords.

* Similarity: a sentence's similarity to a framing is the mean cosine to the k
  seed phrases (and description) closest to it, minus the same similarity for the
  bare concept terms (the codebook's terms and related terms). Every candidate names
  the concept, so what counts is how much closer a sentence comes to a framing than
  a mere mention of the concept would: naming the concept is not a framing.
* Cues: keywords found in the sentence, read with negation (see `cues`); a
  framing the sentence denies keeps no positive similarity.
* score_f = embedding_weight * similarity_f + cue_weight * min(cues_f, cue_cap).
  The framing is the best-scoring one when it reaches `threshold`, else none.

Everything is a function of the sentence, the codebook and the params alone, never
of the rest of the corpus: adding documents never relabels a sentence.

The axis places a sentence between the codebook's poles: the mean of the
framings' axis values weighted by their squared positive scores (-1 the negative
pole, +1 the positive one), so a clear sentence of the positive pole sits near +1
even when a middle framing scores a little too. Sentences with no framing get 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.codebook import Codebook
from pipeline.frame.cues import CueMatcher
from pipeline.params import FramingsParams

NONE = "none"
EmbedFn = Callable[[list[str]], np.ndarray]


def prototype_texts(codebook: Codebook) -> dict[str, list[str]]:
    """The texts that stand for each framing: its seed phrases and description."""
    return {
        key: [*framing.seed_phrases, " ".join(framing.description.split())]
        for key, framing in codebook.framings.items()
    }


def concept_texts(codebook: Codebook) -> list[str]:
    """Bare mentions of the concept: the reference a framing must beat."""
    return [*codebook.concept.terms, *codebook.concept.related_terms]


@dataclass(frozen=True)
class FramingModel:
    keys: tuple[str, ...]
    axis: np.ndarray  # (framings,)
    phrases: tuple[np.ndarray, ...]  # per framing: (phrases, dim) unit vectors
    offsets: np.ndarray  # (framings,) similarity of bare concept terms
    keywords: dict[str, list[str]]
    params: FramingsParams
    cue_exceptions: tuple[str, ...] = ()  # the codebook's concept.words.cue_exceptions

    @property
    def cues(self) -> CueMatcher:
        axis = dict(zip(self.keys, self.axis.tolist(), strict=True))
        return CueMatcher(self.keywords, axis, self.cue_exceptions)


def _top_k_mean(similarities: np.ndarray, k: int) -> np.ndarray:
    k = min(k, similarities.shape[1])
    return np.sort(similarities, axis=1)[:, -k:].mean(axis=1)


def build_model(codebook: Codebook, params: FramingsParams, embed: EmbedFn) -> FramingModel:
    """Embed the codebook's framing texts and concept terms into a model."""
    texts = prototype_texts(codebook)
    keys = tuple(texts)
    phrases = tuple(np.asarray(embed(texts[key]), dtype=np.float64) for key in keys)
    concept = np.asarray(embed(concept_texts(codebook)), dtype=np.float64)
    offsets = np.array(
        [_top_k_mean(concept @ phr.T, params.top_k).mean() for phr in phrases], dtype=np.float64
    )
    return FramingModel(
        keys=keys,
        axis=np.array([codebook.framings[k].axis for k in keys], dtype=np.float64),
        phrases=phrases,
        offsets=offsets,
        keywords={k: list(codebook.framings[k].keywords) for k in keys},
        params=params,
        cue_exceptions=tuple(codebook.concept.words.cue_exceptions),
    )


def similarities(vectors: np.ndarray, model: FramingModel) -> np.ndarray:
    """(n, framings) prototype similarity above the bare-concept reference."""
    if len(vectors) == 0:
        return np.zeros((0, len(model.keys)))
    vectors = np.asarray(vectors, dtype=np.float64)
    columns = [_top_k_mean(vectors @ phr.T, model.params.top_k) for phr in model.phrases]
    return np.column_stack(columns) - model.offsets


def sentence_axis(scores: np.ndarray, axis: np.ndarray, framed: np.ndarray) -> np.ndarray:
    weights = np.clip(scores, 0.0, None) ** 2  # squared: the leading framing dominates
    total = weights.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.where(total > 0, (weights @ axis) / np.where(total > 0, total, 1.0), 0.0)
    return np.where(framed, np.clip(value, -1.0, 1.0), 0.0)


@dataclass(frozen=True)
class RuleSignals:
    """What the codebook alone says of each sentence: prototype similarity above the
    bare concept (muted where the sentence denies the framing), keyword cue counts,
    denied framings, and the cues found."""

    similarity: np.ndarray  # (n, framings)
    cue_counts: np.ndarray  # (n, framings), capped at cue_cap
    muted: np.ndarray  # (n, framings) bool
    evidence: list[dict[str, list[str]]]


def rule_signals(texts: list[str], vectors: np.ndarray, model: FramingModel) -> RuleSignals:
    p = model.params
    matcher = model.cues
    readings = [matcher.read(text) for text in texts]
    evidence = [found for found, _ in readings]
    shape = (len(texts), len(model.keys))
    cue_counts = np.array(
        [[min(len(set(found[k])), p.cue_cap) for k in model.keys] for found in evidence],
        dtype=np.float64,
    ).reshape(shape)
    # A framing the sentence denies gains nothing from sounding like it: embeddings
    # place "X is not the aim" next to "X is the aim".
    muted = np.array([[k in off for k in model.keys] for _, off in readings], dtype=bool)
    muted = muted.reshape(shape)
    similarity = similarities(vectors, model).reshape(shape)
    similarity = np.where(muted, np.minimum(similarity, 0.0), similarity)
    return RuleSignals(similarity, cue_counts, muted, evidence)


def rule_scores(signals: RuleSignals, params: FramingsParams) -> np.ndarray:
    """score_f = embedding_weight * similarity_f + cue_weight * cues_f, rounded for
    stable bytes (far below any threshold)."""
    scores = params.embedding_weight * signals.similarity + params.cue_weight * signals.cue_counts
    return np.round(scores, 6)


def classify_signals(signals: RuleSignals, model: FramingModel) -> np.ndarray:
    """The seed-phrase label of each sentence: its best-scoring framing when that
    score reaches the threshold, else NONE."""
    scores = rule_scores(signals, model.params)
    if not len(scores):
        return np.array([], dtype=str)
    best = scores.argmax(axis=1)
    framed = scores.max(axis=1) >= model.params.threshold
    return np.where(framed, np.array(model.keys, dtype=object)[best], NONE).astype(str)


def classify(texts: list[str], vectors: np.ndarray, model: FramingModel) -> pd.DataFrame:
    """Score, label and place on the axis each sentence (rows in input order).

    Columns: framing, score_<key> per framing, axis, evidence (the cues found,
    "key: cue, cue; key: cue", so a label can be checked by eye).
    """
    p = model.params
    signals = rule_signals(texts, vectors, model)
    scores = rule_scores(signals, p)
    labels = classify_signals(signals, model)
    framed = labels != NONE
    frame = pd.DataFrame({"framing": labels})
    for j, key in enumerate(model.keys):
        frame[f"score_{key}"] = scores[:, j]
    frame["axis"] = np.round(sentence_axis(scores, model.axis, framed), 6)
    frame["evidence"] = evidence_text(signals.evidence)
    return frame


def evidence_text(evidence: list[dict[str, list[str]]]) -> list[str]:
    return [
        "; ".join(f"{k}: {', '.join(sorted(set(v)))}" for k, v in found.items() if v)
        for found in evidence
    ]
