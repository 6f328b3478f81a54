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
from collections import Counter
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

    # ------------------------------------------------------------------ packs
    # A re-run reads every document's entry of every stage; at thousands of
    # documents those thousands of small reads dominate. A pack is a read-only copy
    # of many entries of one stage and params (a "family"): one parquet file per
    # table with the entries' rows one after another, and a manifest of row ranges
    # and metas. Entries stay the truth: a pack only holds entries that exist
    # loose, a key goes in only if its rows read back from the pack equal its loose
    # rows (values and dtypes), and a missing or damaged pack is simply not used.

    def _pack_manifest(self, stage: str, family: str) -> Path:
        return self.root / stage / "packs" / f"{family}.json"

    def lookup(
        self, stage: str, keys: Sequence[str], family: str | None = None
    ) -> tuple[dict[str, Result], int]:
        """Entries present among `keys`, from the family's pack where it has them and
        loose otherwise. Returns (found, how many were read loose)."""
        unique = list(dict.fromkeys(keys))
        found = self._from_pack(stage, family, unique) if family else {}
        rest = [key for key in unique if key not in found]
        loose = self.get_many(stage, rest)
        found.update(loose)
        return found, len(loose)

    def _from_pack(self, stage: str, family: str, keys: list[str]) -> dict[str, Result]:
        manifest = self._pack_manifest(stage, family)
        if not manifest.exists():
            return {}
        try:
            info = io.read_json(manifest)
            entries = info["entries"]
            wanted = [key for key in keys if key in entries]
            names = sorted({name for key in wanted for name in entries[key]["tables"]})
            frames = {
                name: io.read_parquet(manifest.parent / info["files"][name]) for name in names
            }
            found = {}
            for key in wanted:
                entry = entries[key]
                tables = {
                    name: frames[name].iloc[start:stop].reset_index(drop=True)
                    for name, (start, stop) in entry["tables"].items()
                }
                found[key] = Result(tables=tables, meta=entry["meta"])
            return found
        except (OSError, ValueError, KeyError, TypeError):
            return {}  # no usable pack: every entry is read loose

    def write_pack(self, stage: str, family: str, entries: dict[str, Result]) -> int:
        """Pack the given entries (those committed loose); returns how many went in.

        An entry goes in only if each of its tables has the columns and dtypes of
        that table in the pack, and a table goes in only if its rows read back from
        the pack file with those dtypes: then a slice of the pack is the very frame
        the loose entry reads as."""
        candidates = sorted(key for key in entries if self.has(stage, key))
        # Each table's reference layout is its most common one (columns + dtypes).
        layouts: dict[str, Counter] = {}
        for key in candidates:
            for name, frame in entries[key].tables.items():
                layout = (tuple(frame.columns), tuple(map(str, frame.dtypes)))
                layouts.setdefault(name, Counter())[layout] += 1
        reference: dict[str, tuple[list[str], pd.Series]] = {}
        for key in candidates:
            for name, frame in entries[key].tables.items():
                layout = (tuple(frame.columns), tuple(map(str, frame.dtypes)))
                if name not in reference and layout == layouts[name].most_common(1)[0][0]:
                    reference[name] = (list(frame.columns), frame.dtypes)
        packed: list[str] = []
        for key in candidates:
            tables = entries[key].tables
            if all(
                list(frame.columns) == reference[name][0]
                and frame.dtypes.equals(reference[name][1])
                for name, frame in tables.items()
            ):
                packed.append(key)
        folder = self._pack_manifest(stage, family).parent
        generation = stable_hash(packed)[:16]
        files, ranges = {}, {key: {} for key in packed}
        for name, (_, dtypes) in reference.items():
            members = [key for key in packed if name in entries[key].tables]
            if not members:
                continue
            frames = [entries[key].tables[name] for key in members]
            files[name] = f"{family}.{generation}.{name}.parquet"
            io.write_parquet(folder / files[name], pd.concat(frames, ignore_index=True))
            if not io.read_parquet(folder / files[name]).dtypes.equals(dtypes):
                bad = set(members)  # these rows would not read back as they do loose
                packed = [key for key in packed if key not in bad]
                continue
            start = 0
            for key, frame in zip(members, frames, strict=True):
                ranges[key][name] = [start, start + len(frame)]
                start += len(frame)
        verified = {key: {"tables": ranges[key], "meta": entries[key].meta} for key in packed}
        io.write_json(
            self._pack_manifest(stage, family),
            {"generation": generation, "files": files, "entries": verified},
        )
        for old in folder.glob(f"{family}.*.parquet"):
            if old.name not in files.values():
                old.unlink(missing_ok=True)
        return len(verified)

    def put(self, stage: str, key: str, result: Result) -> None:
        base = self._base(stage, key)
        for name, frame in result.tables.items():
            io.write_parquet(base.parent / f"{key}.{name}.parquet", frame)
        io.write_json(
            base.with_suffix(".json"), {"tables": sorted(result.tables), "meta": result.meta}
        )

    def has(self, stage: str, key: str) -> bool:
        return self._base(stage, key).with_suffix(".json").exists()
