"""Stage 1 — extract: corpus files -> documents, blocks and problems (intermediate
tables) + problems.csv.

Each unique file (by content hash) is extracted once and cached; metadata.csv is
merged afterwards, so editing metadata never re-extracts. Missing titles and years
are inferred from the file (PDF info, HTML <title>, first heading, dates in the
text) and flagged as inferred.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import catalog
from pipeline.cache import Result, ResultCache
from pipeline.corpus import SourceFile, discover, load_metadata, parse_year
from pipeline.extract import extract_file
from pipeline.extract.blocks import FURNITURE_KINDS, Block, ExtractionError
from pipeline.language import detect_language
from pipeline.params import ExtractParams
from pipeline.runner import Task, map_documents
from pipeline.sources import code_version
from pipeline.stages.spec import CORPUS, Out, Stage
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)

NAME = "extract"
#: the cache version follows the stage's code (pipeline.sources.code_version)
VERSION = code_version(__name__)

BLOCK_COLUMNS = catalog.BLOCKS.column_names
DOCUMENT_COLUMNS = catalog.DOCUMENTS.column_names

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
#: "September 2019", "October 20, 2017", "20 October 2017"
_DATE = re.compile(
    rf"\b(?:(?:{_MONTHS})\s+(?:\d{{1,2}},?\s+)?|\d{{1,2}}\s+(?:{_MONTHS})\s+)((?:19|20)\d{{2}})\b"
)
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")


def blocks_frame(doc_id: str, blocks: list[Block]) -> pd.DataFrame:
    rows = []
    for order, block in enumerate(blocks):
        row = block.to_row()
        row["order"] = order
        row["doc_id"] = doc_id
        rows.append(row)
    frame = pd.DataFrame(rows, columns=BLOCK_COLUMNS)
    return frame.astype(
        {"order": "int64", "page": "int64", "column": "int64", "ocr": "bool", "text": "str"}
    )


def extract_one(payload: dict[str, Any], params: dict[str, Any]) -> Result:
    """Extract one file. Known problems (corrupt, encrypted, too long, ...) become a
    cached 'failed'/'skipped' result with the extractor's one-line reason."""
    path = Path(payload["path"])
    extract_params = ExtractParams.model_validate(params)
    if path.stat().st_size > extract_params.max_file_mb * 1024 * 1024:
        size_mb = path.stat().st_size / 2**20
        reason = f"file is {size_mb:.0f} MB, over max_file_mb={extract_params.max_file_mb:g}"
        return Result(meta={"status": "skipped", "problem": reason})
    try:
        extraction = extract_file(path, extract_params)
    except ExtractionError as exc:
        return Result(meta={"status": exc.status, "problem": exc.reason})
    blocks = blocks_frame(payload["doc_id"], extraction.blocks)
    prose = blocks.loc[~blocks["kind"].isin(list(FURNITURE_KINDS)), "text"]
    language = detect_language(" ".join(prose.head(200)))
    problem = "; ".join(extraction.warnings)
    if blocks.empty:
        return Result(
            meta={
                "status": "failed",
                "problem": problem or "no text found",
                "pages": extraction.pages,
            }
        )
    return Result(
        tables={"blocks": blocks},
        meta={
            "status": "ok",
            "problem": problem,
            "pages": extraction.pages,
            "title": extraction.title,
            "year": extraction.year,
            "author": extraction.author,
            "ocr_pages": extraction.ocr_pages,
            "language": language,
        },
    )


def infer_year(blocks: pd.DataFrame) -> int | None:
    """A document's year from its text, by decreasing reliability: a year in its
    first line (a title like "Review 2021" or "Issue 2019/07"), the first full date
    near the start (a dateline), else the latest plausible year it mentions (a
    document cites only earlier work)."""
    if blocks.empty:
        return None
    this_year = pd.Timestamp.now().year

    def plausible(text: str) -> list[int]:
        return [y for y in map(int, _YEAR.findall(text)) if 1945 <= y <= this_year]

    if in_title := plausible(str(blocks["text"].iloc[0])[:300]):
        return in_title[0]
    head = " ".join(blocks["text"].head(60))
    for match in _DATE.finditer(head):
        if 1945 <= int(match.group(1)) <= this_year:
            return int(match.group(1))
    years = plausible(" ".join(blocks["text"]))
    return max(years) if years else None


def infer_title(blocks: pd.DataFrame) -> str | None:
    headings = blocks.loc[blocks["kind"] == "heading", "text"]
    for text in headings.head(3):
        text = " ".join(text.split())
        if 3 <= len(text) <= 200:
            return text
    return None


def document_row(
    source: SourceFile, result: Result, meta_row: dict[str, str], duplicate_of: str | None
) -> dict[str, Any]:
    info = result.meta
    blocks = result.tables.get("blocks", pd.DataFrame(columns=BLOCK_COLUMNS))
    title = meta_row.get("title") or None
    title_inferred = title is None
    if title_inferred:
        title = info.get("title") or infer_title(blocks) or Path(source.name).stem
    year = parse_year(meta_row.get("year"))
    problems = [info.get("problem") or ""]
    if meta_row.get("year") and year is None:
        problems.append(f"metadata year {meta_row['year']!r} is not a year; inferred instead")
    year_inferred = year is None
    if year_inferred:
        year = info.get("year") or infer_year(blocks)
    status = info.get("status", "failed")
    if duplicate_of:
        status = "skipped"
        problems = [f"duplicate of {duplicate_of} (same content); processed once"]
    return {
        "doc_id": source.doc_id,
        "file": source.name,
        "title": title,
        "title_inferred": title_inferred,
        "organisation": meta_row.get("organisation") or None,
        "authors": meta_row.get("authors") or info.get("author") or None,
        "year": year,
        "year_inferred": year_inferred,
        "kind": meta_row.get("kind") or None,
        "url": meta_row.get("url") or None,
        "language": meta_row.get("language") or info.get("language"),
        "format": Path(source.name).suffix.lower().lstrip(".") or "none",
        "pages": info.get("pages"),
        "n_blocks": len(blocks),
        "ocr_pages": info.get("ocr_pages", 0),
        "bytes": source.size,
        "sha256": source.sha256,
        "status": status,
        "problem": "; ".join(p for p in problems if p) or None,
    }


def problems_frame(
    documents: pd.DataFrame, metadata_problems: list[str], internal_errors: list[str]
) -> pd.DataFrame:
    """One row per problem: a failed/skipped/flagged document, a metadata.csv defect,
    or an unexpected error. This is the table users check after a run."""
    rows = [
        {"file": "metadata.csv", "stage": NAME, "status": "warning", "problem": text}
        for text in metadata_problems
    ]
    flagged = documents[documents["problem"].notna()]
    rows += [
        {"file": d.file, "stage": NAME, "status": d.status, "problem": d.problem}
        for d in flagged.itertuples(index=False)
    ]
    rows += [
        {"file": text.split(":", 1)[0], "stage": NAME, "status": "failed", "problem": text}
        for text in internal_errors
        if "internal error" in text
    ]
    return pd.DataFrame(rows, columns=catalog.PROBLEMS.column_names)


def run(ws: Workspace) -> pd.DataFrame:
    """Extract every document of the corpus; write documents.parquet and blocks.parquet."""
    sources = discover(ws.corpus_dir)
    metadata = load_metadata(ws.corpus_dir)
    for problem in metadata.problems:
        log.warning(problem)
    described, unmatched = metadata.match([s.name for s in sources])
    for name in unmatched:
        log.warning("metadata.csv names %s, which is not in %s", name, ws.corpus_dir)

    first_by_hash: dict[str, SourceFile] = {}
    for source in sources:
        first_by_hash.setdefault(source.sha256, source)
    tasks = [
        Task(
            doc_id=s.doc_id, fingerprint=s.sha256, payload={"path": str(s.path), "doc_id": s.doc_id}
        )
        for s in first_by_hash.values()
    ]
    params = ws.params.section("extract")
    results, stats = map_documents(
        NAME, VERSION, tasks, extract_one, params, ResultCache(ws.cache_dir),
        execution=ws.execution,
    )  # fmt: skip

    rows, block_frames = [], []
    for source in sources:
        first = first_by_hash[source.sha256]
        duplicate_of = first.name if first is not source else None
        result = results[source.doc_id]
        row = document_row(source, result, described.get(source.name, {}), duplicate_of)
        rows.append(row)
        if row["problem"]:
            log.warning("%s: %s — %s", source.name, row["status"], row["problem"])
        if not duplicate_of and "blocks" in result.tables:
            block_frames.append(result.tables["blocks"])
    documents = pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)
    documents = documents.astype({"pages": "Int64", "year": "Int64", "ocr_pages": "Int64"})
    if metadata.problems:
        documents.attrs["metadata_problems"] = metadata.problems
    blocks = (
        pd.concat(block_frames, ignore_index=True)
        if block_frames
        else pd.DataFrame(columns=BLOCK_COLUMNS)
    )
    catalog.DOCUMENTS.write(ws, documents)
    catalog.BLOCKS.write(ws, blocks)
    problems = problems_frame(documents, metadata.problems, stats.errors)
    catalog.PROBLEMS.write(ws, problems)
    catalog.PROBLEMS_CSV.write(ws, problems)
    log.info(
        "extract: %d files, %d ok, %d failed, %d skipped",
        len(documents),
        (documents["status"] == "ok").sum(),
        (documents["status"] == "failed").sum(),
        (documents["status"] == "skipped").sum(),
    )
    return documents


STAGE = Stage(
    name=NAME,
    help="Extract blocks in reading order from every document.",
    run=run,
    inputs=(CORPUS,),
    outputs=(
        Out(catalog.DOCUMENTS),
        Out(catalog.BLOCKS),
        Out(catalog.PROBLEMS),
        Out(catalog.PROBLEMS_CSV),
    ),
    params=("extract",),
)
