"""Which sentences are framing candidates: those naming the concept or a related term
(the rule is `pipeline.concept.candidate_pattern`)."""

from __future__ import annotations

import re

import pandas as pd


def is_candidate(texts: pd.Series, pattern: re.Pattern[str]) -> pd.Series:
    """Boolean mask of sentences that mention a concept term."""
    return texts.astype("str").map(lambda text: pattern.search(text) is not None).astype(bool)


def candidate_sentences(
    sentences: pd.DataFrame, pattern: re.Pattern[str], context: int = 0
) -> pd.DataFrame:
    """The candidate rows of a sentences table, in (doc_id, sent_id) order: the
    sentences that mention a concept term and, with `context`, the sentences up to
    `context` positions before or after one in the same document."""
    if sentences.empty:
        return sentences.iloc[0:0].copy()
    mask = is_candidate(sentences["text"], pattern)
    if context:
        mentions = sentences.loc[mask, ["doc_id", "sent_id"]]
        near = pd.concat(
            [mentions.assign(sent_id=mentions["sent_id"] + shift)
             for shift in range(-context, context + 1)],
            ignore_index=True,
        ).drop_duplicates()  # fmt: skip
        found = sentences[["doc_id", "sent_id"]].merge(near, how="left", indicator=True)
        mask = pd.Series((found["_merge"] == "both").to_numpy(), index=sentences.index)
    chosen = sentences[mask].sort_values(["doc_id", "sent_id"], kind="stable")
    return chosen.reset_index(drop=True)
