"""`policyframes train` end to end on a small invented corpus: models and manifest
written, byte-identical on a second run, classes without enough labels kept on
their fallback, bad labels refused with nothing written, and a corpus's own
labels.jsonl overriding the taggers."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.learn.labels import LabelError
from pipeline.learn.taggers import load_taggers
from pipeline.learn.train import train
from pipeline.params import load_params
from pipeline.stages.registry import get
from pipeline.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]

#: (sentence, framing or None, interest actor type or None); invented policy prose
PREVENTION = [
    "Return programmes should deter returnees from attempting irregular migration again.",
    "The aim of reintegration support is that people do not re-migrate to Europe.",
    "Sustainable return means that returnees stay home and resist the drivers of re-emigration.",
]
DEVELOPMENT = [
    "Returnees bring skills that contribute to the development of their home communities.",
    "Reintegration projects strengthen local economies and the capacity of origin countries.",
    "Return migration can support reconstruction and peace-building after conflict.",
]
WELLBEING = [
    "Reintegration assistance helps returnees find housing, income and psychosocial care.",
    "A dignified return requires access to health services and safety for the returnee.",
    "Returnees need stable income and social networks to rebuild their lives.",
]
NEUTRAL = [
    "The report was published in the spring after two years of fieldwork.",
    "In 2019 the number of assisted returns rose by a fifth compared with the year before.",
    "Chapter three describes the data and the interviews.",
]
INTEREST = "Donor agencies want more evidence on what happens after return."
MENTION = "Sustainable reintegration remains a stated objective of the new programme."
CHOICE = "Further migration after return should be a matter of choice, not necessity."


def _corpus(root: Path) -> tuple[Path, list[dict]]:
    corpus = root / "corpus"
    corpus.mkdir()
    labels = []
    for number in range(8):
        lines = [
            PREVENTION[number % 3], DEVELOPMENT[number % 3], WELLBEING[number % 3],
            NEUTRAL[number % 3], INTEREST,
        ]  # fmt: skip
        if number == 0:
            lines.append(CHOICE)
        if number % 2:
            lines.append(MENTION)
        name = f"brief{number}.txt"
        title = f"Policy brief {number} on return"
        (corpus / name).write_text(title + "\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
        for text in lines:
            framing = (
                "prevention" if text in PREVENTION else "development" if text in DEVELOPMENT
                else "wellbeing" if text in WELLBEING else "choice" if text == CHOICE else "none"
            )  # fmt: skip
            holders = (
                [{"actor": "Donor agencies", "type": "donor", "interest": "more evidence"}]
                if text == INTEREST
                else []
            )
            labels.append(
                {"file": name, "sentence": text, "definition": text == PREVENTION[2],
                 "defined_by": None, "framing": framing, "stakeholders": holders}
            )  # fmt: skip
    return corpus, labels


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("train")
    corpus, labels = _corpus(root)
    gold = root / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in labels) + "\n", encoding="utf-8")
    raw = yaml.safe_load((REPO / "params.yaml").read_text())
    raw["codebook"] = str(REPO / "models" / "codebook.yaml")
    raw["train"] |= {"folds": 2, "min_examples": 2, "C": [0.1]}
    params_file = root / "params.yaml"
    params_file.write_text(yaml.safe_dump(raw), encoding="utf-8")
    params = load_params(params_file)
    first = train([gold], corpus, root / "work", root / "models", params, None, root / "cache")
    return root, corpus, gold, params_file, params, first


@pytest.mark.slow
def test_train_writes_models_and_manifest_deterministically(trained, caplog) -> None:
    root, corpus, gold, _, params, manifest = trained
    models = root / "models"
    assert {p.name for p in models.iterdir()} == {
        "framing.json", "definitions.json", "interests.json", "manifest.json",
    }  # fmt: skip
    taggers = load_taggers(models)
    # one multiclass model decides the framings with enough labels (and "none")
    assert taggers.tasks["framing"].labels == ["development", "prevention", "wellbeing"]
    framing = manifest["cross_validation"]["framing"]
    # beside each classifier's cross-validated F1, the seed phrases' own on the same
    # documents (these invented sentences are easy for the seed phrases)
    assert all(0 < framing[k]["seed_phrases_f1"] <= 1 for k in ("prevention", "development"))
    # one labelled "choice" sentence: not enough, it stays on its seed phrases
    assert manifest["cross_validation"]["framing"]["choice"] == {
        "positives": 1, "fallback": "seed phrases",
    }  # fmt: skip
    assert manifest["documents"] == 8 and manifest["unmatched_sentences"] == 0
    before = {p.name: p.read_bytes() for p in models.iterdir()}
    with caplog.at_level(logging.WARNING):
        train([gold], corpus, root / "work", root / "again", params, None, root / "cache")
    assert {p.name: p.read_bytes() for p in (root / "again").iterdir()} == before
    assert "framing 'choice' has 1 labelled examples" in caplog.text
    assert "it stays on its seed phrases" in caplog.text


@pytest.mark.slow
def test_trained_models_tag_and_hand_labels_override(trained, tmp_path: Path) -> None:
    root, corpus, _, _, params, _ = trained
    params = params.model_copy(update={"taggers": str(root / "models")})
    ws = Workspace.for_run(corpus, tmp_path / "out", params, cache=root / "cache")
    ws.progress = False
    for name in ("extract", "annotate", "embed", "framings", "definitions", "stakeholders"):
        get(name).run(ws)
    framings = pd.read_csv(tmp_path / "out" / "framings.csv")
    trained_rows = framings[framings["method"] == "trained"]
    assert len(trained_rows) and trained_rows["confidence"].between(0, 1).all()
    assert set(framings.loc[framings["text"] == DEVELOPMENT[0], "framing"]) == {"development"}
    interests = pd.read_csv(tmp_path / "out" / "interests.csv")
    assert "donor" in set(interests["actor_type"])

    # a researcher disagrees with one sentence: labels.jsonl overrides it
    hand = {"file": "brief1.txt", "sentence": DEVELOPMENT[1], "definition": False,
            "framing": "wellbeing", "stakeholders": []}  # fmt: skip
    (corpus / "labels.jsonl").write_text(json.dumps(hand) + "\n", encoding="utf-8")
    try:
        for name in ("extract", "framings"):
            get(name).run(ws)
    finally:
        (corpus / "labels.jsonl").unlink()
    framings = pd.read_csv(tmp_path / "out" / "framings.csv")
    documents = pd.read_csv(tmp_path / "out" / "documents.csv")
    brief1 = documents.loc[documents["file"].str.endswith("brief1.txt"), "doc_id"].iloc[0]
    same = framings[framings["text"] == DEVELOPMENT[1]].set_index("doc_id")
    assert same.loc[brief1, "framing"] == "wellbeing"
    assert same.loc[brief1, "method"] == "coded by hand"
    others = same.drop(index=brief1)  # the same sentence elsewhere keeps its tag
    assert set(others["framing"]) == {"development"} and set(others["method"]) == {"trained"}
    problems = pd.read_csv(tmp_path / "out" / "problems.csv")
    assert not problems["file"].astype(str).str.contains("labels.jsonl").any()


@pytest.mark.slow
def test_bad_labels_stop_training_and_write_nothing(trained) -> None:
    root, corpus, _, params_file, _, _ = trained
    bad = root / "bad.jsonl"
    bad.write_text(
        json.dumps({"file": "brief0.txt", "sentence": INTEREST, "framing": "deterrence"}) + "\n",
        encoding="utf-8",
    )
    out = root / "never"
    result = CliRunner().invoke(
        app,
        ["train", "--labels", str(bad), "--corpus", str(corpus), "--out", str(out),
         "--work", str(root / "work"), "--params", str(params_file), "--all-documents"],
    )  # fmt: skip
    assert result.exit_code != 0
    assert "bad.jsonl:1" in result.output and "framing" in result.output
    assert not out.exists()


@pytest.mark.slow
def test_second_corpus_without_splits_is_training_data_whole(trained, tmp_path: Path) -> None:
    """`--corpus A --corpus B --split train`: A's split=train documents plus every
    labelled document of B, whose metadata declares no splits."""
    root, corpus, gold, _, params, _ = trained
    names = sorted(p.name for p in corpus.iterdir())
    split_corpus = tmp_path / "with-splits"
    split_corpus.mkdir()
    for name in names[:4]:
        (split_corpus / name).write_bytes((corpus / name).read_bytes())
    pd.DataFrame(
        {"file": names[:4], "title": names[:4], "split": ["train", "train", "train", "test"]}
    ).to_csv(split_corpus / "metadata.csv", index=False)
    whole = tmp_path / "whole"
    whole.mkdir()
    for name in names[4:]:
        (whole / name).write_bytes((corpus / name).read_bytes())

    both = train(
        [gold], [split_corpus, whole], tmp_path / "work", tmp_path / "models", params,
        "train", root / "cache",
    )  # fmt: skip
    assert both["documents"] == 3 + 4
    assert both["unmatched_sentences"] == 0

    def labels_of(files: list[str], path: Path) -> Path:
        lines = gold.read_text(encoding="utf-8").splitlines()
        kept = [line for line in lines if json.loads(line)["file"] in files]
        path.write_text("\n".join(kept) + "\n", encoding="utf-8")
        return path

    first_four = labels_of(names[:4], tmp_path / "first-four.jsonl")
    alone = train(
        [first_four], split_corpus, tmp_path / "work1", tmp_path / "models1", params, "train",
        root / "cache",
    )  # fmt: skip
    assert alone["documents"] == 3
    # no corpus declares splits: asking for one is an error naming the folder
    last_four = labels_of(names[4:], tmp_path / "last-four.jsonl")
    with pytest.raises(LabelError, match=r"no corpus of .*whole"):
        train([last_four], [whole], tmp_path / "w2", tmp_path / "m2", params, "train", None)
