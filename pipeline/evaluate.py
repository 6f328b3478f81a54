"""Score pipeline outputs against a gold file (`pipeline.gold`). The framings scored
are the codebook's: given by the caller, else read from the run's `score_<framing>`
columns of the framings table (in codebook order), else those the gold names.

Outputs: the intermediate tables of a run (`pipeline.catalog`: documents,
definitions, interests, framings) in the data folder of `policyframes run --out OUT`
(OUT/data) or of the DVC pipeline (data/<corpus>).

Only documents that appear in the gold are scored; an output sentence that matches no
gold sentence of its document counts as a false positive, because unlabelled
sentences are negatives for every task.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import catalog
from pipeline.gold import GoldSentence, Matcher, load_gold, present, same_attribution

#: gold framing values that are not framings
NOT_FRAMINGS = frozenset({"mixed", "none"})


# -- the run's tables ----------------------------------------------------------------


def data_folder(outdir: Path) -> Path:
    """The folder holding a run's intermediate tables: OUT/data for `policyframes run
    --out OUT`, else the folder itself (data/<corpus> of the DVC pipeline)."""
    return outdir / "data" if (outdir / "data").is_dir() else outdir


def _read_table(data_dir: Path, table: catalog.Table) -> pd.DataFrame | None:
    return table.read(data_dir) if table.exists(data_dir) else None


def _file_map(data_dir: Path) -> dict[str, str]:
    """doc_id -> file name, from the documents table of the run."""
    docs = _read_table(data_dir, catalog.DOCUMENTS)
    if docs is None:
        raise FileNotFoundError(f"no {catalog.DOCUMENTS.file} in {data_dir}")
    return {str(d): Path(str(f)).name for d, f in zip(docs["doc_id"], docs["file"], strict=True)}


# -- scores ------------------------------------------------------------------------


@dataclass
class PRF:
    tp_pred: int = 0  # predicted items that are right
    n_pred: int = 0
    tp_gold: int = 0  # gold items found
    n_gold: int = 0
    errors: dict[str, list[str]] = field(default_factory=lambda: {"fp": [], "fn": []})

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
        }


def score_definitions(
    gold: list[GoldSentence], matcher: Matcher, definitions: pd.DataFrame | None
) -> tuple[PRF, dict[str, Any]]:
    result = PRF()
    positives = {g.index for g in gold if g.definition}
    result.n_gold = len(positives)
    found: dict[int, dict[str, Any]] = {}
    rows = definitions if definitions is not None else pd.DataFrame(columns=["doc_id", "text"])
    for row in rows.to_dict("records"):
        if not matcher.in_scope(row["doc_id"]):
            continue
        result.n_pred += 1
        hits = [i for i in matcher.match(row["doc_id"], row["text"]) if i in positives]
        if hits:
            result.tp_pred += 1
            for i in hits:
                found.setdefault(i, row)
        else:
            result.errors["fp"].append(str(row["text"]))
    result.tp_gold = len(found)
    result.errors["fn"] = [gold[i].text for i in sorted(positives - set(found))]

    attributed = [g for g in gold if g.definition and present(g.defined_by)]
    correct, misses = 0, []
    for g in attributed:
        row = found.get(g.index)
        ok = row is not None and same_attribution(
            g.defined_by, row.get("attributed_to"), row.get("attributed_year")
        )
        correct += ok
        if not ok:
            got = (
                None if row is None else f"{row.get('attributed_to')} {row.get('attributed_year')}"
            )
            misses.append(f"{g.defined_by!r} <- {got!r}: {g.text[:80]}")
    attribution = {
        "exact_match": round(correct / len(attributed), 4) if attributed else 0.0,
        "correct": correct,
        "n_gold": len(attributed),
        "errors": misses,
    }
    return result, attribution


def framings_scored(
    gold: list[GoldSentence], framings: pd.DataFrame | None, keys: Sequence[str] | None = None
) -> list[str]:
    """The codebook's framings: `keys`, else the run's `score_<framing>` columns, else
    every framing the gold names (sorted)."""
    if keys is not None:
        return list(keys)
    if framings is not None:
        scored = [c.removeprefix("score_") for c in framings.columns if c.startswith("score_")]
        if scored:
            return scored
    named = {g.framing for g in gold} | {c for g in gold for c in g.components}
    return sorted(named - NOT_FRAMINGS)


def score_framing(
    gold: list[GoldSentence],
    matcher: Matcher,
    framings: pd.DataFrame | None,
    keys: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Per-frame P/R/F1 over gold sentences plus unlabelled output sentences, for the
    codebook's framings (`framings_scored`)."""
    frames = framings_scored(gold, framings, keys)
    predicted: dict[int, str] = {}
    extra: list[str] = []  # frames predicted on sentences outside the gold
    rows = framings if framings is not None else pd.DataFrame(columns=["doc_id", "text", "framing"])
    for row in rows.to_dict("records"):
        if not matcher.in_scope(row["doc_id"]):
            continue
        frame = str(row.get("framing") or "none")
        hits = matcher.match(row["doc_id"], row["text"])
        if not hits:
            extra.append(frame)
        for i in hits:
            if predicted.get(i, "none") == "none":
                predicted[i] = frame
    per_frame = {f: PRF() for f in frames}
    for g in gold:
        pred = predicted.get(g.index, "none")
        if g.framing == "mixed":
            truth = pred if pred in g.components else (g.components[0] if g.components else "none")
        else:
            truth = g.framing
        for f in frames:
            score = per_frame[f]
            score.n_gold += truth == f
            score.n_pred += pred == f
            if pred == f and truth == f:
                score.tp_pred += 1
                score.tp_gold += 1
            elif pred == f:
                score.errors["fp"].append(g.text)
            elif truth == f:
                score.errors["fn"].append(g.text)
    for frame in extra:
        if frame in per_frame:
            per_frame[frame].n_pred += 1
    figures = {f: s.as_dict() for f, s in per_frame.items()}
    figures["macro_f1"] = (
        round(sum(s.f1 for s in per_frame.values()) / len(frames), 4) if frames else 0.0
    )
    figures["available"] = framings is not None
    return figures


def score_interests(
    gold: list[GoldSentence], matcher: Matcher, interests: pd.DataFrame | None
) -> PRF:
    """P/R/F1 over (sentence, actor type) pairs that carry an interest."""
    result = PRF()
    gold_pairs = {(g.index, t) for g in gold for t in g.interest_types}
    result.n_gold = len(gold_pairs)
    found: set[tuple[int, str]] = set()
    rows = interests if interests is not None else pd.DataFrame(columns=["doc_id", "text"])
    seen: set[tuple[str, Any, str]] = set()
    for row in rows.to_dict("records"):
        if not matcher.in_scope(row["doc_id"]):
            continue
        key = (str(row["doc_id"]), row.get("sent_id", row["text"]), str(row["actor_type"]))
        if key in seen:
            continue
        seen.add(key)
        result.n_pred += 1
        hits = {(i, str(row["actor_type"])) for i in matcher.match(row["doc_id"], row["text"])}
        right = hits & gold_pairs
        if right:
            result.tp_pred += 1
            found |= right
        else:
            result.errors["fp"].append(f"{row['actor_type']}: {row.get('actor')} | {row['text']}")
    result.tp_gold = len(found)
    result.errors["fn"] = [f"{t}: {gold[i].text}" for i, t in sorted(gold_pairs - found)]
    return result


def evaluate(
    gold_path: str | Path,
    outdir: str | Path,
    files: set[str] | None = None,
    framings: Sequence[str] | None = None,
) -> dict[str, Any]:
    """All figures (and the error lists behind them) for one output folder; with
    `files`, only the gold sentences of those files (a split or a source family);
    with `framings`, those framings are scored (see `framings_scored`)."""
    outdir = Path(outdir)
    gold = load_gold(gold_path)
    if files is not None:
        gold = [g for g in gold if g.file in files]
        for index, item in enumerate(gold):
            item.index = index
    data_dir = data_folder(outdir)
    matcher = Matcher(gold, _file_map(data_dir))
    missing = sorted({g.file for g in gold} - set(matcher.files.values()))
    definitions, attribution = score_definitions(
        gold, matcher, _read_table(data_dir, catalog.DEFINITIONS)
    )
    interests = score_interests(gold, matcher, _read_table(data_dir, catalog.INTERESTS))
    return {
        "gold_sentences": len(gold),
        "documents_missing": missing,
        "definitions": definitions.as_dict() | {"errors": definitions.errors},
        "attribution": attribution,
        "framing": score_framing(gold, matcher, _read_table(data_dir, catalog.FRAMINGS), framings),
        "interests": interests.as_dict() | {"errors": interests.errors},
    }


def error_lines(figures: dict[str, Any]) -> list[str]:
    """The false positives and misses behind the figures, one line each."""
    lines = [
        f"{task} {kind}: {line}"
        for task in ("definitions", "interests")
        for kind in ("fp", "fn")
        for line in figures[task]["errors"][kind]
    ]
    return lines + [f"attribution: {line}" for line in figures["attribution"]["errors"]]


def without_errors(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures alone, for --json and tables."""
    out: dict[str, Any] = {}
    for key, value in figures.items():
        if isinstance(value, dict):
            out[key] = {k: v for k, v in value.items() if k != "errors"}
        else:
            out[key] = value
    return out


def render(figures: dict[str, Any]) -> Any:
    """A rich table of the figures."""
    from rich.table import Table

    table = Table(title=f"evaluation on {figures['gold_sentences']} gold sentences")
    for column in ("task", "precision", "recall", "F1", "predicted", "gold"):
        table.add_column(column, justify="left" if column == "task" else "right")

    def add(name: str, d: dict[str, Any]) -> None:
        table.add_row(
            name, f"{d['precision']:.3f}", f"{d['recall']:.3f}", f"{d['f1']:.3f}",
            str(d["n_pred"]), str(d["n_gold"]),
        )  # fmt: skip

    add("definitions", figures["definitions"])
    att = figures["attribution"]
    table.add_row(
        "attribution (exact)", "", "", f"{att['exact_match']:.3f}",
        str(att["correct"]), str(att["n_gold"]),
    )  # fmt: skip
    framing = figures["framing"]
    for frame, figures_of_frame in framing.items():
        if isinstance(figures_of_frame, dict):
            add(f"framing: {frame}", figures_of_frame)
    table.add_row("framing macro F1", "", "", f"{framing['macro_f1']:.3f}", "", "")
    add("interests", figures["interests"])
    return table
