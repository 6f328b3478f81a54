"""`policyframes add` and incremental re-runs: adding one document to a corpus
computes that document only, in every per-document stage, and the outputs are the
bytes a from-scratch run over the grown corpus writes."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import runner
from pipeline.add import AddError, add_files, resolve_corpus
from pipeline.corpus import load_metadata
from pipeline.lock import session
from pipeline.params import Params
from pipeline.stages.registry import STAGES
from pipeline.workspace import Workspace
from tests.test_runner import output_files, synthetic_corpus

REPO = Path(__file__).resolve().parents[1]
SUMMARY = re.compile(r"^(\w+): (\d+) documents \((\d+) cached, (\d+) computed\)")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ add


def test_add_copies_files_and_appends_rows_keeping_the_others(tmp_path):
    corpus = tmp_path / "corpus"
    write(
        corpus / "metadata.csv",
        'file,title,year,note\nold.txt,"Old, with comma",2001,keep me\n',
    )
    new = write(tmp_path / "in" / "new.txt", "Sustainable reintegration means many things.\n")
    added = add_files([new], corpus, {"title": 'A "new" one', "year": "2020", "kind": "brief"})
    assert [(a.name, a.action) for a in added] == [("new.txt", "added")]
    assert (corpus / "new.txt").read_bytes() == new.read_bytes()
    rows = load_metadata(corpus)
    assert rows.problems == []
    assert rows.rows["old.txt"]["title"] == "Old, with comma"
    assert rows.rows["new.txt"]["title"] == 'A "new" one'
    assert rows.rows["new.txt"]["year"] == "2020" and rows.rows["new.txt"]["kind"] == "brief"
    text = (corpus / "metadata.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("file,title,year,note")  # extra column kept
    assert "keep me" in text


def test_add_updates_an_existing_row_instead_of_duplicating_it(tmp_path):
    corpus = tmp_path / "corpus"
    doc = write(tmp_path / "a.txt", "Text.\n")
    add_files([doc], corpus, {"organisation": "IOM"})
    add_files([doc], corpus, {"year": 2019})
    rows = load_metadata(corpus)
    assert rows.problems == []
    assert rows.rows["a.txt"]["organisation"] == "IOM" and rows.rows["a.txt"]["year"] == "2019"
    assert (corpus / "metadata.csv").read_text().count("a.txt") == 1


def test_add_refuses_a_missing_file_and_changes_nothing(tmp_path):
    corpus = tmp_path / "corpus"
    good = write(tmp_path / "good.txt", "Text.\n")
    with pytest.raises(AddError, match=r"file not found: .*missing\.pdf"):
        add_files([good, tmp_path / "missing.pdf"], corpus)
    assert not corpus.exists()


def test_add_refuses_other_content_under_a_taken_name_unless_replace(tmp_path):
    corpus = tmp_path / "corpus"
    add_files([write(tmp_path / "a" / "x.txt", "first\n")], corpus)
    second = write(tmp_path / "b" / "x.txt", "second\n")
    with pytest.raises(AddError, match="already exists with other content; use --replace"):
        add_files([second], corpus)
    assert (corpus / "x.txt").read_text() == "first\n"
    assert add_files([second], corpus, replace=True)[0].action == "replaced"
    assert (corpus / "x.txt").read_text() == "second\n"


def test_add_refuses_a_bad_year_and_a_malformed_metadata_file(tmp_path):
    corpus = tmp_path / "corpus"
    doc = write(tmp_path / "a.txt", "Text.\n")
    with pytest.raises(AddError, match="is not a year"):
        add_files([doc], corpus, {"year": "soon"})
    write(corpus / "metadata.csv", 'file,title\nb.txt,"unclosed\n')
    with pytest.raises(AddError, match=r"metadata\.csv is malformed CSV"):
        add_files([doc], corpus)
    assert not (corpus / "a.txt").exists()


def test_corpus_name_or_folder():
    assert resolve_corpus("demo") == Path("corpora/demo")
    assert resolve_corpus("./mine") == Path("mine")
    assert resolve_corpus("/data/x") == Path("/data/x")


def test_cli_add_missing_file_is_one_clear_line(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "add", str(tmp_path / "nope.pdf"), "--corpus",
         str(tmp_path / "c")],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: file not found: {tmp_path / 'nope.pdf'}"


# ------------------------------------------------------------------ incremental runs


def run_all(
    corpus: Path, out: Path, codebook: Path, workers: int = 1, scheduler: str | None = None
) -> None:
    # Embedding batches of one: see tests.test_runner.fixed_params.
    params = Params(codebook=str(codebook), embed={"batch_size": 1}, run={"scheduler": scheduler})
    ws = Workspace.for_run(corpus, out, params, workers=workers)
    ws.progress = False
    with session(ws):
        for stage in STAGES:
            stage.run(ws)


def summaries(records: list[logging.LogRecord]) -> dict[str, tuple[int, int, int]]:
    found = {}
    for record in records:
        if match := SUMMARY.match(record.getMessage()):
            found[match.group(1)] = tuple(int(g) for g in match.groups()[1:])
    return found


@pytest.mark.slow
def test_adding_one_document_computes_only_it_and_matches_a_full_run(tmp_path, caplog, monkeypatch):
    monkeypatch.setattr(runner, "PACK_MIN", 2)  # the re-run reads cache packs too
    pool = synthetic_corpus(tmp_path / "pool", 6, seed=11)
    codebook = tmp_path / "codebook.yaml"  # a fixed copy: the runs must see the same one
    shutil.copyfile(REPO / "models" / "codebook.yaml", codebook)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    names = sorted(p.name for p in pool.iterdir() if p.name != "metadata.csv")
    add_files([pool / n for n in names[:-1]], corpus)
    out = tmp_path / "out"
    run_all(corpus, out, codebook)

    add_files([pool / names[-1]], corpus, {"organisation": "Test Org", "year": 2016})
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="pipeline"):
        run_all(corpus, out, codebook)
    counts = summaries(caplog.records)
    assert {"extract", "annotate"} <= set(counts)
    for stage, (total, cached, computed) in counts.items():
        assert computed <= 1 and cached + computed == total, (stage, counts[stage])
    assert counts["extract"][2] == 1 and counts["annotate"][2] == 1

    fresh = tmp_path / "fresh"
    shutil.copytree(corpus, tmp_path / "copy" / "corpus")  # same name: reports carry it
    run_all(tmp_path / "copy" / "corpus", fresh, codebook)
    assert output_files(out) == output_files(fresh)
