"""Sentence embeddings with a per-sentence store.

Vectors come from a sentence-transformers model shipped inside a Python package
(loaded offline, on the CPU, with a fixed number of torch threads). Every vector is
stored under a key of (model id, sentence text), so a sentence is embedded once per
model, whichever document it comes from and however often the corpus grows: adding
a document embeds only the sentences the store has not seen.

The store is a folder of parquet shards (the first two hex digits of the key name
the shard). Each shard is rewritten atomically when new vectors arrive; two runs
writing the same shard at once can at worst drop the other's new rows, which are
then recomputed, never corrupted.
"""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipeline import io

EncodeFn = Callable[[list[str]], np.ndarray]


def model_id(package: str) -> str:
    """A stable name for the model: its package and version (part of every key)."""
    try:
        version = metadata.version(package.replace("_", "-"))
    except metadata.PackageNotFoundError:
        version = "unknown"
    return f"{package}=={version}"


@functools.cache
def load_encoder(package: str, threads: int) -> Any:
    """The sentence-transformers model from an installed package (a local folder: no
    hub is asked), on CPU.

    The torch thread count is fixed so results do not depend on the machine's load.
    """
    import importlib

    import torch
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # the stage shows its own progress
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    try:
        module = importlib.import_module(package)
    except ImportError as exc:
        raise RuntimeError(
            f"embedding model package {package!r} is not installed (see README, set-up)"
        ) from exc
    return SentenceTransformer(str(module.get_model_path()), device="cpu")


def make_encoder(package: str, threads: int, batch_size: int, decimals: int) -> EncodeFn:
    """A function texts -> (n, d) float32 unit vectors, rounded to `decimals` places.

    With batch_size 1 (the default) a vector depends on its sentence alone. Larger
    batches pad sentences to a common length, which changes the float rounding of the
    result by ~1e-7 depending on the batch's other members; rounding cannot absorb
    that (values near a rounding boundary still flip), so exact reproducibility
    across incremental runs needs batch_size 1.
    """

    def encode(texts: list[str]) -> np.ndarray:
        import torch

        model = load_encoder(package, threads)
        with torch.inference_mode():
            vectors = model.encode(
                texts,
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.round(np.asarray(vectors, dtype=np.float32), decimals).astype(np.float32)

    return encode


def text_key(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\x00{text}".encode()).hexdigest()


#: shards read in this process: path -> ((mtime_ns, size), vectors by key).
_SHARDS: dict[Path, tuple[tuple[int, int], dict[str, bytes]]] = {}


class EmbeddingStore:
    """Vectors by (model, text) key, in parquet shards under `root`."""

    def __init__(self, root: str | Path, model: str) -> None:
        self.model = model
        self.root = Path(root) / hashlib.sha256(model.encode()).hexdigest()[:16]

    def _shard(self, prefix: str) -> Path:
        return self.root / f"{prefix}.parquet"

    def _read_shard(self, prefix: str) -> dict[str, bytes]:
        """The shard's vectors by key. Shards read before in this process are kept
        while their file is unchanged: the embed and framings stages of one run read
        the same shards."""
        path = self._shard(prefix)
        try:
            stat = path.stat()
        except OSError:
            return {}
        token = (stat.st_mtime_ns, stat.st_size)
        remembered = _SHARDS.get(path)
        if remembered is not None and remembered[0] == token:
            return remembered[1]
        try:
            frame = io.read_parquet(path)
        except (OSError, ValueError):
            return {}  # a damaged shard is a miss: its sentences are embedded again
        shard = dict(zip(frame["key"], frame["vector"], strict=True))
        _SHARDS[path] = (token, shard)
        return shard

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        by_shard: dict[str, list[str]] = defaultdict(list)
        for key in set(keys):
            by_shard[key[:2]].append(key)
        found: dict[str, np.ndarray] = {}
        for prefix, wanted in sorted(by_shard.items()):
            shard = self._read_shard(prefix)
            for key in wanted:
                if key in shard:
                    found[key] = np.frombuffer(shard[key], dtype=np.float32)
        return found

    def put_many(self, vectors: dict[str, np.ndarray]) -> None:
        by_shard: dict[str, dict[str, bytes]] = defaultdict(dict)
        for key, vector in vectors.items():
            by_shard[key[:2]][key] = np.asarray(vector, dtype=np.float32).tobytes()
        for prefix, new in sorted(by_shard.items()):
            shard = {**self._read_shard(prefix), **new}
            keys = sorted(shard)
            frame = pd.DataFrame({"key": keys, "vector": [shard[k] for k in keys]})
            io.write_parquet(self._shard(prefix), frame)


def embed_texts(
    texts: Sequence[str], store: EmbeddingStore, encode: EncodeFn
) -> tuple[np.ndarray, int]:
    """Vectors for `texts` (row i for texts[i]), embedding only texts not in the
    store. Returns (matrix, number of texts embedded now)."""
    keys = [text_key(store.model, text) for text in texts]
    known = store.get_many(keys)
    missing: dict[str, str] = {}
    for key, text in zip(keys, texts, strict=True):
        if key not in known:
            missing[key] = text
    if missing:
        order = sorted(missing)  # input order never changes what is computed
        vectors = encode([missing[k] for k in order])
        fresh = dict(zip(order, vectors, strict=True))
        store.put_many(fresh)
        known.update(fresh)
    if not keys:
        return np.zeros((0, 0), dtype=np.float32), 0
    return np.vstack([known[key] for key in keys]).astype(np.float32), len(missing)
