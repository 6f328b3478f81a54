"""Trained taggers deciding on the rules' candidates.

Framing: each codebook framing with a classifier gets its calibrated probability;
a framing without one (added to the codebook after training, or with too few
labels) keeps its seed-phrase score and threshold, and the row says which method
decided. Several framings above their bar make a multi-label (mixed) sentence: the
`framings` column lists them, `framing` is the most probable.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.frame.model import NONE, FramingModel, RuleSignals, rule_scores, sentence_axis
from pipeline.learn.features import framing_features
from pipeline.learn.taggers import TaskModel

TRAINED = "trained"
SEED_PHRASES = "seed phrases"
RULES = "rules"


def decide_framings(
    signals: RuleSignals,
    vectors: np.ndarray,
    model: FramingModel,
    tagger: TaskModel | None,
    min_probability: float,
) -> pd.DataFrame:
    """Columns framing, framings, score_<key>, axis, confidence, method (rows in
    input order)."""
    p = model.params
    keys = list(model.keys)
    rule = rule_scores(signals, p)
    trained = [k for k in keys if tagger is not None and k in tagger.classifiers]
    scores = rule.copy()
    if trained:
        probabilities = tagger.probabilities(framing_features(signals, vectors))
        for key in trained:
            scores[:, keys.index(key)] = probabilities[key]
    bars = np.array([min_probability if k in trained else p.threshold for k in keys])
    above = scores >= bars
    is_trained = np.array([k in trained for k in keys])
    # a trained framing above its bar outranks a seed-phrase one: their scores are on
    # different scales, and the trained one was checked on labelled documents
    rank = np.where(above & is_trained, 2.0 + scores, np.where(above, 1.0 + scores, 0.0))
    best = rank.argmax(axis=1) if len(rule) else np.zeros(0, dtype=int)
    framed = above.any(axis=1)
    labels = np.where(framed, np.array(keys, dtype=object)[best], NONE).astype(str)
    method = np.where(
        framed, np.where(is_trained[best], TRAINED, SEED_PHRASES),
        TRAINED if len(trained) == len(keys) else SEED_PHRASES,
    )  # fmt: skip
    chosen = scores[np.arange(len(scores)), best] if len(scores) else np.zeros(0)
    # for "none": how sure the taggers are that no trained framing applies
    trained_max = scores[:, is_trained].max(axis=1) if trained else np.zeros(len(scores))
    confidence = np.where(framed, chosen, 1.0 - trained_max if trained else 1.0)
    frame = pd.DataFrame({"framing": labels})
    frame["framings"] = [
        ";".join(k for k, hit in sorted(zip(keys, row, strict=True)) if hit) for row in above
    ]
    for j, key in enumerate(keys):
        frame[f"score_{key}"] = np.round(scores[:, j], 6)
    # seed-phrase scores weigh in whenever positive (the rules' axis); probabilities
    # only above their bar, so a framing the tagger rejects does not pull the axis
    weights = np.where(is_trained, np.where(above, scores, 0.0), scores)
    frame["axis"] = np.round(sentence_axis(weights, model.axis, framed), 6)
    frame["confidence"] = np.round(confidence, 6)
    frame["method"] = method
    return frame
