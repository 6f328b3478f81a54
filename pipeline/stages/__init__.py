"""The pipeline's stages, in data-flow order.

extract -> annotate -> embed -> framings -> definitions / stakeholders -> drift / compare / report

Framing runs before tagging so that each definition and interest statement can carry
the framing of its sentence; framing candidates come from the codebook's terms, not
from the tags, so nothing circular is needed.

Each stage module exposes `run(ws: Workspace)`, reading its inputs from and writing
its outputs to the workspace through `pipeline.io`, and declares itself as a
`Stage` object (`STAGE`, see `pipeline.stages.spec`): what it reads and writes, its
params sections. `pipeline.stages.registry` lists them: the CLI registers one
sub-command per entry, `policyframes run` calls them in order and dvc.yaml is
generated from them (`policyframes dvc-yaml`).

This package module imports nothing: importing one stage (a worker process does, to
run its per-document function) then loads that stage alone.
"""
