"""Discovery of framings the codebook does not name.

Candidate sentences that no codebook framing explains are clustered on their
embeddings (k-means, seeded; k chosen by cosine silhouette over a small range,
preferring solutions where no cluster holds more than a third of the sentences so
there is no catch-all bin). Work and memory are bounded: k-means fits on at most
`sample` sentences in float32 and the others join their nearest centroid. The
sample is chosen by a hash of each sentence's text, not at random, so adding a
document keeps almost every sampled sentence. The clusters themselves can still
move when documents are added: k-means on weakly structured sentences has many
near-equal solutions. Each
cluster is named by its most distinctive terms — class-based TF-IDF: the
sentences of a cluster form one document, and terms are weighted by how particular
they are to it — and shown by the sentences closest to its centroid.

Unlike sentence labels, discovered clusters are corpus-level: adding documents can
change them (and their numbering). They are a map of what is left over, not labels.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfTransformer
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

DISCOVERED_COLUMNS = ["cluster", "label", "size", "terms", "representative_sentences"]
#: k is chosen on at most this many sentences (silhouette is quadratic in n).
_SELECTION_SAMPLE = 1500
_N_INIT = 3
#: web and mail addresses say nothing about a framing and would top the term lists.
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+|\S+\.(?:int|org|com|net|eu)\S*", re.I)


@dataclass(frozen=True)
class DiscoveryParams:
    min_sentences: int = 6
    k_max: int = 12
    n_terms: int = 8
    n_examples: int = 3
    seed: int = 0
    sample: int = 5000


def content_sample(texts: list[str], size: int) -> np.ndarray:
    """Indices (sorted) of at most `size` sentences: those whose text hashes lowest.
    A sentence's membership depends on its own text and on how many others rank
    below it, so a grown corpus keeps nearly the same sample."""
    if len(texts) <= size:
        return np.arange(len(texts))
    keys = [hashlib.sha256(text.encode("utf-8")).hexdigest() for text in texts]
    chosen = sorted(range(len(texts)), key=lambda i: (keys[i], i))[:size]
    return np.array(sorted(chosen), dtype=int)


def choose_k(vectors: np.ndarray, params: DiscoveryParams) -> int:
    """Best k by silhouette among 2..k_max; solutions whose largest cluster holds
    more than a third of the sentences are used only if no other one exists.

    `vectors` are at most `_SELECTION_SAMPLE` rows (silhouette is quadratic in n).
    """
    n = len(vectors)
    best: tuple[bool, float, int] | None = None
    for k in range(2, min(params.k_max, n - 1) + 1):
        labels = _kmeans(vectors, k, params.seed)
        if len(set(labels)) < 2:
            continue
        score = silhouette_score(vectors, labels, metric="cosine")
        balanced = bool(np.bincount(labels).max() <= n / 3)
        key = (balanced, round(float(score), 6), -k)
        if best is None or key > best:
            best = key
    return 1 if best is None else -best[2]


def _kmeans(vectors: np.ndarray, k: int, seed: int) -> np.ndarray:
    return _fit_kmeans(vectors, k, seed).labels_


def _fit_kmeans(vectors: np.ndarray, k: int, seed: int) -> KMeans:
    return KMeans(n_clusters=k, n_init=_N_INIT, random_state=seed).fit(vectors)


def class_terms(
    texts: list[str], labels: np.ndarray, n_terms: int, exclude: re.Pattern[str] | None
) -> list[list[str]]:
    """The most distinctive terms of each cluster by class-based TF-IDF."""
    k = int(labels.max()) + 1 if len(labels) else 0
    joined = [
        " ".join(t for t, lab in zip(texts, labels, strict=True) if lab == c) for c in range(k)
    ]
    stop = sorted(ENGLISH_STOP_WORDS)
    vectorizer = CountVectorizer(
        stop_words=stop, ngram_range=(1, 2), token_pattern=r"(?u)\b[^\W\d_][\w-]{2,}\b"
    )
    try:
        counts = vectorizer.fit_transform(joined)
    except ValueError:  # nothing but stop words
        return [[] for _ in range(k)]
    weights = TfidfTransformer(sublinear_tf=True).fit_transform(counts).toarray()
    vocabulary = vectorizer.get_feature_names_out()
    keep = np.array([not (exclude and exclude.search(term)) for term in vocabulary])
    result = []
    for row in weights:
        order = sorted(
            (i for i in np.flatnonzero((row > 0) & keep)), key=lambda i: (-row[i], vocabulary[i])
        )
        result.append([str(vocabulary[i]) for i in order[:n_terms]])
    return result


def discover(
    texts: list[str],
    vectors: np.ndarray,
    params: DiscoveryParams,
    exclude: re.Pattern[str] | None = None,
) -> tuple[np.ndarray, pd.DataFrame]:
    """Cluster unexplained sentences. Returns (cluster per sentence, cluster table).

    Clusters are numbered by size (largest first), ties by their first
    representative sentence, so numbering does not depend on k-means internals.
    """
    n = len(texts)
    if n == 0:
        return np.zeros(0, dtype=int), pd.DataFrame(columns=DISCOVERED_COLUMNS)
    # k-means depends on row order; work in text order so the input order does not matter
    order = sorted(range(n), key=lambda i: (texts[i], i))
    labels, table = _discover_sorted(
        [texts[i] for i in order], np.asarray(vectors)[order], params, exclude
    )
    result = np.empty(n, dtype=int)
    result[order] = labels
    return result, table


def _discover_sorted(
    texts: list[str], vectors: np.ndarray, params: DiscoveryParams, exclude: re.Pattern[str] | None
) -> tuple[np.ndarray, pd.DataFrame]:
    n = len(texts)
    vectors = np.asarray(vectors, dtype=np.float32)
    fitted = content_sample(texts, params.sample)
    selection = fitted[content_sample([texts[i] for i in fitted], _SELECTION_SAMPLE)]
    # one BLAS/OpenMP thread: on small matrices more threads only contend, and the
    # result must not depend on the machine's thread count
    with threadpool_limits(1):
        k = 1 if n < params.min_sentences else choose_k(vectors[selection], params)
        if k == 1:
            raw = np.zeros(n, dtype=int)
        else:
            raw = _fit_kmeans(vectors[fitted], k, params.seed).predict(vectors)
        raw = np.unique(raw, return_inverse=True)[1].reshape(-1)  # no empty cluster ids
    k = int(raw.max()) + 1
    examples: list[list[int]] = []
    for c in range(k):
        members = np.flatnonzero(raw == c)
        centroid = vectors[members].mean(axis=0)
        centroid /= np.linalg.norm(centroid) or 1.0
        closeness = np.round(vectors[members] @ centroid, 6)
        order = sorted(range(len(members)), key=lambda i: (-closeness[i], texts[members[i]]))
        examples.append([int(members[i]) for i in order[: params.n_examples]])
    sizes = np.bincount(raw, minlength=k)
    ranking = sorted(range(k), key=lambda c: (-sizes[c], texts[examples[c][0]]))
    renumber = np.empty(k, dtype=int)
    renumber[ranking] = np.arange(k)
    labels = renumber[raw]
    terms = class_terms(texts, labels, params.n_terms, exclude)
    rows = []
    for new, old in enumerate(ranking):
        rows.append(
            {
                "cluster": new,
                "label": " / ".join(terms[new][:3]) or f"cluster {new}",
                "size": int(sizes[old]),
                "terms": "; ".join(terms[new]),
                "representative_sentences": " | ".join(texts[i] for i in examples[old]),
            }
        )
    return labels.astype(int), pd.DataFrame(rows, columns=DISCOVERED_COLUMNS)
