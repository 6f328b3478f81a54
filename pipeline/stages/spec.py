"""What a stage declares: the files it reads and writes, its params sections and its
code. `pipeline.stages.registry` lists the stage objects; the CLI, `policyframes
run` and the generated dvc.yaml (`pipeline.stages.dvc`) all read that list.

Paths are written as DVC sees them for one corpus: `corpora/${item}`, the tables and
files of `pipeline.catalog` (`data/${item}/...` for intermediate tables,
`reports/${item}/...` for user-facing files, each entry's `dvc_path`), the report's
template, and two names resolved from params.yaml: `CODEBOOK` and `TAGGERS`. The code
a stage depends on is not declared by hand: it is every project module the stage's
module imports, transitively (`pipeline.sources`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pipeline.catalog import Table
from pipeline.sources import closure_files, code_version

CORPUS = "corpora/${item}"
#: the codebook and the trained taggers, wherever params.yaml says they are
CODEBOOK = "<codebook>"
TAGGERS = "<taggers>"


def dvc_path(target: Table | str) -> str:
    """A declared input or output as dvc.yaml names it."""
    return target.dvc_path if isinstance(target, Table) else target


@dataclass(frozen=True)
class Out:
    """One output: a catalog entry (or the taggers' folder). `cache`: kept in DVC's
    cache; by default intermediate tables are and user-facing files are not, so those
    stay plain files in reports/. `metric`: DVC metrics file. `plot`: DVC plot
    properties (x, y, template, title)."""

    target: Table | str
    cache: bool | None = None
    metric: bool = False
    plot: dict[str, Any] | None = None

    @property
    def path(self) -> str:
        return dvc_path(self.target)

    @property
    def cached(self) -> bool:
        if self.cache is not None:
            return self.cache
        return not (isinstance(self.target, Table) and self.target.user_facing)


@dataclass(frozen=True)
class Stage:
    name: str
    help: str
    #: the stage itself: reads its inputs from the workspace, writes its outputs
    #: (for a stage with its own `cmd`, the function that command calls)
    run: Callable[..., object]
    #: catalog tables (intermediate ones only), the corpus, codebook, taggers or a file
    inputs: tuple[Table | str, ...]
    outputs: tuple[Out, ...]
    params: tuple[str, ...]
    #: DVC: run once per corpus of params.yaml `corpora` (else once, `cmd` as given)
    per_corpus: bool = True
    cmd: str | None = None
    frozen: bool = False
    #: a comment written above the stage in dvc.yaml
    note: str = ""

    @property
    def module(self) -> str:
        """The module that defines the stage (its `run`)."""
        return self.run.__module__

    @property
    def code(self) -> list[str]:
        """Source files the stage runs: its module and every project module that
        module imports, transitively."""
        return closure_files(self.module)

    @property
    def version(self) -> str:
        """Hash of the stage's code (see `pipeline.sources.code_version`)."""
        return code_version(self.module)
