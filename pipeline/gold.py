"""Gold sentences (the schema of the labelling guidelines) and how output rows are
matched to them.

Gold: one JSON object a sentence — file, sentence, definition (bool), defined_by,
framing (prevention/choice/development/wellbeing/mixed/none, + mixed_components),
stakeholders [{actor, type, interest}].

Sentences are matched after normalising case, whitespace, quotes and dashes: equal,
one containing the other (sentence boundaries of the pipeline and the labeller
differ around boxes, headings and page breaks), or near-identical text.
Attributions match on organisation (or its acronym) and year.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from rapidfuzz import fuzz

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
    pred_text = " ".join(str(part) for part in (org, year) if present(part))
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


def present(value: Any) -> bool:
    if value is None:
        return False
    try:
        return not pd.isna(value)
    except (TypeError, ValueError):
        return True


# -- gold --------------------------------------------------------------------------


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
