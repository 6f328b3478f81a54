"""A corpus: a folder of documents plus an optional metadata.csv.

Files and folders whose names start with '_' or '.' are not documents (the demo
corpus keeps its generator in `_build/`). metadata.csv is matched to files by the
`file` column; rows may be missing, columns may be extra, values may be bad: every
such problem becomes a recorded problem, never a failed run.
"""

from __future__ import annotations

import csv
import hashlib
import io as stdio
import logging
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd

log = logging.getLogger(__name__)

METADATA_FILE = "metadata.csv"
#: hand labels of the corpus's sentences (see pipeline.learn.corrections): not a document
LABELS_FILE = "labels.jsonl"
METADATA_COLUMNS = ["file", "title", "organisation", "authors", "year", "kind", "url", "language"]
#: digits of the content hash used as doc_id: 64 bits, collision-free at corpus scale.
DOC_ID_LENGTH = 16


@dataclass(frozen=True)
class SourceFile:
    path: Path
    name: str  # path relative to the corpus folder, with '/' separators
    sha256: str
    size: int

    @property
    def doc_id(self) -> str:
        return self.sha256[:DOC_ID_LENGTH]


@dataclass
class Metadata:
    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def match(self, names: list[str]) -> tuple[dict[str, dict[str, str]], list[str]]:
        """Each corpus file name -> its metadata row, and the rows' names that match
        no file. A row names its file by its path in the corpus ("texts/a.txt") or,
        when that base name is unique in the corpus, by the base name ("a.txt")."""
        by_base: dict[str, list[str]] = {}
        for name in names:
            by_base.setdefault(PurePosixPath(name).name, []).append(name)
        matched = {name: self.rows[name] for name in names if name in self.rows}
        unmatched = []
        for key, row in self.rows.items():
            if key in matched:
                continue
            found = by_base.get(key, [])
            if len(found) == 1 and found[0] not in matched:
                matched[found[0]] = row
            else:
                unmatched.append(key)
        return matched, sorted(unmatched)


def file_sha256(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def discover(corpus_dir: Path) -> list[SourceFile]:
    """Every document file in the corpus, sorted by relative name."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus_dir}")
    found = []
    for path in sorted(corpus_dir.rglob("*")):
        rel = path.relative_to(corpus_dir)
        if any(part.startswith(("_", ".")) for part in rel.parts):
            continue
        if not path.is_file() or rel.as_posix() in (METADATA_FILE, LABELS_FILE):
            continue
        found.append(
            SourceFile(
                path=path,
                name=rel.as_posix(),
                sha256=file_sha256(path),
                size=path.stat().st_size,
            )
        )
    return found


def load_metadata(corpus_dir: Path) -> Metadata:
    """Read metadata.csv leniently. Returns rows keyed by file name and a list of
    one-line problems (unparseable file, missing `file` column, duplicate rows)."""
    path = Path(corpus_dir) / METADATA_FILE
    meta = Metadata()
    if not path.exists():
        return meta
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raw = path.read_bytes().decode("cp1252", errors="replace")
        meta.problems.append(f"{path}: not UTF-8; read as cp1252")
    try:
        # Python's csv module rejects rows with stray quotes etc. far more clearly
        # than pandas' C parser; read strictly, report, and keep what parsed.
        reader = csv.DictReader(stdio.StringIO(raw), strict=True)
        records = list(reader)
    except csv.Error as exc:
        meta.problems.append(f"{path}: malformed CSV ({exc}); metadata ignored")
        return meta
    fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    if "file" not in fields:
        meta.problems.append(
            f"{path}: no 'file' column (has: {', '.join(fields) or 'none'}); ignored"
        )
        return meta
    for line_no, record in enumerate(records, start=2):
        clean = {
            (k or "").strip().lower(): (v or "").strip()
            for k, v in record.items()
            if k is not None and not isinstance(v, list)
        }
        if None in record:
            meta.problems.append(f"{path}:{line_no}: more values than columns; extras ignored")
        name = clean.get("file", "")
        if not name:
            meta.problems.append(f"{path}:{line_no}: empty 'file'; row ignored")
            continue
        if name in meta.rows:
            meta.problems.append(f"{path}:{line_no}: duplicate row for {name}; first kept")
            continue
        meta.rows[name] = {col: clean.get(col, "") for col in METADATA_COLUMNS}
    return meta


def parse_year(value: str | None) -> int | None:
    """A year from a metadata cell ('2019', '2019-09', 'c. 2018'), else None."""
    if not value:
        return None
    digits = pd.Series([str(value)]).str.extract(r"((?:19|20)\d{2})", expand=False).iloc[0]
    return int(digits) if isinstance(digits, str) else None
