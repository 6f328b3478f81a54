"""Stage — embed: candidate sentences -> embeddings (an intermediate table).

Candidates are the sentences that name the concept or a related term
(`pipeline.concept.candidate_pattern`).
The codebook's framing phrases and concept terms are embedded here as well, so
the framings stage needs no model.
Their vectors come through the per-sentence store under the cache folder, so the
work is incremental at the finest grain: a run embeds only sentences (by text and
model) never embedded before, whichever document they come from, and batches them
across documents.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from pipeline import catalog, io
from pipeline.codebook import Codebook, load_codebook
from pipeline.concept import candidate_pattern
from pipeline.frame.candidates import candidate_sentences
from pipeline.frame.embed import EmbeddingStore, embed_texts, make_encoder, model_id
from pipeline.frame.model import concept_texts, prototype_texts
from pipeline.params import EmbedParams
from pipeline.stages.spec import CODEBOOK, Out, Stage
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)

NAME = "embed"
EMBEDDING_COLUMNS = catalog.EMBEDDINGS.column_names


def store_for(ws: Workspace, params: EmbedParams) -> EmbeddingStore:
    return EmbeddingStore(ws.cache_dir / "embeddings", model_id(params.model))


def embed_candidates(
    sentences: pd.DataFrame, codebook: Codebook, params: EmbedParams, store: EmbeddingStore
) -> tuple[pd.DataFrame, np.ndarray, int]:
    """Candidate sentences -> their (doc_id, sent_id) rows, their vectors row for
    row, and how many were embedded now."""
    candidates = candidate_sentences(sentences, candidate_pattern(codebook.concept), params.context)
    encode = make_encoder(params.model, params.threads, params.batch_size, params.decimals)
    matrix, computed = embed_texts(candidates["text"].astype("str").tolist(), store, encode)
    keys = pd.DataFrame(
        {
            "doc_id": candidates["doc_id"].astype("str"),
            "sent_id": candidates["sent_id"].astype("int64"),
        }
    )
    return keys, matrix, computed


def embed_codebook(codebook: Codebook, params: EmbedParams, store: EmbeddingStore) -> int:
    """Store the vectors of the codebook's framing phrases and concept terms too, so
    the framings stage finds them without loading the model."""
    texts = [t for phrases in prototype_texts(codebook).values() for t in phrases]
    texts += concept_texts(codebook)
    encode = make_encoder(params.model, params.threads, params.batch_size, params.decimals)
    return embed_texts(texts, store, encode)[1]


def run(ws: Workspace) -> pd.DataFrame:
    sentences = catalog.SENTENCES.read(ws.data_dir)
    codebook = load_codebook(ws.codebook_path)
    params = ws.params.embed
    store = store_for(ws, params)
    keys, matrix, computed = embed_candidates(sentences, codebook, params, store)
    embed_codebook(codebook, params, store)
    catalog.EMBEDDINGS.check(keys.assign(vector=None))
    io.write_vectors(catalog.EMBEDDINGS.path(ws), keys, matrix)
    log.info(
        "embed: %d candidate sentences of %d (%d embedded now, %d from the store)",
        len(keys), len(sentences), computed, len(keys) - computed,
    )  # fmt: skip
    return keys.assign(vector=list(matrix))


STAGE = Stage(
    name=NAME,
    help="Embed the concept's candidate sentences (cached).",
    run=run,
    inputs=(catalog.SENTENCES, CODEBOOK),
    outputs=(Out(catalog.EMBEDDINGS),),
    params=("codebook", "embed"),
)
