"""Feature rows of each task, the same in training and in tagging.

- framing: the sentence embedding, then per codebook framing its prototype
  similarity, cue count and denial flag (the rule signals of `frame.model`);
- definitions: the rule tagger's evidence score and flags, and how many general
  definitional structures of `tag.definition_patterns` fired;
- interests: per (sentence, actor type) pair, what the rule tagger found (an
  interest predicate held by that actor, its stance, a reference, the author's
  voice), how many actors the sentence names, and the actor type.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from pipeline.frame.model import RuleSignals
from pipeline.tag.actor_mentions import find_actors
from pipeline.tag.definition_patterns import PATTERNS
from pipeline.tag.lexicon import Lexicon


def framing_feature_names(keys: list[str], dim: int) -> list[str]:
    """The columns of `framing_features` for a codebook's framings `keys`."""
    return [f"emb_{i}" for i in range(dim)] + [
        f"{kind}_{key}" for kind in ("similarity", "cues", "denied") for key in keys
    ]


def interest_feature_names(actor_types: list[str]) -> list[str]:
    """The columns of `interest_rows` for a codebook's actor types."""
    return [*INTEREST_SIGNALS, "n_actors", "n_types", *[f"type_{t}" for t in actor_types]]


def framing_features(signals: RuleSignals, vectors: np.ndarray) -> np.ndarray:
    """(n, dim + 3 * framings) rows for the framing tagger (`framing_feature_names`)."""
    vectors = np.asarray(vectors, dtype=np.float64).reshape(len(signals.evidence), -1)
    return np.hstack(
        [vectors, signals.similarity, signals.cue_counts, signals.muted.astype(np.float64)]
    )


#: what the definition scorer reads. Compact on purpose: definitions are rare (a
#: handful per hundred documents); with the sentence embedding and one flag per
#: evidence kind added, document-grouped CV average precision on the labelled
#: training documents was 0.55, against 0.70 for these seven (models/taggers
#: manifest).
DEFINITION_FEATURES = [
    "rule_score", "structures", "ruled_out", "vetoed", "means", "named", "parse_confirmed",
]  # fmt: skip
RULING_OUT = "negated_or_question"


def definition_rows(candidates: pd.DataFrame) -> np.ndarray:
    """(n, DEFINITION_FEATURES) for definition candidates (rows of tag_definitions
    with keep_candidates): the rules' evidence score, how many general definitional
    structures fired, whether one rules the sentence out, and the rules' flags."""
    found = candidates["patterns"].fillna("").astype(str).str.split(";")
    structures = [sum(p in hit for p in PATTERNS if p != RULING_OUT) for hit in found]
    ruled_out = [RULING_OUT in hit for hit in found]
    flags = candidates[["vetoed", "means", "named", "parse_confirmed"]].astype(float).to_numpy()
    return np.column_stack(
        [
            candidates["rule_score"].astype(float).to_numpy(),
            np.asarray(structures, dtype=np.float64),
            np.asarray(ruled_out, dtype=np.float64),
            flags.reshape(len(candidates), 4),
        ]
    )


STANCES = ("support", "oppose", "neutral")
PAIR_KEYS = ["doc_id", "sent_id", "actor_type"]
INTEREST_SIGNALS = [
    "rule_interest", "reference", "author_voice", *[f"stance_{s}" for s in STANCES],
]  # fmt: skip
#: the author speaking
_FIRST_PERSON = re.compile(r"\b(?:we|our|us)\b", re.IGNORECASE)


def author_types(documents: pd.DataFrame, lex: Lexicon) -> dict[str, str]:
    """doc_id -> the actor type of the document's organisation (from metadata), when
    the codebook's actor patterns recognise it ("UNHCR" -> international_org)."""
    if "organisation" not in documents.columns:
        return {}
    found = {}
    for doc_id, organisation in zip(documents["doc_id"], documents["organisation"], strict=True):
        if isinstance(organisation, str) and organisation.strip():
            actors = find_actors(lex, organisation)
            if actors and actors[0].type in lex.codebook.actor_types:
                found[str(doc_id)] = actors[0].type
    return found


def _author_voice(sentences: pd.DataFrame, author_types: dict[str, str]) -> pd.DataFrame:
    """(doc_id, sent_id, actor_type) rows for first-person sentences of documents
    whose organisation has a known actor type."""
    if not author_types or sentences.empty:
        return pd.DataFrame()
    rows = sentences[sentences["doc_id"].astype(str).isin(author_types)]
    rows = rows[rows["text"].astype(str).str.contains(_FIRST_PERSON)]
    return pd.DataFrame(
        {
            "doc_id": rows["doc_id"].astype(str),
            "sent_id": rows["sent_id"].astype("int64"),
            "actor_type": [author_types[str(d)] for d in rows["doc_id"]],
            "actor": "we",
            "rule_interest": False,
            "stance": None,
            "refers_to": None,
            "author_voice": True,
        }
    )


def interest_pairs(
    interests: pd.DataFrame,
    mentions: pd.DataFrame,
    sentences: pd.DataFrame,
    author_types: dict[str, str] | None = None,
) -> pd.DataFrame:
    """One row per (sentence, actor type) the rules found an actor of, with what the
    rules saw: whether a predicate gave that type an interest, with which stances,
    through a reference ("they", "such countries"), and how many actors of that and
    of other types the sentence names. With `author_types` (doc_id -> the actor type
    of the document's organisation), a sentence in the author's voice ("we call
    for", "our priority") is a candidate for the author's type too."""
    held = interests.assign(rule_interest=True, author_voice=False)
    named = mentions.assign(rule_interest=False, stance=None, refers_to=None, author_voice=False)
    voiced = _author_voice(sentences, author_types or {})
    columns = [*PAIR_KEYS, "actor", "rule_interest", "stance", "refers_to", "author_voice"]
    parts = [part[columns] for part in (held, named, voiced) if not part.empty]
    both = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
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
        author_voice=("author_voice", "any"),
    ).reset_index()
    for stance in STANCES:
        has = both[both["stance"] == stance].groupby(PAIR_KEYS).size().rename(f"stance_{stance}")
        pairs = pairs.merge(has, on=PAIR_KEYS, how="left")
        pairs[f"stance_{stance}"] = pairs[f"stance_{stance}"].fillna(0).gt(0)
    types = both.groupby(["doc_id", "sent_id"])["actor_type"].nunique().rename("n_types")
    pairs = pairs.merge(types, on=["doc_id", "sent_id"], how="left")
    text = sentences[["doc_id", "sent_id", "text"]].astype({"sent_id": "int64"})
    return pairs.merge(text, on=["doc_id", "sent_id"], how="left")


def interest_rows(pairs: pd.DataFrame, actor_types: list[str]) -> np.ndarray:
    """(n, features) for interest pairs: the rules' signals, the counts and the actor
    type. No sentence embedding: with it, document-grouped CV average precision on
    the labelled training documents fell from 0.36 to 0.33."""
    n = len(pairs)
    onehot = np.array([[t == known for known in actor_types] for t in pairs["actor_type"]],
                      dtype=np.float64).reshape(n, len(actor_types))  # fmt: skip
    signals = pairs[INTEREST_SIGNALS].astype(float).to_numpy().reshape(n, len(INTEREST_SIGNALS))
    counts = np.log1p(pairs[["n_actors", "n_types"]].astype(float).to_numpy()).reshape(n, 2)
    return np.hstack([signals, counts, onehot])
