"""Runs a per-document function over many documents, through the cache.

This is the one place that decides *how* per-document work is executed: in this
process, in a pool of worker processes, or on a dask.distributed cluster. Stages
only say *what* to compute for one document. Whatever the executor, results are
collected by doc_id and returned in sorted order, and every computed result is read
back from the cache once stored, so a fresh result and a cached one are the same
frame to the last dtype: outputs do not depend on scheduling, worker count or on
which run computed what.

Worker processes (`WorkerPool`) exist for three reasons: using every core, putting
a time limit on one document (a hung parser is killed, recorded as failed, and the
run goes on), and containing a document that crashes or balloons its process (a
segfaulting or memory-capped worker is replaced; the document is recorded). Models
are loaded lazily by the stage functions (functools.cache), so each worker loads
them once, and a run with nothing to compute loads none.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import signal
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from tqdm.auto import tqdm

from pipeline.cache import Result, ResultCache, entry_key, stable_hash

log = logging.getLogger(__name__)

DocumentFn = Callable[[Any, dict[str, Any]], Result]
#: re-pack a stage's cache entries once this many were read or written loose: a
#: re-run then reads one file per table instead of one per document.
PACK_MIN = 32


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


@dataclass(frozen=True)
class Execution:
    """How per-document work runs: passed to `map_documents` by each stage, which
    takes it from its workspace (`Workspace.execution`: params.yaml `run` and the
    command's options)."""

    workers: int = 1
    progress: bool = True
    scheduler: str | None = None  # a dask.distributed address: the work goes there
    timeout_s: float | None = None  # per document, for stages without their own limit
    max_memory_mb: int | None = None  # address-space cap of each worker process


def _call(fn: DocumentFn, payload: Any, params: dict[str, Any]) -> tuple[Result, bool]:
    """Run fn; an unexpected exception becomes a failed result instead of ending the
    run. Returns (result, cacheable): unexpected errors are not cached, so a fixed
    bug or a transient fault is retried next run."""
    try:
        return fn(payload, params), True
    except MemoryError:
        return Result(meta={"status": "failed", "problem": "ran out of memory"}), False
    except Exception as exc:
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        log.debug("unexpected error", exc_info=True)
        return Result(meta={"status": "failed", "problem": f"internal error: {detail}"}), False


def failed(problem: str) -> Result:
    return Result(meta={"status": "failed", "problem": problem})


# --------------------------------------------------------------------------- workers


def _worker_main(conn: Connection, max_memory_mb: int | None) -> None:
    """Loop of one worker process: receive (index, fn, payload, params), send
    ("started", index), then ("done", index, result, cacheable). Ends when the
    parent closes the pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    if max_memory_mb:
        import resource

        limit = int(max_memory_mb) * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, fn, payload, params = message
        try:
            # Unpickling the job imported the stage's modules; the document's clock
            # starts now, so a cold worker's imports do not count against it.
            conn.send(("started", index))
            conn.send(("done", index, *_call(fn, payload, params)))
        except (BrokenPipeError, OSError):
            return


#: imported once by the fork server before it forks any worker (see workerpreload).
WORKER_PRELOAD = ["pipeline.workerenv", "pipeline.runner", "pipeline.workerpreload"]


def _context() -> multiprocessing.context.BaseContext:
    """forkserver: workers start from a clean process (not a fork of a parent that
    may hold threads, models or a dask client) with the heavy imports done."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(WORKER_PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def start_worker_server(execution: Execution) -> None:
    """Start the fork server now, so its imports run on another core while this
    process reads its inputs, instead of when the first worker is needed."""
    if execution.scheduler:
        return
    if _context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


@dataclass
class _Slot:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    index: int | None = None
    started: float = 0.0


class WorkerPool:
    """N worker processes, one document each at a time, with a per-document time
    limit. A document that overruns has its worker killed and replaced; a worker that
    dies (segfault, out of memory) is replaced too. Either way that document is
    recorded as failed and the others go on."""

    def __init__(self, size: int, max_memory_mb: int | None = None) -> None:
        self.size = max(1, size)
        self.max_memory_mb = max_memory_mb
        self.ctx = _context()
        self.slots: list[_Slot] = []

    def _spawn(self) -> _Slot:
        parent, child = self.ctx.Pipe()
        process = self.ctx.Process(
            target=_worker_main, args=(child, self.max_memory_mb), daemon=True
        )
        process.start()
        child.close()
        return _Slot(process, parent)

    def _retire(self, slot: _Slot, kill: bool) -> None:
        if kill and slot.process.is_alive():
            slot.process.kill()
        slot.process.join(timeout=5)
        slot.conn.close()

    def close(self) -> None:
        for slot in self.slots:
            if slot.process.is_alive():
                with contextlib.suppress(OSError):
                    slot.conn.send(None)
        for slot in self.slots:
            slot.process.join(timeout=2)
            self._retire(slot, kill=True)
        self.slots = []

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _death(self, code: int | None) -> str:
        """Why a worker ended, for the problems table."""
        if code is None or code >= 0:
            return f"worker process died (exit code {code})"
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = "unknown"
        text = f"worker process died (signal {-code}, {name})"
        if self.max_memory_mb and name in ("SIGABRT", "SIGSEGV", "SIGBUS", "SIGKILL"):
            text += f"; it may need more memory than run.max_memory_mb={self.max_memory_mb}"
        return text

    def run(
        self,
        jobs: Sequence[tuple[DocumentFn, Any, dict[str, Any]]],
        timeout: float | None,
        on_result: Callable[[int, Result, bool], None],
    ) -> None:
        """Run every job (fn, payload, params); call on_result(index, result,
        cacheable) as each finishes, in completion order."""
        pending = list(range(len(jobs)))[::-1]  # pop() from the end keeps input order
        if not self.slots:
            self.slots = [self._spawn() for _ in range(min(self.size, len(jobs)))]

        def assign(slot: _Slot) -> None:
            if not pending:
                slot.index = None
                return
            index = pending.pop()
            fn, payload, params = jobs[index]
            slot.index, slot.started = index, time.monotonic()
            # A worker that is gone makes send fail; its sentinel reports it below.
            with contextlib.suppress(OSError):
                slot.conn.send((index, fn, payload, params))

        def replace(slot: _Slot, kill: bool) -> _Slot:
            self._retire(slot, kill)
            fresh = self._spawn()
            self.slots[self.slots.index(slot)] = fresh
            return fresh

        for slot in self.slots:
            assign(slot)
        while any(slot.index is not None for slot in self.slots):
            busy = [slot for slot in self.slots if slot.index is not None]
            wait_for = None
            if timeout is not None:
                nearest = min(slot.started for slot in busy) + timeout
                wait_for = max(0.0, nearest - time.monotonic())
            handles = [slot.conn for slot in busy] + [slot.process.sentinel for slot in busy]
            ready = set(wait(handles, timeout=wait_for))
            now = time.monotonic()
            for slot in busy:
                index = slot.index
                assert index is not None
                if slot.conn in ready:
                    try:
                        message = slot.conn.recv()
                    except (EOFError, OSError):
                        message = None
                    if message is not None and message[:2] == ("started", index):
                        slot.started = time.monotonic()
                        continue
                    if message is not None and message[:2] == ("done", index):
                        on_result(index, message[2], message[3])
                        assign(slot)
                        continue
                if slot.conn in ready or slot.process.sentinel in ready:
                    slot.process.join(timeout=5)
                    on_result(index, failed(self._death(slot.process.exitcode)), False)
                    assign(replace(slot, kill=True))
                elif timeout is not None and now - slot.started >= timeout:
                    on_result(index, failed(f"timed out after {timeout:g} s"), True)
                    assign(replace(slot, kill=True))


# --------------------------------------------------------------------------- dask


def _run_dask(
    address: str,
    stage: str,
    jobs: Sequence[tuple[DocumentFn, Any, dict[str, Any]]],
    keys: Sequence[str],
    on_result: Callable[[int, Result, bool], None],
) -> None:
    """Compute jobs on a dask.distributed cluster. Results come back to this process,
    which alone writes the cache; workers only need the package and read access to
    the corpus files (same path)."""
    from distributed import Client, as_completed

    with Client(address, set_as_default=False) as client:
        log.info("dask: %d workers at %s", len(client.scheduler_info()["workers"]), address)
        futures = {
            client.submit(_call, fn, payload, params, key=f"{stage}-{key}", pure=False): index
            for index, ((fn, payload, params), key) in enumerate(zip(jobs, keys, strict=True))
        }
        for future in as_completed(futures, loop=client.loop):
            index = futures[future]
            try:
                result, cacheable = future.result()
            except Exception as exc:  # a worker lost mid-task, a pickling error, ...
                detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
                result, cacheable = failed(f"internal error on the cluster: {detail}"), False
            on_result(index, result, cacheable)


# --------------------------------------------------------------------------- runner


def map_documents(
    stage: str,
    version: str,
    tasks: Sequence[Task],
    fn: DocumentFn,
    params: dict[str, Any],
    cache: ResultCache,
    execution: Execution = Execution(),
    timeout: float | None = None,
) -> tuple[dict[str, Result], RunStats]:
    """Return {doc_id: Result} for every task, computing only cache misses.

    `timeout` (seconds per document) defaults to the stage's own `timeout_s` param
    when it has one, else to `execution.timeout_s`. A time limit or
    `execution.workers` > 1 puts the work in worker processes (each capped at
    `execution.max_memory_mb`); a dask scheduler address (`execution.scheduler`)
    sends it to the cluster.

    A document over the time limit is cached as failed, so a parser that hangs on
    it is not re-run every time (raise the limit to retry it); a crashed worker or
    an unexpected error is not cached and is retried on the next run.
    """
    stats = RunStats(stage=stage, total=len(tasks))
    keys = [entry_key(stage, version, params, task.fingerprint) for task in tasks]
    family = stable_hash({"stage": stage, "version": version, "params": params})
    hits, unpacked = cache.lookup(stage, keys, family)
    results: dict[str, Result] = {}
    todo: list[tuple[Task, str]] = []
    for task, key in zip(tasks, keys, strict=True):
        if key in hits:
            results[task.doc_id] = hits[key]
            stats.cached += 1
        else:
            todo.append((task, key))
    if timeout is None:
        own = params.get("timeout_s")
        timeout = float(own) if isinstance(own, int | float) else execution.timeout_s
    workers = execution.workers

    bar = tqdm(total=len(todo), desc=stage, unit="doc", disable=not execution.progress or not todo)

    def record(index: int, result: Result, cacheable: bool) -> None:
        nonlocal unpacked
        task, key = todo[index]
        if cacheable:
            cache.put(stage, key, result)
            unpacked += 1
            # Use the stored copy: identical to what a later cached run reads.
            result = cache.get(stage, key) or result
        if result.meta.get("status") == "failed":
            stats.errors.append(f"{task.doc_id}: {result.meta.get('problem')}")
        results[task.doc_id] = result
        stats.computed += 1
        bar.update(1)

    jobs = [(fn, task.payload, params) for task, _ in todo]
    address = execution.scheduler
    try:
        if not todo:
            pass
        elif address:
            log.info("%s: %d documents on dask scheduler %s", stage, len(todo), address)
            _run_dask(address, stage, jobs, [key for _, key in todo], record)
        elif workers > 1 or timeout is not None:
            with WorkerPool(min(workers, len(todo)), execution.max_memory_mb) as pool:
                pool.run(jobs, timeout, record)
        else:
            for index, (job_fn, payload, job_params) in enumerate(jobs):
                record(index, *_call(job_fn, payload, job_params))
    finally:
        bar.close()
    if unpacked >= PACK_MIN:
        by_key = {key: results[t.doc_id] for t, key in zip(tasks, keys, strict=True)}
        try:
            packed = cache.write_pack(stage, family, by_key)
            log.debug("%s: %d entries packed", stage, packed)
        except OSError as exc:  # a pack only speeds up reading; the entries are intact
            log.warning("%s: could not write the cache pack: %s", stage, exc)
    log.info(stats.summary())
    return dict(sorted(results.items())), stats
