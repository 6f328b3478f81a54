"""The runner: worker processes, time limits, crashes, determinism, the workspace lock,
and a run killed with SIGKILL at any moment then resumed."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cache import Result, ResultCache
from pipeline.lock import WorkspaceBusy, workspace_lock
from pipeline.runner import Execution, Task, map_documents

REPO = Path(__file__).resolve().parents[1]
RENDER = REPO / "corpora" / "demo" / "_build" / "render.py"
CLI = [sys.executable, "-m", "pipeline"]

QUIET = Execution(progress=False)
TWO = Execution(workers=2, progress=False)


def synthetic_corpus(out: Path, n: int, seed: int = 3, pages: tuple[int, int] = (1, 3)) -> Path:
    """A small corpus from the demo generator (PDF, HTML, text, Markdown mix)."""
    if not RENDER.exists():
        pytest.skip(f"demo corpus generator not found at {RENDER}")
    spec = importlib.util.spec_from_file_location("demo_render", RENDER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.synthesize(n, out, seed=seed, pages=pages)
    return out


def output_files(out: Path) -> dict[str, bytes]:
    """Every output file's bytes, except the cache and the lock files."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file()
        and ".cache" not in p.relative_to(out).parts
        and ".policyframes" not in p.name
    }


def run_cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CLI, *args], cwd=REPO, capture_output=True, text=True, timeout=600, **kwargs
    )


# ------------------------------------------------------------------ stage functions
# Top level, so worker processes can import them by name.


def square(payload: int, params: dict) -> Result:
    frame = pd.DataFrame({"x": [payload * payload], "tag": [params["tag"]], "pid": [0]})
    return Result(tables={"rows": frame}, meta={"status": "ok", "n": payload})


def slow_for_seven(payload: int, params: dict) -> Result:
    if payload == 7:
        time.sleep(600)  # far beyond any time limit below: only a kill ends it
    return square(payload, params)


def crash_for_three(payload: int, params: dict) -> Result:
    if payload == 3:
        os.kill(os.getpid(), signal.SIGSEGV)
    return square(payload, params)


def hog_for_five(payload: int, params: dict) -> Result:
    if payload == 5:
        blob = bytearray(2048 * 2**20)  # over the 1024 MB cap below
        return Result(meta={"status": "ok", "n": len(blob)})
    return square(payload, params)


def tasks(n: int) -> list[Task]:
    return [Task(f"d{i:02d}", f"f{i}", i) for i in range(n)]


# ------------------------------------------------------------------ runner


def test_workers_give_the_same_results_as_serial(tmp_path):
    serial, _ = map_documents(
        "sq", "1", tasks(9), square, {"tag": "a"}, ResultCache(tmp_path / "c1"), execution=QUIET
    )
    parallel, stats = map_documents(
        "sq", "1", tasks(9), square, {"tag": "a"}, ResultCache(tmp_path / "c2"), execution=TWO,
    )  # fmt: skip
    assert stats.computed == 9 and list(parallel) == sorted(parallel)
    for doc_id, result in serial.items():
        pd.testing.assert_frame_equal(result.tables["rows"], parallel[doc_id].tables["rows"])
        assert result.meta == parallel[doc_id].meta


def test_a_document_over_the_time_limit_is_failed_and_the_others_go_on(tmp_path):
    started = time.monotonic()
    results, stats = map_documents(
        "slow", "1", tasks(9), slow_for_seven, {"tag": "t"}, ResultCache(tmp_path),
        execution=TWO, timeout=3,
    )  # fmt: skip
    # well under the 600 s the document would take: it was killed, not waited for
    # (generous, so a loaded machine does not fail the test)
    assert time.monotonic() - started < 300
    assert results["d07"].meta == {"status": "failed", "problem": "timed out after 3 s"}
    assert all(results[f"d{i:02d}"].meta["status"] == "ok" for i in range(9) if i != 7)
    assert stats.errors == ["d07: timed out after 3 s"]


def test_a_time_limit_applies_with_one_worker_too(tmp_path):
    results, _ = map_documents(
        "slow", "1", tasks(8), slow_for_seven, {"tag": "t", "timeout_s": 2},
        ResultCache(tmp_path), execution=QUIET,
    )  # fmt: skip
    assert results["d07"].meta["problem"] == "timed out after 2 s"
    assert results["d06"].meta["status"] == "ok"


def test_a_crashing_worker_fails_one_document_only_and_is_retried_next_run(tmp_path):
    cache = ResultCache(tmp_path)

    def run() -> tuple:
        return map_documents(
            "crash", "1", tasks(6), crash_for_three, {"tag": "c"}, cache,
            execution=Execution(workers=2, progress=False),
        )  # fmt: skip

    results, _ = run()
    assert results["d03"].meta["status"] == "failed"
    assert "worker process died (signal 11, SIGSEGV)" in results["d03"].meta["problem"]
    assert sum(r.meta["status"] == "ok" for r in results.values()) == 5
    _, again = run()
    assert (again.cached, again.computed) == (5, 1)  # a crash is not cached


def test_a_document_over_the_memory_cap_fails_alone(tmp_path):
    results, _ = map_documents(
        "hog", "1", tasks(7), hog_for_five, {"tag": "h"}, ResultCache(tmp_path),
        execution=Execution(workers=2, progress=False, max_memory_mb=1024),
    )  # fmt: skip
    assert results["d05"].meta == {"status": "failed", "problem": "ran out of memory"}
    assert sum(r.meta["status"] == "ok" for r in results.values()) == 6


# ------------------------------------------------------------------ lock


def test_lock_refuses_a_second_holder_with_pid_and_lock_file(tmp_path):
    with workspace_lock(tmp_path / "data") as lock_file:
        with pytest.raises(WorkspaceBusy) as info, workspace_lock(tmp_path / "data"):
            pass
        message = str(info.value)
        assert f"(pid {os.getpid()})" in message
        assert str(lock_file) in message and "another policyframes run is using" in message
    with workspace_lock(tmp_path / "data"):  # released: free again
        pass


def test_cli_refuses_to_run_on_a_workspace_in_use(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("A short note on sustainable reintegration.\n")
    out = tmp_path / "out"
    with workspace_lock(out / "data"):
        done = run_cli("run", "--corpus", str(corpus), "--out", str(out), "-q")
    assert done.returncode == 2
    assert "another policyframes run is using" in done.stderr
    assert f"pid {os.getpid()}" in done.stderr and "Traceback" not in done.stderr
    assert not (out / "documents.csv").exists()


# ------------------------------------------------------------------ whole runs


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    return synthetic_corpus(tmp_path_factory.mktemp("corpus") / "c", 10)


def fixed_params(folder: Path) -> Path:
    """params for whole-run comparisons: a private copy of the codebook, and embedding
    batches of one, since a sentence's vector otherwise depends (in the last digit)
    on the other sentences in its batch, i.e. on what an earlier run had embedded."""
    folder.mkdir(parents=True, exist_ok=True)
    codebook = folder / "codebook.yaml"
    codebook.write_bytes((REPO / "models" / "codebook.yaml").read_bytes())
    params = folder / "params.yaml"
    params.write_text(f"codebook: {codebook}\nembed:\n  batch_size: 1\n", encoding="utf-8")
    return params


@pytest.fixture(scope="module")
def params_file(tmp_path_factory) -> Path:
    return fixed_params(tmp_path_factory.mktemp("params"))


@pytest.fixture(scope="module")
def clean_run(small_corpus, params_file, tmp_path_factory) -> tuple[dict[str, bytes], float]:
    out = tmp_path_factory.mktemp("clean") / "out"
    started = time.monotonic()
    done = run_cli(
        "run", "--corpus", str(small_corpus), "--out", str(out), "-q", "--workers", "1",
        "--params", str(params_file),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    files = output_files(out)
    assert "documents.csv" in files and "data/blocks.parquet" in files
    return files, time.monotonic() - started


@pytest.mark.slow
def test_two_workers_write_the_same_bytes_as_one(small_corpus, params_file, clean_run, tmp_path):
    out = tmp_path / "out"
    done = run_cli(
        "run", "--corpus", str(small_corpus), "--out", str(out), "-q", "--workers", "2",
        "--params", str(params_file),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert output_files(out) == clean_run[0]


@pytest.mark.slow
@pytest.mark.parametrize("fraction", [0.15, 0.45, 0.8])
def test_sigkill_at_any_point_then_rerun_gives_identical_outputs(
    small_corpus, params_file, clean_run, tmp_path, fraction
):
    expected, clean_seconds = clean_run
    out = tmp_path / "out"
    process = subprocess.Popen(
        [*CLI, "run", "--corpus", str(small_corpus), "--out", str(out), "-q", "--workers", "2",
         "--params", str(params_file)],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    time.sleep(clean_seconds * fraction)
    os.killpg(process.pid, signal.SIGKILL)  # the run and its workers, mid-flight
    process.wait()
    done = run_cli(
        "run", "--corpus", str(small_corpus), "--out", str(out), "-q", "--params", str(params_file)
    )
    assert done.returncode == 0, done.stderr
    assert output_files(out) == expected


def test_workspace_passes_run_params_and_session_clears_stale_temp_files(tmp_path, monkeypatch):
    from pipeline.cli import SCHEDULER_ENV, with_environment
    from pipeline.lock import session
    from pipeline.params import Params
    from pipeline.workspace import Workspace

    out = tmp_path / "out"
    (out / "data").mkdir(parents=True)
    stale = out / "data" / ".blocks.parquet.abc123.tmp"  # left by a killed run
    stale.write_bytes(b"half")
    kept = out / ".cache" / "extract" / ".x.parquet.zz.tmp"  # the shared cache is not touched
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"x")
    params = Params(run={"scheduler": "tcp://10.0.0.5:8786", "timeout_s": 30})
    ws = Workspace.for_run(tmp_path, out, params, workers=3)
    assert ws.execution == Execution(
        workers=3, scheduler="tcp://10.0.0.5:8786", timeout_s=30, max_memory_mb=4096
    )
    with session(ws):
        pass
    assert not stale.exists() and kept.exists()
    # the environment is read at the CLI edge only, into the params
    monkeypatch.setenv(SCHEDULER_ENV, "tcp://elsewhere:8786")
    assert with_environment(params).run.scheduler == "tcp://elsewhere:8786"
    assert params.run.scheduler == "tcp://10.0.0.5:8786"
    monkeypatch.delenv(SCHEDULER_ENV)
    assert with_environment(params) is params


def awkward(payload: int, params: dict) -> Result:
    """Frames whose dtypes vary by document, as real stages' do: an all-missing
    text column, an empty table, nullable integers."""
    n = payload % 3
    frame = pd.DataFrame(
        {
            "doc": [f"d{payload}"] * n,
            "note": [None] * n if payload == 4 else [f"n{i}" for i in range(n)],
            "year": pd.array([2000 + payload] * n, dtype="Int64"),
            "score": [0.1 * payload] * n,
        }
    )
    return Result(tables={"rows": frame}, meta={"status": "ok", "n": n})


def test_packed_entries_read_back_exactly_as_loose_ones(tmp_path, monkeypatch):
    from pipeline import runner

    cache = ResultCache(tmp_path)
    first, _ = map_documents("aw", "1", tasks(12), awkward, {}, cache, execution=QUIET)
    assert not list(tmp_path.glob("aw/packs/*.json"))  # fewer than PACK_MIN entries
    monkeypatch.setattr(runner, "PACK_MIN", 4)
    second, stats = map_documents("aw", "1", tasks(12), awkward, {}, cache, execution=QUIET)
    assert stats.cached == 12
    manifests = list(tmp_path.glob("aw/packs/*.json"))
    assert len(manifests) == 1
    packed = io_read_json(manifests[0])["entries"]
    assert len(packed) == 7  # the common layout; empty frames and d04 (all-missing note) stay loose
    third, stats = map_documents("aw", "1", tasks(12), awkward, {}, cache, execution=QUIET)
    assert stats.cached == 12
    for doc_id, result in first.items():
        for run in (second, third):
            frame = run[doc_id].tables["rows"]
            pd.testing.assert_frame_equal(frame, result.tables["rows"], check_exact=True)
            assert frame.dtypes.equals(result.tables["rows"].dtypes)
            assert run[doc_id].meta == result.meta


def io_read_json(path: Path) -> dict:
    from pipeline import io

    return io.read_json(path)
