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
import logging
import zipfile
from pathlib import Path

import pandas as pd
from lxml import etree as ET

from pipeline import io
from pipeline.analysis.inputs import Outputs
from pipeline.cache import stable_hash
from pipeline.codebook import Codebook
from pipeline.report.qdpx_codes import (
    ORIGIN,
    PROJECT_NS,
    append_codes,
    code_tree,
    codebook_xml,
    guid,
    xml_bytes,
)
from pipeline.report.qdpx_codings import Selection, coded_selections, codings, document_texts
from pipeline.sources import code_version

log = logging.getLogger(__name__)

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
VARIABLES = ("year", "organisation", "kind")
_SOURCES_MARK = "sources"
#: part of every fragment's cache key: a hash of this module's code and imports
_FRAGMENT_VERSION = code_version(__name__)


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
    append_codes(book, codes, PROJECT_NS)
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
    selections = coded_selections(outputs.sentences, codings(outputs), all_codes)
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
    before, after = xml_bytes(root).split(f"  <!--{_SOURCES_MARK}-->\n".encode(), 1)
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
