"""Resolved actors in the tables: a `canonical` column beside each name, and the
actor table (actors.csv) with each actor's type, aliases, documents and mentions.

The names are resolved by pipeline/tag/actors.py; this module only applies it to
rows and counts.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from pipeline.tag.actors import UNTYPED, Resolver, bare_name, is_pronoun

#: the columns of actors.csv
ACTOR_COLUMNS = ["canonical", "type", "aliases", "documents", "mentions"]


def resolve_tables(
    resolver: Resolver,
    tables: Mapping[str, tuple[pd.DataFrame, str]],
    labels: Mapping[str, str] | None = None,
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Each table with a `canonical` column (the resolved actor of its name column,
    which for interests is the reference's antecedent when there is one), and
    `actor_type` set to the registry's type where the actor is registered; plus the
    actor table over all of them. A pronoun nothing resolved stands for an unnamed
    actor of its type: its canonical name is the type's label from `labels`."""
    found: dict[str, tuple[list[str], list[str], list[str | None]]] = {}
    occurrences = []
    for name, (frame, column) in tables.items():
        ids, surfaces, types = _resolve_rows(resolver, frame, column, labels or {})
        found[name] = (ids, surfaces, types)
        tagged = frame["actor_type"] if "actor_type" in frame else pd.Series([None] * len(frame))
        occurrences.append(
            pd.DataFrame(
                {
                    "actor_id": ids,
                    "surface": surfaces,
                    "doc_id": frame["doc_id"].astype(str).tolist(),
                    "actor_type": [t or g for t, g in zip(types, tagged.tolist(), strict=True)],
                }
            )
        )
    every = pd.concat(occurrences, ignore_index=True) if occurrences else pd.DataFrame()
    if every.empty:
        every = pd.DataFrame(columns=["actor_id", "surface", "doc_id", "actor_type"])
    table, canonical_of = actor_table(resolver, every)
    out = {}
    for name, (frame, _) in tables.items():
        ids, _, types = found[name]
        resolved = frame.assign(canonical=[canonical_of[i] for i in ids])
        if "actor_type" in resolved and len(resolved):
            registered = pd.Series(types, index=resolved.index, dtype="object")
            resolved["actor_type"] = registered.where(registered.notna(), resolved["actor_type"])
        out[name] = resolved
    return out, table


def _resolve_rows(
    resolver: Resolver, rows: pd.DataFrame, column: str, labels: Mapping[str, str]
) -> tuple[list[str], list[str], list[str | None]]:
    ids: list[str] = []
    surfaces: list[str] = []
    types: list[str | None] = []
    for row in rows.to_dict("records"):
        name = row.get(column)
        if isinstance(name, str) and name.strip() and not is_pronoun(name):
            sent_id = row.get("sent_id")
            actor_id = resolver.resolve(
                name, str(row.get("doc_id")), None if pd.isna(sent_id) else int(sent_id),
                str(row.get("text") or ""),
            )  # fmt: skip
            surface = name
        else:
            kind = str(row.get("actor_type") or UNTYPED)
            surface = labels.get(kind, kind.replace("_", " "))
            actor_id = f"type:{kind}"
        ids.append(actor_id)
        surfaces.append(surface)
        types.append(resolver.type_of(actor_id))
    return ids, surfaces, types


def actor_table(
    resolver: Resolver, occurrences: pd.DataFrame
) -> tuple[pd.DataFrame, dict[str, str]]:
    """actors.csv from occurrences (actor_id, surface, actor_type, doc_id): the
    canonical name, the type (the registry's, else the most frequent), every other
    name used (sorted, ";"-joined), documents and mentions; and each id's canonical
    name."""
    rows = []
    canonical_of: dict[str, str] = {}
    for actor_id, group in occurrences.groupby("actor_id", sort=True):
        canonical = resolver.canonical(
            actor_id, group["surface"].astype(str), group["doc_id"].astype(str)
        )
        canonical_of[str(actor_id)] = canonical
        types = group["actor_type"].dropna().astype(str)
        types = types[types != ""]
        kind = resolver.type_of(actor_id) or (
            types.value_counts().sort_index().idxmax() if len(types) else UNTYPED
        )
        aliases = {bare_name(s) for s in group["surface"].astype(str)}
        aliases = sorted(a for a in aliases if a and a != canonical and not is_pronoun(a))
        rows.append(
            {
                "canonical": canonical, "type": kind, "aliases": ";".join(aliases),
                "documents": int(group["doc_id"].nunique()), "mentions": len(group),
            }
        )  # fmt: skip
    table = pd.DataFrame(rows, columns=ACTOR_COLUMNS)
    table = table.sort_values(["mentions", "canonical"], ascending=[False, True], kind="stable")
    return table.reset_index(drop=True), canonical_of
