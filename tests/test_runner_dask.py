"""Per-document stages on a dask.distributed cluster write the same bytes as a local
run (a 2-worker LocalCluster stands in for a real cluster)."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.cache import ResultCache
from pipeline.runner import Execution, map_documents
from tests.test_incremental import run_all
from tests.test_runner import REPO, output_files, square, synthetic_corpus, tasks

distributed = pytest.importorskip("distributed")

QUIET = Execution(progress=False)


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local.scheduler_address


def test_map_documents_on_dask_matches_local(tmp_path, cluster):
    local, _ = map_documents(
        "sq", "1", tasks(7), square, {"tag": "d"}, ResultCache(tmp_path / "a"), execution=QUIET
    )
    remote, stats = map_documents(
        "sq", "1", tasks(7), square, {"tag": "d"}, ResultCache(tmp_path / "b"),
        execution=Execution(progress=False, scheduler=cluster),
    )  # fmt: skip
    assert stats.computed == 7 and list(remote) == list(local)
    for doc_id in local:
        pd.testing.assert_frame_equal(local[doc_id].tables["rows"], remote[doc_id].tables["rows"])
    # the client wrote the cache: a second run computes nothing, cluster or not
    _, again = map_documents(
        "sq", "1", tasks(7), square, {"tag": "d"}, ResultCache(tmp_path / "b"), execution=QUIET
    )
    assert (again.cached, again.computed) == (7, 0)


@pytest.mark.slow
def test_whole_run_on_dask_writes_the_same_bytes_as_local(tmp_path, cluster):
    corpus = synthetic_corpus(tmp_path / "corpus", 5, seed=5)
    codebook = tmp_path / "codebook.yaml"
    codebook.write_bytes((REPO / "models" / "codebook.yaml").read_bytes())
    run_all(corpus, tmp_path / "local", codebook)
    run_all(corpus, tmp_path / "dask", codebook, scheduler=cluster)
    assert output_files(tmp_path / "dask") == output_files(tmp_path / "local")
