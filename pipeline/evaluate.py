"""Score pipeline outputs against a gold file (the schema of the labelling guidelines).

Gold: one JSON object a sentence — file, sentence, definition (bool), defined_by,
framing (a codebook framing, mixed or none, + mixed_components), stakeholders
[{actor, type, interest}]. The framings scored are the codebook's: given by the
caller, else read from the run's `score_<framing>` columns of framings.csv (in
codebook order), else those the gold names. Outputs: the folder `policyframes run --out`
writes (definitions.csv, interests.csv, framings.csv, documents.csv).

Sentences are matched after normalising case, whitespace, quotes and dashes: equal,
one containing the other (sentence boundaries of the pipeline and the labeller
differ around boxes, headings and page breaks), or near-identical text. Only
documents that appear in the gold are scored; an output sentence that matches no
gold sentence of its document counts as a false positive, because unlabelled
sentences are negatives for every task.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from rapidfuzz import fuzz

#: gold framing values that are not framings
NOT_FRAMINGS = frozenset({"mixed", "none"})

_QUOTES = str.maketrans({c: "'" for c in "‘’‚‛`´′"} | {c: '"' for c in "“”„‟«»″"})
_DASHES = re.compile(r"[\u2010-\u2015\u2212\u00ad-]+")
_SPACE = re.compile(r"\s+")
_MARKUP = re.compile(r"</?sup>|\*\*|__")
#: shorter text must have at least this many characters to match by containment.
MIN_CONTAINED = 20
#: rapidfuzz ratio (0-100) above which two sentences are the same sentence.
NEAR_IDENTICAL = 90.0


def normalise(text: str) -> str:
    """Case, whitespace, quote and dash insensitive form of a sentence."""
    text = unicodedata.normalize("NFKC", str(text))
    text = _MARKUP.sub("", text).translate(_QUOTES)
    text = _DASHES.sub("-", text)
    text = text.replace('"', "'")
    return _SPACE.sub(" ", text).strip().lower()


def same_sentence(gold: str, predicted: str) -> bool:
    """Do two normalised sentences denote the same sentence?"""
    if gold == predicted:
        return True
    short, long_ = sorted((gold, predicted), key=len)
    if len(short) >= MIN_CONTAINED and short in long_:
        return True
    return fuzz.ratio(gold, predicted) >= NEAR_IDENTICAL


# -- attribution -------------------------------------------------------------------

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)[a-z]?\b")
_PAREN = re.compile(r"\([^)]*\)")
_STOP = frozenset("the a an of for on and et al al. to".split())


def split_attribution(text: str | None) -> tuple[str, int | None]:
    """'IOM (2015)' / 'IOM 2015' / 'UN Global Compact for Migration 2018 (Objective 21)'
    -> (normalised organisation, year)."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return "", None
    text = str(text)
    years = _YEAR.findall(text)
    year = int(years[0]) if years else None
    org = _PAREN.sub(" ", _YEAR.sub(" ", text))
    org = re.sub(r"[^\w\s&-]", " ", normalise(org))
    words = [w for w in org.split() if w not in _STOP]
    return " ".join(words), year


def _acronym(org: str) -> str:
    return "".join(word[0] for word in org.split() if word)


def same_attribution(gold: str | None, org: str | None, year: Any = None) -> bool:
    """Organisation and year agree. Organisations agree when equal, when one is the
    acronym of the other (IOM / International Organization for Migration), or when
    all words of the shorter name occur in the longer (Global Compact / UN Global
    Compact for Migration). A year in the gold must be predicted, and vice versa."""
    gold_org, gold_year = split_attribution(gold)
    pred_text = " ".join(str(part) for part in (org, year) if _present(part))
    pred_org, pred_year = split_attribution(pred_text)
    if not gold_org or not pred_org or gold_year != pred_year:
        return False
    if gold_org == pred_org:
        return True
    if gold_org.replace(" ", "") in {_acronym(pred_org), pred_org.replace(" ", "")}:
        return True
    if pred_org.replace(" ", "") in {_acronym(gold_org), gold_org.replace(" ", "")}:
        return True
    short, long_ = sorted((set(gold_org.split()), set(pred_org.split())), key=len)
    return short <= long_


def _present(value: Any) -> bool:
    if value is None:
        return False
    try:
        return not pd.isna(value)
    except (TypeError, ValueError):
        return True


# -- loading -----------------------------------------------------------------------


@dataclass
class GoldSentence:
    index: int
    file: str
    text: str
    norm: str
    definition: bool
    defined_by: str | None
    framing: str
    components: tuple[str, ...]
    interest_types: frozenset[str]


def load_gold(path: str | Path) -> list[GoldSentence]:
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
            framing = item.get("framing") or "none"
            components = tuple(item.get("mixed_components") or ())
            rows.append(
                GoldSentence(
                    index=len(rows),
                    file=str(item["file"]),
                    text=str(item["sentence"]),
                    norm=normalise(item["sentence"]),
                    definition=bool(item.get("definition")),
                    defined_by=item.get("defined_by"),
                    framing=framing,
                    components=components,
                    interest_types=frozenset(
                        s["type"] for s in item.get("stakeholders") or [] if s.get("interest")
                    ),
                )
            )
    return rows


def _read_table(outdir: Path, name: str) -> pd.DataFrame | None:
    for path in (outdir / name, outdir / "data" / name.replace(".csv", ".parquet")):
        if path.exists():
            if path.suffix == ".csv":
                return pd.read_csv(path, dtype={"doc_id": str})
            return pd.read_parquet(path)
    return None


def _file_map(outdir: Path) -> dict[str, str]:
    """doc_id -> file name, from the documents table of the run."""
    docs = _read_table(outdir, "documents.csv")
    if docs is None:
        raise FileNotFoundError(f"no documents.csv or data/documents.parquet in {outdir}")
    return {str(d): Path(str(f)).name for d, f in zip(docs["doc_id"], docs["file"], strict=True)}


# -- matching ----------------------------------------------------------------------


class Matcher:
    """Maps output rows (doc_id + text) to the gold sentences they denote."""

    def __init__(self, gold: list[GoldSentence], files: dict[str, str]) -> None:
        self.files = files
        self.by_file: dict[str, list[GoldSentence]] = defaultdict(list)
        for item in gold:
            self.by_file[item.file].append(item)
        self._memo: dict[tuple[str, str], list[int]] = {}

    def in_scope(self, doc_id: str) -> bool:
        return self.files.get(str(doc_id)) in self.by_file

    def match(self, doc_id: str, text: str) -> list[int]:
        key = (str(doc_id), str(text))
        if key not in self._memo:
            norm = normalise(text)
            candidates = self.by_file.get(self.files.get(str(doc_id), ""), [])
            self._memo[key] = [g.index for g in candidates if same_sentence(g.norm, norm)]
        return self._memo[key]


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

    attributed = [g for g in gold if g.definition and _present(g.defined_by)]
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
    matcher = Matcher(gold, _file_map(outdir))
    missing = sorted({g.file for g in gold} - set(matcher.files.values()))
    definitions, attribution = score_definitions(
        gold, matcher, _read_table(outdir, "definitions.csv")
    )
    interests = score_interests(gold, matcher, _read_table(outdir, "interests.csv"))
    return {
        "gold_sentences": len(gold),
        "documents_missing": missing,
        "definitions": definitions.as_dict() | {"errors": definitions.errors},
        "attribution": attribution,
        "framing": score_framing(gold, matcher, _read_table(outdir, "framings.csv"), framings),
        "interests": interests.as_dict() | {"errors": interests.errors},
    }


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
