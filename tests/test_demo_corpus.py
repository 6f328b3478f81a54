"""The bundled demo corpus: committed files match the renderer, truth is usable."""

from __future__ import annotations

import csv
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pdfplumber
import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpora" / "demo"
RENDER = CORPUS / "_build" / "render.py"


@pytest.fixture(scope="module")
def render() -> ModuleType:
    spec = importlib.util.spec_from_file_location("demo_render", RENDER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_file() and not p.name.startswith(("_", ".")))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_rerender_is_byte_identical(render: ModuleType, tmp_path: Path) -> None:
    written = render.render_all(tmp_path)
    committed = {p.name: p.read_bytes() for p in _corpus_files()}
    fresh = {p.name: p.read_bytes() for p in written}
    assert sorted(committed) == sorted(fresh), (
        "corpus folder holds files the renderer does not write"
    )
    changed = [name for name in fresh if fresh[name] != committed[name]]
    assert not changed, f"re-run render.py and commit: {changed}"


def test_corpus_folder_holds_only_documents_and_metadata() -> None:
    allowed = {".pdf", ".html", ".txt", ".md", ".csv"}
    odd = [p.name for p in _corpus_files() if p.suffix not in allowed]
    assert not odd
    names = {p.name for p in CORPUS.iterdir() if p.is_dir()}
    assert names <= {"_build"}


def test_layout_mix(render: ModuleType) -> None:
    layouts = [d["layout"] for d in render.load_documents()]
    assert set(layouts) == set(render.LAYOUTS)
    assert 9 <= len(layouts) <= 11
    assert sum(1 for f in _corpus_files() if f.suffix == ".pdf") >= 5


def test_metadata_parses_and_names_existing_files(render: ModuleType) -> None:
    with (CORPUS / "metadata.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == render.METADATA_COLUMNS
        rows = list(reader)
    docs = render.load_documents()
    for row in rows:
        assert (CORPUS / row["file"]).is_file(), row["file"]
        assert row["title"] and row["organisation"] and row["kind"]
        assert 1990 <= int(row["year"]) <= 2030
    listed = {r["file"] for r in rows}
    unlisted = [d["file"] for d in docs if d["file"] not in listed]
    # exactly one document is left out so that title/year inference is exercised
    assert len(unlisted) == 1
    assert (CORPUS / unlisted[0]).is_file()


def test_truth_text_excludes_sidebar_footnotes_and_boilerplate(render: ModuleType) -> None:
    for doc in render.load_documents():
        truth = render.truth_text(doc["file"])
        assert truth.startswith(doc["title"])
        assert len(truth.split()) >= 350, doc["file"]
        assert "[^" not in truth
        for kind, text in render.truth_blocks(doc["file"]):
            if kind in ("sidebar", "footnote", "comment"):
                assert text not in truth, (doc["file"], kind)


def test_documents_are_digest_length(render: ModuleType) -> None:
    for doc in render.load_documents():
        body = [
            t for k, t in render.truth_blocks(doc["file"]) if k in ("body", "list_item", "heading")
        ]
        words = len(" ".join(body).split())
        assert 400 <= words <= 1500, (doc["file"], words)


def test_pdf_text_matches_truth_words(render: ModuleType) -> None:
    """Every truth word occurs in the rendered PDF (the truth describes the file)."""
    for path in (p for p in _corpus_files() if p.suffix == ".pdf"):
        with pdfplumber.open(path) as pdf:
            text = _norm(" ".join(page.extract_text() or "" for page in pdf.pages))
        truth_words = set(re.findall(r"[A-Za-z]{4,}", render.truth_text(path.name)))
        page_words = set(re.findall(r"[A-Za-z]{4,}", text))
        missing = truth_words - page_words
        assert not missing, (path.name, sorted(missing)[:10])


def test_brief_sidebar_sits_inside_a_running_sentence(render: ModuleType) -> None:
    """In the two-column brief a box, a column break and a page break each cut a sentence."""
    briefs = [d for d in render.load_documents() if d["layout"] == "brief" and d.get("sidebar")]
    assert briefs
    found = {"box": False, "column": False, "page": False}

    def is_open(line: str) -> bool:
        return not line.rstrip().endswith((".", ":", "?"))

    for doc in briefs:
        box_title = doc["sidebar"]["title"]
        with pdfplumber.open(CORPUS / doc["file"]) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                mid = page.width / 2
                body = (0, 60, page.width, page.height - 60)
                left = page.crop((0, body[1], mid, body[3])).extract_text_lines()
                right = page.crop((mid, body[1], page.width, body[3])).extract_text_lines()
                if left and right and is_open(left[-1]["text"]):
                    found["column"] = True
                if number < len(pdf.pages) and right and is_open(right[-1]["text"]):
                    found["page"] = True
                starts = [i for i, ln in enumerate(right) if ln["text"] == box_title]
                if starts and starts[0] >= 1 and is_open(right[starts[0] - 1]["text"]):
                    found["box"] = True
    assert all(found.values()), found


def test_synthesize_three_documents(render: ModuleType, tmp_path: Path) -> None:
    render.synthesize(3, tmp_path, seed=7, pages=(2, 3), write_truth=True)
    with (tmp_path / "metadata.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 3
    for row in rows:
        path = tmp_path / row["file"]
        assert path.is_file() and path.stat().st_size > 500
        truth = (tmp_path / "_truth" / f"{row['file']}.txt").read_text(encoding="utf-8")
        assert truth.startswith(row["title"])
        if path.suffix == ".pdf":
            with pdfplumber.open(path) as pdf:
                assert len(pdf.pages) >= 1
                assert row["title"].split(":")[0] in (pdf.pages[0].extract_text() or "")
        else:
            assert row["title"].split(":")[0] in path.read_text(encoding="utf-8")


def test_synthesize_is_deterministic_across_workers(render: ModuleType, tmp_path: Path) -> None:
    render.synthesize(2, tmp_path / "a", seed=3, pages=(1, 2))
    render.synthesize(2, tmp_path / "b", seed=3, pages=(1, 2), workers=2)
    a = {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir()}
    b = {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir()}
    assert a == b
