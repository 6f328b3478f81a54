"""Trained taggers deciding on the rules' candidates.

Framing: each codebook framing with a classifier gets its calibrated probability;
a framing without one (added to the codebook after training, or with too few
labels) keeps its seed-phrase score and threshold, and the row says which method
decided. Several framings above their bar make a multi-label (mixed) sentence: the
`framings` column lists them, `framing` is the most probable.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from pipeline.frame.model import NONE, FramingModel, RuleSignals, rule_scores, sentence_axis
from pipeline.learn.features import framing_features
from pipeline.learn.taggers import TaskModel
from pipeline.tag.interest_phrase import PHRASE, UNSPECIFIED

log = logging.getLogger(__name__)

TRAINED = "trained"
SEED_PHRASES = "seed phrases"
RULES = "rules"


def fitted_for(
    tagger: TaskModel | None, names: list[str], task: str, fallback: str
) -> TaskModel | None:
    """`tagger` reading rows with columns `names` (the features this codebook gives),
    or None, said in a warning, when it needs features this codebook does not give:
    it was fitted for another codebook's framings or actor types, and `fallback`
    decides instead."""
    if tagger is None:
        return None
    fitted = tagger.reading(names)
    if fitted is None:
        missing = tagger.missing(names)
        labels = sorted(set(tagger.labels) - {"yes"})
        fitted_on = f" (fitted for {', '.join(labels)})" if labels else ""
        log.warning(
            "%s: the trained tagger%s reads %d features this codebook does not give "
            "(%s%s): it was fitted for another codebook; %s",
            task, fitted_on, len(missing),
            ", ".join(missing[:4]), ", ..." if len(missing) > 4 else "", fallback,
        )  # fmt: skip
    return fitted


def decide_framings(
    signals: RuleSignals,
    vectors: np.ndarray,
    model: FramingModel,
    tagger: TaskModel | None,
    min_probability: float,
    texts: list[str] | None = None,
) -> pd.DataFrame:
    """Columns framing, framings, score_<key>, axis, confidence, method (rows in
    input order). `texts` are the sentences (the trained tagger reads their words)."""
    p = model.params
    keys = list(model.keys)
    rule = rule_scores(signals, p)
    trained = [k for k in keys if tagger is not None and k in tagger.labels]
    scores = rule.copy()
    if trained:
        probabilities = tagger.probabilities(framing_features(signals, vectors), texts)
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


def decide_interests(
    interests: pd.DataFrame,
    mentions: pd.DataFrame,
    pairs: pd.DataFrame,
    probability: np.ndarray,
    min_probability: float,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Interest rows of the (sentence, actor type) pairs the tagger accepts, each
    with its confidence. A rule row (actor, predicate, interest phrase from the
    parse) is kept when its pair is accepted; an accepted pair the rules found no
    predicate for gets one row with `interest_kind` unspecified (the sentence says
    what is wanted). Rule rows of rejected pairs become mentions."""
    keys = ["doc_id", "sent_id", "actor_type"]
    scored = pairs[[*keys, "actor", "text"]].assign(confidence=np.round(probability, 6))
    accepted = scored[scored["confidence"] >= min_probability]
    ruled = interests.merge(scored[[*keys, "confidence"]], on=keys, how="left")
    kept = ruled[ruled["confidence"] >= min_probability].assign(interest_kind=PHRASE)
    dropped = ruled[~(ruled["confidence"] >= min_probability)]
    bare = accepted.merge(interests[keys].drop_duplicates(), on=keys, how="left", indicator=True)
    bare = bare[bare["_merge"] == "left_only"].drop(columns="_merge")
    page = mentions.drop_duplicates(["doc_id", "sent_id"])[["doc_id", "sent_id", "page"]]
    bare = bare.merge(page, on=["doc_id", "sent_id"], how="left").assign(
        interest="", predicate="", stance="neutral", refers_to=None, interest_kind=UNSPECIFIED
    )
    out = pd.concat([kept, bare], ignore_index=True).assign(method=TRAINED)
    out = out.sort_values([*keys, "actor"], kind="stable").reset_index(drop=True)
    now_mentions = dropped[list(mentions.columns)]
    taken = out[keys].drop_duplicates().assign(_taken=True)
    rest = mentions.merge(taken, on=keys, how="left")
    rest = rest[rest["_taken"].isna()].drop(columns="_taken")
    mentions_out = pd.concat([rest, now_mentions], ignore_index=True)
    mentions_out = mentions_out.sort_values(["doc_id", "sent_id", "actor_type", "actor"])
    return out, mentions_out.reset_index(drop=True)
