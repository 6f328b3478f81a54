"""The pipeline's stages, in data-flow order.

extract -> annotate -> embed -> framings -> definitions / stakeholders -> drift / compare / report

Framing runs before tagging so that each definition and interest statement can carry
the framing of its sentence; framing candidates come from the codebook's terms, not
from the tags, so nothing circular is needed.

Each stage module exposes `run(ws: Workspace)`, reading its inputs from and writing
its outputs to the workspace through `pipeline.io`. The CLI registers one
sub-command per entry here and `policyframes run` calls them in this order.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from pipeline.workspace import Workspace

#: (name, module, one-line help), in the order `policyframes run` executes them.
STAGES: list[tuple[str, str, str]] = [
    ("extract", "pipeline.stages.extract", "Extract blocks in reading order from every document."),
    ("annotate", "pipeline.stages.annotate", "Split prose blocks into sentences with spaCy."),
    ("embed", "pipeline.stages.embed", "Embed the concept's candidate sentences (cached)."),
    ("framings", "pipeline.stages.framings", "Frame each candidate sentence; profile documents."),
    ("definitions", "pipeline.stages.definitions", "Find sentences defining the concept."),
    ("stakeholders", "pipeline.stages.stakeholders", "Find actors and the interests they hold."),
    ("drift", "pipeline.stages.drift", "Trace how definitions, framings and words move in time."),
    ("compare", "pipeline.stages.compare", "Compare documents (or groups of them) side by side."),
    ("report", "pipeline.stages.report", "HTML report, figures, metrics and REFI-QDA export."),
]


def stage_runner(module: str) -> Callable[[Workspace], object]:
    return import_module(module).run
