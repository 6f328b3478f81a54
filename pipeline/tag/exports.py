"""Exports for discourse-network analysis.

- A statement list in the layout Discourse Network Analyzer (DNA) imports: one row
  per statement with date, organisation (the resolved actor: its canonical
  name, see pipeline/tag/actors.py), concept, agreement (1 support,
  0 oppose), the statement text, and where it comes from (doc_id, sent_id). Interests
  with a support or oppose stance are statements about what the actor wants;
  attributed definitions are statements in which the credited actor endorses a
  reading of the concept. Neutral interests carry no agreement and are left out.
- The same statements as a DNA 3 event list (`dna_events`): the layout DNA 3 and
  rDNA use to import and export statements, with the variables of DNA's classic
  "DNA Statement" type (organization, concept, agreement) plus actor_type.
- The actor x concept two-mode network (networkx, GraphML): nodes typed actor or
  concept with a `bipartite` attribute (0 actors, 1 concepts); an edge's weight is
  the number of statements linking the two, split into agree / disagree counts.

The statement's concept is the codebook concept when the sentence names it, else
the sentence's framing (when the framing model gave one), else the codebook's
name for its related terms (`concept.related_name`) when the sentence names one,
else "other".

The event list is `;`-separated UTF-8 text, one statement per line, with no quoting:
inside a field `;` becomes `,`, `"` becomes `'` and a line break becomes a space (each
replacement keeps the length, so a sentence's text still spans start_position to
stop_position). `time` is `yyyy-MM-dd HH:mm:ss`; a document known only by its year is
placed at the year's first second. Statements whose document has no year are left out
of the event list (DNA places every statement in time; they stay in dna_statements).
Agreement is 1 or 0 only: the statement list already leaves neutral interests out.
"""

from __future__ import annotations

import io as _io
import logging
import re
from typing import Any

import networkx as nx
import pandas as pd

from pipeline.tag.actors import actor_key
from pipeline.tag.lexicon import Lexicon

log = logging.getLogger(__name__)

DNA_COLUMNS = [
    "date", "organisation", "actor_type", "concept", "agreement", "text", "interest",
    "kind", "doc_id", "sent_id", "document", "document_organisation",
]  # fmt: skip
#: DNA 3's event-list columns, with our statement variables between time and start_position
DNA_EVENT_VARIABLES = ["organization", "concept", "agreement", "actor_type"]
DNA_EVENT_COLUMNS = [
    "statement_id", "time", *DNA_EVENT_VARIABLES, "start_position", "stop_position", "text",
    "coder", "document_id", "document_title", "document_author", "document_source",
    "document_section", "document_type",
]  # fmt: skip
#: the sentence columns dna_events reads for character positions
SPAN_COLUMNS = ["doc_id", "sent_id", "start_char", "end_char"]
DNA_CODER = 1


def statement_concept(text: str, lex: Lexicon, framing: str | None) -> str:
    if lex.concept_mentions(text):
        return lex.codebook.concept.name
    if framing and framing != "none":
        return f"framing: {framing}"
    related = lex.codebook.concept.related_terms
    if any(re.search(r"\b" + re.escape(term) + r"\b", text, re.IGNORECASE) for term in related):
        return lex.codebook.concept.related_label
    return "other"


def _organisation(row: Any) -> str:
    """The resolved actor; without one, a reference ("they") stands for its
    antecedent in the statement list."""
    canonical = getattr(row, "canonical", None)
    if isinstance(canonical, str) and canonical:
        return canonical
    refers_to = getattr(row, "refers_to", None)
    if isinstance(refers_to, str) and refers_to:
        return refers_to
    return str(getattr(row, "actor", None) or row.attributed_to)


def dna_statements(
    interests: pd.DataFrame,
    definitions: pd.DataFrame | None,
    documents: pd.DataFrame,
    framings: pd.DataFrame | None,
    lex: Lexicon,
) -> pd.DataFrame:
    docs = documents.drop_duplicates("doc_id").set_index("doc_id")
    frame_of: dict[tuple[str, int], str] = {}
    if framings is not None and not framings.empty:
        for doc_id, sent_id, framing in framings[["doc_id", "sent_id", "framing"]].itertuples(
            index=False
        ):
            frame_of[(str(doc_id), int(sent_id))] = str(framing)
    rows: list[dict[str, Any]] = []

    # one dict per document, built once: a row lookup per statement is slow on
    # corpora with thousands of statements
    fields_of: dict[str, dict[str, Any]] = {}
    for doc_id, doc in zip(docs.index, docs.to_dict("records"), strict=True):
        year, organisation = doc.get("year"), doc.get("organisation")
        fields_of[str(doc_id)] = {
            "date": "" if year is None or pd.isna(year) else f"{int(year)}-01-01",
            "document": str(doc.get("file") or ""),
            "document_organisation": "" if pd.isna(organisation) else str(organisation),
        }
    no_document = {"date": "", "document": "", "document_organisation": ""}

    def document_fields(doc_id: str) -> dict[str, Any]:
        return fields_of.get(doc_id, no_document)

    for row in interests.itertuples(index=False):
        if row.stance not in ("support", "oppose"):
            continue
        key = (str(row.doc_id), int(row.sent_id))
        rows.append(
            document_fields(str(row.doc_id)) | {
                "organisation": _organisation(row), "actor_type": row.actor_type,
                "concept": statement_concept(str(row.text), lex, frame_of.get(key)),
                "agreement": 1 if row.stance == "support" else 0, "text": row.text,
                "interest": row.interest, "kind": "interest", "doc_id": row.doc_id,
                "sent_id": int(row.sent_id),
            }
        )  # fmt: skip
    if definitions is not None:
        for row in definitions.itertuples(index=False):
            if row.attributed_to is None or pd.isna(row.attributed_to):
                continue
            actor_type = getattr(row, "actor_type", None)
            rows.append(
                document_fields(str(row.doc_id)) | {
                    "organisation": _organisation(row),
                    "actor_type": actor_type if isinstance(actor_type, str) else "",
                    "concept": lex.codebook.concept.name, "agreement": 1, "text": row.text,
                    "interest": row.definiens, "kind": "definition", "doc_id": row.doc_id,
                    "sent_id": int(row.sent_id),
                }
            )  # fmt: skip
    frame = pd.DataFrame(rows, columns=DNA_COLUMNS)
    frame = frame.sort_values(["doc_id", "sent_id", "kind", "organisation", "concept"])
    return frame.reset_index(drop=True)


def actor_concept_graph(statements: pd.DataFrame) -> nx.Graph:
    """Two-mode actor x concept network from DNA statements."""
    graph = nx.Graph(name="actor x concept")
    if statements.empty:
        return graph
    work = statements.assign(actor=statements["organisation"].map(actor_key))
    labels = (
        work.groupby("actor")["organisation"]
        .agg(lambda s: s.value_counts().sort_index().idxmax())
        .to_dict()
    )
    types = (
        work[work["actor_type"].astype(str) != ""]
        .groupby("actor")["actor_type"]
        .agg(lambda s: s.value_counts().sort_index().idxmax())
        .to_dict()
    )
    for actor in sorted(work["actor"].unique()):
        graph.add_node(
            f"actor:{actor}", label=str(labels[actor]), type="actor", bipartite=0,
            actor_type=str(types.get(actor, "")),
        )  # fmt: skip
    for concept in sorted(work["concept"].unique()):
        graph.add_node(f"concept:{concept}", label=str(concept), type="concept", bipartite=1)
    grouped = work.groupby(["actor", "concept"], sort=True)["agreement"]
    for (actor, concept), agreement in grouped:
        agree = int((agreement == 1).sum())
        disagree = int((agreement == 0).sum())
        graph.add_edge(
            f"actor:{actor}", f"concept:{concept}", weight=agree + disagree, agree=agree,
            disagree=disagree, agreement=round(agree / (agree + disagree), 4),
        )  # fmt: skip
    return graph


def graphml_bytes(graph: nx.Graph) -> bytes:
    buffer = _io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


#: characters str.splitlines breaks at; each becomes one space in an event-list field
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_EVENT_FIELD = str.maketrans({";": ",", '"': "'"} | dict.fromkeys(_LINE_BREAKS, " "))


def _event_field(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).translate(_EVENT_FIELD)


def _position(value: Any) -> str:
    return "" if value is None or pd.isna(value) else str(int(value))


def dna_events(
    statements: pd.DataFrame, documents: pd.DataFrame, sentences: pd.DataFrame | None = None
) -> str:
    """The statements (as `dna_statements` returns them) as a DNA 3 event list.

    `sentences` (at least SPAN_COLUMNS) gives start_position/stop_position, the
    sentence's character offsets in the document text; without it they are empty.
    Rows are numbered 1..n in order of time, document, sentence, kind, organisation,
    concept, agreement, interest and text, so the same tables give the same bytes.
    """
    dated = statements[statements["date"].fillna("").astype(str) != ""]
    if len(dated) < len(statements):
        log.warning(
            "dna_events: %d statements from documents without a year left out",
            len(statements) - len(dated),
        )
    order = ["date", "doc_id", "sent_id", "kind", "organisation", "concept", "agreement"]
    order += ["interest", "text"]
    numeric = ("sent_id", "agreement")
    work = dated.assign(**{key: dated[key].astype(str) for key in order if key not in numeric})
    work = work.sort_values(order, kind="mergesort").reset_index(drop=True)

    spans: dict[tuple[str, int], tuple[Any, Any]] = {}
    if sentences is not None:
        for doc_id, sent_id, start, end in sentences[SPAN_COLUMNS].itertuples(index=False):
            spans[(str(doc_id), int(sent_id))] = (start, end)
    docs = documents.drop_duplicates("doc_id").set_index("doc_id")
    doc_fields: dict[str, list[str]] = {}
    for doc_id, doc in zip(docs.index, docs.to_dict("records"), strict=True):
        doc_fields[str(doc_id)] = [
            _event_field(doc_id), *(
                _event_field(doc.get(column))
                for column in ("title", "authors", "url", "section", "kind")
            ),
        ]  # fmt: skip

    lines = [";".join(DNA_EVENT_COLUMNS)]
    for number, row in enumerate(work.itertuples(index=False), start=1):
        start, stop = spans.get((row.doc_id, int(row.sent_id)), (None, None))
        document = doc_fields.get(row.doc_id, [_event_field(row.doc_id), "", "", "", "", ""])
        fields = [
            str(number), f"{row.date} 00:00:00", _event_field(row.organisation),
            _event_field(row.concept), str(int(row.agreement)), _event_field(row.actor_type),
            _position(start), _position(stop), _event_field(row.text), str(DNA_CODER), *document,
        ]  # fmt: skip
        lines.append(";".join(fields))
    return "\n".join(lines) + "\n"
