"""Stage — report: the self-contained HTML report, static figures, metrics.json and the
REFI-QDA export (<corpus>.qdpx + codebook.qdc)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from pipeline import catalog, io
from pipeline.analysis.inputs import load, read_tables
from pipeline.codebook import load_codebook
from pipeline.stages.spec import CODEBOOK, Out, Stage
from pipeline.workspace import Workspace

if TYPE_CHECKING:
    from pipeline.report.html import ReportOptions, ReportTables

# The page, its figures (matplotlib) and the REFI-QDA export are imported when the
# stage runs, not when the registry is read: every `policyframes` command, `--help`
# included, reads the registry.

log = logging.getLogger(__name__)

#: tables of `analysis.inputs.load` the stage does not read
SKIP = ("embeddings",)
#: the page's template (`pipeline.report.html` loads it)
TEMPLATE = "pipeline/report/templates/report.html.j2"
#: the drift and compare stages' tables the report shows
READS = (catalog.DRIFT, catalog.FRAMING_OVER_TIME, catalog.COMPARISON, catalog.AXIS_BY_DOCUMENT)


def report_tables(ws: Workspace, framings: list[str]) -> ReportTables:
    """The tables the page shows: the upstream tables, the drift and compare
    stages' tables and the corpus metrics."""
    from pipeline.report.html import ReportTables
    from pipeline.report.metrics import corpus_metrics

    outputs = load(ws.data_dir, skip=SKIP)
    drift, over_time, comparison, axis = (table.read(ws.data_dir) for table in READS)
    return ReportTables(
        outputs,
        drift=drift,
        over_time=over_time,
        comparison=comparison,
        axis=axis,
        metrics=corpus_metrics(outputs, framings),
    )


def report_options(ws: Workspace) -> ReportOptions:
    from pipeline.report.html import ReportOptions

    return ReportOptions(
        max_evidence=ws.params.report.max_evidence,
        network_top=ws.params.report.network_top,
        seed=ws.params.report.seed,
        figures_dir=catalog.FIGURES.path(ws),
        figure_rows=ws.params.report.figure_rows,
        figure_cache=ws.cache_dir / "report-figures",
    )


def run(ws: Workspace) -> str:
    from pipeline.report.html import build_report
    from pipeline.report.qdpx import build_qdpx

    codebook = load_codebook(ws.codebook_path)
    tables = report_tables(ws, list(codebook.framings))
    outputs, metrics = tables.outputs, tables.metrics
    name = ws.corpus_name
    html = build_report(tables, codebook, name, report_options(ws))
    io.write_text(catalog.REPORT_HTML.path(ws), html)
    io.write_json(catalog.METRICS_JSON.path(ws), metrics)
    project, codebook_file = build_qdpx(
        outputs,
        codebook,
        f"{codebook.concept.name} — {name}",
        fragment_cache=ws.cache_dir / "report-qdpx",
    )
    io.write_bytes(catalog.QDPX.path(ws), project)
    io.write_bytes(catalog.CODEBOOK_QDC.path(ws), codebook_file)
    log.info("report: %s (%d KB), %s.qdpx", catalog.REPORT_HTML.path(ws), len(html) // 1024, name)
    return html


STAGE = Stage(
    name="report",
    help="HTML report, figures, metrics and REFI-QDA export.",
    run=run,
    inputs=(
        *read_tables(SKIP),
        *READS,
        CODEBOOK,
        # the page's template: data, so not among the code the stage imports
        TEMPLATE,
    ),
    outputs=(
        Out(catalog.REPORT_HTML),
        Out(catalog.FIGURES),
        Out(catalog.QDPX),
        Out(catalog.CODEBOOK_QDC),
        # cached (unlike the other reports) so `dvc exp show` can list each
        # experiment's metrics
        Out(catalog.METRICS_JSON, cache=True, metric=True),
    ),
    params=("report",),
)
