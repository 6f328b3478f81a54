"""Which sentences get which codes: one coding per (sentence, code) with a note
on why it applies, gathered per document into the selections of the REFI-QDA
export, at the sentences' character offsets into the document text."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pandas as pd

from pipeline.analysis.inputs import Outputs, split_dimensions
from pipeline.doctext import document_text
from pipeline.report.qdpx_codes import Code
from pipeline.tag.actors import UNTYPED


def document_texts(blocks: pd.DataFrame) -> dict[str, str]:
    """Each document's plain text (`pipeline.doctext`): the text the sentences'
    character offsets refer to."""
    texts = {}
    for doc_id, group in blocks.groupby("doc_id", sort=True):
        texts[str(doc_id)] = document_text(group.sort_values("order"))
    return texts


def _columns(frame: pd.DataFrame, names: str) -> Iterator[tuple]:
    """Rows of the named columns as plain Python values (much faster than itertuples
    over Arrow-backed columns)."""
    return zip(*(frame[name].tolist() for name in names.split()), strict=True)


def _resolved(frame: pd.DataFrame, column: str, fallback: str) -> pd.DataFrame:
    """`frame` with `column` (the resolved actor), from `fallback` where a table
    written before actor resolution lacks it."""
    if column in frame:
        return frame.assign(**{column: frame[column].where(frame[column].notna(), frame[fallback])})
    return frame.assign(**{column: frame[fallback]})


def codings(outputs: Outputs) -> pd.DataFrame:
    """One row per (sentence, code key) with a note on why the code applies."""
    rows = []
    definitions = _columns(
        _resolved(outputs.definitions, "defined_by", "attributed_to"),
        "doc_id sent_id attributed_to defined_by attributed_year cue dimensions",
    )
    for doc_id, sent_id, attributed_to, defined_by, attributed_year, cue, dimensions in definitions:
        # the credited actor, resolved (defined_by also names a document's own author)
        credited_to = attributed_to if isinstance(attributed_to, str) and attributed_to else None
        who = defined_by if credited_to and isinstance(defined_by, str) and defined_by else None
        who = who or credited_to
        credited = f"{who} ({int(attributed_year)})" if who and pd.notna(attributed_year) else who
        note = f"definition ({cue})" + (f", credited to {credited}" if credited else "")
        rows.append((doc_id, sent_id, "definition", note))
        for dim in split_dimensions(dimensions):
            rows.append((doc_id, sent_id, f"dimension:{dim}", f"names the {dim} dimension"))
    for doc_id, sent_id, framing, axis in _columns(outputs.framings, "doc_id sent_id framing axis"):
        if isinstance(framing, str) and framing != "none":
            rows.append(
                (doc_id, sent_id, f"framing:{framing}", f"framing {framing} (axis {axis:+.2f})")
            )
    interests = _columns(
        _resolved(outputs.interests, "canonical", "actor"),
        "doc_id sent_id canonical actor_type interest stance",
    )
    for doc_id, sent_id, actor, actor_type, interest, stance in interests:
        actor_type = actor_type if isinstance(actor_type, str) else UNTYPED
        interest = interest if isinstance(interest, str) and interest else "unspecified"
        rows.append(
            (
                doc_id,
                sent_id,
                f"actor:{actor_type}",
                f"{actor} ({actor_type}) -> {interest} [{stance}]",
            )
        )
    frame = pd.DataFrame(rows, columns=["doc_id", "sent_id", "code", "note"])
    frame["sent_id"] = frame["sent_id"].astype("int64")
    return frame.drop_duplicates().sort_values(["doc_id", "sent_id", "code", "note"])


Selection = tuple[int, int, int, str, list[str]]


def coded_selections(
    sentences: pd.DataFrame, applied: pd.DataFrame, known: dict[str, Code]
) -> dict[str, list[Selection]]:
    """Per document, its coded sentences in sent_id order as (sent_id, start, end,
    notes joined, sorted known code keys): one merge and one pass instead of a lookup
    per sentence. Codings of sentences the sentences table lacks are left out."""
    spans = sentences[["doc_id", "sent_id", "start_char", "end_char"]].drop_duplicates(
        ["doc_id", "sent_id"]
    )
    spans = spans.dropna().astype({"sent_id": "int64"})
    rows = applied.merge(spans, on=["doc_id", "sent_id"], how="inner", sort=False)
    rows = rows.sort_values(["doc_id", "sent_id", "code", "note"], kind="stable")
    out: dict[str, list[Selection]] = {}
    records = _columns(rows, "doc_id sent_id start_char end_char code note")
    for (doc_id, sent_id), group in itertools.groupby(records, key=lambda r: r[:2]):
        items = list(group)
        out.setdefault(doc_id, []).append(
            (
                int(sent_id),
                int(items[0][2]),
                int(items[0][3]),
                "; ".join(item[5] for item in items),
                sorted({item[4] for item in items if item[4] in known}),
            )
        )
    return out
