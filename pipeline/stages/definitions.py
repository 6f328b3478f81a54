"""Stage — definitions: sentences + codebook -> the definitions table (intermediate,
shown as definitions.csv).

Per document and incremental: a document's result is cached under its sentence rows
and their parses (annotate's, not parsed again here), the stage params and the
codebook fingerprint. Each definition's
framing is joined afterwards from data/framings.parquet (the framings stage runs
first); without it the framing is "none".
"""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd

from pipeline import catalog
from pipeline.cache import Result
from pipeline.learn.apply import RULES, TRAINED
from pipeline.learn.corrections import corpus_labels, override_definitions
from pipeline.learn.features import definition_rows
from pipeline.learn.taggers import load_taggers
from pipeline.params import DefinitionsParams
from pipeline.sources import code_version
from pipeline.stages.spec import CODEBOOK, CORPUS, TAGGERS, Out, Stage
from pipeline.tag.actor_table import resolve_tables
from pipeline.tag.actors import Resolver, registry_actors, split_citation
from pipeline.tag.definitions import CANDIDATE_COLUMNS, DEFINITION_COLUMNS, tag_definitions
from pipeline.tag.lexicon import lexicon_for
from pipeline.tag.stage_runner import DocumentInput, sentence_parses, tag_documents
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)

NAME = "definitions"
#: definitions.csv: every definition with how sure the tagger is and what decided;
#: defined_by is the resolved actor (the credited one, else the document's
#: organisation), attributed_to the name as the sentence gives it, without its year
OUTPUT_COLUMNS = catalog.DEFINITIONS.column_names
#: the cache version follows the stage's code (pipeline.sources.code_version)
VERSION = code_version(__name__)


def definitions_one(work: DocumentInput, params: dict[str, Any]) -> Result:
    """One document's candidates, from its sentences and their stored parses."""
    settings = DefinitionsParams.model_validate(params["stage"])
    lex = lexicon_for(work.codebook_path, params["codebook_fingerprint"])
    table = tag_definitions(
        work.sentences, lex, sentence_parses(work, params), settings.min_score,
        settings.anaphor_window, keep_candidates=True,
    )  # fmt: skip
    return Result(tables={"definitions": table})


def join_framing(definitions: pd.DataFrame, framings: pd.DataFrame | None) -> pd.DataFrame:
    """Each definition's framing from the framing model; "none" when the sentence was
    not a framing candidate or framings are not available."""
    out = definitions.drop(columns=["framing"])
    if framings is None or framings.empty or "framing" not in framings:
        out["framing"] = "none"
    else:
        keys = framings[["doc_id", "sent_id", "framing"]].drop_duplicates(["doc_id", "sent_id"])
        keys = keys.astype({"sent_id": "int64"})
        out = out.merge(keys, on=["doc_id", "sent_id"], how="left")
        out["framing"] = out["framing"].fillna("none").astype(str)
    return out[[c for c in OUTPUT_COLUMNS if c in out.columns]]


def credit(
    definitions: pd.DataFrame, resolver: Resolver, documents: pd.DataFrame | None
) -> pd.DataFrame:
    """attributed_to without a citation year (the year goes to attributed_year when
    it has none) and defined_by, the actor the definition is credited to: the
    resolved attributed_to, else the document's organisation, resolved."""
    out = definitions.copy()
    split = [
        split_citation(w) if isinstance(w, str) and w.strip() else (None, None)
        for w in out["attributed_to"]
    ]
    out["attributed_to"] = pd.Series([w for w, _ in split], index=out.index, dtype="object")
    cited = pd.array([y for _, y in split], dtype="Int64")
    out["attributed_year"] = (
        out["attributed_year"].astype("Int64").fillna(pd.Series(cited, index=out.index))
    )
    organisation: dict[str, str] = {}
    if documents is not None and "organisation" in documents:
        for doc_id, org in documents[["doc_id", "organisation"]].itertuples(index=False):
            if isinstance(org, str) and org.strip():
                organisation[str(doc_id)] = org.strip()
    who = out["attributed_to"].where(
        out["attributed_to"].notna(), out["doc_id"].astype(str).map(organisation)
    )
    named = out.assign(_who=who)[who.notna()]
    resolved, _ = resolve_tables(resolver, {"definitions": (named, "_who")})
    out["defined_by"] = resolved["definitions"]["canonical"].reindex(out.index)
    out["defined_by"] = out["defined_by"].astype("object").where(out["defined_by"].notna(), None)
    return out[[c for c in OUTPUT_COLUMNS if c in out.columns]]


def decide(candidates: pd.DataFrame, ws: Workspace, settings: DefinitionsParams) -> pd.DataFrame:
    """The candidates that are definitions, with their confidence: the trained
    scorer's calibrated probability where models/taggers has one, else the rules'
    evidence score against min_score."""
    taggers = load_taggers(ws.params.taggers)
    scorer = taggers.get("definitions") if taggers else None
    if scorer is None or candidates.empty:
        kept = candidates[candidates["rule_score"] >= settings.min_score].copy()
        kept["confidence"] = kept["rule_score"]
        kept["method"] = RULES
    else:
        probability = scorer.probabilities(definition_rows(candidates))["yes"]
        kept = candidates.assign(confidence=probability, score=probability)
        kept = kept[kept["confidence"] >= settings.min_probability].copy()
        kept["method"] = TRAINED
    return kept[[c for c in OUTPUT_COLUMNS if c != "defined_by"]]


def run(ws: Workspace) -> pd.DataFrame:
    results, codebook = tag_documents(ws, NAME, VERSION, definitions_one)
    frames = [r.tables["definitions"] for r in results.values() if "definitions" in r.tables]
    frames = [f for f in frames if not f.empty]
    candidates = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=[*DEFINITION_COLUMNS, *CANDIDATE_COLUMNS])
    )
    table = decide(candidates, ws, ws.params.definitions)
    hand = corpus_labels(ws)
    if hand is not None:
        sentences = catalog.SENTENCES.read(
            ws.data_dir, columns=["doc_id", "sent_id", "page", "text"]
        )
        table = override_definitions(table, hand, sentences)
    data = ws.data_dir
    framings = catalog.FRAMINGS.read(data) if catalog.FRAMINGS.exists(data) else None
    table = join_framing(table, framings)
    sentences = catalog.SENTENCES.read(data, columns=["doc_id", "sent_id", "text"])
    documents = catalog.DOCUMENTS.read(data) if catalog.DOCUMENTS.exists(data) else None
    resolver = Resolver(registry_actors(codebook.actors), sentences)
    table = credit(table, resolver, documents)
    table = table.sort_values(["doc_id", "sent_id"]).reset_index(drop=True)
    catalog.DEFINITIONS.write(ws, table)
    catalog.DEFINITIONS_CSV.write(ws, table)
    log.info("definitions: %d definitions in %d documents", len(table), table["doc_id"].nunique())
    return table


STAGE = Stage(
    name=NAME,
    help="Find sentences defining the concept.",
    run=run,
    inputs=(
        CORPUS,
        catalog.DOCUMENTS,
        catalog.SENTENCES,
        catalog.PARSES,
        catalog.FRAMINGS,
        CODEBOOK,
        TAGGERS,
    ),
    outputs=(Out(catalog.DEFINITIONS), Out(catalog.DEFINITIONS_CSV)),
    params=("codebook", "taggers", "definitions"),
)
