"""General definitional structure around a concept mention, as boolean features.

The rule tagger in `definitions` was tuned on a handful of documents and misses
definitions written differently. Here the rules only *describe* a candidate sentence:
each pattern is a general English structure in which something is defined (a copula
with a noun-phrase complement, "refers to", an apposed gloss, a condition, an
attributed definition, ...), anchored to the character spans where the caller found
the concept (or a variant or anaphor). A classifier trained elsewhere weighs them.

Patterns about the concept start or end at a span, past a short bridge ("of
returnees", a parenthesis, an adverb, a comma interjection). A few are
self-anchored because the structure itself names the concept ("reintegration can be
considered sustainable when", "for their return to be successful", "unsustainable
return is ...") or is a property of the whole sentence (a question, a pointer
elsewhere, a reporting verb with a colon). The self-anchored ones are built around
the codebook's concept words, so they come with the lexicon (`ConditionPatterns`).
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.tag.condition_patterns import ConditionPatterns
from pipeline.tag.direct_patterns import COPULA, GLOSS, glossary, means, possible_definition
from pipeline.tag.pattern_fragments import (
    HYPHENS,
    Span,
    compile_pattern,
    follows,
)
from pipeline.tag.reported_patterns import quoted, reported_colon, reported_definition

PATTERNS: tuple[str, ...] = (
    "copula",
    "means",
    "gloss",
    "condition",
    "glossary",
    "possible_definition",
    "reported_colon",
    "quoted",
    "contrary",
    "achieve_goal",
    "reported_definition",
    "negated_or_question",
)

# -- negated_or_question: signals that rule a sentence out ----------------------------
_RULED_OUT = compile_pattern(
    r"""
    \?\s*[\"”’»)]*\s*$                                  # a question
  | \b(?:no|lack\s+of|absence\s+of|lacks|lacking|without|nor)\s+
    (?:(?:an?|any|the|providing|giving|offering|a\s+single|clear|agreed|common|shared|single
         |precise|universal|universally|accepted|standard|formal|official|consensual
         |internationally|widely|operational|commonly|clear[\s-]cut|explicit|specific)\s+)*
    (?:definition|consensus|agreement)s?\b
  | \b(?:is|are|was|were|has|have|remains?|been)\s+(?:\w+ly\s+)?
    (?:not|never|rarely|seldom|yet\s+to\s+be|still\s+not)\s+(?:been\s+)?(?:\w+ly\s+)?
    (?:defined|clarified|specified|spelled\s+out|spelt\s+out)\b
  | \bundefined\b
  | \b(?:ill|poorly|vaguely|loosely|rarely|seldom|insufficiently|inconsistently)"""
    + rf"[\s{HYPHENS}]"
    + r"""defined\b
  | \b(?:difficult|hard|impossible|challenging|tricky)\s+to\s+(?:define|pin\s+down)\b
  | \bdefinitions?\s+(?:[\w-]+\s+){0,6}?(?:is|are|remains?|vary|varies|differ)\s+(?:\w+ly\s+)?
    (?:contested|debated|disputed|unclear|elusive|vague|lacking|absent|missing|widely|greatly
      |considerably)\b
  | \b(?:unclear|uncertain|not\s+clear|little\s+consensus|no\s+consensus|debate[sd]?|ask(?:s|ed)?
      |wonder\w*|question(?:s|ed)?|disagree\w*|contested)\b
    [^.;]{0,40}?\b(?:what|how|whether)\b
  | \bsee\s+(?:also\s+)?(?:section|chapter|annex|appendix|box|page|p\.|pp\.|below|above|table
      |figure|glossary|footnote|part|module)\b
  | \bcf\.\s
  | \b(?:defined|described|discussed|explained|set\s+out|outlined|elaborated|detailed)\s+
    (?:(?:further|more\s+fully|in\s+(?:more\s+)?detail)\s+)?
    (?:below|above|later|(?:in|under)\s+(?:the\s+)?(?:section|chapter|annex|appendix|box
      |glossary|next|following|previous|part|module|footnote|endnote))\b
"""
)


Check = Callable[[str, list[Span]], bool]

_CHECKS: dict[str, Check] = {
    "copula": lambda text, spans: follows(COPULA, text, spans),
    "means": means,
    "gloss": lambda text, spans: follows(GLOSS, text, spans),
    "glossary": glossary,
    "possible_definition": possible_definition,
    "reported_colon": reported_colon,
    "quoted": quoted,
    "reported_definition": reported_definition,
    "negated_or_question": lambda text, spans: bool(_RULED_OUT.search(text)),
}
#: the structures around the codebook's concept words
_CONCEPT_CHECKS = ("condition", "contrary", "achieve_goal")
assert set(PATTERNS) == set(_CHECKS) | set(_CONCEPT_CHECKS)


def structural_patterns(
    text: str, concept_spans: list[tuple[int, int]], conditions: ConditionPatterns
) -> dict[str, bool]:
    """Which general definitional structures `text` (one sentence) shows around the
    concept named at `concept_spans` (character offsets, end exclusive); `conditions`
    are the structures built on the codebook's concept words (`Lexicon.conditions`).

    Returns one boolean per name in PATTERNS, in that order. Without spans only the
    self-anchored structures can fire (predicative conditions, the opposite term,
    the ruling-out signals).
    """
    spans = sorted({(int(s), int(e)) for s, e in concept_spans if 0 <= s < e <= len(text)})
    checks: dict[str, Check] = {
        **_CHECKS,
        "condition": conditions.condition,
        "contrary": conditions.contrary,
        "achieve_goal": conditions.achieve_goal,
    }
    return {name: bool(checks[name](text, spans)) for name in PATTERNS}
