from pathlib import Path

from pipeline.corpus import discover, load_metadata, parse_year


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_discover_skips_build_folders_hidden_files_and_metadata(tmp_path):
    write(tmp_path / "a.txt", "alpha")
    write(tmp_path / "sub" / "b.md", "beta")
    write(tmp_path / "_build" / "render.py", "print()")
    write(tmp_path / ".hidden.txt", "x")
    write(tmp_path / "metadata.csv", "file,title\na.txt,A\n")
    names = [s.name for s in discover(tmp_path)]
    assert names == ["a.txt", "sub/b.md"]


def test_doc_id_depends_on_content_not_name(tmp_path):
    write(tmp_path / "one.txt", "same bytes")
    write(tmp_path / "two.txt", "same bytes")
    write(tmp_path / "three.txt", "other bytes")
    ids = {s.name: s.doc_id for s in discover(tmp_path)}
    assert ids["one.txt"] == ids["two.txt"] != ids["three.txt"]
    assert len(ids["one.txt"]) == 16


def test_metadata_extra_columns_missing_rows_and_bad_values_are_tolerated(tmp_path):
    write(
        tmp_path / "metadata.csv",
        "file,title,year,colour\n"
        "a.pdf,Brief A,2019-09,red\n"
        "b.pdf,Brief B,unknown,blue\n"
        "a.pdf,Again,2020,green\n"
        ",No file,2001,\n",
    )
    meta = load_metadata(tmp_path)
    assert meta.rows["a.pdf"]["title"] == "Brief A"
    assert parse_year(meta.rows["a.pdf"]["year"]) == 2019
    assert parse_year(meta.rows["b.pdf"]["year"]) is None
    assert "colour" not in meta.rows["a.pdf"]
    assert any("duplicate row for a.pdf" in p for p in meta.problems)
    assert any("empty 'file'" in p for p in meta.problems)


def test_malformed_metadata_is_a_problem_not_a_crash(tmp_path):
    write(tmp_path / "metadata.csv", 'file,title\na.pdf,"unterminated\n')
    meta = load_metadata(tmp_path)
    assert meta.rows == {}
    assert "malformed CSV" in meta.problems[0]


def test_metadata_without_file_column_is_reported(tmp_path):
    write(tmp_path / "metadata.csv", "name,title\na.pdf,A\n")
    meta = load_metadata(tmp_path)
    assert meta.rows == {}
    assert "no 'file' column" in meta.problems[0]


def test_metadata_may_name_a_file_in_a_subfolder_by_its_unique_base_name(tmp_path):
    write(tmp_path / "texts" / "brief.txt", "alpha")
    write(tmp_path / "a" / "note.txt", "beta")
    write(tmp_path / "b" / "note.txt", "gamma")
    write(
        tmp_path / "metadata.csv",
        "file,title\nbrief.txt,Brief\nnote.txt,Ambiguous\nb/note.txt,Second note\nmissing.txt,X\n",
    )
    names = [s.name for s in discover(tmp_path)]
    rows, unmatched = load_metadata(tmp_path).match(names)
    assert rows["texts/brief.txt"]["title"] == "Brief"
    assert rows["b/note.txt"]["title"] == "Second note"
    assert "a/note.txt" not in rows  # "note.txt" could be either file
    assert unmatched == ["missing.txt", "note.txt"]
