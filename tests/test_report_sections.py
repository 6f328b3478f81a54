"""The report page composed from its sections: rendered straight from the factory's
tables, it has every section in page order, numbers its cells without gaps and
gives the same bytes on every render and as the stage's report.html."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from pipeline import catalog
from pipeline.codebook import load_codebook
from pipeline.params import Params
from pipeline.report.html import ReportOptions, build_report
from pipeline.report.sections import corpus, documents
from pipeline.stages.report import report_options, report_tables
from pipeline.workspace import Workspace
from tests.test_report_factory import make_tables, write_tables
from tests.test_report_html import Collector, evidence, run_report

SECTIONS = ["glance", "corpus", "definitions", "framing-time", "drift", "axis",
            "comparison", "stakeholders", "network", "problems"]  # fmt: skip


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    out = run_report(write_tables(tmp_path_factory.mktemp("sections") / "out"))
    return Workspace.for_run(out.parent / "fixture-corpus", out, Params())


@pytest.fixture(scope="module")
def page(workspace: Workspace) -> str:
    codebook = load_codebook(workspace.codebook_path)
    tables = report_tables(workspace, list(codebook.framings))
    return build_report(tables, codebook, workspace.corpus_name, report_options(workspace))


def test_the_template_ships_with_the_package() -> None:
    template = resources.files("pipeline.report") / "templates" / "report.html.j2"
    assert template.is_file() and "{{ data_json | safe }}" in template.read_text("utf-8")


def test_sections_appear_in_page_order(page: str) -> None:
    found = re.findall(r'<section id="([^"]+)">', page)
    assert found == SECTIONS
    for anchor in SECTIONS[1:]:
        assert f'<a href="#{anchor}">' in page  # the nav reaches each section


def test_cells_are_numbered_without_gaps(page: str) -> None:
    parser = Collector()
    parser.feed(page)
    assert set(parser.cells) == set(range(len(evidence(page)["cells"])))


def test_renders_are_byte_identical_and_match_the_stage(
    workspace: Workspace, page: str, tmp_path: Path
) -> None:
    codebook = load_codebook(workspace.codebook_path)
    tables = report_tables(workspace, list(codebook.framings))
    options = report_options(workspace)
    again = build_report(tables, codebook, workspace.corpus_name, options)
    assert again.encode() == page.encode()
    assert catalog.REPORT_HTML.path(workspace).read_text(encoding="utf-8") == page
    # without a figures folder the page is the same: the figures only go inline
    bare = build_report(tables, codebook, workspace.corpus_name, ReportOptions())
    assert bare == build_report(tables, codebook, workspace.corpus_name, ReportOptions())
    assert re.findall(r'<section id="([^"]+)">', bare) == SECTIONS


def test_the_axis_poles_come_from_the_codebook(workspace: Workspace, page: str) -> None:
    codebook = load_codebook(workspace.codebook_path)
    negative, positive = codebook.axis_poles()
    assert codebook.framings[negative].axis == -1.0 and codebook.framings[positive].axis == 1.0
    assert f"Each document on the {negative} ↔ {positive} axis" in page
    flipped = codebook.model_copy(deep=True)
    flipped.framings[negative].axis, flipped.framings[positive].axis = 1.0, -1.0
    assert flipped.axis_poles() == (positive, negative)


def test_a_section_function_takes_only_its_tables() -> None:
    tables = make_tables()
    docs = documents(tables["documents"])
    context = corpus(docs, tables["problems"])
    assert [d["file"] for d in context["documents"]][-1] == "broken_scan.pdf"  # no year
    assert len(context["documents"]) == 6 and context["problems"]
