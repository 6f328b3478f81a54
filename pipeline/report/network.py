"""The actor–concept network: actors linked to the concepts their interests are
stated under — the codebook framing of the sentence (interests stated in
unframed sentences are left out) — edges coloured by stance. Laid out with
networkx (spring layout, fixed seed) and drawn as a small hand-written SVG so each
node and edge can carry its evidence."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import networkx as nx
import pandas as pd

from pipeline.analysis.inputs import refs
from pipeline.tag.actors import UNTYPED, is_pronoun

STANCE_COLOURS = {"support": "#1e8449", "oppose": "#c0392b", "neutral": "#7f8c8d"}
ACTOR_COLOURS = ["#2471a3", "#7d3c98", "#b9770e", "#117a65", "#a04000", "#2e4053", "#b03a2e"]
CONCEPT_COLOUR = "#555555"


@dataclass
class Network:
    nodes: pd.DataFrame  # id, label, kind (actor/concept), group, weight, colour, evidence
    edges: pd.DataFrame  # source, target, stance, weight, colour, evidence
    positions: dict[str, tuple[float, float]]


def actor_name(actor: object, actor_type: object) -> str:
    """The resolved actor; a pronoun nothing resolved stands for an actor of its type
    (tables written before actor resolution)."""
    name = " ".join(str(actor).split())
    if is_pronoun(name):
        return str(actor_type or UNTYPED).replace("_", " ")
    return name


def build(
    interests: pd.DataFrame,
    framings: pd.DataFrame,
    top: int,
    seed: int,
    labels: dict[str, str] | None = None,
    colours: dict[str, str] | None = None,
) -> Network:
    """The network of the `top` most connected nodes; `labels` and `colours` name and
    colour the framings (Codebook.framing_colours), other concepts are grey."""
    if "canonical" in interests:
        named = interests["canonical"].where(interests["canonical"].notna(), interests["actor"])
        interests = interests.assign(actor=named)
    said = interests.dropna(subset=["actor"])
    said = said[said["actor"].astype(str).str.strip() != ""]
    firsts = framings.drop_duplicates(["doc_id", "sent_id"])
    frame_of = dict(
        zip(
            zip(firsts["doc_id"].tolist(), firsts["sent_id"].tolist(), strict=True),
            firsts["framing"].tolist(),
            strict=True,
        )
    )
    empty_nodes = pd.DataFrame(
        columns=["id", "label", "kind", "group", "weight", "colour", "evidence"]
    )
    empty_edges = pd.DataFrame(
        columns=["source", "target", "stance", "weight", "colour", "evidence"]
    )
    if said.empty:
        return Network(empty_nodes, empty_edges, {})
    names = pd.Series(
        [
            actor_name(actor, actor_type)
            for actor, actor_type in zip(
                said["actor"].tolist(), said["actor_type"].tolist(), strict=True
            )
        ],
        index=said.index,
    )
    frames = [
        frame_of.get(key)
        for key in zip(said["doc_id"].tolist(), said["sent_id"].tolist(), strict=True)
    ]
    # interests stated outside the concept's framed sentences stay in the tables; in
    # the network they would all hang on one uninformative hub
    framed = [isinstance(f, str) and f != "none" for f in frames]
    said, frames = said[framed], [f for f, keep in zip(frames, framed, strict=True) if keep]
    names = names[framed]
    if said.empty:
        return Network(empty_nodes, empty_edges, {})
    concept = list(frames)
    said = said.assign(
        name=names,
        a="actor:" + names.str.lower(),
        c=["concept:" + c for c in concept],
        concept=[(labels or {}).get(c, c) for c in concept],
        stance=said["stance"].fillna("neutral").astype(str),
    )
    degree = pd.concat([said["a"], said["c"]]).value_counts()
    keep = set(degree.sort_index().sort_values(ascending=False, kind="stable").index[:top])
    said = said[said["a"].isin(keep) & said["c"].isin(keep)]
    types = sorted(said["actor_type"].fillna(UNTYPED).astype(str).unique())
    type_colour = {t: ACTOR_COLOURS[i % len(ACTOR_COLOURS)] for i, t in enumerate(types)}
    nodes = []
    for node_id, group in sorted(said.groupby("a"), key=lambda kv: kv[0]):
        actor_type = group["actor_type"].fillna(UNTYPED).astype(str).mode().sort_values().iloc[0]
        nodes.append(
            {
                "id": node_id,
                "label": str(group["name"].sort_values().iloc[0]),
                "kind": "actor",
                "group": actor_type,
                "weight": len(group),
                "colour": type_colour[actor_type],
                "evidence": refs(group),
            }
        )
    for node_id, group in sorted(said.groupby("c"), key=lambda kv: kv[0]):
        nodes.append(
            {
                "id": node_id,
                "label": str(group["concept"].iloc[0]),
                "kind": "concept",
                "group": "framing",
                "weight": len(group),
                "colour": (colours or {}).get(node_id.split(":", 1)[1], CONCEPT_COLOUR),
                "evidence": refs(group),
            }
        )
    edges = []
    for (a, c, stance), group in sorted(said.groupby(["a", "c", "stance"]), key=lambda kv: kv[0]):
        edges.append(
            {
                "source": a,
                "target": c,
                "stance": stance,
                "weight": len(group),
                "colour": STANCE_COLOURS.get(stance, "#7f8c8d"),
                "evidence": refs(group),
            }
        )
    graph = nx.Graph()
    for node in nodes:
        graph.add_node(node["id"])
    for edge in edges:
        previous = graph.get_edge_data(edge["source"], edge["target"], {"weight": 0})["weight"]
        graph.add_edge(edge["source"], edge["target"], weight=previous + edge["weight"])
    layout = nx.spring_layout(graph, seed=seed, weight="weight", k=1.4 / max(1, len(nodes)) ** 0.5)
    positions = {n: (round(float(x), 4), round(float(y), 4)) for n, (x, y) in layout.items()}
    return Network(pd.DataFrame(nodes), pd.DataFrame(edges), positions)


def to_svg(network: Network, cell_of: dict[str, int], width: int = 860, height: int = 560) -> str:
    """An SVG of the network; nodes and edges open their sentences on click
    (`cell_of` maps a node id or 'source|target|stance' to a drill-down cell)."""
    if network.nodes.empty:
        return '<p class="muted">No interest statements in framed sentences were found.</p>'
    xs = [p[0] for p in network.positions.values()]
    ys = [p[1] for p in network.positions.values()]
    pad = 70

    def sx(x: float) -> float:
        span = (max(xs) - min(xs)) or 1.0
        return round(pad + (x - min(xs)) / span * (width - 2 * pad), 1)

    def sy(y: float) -> float:
        span = (max(ys) - min(ys)) or 1.0
        return round(pad / 2 + (y - min(ys)) / span * (height - pad), 1)

    parts = [
        f'<svg class="network" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="actor–concept network">'
    ]
    for edge in network.edges.itertuples():
        (x0, y0), (x1, y1) = network.positions[edge.source], network.positions[edge.target]
        cell = cell_of.get(f"{edge.source}|{edge.target}|{edge.stance}", -1)
        parts.append(
            f'<line class="cell" data-cell="{cell}" x1="{sx(x0)}" y1="{sy(y0)}" x2="{sx(x1)}" '
            f'y2="{sy(y1)}" stroke="{edge.colour}" stroke-width="{1 + edge.weight}" '
            f'stroke-opacity="0.6"><title>{escape(edge.stance)} ×{edge.weight}</title></line>'
        )
    for node in network.nodes.itertuples():
        x, y = network.positions[node.id]
        cell = cell_of.get(node.id, -1)
        r = round(5 + 2.5 * min(node.weight, 8), 1)
        shape = (
            f'<rect x="{sx(x) - r}" y="{sy(y) - r}" width="{2 * r}" height="{2 * r}" '
            f'fill="{node.colour}" fill-opacity="0.85"/>'
            if node.kind == "concept"
            else f'<circle cx="{sx(x)}" cy="{sy(y)}" r="{r}" fill="{node.colour}"/>'
        )
        label = escape(node.label if len(node.label) <= 34 else node.label[:33] + "…")
        parts.append(
            f'<g class="cell node" data-cell="{cell}">{shape}'
            f'<text x="{sx(x) + r + 3}" y="{sy(y) + 4}">{label}</text>'
            f"<title>{escape(node.group)}: {escape(node.label)} ×{node.weight}</title></g>"
        )
    parts.append("</svg>")
    return "\n".join(parts)
