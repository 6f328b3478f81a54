"""Stage — drift: how the concept's definitions, framings, context and vocabulary move
between periods -> reports/drift.csv (+ framing_over_time.csv for plots)."""

from __future__ import annotations

import logging

import pandas as pd

from pipeline import io
from pipeline.analysis.drift import drift_table
from pipeline.analysis.inputs import load
from pipeline.codebook import load_codebook
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)


def run(ws: Workspace) -> pd.DataFrame:
    codebook = load_codebook(ws.codebook_path)
    outputs = load(ws.data_dir, ws.reports_dir, skip=("sentences", "blocks"))
    table, over_time = drift_table(
        outputs, ws.params.drift, list(codebook.framings), codebook.concept.terms
    )
    io.write_csv(ws.report("drift.csv"), table)
    io.write_csv(ws.report("framing_over_time.csv"), over_time)
    periods = table["period"].nunique()
    log.info("drift: %d rows over %d periods", len(table), periods)
    if outputs.missing:
        log.warning("drift: inputs not found, treated as empty: %s", ", ".join(outputs.missing))
    return table
