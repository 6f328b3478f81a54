"""The one-page, self-contained HTML report.

Everything is inline: CSS, a few lines of JavaScript, the charts as SVG. Every
number in a table is a *cell*: clicking it lists the sentences behind it (also
reachable as `report.html#cell-N`). The page is a pure function of the pipeline's
tables: no timestamps, everything sorted, so the same outputs give the same bytes.

The page is `templates/report.html.j2`; each section's context comes from one
function in `sections` (the static figures from `charts`), composed by `build_report`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pandas as pd

from pipeline.analysis.inputs import Outputs
from pipeline.codebook import Codebook
from pipeline.report import charts, figures, sections
from pipeline.report.evidence import Cells, payload
from pipeline.report.formats import FILTERS
from pipeline.report.glance import at_a_glance
from pipeline.report.network import build as build_network


@dataclass(frozen=True)
class ReportTables:
    """What the page shows: the upstream tables, the drift and compare stages'
    tables and the corpus metrics."""

    outputs: Outputs
    drift: pd.DataFrame
    over_time: pd.DataFrame
    comparison: pd.DataFrame
    axis: pd.DataFrame
    metrics: dict[str, object]


@dataclass(frozen=True)
class ReportOptions:
    """The report's params: how many sentences a cell lists, the network's size and
    layout seed, the figures' folder, row cap and cache."""

    max_evidence: int = 200
    network_top: int = 40
    seed: int = 7
    figures_dir: Path | None = None
    figure_rows: int | None = None
    figure_cache: Path | None = None


@functools.cache
def _template() -> jinja2.Template:
    """The page's template, `templates/report.html.j2`, shipped with the package."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(FILTERS)
    return env.get_template("report.html.j2")


def build_report(
    tables: ReportTables, codebook: Codebook, corpus: str, options: ReportOptions | None = None
) -> str:
    """The page for one corpus: the sections in page order, each numbering its cells
    after the previous one's."""
    options = options or ReportOptions()
    outputs = tables.outputs
    framings = list(codebook.framings)
    framing_labels = {key: framing.label for key, framing in codebook.framings.items()}
    poles = codebook.axis_poles()
    framing_colours = codebook.framing_colours()
    cells = Cells(options.max_evidence)
    docs = sections.documents(outputs.documents)
    label_of = docs.set_index("doc_id")["label"].to_dict()

    defs = sections.dated_definitions(outputs.definitions, docs)
    definitions = sections.definitions(defs, label_of, cells)
    drift = sections.drift_tables(tables.drift, cells)
    glance = at_a_glance(drift, tables.axis, definitions, poles, cells)
    comparison = sections.comparison(tables.comparison, cells)
    stakeholders = sections.stakeholders(outputs.interests, outputs.framings, framings, cells)
    graph = build_network(
        outputs.interests,
        outputs.framings,
        options.network_top,
        options.seed,
        framing_labels,
        framing_colours,
    )
    network = sections.network(graph, cells)
    drawn = charts.report_figures(defs, tables, codebook, stakeholders, graph, options)
    return _template().render(
        concept=codebook.concept.name,
        corpus=corpus,
        metrics=tables.metrics,
        framings=framings,
        framing_labels=framing_labels,
        poles=poles,
        colours={f: figures.colour(f, framing_colours) for f in stakeholders["frame_columns"]},
        definitions=definitions,
        glance=glance,
        **sections.corpus(docs, outputs.problems),
        **drift,
        **comparison,
        **stakeholders,
        **network,
        **drawn,
        data_json=payload(outputs, cells, label_of),
        missing=outputs.missing,
    )
