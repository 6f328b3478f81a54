"""`policyframes add`: put documents into a corpus and describe them in metadata.csv.

The files are copied (atomically) into the corpus folder and their metadata.csv rows
are added or updated with the csv module, keeping every other row and column as it
was. Nothing is copied unless every file can be added. The next run processes only
the new files in every per-document stage: their content hashes are the only cache
keys not yet computed.
"""

from __future__ import annotations

import csv
import io as stdio
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline import io
from pipeline.corpus import METADATA_COLUMNS, METADATA_FILE, file_sha256, parse_year

#: where a bare corpus name (no slash) lives.
CORPORA_ROOT = Path("corpora")


class AddError(ValueError):
    """A file or value that cannot be added; the message is the one line users see."""


@dataclass(frozen=True)
class Added:
    name: str  # file name in the corpus
    action: str  # added / replaced / unchanged


def resolve_corpus(name_or_dir: str | Path, root: Path = CORPORA_ROOT) -> Path:
    """A bare name means corpora/NAME; anything path-like (or an existing folder)
    is used as given."""
    text = str(name_or_dir)
    path = Path(text)
    if path.is_dir() or "/" in text or "\\" in text or text.startswith("."):
        return path
    return root / text


def _check_sources(files: Sequence[Path], corpus_dir: Path, replace: bool) -> list[str]:
    """Validate everything before touching the corpus; return what each file becomes."""
    actions: list[str] = []
    seen: set[str] = set()
    for src in files:
        if not src.exists():
            raise AddError(f"file not found: {src}")
        if not src.is_file():
            raise AddError(f"not a file: {src}")
        name = src.name
        if name.startswith(("_", ".")) or name == METADATA_FILE:
            raise AddError(
                f"{name}: names starting with '_' or '.' and {METADATA_FILE} are not read "
                "as documents; rename the file"
            )
        if name in seen:
            raise AddError(f"two files named {name}; a corpus holds one file per name")
        seen.add(name)
        dest = corpus_dir / name
        if not dest.exists():
            actions.append("added")
        elif dest.is_file() and file_sha256(dest) == file_sha256(src):
            actions.append("unchanged")
        elif replace:
            actions.append("replaced")
        else:
            raise AddError(
                f"{dest} already exists with other content; use --replace to overwrite it"
            )
    return actions


def read_metadata_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of metadata.csv (empty when absent). A file the csv module
    cannot parse is refused: rewriting it would lose what it holds."""
    if not path.exists():
        return list(METADATA_COLUMNS), []
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AddError(f"{path} is not UTF-8 ({exc.reason}); fix it before adding") from None
    try:
        reader = csv.DictReader(stdio.StringIO(text), strict=True)
        rows = [dict(row) for row in reader]
    except csv.Error as exc:
        raise AddError(f"{path} is malformed CSV ({exc}); fix it before adding") from None
    header = list(reader.fieldnames or [])
    if header and "file" not in header:
        raise AddError(f"{path} has no 'file' column; fix it before adding")
    for column in METADATA_COLUMNS:
        if column not in header:
            header.append(column)
    return header, rows


def write_metadata_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    buffer = stdio.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: ("" if value is None else value) for key, value in row.items()})
    io.write_text(path, buffer.getvalue())


def add_files(
    files: Sequence[str | Path],
    corpus_dir: str | Path,
    metadata: dict[str, str | int | None] | None = None,
    replace: bool = False,
) -> list[Added]:
    """Copy `files` into `corpus_dir` and add/update their metadata.csv rows with the
    given (non-empty) fields. Raises AddError, with nothing changed, on any problem."""
    sources = [Path(f) for f in files]
    if not sources:
        raise AddError("no files given")
    corpus_dir = Path(corpus_dir)
    if corpus_dir.exists() and not corpus_dir.is_dir():
        raise AddError(f"corpus is not a folder: {corpus_dir}")
    fields = {k: str(v).strip() for k, v in (metadata or {}).items() if v not in (None, "")}
    unknown = set(fields) - set(METADATA_COLUMNS)
    if unknown:
        raise AddError(f"unknown metadata field(s): {', '.join(sorted(unknown))}")
    if "year" in fields and parse_year(fields["year"]) is None:
        raise AddError(f"--year {fields['year']!r} is not a year (e.g. 2019)")
    if "title" in fields and len(sources) > 1:
        raise AddError("--title describes one document; add files one at a time to title them")
    actions = _check_sources(sources, corpus_dir, replace)
    meta_path = corpus_dir / METADATA_FILE
    header, rows = read_metadata_rows(meta_path)

    corpus_dir.mkdir(parents=True, exist_ok=True)
    for src, action in zip(sources, actions, strict=True):
        if action != "unchanged":
            with io.atomic_path(corpus_dir / src.name) as tmp:
                shutil.copyfile(src, tmp)
    by_name = {row.get("file", ""): row for row in rows}
    changed = not meta_path.exists()
    for src in sources:
        row = by_name.get(src.name)
        if row is None:
            row = {column: "" for column in header}
            row["file"] = src.name
            rows.append(row)
            by_name[src.name] = row
            changed = True
        if any(row.get(key) != value for key, value in fields.items()):
            row.update(fields)
            changed = True
    if changed:
        write_metadata_rows(meta_path, header, rows)
    return [Added(src.name, action) for src, action in zip(sources, actions, strict=True)]
