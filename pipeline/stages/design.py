"""docs/design.md, generated from the stage registry and the catalog (`policyframes
design`): the stage graph (each stage's inputs, outputs and params sections) and
every table with its layer, file and columns. A test compares the committed file
with this text, as it does for dvc.yaml.
"""

from __future__ import annotations

from pipeline.catalog import TABLES, Table
from pipeline.stages.spec import CODEBOOK, CORPUS, TAGGERS, Stage

HEADER = """\
<!-- Generated from pipeline/stages/registry.py and pipeline/catalog.py by
`policyframes design --write docs/design.md`: edit those, not this file. -->

# Design: stages and tables

Every stage reads intermediate tables (`data/<corpus>/`, Parquet) and writes
intermediate tables and user-facing files (`reports/<corpus>/`). User-facing files
are written, never read back: a stage's inputs are intermediate tables, the corpus,
the codebook, the trained taggers or the report's template. With `policyframes run
--out OUT`, `data/<corpus>/` is `OUT/data` and `reports/<corpus>/` is `OUT`.
"""

#: how the non-table inputs read in the stage graph
_NAMED = {CORPUS: "the corpus folder", CODEBOOK: "the codebook", TAGGERS: "the taggers"}


def _name(target: Table | str) -> str:
    if isinstance(target, Table):
        return f"`{target.name}`"
    return _NAMED.get(target, f"`{target}`")


def stage_graph(stages: list[Stage]) -> str:
    """One table row per stage, in run order."""
    lines = [
        "## Stages",
        "",
        "| stage | reads | writes | params |",
        "|---|---|---|---|",
    ]
    for stage in stages:
        reads = ", ".join(_name(t) for t in stage.inputs)
        writes = ", ".join(_name(out.target) for out in stage.outputs)
        params = ", ".join(f"`{p}`" for p in stage.params)
        lines.append(f"| `{stage.name}` | {reads} | {writes} | {params} |")
    return "\n".join(lines) + "\n"


def _writer(table: Table, stages: list[Stage]) -> str:
    for stage in stages:
        if any(out.target == table for out in stage.outputs):
            return f"`{stage.name}`"
    return ""


def table_list(stages: list[Stage]) -> str:
    """One row per catalog entry: layer, file, format, the stage writing it, columns."""
    lines = [
        "## Tables",
        "",
        "`{framing}` stands for one column per codebook framing, `{label}` for one per",
        "framing and `none`.",
        "",
        "| table | layer | file | format | written by | about | columns |",
        "|---|---|---|---|---|---|---|",
    ]
    for table in TABLES.values():
        columns = ", ".join(f"`{name}` {dtype}" for name, dtype in table.columns)
        lines.append(
            f"| `{table.name}` | {table.layer} | `{table.dvc_path}` | {table.format} | "
            f"{_writer(table, stages)} | {table.about} | {columns} |"
        )
    return "\n".join(lines) + "\n"


def design_markdown(stages: list[Stage]) -> str:
    """The text of docs/design.md for `stages` (the registry's, `train` first)."""
    return "\n".join([HEADER, stage_graph(stages), table_list(stages)])
