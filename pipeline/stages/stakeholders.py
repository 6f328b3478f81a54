"""Stage — stakeholders: sentences + codebook -> interests.csv, mentions.csv and the
discourse-network exports (dna_statements.csv, actor_concept.graphml).

Per document and incremental, like annotate: a document's actors and interests are
cached under its sentence rows, the stage params, the codebook fingerprint and the
spaCy model. The exports are rebuilt from all documents' results (plus attributed
definitions and framings when those stages ran).
"""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd

from pipeline import io
from pipeline.cache import Result
from pipeline.codebook import Codebook
from pipeline.learn.apply import PHRASE, RULES, decide_interests
from pipeline.learn.corrections import corpus_labels, override_interests
from pipeline.learn.features import author_types, interest_pairs, interest_rows
from pipeline.learn.taggers import load_taggers
from pipeline.params import StakeholdersParams
from pipeline.sources import code_version
from pipeline.stages.spec import CODEBOOK, CORPUS, TAGGERS, Out, Stage, data, report
from pipeline.tag import exports as exports_module
from pipeline.tag.exports import actor_concept_graph, dna_statements, graphml_bytes
from pipeline.tag.lexicon import build_lexicon, lexicon_for, load_parser
from pipeline.tag.stage_runner import tag_documents
from pipeline.tag.stakeholders import INTEREST_COLUMNS, MENTION_COLUMNS, tag_stakeholders
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)

NAME = "stakeholders"
#: interests.csv: each interest with how sure the tagger is, what decided, and
#: whether the parse named what is wanted (phrase) or only the sentence says it
OUTPUT_COLUMNS = [*INTEREST_COLUMNS, "interest_kind", "confidence", "method"]
#: the cache version follows the stage's code (pipeline.sources.code_version)
VERSION = code_version(__name__)


def stakeholders_one(payload: tuple[pd.DataFrame, str], params: dict[str, Any]) -> Result:
    """One document; the codebook path rides in the payload, its fingerprint in the key."""
    rows, codebook_path = payload
    settings = StakeholdersParams.model_validate(params["stage"])
    lex = lexicon_for(codebook_path, params["codebook_fingerprint"])
    interests, mentions = tag_stakeholders(
        rows, lex, load_parser(settings.model),
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


def _optional(ws: Workspace, name: str) -> pd.DataFrame | None:
    path = ws.data(name)
    return io.read_parquet(path) if path.exists() else None


def decide(
    ws: Workspace, interests: pd.DataFrame, mentions: pd.DataFrame, codebook: Codebook
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The trained tagger's verdict on every (sentence, actor type) the rules found,
    where models/taggers has one; else the rules' interests as they are."""
    taggers = load_taggers(ws.params.taggers)
    tagger = taggers.get("interests") if taggers else None
    if tagger is None or (interests.empty and mentions.empty):
        out = interests.assign(confidence=1.0, method=RULES, interest_kind=PHRASE)
        return out[OUTPUT_COLUMNS], mentions
    sentences = io.read_parquet(ws.data("sentences.parquet"), columns=["doc_id", "sent_id", "text"])
    documents = io.read_parquet(ws.data("documents.parquet"))
    authors = author_types(documents, build_lexicon(codebook))
    pairs = interest_pairs(interests, mentions, sentences, authors)
    rows = interest_rows(pairs, list(codebook.actor_types))
    probability = tagger.probabilities(rows)["yes"]
    out, mentions = decide_interests(
        interests, mentions, pairs, probability, ws.params.stakeholders.min_probability
    )
    return out[OUTPUT_COLUMNS], mentions[MENTION_COLUMNS]


def run(ws: Workspace) -> pd.DataFrame:
    results, codebook = tag_documents(ws, NAME, VERSION, stakeholders_one)
    interests = _concat(results, "interests", INTEREST_COLUMNS)
    mentions = _concat(results, "mentions", MENTION_COLUMNS)
    interests, mentions = decide(ws, interests, mentions, codebook)
    hand = corpus_labels(ws)
    if hand is not None:
        sentences = io.read_parquet(
            ws.data("sentences.parquet"), columns=["doc_id", "sent_id", "page", "text"]
        )
        interests = override_interests(interests, hand, sentences)
    io.write_parquet(ws.data("interests.parquet"), interests)
    io.write_parquet(ws.data("mentions.parquet"), mentions)
    io.write_csv(ws.report("interests.csv"), interests)
    io.write_csv(ws.report("mentions.csv"), mentions)

    documents = io.read_parquet(ws.data("documents.parquet"))
    statements = dna_statements(
        interests, _optional(ws, "definitions.parquet"), documents,
        _optional(ws, "framings.parquet"), build_lexicon(codebook),
    )  # fmt: skip
    io.write_csv(ws.report("dna_statements.csv"), statements)
    spans = io.read_parquet(ws.data("sentences.parquet"), columns=exports_module.SPAN_COLUMNS)
    io.write_text(
        ws.report("dna_events.csv"), exports_module.dna_events(statements, documents, spans)
    )
    io.write_bytes(
        ws.report("actor_concept.graphml"), graphml_bytes(actor_concept_graph(statements))
    )
    log.info(
        "stakeholders: %d interests, %d further mentions, %d statements",
        len(interests), len(mentions), len(statements),
    )  # fmt: skip
    return interests


STAGE = Stage(
    name=NAME,
    help="Find actors and the interests they hold.",
    run=run,
    inputs=(
        CORPUS,
        data("sentences.parquet"),
        data("documents.parquet"),
        data("definitions.parquet"),
        data("framings.parquet"),
        CODEBOOK,
        TAGGERS,
    ),
    outputs=(
        Out(data("interests.parquet")),
        Out(data("mentions.parquet")),
        *(
            Out(report(name), cache=False)
            for name in (
                "interests.csv",
                "mentions.csv",
                "dna_statements.csv",
                "dna_events.csv",
                "actor_concept.graphml",
            )
        ),
    ),
    params=("codebook", "taggers", "stakeholders"),
)
