"""The catalog: stages read intermediate tables only, every file a run writes is a
catalog entry, and every table is written with the catalog's columns and dtypes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline import catalog
from pipeline.codebook import load_codebook
from pipeline.params import Params, load_params
from pipeline.stages.design import design_markdown
from pipeline.stages.registry import DVC_STAGES, STAGES
from pipeline.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "corpora" / "demo"
#: a PDF with a box and a table, an HTML page and a plain-text digest of the demo corpus
SMALL = (
    "2017_iom_integrated_approach_reintegration_factsheet.pdf",
    "2017_eprs_reintegration_returning_migrants_digest.html",
    "2001_iom_return_rejected_asylum_seekers_digest.txt",
)


def test_no_stage_reads_a_user_facing_file():
    for stage in DVC_STAGES:
        for source in stage.inputs:
            if isinstance(source, catalog.Table):
                assert not source.user_facing, (stage.name, source.name)
                assert source.dvc_path.startswith("data/${item}/"), (stage.name, source.name)


def test_every_declared_table_is_in_the_catalog_and_written_by_one_earlier_stage():
    written: dict[str, str] = {}
    for stage in STAGES:
        for source in stage.inputs:
            if isinstance(source, catalog.Table):
                assert source.name in written, f"{stage.name} reads {source.name} before it exists"
        for out in stage.outputs:
            assert isinstance(out.target, catalog.Table), (stage.name, out.target)
            assert catalog.TABLES[out.target.name] is out.target
            assert out.target.name not in written, f"{out.target.name} has two writers"
            written[out.target.name] = stage.name
    assert set(written) == set(catalog.TABLES), "catalog entries no stage writes"


def test_user_facing_files_are_never_read_back(tmp_path):
    with pytest.raises(catalog.SchemaError, match="user-facing"):
        catalog.DEFINITIONS_CSV.read(tmp_path)


def test_a_frame_without_the_catalog_columns_is_refused(tmp_path):
    ws = Workspace.for_run(tmp_path / "corpus", tmp_path / "out", Params())
    frame = pd.DataFrame({"file": ["a.pdf"], "stage": ["extract"], "status": ["failed"]})
    with pytest.raises(catalog.SchemaError, match="problem"):
        catalog.PROBLEMS.write(ws, frame)
    with pytest.raises(catalog.SchemaError):
        catalog.PROBLEMS.write(ws, frame.assign(problem="corrupt", extra=1))
    assert not catalog.PROBLEMS.path(ws).exists()


def test_a_column_of_the_wrong_type_is_refused(tmp_path):
    ws = Workspace.for_run(tmp_path / "corpus", tmp_path / "out", Params())
    rows = pd.DataFrame({"file": ["a.pdf"], "stage": ["extract"], "status": [3], "problem": [""]})
    with pytest.raises(catalog.SchemaError, match="status"):
        catalog.PROBLEMS.write(ws, rows)
    mentions = pd.DataFrame(
        {"doc_id": ["d"], "sent_id": [1.5], "page": [1], "actor": ["IOM"], "canonical": ["IOM"]}
    ).assign(actor_type=None)
    with pytest.raises(catalog.SchemaError, match="sent_id"):
        catalog.MENTIONS.write(ws, mentions)


def test_empty_tables_keep_their_dtypes(tmp_path):
    ws = Workspace.for_run(tmp_path / "corpus", tmp_path / "out", Params())
    catalog.MENTIONS.write(ws, pd.DataFrame(columns=catalog.MENTIONS.column_names))
    back = catalog.MENTIONS.read(ws.data_dir)
    assert back.empty
    assert dict(back.dtypes.astype(str)) == catalog.MENTIONS.schema([])


@pytest.fixture(scope="module")
def small_run(tmp_path_factory) -> tuple[Path, list[str]]:
    """Every stage on three demo documents, into OUT (reports) and OUT/data."""
    root = tmp_path_factory.mktemp("catalog")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in SMALL:
        shutil.copy(DEMO / name, corpus / name)
    params = load_params(REPO / "params.yaml")
    ws = Workspace.for_run(corpus, root / "out", params, workers=1)
    ws.progress = False
    for stage in STAGES:
        stage.run(ws)
    return root / "out", list(load_codebook(params.codebook).framings)


def test_every_file_of_a_run_is_a_catalog_entry(small_run):
    out, _ = small_run
    written = {
        path.relative_to(out).parts[0] if path.parent.name != "data" else f"data/{path.name}"
        for path in out.rglob("*")
        if path.is_file() and ".cache" not in path.parts and not path.name.startswith(".")
    }
    declared = {
        f"data/{t.file}" if not t.user_facing else t.file_for("corpus")
        for t in catalog.TABLES.values()
    }
    assert written == declared


def test_every_table_is_written_with_the_catalog_schema(small_run):
    out, framings = small_run
    for table in catalog.TABLES.values():
        schema = table.schema(framings)
        if table.format == "parquet":
            path = out / "data" / table.file
            frame = pd.read_parquet(path)
            assert len(frame) or table is catalog.PROBLEMS, f"{table.name}: no rows"
            assert dict(frame.dtypes.astype(str)) == schema, table.name
            assert pq.read_schema(path).names == list(schema), table.name
        elif table.format == "csv":
            header = (out / table.file).read_text(encoding="utf-8").split("\n", 1)[0]
            assert header.split(table.separator) == list(schema), table.name


def test_a_user_facing_csv_shows_its_intermediate_table_row_for_row(small_run):
    out, _ = small_run
    for table in (catalog.DEFINITIONS, catalog.INTERESTS, catalog.DRIFT, catalog.COMPARISON):
        shown = pd.read_csv(out / f"{table.name}.csv", dtype={"doc_id": "str", "group": "str"})
        kept = table.read(out / "data")
        assert len(shown) == len(kept) and list(shown.columns) == list(kept.columns)


def test_committed_design_notes_are_the_generated_ones():
    committed = (REPO / "docs" / "design.md").read_text(encoding="utf-8")
    assert committed == design_markdown(DVC_STAGES), (
        "docs/design.md is stale: run `policyframes design --write docs/design.md`"
    )
