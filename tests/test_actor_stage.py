"""Actor resolution through the stages: one actor per real actor in interests,
mentions, definitions, actors.csv, the DNA files and the GraphML; a bad registry
stops the stage before anything is written."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
import yaml

from pipeline.params import ConfigError, Params
from pipeline.stages.registry import get
from pipeline.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
CODEBOOK = REPO / "models" / "codebook.yaml"

SAHEL = """Return programmes in the Sahel: a 2019 review

The International Organization for Migration (IOM) runs most assisted return
programmes in the region.

IOM wants reintegration support to last at least a year after arrival.

The Organization also seeks closer ties with local employers in the towns of return.

According to UNHCR (1997), sustainable reintegration means that returnees can
rebuild their lives in safety.

The European Commission wants faster readmission of rejected asylum seekers.
"""

CORRIDOR = """Voluntary return in the eastern corridor, 2021

The UN Refugee Agency wants every return to be voluntary and informed.

The Commission seeks a common approach to reintegration across member states.
"""

STAGES = ["extract", "annotate", "definitions", "stakeholders"]


def _workspace(corpus: Path, out: Path, codebook: Path = CODEBOOK) -> Workspace:
    ws = Workspace.for_run(corpus, out, Params(codebook=str(codebook), taggers=None))
    ws.progress = False
    return ws


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("actors")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "sahel.txt").write_text(SAHEL, encoding="utf-8")
    (corpus / "corridor.txt").write_text(CORRIDOR, encoding="utf-8")
    out = root / "out"
    ws = _workspace(corpus, out)
    for name in STAGES:
        get(name).run(ws)
    return corpus, out


def test_interests_name_the_canonical_actor(run: tuple[Path, Path]) -> None:
    _, out = run
    interests = pd.read_csv(out / "interests.csv")
    by_start = {str(t).split()[0] + " " + str(t).split()[1]: c for t, c in zip(
        interests["text"], interests["canonical"], strict=True)}  # fmt: skip
    assert by_start["IOM wants"] == "IOM"
    assert by_start["The Organization"] == "IOM"  # the last organisation named in full
    assert by_start["The UN"] == "UNHCR"
    assert by_start["The European"] == "European Commission"
    assert by_start["The Commission"] == "European Commission"  # the registry's alias
    # the raw mention stays beside the resolved actor
    assert "The Organization" in set(interests["actor"])
    organisation = interests[interests["actor"] == "The Organization"]
    assert set(organisation["actor_type"]) == {"international_org"}


def test_actor_table(run: tuple[Path, Path]) -> None:
    _, out = run
    actors = pd.read_csv(out / "actors.csv", keep_default_na=False)
    assert list(actors.columns) == ["canonical", "type", "aliases", "documents", "mentions"]
    rows = actors.set_index("canonical")
    assert rows.loc["IOM", "type"] == "international_org"
    assert "International Organization for Migration" in rows.loc["IOM", "aliases"].split(";")
    assert rows.loc["UNHCR", "documents"] == 2  # credited in one document, wanting in the other
    assert rows.loc["European Commission", "documents"] == 2
    for aliases in actors["aliases"]:
        assert aliases.split(";") == sorted(aliases.split(";"))
    assert not {"UN Refugee Agency", "Commission", "The Organization"} & set(actors["canonical"])


def test_definitions_credit_the_actor_and_keep_the_year_apart(run: tuple[Path, Path]) -> None:
    _, out = run
    definitions = pd.read_csv(out / "definitions.csv")
    credited = definitions[definitions["attributed_to"].notna()]
    assert credited[["attributed_to", "defined_by", "attributed_year"]].values.tolist() == [
        ["UNHCR", "UNHCR", 1997]
    ]


def test_exports_name_the_canonical_actor(run: tuple[Path, Path]) -> None:
    _, out = run
    actors = set(pd.read_csv(out / "actors.csv")["canonical"])
    lines = (out / "dna_events.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(";")
    organisations = {dict(zip(header, line.split(";"), strict=True))["organization"]
                     for line in lines[1:]}  # fmt: skip
    assert organisations and organisations <= actors
    assert {"IOM", "UNHCR", "European Commission"} <= organisations
    statements = pd.read_csv(out / "dna_statements.csv")
    assert set(statements["organisation"]) <= actors
    graph = nx.read_graphml(out / "actor_concept.graphml")
    labels = {d["label"] for _, d in graph.nodes(data=True) if d["type"] == "actor"}
    assert labels <= actors and "UNHCR" in labels


def test_rerun_gives_the_same_bytes(run: tuple[Path, Path]) -> None:
    corpus, out = run
    names = ("actors.csv", "interests.csv", "dna_events.csv", "definitions.csv")
    before = {name: (out / name).read_bytes() for name in names}
    ws = _workspace(corpus, out)
    for name in ("definitions", "stakeholders"):
        get(name).run(ws)
    assert {name: (out / name).read_bytes() for name in names} == before


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda raw: raw["actors"]["IOM"].update(type="agency"), ["actors.IOM", "'agency'"]),
        (
            lambda raw: raw["actors"]["Frontex"]["aliases"].append("UN Refugee Agency"),
            ["actors.Frontex", "actors.UNHCR", "'UN Refugee Agency'"],
        ),
    ],
)
def test_bad_registry_stops_the_stages_before_writing(tmp_path: Path, change, named) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "sahel.txt").write_text(SAHEL, encoding="utf-8")
    out = tmp_path / "out"
    good = _workspace(corpus, out)
    for name in ("extract", "annotate"):
        get(name).run(good)
    raw = yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))
    change(raw)
    bad = tmp_path / "codebook.yaml"
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    before = sorted(p.name for p in out.rglob("*") if p.is_file())
    for name in ("definitions", "stakeholders"):
        with pytest.raises(ConfigError) as info:
            get(name).run(_workspace(corpus, out, bad))
        message = str(info.value)
        assert str(bad) in message
        assert all(part in message for part in named), message
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == before
