"""The embed and framings stages on a small corpus of hand-written sentences:
outputs, byte-identical re-runs, incremental embedding, and documents that do not
disturb each other."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest

from pipeline import catalog, io
from pipeline.params import Params
from pipeline.stages import embed, framings
from pipeline.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]

DOCS = {
    "d1": [
        "This note reviews assisted return from three European countries.",
        "Success is measured by whether returnees stay at home and do not attempt to "
        "migrate again.",
        "Return assistance is used to deter irregular migration to Europe.",
        "The weather in spring was mild.",
        "In 2016 about 2,000 people returned with a grant.",
        "Schools reopened in the autumn.",
        "The harvest in the north was late.",
    ],
    "d2": [
        "Sustainable reintegration means returnees can make any further migration a "
        "matter of choice rather than necessity.",
        "Returnees should have access to regular labour migration channels.",
        "Returnees reach economic self-sufficiency and psychosocial well-being.",
        "Flights for returnees left every Tuesday.",
    ],
    "d3": [
        "Reintegration supports reconstruction and reconciliation after the war.",
        "Returnees receive counselling, housing and help to find an income.",
        "The office registered each returnee's address.",
    ],
}
NEW_DOC = {
    "d0": [
        "Return is not the end of the migration cycle; circular migration is welcome.",
        "The returnee database was moved to a new server.",
    ]
}


def write_corpus(data: Path, docs: dict[str, list[str]]) -> None:
    sentences = pd.DataFrame(
        [
            {
                "doc_id": doc, "sent_id": i, "page": 1, "block_kind": "body", "section": None,
                "text": text, "start_char": 0, "end_char": len(text),
            }
            for doc, texts in docs.items()
            for i, text in enumerate(texts)
        ]
    )  # fmt: skip
    documents = pd.DataFrame(
        {"doc_id": list(docs), "file": [f"{d}.txt" for d in docs], "year": [2015] * len(docs)}
    )
    io.write_parquet(data / catalog.SENTENCES.file, sentences)
    io.write_parquet(data / catalog.DOCUMENTS.file, documents)


def workspace(root: Path, cache: Path) -> Workspace:
    params = Params(codebook=str(REPO / "models" / "codebook.yaml"))
    return Workspace(
        corpus_dir=root, data_dir=root / "data", reports_dir=root / "reports",
        cache_dir=cache, params=params, progress=False,
    )  # fmt: skip


OUTPUTS = [
    f"{'reports' if table.user_facing else 'data'}/{table.file}"
    for stage in (embed.STAGE, framings.STAGE)
    for table in (out.target for out in stage.outputs)
]


def run_both(ws: Workspace) -> None:
    embed.run(ws)
    framings.run(ws)


@pytest.fixture(scope="module")
def first_run(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("corpus")
    cache = tmp_path_factory.mktemp("cache")
    write_corpus(root / "data", DOCS)
    run_both(workspace(root, cache))
    return root, cache


def test_outputs_have_the_contract_columns(first_run) -> None:
    root, _ = first_run
    emb = pd.read_parquet(root / "data" / catalog.EMBEDDINGS.file)
    assert list(emb.columns) == ["doc_id", "sent_id", "vector"]
    assert all(len(v) == 384 for v in emb["vector"])
    framed = set(pd.read_parquet(root / "data" / catalog.FRAMINGS.file)["text"])
    # no concept term, but next to a sentence with one: a candidate (embed.context 1)
    assert {"The weather in spring was mild.", "Schools reopened in the autumn."} <= framed
    # two sentences away from any concept term: not a candidate
    assert "The harvest in the north was late." not in framed
    table = pd.read_csv(root / "reports" / catalog.FRAMINGS_CSV.file)
    for column in ["doc_id", "sent_id", "text", "framing", "axis", "cluster", "cluster_label"]:
        assert column in table.columns
    for key in ["prevention", "choice", "development", "wellbeing"]:
        assert f"score_{key}" in table.columns
    by_text = table.set_index("text")["framing"]
    assert by_text[DOCS["d1"][2]] == "prevention"
    assert by_text[DOCS["d2"][0]] == "choice"
    assert by_text[DOCS["d3"][0]] == "development"
    explained = table["framing"] != "none"
    assert (table.loc[explained, "cluster"] == -1).all()
    assert (table.loc[~explained, "cluster"] >= 0).all()
    profiles = pd.read_csv(root / "reports/document_framings.csv").set_index("doc_id")
    assert profiles.loc["d1", "axis_mean"] < 0 < profiles.loc["d2", "axis_mean"]


def test_rerun_is_byte_identical_and_embeds_nothing(first_run, tmp_path, caplog) -> None:
    root, cache = first_run
    before = {name: (root / name).read_bytes() for name in OUTPUTS}
    # a fresh copy with a fresh cache gives the same bytes too
    fresh = tmp_path / "fresh"
    write_corpus(fresh / "data", DOCS)
    run_both(workspace(fresh, tmp_path / "cache"))
    with caplog.at_level(logging.INFO):
        run_both(workspace(root, cache))
    assert "0 embedded now" in caplog.text
    for name in OUTPUTS:
        assert (root / name).read_bytes() == before[name], name
        assert (fresh / name).read_bytes() == before[name], name


def test_adding_a_document_leaves_other_documents_rows_alone(first_run, tmp_path, caplog) -> None:
    root, cache = first_run
    old = pd.read_parquet(root / "data" / catalog.FRAMINGS.file)
    old_profiles = pd.read_csv(root / "reports/document_framings.csv")
    grown = tmp_path / "grown"
    write_corpus(grown / "data", {**NEW_DOC, **DOCS})
    with caplog.at_level(logging.INFO):
        run_both(workspace(grown, cache))
    assert "2 embedded now" in caplog.text  # only the new document's candidates
    new = pd.read_parquet(grown / "data/framings.parquet")
    per_sentence = [c for c in old.columns if c not in ("cluster", "cluster_label")]
    kept = new[new["doc_id"] != "d0"].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept[per_sentence], old[per_sentence])
    assert new.loc[new["doc_id"] == "d0", "framing"].iloc[0] == "choice"
    new_profiles = pd.read_csv(grown / "reports/document_framings.csv")
    per_doc = [c for c in old_profiles.columns if not c.startswith("profile_")]
    kept_profiles = new_profiles[new_profiles["doc_id"] != "d0"].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept_profiles[per_doc], old_profiles[per_doc])


def test_empty_corpus_writes_empty_tables(tmp_path) -> None:
    write_corpus(tmp_path / "data", {"d9": ["The weather in spring was mild."]})
    run_both(workspace(tmp_path, tmp_path / "cache"))
    assert pd.read_parquet(tmp_path / "data/framings.parquet").empty
    assert (tmp_path / "reports/document_framings.csv").exists()
