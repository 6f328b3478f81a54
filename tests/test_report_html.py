"""The HTML report, figures and metrics: self-contained, byte-identical across runs,
and every drill-down cell leads to real sentences."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure

from pipeline import catalog
from pipeline.params import Params
from pipeline.report import figure_files, figures
from pipeline.stages import compare, drift, report
from pipeline.workspace import Workspace
from tests.test_report_factory import make_tables, write_tables


def run_report(out: Path, params: Params | None = None) -> Path:
    ws = Workspace.for_run(out.parent / "fixture-corpus", out, params or Params())
    for stage in (drift, compare, report):
        stage.run(ws)
    return out


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_report(write_tables(tmp_path_factory.mktemp("report") / "out"))


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.cells: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("data-cell") not in (None, "-1"):
            self.cells.append(int(attributes["data-cell"]))


def evidence(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="evidence">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))


def test_report_is_self_contained(out: Path) -> None:
    html = (out / "report.html").read_text(encoding="utf-8")
    parser = Collector()
    parser.feed(html)
    for tag, attrs in parser.tags:
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            assert not re.match(r"(https?:)?//", value), (
                f"<{tag} {name}={value}> loads from the net"
            )
        assert not (tag == "link" and attrs.get("rel") == "stylesheet")
    assert html.count("<svg") >= 4  # timeline, framing over time, axis, network


def test_report_sections_show_the_corpus_and_problems(out: Path) -> None:
    html = (out / "report.html").read_text(encoding="utf-8")
    for anchor in ("corpus", "definitions", "framing-time", "drift", "axis", "comparison",
                   "stakeholders", "network", "problems"):  # fmt: skip
        assert f'id="{anchor}"' in html
    assert "broken_scan.pdf" in html and "encrypted PDF" in html
    assert "Agency (2001)" in html  # a credited definition source


def test_every_cell_opens_real_sentences(out: Path) -> None:
    html = (out / "report.html").read_text(encoding="utf-8")
    data = evidence(html)
    parser = Collector()
    parser.feed(html)
    assert parser.cells and max(parser.cells) < len(data["cells"])
    texts = set(make_tables()["sentences"]["text"])
    for index in set(parser.cells):
        cell = data["cells"][index]
        assert len(cell["r"]) <= cell["n"]
        for ref in cell["r"]:
            assert data["sents"][ref][1] in texts


def test_report_and_figures_are_byte_identical_across_runs(out: Path, tmp_path: Path) -> None:
    again = run_report(write_tables(tmp_path / "again"))
    names = ["report.html", "metrics.json", "drift.csv", "comparison.csv", "codebook.qdc"]
    names += [f"figures/{p.name}" for p in sorted((out / "figures").iterdir())]
    assert len(names) >= 5 + 10
    for name in names:
        assert (again / name).read_bytes() == (out / name).read_bytes(), name
    # the corpus folder name differs only in the .qdpx file name
    assert (again / "fixture-corpus.qdpx").read_bytes() == (
        out / "fixture-corpus.qdpx"
    ).read_bytes()


def test_svg_figures_carry_no_dates(out: Path) -> None:
    for svg in (out / "figures").glob("*.svg"):
        text = svg.read_text(encoding="utf-8")
        assert "<dc:date>" not in text, svg.name
        assert re.search(r"20\d\d-\d\d-\d\dT", text) is None, svg.name


def test_metrics_count_the_corpus(out: Path) -> None:
    metrics = json.loads((out / "metrics.json").read_text())
    tables = make_tables()
    assert metrics["documents"] == 6 and metrics["failed"] == 1
    assert metrics["sentences"] == len(tables["sentences"])
    assert metrics["definitions"] == len(tables["definitions"])
    assert metrics["interests"] == len(tables["interests"])
    assert sum(metrics["framing_share"].values()) == pytest.approx(1.0)


def test_evidence_cap_limits_listed_sentences_not_counts(tmp_path: Path) -> None:
    out = run_report(write_tables(tmp_path / "capped"),
                     Params.model_validate({"report": {"max_evidence": 1}}))  # fmt: skip
    data = evidence((out / "report.html").read_text(encoding="utf-8"))
    assert all(len(cell["r"]) <= 1 for cell in data["cells"])
    assert any(cell["n"] > 1 for cell in data["cells"])


def test_report_without_interests_or_framings(tmp_path: Path) -> None:
    out = write_tables(tmp_path / "thin")
    for table in (catalog.INTERESTS, catalog.FRAMINGS, catalog.MENTIONS):
        (out / "data" / table.file).unlink()
    run_report(out)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "No stakeholder interests were found" in html
    assert "Not available for this run" in html


def test_corpus_where_every_document_failed(tmp_path: Path) -> None:
    tables = make_tables()
    empty = {name: frame.iloc[0:0] for name, frame in tables.items()}
    empty["documents"] = tables["documents"][tables["documents"]["status"] == "failed"]
    empty["problems"] = tables["problems"]
    out = run_report(write_tables(tmp_path / "failed", empty))
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "No definitions were found." in html and "encrypted PDF" in html
    assert json.loads((out / "metrics.json").read_text())["failed"] == 1


def test_at_a_glance_reads_endpoints_and_extremes(out: Path) -> None:
    html = (out / "report.html").read_text(encoding="utf-8")
    glance = re.search(r'<section id="glance">(.*?)</section>', html, re.S)
    assert glance
    text = re.sub(r"<[^>]+>", "", glance.group(1))
    assert "-0.70 in 2000-2009" in text
    assert "+0.56 in 2016-2017 (most choice-leaning)" in text
    assert "In 2020-2024: 50% prevention (2/4), 25% choice (1/4)" in text
    assert "2 restate an earlier definition" in text
    data = evidence(html)
    restated = next(c for c in data["cells"] if c["t"] == "Definitions restated in later documents")
    assert len(restated["r"]) == 2


def test_figure_row_cap_draws_the_heaviest_rows_and_says_so(tmp_path: Path) -> None:
    out = run_report(write_tables(tmp_path / "rows"),
                     Params.model_validate({"report": {"figure_rows": 2}}))  # fmt: skip
    html = (out / "report.html").read_text(encoding="utf-8")
    axis = pd.read_csv(out / "axis_by_document.csv")
    placed = axis[axis["n_framed"] > 0]
    assert len(placed) > 2
    assert f"2 of {len(placed)} documents shown" in html and "axis_by_document.csv" in html
    # the two documents with the most framed sentences are labelled in the figure
    rows, note, caption = figures.axis_rows(axis, 2)
    assert note.startswith(f"2 of {len(placed)} documents")
    assert caption and str(len(placed)) not in caption  # the figure stays put as rows are added
    assert sorted(rows["n_framed"], reverse=True) == sorted(placed["n_framed"], reverse=True)[:2]
    assert list(rows["doc_id"]) == [d for d in placed["doc_id"] if d in set(rows["doc_id"])]
    for name in ("axis_by_document", "definitions_timeline", "comparison_heatmap"):
        assert (out / "figures" / f"{name}.png").stat().st_size > 0


def test_top_rows_breaks_ties_by_label() -> None:
    weights = pd.Series([3, 5, 3, 3], index=["d", "a", "b", "c"])
    assert list(figures.top_rows(weights, 3)) == ["a", "b", "c"]
    assert list(figures.top_rows(weights, None)) == ["d", "a", "b", "c"]


def test_figure_cache_reuses_unchanged_figures_only(tmp_path: Path) -> None:
    calls: list[int] = []

    def bars(values: pd.DataFrame) -> Figure:
        calls.append(len(values))
        fig, ax = plt.subplots(figsize=(3, 2))
        ax.bar(range(len(values)), values["n"])
        return fig

    cache, first, second = tmp_path / "cache", tmp_path / "one", tmp_path / "two"
    data = pd.DataFrame({"n": [1, 2, 3]})
    svg = figure_files.draw("bars", first, cache, bars, data)
    again = figure_files.draw("bars", second, cache, bars, data.copy())
    assert calls == [3] and again == svg
    for suffix in (".svg", ".png"):
        assert (first / f"bars{suffix}").read_bytes() == (second / f"bars{suffix}").read_bytes()
    figure_files.draw("bars", second, cache, bars, pd.DataFrame({"n": [1, 2, 4]}))
    assert calls == [3, 3]
    assert (first / "bars.png").read_bytes() != (second / "bars.png").read_bytes()


def test_an_unwritable_figure_cache_only_warns(tmp_path: Path, caplog) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")

    def dots() -> Figure:
        fig, ax = plt.subplots(figsize=(2, 2))
        ax.scatter([1, 2], [2, 1])
        return fig

    with caplog.at_level("WARNING"):
        svg = figure_files.draw("dots", tmp_path / "out", blocked, dots)
    assert svg.startswith("<svg") and (tmp_path / "out" / "dots.png").stat().st_size > 0
    assert "figure cache" in caplog.text


def test_tags_show_their_confidence_and_can_be_hidden(out: Path) -> None:
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="min-confidence"' in html  # the reader's level
    levels = set(re.findall(r'data-confidence="([0-9.]*)"', html))
    assert {"0.90", "0.70"} <= levels  # definitions and interest chips
    payload = re.search(
        r'<script type="application/json" id="evidence">(.*?)</script>', html, re.S
    ).group(1)
    confidence = json.loads(payload)["conf"]
    assert confidence and all(0 <= value <= 1 for value in confidence.values())
    # every listed sentence with a tag has its level for the drill-down filter
    cells = json.loads(payload)["cells"]
    assert any(ref in confidence for cell in cells for ref in cell["r"])


def test_network_names_the_resolved_actor() -> None:
    from pipeline.report.network import build

    interests = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b"],
            "sent_id": [1, 2, 1],
            "actor": ["IOM", "the International Organization for Migration", "they"],
            "canonical": ["IOM", "IOM", "donors"],
            "actor_type": ["international_org", "international_org", "donor"],
            "stance": ["support", "support", "oppose"],
            "text": ["s1", "s2", "s3"],
        }
    )
    framings = pd.DataFrame(
        {"doc_id": ["a", "a", "b"], "sent_id": [1, 2, 1], "framing": ["prevention"] * 3}
    )
    network = build(interests, framings, top=10, seed=7)
    actors = network.nodes[network.nodes["kind"] == "actor"].set_index("label")
    assert sorted(actors.index) == ["IOM", "donors"]
    assert actors.loc["IOM", "weight"] == 2
