"""REFI-QDA export: schema-valid project and codebook, offsets that select the coded
sentences in the exported sources, deterministic bytes and GUIDs.

The official REFI-QDA schemas are not shipped here. The schemas below are written
for this test from the published structure of the Project (urn:QDA-XML:project:1.0)
and Codebook (urn:QDA-XML:codebook:1.0) exchange formats, restricted to the elements
the exporter writes: element order, required attributes, GUID and colour patterns.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from pipeline.analysis.inputs import load
from pipeline.codebook import load_codebook
from pipeline.report.qdpx import build_qdpx, guid
from tests.test_report_factory import write_tables

REPO = Path(__file__).resolve().parents[1]
NS = {"q": "urn:QDA-XML:project:1.0"}

_TYPES = """
  <xs:simpleType name="GUIDType">
    <xs:restriction base="xs:token">
      <xs:pattern value="[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="RGBType">
    <xs:restriction base="xs:token"><xs:pattern value="#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})"/></xs:restriction>
  </xs:simpleType>
  <xs:complexType name="CodesType">
    <xs:sequence><xs:element name="Code" type="CodeType" maxOccurs="unbounded"/></xs:sequence>
  </xs:complexType>
  <xs:complexType name="CodeType">
    <xs:sequence>
      <xs:element name="Description" type="xs:string" minOccurs="0"/>
      <xs:element name="Code" type="CodeType" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:attribute name="guid" type="GUIDType" use="required"/>
    <xs:attribute name="name" type="xs:string" use="required"/>
    <xs:attribute name="isCodable" type="xs:boolean" use="required"/>
    <xs:attribute name="color" type="RGBType"/>
  </xs:complexType>
"""  # noqa: E501

PROJECT_XSD = f"""<?xml version="1.0" encoding="utf-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:QDA-XML:project:1.0"
  targetNamespace="urn:QDA-XML:project:1.0" elementFormDefault="qualified">
  <xs:element name="Project">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="Users" minOccurs="0">
          <xs:complexType><xs:sequence>
            <xs:element name="User" maxOccurs="unbounded">
              <xs:complexType>
                <xs:attribute name="guid" type="GUIDType" use="required"/>
                <xs:attribute name="name" type="xs:string"/>
              </xs:complexType>
            </xs:element>
          </xs:sequence></xs:complexType>
        </xs:element>
        <xs:element name="CodeBook" minOccurs="0">
          <xs:complexType><xs:sequence><xs:element name="Codes" type="CodesType"/></xs:sequence>
          </xs:complexType>
        </xs:element>
        <xs:element name="Variables" minOccurs="0">
          <xs:complexType><xs:sequence>
            <xs:element name="Variable" maxOccurs="unbounded">
              <xs:complexType>
                <xs:sequence><xs:element name="Description" type="xs:string" minOccurs="0"/></xs:sequence>
                <xs:attribute name="guid" type="GUIDType" use="required"/>
                <xs:attribute name="name" type="xs:string" use="required"/>
                <xs:attribute name="typeOfVariable" use="required">
                  <xs:simpleType><xs:restriction base="xs:token">
                    <xs:enumeration value="Text"/><xs:enumeration value="Boolean"/>
                    <xs:enumeration value="Integer"/><xs:enumeration value="Float"/>
                    <xs:enumeration value="Date"/><xs:enumeration value="DateTime"/>
                  </xs:restriction></xs:simpleType>
                </xs:attribute>
              </xs:complexType>
            </xs:element>
          </xs:sequence></xs:complexType>
        </xs:element>
        <xs:element name="Sources" minOccurs="0">
          <xs:complexType><xs:choice maxOccurs="unbounded">
            <xs:element name="TextSource" type="TextSourceType"/>
          </xs:choice></xs:complexType>
        </xs:element>
      </xs:sequence>
      <xs:attribute name="name" type="xs:string" use="required"/>
      <xs:attribute name="origin" type="xs:string"/>
      <xs:attribute name="creatingUserGUID" type="GUIDType"/>
    </xs:complexType>
  </xs:element>
  {_TYPES}
  <xs:complexType name="TextSourceType">
    <xs:sequence>
      <xs:element name="Description" type="xs:string" minOccurs="0"/>
      <xs:element name="PlainTextSelection" type="SelectionType" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="VariableValue" minOccurs="0" maxOccurs="unbounded">
        <xs:complexType><xs:sequence>
          <xs:element name="VariableRef">
            <xs:complexType><xs:attribute name="targetGUID" type="GUIDType" use="required"/></xs:complexType>
          </xs:element>
          <xs:choice>
            <xs:element name="TextValue" type="xs:string"/>
            <xs:element name="IntegerValue" type="xs:integer"/>
          </xs:choice>
        </xs:sequence></xs:complexType>
      </xs:element>
    </xs:sequence>
    <xs:attribute name="guid" type="GUIDType" use="required"/>
    <xs:attribute name="name" type="xs:string"/>
    <xs:attribute name="plainTextPath" type="xs:string" use="required"/>
    <xs:attribute name="creatingUser" type="GUIDType"/>
  </xs:complexType>
  <xs:complexType name="SelectionType">
    <xs:sequence>
      <xs:element name="Description" type="xs:string" minOccurs="0"/>
      <xs:element name="Coding" minOccurs="0" maxOccurs="unbounded">
        <xs:complexType>
          <xs:sequence><xs:element name="CodeRef">
            <xs:complexType><xs:attribute name="targetGUID" type="GUIDType" use="required"/></xs:complexType>
          </xs:element></xs:sequence>
          <xs:attribute name="guid" type="GUIDType" use="required"/>
          <xs:attribute name="creatingUser" type="GUIDType"/>
        </xs:complexType>
      </xs:element>
    </xs:sequence>
    <xs:attribute name="guid" type="GUIDType" use="required"/>
    <xs:attribute name="name" type="xs:string"/>
    <xs:attribute name="startPosition" type="xs:integer" use="required"/>
    <xs:attribute name="endPosition" type="xs:integer" use="required"/>
    <xs:attribute name="creatingUser" type="GUIDType"/>
  </xs:complexType>
</xs:schema>
"""  # noqa: E501

CODEBOOK_XSD = f"""<?xml version="1.0" encoding="utf-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:QDA-XML:codebook:1.0"
  targetNamespace="urn:QDA-XML:codebook:1.0" elementFormDefault="qualified">
  <xs:element name="CodeBook">
    <xs:complexType>
      <xs:sequence><xs:element name="Codes" type="CodesType"/></xs:sequence>
      <xs:attribute name="origin" type="xs:string"/>
    </xs:complexType>
  </xs:element>
  {_TYPES}
</xs:schema>
"""


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory):
    out = write_tables(tmp_path_factory.mktemp("qdpx"))
    outputs = load(out / "data")
    codebook = load_codebook(REPO / "models" / "codebook.yaml")
    project, qdc = build_qdpx(outputs, codebook, "test project")
    return outputs, project, qdc


def test_project_and_codebook_validate(exported) -> None:
    _, project, qdc = exported
    with zipfile.ZipFile(io.BytesIO(project)) as archive:
        qde = archive.read("project.qde")
    xmlschema.XMLSchema(PROJECT_XSD).validate(qde)
    xmlschema.XMLSchema(CODEBOOK_XSD).validate(qdc)


def test_selections_select_the_coded_sentences(exported) -> None:
    outputs, project, _ = exported
    with zipfile.ZipFile(io.BytesIO(project)) as archive:
        root = etree.fromstring(archive.read("project.qde"))
        texts = {
            name.split("/", 1)[1]: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.startswith("sources/")
        }
    sentences = set(outputs.sentences["text"])
    sources = root.findall(".//q:TextSource", NS)
    assert len(sources) == 5  # the failed document has no source
    n_selections = 0
    for source in sources:
        text = texts[source.get("plainTextPath").removeprefix("internal://")]
        for selection in source.findall("q:PlainTextSelection", NS):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert text[start:end] in sentences
            n_selections += 1
    coded = set(zip(outputs.framings["doc_id"], outputs.framings["sent_id"], strict=True))
    framed = outputs.framings[outputs.framings["framing"] != "none"]
    assert n_selections == len(framed)  # every coded sentence here is also framed
    assert n_selections <= len(coded)


def test_codes_cover_definitions_framings_and_interests(exported) -> None:
    outputs, project, _ = exported
    with zipfile.ZipFile(io.BytesIO(project)) as archive:
        root = etree.fromstring(archive.read("project.qde"))
    names = {code.get("guid"): code.get("name") for code in root.iterfind(".//q:Code", NS)}
    used = [names[ref.get("targetGUID")] for ref in root.iterfind(".//q:CodeRef", NS)]
    assert (
        used.count("Re-emigration prevention")
        == (outputs.framings["framing"] == "prevention").sum()
    )
    assert used.count("Definition of sustainable reintegration") == len(outputs.definitions)
    assert used.count("dimension: psychosocial") == 2
    assert sum(name == "destination_country" for name in used) == 2
    guids = [el.get("guid") for el in root.iter() if el.get("guid")]
    assert len(guids) == len(set(guids))


def test_export_is_deterministic(exported) -> None:
    outputs, project, qdc = exported
    codebook = load_codebook(REPO / "models" / "codebook.yaml")
    again, qdc_again = build_qdpx(outputs, codebook, "test project")
    assert again == project and qdc_again == qdc
    assert guid("source", "x") == guid("source", "x") != guid("source", "y")
    assert re.fullmatch(r"[0-9a-f-]{36}", guid("code", "framing"))


def test_fragment_cache_gives_the_same_project_and_follows_changes(exported, tmp_path) -> None:
    """Cached per-document XML gives the bytes of an uncached build; a document whose
    codings change gets a new fragment, the others are reused."""
    outputs, project, _ = exported
    codebook = load_codebook(REPO / "models" / "codebook.yaml")
    cache = tmp_path / "fragments"
    cold, _ = build_qdpx(outputs, codebook, "test project", fragment_cache=cache)
    stored = sorted(p.name for p in cache.iterdir())
    assert cold == project and len(stored) == 5
    warm, _ = build_qdpx(outputs, codebook, "test project", fragment_cache=cache)
    assert warm == project and sorted(p.name for p in cache.iterdir()) == stored

    # re-label one framed sentence of one document: only that document's XML changes
    framed = outputs.framings.index[outputs.framings["framing"] == "prevention"][0]
    changed_doc = outputs.framings.at[framed, "doc_id"]
    outputs.framings.loc[framed, "framing"] = "choice"
    try:
        edited, _ = build_qdpx(outputs, codebook, "test project", fragment_cache=cache)
        fresh, _ = build_qdpx(outputs, codebook, "test project")
    finally:
        outputs.framings.loc[framed, "framing"] = "prevention"
    assert edited == fresh != project
    assert len(list(cache.iterdir())) == 6
    with zipfile.ZipFile(io.BytesIO(edited)) as archive:
        root = etree.fromstring(archive.read("project.qde"))
    described = [d.text for d in root.iterfind(".//q:TextSource/q:Description", NS)]
    assert sum(f"doc_id {changed_doc}" in text for text in described) == 1


def test_unwritable_fragment_cache_is_only_a_warning(exported, tmp_path, caplog) -> None:
    outputs, project, _ = exported
    codebook = load_codebook(REPO / "models" / "codebook.yaml")
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    again, _ = build_qdpx(outputs, codebook, "test project", fragment_cache=blocked)
    assert again == project
    assert "fragment cache not written" in caplog.text
