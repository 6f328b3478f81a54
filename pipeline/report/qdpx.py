"""REFI-QDA export: the corpus with its codings as a .qdpx project (NVivo, ATLAS.ti,
MAXQDA open it) and the codebook alone as a .qdc file.

A .qdpx is a zip holding `project.qde` (XML, namespace urn:QDA-XML:project:1.0) and
`sources/<guid>.txt`. Each source is the document's plain text (`pipeline.doctext`),
so the sentences' start_char/end_char are the selections' start/end positions.
Definitions, framings and stakeholder interests become codes applied to those
selections. GUIDs are uuid5 of content, and the zip has fixed timestamps, so the
same outputs always give the same bytes.
"""

from __future__ import annotations

import io as stdio
import itertools
import logging
import uuid
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from lxml import etree as ET

from pipeline import io
from pipeline.analysis.inputs import Outputs, split_dimensions
from pipeline.cache import stable_hash
from pipeline.codebook import Codebook
from pipeline.doctext import document_text
from pipeline.sources import code_version

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
log = logging.getLogger(__name__)

ORIGIN = "policyframes"
_NAMESPACE = uuid.UUID("6f1c1d4e-2b7a-5c1e-9a57-0c3d1f1e7a10")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
VARIABLES = ("year", "organisation", "kind")
_SOURCES_MARK = "sources"
#: part of every fragment's cache key: a hash of this module's code and imports
_FRAGMENT_VERSION = code_version(__name__)


def guid(*parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join(str(p) for p in parts)))


@dataclass
class Code:
    key: str
    name: str
    description: str
    codable: bool = True
    colour: str | None = None
    children: list[Code] = field(default_factory=list)

    @property
    def guid(self) -> str:
        return guid("code", self.key)


def code_tree(codebook: Codebook, outputs: Outputs) -> list[Code]:
    """Definitions (with one child per dimension), framings (one per codebook framing)
    and stakeholder interests (one child per actor type), including dimensions and
    actor types the outputs use but the codebook lacks."""
    dims = {d for v in outputs.definitions["dimensions"] for d in split_dimensions(v)}
    return codebook_codes(codebook, dims, set(outputs.interests["actor_type"].dropna().astype(str)))


def codebook_codes(
    codebook: Codebook, dimensions: Iterable[str] = (), actor_types: Iterable[str] = ()
) -> list[Code]:
    """The code tree of the codebook plus any further dimensions and actor types (the
    import reads a project back against the codebook's tree alone)."""
    dims = sorted(set(dimensions) | set(codebook.dimensions))
    definition = Code(
        "definition",
        f"Definition of {codebook.concept.name}",
        f"A sentence that defines {codebook.concept.name}; children name the dimensions it covers.",
        True,
        "#34495e",
        [
            Code(
                f"dimension:{d}",
                f"dimension: {d}",
                f"The definition names the {d} dimension.",
                True,
                "#5d6d7e",
            )
            for d in dims
        ],
    )
    framing = Code(
        "framing",
        "Framing",
        "How a sentence frames the concept (codebook framings).",
        False,
        None,
        [
            Code(
                f"framing:{key}",
                f.label,
                " ".join(f.description.split()),
                True,
                codebook.framing_colours()[key],
            )
            for key, f in codebook.framings.items()
        ],
    )
    actor_types = sorted(set(actor_types) | set(codebook.actor_types))
    labels = {k: v.label for k, v in codebook.actor_types.items()}
    interest = Code(
        "interest",
        "Stakeholder interest",
        "A sentence in which an actor states or is said to have an interest; children are actor "
        "types.",
        False,
        None,
        [
            Code(
                f"actor:{t}",
                labels.get(t, t),
                f"Interest voiced by an actor of type {t}.",
                True,
                "#7d3c98",
            )
            for t in actor_types
        ],
    )
    return [definition, framing, interest]


def _code_element(parent: ET._Element, code: Code, ns: str) -> None:
    attrs = {"guid": code.guid, "name": code.name, "isCodable": "true" if code.codable else "false"}
    if code.colour:
        attrs["color"] = code.colour
    element = ET.SubElement(parent, f"{{{ns}}}Code", attrs)
    ET.SubElement(element, f"{{{ns}}}Description").text = code.description
    for child in code.children:
        _code_element(element, child, ns)


def _codes(parent: ET._Element, codes: Sequence[Code], ns: str) -> None:
    element = ET.SubElement(parent, f"{{{ns}}}Codes")
    for code in codes:
        _code_element(element, code, ns)


def _xml(root: ET._Element) -> bytes:
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def codebook_xml(codes: Sequence[Code]) -> bytes:
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": ORIGIN}, nsmap={None: CODEBOOK_NS})
    _codes(root, codes, CODEBOOK_NS)
    return _xml(root)


def document_texts(blocks: pd.DataFrame) -> dict[str, str]:
    """Each document's plain text (`pipeline.doctext`): the text the sentences'
    character offsets refer to."""
    texts = {}
    for doc_id, group in blocks.groupby("doc_id", sort=True):
        texts[str(doc_id)] = document_text(group.sort_values("order"))
    return texts


def _columns(frame: pd.DataFrame, names: str) -> Iterator[tuple]:
    """Rows of the named columns as plain Python values (much faster than itertuples
    over Arrow-backed columns)."""
    return zip(*(frame[name].tolist() for name in names.split()), strict=True)


def _resolved(frame: pd.DataFrame, column: str, fallback: str) -> pd.DataFrame:
    """`frame` with `column` (the resolved actor), from `fallback` where a table
    written before actor resolution lacks it."""
    if column in frame:
        return frame.assign(**{column: frame[column].where(frame[column].notna(), frame[fallback])})
    return frame.assign(**{column: frame[fallback]})


def codings(outputs: Outputs) -> pd.DataFrame:
    """One row per (sentence, code key) with a note on why the code applies."""
    rows = []
    definitions = _columns(
        _resolved(outputs.definitions, "defined_by", "attributed_to"),
        "doc_id sent_id attributed_to defined_by attributed_year cue dimensions",
    )
    for doc_id, sent_id, attributed_to, defined_by, attributed_year, cue, dimensions in definitions:
        # the credited actor, resolved (defined_by also names a document's own author)
        credited_to = attributed_to if isinstance(attributed_to, str) and attributed_to else None
        who = defined_by if credited_to and isinstance(defined_by, str) and defined_by else None
        who = who or credited_to
        credited = f"{who} ({int(attributed_year)})" if who and pd.notna(attributed_year) else who
        note = f"definition ({cue})" + (f", credited to {credited}" if credited else "")
        rows.append((doc_id, sent_id, "definition", note))
        for dim in split_dimensions(dimensions):
            rows.append((doc_id, sent_id, f"dimension:{dim}", f"names the {dim} dimension"))
    for doc_id, sent_id, framing, axis in _columns(outputs.framings, "doc_id sent_id framing axis"):
        if isinstance(framing, str) and framing != "none":
            rows.append(
                (doc_id, sent_id, f"framing:{framing}", f"framing {framing} (axis {axis:+.2f})")
            )
    interests = _columns(
        _resolved(outputs.interests, "canonical", "actor"),
        "doc_id sent_id canonical actor_type interest stance",
    )
    for doc_id, sent_id, actor, actor_type, interest, stance in interests:
        actor_type = actor_type if isinstance(actor_type, str) else "other"
        interest = interest if isinstance(interest, str) and interest else "unspecified"
        rows.append(
            (
                doc_id,
                sent_id,
                f"actor:{actor_type}",
                f"{actor} ({actor_type}) -> {interest} [{stance}]",
            )
        )
    frame = pd.DataFrame(rows, columns=["doc_id", "sent_id", "code", "note"])
    frame["sent_id"] = frame["sent_id"].astype("int64")
    return frame.drop_duplicates().sort_values(["doc_id", "sent_id", "code", "note"])


def build_qdpx(
    outputs: Outputs,
    codebook: Codebook,
    project_name: str,
    fragment_cache: Path | None = None,
) -> tuple[bytes, bytes]:
    """(.qdpx bytes, .qdc bytes). Each document's <TextSource> is kept in
    `fragment_cache` under a key of everything it is built from, so a re-run after
    adding a document builds only that document's XML."""
    codes = code_tree(codebook, outputs)
    all_codes = {c.key: c for top in codes for c in [top, *top.children]}
    user = guid("user", ORIGIN)
    root = ET.Element(
        f"{{{PROJECT_NS}}}Project",
        {"name": project_name, "origin": ORIGIN, "creatingUserGUID": user},
        nsmap={None: PROJECT_NS},
    )
    users = ET.SubElement(root, f"{{{PROJECT_NS}}}Users")
    ET.SubElement(users, f"{{{PROJECT_NS}}}User", {"guid": user, "name": ORIGIN})
    book = ET.SubElement(root, f"{{{PROJECT_NS}}}CodeBook")
    _codes(book, codes, PROJECT_NS)
    variables = ET.SubElement(root, f"{{{PROJECT_NS}}}Variables")
    var_guid = {}
    for name, kind in zip(VARIABLES, ("Integer", "Text", "Text"), strict=True):
        var_guid[name] = guid("variable", name)
        var = ET.SubElement(
            variables,
            f"{{{PROJECT_NS}}}Variable",
            {"guid": var_guid[name], "name": name, "typeOfVariable": kind},
        )
        ET.SubElement(var, f"{{{PROJECT_NS}}}Description").text = f"document {name}"

    texts = document_texts(outputs.blocks)
    selections = _selections(outputs.sentences, codings(outputs), all_codes)
    documents = outputs.ok_documents.drop_duplicates("doc_id").sort_values("doc_id")
    sources = ET.SubElement(root, f"{{{PROJECT_NS}}}Sources")
    sources.append(ET.Comment(_SOURCES_MARK))
    files: dict[str, bytes] = {}
    fragments: list[str] = []
    code_guids = {key: code.guid for key, code in all_codes.items()}
    for doc in documents.itertuples():
        if doc.doc_id not in texts:
            continue
        text = texts[doc.doc_id]
        source_guid = guid("source", doc.sha256 if isinstance(doc.sha256, str) else doc.doc_id)
        files[f"sources/{source_guid}.txt"] = text.encode("utf-8")
        fields = {
            "doc_id": doc.doc_id,
            "guid": source_guid,
            "name": str(doc.title or doc.file),
            "description": (
                f"{doc.file}; {doc.organisation or 'organisation unknown'}; "
                f"{'' if pd.isna(doc.year) else int(doc.year)}; doc_id {doc.doc_id}"
            ),
            "variables": {name: _variable_text(getattr(doc, name), name) for name in VARIABLES},
        }
        coded = selections.get(doc.doc_id, [])
        key = stable_hash([_FRAGMENT_VERSION, fields, text, coded, code_guids, var_guid, user])
        fragment = _cached_fragment(fragment_cache, key)
        if fragment is None:
            fragment = _source_fragment(fields, text, coded, user, var_guid, code_guids)
            _store_fragment(fragment_cache, key, fragment)
        fragments.append(fragment)
    before, after = _xml(root).split(f"  <!--{_SOURCES_MARK}-->\n".encode(), 1)
    files["project.qde"] = b"".join([before, *(f.encode("utf-8") for f in fragments), after])
    return _zip(files), codebook_xml(codes)


def _variable_text(value: object, name: str) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return None
    return str(int(value)) if name == "year" else str(value)


def _source_fragment(
    fields: dict,
    text: str,
    coded: list[Selection],
    user: str,
    var_guid: dict[str, str],
    code_guids: dict[str, str],
) -> str:
    """One document's <TextSource> element as indented XML text, exactly as it
    appears inside <Sources> in project.qde."""
    holder = ET.Element(f"{{{PROJECT_NS}}}Sources", nsmap={None: PROJECT_NS})
    source = ET.SubElement(
        holder,
        f"{{{PROJECT_NS}}}TextSource",
        {
            "guid": fields["guid"],
            "name": fields["name"],
            "plainTextPath": f"internal://{fields['guid']}.txt",
            "creatingUser": user,
        },
    )
    ET.SubElement(source, f"{{{PROJECT_NS}}}Description").text = fields["description"]
    for sent_id, start, end, notes, code_keys in coded:
        if not 0 <= start < end <= len(text):
            continue
        selection_guid = guid("selection", fields["doc_id"], sent_id, start, end)
        selection = ET.SubElement(
            source,
            f"{{{PROJECT_NS}}}PlainTextSelection",
            {
                "guid": selection_guid,
                "name": f"sentence {sent_id}",
                "startPosition": str(start),
                "endPosition": str(end),
                "creatingUser": user,
            },
        )
        ET.SubElement(selection, f"{{{PROJECT_NS}}}Description").text = notes
        for code_key in code_keys:
            coding = ET.SubElement(
                selection,
                f"{{{PROJECT_NS}}}Coding",
                {"guid": guid("coding", selection_guid, code_key), "creatingUser": user},
            )
            ET.SubElement(coding, f"{{{PROJECT_NS}}}CodeRef", {"targetGUID": code_guids[code_key]})
    for name in VARIABLES:
        value = fields["variables"][name]
        if value is None:
            continue
        variable = ET.SubElement(source, f"{{{PROJECT_NS}}}VariableValue")
        ET.SubElement(variable, f"{{{PROJECT_NS}}}VariableRef", {"targetGUID": var_guid[name]})
        tag = "IntegerValue" if name == "year" else "TextValue"
        ET.SubElement(variable, f"{{{PROJECT_NS}}}{tag}").text = value
    ET.indent(holder, space=" ", level=1)
    # the holder's text is the indentation before the source; the namespace is
    # declared once on the project root
    xml = ET.tostring(source, encoding="unicode", with_tail=False)
    return "  " + xml.replace(f' xmlns="{PROJECT_NS}"', "", 1) + "\n"


def _cached_fragment(folder: Path | None, key: str) -> str | None:
    if folder is None:
        return None
    try:
        return (folder / f"{key}.xml").read_text(encoding="utf-8")
    except OSError:  # not cached yet, or unreadable: built again
        return None


def _store_fragment(folder: Path | None, key: str, fragment: str) -> None:
    if folder is None:
        return
    try:
        io.write_text(folder / f"{key}.xml", fragment)
    except OSError as exc:  # the cache only saves time; the export is complete without it
        log.warning("QDPX fragment cache not written (%s): %s", folder, exc)


Selection = tuple[int, int, int, str, list[str]]


def _selections(
    sentences: pd.DataFrame, applied: pd.DataFrame, known: dict[str, Code]
) -> dict[str, list[Selection]]:
    """Per document, its coded sentences in sent_id order as (sent_id, start, end,
    notes joined, sorted known code keys): one merge and one pass instead of a lookup
    per sentence. Codings of sentences the sentences table lacks are left out."""
    spans = sentences[["doc_id", "sent_id", "start_char", "end_char"]].drop_duplicates(
        ["doc_id", "sent_id"]
    )
    spans = spans.dropna().astype({"sent_id": "int64"})
    rows = applied.merge(spans, on=["doc_id", "sent_id"], how="inner", sort=False)
    rows = rows.sort_values(["doc_id", "sent_id", "code", "note"], kind="stable")
    out: dict[str, list[Selection]] = {}
    records = _columns(rows, "doc_id sent_id start_char end_char code note")
    for (doc_id, sent_id), group in itertools.groupby(records, key=lambda r: r[:2]):
        items = list(group)
        out.setdefault(doc_id, []).append(
            (
                int(sent_id),
                int(items[0][2]),
                int(items[0][3]),
                "; ".join(item[5] for item in items),
                sorted({item[4] for item in items if item[4] in known}),
            )
        )
    return out


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = stdio.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files, key=lambda n: (n != "project.qde", n)):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            # level 1: the sources are plain text that compresses well at any level,
            # and the highest levels cost seconds on large corpora
            archive.writestr(info, files[name], compresslevel=1)
    return buffer.getvalue()
