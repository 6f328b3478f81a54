"""Labelled sentences: reading them and finding them in a corpus.

A labels file is JSON lines in the schema of the labelling guidelines: `file`,
`sentence`, `definition`, `defined_by`, `framing` (+ `mixed_components`) and
`stakeholders` [{actor, type, interest}]. Reading validates every line against the
codebook (known framings and actor types) and fails on the first bad one with the
file, the line and the field, before anything is trained or written.

Alignment maps each labelled sentence onto the corpus sentence it denotes, with the
same normalisation and matching rules as `policyframes evaluate` (case, quotes,
dashes, whitespace; containment or near-identical text when boundaries differ).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.codebook import Codebook
from pipeline.gold import normalise, same_sentence

NONE = "none"
MIXED = "mixed"


class LabelError(ValueError):
    """A labels file that cannot be used; the message names the file, line and field."""


class StakeholderLabel(BaseModel):
    model_config = ConfigDict(extra="ignore")
    actor: str
    type: str
    interest: str | None = None


class LabelRecord(BaseModel):
    model_config = ConfigDict(extra="ignore")
    file: str = Field(min_length=1)
    sentence: str = Field(min_length=1)
    definition: bool = False
    defined_by: str | None = None
    framing: str = NONE
    mixed_components: list[str] = Field(default_factory=list)
    stakeholders: list[StakeholderLabel] = Field(default_factory=list)
    source: Literal["jsonl", "qdpx"] = "jsonl"
    origin: str = ""  # "file:line" (or file and element) the label was read from

    @property
    def framings(self) -> frozenset[str]:
        """The framings a sentence carries: its framing, or a mixed one's components."""
        if self.framing == MIXED:
            return frozenset(self.mixed_components)
        return frozenset() if self.framing == NONE else frozenset({self.framing})

    @property
    def interest_types(self) -> frozenset[str]:
        return frozenset(s.type for s in self.stakeholders if s.interest)


def _check(record: LabelRecord, codebook: Codebook, where: str) -> None:
    framings = set(codebook.framings)
    if record.framing not in framings | {NONE, MIXED}:
        known = ", ".join(sorted(framings | {NONE, MIXED}))
        raise LabelError(f"{where}: field 'framing': unknown framing {record.framing!r} ({known})")
    if record.framing == MIXED:
        unknown = [c for c in record.mixed_components if c not in framings]
        if unknown or len(record.mixed_components) < 2:
            raise LabelError(
                f"{where}: field 'mixed_components': a mixed framing needs two or more of "
                f"{', '.join(sorted(framings))}, got {record.mixed_components}"
            )
    types = set(codebook.actor_types)
    for number, holder in enumerate(record.stakeholders):
        if holder.type not in types:
            raise LabelError(
                f"{where}: field 'stakeholders[{number}].type': unknown actor type "
                f"{holder.type!r} ({', '.join(sorted(types))})"
            )


def read_labels(path: str | Path, codebook: Codebook) -> list[LabelRecord]:
    """Every record of a JSONL labels file, validated; LabelError on the first bad one."""
    path = Path(path)
    if not path.is_file():
        raise LabelError(f"{path}: no such labels file")
    records = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise LabelError(f"{where}: not valid JSON ({exc.msg})") from exc
            if not isinstance(item, dict):
                raise LabelError(f"{where}: a label is a JSON object, got {type(item).__name__}")
            try:
                record = LabelRecord.model_validate(item)
            except ValidationError as exc:
                first = exc.errors()[0]
                field = ".".join(str(part) for part in first["loc"]) or "record"
                raise LabelError(f"{where}: field '{field}': {first['msg']}") from exc
            _check(record, codebook, where)
            record.origin = where
            records.append(record)
    if not records:
        raise LabelError(f"{path}: no labelled sentences")
    return records


@dataclass
class Alignment:
    """Labels on corpus sentences: one row per (doc_id, sent_id) with a label, and the
    records that matched no sentence of their document."""

    #: doc_id, sent_id, definition, defined_by, framings, interest_types, stakeholders (JSON)
    labels: pd.DataFrame
    unmatched: list[LabelRecord]
    documents: set[str]  # doc_ids the labels cover: their other sentences are negatives


def align(records: list[LabelRecord], sentences: pd.DataFrame, files: dict[str, str]) -> Alignment:
    """Find each labelled sentence among `sentences` (doc_id, sent_id, text) of the
    documents `files` maps (doc_id -> file name). A labelled sentence that a page or
    box break cut into two corpus sentences labels both parts."""
    by_file: dict[str, list[tuple[LabelRecord, str]]] = {}
    for record in records:
        by_file.setdefault(Path(record.file).name, []).append((record, normalise(record.sentence)))
    doc_of = {name: doc_id for doc_id, name in files.items()}
    matched: set[int] = set()
    rows = []
    documents = {doc_of[name] for name in by_file if name in doc_of}
    wanted = sentences[sentences["doc_id"].astype(str).isin(documents)]
    for doc_id, sent_id, text in zip(
        wanted["doc_id"].astype(str), wanted["sent_id"], wanted["text"].astype(str), strict=True
    ):
        norm = normalise(text)
        hits = [(r, n) for r, n in by_file[files[doc_id]] if same_sentence(n, norm)]
        if not hits:
            continue
        matched |= {id(r) for r, _ in hits}
        rows.append(
            {
                "doc_id": doc_id,
                "sent_id": int(sent_id),
                "definition": any(r.definition for r, _ in hits),
                "defined_by": next((r.defined_by for r, _ in hits if r.defined_by), None),
                "framings": ";".join(sorted(set().union(*(r.framings for r, _ in hits)))),
                "interest_types": ";".join(
                    sorted(set().union(*(r.interest_types for r, _ in hits)))
                ),
                "stakeholders": json.dumps(
                    [h.model_dump() for r, _ in hits for h in r.stakeholders if h.interest],
                    sort_keys=True,
                    ensure_ascii=False,
                ),
            }
        )
    unmatched = [r for r in records if id(r) not in matched]
    unknown = sorted({name for name in by_file if name not in doc_of})
    if unknown:
        first = next(r for r in records if Path(r.file).name == unknown[0])
        raise LabelError(
            f"{first.origin or first.file}: field 'file': {unknown[0]!r} is not a document of "
            f"the corpus ({len(unknown)} labelled file(s) missing)"
        )
    columns = ["doc_id", "sent_id", "definition", "defined_by", "framings", "interest_types"]
    table = pd.DataFrame(rows, columns=[*columns, "stakeholders"])
    return Alignment(table.astype({"sent_id": "int64"}), unmatched, documents)
