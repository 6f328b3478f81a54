import pandas as pd

from pipeline.cache import Result, ResultCache, entry_key, frame_fingerprint
from pipeline.runner import Execution, Task, map_documents

QUIET = Execution(progress=False)


def double(payload, params):
    return Result(
        tables={"rows": pd.DataFrame({"x": [payload * params["factor"]]})}, meta={"ok": 1}
    )


def broken(payload, params):
    raise ValueError(f"cannot read {payload}")


def test_fingerprint_changes_with_content_and_order():
    a = pd.DataFrame({"t": ["x", "y"]})
    assert frame_fingerprint(a) == frame_fingerprint(a.copy())
    assert frame_fingerprint(a) != frame_fingerprint(a.iloc[::-1])
    assert frame_fingerprint(a) != frame_fingerprint(pd.DataFrame({"t": ["x", "z"]}))


def test_key_depends_on_params_version_and_input():
    base = entry_key("s", "1", {"a": 1}, "f")
    assert base == entry_key("s", "1", {"a": 1}, "f")
    assert base != entry_key("s", "2", {"a": 1}, "f")
    assert base != entry_key("s", "1", {"a": 2}, "f")
    assert base != entry_key("s", "1", {"a": 1}, "g")


def test_second_run_is_all_cache_hits_and_new_task_is_the_only_miss(tmp_path):
    cache = ResultCache(tmp_path)
    tasks = [Task("d1", "f1", 1), Task("d2", "f2", 2)]
    first, stats = map_documents("s", "1", tasks, double, {"factor": 3}, cache, execution=QUIET)
    assert stats.computed == 2 and first["d2"].tables["rows"]["x"].tolist() == [6]
    _, stats = map_documents("s", "1", tasks, double, {"factor": 3}, cache, execution=QUIET)
    assert (stats.cached, stats.computed) == (2, 0)
    _, stats = map_documents(
        "s", "1", [*tasks, Task("d3", "f3", 3)], double, {"factor": 3}, cache, execution=QUIET
    )
    assert (stats.cached, stats.computed) == (2, 1)


def test_entry_without_manifest_is_recomputed(tmp_path):
    cache = ResultCache(tmp_path)
    map_documents("s", "1", [Task("d1", "f1", 1)], double, {"factor": 1}, cache, execution=QUIET)
    for manifest in tmp_path.rglob("*.json"):
        manifest.unlink()  # as if the run died before committing the entry
    _, stats = map_documents(
        "s", "1", [Task("d1", "f1", 1)], double, {"factor": 1}, cache, execution=QUIET
    )
    assert stats.computed == 1


def test_unexpected_error_is_recorded_and_not_cached(tmp_path):
    cache = ResultCache(tmp_path)
    results, stats = map_documents(
        "s", "1", [Task("d1", "f1", "x.pdf")], broken, {}, cache, execution=QUIET
    )
    assert results["d1"].meta["status"] == "failed"
    assert "cannot read x.pdf" in results["d1"].meta["problem"]
    assert stats.errors and not any(tmp_path.rglob("*.json"))


def test_atomic_writes_produce_ordinary_readable_files(tmp_path):
    import stat

    from pipeline import io

    io.write_text(tmp_path / "report.txt", "hello")
    mode = stat.S_IMODE((tmp_path / "report.txt").stat().st_mode)
    assert mode & stat.S_IRGRP and mode & stat.S_IROTH
    assert not list(tmp_path.glob(".*.tmp"))
