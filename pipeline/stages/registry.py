"""The registry of stages: every stage object, in the order `policyframes run`
executes them, plus `train`, which DVC knows as a frozen stage but `run` does not
call (it needs labelled sentences from outside the repository)."""

from __future__ import annotations

from pipeline.stages import (
    annotate,
    compare,
    definitions,
    drift,
    embed,
    extract,
    framings,
    report,
    stakeholders,
    train,
)
from pipeline.stages.spec import CODEBOOK, TAGGERS, Out, Stage

#: the stages of a run, in data-flow order
STAGES: list[Stage] = [
    extract.STAGE,
    annotate.STAGE,
    embed.STAGE,
    framings.STAGE,
    definitions.STAGE,
    stakeholders.STAGE,
    drift.STAGE,
    compare.STAGE,
    report.STAGE,
]

TRAIN = Stage(
    name="train",
    help="Fit the framing, definition and interest taggers from labelled sentences.",
    run=train.run,
    inputs=(CODEBOOK,),
    outputs=(Out(TAGGERS, cache=False),),
    params=(
        "codebook",
        "train",
        "embed",
        "framings.min_probability",
        "definitions.min_probability",
        "stakeholders.min_probability",
    ),
    per_corpus=False,
    cmd="policyframes train --out " + TAGGERS,
    frozen=True,
    note="Fits the taggers (models/taggers, committed) from the labelled sentences that\n"
    "params.yaml `train:` names; those sit outside the repository (../shared), so the\n"
    "stage is frozen: `dvc repro` uses the committed models, and\n"
    "`dvc unfreeze train && dvc repro train` (or `policyframes train`) refits them.",
)

#: every stage DVC runs, the frozen `train` first
DVC_STAGES: list[Stage] = [TRAIN, *STAGES]


def get(name: str) -> Stage:
    """The stage called `name`."""
    for stage in DVC_STAGES:
        if stage.name == name:
            return stage
    raise KeyError(f"no stage {name!r}; stages: {', '.join(s.name for s in DVC_STAGES)}")
