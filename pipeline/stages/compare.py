"""Stage — compare: documents (or any documents column, `compare.by`) side by side:
framing shares, axis position, definition dimensions, actor interests
-> reports/comparison.csv (+ axis_by_document.csv for plots)."""

from __future__ import annotations

import logging

import pandas as pd

from pipeline import io
from pipeline.analysis.compare import comparison_table
from pipeline.analysis.inputs import load, read_files
from pipeline.codebook import load_codebook
from pipeline.params import ConfigError
from pipeline.stages.spec import CODEBOOK, Out, Stage, located, report
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)

#: tables of `analysis.inputs.load` the stage does not read
SKIP = ("sentences", "embeddings", "blocks")


def run(ws: Workspace) -> pd.DataFrame:
    codebook = load_codebook(ws.codebook_path)
    outputs = load(ws.data_dir, ws.reports_dir, skip=SKIP)
    try:
        table, axis = comparison_table(outputs, ws.params.compare, list(codebook.framings))
    except ValueError as exc:  # a compare.by that is not a column
        raise ConfigError(str(exc)) from exc
    io.write_csv(ws.report("comparison.csv"), table)
    io.write_csv(ws.report("axis_by_document.csv"), axis)
    log.info("compare: %d groups by %s", table["group"].nunique(), ws.params.compare.by)
    return table


STAGE = Stage(
    name="compare",
    help="Compare documents (or groups of them) side by side.",
    run=run,
    inputs=(*(located(*file) for file in read_files(SKIP)), CODEBOOK),
    outputs=(
        Out(report("comparison.csv"), cache=False),
        Out(
            report("axis_by_document.csv"),
            cache=False,
            plot={
                "template": "bar_horizontal",
                "x": "axis_mean",
                "y": "label",
                "title": "each document on the {negative} (-1) ... {positive} (+1) axis",
            },
        ),
    ),
    params=("compare",),
)
