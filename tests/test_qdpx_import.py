"""REFI-QDA import: an exported project reads back into the labels it was built from
(a fixed point), edits made in a QDA tool come back, and broken projects fail with
one clear message."""

from __future__ import annotations

import json
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree
from typer.testing import CliRunner

from pipeline.analysis.inputs import load
from pipeline.cli import app
from pipeline.codebook import load_codebook
from pipeline.learn.labels import LabelError, LabelRecord
from pipeline.report.qdpx import build_qdpx
from pipeline.report.qdpx_import import import_qdpx, read_qdpx
from tests.test_qdpx import NS, REPO
from tests.test_report_factory import DOCS, make_tables, write_tables

CODEBOOK = load_codebook(REPO / "models" / "codebook.yaml")
Q = "{" + NS["q"] + "}"

# The factory's actor types the codebook knows under other keys; civil_society stays
# outside the codebook, so its interest code is ignored and reported.
KNOWN_TYPES = {"destination_country": "destination_state", "origin_country": "origin_state"}

# Guillemets, curly quotes, en and em dashes, a non-breaking hyphen and characters
# outside the Basic Multilingual Plane (one code point, two UTF-16 units) before and
# inside coded sentences: offsets counted in anything but code points would show.
UNICODE_DOC = (
    "2023_note_réintégration.txt",
    "Note (2023) Réintégration durable",
    "Agence",
    2023,
    [
        (
            "Le « retour durable » – dit‑on – n’est pas “simple” 🙂 𝔘.",
            "none",
            False,
            None,
            None,
            "",
            None,
        ),
        (
            "“Sustainable reintegration” – in Côte d’Ivoire – means returnees don’t have to "
            "leave again.",
            "prevention",
            True,
            "OIM",
            2022,
            "re-migration",
            ("returnees", "returnee", "staying — by choice", "support"),
        ),
        (
            "Les États d’origine veulent des “transferts” réguliers – et plus d’emplois 🙂.",
            "development",
            False,
            None,
            None,
            "",
            ("États d’origine", "origin_country", "transferts réguliers", "support"),
        ),
    ],
)
MIXED_SENTENCE = (
    "Civil society argues that sustainable reintegration should respect mobility choices."
)
UNCODED_SENTENCE = "Assistance is limited to travel costs and a small cash grant."


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, pd.DataFrame], Path]:
    """The factory's documents plus UNICODE_DOC exported as a project, with one
    sentence framed twice (a mixed framing)."""
    tables = make_tables(specs=[*DOCS, UNICODE_DOC])
    tables["interests"]["actor_type"] = tables["interests"]["actor_type"].replace(KNOWN_TYPES)
    framings = tables["framings"]
    second = framings[framings["text"] == MIXED_SENTENCE].assign(framing="wellbeing")
    tables["framings"] = pd.concat([framings, second], ignore_index=True)
    out = write_tables(tmp_path_factory.mktemp("qdpx_import"), tables)
    project, _ = build_qdpx(load(out / "data"), CODEBOOK, "round trip")
    path = out / "round_trip.qdpx"
    path.write_bytes(project)
    return tables, path


def expected_labels(tables: dict[str, pd.DataFrame]) -> dict[tuple[str, str], dict]:
    """The tags the export was built from, keyed by (file, sentence)."""
    files = dict(zip(tables["documents"]["doc_id"], tables["documents"]["file"], strict=True))
    sentences = tables["sentences"]
    texts = {
        (doc_id, sent_id): text
        for doc_id, sent_id, text in zip(
            sentences["doc_id"], sentences["sent_id"], sentences["text"], strict=True
        )
    }
    labels: dict[tuple[str, str], dict] = {}

    def label(doc_id: str, sent_id: int) -> dict:
        empty = {"definition": False, "defined_by": None, "framings": set(), "stakeholders": set()}
        return labels.setdefault((files[doc_id], texts[(doc_id, sent_id)]), empty)

    for row in tables["definitions"].itertuples():
        entry = label(row.doc_id, row.sent_id)
        entry["definition"] = True
        if isinstance(row.attributed_to, str):
            entry["defined_by"] = f"{row.attributed_to} ({row.attributed_year})"
    for row in tables["framings"][tables["framings"]["framing"] != "none"].itertuples():
        label(row.doc_id, row.sent_id)["framings"].add(row.framing)
    for row in tables["interests"].itertuples():
        if row.actor_type in CODEBOOK.actor_types:
            holder = (row.actor, row.actor_type, row.interest)
            label(row.doc_id, row.sent_id)["stakeholders"].add(holder)
    return labels


def as_labels(records: list[LabelRecord]) -> dict[tuple[str, str], dict]:
    labels = {}
    for r in records:
        assert (r.framing == "mixed") == (len(r.mixed_components) > 1)
        labels[(r.file, r.sentence)] = {
            "definition": r.definition,
            "defined_by": r.defined_by,
            "framings": set(r.framings),
            "stakeholders": {(s.actor, s.type, s.interest) for s in r.stakeholders},
        }
    return labels


def edit(path: Path, out: Path, change: Callable[[etree._Element, dict[str, bytes]], None]) -> Path:
    """A copy of the project with project.qde (parsed) and the zip members changed,
    as a QDA tool's export after editing would be."""
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(files["project.qde"])
    change(root, files)
    if "project.qde" in files:
        files["project.qde"] = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out


def source_of(root: etree._Element, file: str) -> etree._Element:
    return next(
        s for s in root.iter(f"{Q}TextSource") if s.findtext(f"{Q}Description").startswith(file)
    )


def source_text(files: dict[str, bytes], source: etree._Element) -> str:
    member = "sources/" + source.get("plainTextPath").removeprefix("internal://")
    return files[member].decode("utf-8")


def code_guid(root: etree._Element, name: str) -> str:
    return next(c.get("guid") for c in root.iter(f"{Q}Code") if c.get("name") == name)


def add_selection(source: etree._Element, start: int, end: int, code: str) -> None:
    selection = etree.SubElement(
        source,
        f"{Q}PlainTextSelection",
        {"guid": str(uuid.uuid4()), "startPosition": str(start), "endPosition": str(end)},
    )
    coding = etree.SubElement(selection, f"{Q}Coding", {"guid": str(uuid.uuid4())})
    etree.SubElement(coding, f"{Q}CodeRef", {"targetGUID": code})
    # the schema puts selections before the variable values
    first_value = source.find(f"{Q}VariableValue")
    if first_value is not None:
        first_value.addprevious(selection)


def test_round_trip_gives_back_the_exported_tags(exported, caplog) -> None:
    tables, path = exported
    result = import_qdpx(path, CODEBOOK)
    assert as_labels(result.records) == expected_labels(tables)
    assert all(r.source == "qdpx" for r in result.records)

    by_sentence = {r.sentence: r for r in result.records}
    mixed = by_sentence[MIXED_SENTENCE]
    assert (mixed.framing, mixed.mixed_components) == ("mixed", ["choice", "wellbeing"])
    assert mixed.stakeholders == []  # its civil_society interest is outside the codebook
    unicode_sentence = UNICODE_DOC[4][1][0]
    coded = by_sentence[unicode_sentence]
    assert coded.file == UNICODE_DOC[0] and coded.defined_by == "OIM (2022)"
    assert [(s.actor, s.type, s.interest) for s in coded.stakeholders] == [
        ("returnees", "returnee", "staying — by choice")
    ]
    assert UNICODE_DOC[4][0][0] not in by_sentence  # uncoded text before it

    assert result.ignored == ["Stakeholder interest / civil_society"]
    assert read_qdpx(path, CODEBOOK) == result.records
    assert "codes outside the codebook ignored: Stakeholder interest / civil_society" in caplog.text


def test_added_coding_comes_back_and_deleted_codings_go(exported, tmp_path) -> None:
    tables, path = exported
    wellbeing = CODEBOOK.framings["wellbeing"].label
    first_unicode = UNICODE_DOC[4][0][0]
    removed = "A return counts as sustainable when the person stays at home permanently."
    unicode_definition = UNICODE_DOC[4][1][0]

    def change(root: etree._Element, files: dict[str, bytes]) -> None:
        for file, sentence in [(DOCS[0][0], UNCODED_SENTENCE), (UNICODE_DOC[0], first_unicode)]:
            source = source_of(root, file)
            start = source_text(files, source).index(sentence)
            add_selection(source, start, start + len(sentence), code_guid(root, wellbeing))
        # the definition code and its dimension children, which also mark a definition
        definition = code_guid(root, f"Definition of {CODEBOOK.concept.name}")
        tree = next(c for c in root.iter(f"{Q}Code") if c.get("guid") == definition)
        definition_codes = {c.get("guid") for c in tree.iter(f"{Q}Code")}
        for selection in root.iter(f"{Q}PlainTextSelection"):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            text = source_text(files, selection.getparent())[start:end]
            for coding in selection.findall(f"{Q}Coding"):
                target = coding.find(f"{Q}CodeRef").get("targetGUID")
                if text == removed or (text == unicode_definition and target in definition_codes):
                    selection.remove(coding)

    records = as_labels(read_qdpx(edit(path, tmp_path / "edited.qdpx", change), CODEBOOK))
    want = expected_labels(tables)
    for file, sentence in [(DOCS[0][0], UNCODED_SENTENCE), (UNICODE_DOC[0], first_unicode)]:
        assert records.pop((file, sentence))["framings"] == {"wellbeing"}
    del want[(DOCS[0][0], removed)]
    want[(UNICODE_DOC[0], unicode_definition)].update(definition=False, defined_by=None)
    assert records == want


def test_codes_are_found_by_name_when_a_tool_gives_new_guids(exported, tmp_path) -> None:
    tables, path = exported

    def change(root: etree._Element, files: dict[str, bytes]) -> None:
        fresh = {c.get("guid"): str(uuid.uuid4()) for c in root.iter(f"{Q}Code")}
        for code in root.iter(f"{Q}Code"):
            code.set("guid", fresh[code.get("guid")])
        for ref in root.iter(f"{Q}CodeRef"):
            ref.set("targetGUID", fresh[ref.get("targetGUID")])

    records = read_qdpx(edit(path, tmp_path / "renamed.qdpx", change), CODEBOOK)
    assert as_labels(records) == expected_labels(tables)


def test_only_ignored_codes_give_no_record(exported, tmp_path) -> None:
    tables, path = exported
    memo = str(uuid.uuid4())

    def change(root: etree._Element, files: dict[str, bytes]) -> None:
        codes = root.find(f"{Q}CodeBook/{Q}Codes")
        etree.SubElement(codes, f"{Q}Code", {"guid": memo, "name": "Memo", "isCodable": "true"})
        source = source_of(root, DOCS[0][0])
        start = source_text(files, source).index(UNCODED_SENTENCE)
        add_selection(source, start, start + len(UNCODED_SENTENCE), memo)

    result = import_qdpx(edit(path, tmp_path / "memo.qdpx", change), CODEBOOK)
    assert as_labels(result.records) == expected_labels(tables)
    assert result.ignored == ["Memo", "Stakeholder interest / civil_society"]


def test_inline_plain_text_content_is_read(exported, tmp_path) -> None:
    tables, path = exported

    def change(root: etree._Element, files: dict[str, bytes]) -> None:
        source = source_of(root, UNICODE_DOC[0])
        text = files.pop("sources/" + source.get("plainTextPath").removeprefix("internal://"))
        source.set("plainTextPath", "relative://elsewhere.txt")
        content = etree.Element(f"{Q}PlainTextContent")
        content.text = text.decode("utf-8")
        source.find(f"{Q}Description").addnext(content)

    records = read_qdpx(edit(path, tmp_path / "inline.qdpx", change), CODEBOOK)
    assert as_labels(records) == expected_labels(tables)


def first_selection(root: etree._Element) -> etree._Element:
    return next(root.iter(f"{Q}PlainTextSelection"))


def test_bad_projects_fail_with_one_clear_message(exported, tmp_path) -> None:
    _, path = exported
    not_zip = tmp_path / "notes.qdpx"
    not_zip.write_text("not a zip")
    with pytest.raises(LabelError, match=r"notes\.qdpx: not a readable \.qdpx \(zip\) file"):
        read_qdpx(not_zip, CODEBOOK)

    def drop_project(root: etree._Element, files: dict[str, bytes]) -> None:
        del files["project.qde"]

    no_project = edit(path, tmp_path / "no_project.qdpx", drop_project)
    with pytest.raises(LabelError, match=r"no_project\.qdpx: no project\.qde in the archive"):
        read_qdpx(no_project, CODEBOOK)

    broken = tmp_path / "broken.qdpx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("project.qde", b"<Project><Sources>")
    with pytest.raises(LabelError, match=r"broken\.qdpx: project\.qde: XML does not parse"):
        read_qdpx(broken, CODEBOOK)


def test_selection_outside_its_text_names_the_selection(exported, tmp_path) -> None:
    _, path = exported
    holder: dict[str, str] = {}

    def stretch(root: etree._Element, files: dict[str, bytes]) -> None:
        selection = first_selection(root)
        holder["guid"] = selection.get("guid")
        holder["length"] = str(len(source_text(files, selection.getparent())))
        selection.set("endPosition", "100000")

    with pytest.raises(LabelError) as caught:
        read_qdpx(edit(path, tmp_path / "stretched.qdpx", stretch), CODEBOOK)
    message = str(caught.value)
    assert message.startswith(str(tmp_path / "stretched.qdpx"))
    assert f"PlainTextSelection {holder['guid']}" in message
    assert f"fall outside the source text ({holder['length']} characters)" in message


def test_missing_source_text_names_the_source(exported, tmp_path) -> None:
    _, path = exported
    holder: dict[str, str] = {}

    def drop_text(root: etree._Element, files: dict[str, bytes]) -> None:
        source = first_selection(root).getparent()
        holder["guid"] = source.get("guid")
        del files["sources/" + source.get("plainTextPath").removeprefix("internal://")]

    with pytest.raises(LabelError, match=r"source text not found") as caught:
        read_qdpx(edit(path, tmp_path / "no_text.qdpx", drop_text), CODEBOOK)
    assert f"TextSource {holder['guid']}" in str(caught.value)
    assert "no_text.qdpx" in str(caught.value)


def test_cli_writes_sorted_json_lines_and_a_summary(exported, tmp_path) -> None:
    tables, path = exported
    params = tmp_path / "params.yaml"
    params.write_text(f"codebook: {REPO / 'models' / 'codebook.yaml'}\n")
    out = tmp_path / "labels.jsonl"
    command = ["import-qdpx", str(path), "--out", str(out), "--params", str(params)]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    items = [json.loads(line) for line in lines]
    assert [(i["file"], i["sentence"]) for i in items] == sorted(
        (i["file"], i["sentence"]) for i in items
    )
    assert "source" not in items[0] and "“Sustainable reintegration”" in out.read_text("utf-8")
    want = expected_labels(tables)
    assert as_labels([LabelRecord.model_validate(i) for i in items]) == want
    n_framed = sum(bool(label["framings"]) for label in want.values())
    n_definitions = sum(label["definition"] for label in want.values())
    n_interests = sum(len(label["stakeholders"]) for label in want.values())
    summary = " ".join(result.output.split())
    assert (
        f"{len(want)} sentences, {n_definitions} definitions, {n_framed} framings, "
        f"{n_interests} interests" in summary
    )
    assert "ignored codes outside the codebook: Stakeholder interest / civil_society" in summary
    again = tmp_path / "again.jsonl"
    CliRunner().invoke(app, [*command[:3], str(again), *command[4:]])
    assert again.read_bytes() == out.read_bytes()


def test_cli_reports_a_bad_project_and_writes_nothing(tmp_path) -> None:
    bad = tmp_path / "bad.qdpx"
    bad.write_text("not a zip")
    out = tmp_path / "labels.jsonl"
    params = tmp_path / "params.yaml"
    params.write_text(f"codebook: {REPO / 'models' / 'codebook.yaml'}\n")
    command = ["import-qdpx", str(bad), "--out", str(out), "--params", str(params)]
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 1
    assert "not a readable .qdpx (zip) file" in " ".join(result.output.split())
    assert not out.exists()
