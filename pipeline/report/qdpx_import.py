"""REFI-QDA import: a .qdpx project (ours, after researchers corrected or added
codings in NVivo, ATLAS.ti, MAXQDA or QualCoder) read back into labelled sentences.

Each coded PlainTextSelection of a TextSource becomes one LabelRecord: the sentence
is the source text between startPosition and endPosition, counted in code points as
the export writes them (Python string indices). Codes are recognised by the tree
`codebook_codes` builds: by GUID, which our export derives from the code's key, or
else by their path of names, for tools that give codes new GUIDs. Applied codes
outside that tree are ignored and reported.
"""

from __future__ import annotations

import logging
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree as ET

from pipeline.codebook import Codebook
from pipeline.learn.labels import MIXED, NONE, LabelError, LabelRecord, StakeholderLabel
from pipeline.report.qdpx_codes import PROJECT_NS, codebook_codes

log = logging.getLogger(__name__)

Q = f"{{{PROJECT_NS}}}"
#: what a code means for a label: ("definition", ""), ("framing", key), ("actor", type)
Role = tuple[str, str]

# The notes the export writes into a selection's description, joined by "; ":
# "definition (cue), credited to WHO (YEAR)" and "ACTOR (TYPE) -> INTEREST [STANCE]".
_CREDITED = re.compile(r"(?:^|; )definition \([^)]*\), credited to (?P<who>.+?)(?=; |$)")
_INTEREST = re.compile(
    r"(?:^|; )(?P<actor>[^;]+?) \((?P<type>[^()]+)\) -> (?P<interest>.+?) \[[^\]]*\](?=; |$)"
)
# The export's source description: "FILE; ORGANISATION; YEAR; doc_id ID".
_SOURCE_DESCRIPTION = re.compile(r"(?P<file>.+?); .*; doc_id \S+", re.DOTALL)


@dataclass
class QdpxImport:
    records: list[LabelRecord]
    ignored: list[str]  # applied codes outside the codebook's tree, by path of names


@dataclass
class _Span:
    """Everything coded on one stretch of one source (tools may split it into
    several selections with the same offsets)."""

    sentence: str
    notes: list[str] = field(default_factory=list)
    roles: list[tuple[Role, str]] = field(default_factory=list)  # (role, coding description)


def read_qdpx(path: str | Path, codebook: Codebook) -> list[LabelRecord]:
    """One LabelRecord per coded sentence of the project; LabelError when it cannot
    be read. Codes outside the codebook's tree are logged and ignored."""
    result = import_qdpx(path, codebook)
    if result.ignored:
        log.warning("%s: codes outside the codebook ignored: %s", path, ", ".join(result.ignored))
    return result.records


def import_qdpx(path: str | Path, codebook: Codebook) -> QdpxImport:
    """The records and the names of the applied codes that were ignored, for callers
    that report those themselves."""
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise LabelError(f"{path}: not a readable .qdpx (zip) file: {exc}") from exc
    with archive:
        root = _project(archive, path)
        code_paths = _project_code_paths(root)
        by_guid, by_path, definition_name = _known_codes(codebook)
        spans: dict[tuple[str, int, int], _Span] = {}
        ignored: set[str] = set()
        for source in root.iter(f"{Q}TextSource"):
            coded = [s for s in source.iterfind(f"{Q}PlainTextSelection") if _codings(s)]
            if not coded:
                continue
            where = f"{path}: TextSource {source.get('guid')} ({source.get('name')!r})"
            text = _source_text(archive, source, where)
            file = _file_name(source)
            for selection in coded:
                start, end = _offsets(selection, len(text), where)
                span = spans.setdefault((file, start, end), _Span(text[start:end]))
                span.notes.append(selection.findtext(f"{Q}Description") or "")
                for coding in _codings(selection):
                    target = coding.find(f"{Q}CodeRef").get("targetGUID", "")
                    role = by_guid.get(target) or _role_by_path(
                        code_paths.get(target), by_path, definition_name
                    )
                    if role is None:
                        ignored.add(" / ".join(code_paths.get(target, (f"code {target}",))))
                        continue
                    span.roles.append((role, coding.findtext(f"{Q}Description") or ""))
    records = [
        _record(file, span)
        for (file, _, _), span in sorted(spans.items(), key=lambda item: item[0])
        if span.roles  # a sentence with only ignored codes carries no label
    ]
    return QdpxImport(records, sorted(ignored))


def summary(records: list[LabelRecord]) -> str:
    """What an import found: sentences, definitions, framings and interests."""
    return (
        f"{len(records)} sentences, {sum(r.definition for r in records)} definitions, "
        f"{sum(r.framing != 'none' for r in records)} framings, "
        f"{sum(len(r.stakeholders) for r in records)} interests"
    )


def _project(archive: zipfile.ZipFile, path: Path) -> ET._Element:
    try:
        data = archive.read("project.qde")
    except KeyError as exc:
        raise LabelError(f"{path}: no project.qde in the archive") from exc
    # no entities, no network: the file comes from elsewhere
    parser = ET.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = ET.fromstring(data, parser)
    except ET.XMLSyntaxError as exc:
        raise LabelError(f"{path}: project.qde: XML does not parse ({exc})") from exc
    if root.tag != f"{Q}Project":
        raise LabelError(f"{path}: project.qde: root <{root.tag}> is not a REFI-QDA <Project>")
    return root


def _project_code_paths(root: ET._Element) -> dict[str, tuple[str, ...]]:
    """Each code of the project's codebook by GUID, as its path of names from the top."""
    paths: dict[str, tuple[str, ...]] = {}

    def walk(parent: ET._Element, above: tuple[str, ...]) -> None:
        for code in parent.iterfind(f"{Q}Code"):
            here = (*above, code.get("name", ""))
            paths[code.get("guid", "")] = here
            walk(code, here)

    for codes in root.iterfind(f"{Q}CodeBook/{Q}Codes"):
        walk(codes, ())
    return paths


def _known_codes(
    codebook: Codebook,
) -> tuple[dict[str, Role], dict[tuple[str, ...], Role], str]:
    """Roles of our codes by GUID and by path of names, and the definition code's name."""
    by_guid: dict[str, Role] = {}
    by_path: dict[tuple[str, ...], Role] = {}
    tree = codebook_codes(codebook)
    for top in tree:
        for code in (top, *top.children):
            kind, _, value = code.key.partition(":")
            if kind in ("definition", "dimension"):
                role: Role = ("definition", "")
            elif kind in ("framing", "actor") and value:
                role = (kind, value)
            else:  # the framing and interest parents group codes and are not codable
                continue
            by_guid[code.guid] = role
            by_path[(top.name,) if code is top else (top.name, code.name)] = role
    return by_guid, by_path, tree[0].name


def _role_by_path(
    path: tuple[str, ...] | None, by_path: dict[tuple[str, ...], Role], definition_name: str
) -> Role | None:
    if path is None:
        return None
    if path in by_path:
        return by_path[path]
    # a code under the definition code names a dimension, maybe one the codebook lacks
    if len(path) > 1 and path[0] == definition_name:
        return ("definition", "")
    return None


def _codings(selection: ET._Element) -> list[ET._Element]:
    return [c for c in selection.iterfind(f"{Q}Coding") if c.find(f"{Q}CodeRef") is not None]


def _source_text(archive: zipfile.ZipFile, source: ET._Element, where: str) -> str:
    """The text at the source's internal:// path (sources/ in the zip), else inline."""
    location = source.get("plainTextPath", "")
    if location.startswith("internal://"):
        inner = location.removeprefix("internal://")
        names = set(archive.namelist())
        for member in (f"sources/{inner}", inner):
            if member in names:
                try:
                    return archive.read(member).decode("utf-8-sig")
                except UnicodeDecodeError as exc:
                    raise LabelError(f"{where}: {member} is not UTF-8 text ({exc})") from exc
    inline = source.find(f"{Q}PlainTextContent")
    if inline is not None and inline.text:
        return inline.text
    raise LabelError(
        f"{where}: source text not found (plainTextPath {location!r} names no file in the "
        "archive and there is no PlainTextContent)"
    )


def _file_name(source: ET._Element) -> str:
    """The document's file, which the export puts first in the source description; a
    source added in a QDA tool is known by its name."""
    found = _SOURCE_DESCRIPTION.fullmatch(source.findtext(f"{Q}Description") or "")
    return found["file"] if found else source.get("name") or source.get("guid", "")


def _offsets(selection: ET._Element, length: int, where: str) -> tuple[int, int]:
    what = f"{where}: PlainTextSelection {selection.get('guid')}"
    try:
        start = int(selection.get("startPosition", ""))
        end = int(selection.get("endPosition", ""))
    except ValueError as exc:
        raise LabelError(f"{what}: startPosition/endPosition are not whole numbers") from exc
    if not 0 <= start < end <= length:
        raise LabelError(
            f"{what}: offsets {start}-{end} fall outside the source text ({length} characters)"
        )
    return start, end


def _record(file: str, span: _Span) -> LabelRecord:
    notes = "; ".join(n for n in span.notes if n)
    kinds = {kind for (kind, _), _ in span.roles}
    framings = sorted({value for (kind, value), _ in span.roles if kind == "framing"})
    credited = _CREDITED.search(notes) if "definition" in kinds else None
    stakeholders: list[StakeholderLabel] = []
    for (kind, actor_type), described in span.roles:
        if kind != "actor":
            continue
        noted = [m for m in _INTEREST.finditer(notes) if m["type"] == actor_type]
        for actor, interest in [(m["actor"], m["interest"]) for m in noted] or [(actor_type, "")]:
            holder = StakeholderLabel(
                actor=actor, type=actor_type, interest=described or interest or span.sentence
            )
            if holder not in stakeholders:
                stakeholders.append(holder)
    return LabelRecord(
        file=file,
        sentence=span.sentence,
        definition="definition" in kinds,
        defined_by=credited["who"] if credited else None,
        framing=framings[0] if len(framings) == 1 else MIXED if framings else NONE,
        mixed_components=framings if len(framings) > 1 else [],
        stakeholders=sorted(stakeholders, key=lambda s: (s.type, s.actor, s.interest or "")),
        source="qdpx",
    )
