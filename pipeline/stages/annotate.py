"""Stage 2 — annotate: blocks -> sentences (spaCy sentence segmentation), and the
documents with their sentence counts (annotated_documents, shown as documents.csv).

Prose blocks (body, sidebar, footnote) are grouped into *segments* first: a body
paragraph that the layout cut at a column or page break (it ends without closing
punctuation and the next body block goes on mid-sentence) is rejoined with that
next body block, skipping the running heads, boxes and footnotes in between. A
sidebar or footnote is always its own segment, so a box is never spliced into a
body sentence. spaCy then parses the segments with `nlp.pipe` and splits them into
sentences. Each kept sentence's parse is stored with it (data/parses.parquet, see
`pipeline.parses`): the tagging stages read it instead of parsing again.

Character offsets refer to the document's plain text: every block's text in reading
order joined by a blank line (`pipeline.doctext`). The REFI-QDA export writes the
same text as its sources, so offsets line up.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipeline import catalog
from pipeline.cache import Result, ResultCache, frame_fingerprint
from pipeline.doctext import block_offsets
from pipeline.params import AnnotateParams
from pipeline.parses import load_parser, parses_to_bytes, sentence_doc
from pipeline.runner import Task, map_documents
from pipeline.sources import code_version
from pipeline.stages.spec import Out, Stage
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)

NAME = "annotate"
#: the cache version follows the stage's code (pipeline.sources.code_version)
VERSION = code_version(__name__)
SEGMENT_KINDS = ("body", "sidebar", "footnote")
SENTENCE_COLUMNS = catalog.SENTENCES.column_names

_CLOSED = re.compile(r"[.!?:;…][\"'”’)\]]*\s*$")
#: a block ending in one of these words stopped mid-sentence.
_OPEN_ENDINGS = frozenset(
    "a an and as at between by for from in into its of on or that the their these this "
    "those to which who whose with".split()
)


def continues(previous: str, following: str) -> bool:
    """Does `following` carry on the sentence that `previous` left open?"""
    previous, following = previous.rstrip(), following.lstrip()
    if not previous or not following or _CLOSED.search(previous):
        return False
    if following[0].islower():
        return True
    last_word = previous.rsplit(None, 1)[-1].lower()
    return last_word in _OPEN_ENDINGS or previous.endswith(",")


@dataclass
class Piece:
    """A stretch of one block that belongs to a segment."""

    block: int  # position in the document's blocks frame
    start: int  # offset of the block in document_text
    text: str


@dataclass
class Segment:
    kind: str
    page: int
    section: str | None
    pieces: list[Piece]

    @property
    def text(self) -> str:
        return " ".join(piece.text.strip() for piece in self.pieces)

    def to_document_offset(self, position: int) -> int:
        """Map an offset in `self.text` back to `document_text`."""
        for piece in self.pieces:
            stripped = piece.text.strip()
            lead = len(piece.text) - len(piece.text.lstrip())
            if position <= len(stripped):
                return piece.start + lead + position
            position -= len(stripped) + 1
        last = self.pieces[-1]
        return last.start + len(last.text.rstrip())


def segments(blocks: pd.DataFrame) -> list[Segment]:
    """Group a document's blocks (in reading order) into prose segments."""
    starts = block_offsets(blocks["text"])
    result: list[Segment] = []
    section: str | None = None
    open_body: Segment | None = None
    for position, block in enumerate(blocks.itertuples(index=False)):
        text = str(block.text)
        if block.kind == "heading":
            section = " ".join(text.split())
            open_body = None  # a heading closes the running paragraph
            continue
        if block.kind not in SEGMENT_KINDS or not text.strip():
            continue
        piece = Piece(block=position, start=starts[position], text=text)
        if block.kind == "body":
            if open_body is not None and continues(open_body.pieces[-1].text, text):
                open_body.pieces.append(piece)
                continue
            open_body = Segment("body", int(block.page), section, [piece])
            result.append(open_body)
        else:
            result.append(Segment(str(block.kind), int(block.page), section, [piece]))
    return result


def load_nlp(model: str) -> Any:
    """spaCy pipeline for sentence boundaries and the stored parses: the dependency
    parser places boundaries better than the statistical senter on long policy
    sentences; the tagger, attribute ruler and lemmatizer, which never move a
    boundary, add what the tagging stages read (`pipeline.parses`)."""
    return load_parser(model)


def sentences_for(
    blocks: pd.DataFrame, params: AnnotateParams, nlp: Any
) -> tuple[pd.DataFrame, list[Any]]:
    """The pure core of the stage: one document's blocks -> its sentences and each
    sentence's parse (a spaCy `Doc` of its own, in sent_id order)."""
    blocks = blocks.sort_values("order").reset_index(drop=True)
    segs = segments(blocks)
    pages = [int(page) for page in blocks["page"]]
    rows = []
    parses = []
    texts = (seg.text for seg in segs)
    for seg, doc in zip(segs, nlp.pipe(texts, batch_size=params.batch_size), strict=True):
        for sent in doc.sents:
            text = sent.text.strip()
            if len(text) < params.min_chars or not any(ch.isalpha() for ch in text):
                continue
            lead = len(sent.text) - len(sent.text.lstrip())
            start = seg.to_document_offset(sent.start_char + lead)
            end = seg.to_document_offset(sent.start_char + lead + len(text))
            page = _page_at(seg, pages, sent.start_char + lead)
            rows.append(
                {
                    "page": page,
                    "block_kind": seg.kind,
                    "section": seg.section,
                    "text": text,
                    "start_char": start,
                    "end_char": end,
                }
            )
            parses.append(sentence_doc(sent))
    frame = pd.DataFrame(rows, columns=SENTENCE_COLUMNS[2:])
    frame.insert(0, "sent_id", range(len(frame)))
    frame.insert(0, "doc_id", blocks["doc_id"].iloc[0] if len(blocks) else "")
    frame = frame.astype(
        {"sent_id": "int64", "page": "int64", "start_char": "int64", "end_char": "int64"}
    )
    return frame, parses


def _page_at(seg: Segment, pages: list[int], position: int) -> int:
    for piece in seg.pieces:
        length = len(piece.text.strip()) + 1
        if position < length:
            return pages[piece.block]
        position -= length
    return pages[seg.pieces[-1].block]


def annotate_one(payload: pd.DataFrame, params: dict[str, Any]) -> Result:
    annotate_params = AnnotateParams.model_validate(params)
    nlp = load_nlp(annotate_params.model)
    sentences, parses = sentences_for(payload, annotate_params, nlp)
    # one row, the document's parses in one DocBin; none for a document without
    # sentences, which no tagging stage visits
    parse_rows = pd.DataFrame(columns=catalog.PARSES.column_names)
    if parses:
        doc_id = sentences["doc_id"].iloc[0]
        parse_rows = pd.DataFrame({"doc_id": [doc_id], "parse": [parses_to_bytes(parses)]})
    return Result(tables={"sentences": sentences, "parses": parse_rows})


def documents_report(
    documents: pd.DataFrame, sentences: pd.DataFrame, languages: set[str]
) -> pd.DataFrame:
    """The corpus table people read: the documents plus sentence counts, with
    documents left out for their language flagged."""
    counts = sentences.groupby("doc_id").size()
    report = documents.copy()
    report["n_sentences"] = report["doc_id"].map(counts).fillna(0).astype("int64")
    foreign = report["language"].notna() & ~report["language"].isin(sorted(languages))
    foreign &= report["status"] == "ok"
    note = "language " + report["language"].astype("str") + ": left out of sentence stages"
    report.loc[foreign, "problem"] = note[foreign]
    return report


def run(ws: Workspace) -> pd.DataFrame:
    documents = catalog.DOCUMENTS.read(ws.data_dir)
    blocks = catalog.BLOCKS.read(ws.data_dir)
    annotate_params = ws.params.annotate
    accepted = set(annotate_params.languages)
    eligible = documents[(documents["status"] == "ok")].drop_duplicates("doc_id")
    # split once: filtering the whole table per document is quadratic in corpus size
    blocks_of = {str(doc_id): rows for doc_id, rows in blocks.groupby("doc_id", sort=False)}
    no_blocks = blocks.iloc[0:0]
    tasks = []
    for doc in eligible.itertuples(index=False):
        if isinstance(doc.language, str) and doc.language not in accepted:  # NaN: undetected
            log.warning(
                "%s: language %r is not in annotate.languages %s; left out of sentence stages",
                doc.file, doc.language, sorted(accepted),
            )  # fmt: skip
            continue
        doc_blocks = blocks_of.get(str(doc.doc_id), no_blocks).reset_index(drop=True)
        tasks.append(Task(doc.doc_id, frame_fingerprint(doc_blocks), doc_blocks))
    results, _ = map_documents(
        NAME, VERSION, tasks, annotate_one, ws.params.section("annotate"),
        ResultCache(ws.cache_dir), execution=ws.execution,
    )  # fmt: skip
    frames = [r.tables["sentences"] for r in results.values() if "sentences" in r.tables]
    sentences = (
        pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=SENTENCE_COLUMNS)
    )
    parse_frames = [r.tables["parses"] for r in results.values() if "parses" in r.tables]
    parse_frames = [f for f in parse_frames if not f.empty]
    parses = (
        pd.concat(parse_frames, ignore_index=True)
        if parse_frames
        else pd.DataFrame(columns=catalog.PARSES.column_names)
    )
    catalog.SENTENCES.write(ws, sentences)
    catalog.PARSES.write(ws, parses)
    annotated = documents_report(documents, sentences, accepted)
    catalog.ANNOTATED_DOCUMENTS.write(ws, annotated)
    catalog.DOCUMENTS_CSV.write(ws, annotated)
    log.info("annotate: %d sentences from %d documents", len(sentences), len(frames))
    return sentences


STAGE = Stage(
    name=NAME,
    help="Split prose blocks into sentences with spaCy.",
    run=run,
    inputs=(catalog.DOCUMENTS, catalog.BLOCKS),
    outputs=(
        Out(catalog.SENTENCES),
        Out(catalog.PARSES),
        Out(catalog.ANNOTATED_DOCUMENTS),
        Out(catalog.DOCUMENTS_CSV),
    ),
    params=("annotate",),
)
