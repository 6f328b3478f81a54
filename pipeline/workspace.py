"""Where a run reads and writes: one corpus, its intermediate data folder, its
user-facing reports folder and the per-document cache.

`policyframes run --corpus DIR --out OUT` uses OUT for reports and OUT/data for
intermediate tables; the DVC pipeline uses data/<corpus> and reports/<corpus>. Which
file lives where is the catalog's to say (`pipeline.catalog`: `Table.path(ws)`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.params import Params
from pipeline.runner import Execution


@dataclass
class Workspace:
    corpus_dir: Path
    data_dir: Path
    reports_dir: Path
    cache_dir: Path
    params: Params
    workers: int = 1
    progress: bool = True

    @classmethod
    def for_run(
        cls,
        corpus: Path,
        out: Path,
        params: Params,
        cache: Path | None = None,
        workers: int | None = None,
    ) -> Workspace:
        return cls(
            corpus_dir=Path(corpus),
            data_dir=Path(out) / "data",
            reports_dir=Path(out),
            cache_dir=Path(cache) if cache else Path(out) / ".cache",
            params=params,
            workers=workers or params.run.workers,
        )

    @property
    def execution(self) -> Execution:
        """How this workspace's per-document work runs: params `run`, with the
        command's worker count and progress display."""
        run = self.params.run
        return Execution(
            workers=self.workers,
            progress=self.progress,
            scheduler=run.scheduler,
            timeout_s=run.timeout_s,
            max_memory_mb=run.max_memory_mb,
        )

    @property
    def corpus_name(self) -> str:
        """The corpus folder's name (the QDA project is <corpus>.qdpx)."""
        return self.corpus_dir.resolve().name or "corpus"

    @property
    def codebook_path(self) -> Path:
        return Path(self.params.codebook)
