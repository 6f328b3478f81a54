"""A small, realistic set of upstream tables (with the contracted columns) for the
drift, compare and report tests, plus checks that the factory honours the contract.

Five dated documents move from re-emigration prevention (2001) to mobility as choice
(2017) and back into contest (2019, 2021); a sixth file failed extraction. The
sentences are written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from pipeline import catalog, io
from pipeline.analysis.inputs import TABLES

FRAMINGS = ["prevention", "choice", "development", "wellbeing"]
AXIS = {"prevention": -1.0, "choice": 1.0, "development": 0.0, "wellbeing": 0.0, "none": 0.0}

# (file, title, organisation, year, [(text, framing, definition?, attributed_to, attributed_year,
#   dimensions, (actor, actor_type, interest, stance) | None)])
DOCS = [
    (
        "2001_agency_return.txt",
        "Agency (2001) Return of rejected applicants",
        "Agency",
        2001,
        [
            (
                "Sustainable reintegration means that returnees do not re-emigrate after return.",
                "prevention",
                True,
                None,
                None,
                "re-migration",
                None,
            ),
            (
                "Return programmes aim to deter irregular re-migration of returned applicants.",
                "prevention",
                False,
                None,
                None,
                "",
                (
                    "destination states",
                    "destination_country",
                    "fewer irregular arrivals",
                    "support",
                ),
            ),
            (
                "A return counts as sustainable when the person stays at home permanently.",
                "prevention",
                False,
                None,
                None,
                "",
                None,
            ),
            (
                "Assistance is limited to travel costs and a small cash grant.",
                "none",
                False,
                None,
                None,
                "",
                None,
            ),
            (
                "Sustainable return reduces repeated irregular migration towards Europe.",
                "prevention",
                False,
                None,
                None,
                "",
                None,
            ),
        ],
    ),
    (
        "2015_agency_approaches.pdf",
        "Agency (2015) Effective approaches",
        "Agency",
        2015,
        [
            (
                "Reintegration is sustainable when returnees resist the drivers of re-emigration "
                "on a par with local residents.",
                "prevention",
                True,
                None,
                None,
                "re-migration;economic",
                None,
            ),
            (
                "Sustainable reintegration also depends on income and access to employment.",
                "wellbeing",
                False,
                None,
                None,
                "",
                ("returnees", "returnee", "livelihood opportunities", "support"),
            ),
            (
                "Community projects help origin areas benefit from return.",
                "development",
                False,
                None,
                None,
                "",
                None,
            ),
            (
                "Governments of origin want remittances to continue after return.",
                "development",
                False,
                None,
                None,
                "",
                ("origin governments", "origin_country", "remittances", "support"),
            ),
        ],
    ),
    (
        "2017_agency_integrated.pdf",
        "Agency (2017) Integrated approach",
        "Agency",
        2017,
        [
            (
                "Sustainable reintegration is reached when returnees have economic "
                "self-sufficiency, social stability and psychosocial well-being, so that further "
                "migration is a matter of choice rather than necessity.",
                "choice",
                True,
                None,
                None,
                "economic;social;psychosocial;re-migration",
                None,
            ),
            (
                "Moving again after return is not in itself a failure of reintegration.",
                "choice",
                False,
                None,
                None,
                "",
                None,
            ),
            (
                "Sustainable reintegration leaves returnees free to choose regular mobility later.",
                "choice",
                False,
                None,
                None,
                "",
                ("returnees", "returnee", "freedom of movement", "support"),
            ),
            (
                "Psychosocial well-being of the returnee is a goal in its own right.",
                "wellbeing",
                False,
                None,
                None,
                "",
                None,
            ),
            (
                "Sustainable reintegration opens legal pathways for circular mobility.",
                "choice",
                False,
                None,
                None,
                "",
                None,
            ),
        ],
    ),
    (
        "2019_institute_brief.pdf",
        "Institute (2019) Identikit brief",
        "Institute",
        2019,
        [
            (
                "In 2001 the agency defined sustainable reintegration as the absence of "
                "re-emigration.",
                "prevention",
                True,
                "Agency",
                2001,
                "re-migration",
                None,
            ),
            (
                "By 2017 sustainable reintegration meant further migration by choice, not "
                "necessity.",
                "choice",
                True,
                "Agency",
                2017,
                "economic;social;psychosocial",
                None,
            ),
            (
                "Donors still judge sustainable reintegration by whether people stay.",
                "prevention",
                False,
                None,
                None,
                "",
                ("donors", "donor", "migration control", "support"),
            ),
            (
                "Civil society argues that sustainable reintegration should respect mobility "
                "choices.",
                "choice",
                False,
                None,
                None,
                "",
                ("civil society", "civil_society", "rights of returnees", "support"),
            ),
        ],
    ),
    (
        "2021_union_strategy.pdf",
        "Union (2021) Strategy on return",
        "Union",
        2021,
        [
            (
                "Sustainable reintegration reduces the risk of renewed irregular migration.",
                "prevention",
                True,
                None,
                None,
                "re-migration;structural",
                None,
            ),
            (
                "Member states want credible return systems and fewer irregular arrivals.",
                "prevention",
                False,
                None,
                None,
                "",
                ("member states", "destination_country", "credible returns", "support"),
            ),
            (
                "Sustainable reintegration should also give returnees legal mobility options.",
                "choice",
                False,
                None,
                None,
                "",
                None,
            ),
            (
                "Partner countries seek support for their own reintegration services.",
                "development",
                False,
                None,
                None,
                "",
                ("partner countries", "origin_country", "capacity support", "support"),
            ),
        ],
    ),
]

FAILED = ("broken_scan.pdf", "encrypted PDF: cannot read without a password")


def doc_id_for(file: str) -> str:
    import hashlib

    return hashlib.sha256(file.encode()).hexdigest()[:16]


def make_tables(seed: int = 0, specs: list | None = None) -> dict[str, pd.DataFrame]:
    """Every upstream table, with the contracted columns and consistent offsets, for
    DOCS or other documents in the same layout."""
    rng = np.random.default_rng(seed)
    base = {f: rng.normal(size=384) for f in [*FRAMINGS, "none"]}
    docs, blocks, sents, defs, ints, mentions, frames, embs = [], [], [], [], [], [], [], []
    for file, title, org, year, rows in specs or DOCS:
        doc_id = doc_id_for(file)
        position = 0
        for sent_id, (text, framing, is_def, who, when, dims, interest) in enumerate(rows):
            page = 1 + sent_id // 3
            blocks.append(
                {"doc_id": doc_id, "order": sent_id, "page": page, "kind": "body", "text": text}
            )
            sents.append(
                {
                    "doc_id": doc_id,
                    "sent_id": sent_id,
                    "page": page,
                    "block_kind": "body",
                    "section": None,
                    "text": text,
                    "start_char": position,
                    "end_char": position + len(text),
                }
            )
            position += len(text) + 2
            scores = {f"score_{f}": 0.1 for f in FRAMINGS}
            if framing != "none":
                scores[f"score_{framing}"] = 0.8
            frames.append(
                {
                    "doc_id": doc_id,
                    "sent_id": sent_id,
                    "text": text,
                    "framing": framing,
                    **scores,
                    "axis": AXIS[framing] * 0.7,
                    "confidence": 0.8 if framing != "none" else 0.6,
                    "cluster": -1,
                    "cluster_label": "",
                }
            )
            vector = base[framing] + 0.3 * rng.normal(size=384)
            embs.append(
                {
                    "doc_id": doc_id,
                    "sent_id": sent_id,
                    "vector": (vector / np.linalg.norm(vector)).astype("float32"),
                }
            )
            if is_def:
                defs.append(
                    {
                        "doc_id": doc_id,
                        "sent_id": sent_id,
                        "page": page,
                        "text": text,
                        "term": "sustainable reintegration",
                        "definiens": text.split(" ", 3)[-1],
                        "cue": "means",
                        "attributed_to": who,
                        "defined_by": who if who else org,
                        "attributed_year": when,
                        "dimensions": dims,
                        "framing": framing,
                        "score": 0.9,
                        "confidence": 0.9,
                    }
                )
            if interest:
                actor, actor_type, what, stance = interest
                ints.append(
                    {
                        "doc_id": doc_id,
                        "sent_id": sent_id,
                        "page": page,
                        "text": text,
                        "actor": actor,
                        "canonical": actor,
                        "actor_type": actor_type,
                        "interest": what,
                        "interest_kind": "phrase" if what else "unspecified",
                        "predicate": "want",
                        "stance": stance,
                        "confidence": 0.4 if stance == "oppose" else 0.7,
                    }
                )
                mentions.append(
                    {"doc_id": doc_id, "sent_id": sent_id, "actor": actor, "actor_type": actor_type}
                )
        docs.append(
            {
                "doc_id": doc_id,
                "file": file,
                "title": title,
                "title_inferred": False,
                "organisation": org,
                "authors": None,
                "year": year,
                "year_inferred": False,
                "kind": "report",
                "url": None,
                "language": "en",
                "format": Path(file).suffix[1:],
                "pages": 2,
                "n_blocks": len(rows),
                "ocr_pages": 0,
                "bytes": 1000,
                "sha256": doc_id * 4,
                "status": "ok",
                "problem": "",
                "n_sentences": len(rows),
            }
        )
    file, problem = FAILED
    docs.append(
        {
            **docs[0],
            "doc_id": doc_id_for(file),
            "file": file,
            "title": "broken_scan",
            "organisation": None,
            "year": None,
            "status": "failed",
            "problem": problem,
            "n_sentences": 0,
            "n_blocks": 0,
        }
    )
    documents = pd.DataFrame(docs)
    documents["year"] = documents["year"].astype("Int64")
    framings = pd.DataFrame(frames)
    document_framings = (
        framings[framings["framing"] != "none"]
        .groupby("doc_id")["axis"]
        .agg(axis_mean="mean")
        .reset_index()
    )
    document_framings["axis_ci_low"] = document_framings["axis_mean"] - 0.2
    dominant = framings.groupby("doc_id")["framing"].agg(lambda s: s.value_counts().idxmax())
    document_framings["dominant_framing"] = document_framings["doc_id"].map(dominant)
    document_framings["profile_cluster"] = 0
    document_framings["axis_ci_high"] = document_framings["axis_mean"] + 0.2
    definitions = pd.DataFrame(defs)
    definitions["attributed_year"] = definitions["attributed_year"].astype("Int64")
    return {
        "documents": documents,
        "blocks": pd.DataFrame(blocks),
        "sentences": pd.DataFrame(sents),
        "definitions": definitions,
        "interests": pd.DataFrame(ints),
        "mentions": pd.DataFrame(mentions),
        "framings": framings,
        "document_framings": document_framings,
        "embeddings": pd.DataFrame(embs),
        "problems": pd.DataFrame(
            [{"file": file, "stage": "extract", "status": "failed", "problem": problem}]
        ),
    }


def write_tables(out: Path, tables: dict[str, pd.DataFrame] | None = None) -> Path:
    """Lay the tables out as `policyframes run --out OUT` does: the intermediate
    tables the drift, compare and report stages read, in OUT/data."""
    tables = tables or make_tables()
    data = out / "data"
    written = {
        catalog.DOCUMENTS: tables["documents"].drop(columns="n_sentences"),
        catalog.ANNOTATED_DOCUMENTS: tables["documents"],
        catalog.BLOCKS: tables["blocks"],
        catalog.SENTENCES: tables["sentences"],
        catalog.DEFINITIONS: tables["definitions"],
        catalog.INTERESTS: tables["interests"],
        catalog.MENTIONS: tables["mentions"],
        catalog.FRAMINGS: tables["framings"],
        catalog.DOCUMENT_FRAMINGS: tables["document_framings"],
        catalog.EMBEDDINGS: tables["embeddings"],
        catalog.PROBLEMS: tables["problems"],
    }
    for table, frame in written.items():
        io.write_parquet(data / table.file, frame)
    # the CSVs people (and the notebooks) read, as the stages write them
    shown = {
        catalog.DOCUMENTS_CSV: tables["documents"],
        catalog.DEFINITIONS_CSV: tables["definitions"],
        catalog.INTERESTS_CSV: tables["interests"],
        catalog.MENTIONS_CSV: tables["mentions"],
        catalog.FRAMINGS_CSV: tables["framings"],
        catalog.DOCUMENT_FRAMINGS_CSV: tables["document_framings"],
        catalog.PROBLEMS_CSV: tables["problems"],
    }
    for table, frame in shown.items():
        io.write_csv(out / table.file, frame)
    return out


def test_factory_tables_carry_only_catalog_columns() -> None:
    tables = make_tables()
    for name, candidates in TABLES.items():
        declared = set(candidates[0].schema(FRAMINGS))
        columns = set(tables[name].columns)
        assert columns <= declared, f"{name}: {columns - declared} are not in the catalog"
        assert "doc_id" in columns or name == "problems", name


def test_factory_offsets_point_at_sentences() -> None:
    tables = make_tables()
    for doc_id, blocks in tables["blocks"].groupby("doc_id"):
        text = "\n\n".join(blocks.sort_values("order")["text"])
        for sent in tables["sentences"][tables["sentences"]["doc_id"] == doc_id].itertuples():
            assert text[sent.start_char : sent.end_char] == sent.text
