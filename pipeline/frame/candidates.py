"""Which sentences are framing candidates: those naming the concept or a related term
(the rule is `pipeline.concept.candidate_pattern`)."""

from __future__ import annotations

import re

import pandas as pd


def is_candidate(texts: pd.Series, pattern: re.Pattern[str]) -> pd.Series:
    """Boolean mask of sentences that mention a concept term."""
    return texts.astype("str").map(lambda text: pattern.search(text) is not None).astype(bool)


def candidate_sentences(sentences: pd.DataFrame, pattern: re.Pattern[str]) -> pd.DataFrame:
    """The candidate rows of a sentences table, in (doc_id, sent_id) order."""
    if sentences.empty:
        return sentences.iloc[0:0].copy()
    mask = is_candidate(sentences["text"], pattern)
    chosen = sentences[mask].sort_values(["doc_id", "sent_id"], kind="stable")
    return chosen.reset_index(drop=True)
