"""Stage — stakeholders: sentences + codebook -> the interests and mentions tables
(intermediate; shown as interests.csv and mentions.csv), the actor table
(actors.csv) and the discourse-network exports (dna_statements.csv, dna_events.csv,
actor_concept.graphml).

Per document and incremental, like annotate: a document's actors and interests are
cached under its sentence rows and their parses (annotate's, not parsed again here),
the stage params and the codebook fingerprint. The exports are rebuilt from all
documents' results (plus attributed definitions and framings when those stages ran).
Actors are resolved over the whole corpus (pipeline/tag/actors.py): every table and
export names the canonical actor.
"""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd

from pipeline import catalog, io
from pipeline.cache import Result
from pipeline.codebook import Codebook
from pipeline.learn.apply import PHRASE, RULES, decide_interests, fitted_for
from pipeline.learn.corrections import corpus_labels, override_interests
from pipeline.learn.features import (
    author_types,
    interest_feature_names,
    interest_pairs,
    interest_rows,
)
from pipeline.learn.taggers import load_taggers
from pipeline.params import StakeholdersParams
from pipeline.sources import code_version
from pipeline.stages.spec import CODEBOOK, CORPUS, TAGGERS, Out, Stage
from pipeline.tag import exports as exports_module
from pipeline.tag.actor_table import resolve_tables
from pipeline.tag.actors import Resolver, registry_actors
from pipeline.tag.exports import actor_concept_graph, dna_statements, graphml_bytes
from pipeline.tag.interest_phrase import interest_kind, readable_interest
from pipeline.tag.lexicon import build_lexicon, lexicon_for
from pipeline.tag.stage_runner import DocumentInput, sentence_parses, tag_documents
from pipeline.tag.stakeholders import INTEREST_COLUMNS, MENTION_COLUMNS, tag_stakeholders
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)

NAME = "stakeholders"
DECIDED_COLUMNS = [*INTEREST_COLUMNS, "interest_kind", "confidence", "method"]
#: interests.csv: each interest with its resolved actor (canonical; actor is the
#: mention as written), how sure the tagger is, what decided, and whether the parse
#: named what is wanted (phrase) or only the sentence says it (unspecified)
OUTPUT_COLUMNS = catalog.INTERESTS.column_names
MENTION_OUTPUT_COLUMNS = catalog.MENTIONS.column_names
#: the cache version follows the stage's code (pipeline.sources.code_version)
VERSION = code_version(__name__)


def stakeholders_one(work: DocumentInput, params: dict[str, Any]) -> Result:
    """One document's actors and interests, from its sentences and stored parses."""
    settings = StakeholdersParams.model_validate(params["stage"])
    lex = lexicon_for(work.codebook_path, params["codebook_fingerprint"])
    interests, mentions = tag_stakeholders(
        work.sentences, lex, sentence_parses(work, params),
        resolve_references=settings.resolve_references,
        purpose_clauses=settings.purpose_clauses,
        max_words=settings.max_interest_words,
    )  # fmt: skip
    return Result(tables={"interests": interests, "mentions": mentions})


def _concat(results: dict[str, Result], name: str, columns: list[str]) -> pd.DataFrame:
    frames = [r.tables[name] for r in results.values() if name in r.tables]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


def _optional(ws: Workspace, table: catalog.Table) -> pd.DataFrame | None:
    return table.read(ws.data_dir) if table.exists(ws.data_dir) else None


def decide(
    ws: Workspace, interests: pd.DataFrame, mentions: pd.DataFrame, codebook: Codebook
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The trained tagger's verdict on every (sentence, actor type) the rules found,
    where models/taggers has one; else the rules' interests as they are."""
    taggers = load_taggers(ws.params.taggers)
    tagger = fitted_for(
        taggers.get("interests") if taggers else None,
        interest_feature_names(list(codebook.actor_types)),
        "stakeholders",
        "the rules decide every interest (method = rules)",
    )
    if tagger is None or (interests.empty and mentions.empty):
        out = interests.assign(confidence=1.0, method=RULES, interest_kind=PHRASE)
        return out[DECIDED_COLUMNS], mentions
    sentences = catalog.SENTENCES.read(ws.data_dir, columns=["doc_id", "sent_id", "text"])
    documents = catalog.DOCUMENTS.read(ws.data_dir)
    authors = author_types(documents, build_lexicon(codebook))
    pairs = interest_pairs(interests, mentions, sentences, authors)
    rows = interest_rows(pairs, list(codebook.actor_types))
    probability = tagger.probabilities(rows)["yes"]
    out, mentions = decide_interests(
        interests, mentions, pairs, probability, ws.params.stakeholders.min_probability
    )
    return out[DECIDED_COLUMNS], mentions[MENTION_COLUMNS]


def readable(interests: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Interest phrases a reader can take on their own; fragments become "" and the
    row's interest_kind says unspecified (the sentence says what is wanted)."""
    lex = build_lexicon(codebook)
    out = interests.copy()
    out["interest"] = [readable_interest(p, lex) for p in out["interest"]]
    out["interest_kind"] = [interest_kind(p) for p in out["interest"]]
    return out


def resolve(
    codebook: Codebook,
    sentences: pd.DataFrame,
    interests: pd.DataFrame,
    mentions: pd.DataFrame,
    definitions: pd.DataFrame | None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None, pd.DataFrame]:
    """Interests, mentions and credited definitions with their canonical actor (a
    reference's antecedent for "they"), and the actor table over all three."""
    resolver = Resolver(registry_actors(codebook.actors), sentences)
    labels = {key: t.label for key, t in codebook.actor_types.items()}
    refers = interests["refers_to"].where(interests["refers_to"].astype(str).str.strip() != "")
    tables = {
        "interests": (interests.assign(_who=refers.fillna(interests["actor"])), "_who"),
        "mentions": (mentions, "actor"),
    }
    if definitions is not None and "attributed_to" in definitions:
        credited = definitions[definitions["attributed_to"].notna()]
        tables["definitions"] = (credited.assign(actor_type=None), "attributed_to")
    out, actors = resolve_tables(resolver, tables, labels)
    type_of = dict(zip(actors["canonical"], actors["type"], strict=True))
    credited = out.get("definitions")
    if credited is not None:
        credited = credited.assign(actor_type=credited["canonical"].map(type_of))
    return (
        out["interests"][OUTPUT_COLUMNS],
        out["mentions"][MENTION_OUTPUT_COLUMNS],
        credited,
        actors,
    )


def run(ws: Workspace) -> pd.DataFrame:
    results, codebook = tag_documents(ws, NAME, VERSION, stakeholders_one)
    interests = _concat(results, "interests", INTEREST_COLUMNS)
    mentions = _concat(results, "mentions", MENTION_COLUMNS)
    interests, mentions = decide(ws, interests, mentions, codebook)
    hand = corpus_labels(ws)
    if hand is not None:
        sentences = catalog.SENTENCES.read(
            ws.data_dir, columns=["doc_id", "sent_id", "page", "text"]
        )
        interests = override_interests(interests, hand, sentences)
    interests = readable(interests, codebook)
    texts = catalog.SENTENCES.read(ws.data_dir, columns=["doc_id", "sent_id", "text"])
    interests, mentions, credited, actors = resolve(
        codebook, texts, interests, mentions, _optional(ws, catalog.DEFINITIONS)
    )
    catalog.INTERESTS.write(ws, interests)
    catalog.MENTIONS.write(ws, mentions)
    catalog.INTERESTS_CSV.write(ws, interests)
    catalog.MENTIONS_CSV.write(ws, mentions)
    catalog.ACTORS_CSV.write(ws, actors)

    documents = catalog.DOCUMENTS.read(ws.data_dir)
    statements = dna_statements(
        interests, credited, documents, _optional(ws, catalog.FRAMINGS), build_lexicon(codebook)
    )
    catalog.DNA_STATEMENTS_CSV.write(ws, statements)
    spans = catalog.SENTENCES.read(ws.data_dir, columns=exports_module.SPAN_COLUMNS)
    events = exports_module.dna_events(statements, documents, spans)
    io.write_text(catalog.DNA_EVENTS_CSV.path(ws), events)
    graph = graphml_bytes(actor_concept_graph(statements))
    io.write_bytes(catalog.ACTOR_CONCEPT_GRAPHML.path(ws), graph)
    log.info(
        "stakeholders: %d interests, %d further mentions, %d actors, %d statements",
        len(interests), len(mentions), len(actors), len(statements),
    )  # fmt: skip
    return interests


STAGE = Stage(
    name=NAME,
    help="Find actors and the interests they hold.",
    run=run,
    inputs=(
        CORPUS,
        catalog.SENTENCES,
        catalog.PARSES,
        catalog.DOCUMENTS,
        catalog.DEFINITIONS,
        catalog.FRAMINGS,
        CODEBOOK,
        TAGGERS,
    ),
    outputs=(
        Out(catalog.INTERESTS),
        Out(catalog.MENTIONS),
        Out(catalog.INTERESTS_CSV),
        Out(catalog.MENTIONS_CSV),
        Out(catalog.DNA_STATEMENTS_CSV),
        Out(catalog.DNA_EVENTS_CSV),
        Out(catalog.ACTORS_CSV),
        Out(catalog.ACTOR_CONCEPT_GRAPHML),
    ),
    params=("codebook", "taggers", "stakeholders"),
)
