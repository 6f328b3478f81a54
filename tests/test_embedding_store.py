"""The per-sentence embedding store: only unseen texts are encoded, vectors come
back in input order, shards remembered in the process follow changes on disk, and a
damaged shard is a miss."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.frame.embed import EmbeddingStore, embed_texts


class CountingEncoder:
    """Deterministic stand-in for the model: a text's vector is its letter counts."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.seen.extend(texts)
        rows = [[text.lower().count(ch) for ch in "aeiourst"] for text in texts]
        return np.asarray(rows, dtype=np.float32)


TEXTS = [f"Returnees in district {i} receive support." for i in range(40)]


def test_only_new_texts_are_encoded_and_order_is_kept(tmp_path) -> None:
    store, encode = EmbeddingStore(tmp_path, "fake"), CountingEncoder()
    first, computed = embed_texts(TEXTS[:30], store, encode)
    assert computed == 30 and len(encode.seen) == 30
    encode.seen.clear()
    matrix, computed = embed_texts(list(reversed(TEXTS)), store, encode)
    assert computed == 10 and sorted(encode.seen) == sorted(TEXTS[30:])
    np.testing.assert_array_equal(matrix[::-1][:30], first)
    np.testing.assert_array_equal(matrix[0], encode([TEXTS[-1]])[0])


def test_a_second_store_on_the_same_folder_sees_new_vectors(tmp_path) -> None:
    """Shards kept in memory are re-read once their file changed."""
    one, two = EmbeddingStore(tmp_path, "fake"), EmbeddingStore(tmp_path, "fake")
    embed_texts(TEXTS[:5], one, CountingEncoder())
    reader = CountingEncoder()
    embed_texts(TEXTS[:5], two, reader)
    assert reader.seen == []
    embed_texts(TEXTS[5:10], one, CountingEncoder())
    embed_texts(TEXTS[:10], two, reader)
    assert reader.seen == []


def test_a_damaged_shard_is_embedded_again(tmp_path) -> None:
    store, encode = EmbeddingStore(tmp_path, "fake"), CountingEncoder()
    embed_texts(TEXTS[:20], store, encode)
    shard = sorted(store.root.glob("*.parquet"))[0]
    shard.write_bytes(b"not parquet at all")
    encode.seen.clear()
    matrix, computed = embed_texts(TEXTS[:20], store, encode)
    assert 0 < computed < 20
    np.testing.assert_array_equal(matrix, CountingEncoder()(TEXTS[:20]))


def test_vector_tables_round_trip_as_one_matrix(tmp_path) -> None:
    from pipeline import io

    keys = pd.DataFrame({"doc_id": ["a", "a", "b"], "sent_id": [0, 3, 1]})
    matrix = CountingEncoder()(TEXTS[:3])
    io.write_vectors(tmp_path / "v.parquet", keys, matrix)
    read_keys, read_matrix = io.read_vectors(tmp_path / "v.parquet")
    pd.testing.assert_frame_equal(read_keys, keys, check_dtype=False)
    np.testing.assert_array_equal(read_matrix, matrix)
    as_frame = pd.read_parquet(tmp_path / "v.parquet")  # the per-row form still reads
    np.testing.assert_array_equal(np.vstack(as_frame["vector"]), matrix)

    io.write_vectors(tmp_path / "empty.parquet", keys.iloc[0:0], np.zeros((0, 0), np.float32))
    empty_keys, empty_matrix = io.read_vectors(tmp_path / "empty.parquet")
    assert empty_keys.empty and empty_matrix.shape == (0, 0)
