"""dvc.yaml, generated from the stage registry (`policyframes dvc-yaml`).

Each stage's deps are its declared inputs plus its code (every project module it
imports, transitively), its outs and plots are its declared outputs, its params
its declared sections. A test compares the committed dvc.yaml with this text, so
the two cannot drift apart.
"""

from __future__ import annotations

from typing import Any

import yaml

from pipeline.catalog import FRAMING_OVER_TIME_CSV, Table
from pipeline.codebook import load_codebook
from pipeline.params import Params
from pipeline.stages.spec import CODEBOOK, TAGGERS, Out, Stage, dvc_path

HEADER = """\
# Generated from the stage registry (pipeline/stages/registry.py) by
# `policyframes dvc-yaml --write`: edit the stages, not this file.
#
# The staged pipeline, one stage per `policyframes` sub-command, run per corpus
# listed in params.yaml. Intermediate tables go to data/<corpus>/, user-facing
# ones to reports/<corpus>/. The per-document cache (data/.cache) is not a DVC
# output: it survives re-runs, which is what makes adding one file cheap.
# Each stage's code dependencies are the modules it imports, transitively.
"""


class _Dumper(yaml.SafeDumper):
    """Block style with list items indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _dump(obj: Any) -> str:
    return yaml.dump(obj, Dumper=_Dumper, sort_keys=False, width=1000, allow_unicode=True)


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "".join(pad + line if line.strip() else line for line in text.splitlines(True))


def _resolve(target: Table | str, params: Params) -> str | None:
    path = dvc_path(target)
    if path == CODEBOOK:
        return params.codebook
    if path == TAGGERS:
        return params.taggers
    return path


def _out(out: Out, params: Params) -> str | dict[str, Any]:
    path = _resolve(out.path, params)
    options: dict[str, Any] = {} if out.cached else {"cache": False}
    options.update(out.plot or {})
    if "title" in options:
        # a title names the codebook's axis poles as {negative} and {positive}
        negative, positive = load_codebook(params.codebook).axis_poles()
        options["title"] = options["title"].format(negative=negative, positive=positive)
    return {path: options} if options else path


def stage_body(stage: Stage, params: Params) -> dict[str, Any]:
    """One stage's entry (for a per-corpus stage, what goes under `do:`)."""
    cmd = stage.cmd or (
        f"policyframes {stage.name} --corpus corpora/${{item}} --data data/${{item}} "
        "--reports reports/${item}"
    )
    body: dict[str, Any] = {"cmd": cmd.replace(TAGGERS, str(params.taggers))}
    if stage.frozen:
        body["frozen"] = True
    inputs = [p for p in (_resolve(path, params) for path in stage.inputs) if p]
    body["deps"] = [*inputs, *stage.code]
    body["params"] = list(stage.params)
    kinds = {
        "outs": [o for o in stage.outputs if not o.metric and o.plot is None],
        "plots": [o for o in stage.outputs if o.plot is not None],
        "metrics": [o for o in stage.outputs if o.metric],
    }
    for kind, outs in kinds.items():
        if outs and all(_resolve(o.path, params) for o in outs):
            body[kind] = [_out(o, params) for o in outs]
    return body


def _top_plots(params: Params) -> list[dict[str, Any]]:
    """Framing shares per period, all framings in one chart, per corpus."""
    framings = list(load_codebook(params.codebook).framings)
    return [
        {
            f"framing shares over time ({corpus})": {
                "template": "linear",
                "x": "period_start",
                "y": {FRAMING_OVER_TIME_CSV.dvc_path.replace("${item}", corpus): framings},
            }
        }
        for corpus in params.corpora
    ]


def dvc_yaml(stages: list[Stage], params: Params) -> str:
    """The text of dvc.yaml for `stages` under `params`."""
    parts = [HEADER, "\n", _dump({"plots": _top_plots(params)}), "\nstages:\n"]
    for stage in stages:
        if stage.note:
            parts.append(_indent("".join(f"# {line}\n" for line in stage.note.splitlines()), 2))
        body = stage_body(stage, params)
        entry = {"foreach": "${corpora}", "do": body} if stage.per_corpus else body
        parts.append(_indent(_dump({stage.name: entry}), 2))
    return "".join(parts)
