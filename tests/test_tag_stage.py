"""The definitions and stakeholders stages on a small corpus of text files:
outputs, exports, incremental re-runs and byte-identical results."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd

from pipeline import io
from pipeline.doctext import document_text
from pipeline.params import Params
from pipeline.stages.registry import get
from pipeline.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]

DOC_A = """Return and reintegration in three regions

Sustainable reintegration means that returnees have a regular income and feel safe
in their community.

Host countries want faster readmission of people without a residence permit.

Countries of origin, which need more funding for reception, reject forced returns
of their nationals.
"""

DOC_B = """A note on terms

The Regional Council (2016) defines sustainable return as the ability to stay
or to move again by choice.

Some officials asked what sustainable reintegration is?

Local authorities should support the new job centres for returnees.
"""

DOC_C = """Field notes

Diaspora associations seek investment in their home towns.
"""

STAGES = ["extract", "annotate", "definitions", "stakeholders"]


def _run(corpus: Path, out: Path) -> Workspace:
    # the rules alone: these tests pin the rule taggers' stage mechanics (the
    # trained decisions on top are tested in test_train and test_learn)
    params = Params(codebook=str(REPO / "models" / "codebook.yaml"), taggers=None)
    ws = Workspace.for_run(corpus, out, params)
    ws.progress = False
    for name in STAGES:
        get(name).run(ws)
    return ws


def _manifests(ws: Workspace, stage: str) -> set[Path]:
    return set((ws.cache_dir / stage).rglob("*.json"))


def test_stages_on_a_small_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(DOC_A, encoding="utf-8")
    (corpus / "b.txt").write_text(DOC_B, encoding="utf-8")
    out = tmp_path / "out"
    ws = _run(corpus, out)

    definitions = pd.read_csv(out / "definitions.csv")
    assert len(definitions) == 2
    by_text = {
        t.split()[0]: row
        for t, row in zip(definitions["text"], definitions.to_dict("records"), strict=True)
    }
    assert by_text["The"]["attributed_to"] == "The Regional Council"
    assert by_text["The"]["attributed_year"] == 2016
    assert set(definitions["framing"]) == {"none"}  # no framings table in this run
    assert "economic" in by_text["Sustainable"]["dimensions"]

    interests = pd.read_csv(out / "interests.csv")
    assert {("destination_state", "support"), ("origin_state", "oppose")} <= set(
        zip(interests["actor_type"], interests["stance"], strict=True)
    )
    mentions = pd.read_csv(out / "mentions.csv")
    assert "local_authority" in set(mentions["actor_type"])  # an obligation, not an interest

    statements = pd.read_csv(out / "dna_statements.csv")
    assert set(statements["agreement"]) <= {0, 1}
    assert {"date", "organisation", "concept", "agreement", "text", "doc_id", "sent_id"} <= set(
        statements.columns
    )
    # the event list holds the statements placed in time (b.txt's year is inferred from
    # its text, a.txt has none); its positions are offsets into the document text
    lines = (out / "dna_events.csv").read_text(encoding="utf-8").split("\n")
    events = [dict(zip(lines[0].split(";"), line.split(";"), strict=True)) for line in lines[1:-1]]
    assert len(events) == statements["date"].notna().sum() >= 1
    blocks = io.read_parquet(out / "data" / "blocks.parquet").sort_values("order")
    for event in events:
        text = document_text(blocks[blocks["doc_id"] == event["document_id"]])
        span = text[int(event["start_position"]) : int(event["stop_position"])]
        assert span.replace(";", ",").replace('"', "'") == event["text"]
    graph = nx.read_graphml(out / "actor_concept.graphml")
    kinds = nx.get_node_attributes(graph, "type")
    assert set(kinds.values()) == {"actor", "concept"}
    assert all(
        kinds[u] != kinds[v] and data["weight"] >= 1 for u, v, data in graph.edges(data=True)
    )

    # same inputs, same bytes; nothing recomputed
    before = {name: (out / name).read_bytes() for name in ("definitions.csv", "interests.csv")}
    cached = _manifests(ws, "definitions")
    _run(corpus, out)
    assert {name: (out / name).read_bytes() for name in before} == before
    assert _manifests(ws, "definitions") == cached

    # one more document: one more cache entry per stage
    (corpus / "c.txt").write_text(DOC_C, encoding="utf-8")
    _run(corpus, out)
    assert len(_manifests(ws, "definitions") - cached) == 1
    interests = io.read_parquet(out / "data" / "interests.parquet")
    assert "diaspora" in set(interests["actor_type"])


def test_join_framing_uses_framings_table() -> None:
    from pipeline.stages.definitions import join_framing
    from pipeline.tag.definitions import DEFINITION_COLUMNS

    definitions = pd.DataFrame(
        [{c: None for c in DEFINITION_COLUMNS} | {"doc_id": "d", "sent_id": s} for s in (1, 2)]
    )
    framings = pd.DataFrame({"doc_id": ["d"], "sent_id": [2], "framing": ["choice"]})
    joined = join_framing(definitions, framings)
    assert joined["framing"].tolist() == ["none", "choice"]
    assert join_framing(definitions, None)["framing"].tolist() == ["none", "none"]
