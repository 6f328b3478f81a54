"""Runs a per-document function over many documents, through the cache.

This is the one place that decides *how* per-document work is executed: serially,
in a pool of worker processes, or on a dask.distributed cluster. Stages only say
*what* to compute for one document. Whatever the executor, results are collected
by doc_id and returned in sorted order, so outputs do not depend on scheduling.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

from tqdm.auto import tqdm

from pipeline.cache import Result, ResultCache, entry_key

log = logging.getLogger(__name__)

DocumentFn = Callable[[Any, dict[str, Any]], Result]


@dataclass(frozen=True)
class Task:
    """One document's work: its id, a fingerprint of its input, and the payload the
    stage function receives (must be picklable for parallel execution)."""

    doc_id: str
    fingerprint: str
    payload: Any


@dataclass
class RunStats:
    stage: str
    total: int = 0
    cached: int = 0
    computed: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"{self.stage}: {self.total} documents ({self.cached} cached, {self.computed} computed)"
        )
        if self.errors:
            text += f", {len(self.errors)} failed"
        return text


def _call(fn: DocumentFn, payload: Any, params: dict[str, Any]) -> tuple[Result, bool]:
    """Run fn; an unexpected exception becomes a failed result instead of ending the
    run. Returns (result, cacheable): unexpected errors are not cached, so a fixed
    bug or a transient fault is retried next run."""
    try:
        return fn(payload, params), True
    except Exception as exc:
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        log.debug("unexpected error", exc_info=True)
        return Result(meta={"status": "failed", "problem": f"internal error: {detail}"}), False


def map_documents(
    stage: str,
    version: str,
    tasks: Sequence[Task],
    fn: DocumentFn,
    params: dict[str, Any],
    cache: ResultCache,
    workers: int = 1,
    progress: bool = True,
) -> tuple[dict[str, Result], RunStats]:
    """Return {doc_id: Result} for every task, computing only cache misses."""
    stats = RunStats(stage=stage, total=len(tasks))
    results: dict[str, Result] = {}
    todo: list[tuple[Task, str]] = []
    for task in tasks:
        key = entry_key(stage, version, params, task.fingerprint)
        hit = cache.get(stage, key)
        if hit is not None:
            results[task.doc_id] = hit
            stats.cached += 1
        else:
            todo.append((task, key))

    bar = tqdm(total=len(todo), desc=stage, unit="doc", disable=not progress or not todo)

    def record(task: Task, key: str, result: Result, cacheable: bool) -> None:
        if cacheable:
            cache.put(stage, key, result)
        if result.meta.get("status") == "failed":
            stats.errors.append(f"{task.doc_id}: {result.meta.get('problem')}")
        results[task.doc_id] = result
        stats.computed += 1
        bar.update(1)

    if workers <= 1 or len(todo) <= 1:
        for task, key in todo:
            record(task, key, *_call(fn, task.payload, params))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {
                pool.submit(_call, fn, task.payload, params): (task, key) for task, key in todo
            }
            for future in as_completed(futures):
                task, key = futures[future]
                record(task, key, *future.result())
    bar.close()
    log.info(stats.summary())
    return dict(sorted(results.items())), stats
