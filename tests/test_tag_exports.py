"""DNA statement list, DNA 3 event list and actor x concept network."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pandas as pd

from pipeline import io
from pipeline.codebook import load_codebook
from pipeline.tag.exports import actor_concept_graph, dna_events, dna_statements, graphml_bytes
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
    donors = graph.nodes["actor:donor"]  # case, article and plural folded into one actor
    assert (donors["type"], donors["bipartite"], donors["actor_type"]) == ("actor", 0, "donor")
    edge = graph.edges["actor:donor", "concept:return and reintegration"]
    assert (edge["weight"], edge["agree"], edge["disagree"]) == (1, 0, 1)
    assert graphml_bytes(graph) == graphml_bytes(actor_concept_graph(_statements()))


# DNA 3's event-list header with this project's statement variables
EVENT_HEADER = (
    "statement_id;time;organization;concept;agreement;actor_type;start_position;"
    "stop_position;text;coder;document_id;document_title;document_author;document_source;"
    "document_section;document_type"
).split(";")
TIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
SENTENCES = [
    'Donors support "sustainable reintegration"; they fund training.',
    "Host countries oppose forced return.",
    "Les bailleurs soutiennent la réintégration durable à Niamey – über alles.",
    "Donors say little.",
]
DOC_TEXT = "Title page\n\n" + "\n\n".join(SENTENCES)


def _event_tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Statements, documents and sentence spans of one document (plus one undated)."""
    lex = build_lexicon(load_codebook(CODEBOOK))
    starts = [DOC_TEXT.index(text) for text in SENTENCES]
    sentences = pd.DataFrame(
        {
            "doc_id": ["d"] * 4,
            "sent_id": [0, 1, 2, 3],
            "text": SENTENCES,
            "start_char": starts,
            "end_char": [start + len(text) for start, text in zip(starts, SENTENCES, strict=True)],
        }
    )
    interests = pd.DataFrame(
        {
            "doc_id": ["d", "d", "d", "d", "u"],
            "sent_id": [0, 1, 2, 3, 0],
            "text": [*SENTENCES, "Donors back reintegration."],
            "actor": ["Donors", "Host countries", "Les bailleurs", "Donors", "Donors"],
            "actor_type": ["donor", "destination_state", "donor", "donor", "donor"],
            "interest": ["reintegration", "forced return", "réintégration", "", "reintegration"],
            "stance": ["support", "oppose", "support", "neutral", "support"],
        }
    )
    documents = pd.DataFrame(
        {
            "doc_id": ["d", "u"],
            "file": ["d.pdf", "u.txt"],
            "title": ['Return; the "new" approach', "Undated"],
            "authors": ["Agence française", None],
            "url": ["https://example.org/d.pdf", None],
            "year": pd.array([2021, None], dtype="Int64"),
            "kind": ["strategy", None],
            "organisation": [None, None],
        }
    )
    statements = dna_statements(interests, None, documents, None, lex)
    return statements, documents, sentences


def _parse(text: str) -> list[dict[str, str]]:
    """Read an event list the way DNA does: lines, `;` between fields, no quoting."""
    assert text.endswith("\n")
    lines = text.split("\n")[:-1]
    assert lines[0].split(";") == EVENT_HEADER
    rows = [line.split(";") for line in lines[1:]]
    assert all(len(fields) == len(EVENT_HEADER) for fields in rows)
    return [dict(zip(EVENT_HEADER, fields, strict=True)) for fields in rows]


def test_dna_events_follow_the_event_list_format(tmp_path: Path) -> None:
    statements, documents, sentences = _event_tables()
    path = tmp_path / "dna_events.csv"
    io.write_text(path, dna_events(statements, documents, sentences))
    rows = _parse(path.read_bytes().decode("utf-8"))

    # the neutral interest is no statement; the undated document's statement has no time
    assert [row["statement_id"] for row in rows] == ["1", "2", "3"]
    assert all(TIME.match(row["time"]) for row in rows)
    assert {row["time"] for row in rows} == {"2021-01-01 00:00:00"}
    assert {row["agreement"] for row in rows} == {"0", "1"}
    assert {row["coder"] for row in rows} == {"1"}
    first = rows[0]
    assert first["text"] == "Donors support 'sustainable reintegration', they fund training."
    assert (first["organization"], first["actor_type"]) == ("Donors", "donor")
    assert first["concept"] == "sustainable reintegration"
    assert first["document_id"] == "d"
    assert first["document_title"] == "Return, the 'new' approach"
    assert first["document_author"] == "Agence française"
    assert first["document_source"] == "https://example.org/d.pdf"
    assert (first["document_section"], first["document_type"]) == ("", "strategy")
    assert rows[1]["agreement"] == "0"
    assert rows[2]["text"] == SENTENCES[2]  # non-ASCII survives UTF-8
    assert rows[2]["organization"] == "Les bailleurs"


def test_dna_event_positions_slice_the_document_text() -> None:
    statements, documents, sentences = _event_tables()
    rows = _parse(dna_events(statements, documents, sentences))
    for row in rows:
        start, stop = int(row["start_position"]), int(row["stop_position"])
        span = DOC_TEXT[start:stop]
        assert span in SENTENCES
        assert span.replace(";", ",").replace('"', "'") == row["text"]


def test_dna_events_are_deterministic_and_need_no_spans() -> None:
    statements, documents, sentences = _event_tables()
    text = dna_events(statements, documents, sentences)
    shuffled = statements.sample(frac=1, random_state=3).reset_index(drop=True)
    assert dna_events(shuffled, documents, sentences.iloc[::-1]) == text
    rows = _parse(dna_events(statements, documents))
    assert {(row["start_position"], row["stop_position"]) for row in rows} == {("", "")}
    broken = statements.assign(text=statements["text"] + "\nsecond line\r")
    assert len(_parse(dna_events(broken, documents, sentences))) == 3
    assert _parse(dna_events(statements.iloc[0:0], documents)) == []
