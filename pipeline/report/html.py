"""The one-page, self-contained HTML report.

Everything is inline: CSS, a few lines of JavaScript, the charts as SVG. Every
number in a table is a *cell*: clicking it lists the sentences behind it (also
reachable as `report.html#cell-N`). The page is a pure function of the pipeline's
tables: no timestamps, everything sorted, so the same outputs give the same bytes.
"""

from __future__ import annotations

import functools
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


@functools.cache
def _template() -> jinja2.Template:
    """The page's template, `templates/report.html.j2`, shipped with the package."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(share=_fmt_share, blue=_blue, diverging=_diverging, year=_year, text=_text)
    return env.get_template("report.html.j2")


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
    return _template().render(
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
