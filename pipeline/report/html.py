"""The one-page, self-contained HTML report.

Everything is inline: CSS, a few lines of JavaScript, the charts as SVG. Every
number in a table is a *cell*: clicking it lists the sentences behind it (also
reachable as `report.html#cell-N`). The page is a pure function of the pipeline's
tables: no timestamps, everything sorted, so the same outputs give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from pipeline.analysis.compare import document_label
from pipeline.analysis.drift import definition_sources
from pipeline.analysis.inputs import Outputs, parse_refs
from pipeline.report import figures
from pipeline.report.network import build as build_network
from pipeline.report.network import to_svg
from pipeline.tag.interest_phrase import UNSPECIFIED, shorten


@dataclass
class Cells:
    """Registry of drill-down cells: each has a title and its sentence references."""

    max_evidence: int
    cells: list[dict[str, object]] = field(default_factory=list)
    used: set[tuple[str, int]] = field(default_factory=set)

    def add(self, title: str, evidence: str) -> int:
        pairs = parse_refs(evidence)
        shown = pairs[: self.max_evidence]
        self.used.update(shown)
        self.cells.append({"t": title, "n": len(pairs), "r": [f"{d}:{s}" for d, s in shown]})
        return len(self.cells) - 1


def _fmt_share(value: float) -> str:
    return "–" if pd.isna(value) else f"{value:.0%}"


def _blue(value: float) -> str:
    if pd.isna(value):
        return ""
    alpha = round(0.08 + 0.8 * float(np.clip(value, 0, 1)), 2)
    ink = "#fff" if alpha > 0.55 else "#111"
    return f"background:rgba(36,113,163,{alpha});color:{ink}"


def _diverging(value: float) -> str:
    """Red for prevention (-1), blue for choice (+1)."""
    if pd.isna(value):
        return ""
    alpha = round(0.1 + 0.75 * min(1.0, abs(float(value))), 2)
    rgb = "192,57,43" if value < 0 else "36,113,163"
    ink = "#fff" if alpha > 0.55 else "#111"
    return f"background:rgba({rgb},{alpha});color:{ink}"


def _year(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(int(value))


def _confidence(value: object) -> str:
    """A tag's calibrated probability for the page ("" when the table has none:
    such a tag is never hidden by the confidence filter)."""
    return "" if value is None or pd.isna(value) else f"{float(value):.2f}"


def sentence_confidence(outputs: Outputs, used: set[tuple[str, int]]) -> dict[str, float]:
    """doc_id:sent_id -> the highest confidence of the tags on that sentence (a
    framing "none" is no tag), for the sentences the page lists: a drill-down keeps
    a sentence while any of its tags clears the reader's level."""
    framed = outputs.framings[outputs.framings["framing"] != "none"]
    parts = [
        frame[["doc_id", "sent_id", "confidence"]]
        for frame in (framed, outputs.definitions, outputs.interests)
        if "confidence" in frame.columns and len(frame)
    ]
    if not parts:
        return {}
    table = pd.concat(parts, ignore_index=True).dropna(subset=["confidence"])
    best = table.groupby(["doc_id", "sent_id"])["confidence"].max()
    return {
        f"{d}:{int(s)}": round(float(v), 2)
        for (d, s), v in sorted(best.items())
        if (d, int(s)) in used
    }


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def build_report(
    outputs: Outputs,
    drift: pd.DataFrame,
    over_time: pd.DataFrame,
    comparison: pd.DataFrame,
    axis: pd.DataFrame,
    framings: Sequence[str],
    framing_labels: dict[str, str],
    concept: str,
    corpus: str,
    metrics: dict[str, object],
    max_evidence: int = 200,
    network_top: int = 40,
    seed: int = 7,
    figures_dir: Path | None = None,
    figure_rows: int | None = None,
    figure_cache: Path | None = None,
) -> str:
    cells = Cells(max_evidence)
    documents = outputs.documents.drop_duplicates("doc_id").copy()
    documents["label"] = documents.apply(document_label, axis=1)
    label_of = documents.set_index("doc_id")["label"].to_dict()
    meta = documents.set_index("doc_id")[["year", "organisation", "title"]]

    # ---- definitions (timeline + table)
    defs = outputs.definitions.merge(meta.reset_index(), on="doc_id", how="inner")
    # one row per actor in the timeline and table: the credited year has its own column
    defs["source"] = definition_sources(defs, with_year=False)
    defs["credited_year"] = defs["attributed_year"].fillna(defs["year"])
    defs = defs.sort_values(
        ["credited_year", "source", "year", "doc_id", "sent_id"], na_position="last"
    )
    definition_rows = [
        {
            "credited": _year(row.credited_year),
            "source": row.source,
            "document": label_of.get(row.doc_id, row.doc_id),
            "doc_year": _year(row.year),
            "framing": _text(row.framing) or "none",
            "dimensions": _text(row.dimensions).replace(";", ", "),
            "text": _text(row.text),
            "ref": f"{row.doc_id}:{row.sent_id}",
            "confidence": _confidence(row.confidence),
            "cell": cells.add(f"Definition: {row.source}", f"{row.doc_id}:{row.sent_id}"),
        }
        for row in defs.itertuples()
    ]

    # ---- drift tables
    periods = drift.drop_duplicates("period")[["period", "period_start"]].sort_values(
        "period_start"
    )
    period_list = list(periods["period"])

    def drift_cells(measure: str, basis: str = "document_year") -> dict[tuple[str, str], dict]:
        chosen = drift[(drift["measure"] == measure) & (drift["basis"] == basis)]
        out = {}
        for row in chosen.itertuples():
            what = measure.replace("_", " ")
            title = f"{what} · {row.key} · {row.period} ({basis.replace('_', ' ')})"
            out[(row.period, row.key)] = {
                "value": row.value,
                "n": row.n,
                "total": row.total,
                "cell": cells.add(title, row.evidence),
            }
        return out

    framing_cells = drift_cells("framing_share")
    axis_cells = drift_cells("axis_mean")
    in_force = {
        basis: {
            period: [
                {
                    "key": row.key,
                    "n": row.n,
                    "cell": cells.add(
                        f"Definitions in force {period} by {basis.replace('_', ' ')}: {row.key}",
                        row.evidence,
                    ),
                }
                for row in drift[
                    (drift["measure"] == "definition")
                    & (drift["basis"] == basis)
                    & (drift["period"] == period)
                ].itertuples()
            ]
            for period in period_list
        }
        for basis in ("document_year", "attributed_year")
    }
    dimension_cells = drift_cells("dimension_share", "attributed_year")
    dimensions = sorted({key for (_, key) in dimension_cells})
    shift_cells = drift_cells("context_shift")
    terms = {
        measure: {
            period: [
                {
                    "key": row.key,
                    "value": row.value,
                    "cell": cells.add(
                        f"'{row.key}' ({measure.replace('term_', '')}s in {period}, "
                        f"G²={row.value:+.1f})",
                        row.evidence,
                    ),
                }
                for row in drift[
                    (drift["measure"] == measure) & (drift["period"] == period)
                ].itertuples()
            ]
            for period in period_list
        }
        for measure in ("term_rise", "term_fall")
    }

    glance = at_a_glance(
        period_list, framing_cells, axis_cells, shift_cells, axis, cells, definition_rows
    )

    # ---- comparison heatmap
    comp_groups = comparison.drop_duplicates("group")[["group", "label", "year"]]
    comp_groups = comp_groups.sort_values(["year", "label"], na_position="last")
    comp_dims = sorted(comparison.loc[comparison["measure"] == "dimension_share", "key"].unique())
    comp_cells: dict[tuple[str, str, str], dict] = {}
    for row in comparison.itertuples():
        if row.measure not in ("framing_share", "axis_mean", "dimension_share", "definitions"):
            continue
        comp_cells[(row.group, row.measure, row.key)] = {
            "value": row.value,
            "n": row.n,
            "total": row.total,
            "ci_low": row.ci_low,
            "ci_high": row.ci_high,
            "cell": cells.add(
                f"{row.label}: {row.measure.replace('_', ' ')} {row.key}", row.evidence
            ),
        }

    # ---- stakeholder matrix
    interests = outputs.interests.merge(
        outputs.framings[["doc_id", "sent_id", "framing"]].rename(columns={"framing": "frame"}),
        on=["doc_id", "sent_id"],
        how="left",
    )
    interests["frame"] = interests["frame"].fillna("none")
    interests["actor_type"] = interests["actor_type"].fillna("other").astype(str)
    actor_types = sorted(interests["actor_type"].unique())
    frame_columns = [*framings, "none"]
    matrix: dict[tuple[str, str], dict] = {}
    for (actor_type, frame), group in interests.groupby(["actor_type", "frame"]):
        matrix[(actor_type, frame)] = {
            "n": len(group),
            "cell": cells.add(f"{actor_type} × {frame}", _refs_of(group)),
        }
    interest_lists = {}
    interests["shown"], interests["as_sentence"] = _interest_labels(interests)
    actor_names = (
        interests["canonical"].where(interests["canonical"].notna(), interests["actor"])
        if "canonical" in interests
        else interests["actor"]
    )
    interests["who"] = actor_names.fillna("").astype(str)
    for actor_type, group in interests.groupby("actor_type"):
        items = []
        for (shown, stance), sub in sorted(
            group.groupby([group["shown"], group["stance"].fillna("")]),
            key=lambda kv: (-len(kv[1]), kv[0]),
        ):
            items.append(
                {
                    "interest": shown,
                    "sentence": bool(sub["as_sentence"].all()),
                    "actors": ", ".join(sorted(set(sub["who"]) - {""})),
                    "stance": stance,
                    "confidence": _confidence(sub["confidence"].max()),
                    "n": len(sub),
                    "cell": cells.add(f"{actor_type}: {shown} ({stance})", _refs_of(sub)),
                }
            )
        interest_lists[actor_type] = items

    # ---- network
    network = build_network(outputs.interests, outputs.framings, network_top, seed, framing_labels)
    net_cells = {}
    for node in network.nodes.itertuples():
        net_cells[node.id] = cells.add(f"{node.kind}: {node.label}", node.evidence)
    for edge in network.edges.itertuples():
        net_cells[f"{edge.source}|{edge.target}|{edge.stance}"] = cells.add(
            f"{edge.source.split(':', 1)[1]} → {edge.target.split(':', 1)[1]} ({edge.stance})",
            edge.evidence,
        )
    network_svg = to_svg(network, net_cells)

    # ---- figures
    def draw(name: str, function: Callable[..., Figure], *args: object) -> str:
        return figures.draw(name, figures_dir, figure_cache, function, *args)

    timeline = figures.timeline_rows(defs, figure_rows)
    timeline_svg = draw(
        "definitions_timeline",
        figures.definitions_timeline,
        timeline.rows,
        list(framings),
        timeline.caption,
        not defs.empty,
    )
    over_time_svg = draw("framing_over_time", figures.framing_over_time, over_time, list(framings))
    placed = figures.axis_rows(axis, figure_rows)
    axis_svg = draw(
        "axis_by_document", figures.axis_by_document, placed.rows, list(framings), placed.caption
    )
    shares = comparison[comparison["measure"] == "framing_share"]
    heat = shares.pivot_table(
        index="label", columns="key", values="value", aggfunc="first", sort=True
    )
    heat = heat.reindex(columns=[f for f in framings if f in heat.columns])
    framed_per_group = shares.drop_duplicates("label").set_index("label")["total"]
    heat = figures.heatmap_rows(
        heat,
        figure_rows,
        framed_per_group.astype("float64"),
        "comparison.csv",
        "groups",
        "framed sentences",
    )
    draw(
        "comparison_heatmap",
        figures.heatmap,
        heat.rows,
        "framing shares by group",
        "share",
        heat.caption,
    )
    stake = pd.DataFrame(
        {f: {a: matrix.get((a, f), {}).get("n", 0) for a in actor_types} for f in frame_columns}
    )
    draw(
        "stakeholder_matrix",
        figures.heatmap,
        stake,
        "interest statements: actor type × framing",
        "count",
    )
    draw(
        "actor_concept_network",
        figures.network,
        network.positions,
        network.nodes.drop(columns="evidence", errors="ignore"),
        network.edges.drop(columns="evidence", errors="ignore"),
    )

    # ---- sentences behind the cells
    sentences = _sentence_lookup(outputs, cells.used)
    payload = {
        "cells": cells.cells,
        "docs": {doc: label_of.get(doc, doc) for doc in sorted({d for d, _ in cells.used})},
        "sents": sentences,
        "conf": sentence_confidence(outputs, cells.used),
    }
    data_json = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    data_json = data_json.replace("</", "<\\/")

    corpus_rows = documents.sort_values(["year", "file"], na_position="last")
    problems = outputs.problems.sort_values(["file", "stage"]).fillna("")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters.update(share=_fmt_share, blue=_blue, diverging=_diverging, year=_year, text=_text)
    return env.from_string(TEMPLATE).render(
        concept=concept,
        corpus=corpus,
        metrics=metrics,
        framings=framings,
        framing_labels=framing_labels,
        colours={f: figures.colour(f, framings) for f in frame_columns},
        documents=corpus_rows.to_dict("records"),
        problems=problems.to_dict("records"),
        definitions=definition_rows,
        periods=period_list,
        framing_cells=framing_cells,
        axis_cells=axis_cells,
        in_force=in_force,
        dimensions=dimensions,
        dimension_cells=dimension_cells,
        shift_cells=shift_cells,
        terms=terms,
        comp_groups=comp_groups.to_dict("records"),
        comp_dims=comp_dims,
        comp_cells=comp_cells,
        glance=glance,
        actor_types=actor_types,
        frame_columns=frame_columns,
        matrix=matrix,
        interest_lists=interest_lists,
        network_svg=network_svg,
        timeline_svg=timeline_svg,
        timeline_note=timeline.note,
        over_time_svg=over_time_svg,
        axis_svg=axis_svg,
        axis_note=placed.note,
        data_json=data_json,
        missing=outputs.missing,
    )


def at_a_glance(
    periods: list[str],
    framing_cells: dict,
    axis_cells: dict,
    shift_cells: dict,
    axis: pd.DataFrame,
    cells: Cells,
    definitions: list[dict],
) -> list[list[object]]:
    """A few plain statements read off the tables, each number a drill-down cell.
    Items are lists of text parts and (text, cell) pairs. Nothing is judged here:
    the statements only put the extremes and the endpoints side by side."""
    items: list[list[object]] = []
    dated = [p for p in periods if (p, "axis") in axis_cells]
    if dated:
        first, last = dated[0], dated[-1]
        peak = max(dated, key=lambda p: (axis_cells[(p, "axis")]["value"], p))
        low = min(dated, key=lambda p: (axis_cells[(p, "axis")]["value"], p))

        def ax(period: str) -> tuple[str, int]:
            c = axis_cells[(period, "axis")]
            return (f"{c['value']:+.2f}", c["cell"])

        item: list[object] = [
            "Mean framing axis (−1 prevention … +1 choice): ",
            ax(first),
            f" in {first}",
        ]
        for period, word in ((low, "most prevention-leaning"), (peak, "most choice-leaning")):
            if period not in (first, last):
                item += ["; ", ax(period), f" in {period} ({word})"]
        if last != first:
            item += ["; ", ax(last), f" in {last}."]
        items.append(item)
        shares: list[object] = [f"In {last}: "]
        for key in ("prevention", "choice"):
            c = framing_cells.get((last, key))
            if c:
                shares += [(f"{c['value']:.0%}", c["cell"]), f" {key} ({c['n']}/{c['total']}), "]
        if len(shares) > 1:
            shares[-1] = str(shares[-1]).rstrip(", ") + " of the framed sentences."
            items.append(shares)
    placed = axis[axis["n_framed"] > 0]
    if len(placed) >= 2:
        lo = placed.sort_values(["axis_mean", "doc_id"]).iloc[0]
        hi = placed.sort_values(["axis_mean", "doc_id"]).iloc[-1]
        items.append(
            [
                "Furthest apart on the axis: ",
                lo["label"],
                f" ({lo['axis_mean']:+.2f}, 95% CI "
                f"{lo['axis_ci_low']:+.2f} to {lo['axis_ci_high']:+.2f}) and ",
                hi["label"],
                f" ({hi['axis_mean']:+.2f}, {hi['axis_ci_low']:+.2f} to "
                f"{hi['axis_ci_high']:+.2f}).",
            ]
        )
    if shift_cells:
        (period, key), c = max(shift_cells.items(), key=lambda kv: (kv[1]["value"], kv[0]))
        items.append(
            [
                "Largest shift of the concept's context: ",
                (f"{c['value']:.3f}", c["cell"]),
                f" into {period} ({key}).",
            ]
        )
    restated = [
        d
        for d in definitions
        if d["credited"] and d["doc_year"] and int(d["credited"]) < int(d["doc_year"])
    ]
    if definitions:
        sources = sorted({d["source"] for d in definitions})
        item = [f"{len(definitions)} definition sentences credited to {len(sources)} sources"]
        if restated:
            refs_ = ";".join(d["ref"] for d in restated)
            verb = "restates" if len(restated) == 1 else "restate"
            cell = cells.add("Definitions restated in later documents", refs_)
            item += ["; ", (f"{len(restated)} {verb} an earlier definition", cell)]
        items.append([*item, "."])
    return items


def _interest_labels(interests: pd.DataFrame) -> tuple[list[str], list[bool]]:
    """What a chip shows for each interest: its phrase, or for an unspecified one
    (no phrase the parse could name) the sentence that states it, shortened."""
    kinds = interests.get("interest_kind", pd.Series(index=interests.index, dtype="object"))
    shown, as_sentence = [], []
    for phrase, kind, text in zip(
        interests["interest"].tolist(), kinds.tolist(), interests["text"].tolist(), strict=True
    ):
        phrase = phrase.strip() if isinstance(phrase, str) else ""
        if phrase and kind != UNSPECIFIED:
            shown.append(phrase)
            as_sentence.append(False)
        else:
            shown.append(shorten(text))
            as_sentence.append(True)
    return shown, as_sentence


def _refs_of(frame: pd.DataFrame) -> str:
    from pipeline.analysis.inputs import refs

    return refs(frame)


def _sentence_lookup(outputs: Outputs, used: set[tuple[str, int]]) -> dict[str, list]:
    """Text and page of every referenced sentence, from the sentences table, falling
    back to the texts carried by the framing, definition and interest tables."""
    sources = [outputs.sentences[["doc_id", "sent_id", "page", "text"]]]
    for frame in (outputs.framings, outputs.definitions, outputs.interests):
        columns = [c for c in ("doc_id", "sent_id", "page", "text") if c in frame.columns]
        sources.append(frame[columns])
    table = pd.concat(sources, ignore_index=True).drop_duplicates(["doc_id", "sent_id"])
    keys = pd.MultiIndex.from_arrays([table["doc_id"], table["sent_id"].astype("int64")])
    table = table[keys.isin(list(used))] if used else table.iloc[0:0]
    out = {}
    for doc, sent, page, text in zip(
        table["doc_id"].tolist(),
        table["sent_id"].tolist(),
        table["page"].tolist(),
        table["text"].tolist(),
        strict=True,
    ):
        out[f"{doc}:{int(sent)}"] = [None if pd.isna(page) else int(page), str(text)]
    return dict(sorted(out.items()))


TEMPLATE = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ concept }} — {{ corpus }}</title>
<style>
:root { --ink:#1b1f24; --muted:#667; --line:#dde1e6; --bg:#fafbfc; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       margin: 0; background: #fff; }
header { padding: 18px 28px 10px; border-bottom: 1px solid var(--line); background: var(--bg); }
header h1 { margin: 0 0 4px; font-size: 22px; }
nav { display: flex; flex-wrap: wrap; gap: 4px 14px; margin-top: 8px; }
nav a { color: #2471a3; text-decoration: none; font-size: 13px; }
main { padding: 8px 28px 40vh; max-width: 1280px; }
section { margin: 26px 0; }
h2 { font-size: 18px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
p.note, .muted { color: var(--muted); font-size: 13px; }
.kpis { display: flex; flex-wrap: wrap; gap: 10px; margin-top: 6px; }
.kpi { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; }
.kpi b { display: block; font-size: 18px; }
table { border-collapse: collapse; margin: 6px 0 10px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 7px; vertical-align: top; text-align: left; }
th { background: var(--bg); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.cell { cursor: pointer; }
td.cell:hover, span.cell:hover { outline: 2px solid #f1c40f; }
.chip { display: inline-block; border: 1px solid var(--line); border-radius: 10px; padding: 0 7px;
        margin: 1px 2px; background: #fff; white-space: nowrap; }
.wrap .chip { white-space: normal; }
.chip.sentence { font-style: italic; }
td.file { max-width: 240px; overflow-wrap: anywhere; } td.title { min-width: 260px; }
ul.glance li { margin: 4px 0; } ul.glance b.cell { color: #1f4e79; border-bottom: 1px dotted; }
table.heatmap th:first-child { min-width: 260px; font-weight: 500; }
.chip.rise { border-color: #2471a3; } .chip.fall { border-color: #c0392b; color: #7b241c; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; }
.filter { font-size: 13px; color: var(--muted); }
.filter input { vertical-align: middle; }
[data-hidden-by-confidence] { display: none !important; }
.status-failed, .status-skipped { color: #a93226; font-weight: 600; }
.figure svg { max-width: 100%; height: auto; }
.scroll { overflow-x: auto; }
svg.network text { font-size: 11px; fill: #222; }
svg.network .node:hover circle, svg.network .node:hover rect { stroke: #f1c40f; stroke-width: 3; }
#drill { position: fixed; left: 0; right: 0; bottom: 0; max-height: 38vh; overflow-y: auto;
         background: #fffef5; border-top: 3px solid #f1c40f; padding: 10px 28px 14px;
         box-shadow: 0 -4px 12px rgba(0,0,0,.12); }
#drill[hidden] { display: none; }
#drill h3 { margin: 0 0 6px; }
#drill ol { margin: 0; padding-left: 22px; }
#drill li { margin: 3px 0; }
#drill .ref { color: var(--muted); font-size: 12px; }
#drill button { float: right; }
</style>
</head>
<body>
<header>
<h1>How “{{ concept }}” is defined, framed and contested</h1>
<div class="muted">corpus <b>{{ corpus }}</b> · every number opens the sentences behind it (click a cell)</div>
<div class="kpis">
{% for key in ["documents", "failed", "skipped", "sentences", "definitions", "interests", "framed_sentences"] %}
<div class="kpi"><b>{{ metrics[key] }}</b>{{ key.replace("_", " ") }}</div>
{% endfor %}
</div>
<label class="filter">Hide tags below confidence <input type="range" id="min-confidence" min="0" max="1" step="0.05" value="0"> <output id="min-confidence-value">0.00</output></label>
<nav>
<a href="#corpus">Corpus</a><a href="#definitions">Definitions timeline</a>
<a href="#framing-time">Framing over time</a><a href="#drift">Drift</a><a href="#axis">Axis by document</a>
<a href="#comparison">Comparison</a><a href="#stakeholders">Stakeholders</a>
<a href="#network">Network</a><a href="#problems">Problems</a>
</nav>
</header>
<main>
{% if glance %}
<section id="glance">
<h2>At a glance</h2>
<ul class="glance">
{% for item in glance %}<li>{% for part in item %}{% if part is string %}{{ part }}{% else %}<b class="cell" data-cell="{{ part[1] }}">{{ part[0] }}</b>{% endif %}{% endfor %}</li>
{% endfor %}</ul>
</section>
{% endif %}
{% if missing %}<p class="note">Not available for this run (treated as empty): {{ missing | join(", ") }}.</p>{% endif %}

<section id="corpus">
<h2>Corpus</h2>
<div class="scroll"><table>
<tr><th>file</th><th>title</th><th>organisation</th><th>year</th><th>kind</th><th>format</th><th>pages</th><th>sentences</th><th>status</th><th>problems</th></tr>
{% for d in documents %}
<tr><td class="file">{{ d.file }}</td><td class="title">{{ d.title | text }}{% if d.title_inferred == True %} <span class="muted">(inferred)</span>{% endif %}</td>
<td>{{ d.organisation | text }}</td><td class="num">{{ d.year | year }}{% if d.year_inferred == True %} <span class="muted">(inferred)</span>{% endif %}</td>
<td>{{ d.kind | text }}</td><td>{{ d.format | text }}</td><td class="num">{{ d.pages | year }}</td><td class="num">{{ d.n_sentences | year }}</td>
<td class="status-{{ d.status }}">{{ d.status }}</td><td>{{ d.problem | text }}</td></tr>
{% endfor %}
</table></div>
</section>

<section id="definitions">
<h2>Definitions timeline</h2>
<p class="note">Who defined the concept how, when, and under which framing. A definition is placed at the year it is credited to (a 2019 brief quoting a 2001 definition places it in 2001); a line runs to each later document that restates it.</p>
<div class="figure">{{ timeline_svg | safe }}</div>
{% if timeline_note %}<p class="note">{{ timeline_note }} The table below lists every definition.</p>{% endif %}
<div class="scroll"><table>
<tr><th>credited year</th><th>source</th><th>stated in</th><th>framing</th><th>dimensions</th><th>sentence</th><th>confidence</th></tr>
{% for d in definitions %}
<tr data-confidence="{{ d.confidence }}"><td class="num">{{ d.credited }}</td><td>{{ d.source }}</td><td>{{ d.document }}</td>
<td><span class="swatch" style="background:{{ colours.get(d.framing, '#999') }}"></span>{{ d.framing }}</td>
<td>{{ d.dimensions }}</td><td class="cell" data-cell="{{ d.cell }}">{{ d.text }} <span class="muted">[{{ d.ref }}]</span></td><td class="num">{{ d.confidence }}</td></tr>
{% else %}<tr><td colspan="7" class="muted">No definitions were found.</td></tr>
{% endfor %}
</table></div>
</section>

<section id="framing-time">
<h2>Framing over time</h2>
<p class="note">Share of each framing among the concept's framed sentences per period (by document year); the line is the mean position on the prevention (−1) … choice (+1) axis.</p>
<div class="figure">{{ over_time_svg | safe }}</div>
<div class="scroll"><table>
<tr><th>period</th>{% for f in framings %}<th><span class="swatch" style="background:{{ colours[f] }}"></span>{{ framing_labels.get(f, f) }}</th>{% endfor %}<th>axis mean</th></tr>
{% for p in periods %}
<tr><th>{{ p }}</th>
{% for f in framings %}{% set c = framing_cells.get((p, f)) %}
{% if c %}<td class="num cell" data-cell="{{ c.cell }}" style="{{ c.value | blue }}">{{ c.value | share }} <small>({{ c.n }}/{{ c.total }})</small></td>{% else %}<td class="num muted">–</td>{% endif %}
{% endfor %}
{% set a = axis_cells.get((p, "axis")) %}
{% if a %}<td class="num cell" data-cell="{{ a.cell }}" style="{{ a.value | diverging }}">{{ "%+.2f" | format(a.value) }} <small>(n={{ a.n }})</small></td>{% else %}<td class="num muted">–</td>{% endif %}
</tr>
{% endfor %}
</table></div>
</section>

<section id="drift">
<h2>Drift of the concept</h2>
<h3>Definitions in force</h3>
<div class="scroll"><table>
<tr><th>period</th><th>stated in documents of the period</th><th>credited to the period (attributed year)</th></tr>
{% for p in periods %}
<tr><th>{{ p }}</th>
{% for basis in ["document_year", "attributed_year"] %}
<td>{% for d in in_force[basis][p] %}<span class="chip cell" data-cell="{{ d.cell }}">{{ d.key }} ×{{ d.n }}</span>{% else %}<span class="muted">–</span>{% endfor %}</td>
{% endfor %}</tr>
{% endfor %}
</table></div>
{% if dimensions %}
<h3>Dimensions named by the definitions in force (by attributed year)</h3>
<div class="scroll"><table>
<tr><th>period</th>{% for d in dimensions %}<th>{{ d }}</th>{% endfor %}</tr>
{% for p in periods %}<tr><th>{{ p }}</th>
{% for d in dimensions %}{% set c = dimension_cells.get((p, d)) %}
{% if c %}<td class="num cell" data-cell="{{ c.cell }}" style="{{ c.value | blue }}">{{ c.value | share }} <small>({{ c.n }}/{{ c.total }})</small></td>{% else %}<td class="num muted">–</td>{% endif %}
{% endfor %}</tr>{% endfor %}
</table></div>
{% endif %}
<h3>Context shift and vocabulary</h3>
<p class="note">Shift = cosine distance between the centroids of the embeddings of sentences mentioning the concept, from the previous period with enough sentences. Rising / falling terms: log-likelihood G² of the term in the period against all other periods.</p>
<div class="scroll"><table>
<tr><th>period</th><th>context shift</th><th>rising terms</th><th>falling terms</th></tr>
{% for p in periods %}<tr><th>{{ p }}</th>
<td class="num">{% for key, c in shift_cells.items() if key[0] == p %}<span class="cell" data-cell="{{ c.cell }}">{{ "%.3f" | format(c.value) }} <small>{{ key[1] }} (n={{ c.n }})</small></span>{% else %}<span class="muted">–</span>{% endfor %}</td>
<td>{% for t in terms["term_rise"][p] %}<span class="chip rise cell" data-cell="{{ t.cell }}">{{ t.key }}</span>{% endfor %}</td>
<td>{% for t in terms["term_fall"][p] %}<span class="chip fall cell" data-cell="{{ t.cell }}">{{ t.key }}</span>{% endfor %}</td>
</tr>{% endfor %}
</table></div>
</section>

<section id="axis">
<h2>Each document on the prevention ↔ choice axis</h2>
<p class="note">Mean axis position of the document's framed sentences, with a 95% bootstrap interval; colour = dominant framing.</p>
<div class="figure">{{ axis_svg | safe }}</div>
{% if axis_note %}<p class="note">{{ axis_note }}</p>{% endif %}
</section>

<section id="comparison">
<h2>Comparison</h2>
<p class="note">Framing shares, axis position and definition dimensions per group. Click a cell for its sentences.</p>
<div class="scroll"><table class="heatmap">
<tr><th>group</th>{% for f in framings %}<th><span class="swatch" style="background:{{ colours[f] }}"></span>{{ f }}</th>{% endfor %}<th>axis (95% CI)</th><th>definitions</th>{% for d in comp_dims %}<th>dim: {{ d }}</th>{% endfor %}</tr>
{% for g in comp_groups %}<tr><th>{{ g.label }}</th>
{% for f in framings %}{% set c = comp_cells.get((g.group, "framing_share", f)) %}
{% if c and c.total %}<td class="num cell" data-cell="{{ c.cell }}" style="{{ c.value | blue }}">{{ c.value | share }} <small>({{ c.n }})</small></td>{% else %}<td class="num muted">–</td>{% endif %}{% endfor %}
{% set a = comp_cells.get((g.group, "axis_mean", "axis")) %}
{% if a and a.n %}<td class="num cell" data-cell="{{ a.cell }}" style="{{ a.value | diverging }}">{{ "%+.2f" | format(a.value) }} <small>[{{ "%+.2f" | format(a.ci_low) }}, {{ "%+.2f" | format(a.ci_high) }}]</small></td>{% else %}<td class="num muted">–</td>{% endif %}
{% set n = comp_cells.get((g.group, "definitions", "all")) %}
{% if n and n.n %}<td class="num cell" data-cell="{{ n.cell }}">{{ n.n }}</td>{% else %}<td class="num muted">0</td>{% endif %}
{% for d in comp_dims %}{% set c = comp_cells.get((g.group, "dimension_share", d)) %}
{% if c and c.total %}<td class="num cell" data-cell="{{ c.cell }}" style="{{ c.value | blue }}">{{ c.value | share }}</td>{% else %}<td class="num muted">–</td>{% endif %}{% endfor %}
</tr>{% endfor %}
</table></div>
</section>

<section id="stakeholders">
<h2>Stakeholders and their interests</h2>
<h3>Actor types × framing of the sentence stating the interest</h3>
{% if actor_types %}
<div class="scroll"><table>
<tr><th>actor type</th>{% for f in frame_columns %}<th><span class="swatch" style="background:{{ colours[f] }}"></span>{{ f }}</th>{% endfor %}</tr>
{% for a in actor_types %}<tr><th>{{ a }}</th>
{% for f in frame_columns %}{% set c = matrix.get((a, f)) %}
{% if c %}<td class="num cell" data-cell="{{ c.cell }}">{{ c.n }}</td>{% else %}<td class="num muted">0</td>{% endif %}{% endfor %}
</tr>{% endfor %}
</table></div>
<h3>Interests by actor type</h3>
<div class="scroll"><table>
<tr><th>actor type</th><th class="wrap">interests (stance, statements)</th></tr>
{% for a in actor_types %}<tr><th>{{ a }}</th><td class="wrap">
{% for i in interest_lists[a] %}<span class="chip cell{% if i.sentence %} sentence{% endif %}" data-cell="{{ i.cell }}" data-confidence="{{ i.confidence }}" title="{{ i.actors }}; confidence {{ i.confidence }}">{% if i.sentence %}“{{ i.interest }}”{% else %}{{ i.interest }}{% endif %} <small>{{ i.stance }} ×{{ i.n }}</small></span>{% endfor %}
</td></tr>{% endfor %}
</table></div>
{% else %}<p class="muted">No stakeholder interests were found.</p>{% endif %}
</section>

<section id="network">
<h2>Actor–concept network</h2>
<p class="note">Actors (circles, colour = actor type) linked to the framing of the sentences that state their interests (squares; interests stated in sentences without a framing are only in the tables above); edge colour = stance (green support, red oppose, grey neutral), width = statements. Click a node or edge for its sentences.</p>
<div class="figure">{{ network_svg | safe }}</div>
</section>

<section id="problems">
<h2>Problems</h2>
{% if problems %}
<div class="scroll"><table>
<tr><th>file</th><th>stage</th><th>status</th><th>problem</th></tr>
{% for p in problems %}<tr><td>{{ p.file }}</td><td>{{ p.stage }}</td><td class="status-{{ p.status }}">{{ p.status }}</td><td>{{ p.problem }}</td></tr>{% endfor %}
</table></div>
{% else %}<p class="muted">No problems were recorded.</p>{% endif %}
</section>
</main>

<aside id="drill" hidden aria-live="polite"><button type="button" id="drill-close">close</button>
<h3 id="drill-title"></h3><p class="muted" id="drill-count"></p><ol id="drill-list"></ol></aside>

<script type="application/json" id="evidence">{{ data_json | safe }}</script>
<script>
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("evidence").textContent);
  var panel = document.getElementById("drill");
  function show(index) {
    var cell = data.cells[index];
    if (!cell) { return; }
    document.getElementById("drill-title").textContent = cell.t;
    document.getElementById("drill-count").textContent = cell.n + " sentence" + (cell.n === 1 ? "" : "s") +
      (cell.n > cell.r.length ? " (first " + cell.r.length + " shown)" : "");
    var list = document.getElementById("drill-list");
    list.textContent = "";
    var hidden = 0;
    cell.r.forEach(function (ref) {
      if (ref in data.conf && data.conf[ref] < level) { hidden += 1; return; }
      var cut = ref.lastIndexOf(":");
      var doc = ref.slice(0, cut);
      var sent = data.sents[ref] || [null, "(sentence text not available)"];
      var item = document.createElement("li");
      item.className = "sentence";
      item.appendChild(document.createTextNode(sent[1] + " "));
      var where = document.createElement("span");
      where.className = "ref";
      where.textContent = "— " + (data.docs[doc] || doc) + (sent[0] !== null ? ", p. " + sent[0] : "") + " [" + ref + "]";
      item.appendChild(where);
      list.appendChild(item);
    });
    if (hidden) {
      document.getElementById("drill-count").textContent += "; " + hidden + " below confidence " + level.toFixed(2) + " hidden";
    }
    panel.hidden = false;
    panel.setAttribute("data-open", String(index));
  }
  // The reader's confidence level hides listed tags below it (table rows, interest
  // chips, drill-down sentences); counts and shares keep every tag the run kept.
  var level = 0;
  var slider = document.getElementById("min-confidence");
  function applyLevel() {
    level = parseFloat(slider.value);
    document.getElementById("min-confidence-value").textContent = level.toFixed(2);
    document.querySelectorAll("[data-confidence]").forEach(function (node) {
      var value = node.getAttribute("data-confidence");
      if (value !== "" && parseFloat(value) < level) { node.setAttribute("data-hidden-by-confidence", ""); }
      else { node.removeAttribute("data-hidden-by-confidence"); }
    });
    var open = panel.getAttribute("data-open");
    if (!panel.hidden && open !== null) { show(parseInt(open, 10)); }
  }
  slider.addEventListener("input", applyLevel);
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-cell]") : null;
    if (!target) { return; }
    var index = parseInt(target.getAttribute("data-cell"), 10);
    if (index >= 0) { history.replaceState(null, "", "#cell-" + index); show(index); }
  });
  document.getElementById("drill-close").addEventListener("click", function () { panel.hidden = true; });
  var match = /^#cell-(\d+)$/.exec(window.location.hash);
  if (match) { show(parseInt(match[1], 10)); }
  document.documentElement.setAttribute("data-ready", "yes");
})();
</script>
</body>
</html>
"""  # noqa: E501
