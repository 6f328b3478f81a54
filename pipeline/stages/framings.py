"""Stage — framings: candidate sentences + embeddings + codebook -> the framings and
document_framings tables (intermediate; shown as framings.csv and
document_framings.csv) and discovered_framings.csv.

Sentence framing is per document and cached (pipeline.runner.map_documents): a
document's rows depend only on its own sentences, the codebook, the params and the
embedding model, so adding a document never changes another document's rows.
Discovery of unlisted framings and the document profiles are corpus-wide and are
recomputed from the concatenated per-document results.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from pipeline import catalog, io
from pipeline.cache import Result, ResultCache, frame_fingerprint
from pipeline.codebook import load_codebook
from pipeline.concept import candidate_pattern
from pipeline.frame.discover import DISCOVERED_COLUMNS, DiscoveryParams, discover
from pipeline.frame.embed import EmbeddingStore, embed_texts, make_encoder, model_id
from pipeline.frame.model import NONE, FramingModel, build_model, evidence_text, rule_signals
from pipeline.frame.profile import document_profiles
from pipeline.learn.apply import decide_framings, fitted_for
from pipeline.learn.corrections import corpus_labels, override_framings
from pipeline.learn.features import framing_feature_names
from pipeline.learn.taggers import TaskModel, load_taggers
from pipeline.params import EmbedParams, FramingsParams
from pipeline.runner import Task, map_documents
from pipeline.sources import code_version
from pipeline.stages.spec import CODEBOOK, CORPUS, TAGGERS, Out, Stage
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)

NAME = "framings"
#: the cache version follows the stage's code (pipeline.sources.code_version)
VERSION = code_version(__name__)


def framing_columns(keys: list[str]) -> list[str]:
    return list(catalog.FRAMINGS.schema(keys))


def prototype_embedder(store: EmbeddingStore, params: EmbedParams):
    encode = make_encoder(params.model, params.threads, params.batch_size, params.decimals)

    def embed(texts: list[str]) -> np.ndarray:
        return embed_texts(texts, store, encode)[0]

    return embed


def frame_document(
    payload: tuple[pd.DataFrame, np.ndarray, FramingModel, TaskModel | None],
    params: dict[str, Any],
) -> Result:
    """One document's candidate sentences (and their vectors, row for row) -> their
    framing rows: the trained framing tagger decides where there is one, the
    codebook's seed phrases and cues elsewhere."""
    rows, vectors, model, tagger = payload
    if not len(rows):
        vectors = np.zeros((0, 1), dtype=np.float32)
    texts = rows["text"].astype("str").tolist()
    signals = rule_signals(texts, vectors, model)
    labelled = decide_framings(signals, vectors, model, tagger, params["min_probability"], texts)
    labelled["evidence"] = evidence_text(signals.evidence)
    keep = rows[["doc_id", "sent_id", "page", "section", "text"]].reset_index(drop=True)
    return Result(tables={"framings": pd.concat([keep, labelled], axis=1)})


def label_framings(
    candidates: pd.DataFrame,
    matrix: np.ndarray,
    model: FramingModel,
    ws: Workspace,
    params_key: dict[str, Any],
    tagger: TaskModel | None = None,
) -> pd.DataFrame:
    """`candidates` carry the `row` of their vector in `matrix`."""
    tasks = []
    for doc_id, group in candidates.groupby("doc_id", sort=True):
        rows = group.sort_values("sent_id").reset_index(drop=True)
        keep = rows[["doc_id", "sent_id", "page", "section", "text"]]
        tasks.append(
            Task(str(doc_id), frame_fingerprint(keep), (keep, matrix[rows["row"]], model, tagger))
        )
    # Framing a document takes milliseconds (matrix products and regexes over
    # stored vectors): worker processes would cost more to start than they save.
    results, _ = map_documents(
        NAME, VERSION, tasks, frame_document, params_key,
        ResultCache(ws.cache_dir), execution=replace(ws.execution, workers=1),
    )  # fmt: skip
    frames = [r.tables["framings"] for r in results.values() if "framings" in r.tables]
    for task in tasks:
        if results[task.doc_id].meta.get("status") == "failed":
            log.warning("framings: %s: %s", task.doc_id, results[task.doc_id].meta.get("problem"))
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True)


def add_discovery(
    framings: pd.DataFrame, matrix: np.ndarray, rows: np.ndarray, params: FramingsParams, exclude
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cluster the sentences no framing explains; -1 for the others. Sentence i's
    vector is matrix[rows[i]]."""
    unexplained = (framings["framing"] == NONE).to_numpy()
    discovery = DiscoveryParams(
        min_sentences=params.discovery_min, k_max=params.discovery_k_max,
        n_terms=params.discovery_terms, n_examples=params.discovery_examples, seed=params.seed,
        sample=params.discovery_sample,
    )  # fmt: skip
    labels, table = discover(
        framings.loc[unexplained, "text"].astype("str").tolist(),
        matrix[rows[unexplained]], discovery, exclude,
    )  # fmt: skip
    framings = framings.copy()
    framings["cluster"] = -1
    framings.loc[unexplained, "cluster"] = labels
    names = dict(zip(table["cluster"], table["label"], strict=True))
    framings["cluster_label"] = framings["cluster"].map(names).fillna("").astype("str")
    framings["cluster"] = framings["cluster"].astype("int64")
    return framings, table


def run(ws: Workspace) -> pd.DataFrame:
    sentences = catalog.SENTENCES.read(ws.data_dir)
    embedded, matrix = io.read_vectors(catalog.EMBEDDINGS.path(ws))
    embedded["row"] = np.arange(len(embedded))
    has_documents = catalog.DOCUMENTS.exists(ws.data_dir)
    documents = catalog.DOCUMENTS.read(ws.data_dir) if has_documents else None
    codebook = load_codebook(ws.codebook_path)
    params, embed_params = ws.params.framings, ws.params.embed
    keys = list(codebook.framings)
    columns = framing_columns(keys)

    store = EmbeddingStore(ws.cache_dir / "embeddings", model_id(embed_params.model))
    model = build_model(codebook, params, prototype_embedder(store, embed_params))
    candidates = embedded.merge(sentences, on=["doc_id", "sent_id"], how="inner")
    del sentences
    taggers = load_taggers(ws.params.taggers)
    # with no candidate sentences there is nothing to tag, nor an embedding size
    tagger = fitted_for(
        taggers.get("framing") if taggers and len(matrix) else None,
        framing_feature_names(keys, matrix.shape[1]),
        "framings",
        "every framing keeps its seed phrases (method = seed phrases)",
    )
    params_key = {
        **ws.params.section("framings"),
        "taggers": taggers.fingerprint if taggers else None,
        "codebook": codebook.fingerprint,
        "model": model_id(embed_params.model),
        "embed": ws.params.section("embed"),
    }
    framings = label_framings(candidates, matrix, model, ws, params_key, tagger)
    hand = corpus_labels(ws)
    if hand is not None:
        framings = override_framings(framings, hand, keys)
    del candidates
    if framings.empty:
        framings = pd.DataFrame(columns=columns)
        discovered = pd.DataFrame(columns=DISCOVERED_COLUMNS)
    else:
        framings = framings.sort_values(["doc_id", "sent_id"], kind="stable")
        framings = framings.reset_index(drop=True)
        rows = framings[["doc_id", "sent_id"]].merge(
            embedded, on=["doc_id", "sent_id"], how="left"
        )["row"]
        framings, discovered = add_discovery(
            framings, matrix, rows.to_numpy(), params, candidate_pattern(codebook.concept)
        )
        framings = framings[columns]
    profiles = document_profiles(
        framings, keys, documents, params.bootstrap, params.seed, params.profile_clusters
    )
    # every column of the catalog, also when the documents table lacks titles or
    # organisations, or no document was framed
    profiles = profiles.reindex(columns=list(catalog.DOCUMENT_FRAMINGS.schema(keys)))
    catalog.FRAMINGS.write(ws, framings)
    catalog.FRAMINGS_CSV.write(ws, framings)
    catalog.DISCOVERED_FRAMINGS_CSV.write(ws, discovered)
    catalog.DOCUMENT_FRAMINGS.write(ws, profiles)
    catalog.DOCUMENT_FRAMINGS_CSV.write(ws, profiles)
    counts = framings["framing"].value_counts().to_dict() if len(framings) else {}
    log.info(
        "framings: %d candidate sentences, %s; %d discovered clusters",
        len(framings), ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), len(discovered),
    )  # fmt: skip
    return framings


STAGE = Stage(
    name=NAME,
    help="Frame each candidate sentence; profile documents.",
    run=run,
    # the corpus folder: its hand labels, when it has them, override the tagger
    inputs=(
        CORPUS,
        catalog.DOCUMENTS,
        catalog.SENTENCES,
        catalog.EMBEDDINGS,
        CODEBOOK,
        TAGGERS,
    ),
    outputs=(
        Out(catalog.FRAMINGS),
        Out(catalog.DOCUMENT_FRAMINGS),
        Out(catalog.FRAMINGS_CSV),
        Out(catalog.DOCUMENT_FRAMINGS_CSV),
        Out(catalog.DISCOVERED_FRAMINGS_CSV),
    ),
    params=("codebook", "taggers", "embed", "framings"),
)
