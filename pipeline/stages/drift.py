"""Stage — drift: how the concept's definitions, framings, context and vocabulary move
between periods -> reports/drift.csv (+ framing_over_time.csv for plots)."""

from __future__ import annotations

import logging

import pandas as pd

from pipeline import io
from pipeline.analysis.drift import drift_table
from pipeline.analysis.inputs import load, read_files
from pipeline.codebook import load_codebook
from pipeline.concept import concept_pattern
from pipeline.stages.spec import CODEBOOK, Out, Stage, located, report
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)

#: tables of `analysis.inputs.load` the stage does not read
SKIP = ("sentences", "blocks")


def run(ws: Workspace) -> pd.DataFrame:
    codebook = load_codebook(ws.codebook_path)
    outputs = load(ws.data_dir, ws.reports_dir, skip=SKIP)
    table, over_time = drift_table(
        outputs, ws.params.drift, list(codebook.framings), concept_pattern(codebook.concept)
    )
    io.write_csv(ws.report("drift.csv"), table)
    io.write_csv(ws.report("framing_over_time.csv"), over_time)
    periods = table["period"].nunique()
    log.info("drift: %d rows over %d periods", len(table), periods)
    if outputs.missing:
        log.warning("drift: inputs not found, treated as empty: %s", ", ".join(outputs.missing))
    return table


STAGE = Stage(
    name="drift",
    help="Trace how definitions, framings and words move in time.",
    run=run,
    inputs=(*(located(*file) for file in read_files(SKIP)), CODEBOOK),
    outputs=(
        Out(report("drift.csv"), cache=False),
        Out(
            report("framing_over_time.csv"),
            cache=False,
            plot={
                "x": "period_start",
                "y": "axis_mean",
                "title": "mean framing axis per period (-1 {negative}, +1 {positive})",
            },
        ),
    ),
    params=("drift",),
)
