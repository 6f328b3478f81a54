"""Per-document result cache.

Each per-document stage stores its result for one document under a key built from
what determines that result: the stage name and version, the stage's params, and a
fingerprint of the document's input (its bytes hash for extract, a hash of its
upstream rows for later stages). Change any of them and the key changes; change
none and the stage does no work. Adding one file to a corpus of N computes one key
that is not yet there.

An entry is one parquet file per table plus a JSON manifest written last. The
manifest is the commit marker: an entry without one (a run killed mid-write) is
treated as absent and recomputed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import io


def stable_hash(obj: Any) -> str:
    """SHA-256 of a JSON-able object, independent of dict order."""
    payload = json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def frame_fingerprint(frame: pd.DataFrame) -> str:
    """Content hash of a frame's rows and columns (order-sensitive on purpose: row
    order is reading order)."""
    hashed = pd.util.hash_pandas_object(frame, index=False).to_numpy()
    digest = hashlib.sha256(hashed.tobytes())
    digest.update("|".join(map(str, frame.columns)).encode("utf-8"))
    return digest.hexdigest()


@dataclass
class Result:
    """What a per-document stage returns: named tables plus a small JSON-able dict."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)


def entry_key(stage: str, version: str, params: dict[str, Any], fingerprint: str) -> str:
    return stable_hash({"stage": stage, "version": version, "params": params, "input": fingerprint})


class ResultCache:
    """A folder of cached per-document results, shared by every corpus and run that
    points at it (entries are content-addressed, so sharing is safe)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _base(self, stage: str, key: str) -> Path:
        return self.root / stage / key[:2] / key

    def get(self, stage: str, key: str) -> Result | None:
        base = self._base(stage, key)
        manifest = base.with_suffix(".json")
        if not manifest.exists():
            return None
        try:
            info = io.read_json(manifest)
            tables = {
                name: io.read_parquet(base.parent / f"{key}.{name}.parquet")
                for name in info["tables"]
            }
        except (OSError, ValueError, KeyError):
            # A damaged entry is a miss, not an error: it is simply recomputed.
            return None
        return Result(tables=tables, meta=info.get("meta", {}))

    def get_many(self, stage: str, keys: Sequence[str], threads: int = 8) -> dict[str, Result]:
        """The entries present among `keys`, read with a few threads: a re-run reads
        one small entry per document, and parquet decoding releases the GIL."""
        unique = list(dict.fromkeys(keys))
        if len(unique) < 16:
            found = [self.get(stage, key) for key in unique]
        else:
            with ThreadPoolExecutor(max_workers=threads) as pool:
                found = list(pool.map(lambda key: self.get(stage, key), unique))
        return {key: hit for key, hit in zip(unique, found, strict=True) if hit is not None}

    def put(self, stage: str, key: str, result: Result) -> None:
        base = self._base(stage, key)
        for name, frame in result.tables.items():
            io.write_parquet(base.parent / f"{key}.{name}.parquet", frame)
        io.write_json(
            base.with_suffix(".json"), {"tables": sorted(result.tables), "meta": result.meta}
        )

    def has(self, stage: str, key: str) -> bool:
        return self._base(stage, key).with_suffix(".json").exists()
