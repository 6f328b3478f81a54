"""All reading and writing of pipeline files lives here.

Stage logic is pure (DataFrames in, DataFrames out); this module puts them on disk.
Every write is atomic (a temporary file in the same folder, then `os.replace`), so a
run killed at any moment leaves either the old file or the new one, never half of one.
Outputs are written deterministically: same frame, same bytes.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

_UMASK = os.umask(0)
os.umask(_UMASK)

#: floats in CSVs are rounded so tiny platform differences never change the bytes.
CSV_FLOAT_FORMAT = "%.6g"


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success move it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    # mkstemp makes the file private (0600); outputs are ordinary files others read.
    os.chmod(tmp_path, 0o666 & ~_UMASK)
    try:
        yield tmp_path
        with open(tmp_path, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp_path, path)
    finally:
        tmp_path.unlink(missing_ok=True)


def write_bytes(path: str | Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def write_text(path: str | Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def write_json(path: str | Path, obj: Any) -> None:
    write_text(path, json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def read_json(path: str | Path) -> Any:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def write_parquet(path: str | Path, frame: pd.DataFrame) -> None:
    table = pa.Table.from_pandas(frame.reset_index(drop=True), preserve_index=False)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd")


def read_parquet(path: str | Path, columns: list[str] | None = None) -> pd.DataFrame:
    return pd.read_parquet(path, columns=columns)


def read_vectors(
    path: str | Path, column: str = "vector", keys: tuple[str, ...] = ("doc_id", "sent_id")
) -> tuple[pd.DataFrame, np.ndarray]:
    """A table of equal-length vectors as (its key columns, one float32 matrix).

    Reading the vectors into one matrix instead of a column of per-row arrays
    keeps large corpora in a fraction of the memory: hundreds of thousands of
    small arrays each carry their own object overhead, and pandas holds the Arrow
    table and the converted column at the same time.
    """
    table = pq.read_table(path, columns=[*keys, column])
    frame = table.select(list(keys)).to_pandas()
    lists = table.column(column).combine_chunks()
    del table
    if len(lists) == 0:
        return frame, np.zeros((0, 0), dtype=np.float32)
    values = lists.flatten().to_numpy(zero_copy_only=False).astype(np.float32, copy=False)
    width = len(values) // len(lists)
    if width * len(lists) != len(values):
        raise ValueError(f"{path}: vectors of different lengths in column {column!r}")
    return frame, values.reshape(len(lists), width)


def write_vectors(
    path: str | Path, frame: pd.DataFrame, matrix: np.ndarray, column: str = "vector"
) -> None:
    """`frame` plus a list<float> column holding `matrix`'s rows, written straight
    from the matrix (the counterpart of `read_vectors`)."""
    rows, width = matrix.shape if matrix.ndim == 2 else (0, 0)
    values = pa.array(np.ascontiguousarray(matrix, dtype=np.float32).reshape(-1))
    offsets = pa.array(np.arange(rows + 1, dtype=np.int32) * np.int32(width))
    table = pa.Table.from_pandas(frame.reset_index(drop=True), preserve_index=False)
    table = table.append_column(column, pa.ListArray.from_arrays(offsets, values))
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd")


def concat_parquet(paths: list[Path], target: str | Path) -> None:
    """One Parquet file holding the rows of `paths` in order, with their schema
    (vector columns stay list<float>: no round trip through pandas objects)."""
    table = pa.concat_tables([pq.read_table(path) for path in paths], promote_options="default")
    with atomic_path(target) as tmp:
        pq.write_table(table, tmp, compression="zstd")


def write_csv(path: str | Path, frame: pd.DataFrame) -> None:
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, index=False, lineterminator="\n", float_format=CSV_FLOAT_FORMAT)


def read_csv(path: str | Path, **kwargs: Any) -> pd.DataFrame:
    return pd.read_csv(path, **kwargs)


def read_yaml(path: str | Path) -> Any:
    import yaml

    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
