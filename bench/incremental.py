"""Incremental re-runs: full build of N synthetic documents, then add one and re-run.

For each N it prints the full time, the incremental time, their ratio and where the
incremental time went (per stage, from the run's own log). It also prints the
speed-up of a full build with 1 vs 2 worker processes and the throughput of a local
run vs a 2-worker dask LocalCluster (on `--parallel-docs` documents).

PDFs have 10-30 pages by default (some documents are HTML or text files; the
corpus averages about 17 pages a document), close to the scale benchmark's
1,000 documents and about 20,000 pages. With very short documents
(`--pages 2 6`) the fixed cost of a re-run (process start, imports, loading the
spaCy models, re-reading the corpus-wide tables: about 15 s) weighs more against a
cheap full build.

    .venv/bin/python bench/incremental.py                  # N = 50 and 200
    .venv/bin/python bench/incremental.py --large          # N = 50, 200 and 800
    .venv/bin/python bench/incremental.py --sizes 50 200 --pages 2 6

The last line is the largest N's figure: `N=200 full_s=… incremental_s=… ratio=0.0xx`.
Runs are `python -m pipeline run` subprocesses, as a user would start them.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RENDER = REPO / "corpora" / "demo" / "_build" / "render.py"
STAGE_TIME = re.compile(r"(\w+) done in ([\d.]+) s")

sys.path.insert(0, str(REPO))
from pipeline.add import add_files  # noqa: E402


def load_render():
    spec = importlib.util.spec_from_file_location("demo_render", RENDER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(
    corpus: Path, out: Path, workers: int = 1, env: dict[str, str] | None = None
) -> tuple[float, dict[str, float]]:
    """Wall time of one `policyframes run` and its per-stage times."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--corpus", str(corpus), "--out", str(out),
         "--workers", str(workers)],
        cwd=REPO, capture_output=True, text=True,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"run failed ({done.returncode}):\n{done.stderr[-3000:]}")
    stages = {m.group(1): float(m.group(2)) for m in STAGE_TIME.finditer(done.stderr)}
    return elapsed, stages


def build_corpus(
    render, work: Path, n: int, pages: tuple[int, int], seed: int
) -> tuple[Path, Path]:
    """Corpus of the first n synthetic documents; return it and the (n+1)-th file."""
    pool = work / f"pool{n}"
    render.synthesize(n + 1, pool, seed=seed, pages=pages, workers=2)
    files = sorted(p for p in pool.iterdir() if p.is_file() and p.name != "metadata.csv")
    extra = files[-1]
    corpus = work / f"corpus{n}"
    shutil.copytree(pool, corpus, ignore=shutil.ignore_patterns(extra.name))
    return corpus, extra


def fmt_stages(stages: dict[str, float]) -> str:
    return " ".join(f"{k}={v:.1f}" for k, v in stages.items() if k != "stages")


def bench_size(render, work: Path, n: int, pages: tuple[int, int], seed: int) -> str:
    corpus, extra = build_corpus(render, work, n, pages, seed)
    out = work / f"out{n}"
    full, full_stages = run(corpus, out)
    print(f"  N={n} full build {full:.1f} s: {fmt_stages(full_stages)}", flush=True)
    noop, noop_stages = run(corpus, out)
    print(f"  N={n} re-run, nothing new {noop:.1f} s: {fmt_stages(noop_stages)}", flush=True)
    add_files([extra], corpus, {"organisation": "Bench", "year": 2024})
    incremental, inc_stages = run(corpus, out)
    print(f"  N={n} re-run, one added {incremental:.1f} s: {fmt_stages(inc_stages)}", flush=True)
    return f"N={n} full_s={full:.1f} incremental_s={incremental:.1f} ratio={incremental / full:.3f}"


def bench_workers(render, work: Path, n: int, pages: tuple[int, int], seed: int) -> str:
    corpus, _ = build_corpus(render, work / "workers", n, pages, seed + 1)
    one, _ = run(corpus, work / "workers" / "w1", workers=1)
    two, _ = run(corpus, work / "workers" / "w2", workers=2)
    return f"workers N={n}: 1 worker {one:.1f} s, 2 workers {two:.1f} s, speed-up {one / two:.2f}x"


def bench_dask(render, work: Path, n: int, pages: tuple[int, int], seed: int) -> str:
    from distributed import LocalCluster

    corpus, _ = build_corpus(render, work / "dask", n, pages, seed + 2)
    local, _ = run(corpus, work / "dask" / "local", workers=1)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        env = {"POLICYFRAMES_SCHEDULER": cluster.scheduler_address}
        on_dask, _ = run(corpus, work / "dask" / "cluster", env=env)
    return (
        f"dask N={n}: local 1 process {n / local:.2f} docs/s ({local:.1f} s), "
        f"2-worker LocalCluster {n / on_dask:.2f} docs/s ({on_dask:.1f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200])
    parser.add_argument(
        "--large", action="store_true", help="also N = 800 (by far the longest run)"
    )
    parser.add_argument("--pages", type=int, nargs=2, default=(10, 30), metavar=("MIN", "MAX"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--parallel-docs", type=int, default=30,
        help="corpus size of the 1 vs 2 workers and local vs dask comparisons",
    )  # fmt: skip
    parser.add_argument("--no-workers", action="store_true", help="skip the 1 vs 2 workers run")
    parser.add_argument("--no-dask", action="store_true", help="skip the dask comparison")
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    args = parser.parse_args()
    if args.large and 800 not in args.sizes:
        args.sizes.append(800)
    if not RENDER.exists():
        sys.exit(f"demo corpus generator not found: {RENDER}")
    render = load_render()
    work = args.work or Path(tempfile.mkdtemp(prefix="pf-incremental-"))
    pages = tuple(args.pages)
    try:
        small = args.parallel_docs
        if not args.no_workers:
            print(bench_workers(render, work, small, pages, args.seed), flush=True)
        if not args.no_dask:
            print(bench_dask(render, work, small, pages, args.seed), flush=True)
        # N=200 last: its line is the headline figure.
        lines = [bench_size(render, work, n, pages, args.seed) for n in sorted(args.sizes)]
        lines.sort(key=lambda line: line.startswith("N=200 "))
        for line in lines:
            print(line, flush=True)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
