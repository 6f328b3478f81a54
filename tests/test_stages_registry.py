"""The stage registry: dvc.yaml is generated from it, code deps are computed, and a
stage's cache version follows its code."""

from __future__ import annotations

from pathlib import Path

import yaml

from pipeline.params import load_params
from pipeline.sources import MACHINERY, closure, closure_files, code_version, direct_imports
from pipeline.stages import annotate, definitions, extract, framings, stakeholders
from pipeline.stages.dvc import dvc_yaml
from pipeline.stages.registry import DVC_STAGES, STAGES, get

REPO = Path(__file__).resolve().parent.parent


def test_committed_dvc_yaml_is_the_generated_one():
    generated = dvc_yaml(DVC_STAGES, load_params(REPO / "params.yaml"))
    committed = (REPO / "dvc.yaml").read_text(encoding="utf-8")
    assert committed == generated, "dvc.yaml is stale: run `policyframes dvc-yaml --write dvc.yaml`"


def test_every_stage_is_registered_once_in_run_order():
    names = [stage.name for stage in STAGES]
    assert names == [
        "extract", "annotate", "embed", "framings", "definitions", "stakeholders", "drift",
        "compare", "report",
    ]  # fmt: skip
    assert get("train").frozen and get("annotate") is annotate.STAGE


def test_code_deps_follow_imports_transitively():
    code = set(get("definitions").code)
    # imported by pipeline.tag.definitions, not by the stage module itself
    assert {"pipeline/tag/definition_syntax.py", "pipeline/nlp.py"} <= code
    assert "pipeline/stages/definitions.py" in code
    assert not any(path.startswith("pipeline/report/") for path in code)
    # a lazy import inside a function counts: training frames sentences
    assert "pipeline/stages/framings.py" in get("train").code


def test_every_project_import_of_a_stage_is_a_dep():
    """Cross-check the computed closure against what importing the module loads."""
    import subprocess
    import sys

    probe = (
        "import sys, pipeline.stages.annotate as m; "
        "print('\\n'.join(sorted(n for n in sys.modules if n.startswith('pipeline'))))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    assert set(loaded) <= set(closure("pipeline.stages.annotate"))


def test_dvc_entries_carry_inputs_params_and_outputs():
    text = dvc_yaml(DVC_STAGES, load_params(REPO / "params.yaml"))
    stages = yaml.safe_load(text)["stages"]
    train = stages["train"]
    assert train["frozen"] is True and train["outs"] == [{"models/taggers": {"cache": False}}]
    tagged = stages["definitions"]["do"]
    assert "models/taggers" in tagged["deps"] and "taggers" in tagged["params"]
    assert "data/${item}/sentences.parquet" in tagged["deps"]
    assert stages["report"]["do"]["metrics"] == ["reports/${item}/metrics.json"]
    # every declared file input of a stage is an output of an earlier stage (or the
    # corpus, codebook, taggers)
    produced = {"corpora/${item}", "models/codebook.yaml", "models/taggers"}
    for name in [s.name for s in STAGES]:
        body = stages[name]["do"]
        for dep in body["deps"]:
            assert dep.startswith("pipeline/") or dep in produced, (name, dep)
        for kind in ("outs", "plots", "metrics"):
            for out in body.get(kind, []):
                produced.add(out if isinstance(out, str) else next(iter(out)))


def test_cache_version_is_a_hash_of_the_stage_code():
    assert code_version("pipeline.stages.annotate") == annotate.VERSION
    assert len({s.VERSION for s in (extract, annotate, framings, definitions, stakeholders)}) == 5
    # the machinery that runs the work is not part of what it computes
    assert "pipeline.runner" in closure("pipeline.stages.annotate")
    assert not MACHINERY & {"pipeline.nlp", "pipeline.stages.annotate"}


def test_direct_imports_resolve_modules_and_their_packages():
    found = direct_imports("pipeline.stages.stakeholders")
    assert {"pipeline.tag.exports", "pipeline.tag", "pipeline"} <= found
    # `from pipeline.tag.lexicon import build_lexicon` names a function, not a module
    assert "pipeline.tag.lexicon.build_lexicon" not in found
    assert all(path.endswith(".py") for path in closure_files("pipeline.stages.drift"))
