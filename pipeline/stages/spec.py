"""What a stage declares: the files it reads and writes, its params sections and its
code. `pipeline.stages.registry` lists the stage objects; the CLI, `policyframes
run` and the generated dvc.yaml (`pipeline.stages.dvc`) all read that list.

Paths are written as DVC sees them for one corpus: `corpora/${item}`,
`data/${item}/...` (intermediate tables), `reports/${item}/...` (user-facing
files), and two names resolved from params.yaml: `CODEBOOK` and `TAGGERS`. The code
a stage depends on is not declared by hand: it is every project module the stage's
module imports, transitively (`pipeline.sources`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pipeline.sources import closure_files, code_version

CORPUS = "corpora/${item}"
#: the codebook and the trained taggers, wherever params.yaml says they are
CODEBOOK = "<codebook>"
TAGGERS = "<taggers>"


def data(name: str) -> str:
    """An intermediate table of the corpus (data/<corpus>/NAME)."""
    return f"data/${{item}}/{name}"


def report(name: str) -> str:
    """A user-facing file of the corpus (reports/<corpus>/NAME)."""
    return f"reports/${{item}}/{name}"


def located(folder: str, name: str) -> str:
    """NAME in folder "data" or "reports" (see `analysis.inputs.TABLE_FILES`)."""
    return data(name) if folder == "data" else report(name)


@dataclass(frozen=True)
class Out:
    """One output. `cache`: kept in DVC's cache (intermediate tables); user-facing
    files are not, so they stay plain files in reports/. `metric`: DVC metrics
    file. `plot`: DVC plot properties (x, y, template, title)."""

    path: str
    cache: bool = True
    metric: bool = False
    plot: dict[str, Any] | None = None


@dataclass(frozen=True)
class Stage:
    name: str
    help: str
    #: the stage itself: reads its inputs from the workspace, writes its outputs
    #: (for a stage with its own `cmd`, the function that command calls)
    run: Callable[..., object]
    inputs: tuple[str, ...]
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
