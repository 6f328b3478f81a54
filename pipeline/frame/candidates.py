"""Which sentences are framing candidates: those naming the concept or a related term.

Matching is case-insensitive, starts at a word boundary and is prefix-aware at the
end ("return" matches "returnees", "returned"), and any hyphen, dash or space
variant inside a term matches any other ("re-emigration", "re‑emigration" with a
non-breaking hyphen, "re emigration", "reemigration").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

#: every dash-like character a PDF or web page may put inside a compound word.
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212\u00ad"
_JOINER = f'[{_DASHES}\\s()"\x27\u2019]*'


def term_pattern(terms: Iterable[str], prefix: bool = True) -> re.Pattern[str]:
    """One regex that finds any of `terms` at a word start.

    With `prefix`, every term takes any word ending ("return" -> "returnees").
    Without it, a term matches as whole words only, unless it ends in
    "*" ("deter*" -> "deterring"): keywords such as "development" must not fire on
    "developments" or "developing".
    """
    parts = []
    for raw in sorted({t.strip().lower() for t in terms if t.strip()}, key=len, reverse=True):
        open_end = prefix or raw.endswith("*")
        term = raw.rstrip("*")
        pieces = [re.escape(p) for p in re.split(f"[{_DASHES}\\s]+", term) if p]
        if not pieces:
            continue
        ending = r"\w*" if open_end else r"\b"
        parts.append(_JOINER.join(pieces) + ending)
    if not parts:
        return re.compile(r"(?!x)x")  # matches nothing
    return re.compile(r"\b(?:" + "|".join(parts) + ")", re.IGNORECASE)


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
