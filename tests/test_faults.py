"""Hostile and broken inputs: each is recorded with a one-line reason, never stops the
run for the other documents, and never takes the machine's memory with it."""

from __future__ import annotations

import subprocess
import sys
import time
import zlib
from pathlib import Path

import pandas as pd
import pytest

import pipeline.stages.extract as extract_stage
from pipeline import catalog, io
from pipeline.lock import session
from pipeline.params import Params
from pipeline.stages import annotate as annotate_stage
from pipeline.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]

ENGLISH = (
    "Sustainable reintegration is reached when returnees have levels of economic "
    "self-sufficiency, social stability and psychosocial well-being that allow them to "
    "cope with drivers of re-migration. Programmes combine counselling, vocational "
    "training and small business grants, and they work with the communities that "
    "receive returning migrants.\n"
)
FRENCH = (
    "La réintégration durable est atteinte lorsque les personnes de retour disposent "
    "d'un niveau d'autonomie économique, de stabilité sociale et de bien-être "
    "psychosocial qui leur permet de faire face aux facteurs de la remigration. Les "
    "programmes associent le conseil, la formation professionnelle et de petites "
    "subventions aux entreprises, en lien avec les communautés d'accueil.\n"
)


def raw_pdf(width: float, height: float, stream: bytes, filters: str = "") -> bytes:
    """A one-page PDF with the given content stream, xref offsets computed."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>".encode(),
        f"<< /Length {len(stream)}{filters} >>\nstream\n".encode() + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    out += trailer.encode()
    return bytes(out)


def inflating_stream(megabytes: int) -> bytes:
    """A Flate stream of ~2 KB per MB that inflates to `megabytes` of content."""
    packer = zlib.compressobj(1)
    parts = [packer.compress(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n")]
    chunk = b" " * 2**20
    parts += [packer.compress(chunk) for _ in range(megabytes)]
    parts.append(packer.flush())
    return b"".join(parts)


def workspace(corpus: Path, out: Path, **sections) -> Workspace:
    ws = Workspace.for_run(corpus, out, Params(**sections))
    ws.progress = False
    return ws


def documents_by_file(ws: Workspace) -> dict[str, dict]:
    frame = catalog.DOCUMENTS.read(ws.data_dir)
    return {row["file"]: row for row in frame.to_dict("records")}


def slow_extract(payload: dict, params: dict):
    """Stands in for a parser that hangs on one file (runs in a worker process)."""
    if "hang" in Path(payload["path"]).name:
        time.sleep(120)
    return extract_stage.extract_one(payload, params)


# ------------------------------------------------------------------ extract faults


def test_bombs_are_contained_by_the_worker_memory_cap(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(ENGLISH, encoding="utf-8")
    # 1.7 MB on disk, 384 MB once inflated (more while the parser holds it).
    (corpus / "bomb.pdf").write_bytes(
        raw_pdf(612, 792, inflating_stream(384), " /Filter /FlateDecode")
    )
    # 200 x 200 inches and no text: an image-only page that OCR would render huge.
    (corpus / "huge.pdf").write_bytes(raw_pdf(14400, 14400, b"0 0 m 100 100 l S\n"))
    ws = workspace(corpus, tmp_path / "out", run={"max_memory_mb": 1024})
    with session(ws):
        assert ws.execution.max_memory_mb == 1024
        extract_stage.run(ws)
    docs = documents_by_file(ws)
    assert docs["good.txt"]["status"] == "ok"
    for name in ("bomb.pdf", "huge.pdf"):
        assert docs[name]["status"] in ("failed", "skipped"), docs[name]
        assert docs[name]["problem"], docs[name]
    problems = io.read_csv(catalog.PROBLEMS_CSV.path(ws))
    assert {"bomb.pdf", "huge.pdf"} <= set(problems["file"])


def test_a_hanging_parser_times_out_and_the_run_goes_on(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(ENGLISH, encoding="utf-8")
    (corpus / "hang.txt").write_text(ENGLISH.replace("returnees", "people"), encoding="utf-8")
    (corpus / "other.md").write_text("# Note\n\n" + ENGLISH, encoding="utf-8")
    monkeypatch.setattr(extract_stage, "extract_one", slow_extract)
    ws = workspace(corpus, tmp_path / "out", extract={"timeout_s": 10})
    started = time.monotonic()
    with session(ws):
        extract_stage.run(ws)
    assert time.monotonic() - started < 60
    docs = documents_by_file(ws)
    assert docs["hang.txt"]["status"] == "failed"
    assert docs["hang.txt"]["problem"] == "timed out after 10 s"
    assert docs["good.txt"]["status"] == "ok" and docs["other.md"]["status"] == "ok"


def test_non_utf8_text_is_decoded_and_flagged(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = ENGLISH.replace("counselling", "“counselling” – café")
    (corpus / "legacy.txt").write_bytes(text.encode("cp1252"))
    ws = workspace(corpus, tmp_path / "out")
    with session(ws):
        extract_stage.run(ws)
    doc = documents_by_file(ws)["legacy.txt"]
    assert doc["status"] == "ok" and "not UTF-8" in doc["problem"]
    blocks = catalog.BLOCKS.read(ws.data_dir)
    assert "“counselling” – café" in " ".join(blocks["text"])


def test_duplicates_are_processed_once_and_both_recorded(tmp_path, caplog):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (corpus / "copy_of_a.txt").write_text(ENGLISH, encoding="utf-8")
    ws = workspace(corpus, tmp_path / "out")
    with session(ws), caplog.at_level("INFO", logger="pipeline"):
        extract_stage.run(ws)
    assert any("1 documents (0 cached, 1 computed)" in r.getMessage() for r in caplog.records)
    docs = catalog.DOCUMENTS.read(ws.data_dir)
    assert docs["file"].tolist() == ["a.txt", "copy_of_a.txt"]
    assert docs["doc_id"].nunique() == 1
    copy = docs.set_index("file").loc["copy_of_a.txt"]
    assert copy["status"] == "skipped" and "duplicate of a.txt" in copy["problem"]
    blocks = catalog.BLOCKS.read(ws.data_dir)
    assert len(blocks) == 1  # the text once, not twice


def test_a_non_english_document_is_reported_and_kept_out_unless_its_language_is_listed(
    tmp_path,
):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "en.txt").write_text(ENGLISH, encoding="utf-8")
    (corpus / "fr.txt").write_text(FRENCH * 2, encoding="utf-8")
    ws = workspace(corpus, tmp_path / "out")
    with session(ws):
        extract_stage.run(ws)
        annotate_stage.run(ws)
    docs = documents_by_file(ws)
    assert docs["fr.txt"]["language"] == "fr" and docs["en.txt"]["language"] == "en"
    report = io.read_csv(catalog.DOCUMENTS_CSV.path(ws)).set_index("file")
    assert report.loc["fr.txt", "problem"] == "language fr: left out of sentence stages"
    assert report.loc["fr.txt", "n_sentences"] == 0 and report.loc["en.txt", "n_sentences"] > 0
    sentences = catalog.SENTENCES.read(ws.data_dir)
    assert set(sentences["doc_id"]) == {docs["en.txt"]["doc_id"]}

    ws = workspace(corpus, tmp_path / "out_fr", annotate={"languages": ["en", "fr"]})
    with session(ws):
        extract_stage.run(ws)
        annotate_stage.run(ws)
    sentences = catalog.SENTENCES.read(ws.data_dir)
    assert docs["fr.txt"]["doc_id"] in set(sentences["doc_id"])


# ------------------------------------------------------------------ configuration faults


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def one_txt_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "en.txt").write_text(ENGLISH, encoding="utf-8")
    return corpus


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("extract:\n  max_pagez: 3\n", "extract.max_pagez"),
        ("extract:\n  max_pages: many\n", "extract.max_pages"),
        ("run:\n  workers: [1, 2]\n", "run.workers"),
        ("extract: [unclosed\n", "not valid YAML"),
    ],
)
def test_a_bad_params_file_is_one_line_naming_file_and_key(tmp_path, text, key):
    params = tmp_path / "params.yaml"
    params.write_text(text, encoding="utf-8")
    done = cli("run", "--corpus", str(one_txt_corpus(tmp_path)), "--out", str(tmp_path / "o"),
               "--params", str(params))  # fmt: skip
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert str(params) in lines[0] and key in lines[0]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("concept: [unclosed\n", "not valid YAML"),
        ("concept:\n  name: x\n  terms: reintegration\nframings: {}\n", "concept.terms"),
    ],
)
def test_a_bad_codebook_stops_the_run_with_one_line(tmp_path, text, key):
    codebook = tmp_path / "codebook.yaml"
    codebook.write_text(text, encoding="utf-8")
    params = tmp_path / "params.yaml"
    params.write_text(f"codebook: {codebook}\n", encoding="utf-8")
    out = tmp_path / "o"
    done = cli("run", "--corpus", str(one_txt_corpus(tmp_path)), "--out", str(out),
               "--params", str(params), "-q")  # fmt: skip
    assert done.returncode == 2
    lines = [ln for ln in done.stderr.strip().splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert str(codebook) in lines[0] and key in lines[0]
    # what ran before the codebook was needed is intact
    assert pd.read_parquet(out / "data" / "documents.parquet")["status"].tolist() == ["ok"]
