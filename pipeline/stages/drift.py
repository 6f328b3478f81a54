"""Stage — drift: how the concept's definitions, framings, context and vocabulary move
between periods -> the drift and framing_over_time tables (intermediate, for the
report), shown as drift.csv and framing_over_time.csv (for plots)."""

from __future__ import annotations

import logging

import pandas as pd

from pipeline import catalog
from pipeline.analysis.drift import drift_table
from pipeline.analysis.inputs import load, read_tables
from pipeline.codebook import load_codebook
from pipeline.concept import concept_pattern
from pipeline.stages.spec import CODEBOOK, Out, Stage
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)

#: tables of `analysis.inputs.load` the stage does not read
SKIP = ("sentences", "blocks")


def run(ws: Workspace) -> pd.DataFrame:
    codebook = load_codebook(ws.codebook_path)
    outputs = load(ws.data_dir, skip=SKIP)
    table, over_time = drift_table(
        outputs, ws.params.drift, list(codebook.framings), concept_pattern(codebook.concept)
    )
    catalog.DRIFT.write(ws, table)
    catalog.FRAMING_OVER_TIME.write(ws, over_time)
    catalog.DRIFT_CSV.write(ws, table)
    catalog.FRAMING_OVER_TIME_CSV.write(ws, over_time)
    periods = table["period"].nunique()
    log.info("drift: %d rows over %d periods", len(table), periods)
    if outputs.missing:
        log.warning("drift: inputs not found, treated as empty: %s", ", ".join(outputs.missing))
    return table


STAGE = Stage(
    name="drift",
    help="Trace how definitions, framings and words move in time.",
    run=run,
    inputs=(*read_tables(SKIP), CODEBOOK),
    outputs=(
        Out(catalog.DRIFT),
        Out(catalog.FRAMING_OVER_TIME),
        Out(catalog.DRIFT_CSV),
        Out(
            catalog.FRAMING_OVER_TIME_CSV,
            plot={
                "x": "period_start",
                "y": "axis_mean",
                "title": "mean framing axis per period (-1 {negative}, +1 {positive})",
            },
        ),
    ),
    params=("drift",),
)
