"""Document framing profiles: shares, axis intervals, dominant framing, clustering."""

import numpy as np
import pandas as pd
import pytest

from pipeline.frame.profile import bootstrap_ci, document_profiles

KEYS = ["prevention", "choice", "development", "wellbeing"]


def rows(doc_id: str, framings: list[str], axes: list[float]) -> list[dict]:
    return [
        {"doc_id": doc_id, "sent_id": i, "framing": f, "axis": a}
        for i, (f, a) in enumerate(zip(framings, axes, strict=True))
    ]


@pytest.fixture
def framings() -> pd.DataFrame:
    return pd.DataFrame(
        rows("a", ["prevention"] * 4 + ["none"] * 4, [-0.9, -0.8, -1.0, -0.7, 0, 0, 0, 0])
        + rows("b", ["prevention"] * 3 + ["wellbeing"], [-0.6, -0.9, -1.0, 0.0])
        + rows("c", ["choice"] * 3 + ["wellbeing", "none"], [0.8, 0.9, 1.0, 0.1, 0.0])
        + rows("d", ["choice", "choice", "development"], [0.7, 1.0, 0.0])
        + rows("e", ["none", "none"], [0.0, 0.0])
    )


def test_shares_counts_axis_and_dominant(framings: pd.DataFrame) -> None:
    table = document_profiles(framings, KEYS, resamples=500, seed=1).set_index("doc_id")
    a = table.loc["a"]
    assert a["n_candidates"] == 8 and a["n_prevention"] == 4 and a["n_none"] == 4
    assert a["share_prevention"] == pytest.approx(0.5) and a["share_none"] == pytest.approx(0.5)
    assert a["axis_mean"] == pytest.approx(-0.85)  # over framed sentences only
    assert a["axis_ci_low"] <= a["axis_mean"] <= a["axis_ci_high"]
    assert a["dominant_framing"] == "prevention"
    assert table.loc["c", "dominant_framing"] == "choice"
    assert table.loc["c", "axis_mean"] > 0.5
    e = table.loc["e"]
    assert e["dominant_framing"] == "none" and np.isnan(e["axis_mean"])
    share_columns = [f"share_{k}" for k in [*KEYS, "none"]]
    assert np.allclose(table[share_columns].sum(axis=1), 1.0)


def test_documents_with_alike_profiles_cluster_together(framings: pd.DataFrame) -> None:
    table = document_profiles(framings, KEYS, n_clusters=3).set_index("doc_id")
    cluster = table["profile_cluster"]
    assert cluster["a"] == cluster["b"]
    assert cluster["c"] == cluster["d"]
    assert cluster["a"] != cluster["c"]
    order = table["profile_order"]
    assert sorted(order) == list(range(len(table)))
    assert abs(order["a"] - order["b"]) == 1 and abs(order["c"] - order["d"]) == 1


def test_a_documents_row_does_not_depend_on_the_others(framings: pd.DataFrame) -> None:
    full = document_profiles(framings, KEYS, seed=4).set_index("doc_id")
    alone = document_profiles(framings[framings["doc_id"] == "c"], KEYS, seed=4)
    alone = alone.set_index("doc_id")
    per_doc = [c for c in full.columns if not c.startswith("profile_")]
    pd.testing.assert_series_equal(full.loc["c", per_doc], alone.loc["c", per_doc])


def test_metadata_is_joined_and_output_is_deterministic(framings: pd.DataFrame) -> None:
    documents = pd.DataFrame(
        {"doc_id": list("abcde"), "file": [f"{x}.pdf" for x in "abcde"], "year": range(2001, 2006)}
    )
    first = document_profiles(framings, KEYS, documents)
    second = document_profiles(framings.sample(frac=1, random_state=2), KEYS, documents)
    assert list(first.columns[:3]) == ["doc_id", "file", "year"]
    pd.testing.assert_frame_equal(first, second)


def test_bootstrap_interval_narrows_with_more_evidence() -> None:
    rng = np.random.default_rng(0)
    small = rng.normal(0.2, 0.5, 5)
    large = rng.normal(0.2, 0.5, 200)
    low_s, high_s = bootstrap_ci(small, 1000, 0)
    low_l, high_l = bootstrap_ci(large, 1000, 0)
    assert high_l - low_l < high_s - low_s
    assert bootstrap_ci(np.array([0.4]), 1000, 0) == (0.4, 0.4)
