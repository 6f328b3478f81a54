"""Annotate stage time against a bare spaCy `nlp.pipe` over the same text.

    .venv/bin/python bench/annotate.py [CORPUS_DIR] [--repeat N]

CORPUS_DIR defaults to corpora/demo, or the seed texts in ../shared/seeds when the
demo corpus holds no documents. Extraction runs first (not timed). Then, with the
spaCy model already loaded, it times:

- stage: `pipeline.stages.annotate.run` on an empty cache, one worker (segmenting,
  spaCy, offsets, the cache writes and the parquet/CSV outputs);
- core: `sentences_for` over every document (the stage's pure part);
- bare: `nlp.pipe` over exactly the segment texts the stage feeds spaCy.

Target: stage <= 1.3 x bare. Figures are the best of --repeat interleaved rounds.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline import catalog  # noqa: E402
from pipeline.params import Params  # noqa: E402
from pipeline.stages import annotate, extract  # noqa: E402
from pipeline.workspace import Workspace  # noqa: E402

TARGET = 1.3
DOCUMENT_SUFFIXES = {".pdf", ".html", ".htm", ".txt", ".md"}


def default_corpus() -> Path:
    demo = REPO / "corpora" / "demo"
    if demo.is_dir() and any(p.suffix.lower() in DOCUMENT_SUFFIXES for p in demo.iterdir()):
        return demo
    return REPO.parent / "shared" / "seeds"


def prepare(corpus: Path, work: Path) -> Workspace:
    """Copy the documents (not READMEs) and extract them once."""
    docs = work / "corpus"
    docs.mkdir(parents=True)
    for path in sorted(corpus.iterdir()):
        if path.suffix.lower() in DOCUMENT_SUFFIXES and path.name.lower() != "readme.md":
            shutil.copy2(path, docs / path.name)
    if (corpus / "metadata.csv").exists():
        shutil.copy2(corpus / "metadata.csv", docs / "metadata.csv")
    ws = Workspace.for_run(docs, work / "out", Params())
    ws.progress = False
    extract.run(ws)
    return ws


def best_of(repeat: int, fns: dict) -> dict[str, float]:
    """Best time of each function over `repeat` rounds, the functions interleaved so
    that load from other processes on a shared machine hits them alike."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            started = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - started)
    return {name: min(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    corpus = args.corpus or default_corpus()
    if not corpus.is_dir():
        sys.exit(f"corpus folder not found: {corpus}")

    with tempfile.TemporaryDirectory(prefix="bench-annotate-") as tmp:
        ws = prepare(corpus, Path(tmp))
        settings = ws.params.annotate
        nlp = annotate.load_nlp(settings.model)
        documents = catalog.DOCUMENTS.read(ws.data_dir)
        blocks = catalog.BLOCKS.read(ws.data_dir)
        ok = documents[documents["status"] == "ok"]["doc_id"].drop_duplicates()
        per_doc = [
            blocks[blocks["doc_id"] == d].sort_values("order").reset_index(drop=True) for d in ok
        ]
        texts = [s.text for b in per_doc for s in annotate.segments(b)]
        characters = sum(len(t) for t in texts)
        list(nlp.pipe(texts[:5]))  # warm-up

        def stage() -> None:
            shutil.rmtree(ws.cache_dir, ignore_errors=True)
            annotate.run(ws)

        def core() -> None:
            for b in per_doc:
                annotate.sentences_for(b, settings, nlp)

        def bare() -> None:
            for _ in nlp.pipe(texts, batch_size=settings.batch_size):
                pass

        best = best_of(args.repeat, {"bare": bare, "core": core, "stage": stage})
        t_bare, t_core, t_stage = best["bare"], best["core"], best["stage"]
        sentences = len(catalog.SENTENCES.read(ws.data_dir))

    print(f"corpus: {corpus} ({len(per_doc)} documents, {len(texts)} segments, "
          f"{characters:,} characters, {sentences} sentences)")  # fmt: skip
    print(f"bare nlp.pipe : {t_bare:7.2f} s")
    print(f"annotate core : {t_core:7.2f} s  ({t_core / t_bare:.2f} x bare)")
    print(f"annotate stage: {t_stage:7.2f} s  ({t_stage / t_bare:.2f} x bare)")
    verdict = "meets" if t_stage <= TARGET * t_bare else "misses"
    print(f"target stage <= {TARGET} x bare: {verdict}")


if __name__ == "__main__":
    main()
