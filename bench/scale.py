"""Scale: a synthetic corpus of 1,000 documents (about 20,000 pages: PDFs of 12-36
pages, with some HTML and text files among them) through every
registered stage, one stage per `policyframes <stage>` subprocess.

Prints, per stage, wall time, pages/s and peak memory: the peak of the summed RSS
of the stage process and its workers and the largest single process (sampled with
psutil every 0.2 s), and at the end the largest process by getrusage. Then one
more synthetic document is added with `policyframes add` and every stage re-run:
the time of that incremental re-run at this corpus size (`--no-add` skips it).
The last line sums it up:

    docs=… pages=… total_s=… pages_per_s=… peak_gib=… add_one_s=…

    .venv/bin/python bench/scale.py                     # 1,000 documents, 2 workers
    .venv/bin/python bench/scale.py --docs 100 --workers 1
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
RENDER = REPO / "corpora" / "demo" / "_build" / "render.py"
sys.path.insert(0, str(REPO))
from pipeline.stages.registry import STAGES  # noqa: E402

GIB = 2**30


def tree_rss(process: psutil.Process) -> tuple[int, int]:
    """Summed and largest RSS of a process and its descendants."""
    sizes = [0]
    with contextlib.suppress(psutil.Error):
        for proc in [process, *process.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):  # a worker may end meanwhile
                sizes.append(proc.memory_info().rss)
    return sum(sizes), max(sizes)


def run_stage(args: list[str], log) -> tuple[float, int, int]:
    """(wall seconds, peak summed RSS, peak single-process RSS) of one stage."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=REPO, stdout=log, stderr=log)
    watched = psutil.Process(proc.pid)
    peak = single = 0
    while proc.poll() is None:
        summed, largest = tree_rss(watched)
        peak, single = max(peak, summed), max(single, largest)
        time.sleep(0.2)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"{args[3]} failed with code {proc.returncode}; see the log")
    return elapsed, peak, single


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--pages", type=int, nargs=2, default=(12, 36), metavar=("MIN", "MAX"))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    parser.add_argument("--no-add", action="store_true", help="skip the add-one-document re-run")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="pf-scale-"))
    # the layout of `policyframes run --out work/out --cache work/cache`, so the
    # add-one re-run below can be one `run` command over the same results
    corpus, reports = work / "corpus", work / "out"
    data = reports / "data"
    if not (corpus / "metadata.csv").exists():
        render = render_module()
        started = time.perf_counter()
        render.synthesize(args.docs, corpus, seed=args.seed, pages=tuple(args.pages), workers=2)
        print(f"corpus: {args.docs} documents written in {time.perf_counter() - started:.0f} s")
    print(f"work folder: {work}; workers: {args.workers}; log: {work / 'run.log'}", flush=True)
    pages = None
    total = 0.0
    overall_peak = 0

    def command(name: str) -> list[str]:
        return [
            sys.executable, "-m", "pipeline", name, "--corpus", str(corpus),
            "--data", str(data), "--reports", str(reports), "--cache", str(work / "cache"),
            "--workers", str(args.workers), "-q",
        ]  # fmt: skip

    with open(work / "run.log", "a", encoding="utf-8") as log:
        for name in (stage.name for stage in STAGES):
            elapsed, peak, single = run_stage(command(name), log)
            if pages is None:
                import pandas as pd

                documents = pd.read_parquet(data / "documents.parquet")
                pages = int(documents["pages"].fillna(0).sum())
                ok = int((documents["status"] == "ok").sum())
                print(f"documents: {len(documents)} ({ok} ok), pages: {pages}")
            total += elapsed
            overall_peak = max(overall_peak, peak)
            print(
                f"{name:<13} {elapsed:8.1f} s  {pages / elapsed:8.1f} pages/s  "
                f"peak {peak / GIB:5.2f} GiB (largest process {single / GIB:4.2f} GiB)",
                flush=True,
            )
    children_max = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**20
    print(f"largest process of the run (getrusage, children): {children_max:.2f} GiB")
    print(
        f"total {total:.0f} s for {args.docs} documents / {pages} pages: "
        f"{pages / total:.1f} pages/s, peak memory {overall_peak / GIB:.2f} GiB"
    )
    add_one_s = None if args.no_add else add_one(render_module(), work, corpus, args, total)
    print(
        f"docs={args.docs} pages={pages} total_s={total:.1f} pages_per_s={pages / total:.1f} "
        f"peak_gib={overall_peak / GIB:.2f} "
        f"add_one_s={'skipped' if add_one_s is None else f'{add_one_s:.1f}'}"
    )


def render_module():
    spec = importlib.util.spec_from_file_location("demo_render", RENDER)
    render = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(render)
    return render


def add_one(render, work: Path, corpus: Path, args, full_s: float) -> float:
    """Add one more synthetic document and re-run every stage: the incremental cost
    at this corpus size (seconds)."""
    from pipeline.add import add_files

    extra = work / "extra"
    if not any(extra.glob("*.pdf")):
        render.synthesize(1, extra, seed=args.seed + 10_000, pages=tuple(args.pages))
    source = sorted(extra.glob("*.pdf"))[0]
    named = extra / f"added_{source.name}"
    source.replace(named)
    add_files([named], corpus, {"organisation": "Bench", "year": 2024})
    # one `run` process, as a user re-runs after `policyframes add`
    rerun = [
        sys.executable, "-m", "pipeline", "run", "--corpus", str(corpus), "--out",
        str(work / "out"), "--cache", str(work / "cache"), "--workers", str(args.workers), "-q",
    ]  # fmt: skip
    with open(work / "run.log", "a", encoding="utf-8") as log:
        incremental, peak, _ = run_stage(rerun, log)
    print(f"one document added, `policyframes run`: {incremental:.1f} s, peak {peak / GIB:.2f} GiB")
    print(
        f"N={args.docs} full_s={full_s:.1f} incremental_s={incremental:.1f} "
        f"ratio={incremental / full_s:.3f}"
    )
    return incremental


if __name__ == "__main__":
    main()
