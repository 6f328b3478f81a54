"""Stage — report: the self-contained HTML report, static figures, metrics.json and the
REFI-QDA export (<corpus>.qdpx + codebook.qdc)."""

from __future__ import annotations

import logging

from pipeline import io
from pipeline.analysis.inputs import load, read_files
from pipeline.codebook import load_codebook
from pipeline.report.html import ReportOptions, ReportTables, build_report
from pipeline.report.metrics import corpus_metrics
from pipeline.report.qdpx import build_qdpx
from pipeline.stages.spec import CODEBOOK, Out, Stage, located, report
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)

#: tables of `analysis.inputs.load` the stage does not read
SKIP = ("embeddings",)
#: the page's template (`pipeline.report.html` loads it)
TEMPLATE = "pipeline/report/templates/report.html.j2"
#: the drift and compare stages' tables the report shows
READS = ("drift.csv", "framing_over_time.csv", "comparison.csv", "axis_by_document.csv")


def corpus_name(ws: Workspace) -> str:
    return ws.corpus_dir.resolve().name or "corpus"


def report_tables(ws: Workspace, framings: list[str]) -> ReportTables:
    """The tables the page shows: the upstream tables, the drift and compare
    stages' tables and the corpus metrics."""
    outputs = load(ws.data_dir, ws.reports_dir, skip=SKIP)
    drift_csv, over_time_csv, comparison_csv, axis_csv = (ws.report(name) for name in READS)
    return ReportTables(
        outputs,
        drift=io.read_csv(drift_csv),
        over_time=io.read_csv(over_time_csv),
        comparison=io.read_csv(comparison_csv, dtype={"group": "str"}),
        axis=io.read_csv(axis_csv),
        metrics=corpus_metrics(outputs, framings),
    )


def report_options(ws: Workspace) -> ReportOptions:
    return ReportOptions(
        max_evidence=ws.params.report.max_evidence,
        network_top=ws.params.report.network_top,
        seed=ws.params.report.seed,
        figures_dir=ws.report("figures"),
        figure_rows=ws.params.report.figure_rows,
        figure_cache=ws.cache_dir / "report-figures",
    )


def run(ws: Workspace) -> str:
    codebook = load_codebook(ws.codebook_path)
    tables = report_tables(ws, list(codebook.framings))
    outputs, metrics = tables.outputs, tables.metrics
    name = corpus_name(ws)
    html = build_report(tables, codebook, name, report_options(ws))
    io.write_text(ws.report("report.html"), html)
    io.write_json(ws.report("metrics.json"), metrics)
    project, codebook_file = build_qdpx(
        outputs,
        codebook,
        f"{codebook.concept.name} — {name}",
        fragment_cache=ws.cache_dir / "report-qdpx",
    )
    io.write_bytes(ws.report(f"{name}.qdpx"), project)
    io.write_bytes(ws.report("codebook.qdc"), codebook_file)
    log.info("report: %s (%d KB), %s.qdpx", ws.report("report.html"), len(html) // 1024, name)
    return html


STAGE = Stage(
    name="report",
    help="HTML report, figures, metrics and REFI-QDA export.",
    run=run,
    inputs=(
        *(located(*file) for file in read_files(SKIP)),
        *(report(name) for name in READS),
        CODEBOOK,
        # the page's template: data, so not among the code the stage imports
        TEMPLATE,
    ),
    outputs=(
        Out(report("report.html"), cache=False),
        Out(report("figures"), cache=False),
        Out(report("${item}.qdpx"), cache=False),
        Out(report("codebook.qdc"), cache=False),
        # cached (unlike the other reports) so `dvc exp show` can list each
        # experiment's metrics
        Out(report("metrics.json"), metric=True),
    ),
    params=("report",),
)
