"""DNA statement list and actor x concept network."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd

from pipeline.codebook import load_codebook
from pipeline.tag.exports import actor_concept_graph, dna_statements, graphml_bytes
from pipeline.tag.lexicon import build_lexicon

CODEBOOK = Path(__file__).resolve().parents[1] / "models" / "codebook.yaml"


def _statements() -> pd.DataFrame:
    lex = build_lexicon(load_codebook(CODEBOOK))
    interests = pd.DataFrame(
        {
            "doc_id": ["d", "d", "d", "d"],
            "sent_id": [0, 1, 2, 3],
            "text": [
                "Donors back sustainable reintegration programmes.",
                "The donors oppose forced return.",
                "Donors say little.",
                "The Donors fund schools.",
            ],
            "actor": ["Donors", "The donors", "Donors", "The Donors"],
            "actor_type": ["donor"] * 4,
            "interest": ["programmes", "forced return", "", "schools"],
            "stance": ["support", "oppose", "neutral", "support"],
        }
    )
    definitions = pd.DataFrame(
        {
            "doc_id": ["d"],
            "sent_id": [5],
            "text": ["The Agency defines sustainable return as staying by choice."],
            "definiens": ["staying by choice"],
            "attributed_to": ["The Agency"],
        }
    )
    documents = pd.DataFrame(
        {"doc_id": ["d"], "file": ["d.pdf"], "year": [2019], "organisation": [None]}
    )
    framings = pd.DataFrame({"doc_id": ["d"], "sent_id": [3], "framing": ["development"]})
    return dna_statements(interests, definitions, documents, framings, lex)


def test_dna_statements() -> None:
    statements = _statements()
    assert len(statements) == 4  # the neutral interest carries no agreement
    assert set(statements["date"]) == {"2019-01-01"}
    by_sent = statements.set_index("sent_id")
    assert by_sent.loc[0, "concept"] == "sustainable reintegration"
    assert by_sent.loc[1, "concept"] == "return and reintegration"
    assert by_sent.loc[1, "agreement"] == 0
    assert by_sent.loc[3, "concept"] == "framing: development"
    assert by_sent.loc[5, "kind"] == "definition"


def test_two_mode_network() -> None:
    graph = actor_concept_graph(_statements())
    assert nx.is_bipartite(graph)
    donors = graph.nodes["actor:donors"]  # case and article folded into one actor
    assert (donors["type"], donors["bipartite"], donors["actor_type"]) == ("actor", 0, "donor")
    edge = graph.edges["actor:donors", "concept:return and reintegration"]
    assert (edge["weight"], edge["agree"], edge["disagree"]) == (1, 0, 1)
    assert graphml_bytes(graph) == graphml_bytes(actor_concept_graph(_statements()))
