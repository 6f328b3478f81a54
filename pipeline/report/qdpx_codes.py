"""The REFI-QDA code tree: definitions with their dimensions, the codebook's
framings and stakeholder interests by actor type, and its XML (the project's
<CodeBook> and the .qdc file). A code's GUID is a uuid5 of its key, so the import
recognises the codes of an exported project."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from lxml import etree as ET

from pipeline.analysis.inputs import Outputs, split_dimensions
from pipeline.codebook import Codebook

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"

ORIGIN = "policyframes"
_NAMESPACE = uuid.UUID("6f1c1d4e-2b7a-5c1e-9a57-0c3d1f1e7a10")


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


def append_codes(parent: ET._Element, codes: Sequence[Code], ns: str) -> None:
    element = ET.SubElement(parent, f"{{{ns}}}Codes")
    for code in codes:
        _code_element(element, code, ns)


def xml_bytes(root: ET._Element) -> bytes:
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def codebook_xml(codes: Sequence[Code]) -> bytes:
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": ORIGIN}, nsmap={None: CODEBOOK_NS})
    append_codes(root, codes, CODEBOOK_NS)
    return xml_bytes(root)
