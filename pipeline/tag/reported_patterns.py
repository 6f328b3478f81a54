"""Definitional structures that report a definition: a reporting verb with a colon
or quotation ("X defines it as follows: ...", "As the plan puts it, “...”"), a
credited definition ("according to X, <concept> is", "X defines <concept> as"),
and a definiens inside quotation marks.
"""

from __future__ import annotations

import re

from pipeline.tag.direct_patterns import MEANS
from pipeline.tag.pattern_fragments import (
    AFTER,
    CLOSE_Q,
    OF_BRIDGE,
    OPEN_Q,
    Span,
    around,
    compile_pattern,
    near,
)

# -- reported_colon: "X defines it as follows: ...", "As the plan puts it, “...”" -----
_REPORT_COLON = compile_pattern(
    r"""\b(?:defin(?:es|ed)|describ(?:es|ed)|explain(?:s|ed)|puts?\s+it|understand(?:s)?
      |understood|assert(?:s|ed)|argu(?:es|ed)|writes|wrote|says|said|declar(?:es|ed)
      |specif(?:ies|ied)|summari[sz](?:es|ed)|formulat(?:es|ed)|conclud(?:es|ed)
      |observ(?:es|ed)|stress(?:es|ed)|emphasi[sz](?:es|ed)|reads|stipulat(?:es|ed)
      # "states" and "notes" are nouns as often as verbs ("Member States:")
      |(?<!\bmember\s)(?<!\bunited\s)(?<!\bthe\s)(?<!\bof\s)(?<!\band\s)(?<!\ball\s)
       (?<!\beu\s)(?<!\bbaltic\s)(?<!\bgulf\s)(?:stat(?:es|ed)|not(?:es|ed)))\b
    [^.;:“”"‘«]{0,80}?
    (?:\s*:\s*(?:"""
    + OPEN_Q
    + r""")?|\s*,?\s*"""
    + OPEN_Q
    + r""")\s*(?:\w|$)"""
)


def reported_colon(text: str, spans: list[Span]) -> bool:
    # the concept is named after the reporting verb, or just before it
    for match in _REPORT_COLON.finditer(text):
        if any(start >= match.start() or match.start() - end <= 80 for start, end in spans):
            return True
    return False


# -- reported_definition: "according to X, <concept> is", "X defines <concept> as" ----
_ACCORDING_BEFORE = compile_pattern(
    r"""\b(?:according\s+to|in\s+the\s+(?:view|words|eyes|understanding)\s+of
      |in\s+(?:[\w'’.-]+\s+){1,3}?(?:view|opinion|understanding|terms|words|reading)
      |as\s+(?:[\w'’.-]+\s+){1,4}?puts?\s+it)\b
    [^.;:]{0,100}?,\s*(?:(?:the|a|an|their)\s+)?"""
    + OPEN_Q
    + r"""?\Z"""
)
_FOR_ACTOR_BEFORE = compile_pattern(r"\bfor\s+[^.;:,]{2,80}?,\s*(?:(?:the|a|an|their)\s+)?\Z")
_VERB_AFTER = compile_pattern(
    AFTER
    + r"""\s*,?\s+(?:is|are|was|were|means?|refers?|can|could|may|might|should|would|must
      |entails?|implies|occurs|requires?|denotes|encompasses|consists|involves|has\s+been)\b"""
)
_DEFINING_VERB_BEFORE = compile_pattern(
    r"""\b(?:defin(?:e|es|ed|ing)|understand(?:s|ing)?|understood|describ(?:e|es|ed|ing)
      |conceptuali[sz](?:e|es|ed|ing)|conceiv(?:e|es|ed)|characteri[sz](?:e|es|ed)
      |interpret(?:s|ed)?|frames?|framed|sees|saw|views?|viewed|regards?|regarded
      |equat(?:e|es|ed)|operationali[sz](?:e|es|ed))\s+
    (?:\w+ly\s+)?(?:(?:the|a|an)\s+)?(?:(?:term|concept|notion|idea)\s+(?:of\s+)?)?"""
    + OPEN_Q
    + r"""?\Z"""
)
_AS_AFTER = compile_pattern(
    rf"(?:{CLOSE_Q})?"
    + OF_BRIDGE
    + r"""(?:\s*\([^()]{0,60}\))?\s*,?\s+(?:(?:\w+ly|also)\s+)?
    (?:as|to\s+(?:mean|be)|in\s+terms\s+of|by\s+reference\s+to)\b"""
)
# "defined reintegration as ... sustainable return": the concept in the definiens
_DEFINES_TERM_AS = compile_pattern(
    r"""\b(?:defin(?:es|ed)|understands|understood|describ(?:es|ed)|conceptuali[sz](?:es|ed))
    \s+(?:[\w'’-]+\s+){1,4}?as\b"""
)
_DEFINITION_CREDIT = compile_pattern(
    r"""\b(?:definition|understanding|conceptuali[sz]ation)\s+
        (?:(?:used|adopted|proposed|given|offered|developed|provided|put\s+forward)\s+)?by\b
      | \bas\s+(?:it\s+is\s+)?(?:\w+ly\s+)?(?:defined|understood|conceptuali[sz]ed|described
        |formulated|set\s+out)\s+by\b
      | ['’]s?\s+(?:[\w-]+\s+)?definition\b"""
)
_DEFINITION_OF_BEFORE = compile_pattern(
    r"\bdefinitions?\s+of\s+(?:(?:the|a)\s+)?" + OPEN_Q + r"?\Z"
)
_DEFINITION_OF_AFTER = compile_pattern(
    rf"(?:{CLOSE_Q})?"
    + r"""\s*(?:\([^()]*\)\s*)?,?\s*
    (?:(?:used|adopted|proposed|put\s+forward|given|offered|developed|provided)\s+by|by|from
      |(?:which|that)\s+(?:states|says|holds|reads|stipulates|specifies|stresses|emphasi[sz]es)
      |states|reads|stipulates|holds\s+that|according\s+to\s+which|under\s+which)\b"""
)


def reported_definition(text: str, spans: list[Span]) -> bool:
    if around(_ACCORDING_BEFORE, _VERB_AFTER, text, spans):
        return True
    # "for X, <concept> means ...": only with a meaning verb, since "for returnees,
    # <concept> is ..." is an ordinary topic phrase
    if around(_FOR_ACTOR_BEFORE, MEANS, text, spans):
        return True
    if around(_DEFINING_VERB_BEFORE, _AS_AFTER, text, spans):
        return True
    if around(_DEFINITION_OF_BEFORE, _DEFINITION_OF_AFTER, text, spans):
        return True
    for match in _DEFINES_TERM_AS.finditer(text):
        if any(match.end() <= start <= match.end() + 100 for start, _ in spans):
            return True
    return near(_DEFINITION_CREDIT, text, spans, 100)


# -- quoted: the definiens inside quotation marks --------------------------------------
_PAIRS = {"“": "”", "«": "»", "„": "“”", "‘": "’", '"': '"', "'": "'"}
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_QUOTE_WINDOW = 160  # characters from the concept to a quotation opening its definiens


def _quotations(text: str) -> list[tuple[int, int]]:
    """(start, end) of quoted stretches; an unclosed quotation runs to the end of the
    sentence, since quoted definitions often continue into the next one."""
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char in _PAIRS and (char not in "'’‘" or i == 0 or not text[i - 1].isalnum()):
            closers = _PAIRS[char]
            j = i + 1
            while j < len(text):
                # an apostrophe inside a word ("returnee’s") does not close a quote
                inside_word = text[j] in "'’" and j + 1 < len(text) and text[j + 1].isalpha()
                if text[j] in closers and not inside_word:
                    break
                j += 1
            found.append((i, min(j + 1, len(text))))
            i = j + 1
        else:
            i += 1
    return found


def quoted(text: str, spans: list[Span]) -> bool:
    for q_start, q_end in _quotations(text):
        words = _WORD.findall(text[q_start:q_end])
        if len(words) < 3:  # scare quotes around a word or the term itself
            continue
        for start, end in spans:
            # the quotation opens on the concept (a few words before it at most) and
            # goes on past it: the definition is quoted with its subject
            opens_on = q_start <= start and len(_WORD.findall(text[q_start:start])) <= 3
            if opens_on and end <= q_end and len(_WORD.findall(text[end:q_end])) >= 4:
                return True
            # the quotation opens after the concept, in the same clause
            between = text[end:q_start]
            if 0 <= q_start - end <= _QUOTE_WINDOW and not re.search(r"[;.!?]\s", between):
                return True
    return False
