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

from pipeline import io
from pipeline.lock import session
from pipeline.params import ConfigError, Params, load_params
from pipeline.stages.registry import DVC_STAGES, STAGES
from pipeline.stages.spec import Stage
from pipeline.workspace import Workspace

#: names a dask.distributed scheduler for one run; wins over params `run.scheduler`
SCHEDULER_ENV = "POLICYFRAMES_SCHEDULER"
#: models ship inside installed packages: never reach for a hub at run time (and no
#: tokenizer threads, which do not survive the worker processes' fork)
MODEL_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}

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
    message = " ".join(message.split())  # one line, even for a multi-line YAML error
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code=2)


@app.callback()
def _environment() -> None:
    """The one place the environment is read or set: this callback runs before
    every command, and `load_or_fail` applies $POLICYFRAMES_SCHEDULER. Nothing below
    the CLI reads environment variables; settings travel in Params and Workspace."""
    for name, value in MODEL_ENV.items():
        os.environ.setdefault(name, value)


def with_environment(settings: Params) -> Params:
    """`settings` with what the environment overrides: $POLICYFRAMES_SCHEDULER."""
    address = os.environ.get(SCHEDULER_ENV)
    if not address:
        return settings
    run = settings.run.model_copy(update={"scheduler": address})
    return settings.model_copy(update={"run": run})


def load_or_fail(params_path: Path) -> Params:
    try:
        return with_environment(load_params(params_path))
    except ConfigError as exc:
        fail(str(exc))
        raise  # unreachable; keeps type checkers calm


def run_stage(stage: Stage, ws: Workspace) -> None:
    started = time.perf_counter()
    try:
        stage.run(ws)
    except ConfigError as exc:
        fail(str(exc))
    except FileNotFoundError as exc:
        fail(f"{stage.name}: {exc} (run the earlier stages first, or use `policyframes run`)")
    log.info("%s done in %.1f s", stage.name, time.perf_counter() - started)


def _make_stage_command(stage: Stage) -> None:
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
                run_stage(stage, ws)
        except ConfigError as exc:  # the workspace is locked by another run
            fail(str(exc))

    command.__doc__ = stage.help
    app.command(stage.name, help=stage.help)(command)


for _stage in STAGES:
    _make_stage_command(_stage)


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
            for stage in STAGES:
                run_stage(stage, ws)
    except ConfigError as exc:  # the workspace is locked by another run
        fail(str(exc))
    log.info("all stages done in %.1f s; results in %s", time.perf_counter() - started, out)


@app.command("dvc-yaml")
def dvc_yaml_command(
    params: ParamsOpt = Path("params.yaml"),
    write: Annotated[
        Path | None, typer.Option("--write", help="Write it to this file (e.g. dvc.yaml).")
    ] = None,
) -> None:
    """Print dvc.yaml as generated from the stage registry (or write it with --write)."""
    from pipeline.stages.dvc import dvc_yaml

    try:
        print_or_write(dvc_yaml(DVC_STAGES, load_or_fail(params)), write)
    except ConfigError as exc:  # an unreadable codebook
        fail(str(exc))


def print_or_write(text: str, path: Path | None) -> None:
    """A generated file's text: to stdout, or written to `path`."""
    if path is None:
        sys.stdout.write(text)
    else:
        io.write_text(path, text)


@app.command("design")
def design_command(
    write: Annotated[
        Path | None, typer.Option("--write", help="Write it to this file (docs/design.md).")
    ] = None,
) -> None:
    """Print the design notes (stage graph, table catalog) as generated from the stage
    registry and the catalog (or write them with --write)."""
    from pipeline.stages.design import design_markdown

    print_or_write(design_markdown(DVC_STAGES), write)


@app.command("train")
def train_command(
    labels: Annotated[
        list[Path] | None,
        typer.Option("--labels", help="Labelled JSONL or .qdpx file (repeat for several)."),
    ] = None,
    corpus: Annotated[
        list[Path] | None,
        typer.Option(
            "--corpus",
            help="Folder holding labelled documents (repeat for several; --split applies to "
            "a folder whose metadata.csv has a split column, the others are used whole).",
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for the models.")] = Path(
        "models/taggers"
    ),
    work: Annotated[
        Path, typer.Option("--work", help="Folder for the labelled corpus's tables.")
    ] = Path("data/train"),
    split: Annotated[
        str | None, typer.Option("--split", help="metadata.csv split to fit on (default: params)")
    ] = None,
    all_documents: Annotated[
        bool, typer.Option("--all-documents", help="Fit on every labelled document.")
    ] = False,
    params: ParamsOpt = Path("params.yaml"),
    cache: CacheOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Fit the framing, definition and interest taggers from labelled sentences."""
    from pipeline.learn.labels import LabelError
    from pipeline.learn.train import train

    setup_logging(quiet)
    settings = load_or_fail(params)
    files = labels or [Path(p) for p in settings.train.labels]
    folders = corpus or [Path(c) for c in settings.train.corpus]
    if not files or not folders:
        fail("give --labels FILE and --corpus DIR (or train.labels and train.corpus in params)")
    missing = [f"corpus folder not found: {f}" for f in folders if not f.is_dir()]
    missing += [f"labels file not found: {p}" for p in files if not p.is_file()]
    if missing:
        fail("; ".join(missing))
    chosen_split = None if all_documents else (split or settings.train.split)
    try:
        train(files, folders, work, out, settings, chosen_split, cache=cache)
    except (LabelError, ConfigError) as exc:
        fail(str(exc))


@app.command("evaluate")
def evaluate_command(
    gold: Annotated[Path, typer.Argument(help="Gold file (JSON lines, see the guidelines).")],
    outdir: Annotated[
        Path, typer.Argument(help="Output folder of `policyframes run --out` (or data/<corpus>).")
    ],
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Also write the figures to this JSON file.")
    ] = None,
    errors: Annotated[bool, typer.Option(help="List false positives and misses.")] = False,
) -> None:
    """Score definitions, attribution, framing and interests against a gold file."""
    from pipeline.evaluate import error_lines, evaluate, render, without_errors

    if not gold.is_file():
        fail(f"gold file not found: {gold}")
    if not outdir.is_dir():
        fail(f"output folder not found: {outdir}")
    try:
        figures = evaluate(gold, outdir)
    except (ValueError, KeyError, FileNotFoundError) as exc:
        fail(f"cannot evaluate {outdir} against {gold}: {exc}")
    out = Console()
    out.print(render(figures))
    if figures["documents_missing"]:
        out.print(f"gold documents missing from the run: {figures['documents_missing']}")
    for line in error_lines(figures) if errors else []:
        out.print(line, highlight=False, markup=False)
    if json_path is not None:
        io.write_json(json_path, without_errors(figures))


@app.command("compare-docs")
def compare_docs_command(
    first: Annotated[str, typer.Argument(help="doc_id prefix, file name or title substring.")],
    second: Annotated[str, typer.Argument(help="The document to set beside it.")],
    reports: Annotated[
        Path, typer.Option(help="Reports folder (or the --out folder of `policyframes run`).")
    ] = Path("reports/demo"),
    data: Annotated[
        Path | None, typer.Option(help="Data folder (default: <reports>/data or data/<corpus>).")
    ] = None,
    params: ParamsOpt = Path("params.yaml"),
) -> None:
    """Two documents side by side: definitions, framing profile, stakeholder interests
    (read from the run's intermediate tables, beside the reports folder)."""
    from pipeline.analysis.inputs import load
    from pipeline.analysis.side_by_side import AmbiguousDocument, print_side_by_side
    from pipeline.codebook import load_codebook

    settings = load_or_fail(params)
    if data is None:
        data = reports / "data" if (reports / "data").is_dir() else Path("data") / reports.name
    try:
        outputs = load(data)
        codebook = load_codebook(settings.codebook)
        print_side_by_side(outputs, first, second, codebook, Console())
    except (AmbiguousDocument, FileNotFoundError, ConfigError) as exc:
        fail(str(exc))


@app.command("add")
def add_command(
    files: Annotated[list[Path], typer.Argument(help="Documents to add (PDF, HTML, TXT, MD).")],
    corpus: Annotated[str, typer.Option("--corpus", help="Corpus name (corpora/NAME) or folder.")],
    title: Annotated[str | None, typer.Option(help="Title (one file only).")] = None,
    organisation: Annotated[str | None, typer.Option(help="Publishing organisation.")] = None,
    year: Annotated[str | None, typer.Option(help="Year of publication.")] = None,
    kind: Annotated[str | None, typer.Option(help="Kind: report, brief, strategy, ...")] = None,
    url: Annotated[str | None, typer.Option(help="Where the document was found.")] = None,
    replace: Annotated[
        bool, typer.Option(help="Overwrite a corpus file of the same name and other content.")
    ] = False,
) -> None:
    """Copy documents into a corpus and record them in its metadata.csv; the next run
    (or `dvc repro`) processes only the new files."""
    from pipeline.add import AddError, add_files, resolve_corpus

    corpus_dir = resolve_corpus(corpus)
    fields = {"title": title, "organisation": organisation, "year": year, "kind": kind, "url": url}
    try:
        added = add_files(files, corpus_dir, fields, replace=replace)
    except AddError as exc:
        fail(str(exc))
        return
    out = Console()
    for item in added:
        out.print(f"{item.action}: {corpus_dir / item.name}", highlight=False, markup=False)


@app.command("import-qdpx")
def import_qdpx_command(
    qdpx: Annotated[Path, typer.Argument(help="REFI-QDA project (.qdpx), e.g. edited in NVivo.")],
    out: Annotated[Path, typer.Option("--out", help="Labels file to write (JSON lines).")],
    params: ParamsOpt = Path("params.yaml"),
) -> None:
    """Read the codings of a REFI-QDA project back into labelled sentences (the labels
    schema used for training), one JSON object a line."""
    import json

    from rich.markup import escape

    from pipeline.codebook import load_codebook
    from pipeline.learn.labels import LabelError
    from pipeline.report.qdpx_import import import_qdpx, summary

    settings = load_or_fail(params)
    try:
        codebook = load_codebook(settings.codebook)
    except ConfigError as exc:
        fail(str(exc))
        return
    try:
        result = import_qdpx(qdpx, codebook)
    except LabelError as exc:  # nothing is written: a partial labels file would mislead
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=1) from None
    records = sorted(result.records, key=lambda r: (r.file, r.sentence))
    lines = [json.dumps(r.model_dump(exclude={"source"}), ensure_ascii=False) for r in records]
    io.write_text(out, "".join(f"{line}\n" for line in lines))
    console = Console(highlight=False, soft_wrap=True)
    console.print(f"{qdpx}: {summary(records)} -> {out}", markup=False)
    ignored = ", ".join(result.ignored) or "none"
    console.print(f"ignored codes outside the codebook: {ignored}", markup=False)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
