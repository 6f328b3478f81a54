"""Who a definition is credited to: the resolved actor, the attributed source or
the document's organisation, with the credited year."""

from __future__ import annotations

import pandas as pd

from pipeline.tag.actors import acronym


def definition_source(
    row: pd.Series, aliases: dict[str, str] | None = None, with_year: bool = True
) -> str:
    """Who a definition is credited to, with the year: the resolved actor
    (defined_by) where the definitions stage gave one, else the attributed source or
    the document's own organisation (or its shortened title). The year is the
    credited one, else the document's. `aliases` maps names to the one the corpus
    credits (tables written before actor resolution)."""
    who = row.get("attributed_to")
    year = row.get("attributed_year")
    if not isinstance(who, str) or not who.strip():
        who = row.get("organisation") if isinstance(row.get("organisation"), str) else None
        if not who:
            title = " ".join(str(row.get("title") or row.get("doc_id")).split())
            who = title if len(title) <= 48 else title[:47] + "…"
        year = row.get("year")
    resolved = row.get("defined_by")
    if isinstance(resolved, str) and resolved.strip():
        who = resolved
    who = (aliases or {}).get(who.strip(), who.strip())
    if not with_year or year is None or pd.isna(year):
        return who
    return f"{who} ({int(year)})"


def source_aliases(definitions: pd.DataFrame) -> dict[str, str]:
    """Full names whose acronym the corpus also credits definitions to (an
    organisation's own definition and a quotation of it then share one label)."""
    credited = {str(w).strip() for w in definitions["attributed_to"].dropna() if str(w).strip()}
    names = credited | {str(o).strip() for o in definitions.get("organisation", pd.Series())
                        .dropna()}  # fmt: skip
    return {name: acronym(name) for name in sorted(names) if acronym(name) in credited - {name}}


def definition_sources(definitions: pd.DataFrame, with_year: bool = True) -> pd.Series:
    """Each definition's source: who with the credited year (a definition is known by
    both: "IOM (2017)"), or `with_year=False` the actor alone (the year then has its
    own column, as in the report's timeline)."""
    if definitions.empty:
        return pd.Series(dtype="object")
    resolved = "defined_by" in definitions and definitions["defined_by"].notna().any()
    aliases = {} if resolved else source_aliases(definitions)
    return definitions.apply(definition_source, axis=1, aliases=aliases, with_year=with_year)
