"""Feature rows of each task, the same in training and in tagging.

- framing: the sentence embedding, then per codebook framing its prototype
  similarity, cue count and denial flag (the rule signals of `frame.model`);
- definitions: the rule tagger's evidence (score, which structural kinds fired,
  means/veto/parse flags), the general definitional structures of
  `tag.definition_patterns`, and the sentence embedding;
- interests: per (sentence, actor type) pair, what the rule tagger found (an
  interest predicate held by that actor, its stance, subject position), the actor
  type, and the sentence embedding.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.frame.model import FramingModel, RuleSignals, rule_signals
from pipeline.tag.definition_patterns import PATTERNS
from pipeline.tag.definitions import EVIDENCE_KINDS


def framing_features(signals: RuleSignals, vectors: np.ndarray) -> np.ndarray:
    """(n, dim + 3 * framings) rows for the framing tagger."""
    vectors = np.asarray(vectors, dtype=np.float64).reshape(len(signals.evidence), -1)
    return np.hstack(
        [vectors, signals.similarity, signals.cue_counts, signals.muted.astype(np.float64)]
    )


def framing_rows(texts: list[str], vectors: np.ndarray, model: FramingModel) -> np.ndarray:
    return framing_features(rule_signals(texts, vectors, model), vectors)


def vectors_for(keys: pd.DataFrame, embedded: pd.DataFrame, matrix: np.ndarray) -> np.ndarray:
    """Rows of `matrix` for `keys` (doc_id, sent_id), in order; `embedded` maps
    (doc_id, sent_id) to a row of the matrix. Unembedded sentences get zeros."""
    index = pd.MultiIndex.from_frame(embedded[["doc_id", "sent_id"]].astype({"sent_id": "int64"}))
    wanted = pd.MultiIndex.from_frame(keys[["doc_id", "sent_id"]].astype({"sent_id": "int64"}))
    position = index.get_indexer(wanted)
    dim = matrix.shape[1] if matrix.ndim == 2 and matrix.shape[1] else 384
    out = np.zeros((len(keys), dim), dtype=np.float64)
    found = position >= 0
    if found.any():
        out[found] = matrix[position[found]]
    return out


def definition_feature_names(dim: int) -> list[str]:
    return [
        "rule_score", *[f"kind_{k}" for k in EVIDENCE_KINDS], "means", "vetoed",
        "parse_confirmed", "named", *[f"pattern_{p}" for p in PATTERNS],
        *[f"emb_{i}" for i in range(dim)],
    ]  # fmt: skip


def definition_rows(candidates: pd.DataFrame, vectors: np.ndarray) -> np.ndarray:
    """(n, features) for definition candidates (rows of tag_definitions with
    keep_candidates) and their sentence vectors, row for row."""
    kinds = candidates["kinds"].fillna("").astype(str).str.split(";")
    flags = np.array([[k in found for k in EVIDENCE_KINDS] for found in kinds], dtype=np.float64)
    flags = flags.reshape(len(candidates), len(EVIDENCE_KINDS))
    found = candidates["patterns"].fillna("").astype(str).str.split(";")
    patterns = np.array([[p in hit for p in PATTERNS] for hit in found], dtype=np.float64)
    columns = [
        candidates["rule_score"].astype(float).to_numpy()[:, None],
        flags,
        candidates[["means", "vetoed", "parse_confirmed", "named"]].astype(float).to_numpy(),
        patterns.reshape(len(candidates), len(PATTERNS)),
        np.asarray(vectors, dtype=np.float64).reshape(len(candidates), -1),
    ]
    return np.hstack(columns)


STANCES = ("support", "oppose", "neutral")
PAIR_KEYS = ["doc_id", "sent_id", "actor_type"]


def interest_pairs(
    interests: pd.DataFrame, mentions: pd.DataFrame, sentences: pd.DataFrame
) -> pd.DataFrame:
    """One row per (sentence, actor type) the rules found an actor of, with what the
    rules saw: whether a predicate gave that type an interest, with which stances,
    through a reference ("they", "such countries"), and how many actors of that and
    of other types the sentence names."""
    held = interests.assign(rule_interest=True)
    named = mentions.assign(rule_interest=False, stance=None, refers_to=None)
    both = pd.concat(
        [held[[*PAIR_KEYS, "actor", "rule_interest", "stance", "refers_to"]],
         named[[*PAIR_KEYS, "actor", "rule_interest", "stance", "refers_to"]]],
        ignore_index=True,
    )  # fmt: skip
    if both.empty:
        return pd.DataFrame(
            columns=[
                *PAIR_KEYS,
                "actor",
                "text",
                "rule_interest",
                "n_actors",
                "n_types",
                "reference",
                *[f"stance_{s}" for s in STANCES],
            ]
        )
    both["sent_id"] = both["sent_id"].astype("int64")
    grouped = both.groupby(PAIR_KEYS, sort=True)
    pairs = grouped.agg(
        actor=("actor", "first"),
        rule_interest=("rule_interest", "any"),
        n_actors=("actor", "size"),
        reference=("refers_to", lambda v: v.notna().any()),
    ).reset_index()
    for stance in STANCES:
        has = both[both["stance"] == stance].groupby(PAIR_KEYS).size().rename(f"stance_{stance}")
        pairs = pairs.merge(has, on=PAIR_KEYS, how="left")
        pairs[f"stance_{stance}"] = pairs[f"stance_{stance}"].fillna(0).gt(0)
    types = both.groupby(["doc_id", "sent_id"])["actor_type"].nunique().rename("n_types")
    pairs = pairs.merge(types, on=["doc_id", "sent_id"], how="left")
    text = sentences[["doc_id", "sent_id", "text"]].astype({"sent_id": "int64"})
    return pairs.merge(text, on=["doc_id", "sent_id"], how="left")


def interest_rows(pairs: pd.DataFrame, vectors: np.ndarray, actor_types: list[str]) -> np.ndarray:
    """(n, features) for interest pairs: rule signals, the actor type, the sentence."""
    n = len(pairs)
    onehot = np.array([[t == known for known in actor_types] for t in pairs["actor_type"]],
                      dtype=np.float64).reshape(n, len(actor_types))  # fmt: skip
    signals = (
        pairs[["rule_interest", "reference", *[f"stance_{s}" for s in STANCES]]]
        .astype(float)
        .to_numpy()
    )
    counts = np.log1p(pairs[["n_actors", "n_types"]].astype(float).to_numpy())
    return np.hstack(
        [signals, counts, onehot, np.asarray(vectors, dtype=np.float64).reshape(n, -1)]
    )
