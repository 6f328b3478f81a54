"""What the definitional structure patterns share: regular-expression fragments for
the typography and phrasing around a concept mention, and checks of a pattern
against the character spans where the concept was found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.concept import HYPHENS

Span = tuple[int, int]

_FLAGS = re.IGNORECASE | re.VERBOSE

# -- shared fragments -----------------------------------------------------------------
# Typography varies by source: hyphens, non-breaking hyphens and dashes; straight,
# curly and angle quotes. The fragments accept all of them.
HYPHEN = f"[{HYPHENS}]"  # hyphen inside a word ("re-integration")
DASH = "(?:--|[-‐‑‒–—―])"
OPEN_Q = "[\"“„«‘']"
CLOSE_Q = "[\"”»’']"
MARKER = r"""(?:when|whenever|if|once|where|provided(?:\s+that)?|as\s+long\s+as
                 |insofar\s+as|to\s+the\s+extent\s+that)\b"""
ADVERBS = r"(?:(?:\w+ly|also|thus|then|therefore|here|now|often|still|in\s+turn)\s+)*"

# Between a mention and what is said about it: an of-complement ("of returnees",
# "of the returning migrants"), a parenthesis ("(SR)"), a comma interjection
# (", in this view,") and adverbs ("precisely", "also"). Each part is optional and
# short, so a verb further on is not taken for the concept's own.
OF_BRIDGE = r"""
    (?:\s+(?:of|for|among)\s+(?:(?:the|a|an|their|these|those|such)\s+)?
       [\w'’-]+(?:\s+(?!(?:is|are|was|were|means?|can|may)\b)[\w'’-]+)?)?
"""
BRIDGE = (
    OF_BRIDGE
    + r"""
    (?:\s*\([^()]{1,60}\))?
    (?:\s*,\s*[^,;:.()"“”]{1,40}?\s*,)?
    (?:\s+(?:\w+ly|also|thus|then|therefore|here|now|often|still|itself|in\s+turn))*
"""
)
# a closing quote may sit between the mention and the rest ("“sustainable return” is")
AFTER = rf"(?:{CLOSE_Q})?" + BRIDGE

# auxiliaries before a passive or modal predicate ("can be", "is to be", "has been")
AUX = r"""
    (?:(?:is|are|was|were|can|could|may|might|should|would|must|will|has|have|had)\s+
       (?:(?:\w+ly|also|thus|not|therefore|then|here)\s+)*
       (?:(?:to\s+)?be(?:en)?\s+)?(?:\w+ly\s+)?)?
"""

# Words that make "is a/the ..." an assessment, a role or a list membership rather
# than a statement of what the concept is.
EVALUATIVE_HEAD = r"""
    (?:key|important|major|main|central|crucial|critical|core|vital|fundamental|essential
      |significant|top|high|priority|priorities|challenge|challenges|concern|issue|problem
      |goal|objective|aim|focus|cornerstone|pillar|prerequisite|precondition|requirement
      |component|element|part|feature|topic|subject|theme|responsibility|task|target
      |success|failure|difficult|complex|elusive|contested|shared|common|growing|difficulty
      |way|step|means|tool|factor|area|question|one|function|result|consequence)\b
"""


NOT_IN_BARE_NP = (
    r"(?:a|an|the|one|their|his|her|its|of|in|on|at|for|to|by|with|and|or|from|into|than)\b|"
    + EVALUATIVE_HEAD
)


def compile_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _FLAGS)


def follows(pattern: re.Pattern[str], text: str, spans: Iterable[Span]) -> bool:
    """`pattern` matches right at the end of one of the spans."""
    return any(pattern.match(text, end) for _, end in spans)


def precedes(pattern: re.Pattern[str], text: str, spans: Iterable[Span]) -> bool:
    """`pattern` (ending in \\Z) matches the text right before one of the spans."""
    return any(pattern.search(text, 0, start) for start, _ in spans)


def around(
    before: re.Pattern[str], after: re.Pattern[str], text: str, spans: Iterable[Span]
) -> bool:
    """One span has `before` right before it and `after` right after it."""
    return any(before.search(text, 0, s) and after.match(text, e) for s, e in spans)


def near(pattern: re.Pattern[str], text: str, spans: list[Span], window: int) -> bool:
    """`pattern` matches within `window` characters of a span."""
    for match in pattern.finditer(text):
        for start, end in spans:
            if match.start() - window <= end and start <= match.end() + window:
                return True
    return False
