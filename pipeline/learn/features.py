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
