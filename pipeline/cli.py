"""The `policyframes` command line.

One sub-command per stage (what DVC calls), `run` for all stages on any folder, and
the tools around them (evaluate, compare, add). Errors a user can fix — a missing
folder, a bad params.yaml or codebook — are printed as one clear message with exit
code 2, not as a traceback.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.logging import RichHandler

from pipeline.lock import session
from pipeline.params import ConfigError, Params, load_params
from pipeline.stages import STAGES, stage_runner
from pipeline.workspace import Workspace

# Models ship inside installed packages; never reach for a hub at run time.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

app = typer.Typer(
    help="Find how policy documents define and frame a concept, who wants what, and how "
    "that drifts over time.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
log = logging.getLogger("pipeline")

CorpusOpt = Annotated[Path, typer.Option("--corpus", help="Folder of documents (+ metadata.csv).")]
ParamsOpt = Annotated[
    Path, typer.Option("--params", help="params.yaml; defaults apply when it is absent.")
]
CacheOpt = Annotated[
    Path | None,
    typer.Option("--cache", help="Per-document cache folder (default: <data>/../.cache)."),
]
WorkersOpt = Annotated[
    int | None, typer.Option("--workers", min=1, help="Processes for per-document stages.")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Only warnings and errors.")]


def setup_logging(quiet: bool) -> None:
    logging.basicConfig(
        level=logging.WARNING if quiet else logging.INFO,
        format="%(message)s",
        handlers=[RichHandler(console=err, show_path=False, show_time=False, markup=False)],
        force=True,
    )


def fail(message: str) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code=2)


def load_or_fail(params_path: Path) -> Params:
    try:
        return load_params(params_path)
    except ConfigError as exc:
        fail(str(exc))
        raise  # unreachable; keeps type checkers calm


def run_stage(name: str, module: str, ws: Workspace) -> None:
    started = time.perf_counter()
    try:
        stage_runner(module)(ws)
    except ConfigError as exc:
        fail(str(exc))
    except FileNotFoundError as exc:
        fail(f"{name}: {exc} (run the earlier stages first, or use `policyframes run`)")
    log.info("%s done in %.1f s", name, time.perf_counter() - started)


def _make_stage_command(name: str, module: str, help_text: str) -> None:
    def command(
        corpus: CorpusOpt = Path("corpora/demo"),
        data: Annotated[Path, typer.Option(help="Folder for intermediate tables.")] = Path(
            "data/demo"
        ),
        reports: Annotated[Path, typer.Option(help="Folder for user-facing outputs.")] = Path(
            "reports/demo"
        ),
        params: ParamsOpt = Path("params.yaml"),
        cache: CacheOpt = None,
        workers: WorkersOpt = None,
        quiet: QuietOpt = False,
    ) -> None:
        setup_logging(quiet)
        settings = load_or_fail(params)
        ws = Workspace(
            corpus_dir=corpus,
            data_dir=data,
            reports_dir=reports,
            cache_dir=cache or data.parent / ".cache",
            params=settings,
            workers=workers or settings.run.workers,
            progress=not quiet,
        )
        try:
            with session(ws):
                run_stage(name, module, ws)
        except ConfigError as exc:  # the workspace is locked by another run
            fail(str(exc))

    command.__doc__ = help_text
    app.command(name, help=help_text)(command)


for _name, _module, _help in STAGES:
    _make_stage_command(_name, _module, _help)


@app.command("run")
def run_all(
    corpus: CorpusOpt,
    out: Annotated[Path, typer.Option("--out", help="Folder for the results.")],
    params: ParamsOpt = Path("params.yaml"),
    cache: CacheOpt = None,
    workers: WorkersOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Run every stage on any folder of PDF, HTML or text files; results land in OUT."""
    setup_logging(quiet)
    if not corpus.is_dir():
        fail(f"corpus folder not found: {corpus}")
    settings = load_or_fail(params)
    ws = Workspace.for_run(corpus, out, settings, cache=cache, workers=workers)
    ws.progress = not quiet
    started = time.perf_counter()
    try:
        with session(ws):
            for name, module, _ in STAGES:
                run_stage(name, module, ws)
    except ConfigError as exc:  # the workspace is locked by another run
        fail(str(exc))
    log.info("all stages done in %.1f s; results in %s", time.perf_counter() - started, out)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
