"""Tagging quality and speed: the rules against the trained taggers.

    python bench/tagging.py [--labelled ../shared/eval/labelled] [--seeds ../shared/seeds]
                            [--work /tmp/policyframes-bench-tagging]

One run prints, per task (definitions, attribution, framing macro-F1, prevention /
choice mean F1, interests), precision / recall / F1 of

- the rules alone, and
- the trained taggers,

under 5-fold document-grouped cross-validation on `split=train` (each fold's
taggers fitted on the other folds' documents), leave-one-family-out on
`split=train`, on `split=test` (taggers fitted on all of `split=train`: the
committed default models), and on the seed documents, one left out at a time. The
seed documents are training data like `split=train` (params `train.corpus`): every
fit includes them, except the one that scores a seed document. The rules were tuned
on the seed set, so its rule figures flatter them. Definitions are rare: their
figures are also pooled over `split=test` and the seed set, with counts.

Then the tagging speed: sentences per second through framings + definitions +
stakeholders, rules vs trained. The last line is

    test definitions_f1=… framing_macro_f1=… prevention_choice_f1=… interests_f1=…

Reads ../shared (labelled corpus, gold, seeds); skips with a reason when absent.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import catalog  # noqa: E402
from pipeline.evaluate import evaluate  # noqa: E402
from pipeline.learn.prepare import prepare_labelled  # noqa: E402
from pipeline.learn.taggers import save_taggers  # noqa: E402
from pipeline.learn.train import fit_tasks  # noqa: E402
from pipeline.params import load_params  # noqa: E402
from pipeline.stages.registry import STAGES  # noqa: E402
from pipeline.workspace import Workspace  # noqa: E402

TAGGING = ("framings", "definitions", "stakeholders")
#: what the tagging stages read, copied into each run's own data folder
UPSTREAM = (catalog.DOCUMENTS, catalog.SENTENCES, catalog.PARSES, catalog.EMBEDDINGS)
#: what `evaluate` scores
OUTPUTS = (catalog.FRAMINGS, catalog.DEFINITIONS, catalog.INTERESTS)


def tag(ws: Workspace, taggers: Path | None, out: Path) -> float:
    """Run the tagging stages of a prepared workspace with `taggers` (None: rules)
    into `out` (its tables in out/data); returns the seconds they took."""
    params = ws.params.model_copy(update={"taggers": str(taggers) if taggers else None})
    run_ws = Workspace(ws.corpus_dir, out / "data", out, ws.cache_dir, params, progress=False)
    run_ws.data_dir.mkdir(parents=True, exist_ok=True)
    for table in UPSTREAM:
        shutil.copy(table.path(ws), table.path(run_ws))
    started = time.perf_counter()
    for stage in STAGES:
        if stage.name in TAGGING:
            stage.run(run_ws)
    return time.perf_counter() - started


def timed(ws: Workspace, taggers: Path | None, out: Path) -> float:
    """`tag` on a cache holding only the sentence embeddings, so the rules' parsing
    is timed too, as in a first run."""
    fresh = out / "cache"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(ws.cache_dir / "embeddings", fresh / "embeddings")
    cold = Workspace(ws.corpus_dir, ws.data_dir, ws.reports_dir, fresh, ws.params, progress=False)
    return tag(cold, taggers, out)


def pooled(parts: list[tuple[Path, set[str]]], target: Path) -> Path:
    """One output folder holding, for each (folder, doc_ids), that folder's rows of
    those documents: the pooled out-of-fold predictions."""
    data = target / "data"
    data.mkdir(parents=True, exist_ok=True)
    for table in OUTPUTS:
        frames = []
        for folder, docs in parts:
            rows = table.read(folder / "data")
            frames.append(rows[rows["doc_id"].isin(docs)])
        pd.concat(frames, ignore_index=True).to_parquet(data / table.file)
    shutil.copy(parts[0][0] / "data" / catalog.DOCUMENTS.file, data / catalog.DOCUMENTS.file)
    return target


def figures(gold: Path, out: Path, files: set[str] | None) -> dict[str, float]:
    result = evaluate(gold, out, files)
    framing = result["framing"]
    return {
        "definitions": result["definitions"],
        "attribution": result["attribution"],
        "framing_macro_f1": framing["macro_f1"],
        "prevention_choice_f1": round(
            (framing["prevention"]["f1"] + framing["choice"]["f1"]) / 2, 4
        ),
        "frames": {k: framing[k] for k in ("prevention", "choice", "development", "wellbeing")},
        "interests": result["interests"],
    }


def show(setting: str, system: str, f: dict) -> None:
    d, i, a = f["definitions"], f["interests"], f["attribution"]
    frames = " ".join(
        f"{k[:4]} {v['precision']:.2f}/{v['recall']:.2f}/{v['f1']:.2f}"
        for k, v in f["frames"].items()
    )
    print(
        f"{setting:28s} {system:8s} | definitions P/R/F1 {d['precision']:.2f}/{d['recall']:.2f}/"
        f"{d['f1']:.3f} (n={d['n_gold']}) attribution {a['exact_match']:.2f} (n={a['n_gold']}) | "
        f"framing macro-F1 {f['framing_macro_f1']:.3f} prev/choice {f['prevention_choice_f1']:.3f} "
        f"[{frames}] | interests P/R/F1 {i['precision']:.2f}/{i['recall']:.2f}/{i['f1']:.3f} "
        f"(n={i['n_gold']})"
    )


def fit_to(prepared, params, docs: set[str], folder: Path) -> Path:
    tasks, _ = fit_tasks(prepared.ws, prepared.codebook, params, docs, prepared.alignment)
    save_taggers(folder, tasks, {"documents": len(docs)})
    return folder


def pooled_definitions(parts: list[dict]) -> str:
    """Definition P/R/F1 pooled over several scored sets (their counts added)."""
    tp_pred = sum(round(d["precision"] * d["n_pred"]) for d in parts)
    n_pred = sum(d["n_pred"] for d in parts)
    tp_gold = sum(round(d["recall"] * d["n_gold"]) for d in parts)
    n_gold = sum(d["n_gold"] for d in parts)
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f} R {r:.3f} F1 {f:.3f} ({tp_gold} of {n_gold} found, {n_pred} predicted)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labelled", type=Path, default=ROOT.parent / "shared/eval/labelled")
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared/seeds")
    parser.add_argument(
        "--seed-gold", type=Path, default=ROOT.parent / "shared/eval/seed_gold.jsonl"
    )
    parser.add_argument("--params", type=Path, default=ROOT / "params.yaml")
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "pf-bench-tagging"
    )
    args = parser.parse_args()
    gold = args.labelled / "gold.jsonl"
    if not gold.is_file():
        print(
            f"skipped: no labelled corpus at {args.labelled} (../shared is not beside the checkout)"
        )
        return 0
    logging.basicConfig(level=logging.WARNING)
    params = load_params(args.params)
    work = args.work
    cache = work / "cache"
    with_seeds = args.seeds.is_dir() and args.seed_gold.is_file()
    labels, corpora = [gold], [args.labelled]
    if with_seeds:
        labels, corpora = [gold, args.seed_gold], [args.labelled, args.seeds]
    prepared = prepare_labelled(labels, corpora, work / "labelled", params, cache)
    prepared.ws.progress = False
    meta = pd.read_csv(args.labelled / "metadata.csv", dtype=str)
    doc_of = {name: doc for doc, name in prepared.files.items()}
    docs_where = lambda mask: {doc_of[f] for f in meta.loc[mask, "file"] if f in doc_of}  # noqa: E731
    train_docs = docs_where(meta["split"] == "train") & prepared.alignment.documents
    # the seed documents (no split of their own) are training data in every fit
    seed_docs = {d for d, split in prepared.splits.items() if split is None}
    seed_docs &= prepared.alignment.documents
    files_of = lambda docs: {prepared.files[d] for d in docs}  # noqa: E731

    rules = work / "out-rules"
    tag(prepared.ws, None, rules)
    n_sentences = len(catalog.SENTENCES.read(prepared.ws.data_dir, columns=["doc_id"]))

    # 5-fold document-grouped CV on split=train
    ordered = sorted(train_docs)
    groups = np.array(ordered)
    parts = []
    folds = GroupKFold(n_splits=5, shuffle=True, random_state=0).split(groups, groups=groups)
    for number, (_, held) in enumerate(folds):
        held_docs = set(groups[held])
        fit_docs = (train_docs - held_docs) | seed_docs
        folder = fit_to(prepared, params, fit_docs, work / f"cv{number}/taggers")
        tag(prepared.ws, folder, work / f"cv{number}/out")
        parts.append((work / f"cv{number}/out", held_docs))
    cv = pooled(parts, work / "cv-pooled")

    # leave one family out, on split=train
    parts = []
    families = sorted(meta["family"].dropna().unique())
    for number, family in enumerate(families):
        held_docs = docs_where((meta["family"] == family) & (meta["split"] == "train"))
        held_docs &= train_docs
        if not held_docs:
            continue
        fit_docs = (train_docs - held_docs) | seed_docs
        folder = fit_to(prepared, params, fit_docs, work / f"lofo{number}/taggers")
        tag(prepared.ws, folder, work / f"lofo{number}/out")
        parts.append((work / f"lofo{number}/out", held_docs))
    lofo = pooled(parts, work / "lofo-pooled")

    # split=test with taggers fitted on all training documents: the committed models
    final = fit_to(prepared, params, train_docs | seed_docs, work / "final/taggers")
    tag(prepared.ws, final, work / "final/out")
    rules_s = timed(prepared.ws, None, work / "speed-rules")
    trained_s = timed(prepared.ws, final, work / "speed-trained")
    test_files = set(meta.loc[meta["split"] == "test", "file"])
    train_files = files_of(train_docs)

    rows = [
        ("5-fold grouped CV (train)", rules, cv, train_files),
        ("leave-one-family-out", rules, lofo, train_files),
        ("split=test", rules, work / "final/out", test_files),
    ]
    results = {}
    print(
        f"\nTagging quality on {gold} ({len(prepared.records)} labelled sentences; "
        f"{len(seed_docs)} seed documents are training data in every fit)"
    )
    for setting, rule_out, trained_out, files in rows:
        show(setting, "rules", figures(gold, rule_out, files))
        results[setting] = figures(gold, trained_out, files)
        show(setting, "trained", results[setting])

    if seed_docs:
        # the seed set scored out of fold: each seed document tagged by taggers
        # fitted on split=train and the other seed documents
        parts = []
        for number, held in enumerate(sorted(seed_docs)):
            fit_docs = train_docs | (seed_docs - {held})
            folder = fit_to(prepared, params, fit_docs, work / f"seed{number}/taggers")
            tag(prepared.ws, folder, work / f"seed{number}/out")
            parts.append((work / f"seed{number}/out", {held}))
        seed_out = pooled(parts, work / "seed-pooled")
        seed_files = files_of(seed_docs)
        seed_rules = figures(args.seed_gold, rules, seed_files)
        seed_trained = figures(args.seed_gold, seed_out, seed_files)
        show("seed set, one doc out", "rules", seed_rules)
        show("seed set, one doc out", "trained", seed_trained)
        pooled_text = pooled_definitions(
            [results["split=test"]["definitions"], seed_trained["definitions"]]
        )
        print(f"definitions, split=test + seed set (one out) pooled (trained): {pooled_text}")

    print(
        f"\nTagging speed ({n_sentences} sentences, framings + definitions + stakeholders, "
        f"cache holding only the embeddings): rules {n_sentences / rules_s:.0f} sentences/s, "
        f"trained {n_sentences / trained_s:.0f} sentences/s"
    )
    test = results["split=test"]
    print(
        f"test definitions_f1={test['definitions']['f1']:.3f} "
        f"framing_macro_f1={test['framing_macro_f1']:.3f} "
        f"prevention_choice_f1={test['prevention_choice_f1']:.3f} "
        f"interests_f1={test['interests']['f1']:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
