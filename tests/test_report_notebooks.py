"""The notebooks run top to bottom against pipeline outputs produced in the test
(the fixture tables through the drift, compare and report stages)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.test_report_factory import write_tables
from tests.test_report_html import run_report

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_report(write_tables(tmp_path_factory.mktemp("notebooks") / "out"))


def execute(name: str, overrides: str, workdir: Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    parameters = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1, "a notebook has exactly one cell tagged 'parameters'"
    index = notebook.cells.index(parameters[0])
    notebook.cells.insert(index + 1, nbformat.v4.new_code_cell(overrides))
    client = NotebookClient(notebook, timeout=180, kernel_name="python3",
                            resources={"metadata": {"path": str(workdir)}})  # fmt: skip
    client.execute()
    return notebook


def outputs_text(notebook: nbformat.NotebookNode) -> str:
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts.append(output.get("data", {}).get("text/plain", ""))
            parts.append(output.get("data", {}).get("text/html", ""))
    return "\n".join(parts)


def test_notebooks_are_saved_without_outputs() -> None:
    for path in NOTEBOOKS.glob("*.ipynb"):
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code"), path


def test_trace_drift_runs_and_traces_numbers(reports: Path, tmp_path: Path) -> None:
    notebook = execute("trace_drift.ipynb", f"REPORTS = Path({str(reports)!r})", tmp_path)
    text = outputs_text(notebook)
    assert "choice in 2016-2017: 80% (4 of 5 framed sentences)" in text
    assert "matter of choice rather than necessity" in text  # a sentence behind that number


def test_compare_frameworks_runs_and_separates_documents(reports: Path, tmp_path: Path) -> None:
    overrides = f'REPORTS = Path({str(reports)!r})\nA = "return of rejected"\nB = "integrated"'
    notebook = execute("compare_frameworks.ipynb", overrides, tmp_path)
    text = outputs_text(notebook)
    assert "the documents are separated on the axis" in text
    assert "largest difference" in text
    assert "fewer irregular arrivals" in text  # an interest of document A
