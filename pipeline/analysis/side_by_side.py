"""Two documents side by side in the terminal: definitions, framing profile and
stakeholder interests, each with the sentences behind it (`policyframes compare-docs`)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from pipeline.analysis.compare import difference_ci, document_axis, document_label, framed_axis
from pipeline.analysis.inputs import Outputs
from pipeline.codebook import Codebook

BAR_WIDTH = 10


class AmbiguousDocument(ValueError):
    """A query that matches no document or several."""


def resolve(documents: pd.DataFrame, query: str) -> pd.Series:
    """Find one document by doc_id prefix, file name or title substring (case-insensitive),
    trying the most specific form first."""
    q = query.strip().lower()
    docs = documents.drop_duplicates("doc_id")
    tests = [
        docs["doc_id"].str.lower() == q,
        docs["file"].astype(str).str.lower() == q,
        docs["doc_id"].str.lower().str.startswith(q),
        docs["file"].astype(str).str.lower().str.contains(q, regex=False),
        docs["title"].astype(str).str.lower().str.contains(q, regex=False),
    ]
    for mask in tests:
        found = docs[mask.fillna(False)]
        if len(found) == 1:
            return found.iloc[0]
        if len(found) > 1:
            names = ", ".join(f"{r.doc_id[:8]} {r.file}" for r in found.itertuples())
            raise AmbiguousDocument(f"{query!r} matches {len(found)} documents: {names}")
    raise AmbiguousDocument(f"{query!r} matches no document (doc_id prefix, file name or title)")


def _ref(row: pd.Series) -> str:
    page = row.get("page")
    where = f" p.{int(page)}" if page is not None and not pd.isna(page) else ""
    return f"[{str(row['doc_id'])[:8]}:{int(row['sent_id'])}{where}]"


def _profile(
    outputs: Outputs, doc_id: str, framings: Sequence[str], poles: tuple[str, str]
) -> Group:
    framed = outputs.framings[outputs.framings["doc_id"] == doc_id]
    labelled = framed[framed["framing"].fillna("none") != "none"]
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, justify="right")
    for key in framings:
        n = int((labelled["framing"] == key).sum())
        share = n / len(labelled) if len(labelled) else 0.0
        bar = "█" * round(share * BAR_WIDTH)
        table.add_row(key, Text(bar.ljust(BAR_WIDTH), style="cyan"), f"{share:4.0%} n={n}")
    mean, low, high, n = document_axis(outputs, doc_id, 1000, 0)
    axis = Text(f"axis ({poles[0]} -1 … +1 {poles[1]}): ", style="dim")
    axis.append("no framed sentences" if n == 0 else f"{mean:+.2f} [{low:+.2f}, {high:+.2f}] n={n}")
    return Group(table, axis)


def _framed(outputs: Outputs, doc_id: str, framings: Sequence[str], per_framing: int) -> Group:
    """The most confident sentences of each framing (by the tagger's confidence, or
    by that framing's score in tables without one)."""
    framed = outputs.framings[outputs.framings["doc_id"] == doc_id]
    chosen = []
    for key in framings:
        rows = framed[framed["framing"] == key]
        score = f"score_{key}"
        if score in rows.columns:
            rows = rows.sort_values([score, "sent_id"], ascending=[False, True])
        chosen.append(rows.head(per_framing))
    rows = pd.concat(chosen) if chosen else framed.head(0)
    return _sentences(rows, lambda row: f"{row['framing']} ({row['axis']:+.2f}){_sure(row)}:")


def _sure(row: pd.Series) -> str:
    value = row.get("confidence")
    return "" if value is None or pd.isna(value) else f" p={float(value):.2f}"


def by_confidence(rows: pd.DataFrame) -> pd.DataFrame:
    """Most confident tags first (then reading order); tables without a confidence
    keep reading order."""
    if "confidence" not in rows.columns:
        return rows.sort_values("sent_id")
    ordered = rows.assign(_confidence=pd.to_numeric(rows["confidence"], errors="coerce"))
    ordered = ordered.sort_values(
        ["_confidence", "sent_id"], ascending=[False, True], na_position="last", kind="stable"
    )
    return ordered.drop(columns="_confidence")


def _sentences(rows: pd.DataFrame, head: callable) -> Group:  # type: ignore[valid-type]
    if rows.empty:
        return Group(Text("none found", style="dim"))
    parts = []
    for _, row in by_confidence(rows).iterrows():
        line = Text()
        line.append(head(row), style="bold")
        line.append(" " + str(row["text"]).strip() + " ")
        line.append(_ref(row), style="dim")
        parts.append(line)
    return Group(*parts)


def _definition_head(row: pd.Series) -> str:
    who = row.get("attributed_to")
    if isinstance(who, str) and who and isinstance(row.get("defined_by"), str):
        who = row.get("defined_by")
    year = row.get("attributed_year")
    credited = f"{who} ({int(year)})" if isinstance(who, str) and pd.notna(year) else who
    credited = credited if isinstance(credited, str) and credited else "own definition"
    dims = row.get("dimensions") if isinstance(row.get("dimensions"), str) else ""
    head = f"{credited} · {row.get('framing') or 'none'}" + (f" · {dims}" if dims else "")
    return head + _sure(row) + ":"


def _interest_head(row: pd.Series) -> str:
    actor = row.get("canonical") if isinstance(row.get("canonical"), str) else row.get("actor")
    who = f"{row.get('actor_type')} ({actor})"
    return f"{who} → {row.get('interest') or '(see sentence)'} [{row.get('stance')}]{_sure(row)}:"


def axis_contrast(outputs: Outputs, first: str, second: str) -> str:
    """One line on how far apart two documents sit on the axis: the difference of
    their means with its bootstrap interval."""
    a, b = framed_axis(outputs.framings, first), framed_axis(outputs.framings, second)
    if not len(a) or not len(b):
        return "axis: one of the documents has no framed sentences"
    diff, low, high = difference_ci(a, b)
    verdict = (
        "separated on the axis (the interval excludes 0)"
        if low > 0 or high < 0
        else "not separated on the axis (the interval includes 0)"
    )
    return (
        f"axis difference (second − first): {diff:+.2f} [95% CI {low:+.2f}, {high:+.2f}]; {verdict}"
    )


def side_by_side(
    outputs: Outputs, first: str, second: str, codebook: Codebook, per_framing: int = 3
) -> Table:
    framings = list(codebook.framings)
    docs = [resolve(outputs.documents, q) for q in (first, second)]
    table = Table(
        show_lines=True, expand=True, caption=axis_contrast(outputs, *[d["doc_id"] for d in docs])
    )
    for doc in docs:
        table.add_column(document_label(doc), ratio=1, overflow="fold")
    meta = [
        Text(
            f"{d['organisation'] or 'organisation unknown'} · {d['file']} · {str(d['doc_id'])[:8]}",
            style="dim",
        )
        for d in docs
    ]
    table.add_row(*meta)
    poles = codebook.axis_poles()
    table.add_row(
        *[
            Panel(_profile(outputs, d["doc_id"], framings, poles), title="framing profile")
            for d in docs
        ]
    )
    table.add_row(
        *[
            Panel(
                _framed(outputs, d["doc_id"], framings, per_framing),
                title=f"most confident framed sentences (up to {per_framing} per framing)",
            )
            for d in docs
        ]
    )
    table.add_row(
        *[
            Panel(
                _sentences(
                    outputs.definitions[outputs.definitions["doc_id"] == d["doc_id"]],
                    _definition_head,
                ),
                title="definitions",
            )
            for d in docs
        ]
    )
    table.add_row(
        *[
            Panel(
                _sentences(
                    outputs.interests[outputs.interests["doc_id"] == d["doc_id"]], _interest_head
                ),
                title="stakeholder interests",
            )
            for d in docs
        ]
    )
    return table


def print_side_by_side(
    outputs: Outputs, first: str, second: str, codebook: Codebook, console: Console
) -> None:
    console.print(side_by_side(outputs, first, second, codebook))
