"""Benchmark: can the encoder batch sentences and still give every sentence the same
bits however the sentences are grouped?

Sentences come from the seed texts beside the repository (../shared/seeds), split
by spaCy's rule-based sentencizer. For each sentence the raw float32 vector (before
the pipeline's rounding) is computed three ways:

- alone (batch size 1, the pipeline's default, `embed.batch_size: 1`);
- in batches of sentences with the same token length (no padding), 32 at most;
- in smaller same-length batches (2, 3 and 5 members) and as a duplicated pair.

Prints the time of the first two, the largest difference between them and how many
of the regrouped vectors differ in any bit from the same-length batches of 8. The
last line:

    sentences=… single_s=… by_length_s=… max_diff=… regrouped_checks=… differing=…

    .venv/bin/python bench/embedding.py [--sentences 800]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from itertools import groupby
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.frame.embed import load_encoder  # noqa: E402
from pipeline.params import EmbedParams  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"


def seed_sentences(limit: int) -> list[str]:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    found: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [s.text.strip() for s in nlp(text).sents if len(s.text.split()) >= 5]
    return sorted(set(found))[:limit]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=800)
    args = parser.parse_args()
    if not SEEDS.is_dir():
        print(f"skipped: seed texts not found at {SEEDS}")
        return 0
    texts = seed_sentences(args.sentences)
    params = EmbedParams()
    model = load_encoder(params.model, params.threads)

    def encode(batch: list[str]) -> np.ndarray:
        import torch

        with torch.inference_mode():
            return model.encode(
                batch, batch_size=len(batch), normalize_embeddings=True,
                convert_to_numpy=True, show_progress_bar=False,
            )  # fmt: skip

    tokens = [len(model.tokenizer(t, truncation=True)["input_ids"]) for t in texts]
    started = time.perf_counter()
    single = np.vstack([encode([t]) for t in texts])
    single_s = time.perf_counter() - started

    order = sorted(range(len(texts)), key=lambda i: (tokens[i], i))
    groups = [list(g) for _, g in groupby(order, key=lambda i: tokens[i])]
    started = time.perf_counter()
    by_length = np.zeros_like(single)
    for members in groups:
        for start in range(0, len(members), 32):
            batch = members[start : start + 32]
            by_length[batch] = encode([texts[i] for i in batch])
    by_length_s = time.perf_counter() - started
    max_diff = float(np.abs(single - by_length).max())

    checks = differing = 0
    for members in (g for g in groups if len(g) >= 8):
        reference = encode([texts[i] for i in members[:8]])
        for size in (2, 3, 5):
            checks += 1
            differing += not np.array_equal(encode([texts[i] for i in members[:size]]),
                                            reference[:size])  # fmt: skip
        checks += 1
        differing += not np.array_equal(encode([texts[members[0]]] * 2)[0], reference[0])

    print(
        f"{len(texts)} sentences; alone {single_s:.1f} s, same-length batches "
        f"{by_length_s:.1f} s ({single_s / by_length_s:.1f}x)"
    )
    print(f"largest difference, alone vs batched: {max_diff:.2e}")
    print(f"regrouped same-length batches: {differing} of {checks} differ in some bit")
    print(
        f"sentences={len(texts)} single_s={single_s:.1f} by_length_s={by_length_s:.1f} "
        f"max_diff={max_diff:.2e} regrouped_checks={checks} differing={differing}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
