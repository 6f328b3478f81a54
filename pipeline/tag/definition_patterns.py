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
elsewhere, a reporting verb with a colon).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

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

Span = tuple[int, int]

_FLAGS = re.IGNORECASE | re.VERBOSE

# -- shared fragments -----------------------------------------------------------------
# Typography varies by source: hyphens, non-breaking hyphens and dashes; straight,
# curly and angle quotes. The fragments accept all of them.
_HYPHENS = "‐‑-"  # U+2010, U+2011 and ASCII last, so it stays literal in a class
_H = f"[{_HYPHENS}]"  # hyphen inside a word ("re-integration")
_DASH = "(?:--|[-‐‑‒–—―])"
_OPEN_Q = "[\"“„«‘']"
_CLOSE_Q = "[\"”»’']"
_REINTEGRATION = rf"(?:re{_H}?integration|returns?|return\s+migration)"
_MARKER = r"""(?:when|whenever|if|once|where|provided(?:\s+that)?|as\s+long\s+as
                 |insofar\s+as|to\s+the\s+extent\s+that)\b"""
_ADVERBS = r"(?:(?:\w+ly|also|thus|then|therefore|here|now|often|still|in\s+turn)\s+)*"

# Between a mention and what is said about it: an of-complement ("of returnees",
# "of the returning migrants"), a parenthesis ("(SR)"), a comma interjection
# (", in this view,") and adverbs ("precisely", "also"). Each part is optional and
# short, so a verb further on is not taken for the concept's own.
_OF_BRIDGE = r"""
    (?:\s+(?:of|for|among)\s+(?:(?:the|a|an|their|these|those|such)\s+)?
       [\w'’-]+(?:\s+(?!(?:is|are|was|were|means?|can|may)\b)[\w'’-]+)?)?
"""
_BRIDGE = (
    _OF_BRIDGE
    + r"""
    (?:\s*\([^()]{1,60}\))?
    (?:\s*,\s*[^,;:.()"“”]{1,40}?\s*,)?
    (?:\s+(?:\w+ly|also|thus|then|therefore|here|now|often|still|itself|in\s+turn))*
"""
)
# a closing quote may sit between the mention and the rest ("“sustainable return” is")
_AFTER = rf"(?:{_CLOSE_Q})?" + _BRIDGE

# auxiliaries before a passive or modal predicate ("can be", "is to be", "has been")
_AUX = r"""
    (?:(?:is|are|was|were|can|could|may|might|should|would|must|will|has|have|had)\s+
       (?:(?:\w+ly|also|thus|not|therefore|then|here)\s+)*
       (?:(?:to\s+)?be(?:en)?\s+)?(?:\w+ly\s+)?)?
"""

# Words that make "is a/the ..." an assessment, a role or a list membership rather
# than a statement of what the concept is.
_EVALUATIVE_HEAD = r"""
    (?:key|important|major|main|central|crucial|critical|core|vital|fundamental|essential
      |significant|top|high|priority|priorities|challenge|challenges|concern|issue|problem
      |goal|objective|aim|focus|cornerstone|pillar|prerequisite|precondition|requirement
      |component|element|part|feature|topic|subject|theme|responsibility|task|target
      |success|failure|difficult|complex|elusive|contested|shared|common|growing|difficulty
      |way|step|means|tool|factor|area|question|one|function|result|consequence)\b
"""


_NOT_IN_BARE_NP = (
    r"(?:a|an|the|one|their|his|her|its|of|in|on|at|for|to|by|with|and|or|from|into|than)\b|"
    + _EVALUATIVE_HEAD
)


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _FLAGS)


def _follows(pattern: re.Pattern[str], text: str, spans: Iterable[Span]) -> bool:
    """`pattern` matches right at the end of one of the spans."""
    return any(pattern.match(text, end) for _, end in spans)


def _precedes(pattern: re.Pattern[str], text: str, spans: Iterable[Span]) -> bool:
    """`pattern` (ending in \\Z) matches the text right before one of the spans."""
    return any(pattern.search(text, 0, start) for start, _ in spans)


def _around(
    before: re.Pattern[str], after: re.Pattern[str], text: str, spans: Iterable[Span]
) -> bool:
    """One span has `before` right before it and `after` right after it."""
    return any(before.search(text, 0, s) and after.match(text, e) for s, e in spans)


def _near(pattern: re.Pattern[str], text: str, spans: list[Span], window: int) -> bool:
    """`pattern` matches within `window` characters of a span."""
    for match in pattern.finditer(text):
        for start, end in spans:
            if match.start() - window <= end and start <= match.end() + window:
                return True
    return False


# -- copula: "<concept> is a process whereby ..." --------------------------------------
_COPULA = _compile(
    _AFTER
    + r"""
    \s*,?\s+(?:is|are|was|were)\s+
    (?:(?:\w+ly|also|thus|therefore|then|essentially|primarily|ultimately|not\s+only
         |not\s+(?:just|merely|simply)|more\s+than|much\s+more\s+than|neither)\s+)*
    (?:
        # a determiner-led noun phrase that is not an assessment ("is a key priority")
        (?:a|an|the|one['’]s|their|his|her|its)\s+(?!(?:[\w-]+\s+)?"""
    + _EVALUATIVE_HEAD
    + r""")[\w-]+
      | # a bare noun phrase with a nominal head ("is economic self-sufficiency"); no
        # determiner (the branch above decides those), preposition or assessment in it
        (?!(?:not|being|becoming|about\s+to)\b)
        (?:(?!"""
    + _NOT_IN_BARE_NP
    + r""")[\w-]+\s+){0,2}
        (?!"""
    + _EVALUATIVE_HEAD
    + r""")[\w-]+(?:tion|ment|ness|ity|ance|ancy|ence|ency|ship|ism|hood)s?\b
      | # "is about ...", "is all about ..."
        (?:all\s+)?about\s+(?!to\b)
    )
"""
)

# -- means: "<concept> refers to / is understood as / entails ..." ---------------------
_MEANS_VERB = r"""
    (?:refer(?:s|red)?\s+to|means?|meant
      |(?:understood|defined|described|conceived|conceptuali[sz]ed|interpreted|construed
         |characteri[sz]ed|taken|used|thought\s+of|operationali[sz]ed|framed)\s+
       (?:(?:here|broadly|narrowly|generally|commonly|usually|primarily|mainly)\s+)?
       (?:as|to\s+(?:mean|refer\s+to|denote|describe|be)|in\s+terms\s+of|by)\b
      |denot(?:es?|ed)|entail(?:s|ed)?|impl(?:y|ies|ied)|signif(?:y|ies|ied)
      |stands?\s+for|amounts?\s+to|equals?|consist(?:s|ed)?\s+(?:of|in)
      |encompass(?:es|ed)?|comprises?|(?:is|are)\s+(?:made\s+up|composed)\s+of)\b
"""
_MEANS = _compile(_AFTER + r"\s*,?\s+" + _AUX + _MEANS_VERB)
# A metalinguistic subject ("the term X", "a notion such as X") makes weaker verbs
# definitional too: "the term X describes / captures / allows for an understanding of".
_TERM_BEFORE = _compile(
    r"""\b(?:term|concept|notion|expression|phrase|label|idea|wording)s?\s+
    (?:(?:such\s+as|like|of)\s+)?(?:(?:a|the)\s+)?"""
    + _OPEN_Q
    + r"""?\Z"""
)
_TERM_VERB_AFTER = _compile(
    _AFTER
    + r"""\s*,?\s+(?:describes?|captures?|conveys?|expresses?|reflects?|suggests?|indicates?
      |designates?|covers?|highlights?|emphasi[sz]es|points?\s+to|(?:is|was)\s+used\s+(?:to|for)
      |allows?\s+(?:for\s+)?(?:an?\s+)?(?:understanding|view|reading)|evokes?)\b"""
)


def _means(text: str, spans: list[Span]) -> bool:
    return _follows(_MEANS, text, spans) or _around(_TERM_BEFORE, _TERM_VERB_AFTER, text, spans)


# -- gloss: "<concept>, i.e. ...", "<concept> (the ability to ...)", "<concept> – ... –" -
_GLOSS_CUE = r"""
    (?:i\.?\s?e\.?|that\s+is(?:\s+to\s+say)?|namely|in\s+other\s+words|meaning
      |(?:understood|defined|conceived|conceptuali[sz]ed|interpreted|described)\s+
       (?:(?:\w+ly|here|not\s+only|not\s+just|both)\s+)*(?:as|to\s+mean|in\s+terms\s+of)\b
      |(?:also\s+)?(?:known|referred\s+to)\s+as
      |which\s+(?:\w+ly\s+)?(?:means|refers\s+to|implies|entails|denotes
         |(?:is|can\s+be|may\s+be)\s+(?:understood|defined|described|seen)\s+as)
      |by\s+which\s+(?:we|i|they|it|the\s+\w+)\s+mean)
"""
_GLOSS = _compile(
    rf"(?:{_CLOSE_Q})?"
    + _OF_BRIDGE
    + r"""
    (?:
        \s*(?:,|\(|"""
    + _DASH
    + r""")\s*(?:(?:\w+ly|also|here|thus|not\s+only)\s+)*"""
    + _GLOSS_CUE
    + r"""
      | # a parenthetical explanation: three words or more, not a citation or pointer
        \s*\((?!\s*(?:see|cf|e\.?g|i\.?e|incl|including|for\s+example|such\s+as|as\s+well)\b)(?![^()]*\b(?:1[89]|20)\d\d)
        \s*[^()\s]+(?:\s+[^()\s]+){2,}\s*\)
      | # a dash-delimited explanation closed by a second dash
        \s+(?:--|[–—])\s+[^–—.;:]{10,160}?\s+(?:--|[–—])(?:\s|,)
    )
"""
)

# -- condition: "<concept> is achieved when", "for X to be sustainable" ----------------
_PREDICATE = r"""(?:sustainable|successful|durable|lasting|achieved|attained|reached|realised
                   |realized|complete|possible|effective)"""
_CONDITION_AFTER = _compile(
    _AFTER
    + r"""
    \s*,?\s+
    (?:
        (?:(?:is|are|was|were|becomes?|can|could|may|might|will|would|should)\s+)
        (?:(?:\w+ly|only|also|thus|then|therefore|generally)\s+)*
        (?:be\s+)?(?:(?:considered|deemed|regarded\s+as|seen\s+as|judged|said\s+to\s+be)\s+)?
        """
    + _PREDICATE
    + r"""
      | occurs?|occurring|happens?|takes\s+place|exists?|is\s+in\s+place
    )
    \s*,?\s+(?:only\s+|thus\s+)?"""
    + _MARKER
)
# the span itself is predicative ("reintegration is sustainable"): only the marker follows
_PREDICATIVE_SPAN = _compile(
    r"\b(?:is|are|be|was|were|considered|deemed)\b.*\b(?:sustainable|successful)\W*$"
)
_MARKER_AFTER = _compile(rf"{_CLOSE_Q}?\s*,?\s+(?:only\s+)?" + _MARKER)
# self-anchored: the predicative form names the concept ("return can only be sustainable
# when ...", "reintegration can be considered sustainable if ...")
_PREDICATIVE_CONDITION = _compile(
    r"\b"
    + _REINTEGRATION
    + r"""\b(?:\s+[\w'’-]+){0,4}?\s+(?:is|are|be|was|were|becomes?|remains?)\s+
    (?:[\w-]+\s+){0,2}?(?:sustainable|successful)\s*,?\s+(?:only\s+)?"""
    + _MARKER
)
# the purpose frame opens a clause ("For their return to be sustainable, ..."); after an
# adjective ("it is desirable for return to be sustainable") it is a wish, not a condition
_FOR_TO_BE = _compile(
    r"""(?:\A|(?<=[,;:(“"])|\b(?:that|but|and|thus|so|however|yet|because|since|order)\s)
    \s*for\s+(?:[\w'’-]+\s+){0,3}?(?:"""
    + _REINTEGRATION
    + r"""|returnees?|refugees?|migrants?)\s+(?:[\w'’-]+\s+){0,2}?to\s+
    (?:be(?:come)?\s+(?:\w+ly\s+)?(?:considered\s+)?(?:sustainable|successful|durable|lasting)
      |be\s+(?:sustainably|successfully)\s+re"""
    + _H
    + r"""?integrated|succeed|last)\b"""
)
_FOR_BEFORE = _compile(r"\bfor\s+(?:(?:the|a|any|their|such)\s+)?\Z")
_TO_BE_AFTER = _compile(
    _AFTER
    + r"""\s+to\s+(?:be\s+(?:\w+ly\s+)?(?:achieved|realised|realized|attained|reached|possible)
    |take\s+place|occur|happen|succeed)\b"""
)


def _condition(text: str, spans: list[Span]) -> bool:
    if _follows(_CONDITION_AFTER, text, spans):
        return True
    predicative = [(s, e) for s, e in spans if _PREDICATIVE_SPAN.search(text[s:e])]
    if _follows(_MARKER_AFTER, text, predicative):
        return True
    if _around(_FOR_BEFORE, _TO_BE_AFTER, text, spans):
        return True
    return bool(_PREDICATIVE_CONDITION.search(text) or _FOR_TO_BE.search(text))


# -- glossary: "Sustainable reintegration: the process by which ..." -------------------
_GLOSSARY_BEFORE = _compile(
    r"""\A\s*(?:[-•*·▪◦‣–—]\s*|\d+(?:\.\d+)*[.)]?\s+|[a-z][.)]\s+|\#+\s*)?
    (?:(?:the\s+)?(?:term|concept|notion)\s+)?(?:"""
    + _OPEN_Q
    + r""")?\Z"""
)
_GLOSSARY_AFTER = _compile(
    rf"(?:{_CLOSE_Q})?"
    + r"""(?:\s*\([^()]{1,30}\))?(?:\s+(?!(?:is|are|was|means?|refers?)\b)[\w'’-]+){0,2}?
    \s*(?::|\s"""
    + _DASH
    + r"""\s|[–—])\s*
    # the definiens opens like a noun phrase or a "when" clause, not like a title
    (?:a|an|the|when|where|whereby|refers|means|describes|any|process|situation|state
      |condition|ability|capacity|[\w-]+(?:tion|ment|ness|ity|ance|ence|ship))\b
    (?:\s+\S+){2,}"""
)

# -- possible_definition: "one definition of X is", "X can be defined as" -------------
_POSSIBLE_BEFORE = _compile(
    r"""\b(?:one|a|an|another|some|the\s+(?:most\s+)?(?:common|commonly\s+used|widely\s+used
          |standard|accepted|usual|working|operational|simplest|broadest|narrowest))\s+
    (?:(?:possible|common|working|useful|simple|broad|broader|narrow|narrower|operational
         |pragmatic|minimal|basic|widely"""
    + rf"[\s{_HYPHENS}]"
    + r"""used|commonly\s+used|helpful|practical|tentative|provisional|first|second|third
         |alternative|frequently\s+cited|often\s+cited)\s+)*
    (?:definition|understanding|interpretation|conceptuali[sz]ation|reading)s?\s+
    (?:of|for)\s+(?:(?:the\s+)?(?:term|concept|notion)\s+(?:of\s+)?)?(?:(?:a|the)\s+)?"""
    + _OPEN_Q
    + r"""?\Z
  | \b(?:one|a|another)\s+(?:[\w-]+\s+)?(?:way|approach|method)\s+(?:to|of)\s+
    (?:define|defining|understand|understanding|conceptuali[sz]e|conceptuali[sz]ing
      |think\s+about|thinking\s+about|look\s+at|looking\s+at|describe|describing)\s+
    (?:(?:the|a)\s+)?"""
    + _OPEN_Q
    + r"""?\Z"""
)
_POSSIBLE_AFTER = _compile(
    _AFTER
    + r"""\s*(?:is|was|would\s+be|could\s+be|might\s+be|can\s+be|reads|states|holds|sees
      |focuses|emphasi[sz]es|centres|centers|as|:|,\s*(?:which|namely|i\.?e\.?))"""
)
_MODAL_DEFINED = _compile(
    _AFTER
    + r"""\s*,?\s+(?:can|could|may|might|would)\s+
    (?:(?:\w+ly|also|thus|therefore|then|perhaps|best)\s+)*be\s+(?:\w+ly\s+)?
    (?:defined|understood|described|conceived|conceptuali[sz]ed|interpreted|characteri[sz]ed
      |seen|viewed|thought\s+of|summari[sz]ed|framed|read)\s+
    (?:(?:here|broadly|narrowly|simply)\s+)?(?:as|in\s+terms\s+of|by)\b"""
)

# -- reported_colon: "X defines it as follows: ...", "As the plan puts it, “...”" -----
_REPORT_COLON = _compile(
    r"""\b(?:defin(?:es|ed)|describ(?:es|ed)|explain(?:s|ed)|puts?\s+it|understand(?:s)?
      |understood|assert(?:s|ed)|argu(?:es|ed)|writes|wrote|says|said|declar(?:es|ed)
      |specif(?:ies|ied)|summari[sz](?:es|ed)|formulat(?:es|ed)|conclud(?:es|ed)
      |observ(?:es|ed)|stress(?:es|ed)|emphasi[sz](?:es|ed)|reads|stipulat(?:es|ed)
      # "states" and "notes" are nouns as often as verbs ("Member States:")
      |(?<!\bmember\s)(?<!\bunited\s)(?<!\bthe\s)(?<!\bof\s)(?<!\band\s)(?<!\ball\s)
       (?<!\beu\s)(?<!\bbaltic\s)(?<!\bgulf\s)(?:stat(?:es|ed)|not(?:es|ed)))\b
    [^.;:“”"‘«]{0,80}?
    (?:\s*:\s*(?:"""
    + _OPEN_Q
    + r""")?|\s*,?\s*"""
    + _OPEN_Q
    + r""")\s*(?:\w|$)"""
)

# -- contrary: "unsustainable return is ...", "reintegration fails when ..." -----------
_OPPOSITE = _compile(
    r"""\b(?:un"""
    + _H
    + r"""?sustainable|non"""
    + rf"[\s{_HYPHENS}]?"
    + r"""sustainable|unsuccessful|failed|failing)\s+"""
    + _REINTEGRATION
    + r"""\b|\bfailure\s+of\s+(?:the\s+)?"""
    + _REINTEGRATION
    + r"""\b|\b"""
    + _REINTEGRATION
    + r"""\s+failure\b"""
)
_NEGATED_CONDITION = _compile(
    r"\b"
    + _REINTEGRATION
    + r"""\b(?:\s+[\w'’-]+){0,3}?\s+
    (?:fails?|failed|has\s+failed|breaks\s+down
      |(?:is|are|be|was|were)\s+(?:[\w-]+\s+){0,2}?
       (?:(?:not|never|no\s+longer)\s+(?:\w+\s+)?(?:sustainable|successful)
         |unsustainable|unsuccessful|a\s+failure|(?:considered\s+)?failed))
    \s*,?\s+(?:only\s+)?(?:"""
    + _MARKER
    + r"""|unless\b)"""
)


def _contrary(text: str, spans: list[Span]) -> bool:
    if _NEGATED_CONDITION.search(text):
        return True
    # the opposite term with any of the definitional structures after it
    opposite = [m.span() for m in _OPPOSITE.finditer(text)]
    return any(
        _follows(pattern, text, opposite)
        for pattern in (_COPULA, _MEANS, _GLOSS, _CONDITION_AFTER, _MODAL_DEFINED)
    )


# -- achieve_goal: "<concept> requires ...", "the aim of <concept> is that ..." --------
_ACHIEVE_AFTER = _compile(
    _AFTER
    + r"""\s*,?\s+
    (?:(?:can|could|may|will|would)\s+(?:only\s+)?)?
    (?:requires?|required|necessitates?|presupposes?
      |(?:is|are|was|can\s+be|will\s+be|has\s+been)\s+(?:only\s+)?(?:\w+ly\s+)?
       (?:reached|attained|achieved|realised|realized|accomplished|obtained)\s+(?:only\s+)?
       """
    + _MARKER
    + r"""
      |(?:should|must|has\s+to|have\s+to|needs?\s+to|is\s+to|would|will)\s+
       (?:(?:\w+ly|also|thus)\s+)?(?:ensure|guarantee|enable|allow|mean|imply|result\s+in
         |lead\s+to)\b
      |(?:allows?|enables?|empowers?|permits?|ensures?|guarantees?)\s+(?:[\w'’-]+\s+){0,2}?
       (?:returnees?|migrants?|refugees?|individuals|persons|people|them|those|returning)\b)
"""
)
_GOAL_BEFORE = _compile(
    r"""\b(?:aim|goal|objective|purpose|target|ambition|essence|idea|point)s?\s+of\s+
    (?:(?:achieving|reaching|attaining|ensuring|a|the)\s+)*\Z"""
)
_GOAL_AFTER = _compile(
    _AFTER + r"\s+(?:is|was|are|should\s+be|must\s+be|would\s+be)\s+(?:\w+ly\s+)?(?:that|to|for)\b"
)
_HAVING_BEFORE = _compile(
    r"""\bhaving\s+(?:\w+ly\s+)?(?:achieved|reached|attained|realised|realized)\s+
    (?:(?:a|the|their|his|her|its)\s+)?\Z"""
)
_COMMA_AFTER = _compile(_OF_BRIDGE + r"\s*,")
_ONCE_BEFORE = _compile(r"\b(?:once|when|where|if|after)\s+(?:(?:a|the|their|his|her)\s+)?\Z")
_ACHIEVED_AFTER = _compile(
    _OF_BRIDGE
    + r"""\s+(?:is|are|has\s+been|have\s+been|was|were)\s+(?:\w+ly\s+)?
    (?:achieved|reached|attained|realised|realized|secured|in\s+place)\b"""
)
_TO_ACHIEVE_BEFORE = _compile(
    r"""\b(?:to|in\s+order\s+to)\s+(?:achieve|attain|reach|ensure|realise|realize)\s+
    (?:(?:a|the|their)\s+)?\Z"""
)
_MUST_AFTER = _compile(
    _OF_BRIDGE
    + r"""[^.;,]{0,20}?,\s*(?:[\w'’-]+\s+){0,4}?
    (?:must|should|need\s+to|needs\s+to|have\s+to|has\s+to|are\s+required\s+to)\b"""
)


def _achieve_goal(text: str, spans: list[Span]) -> bool:
    return (
        _follows(_ACHIEVE_AFTER, text, spans)
        or _around(_GOAL_BEFORE, _GOAL_AFTER, text, spans)
        or _around(_HAVING_BEFORE, _COMMA_AFTER, text, spans)
        or _around(_ONCE_BEFORE, _ACHIEVED_AFTER, text, spans)
        or _around(_TO_ACHIEVE_BEFORE, _MUST_AFTER, text, spans)
    )


# -- reported_definition: "according to X, <concept> is", "X defines <concept> as" ----
_ACCORDING_BEFORE = _compile(
    r"""\b(?:according\s+to|in\s+the\s+(?:view|words|eyes|understanding)\s+of
      |in\s+(?:[\w'’.-]+\s+){1,3}?(?:view|opinion|understanding|terms|words|reading)
      |as\s+(?:[\w'’.-]+\s+){1,4}?puts?\s+it)\b
    [^.;:]{0,100}?,\s*(?:(?:the|a|an|their)\s+)?"""
    + _OPEN_Q
    + r"""?\Z"""
)
_FOR_ACTOR_BEFORE = _compile(r"\bfor\s+[^.;:,]{2,80}?,\s*(?:(?:the|a|an|their)\s+)?\Z")
_VERB_AFTER = _compile(
    _AFTER
    + r"""\s*,?\s+(?:is|are|was|were|means?|refers?|can|could|may|might|should|would|must
      |entails?|implies|occurs|requires?|denotes|encompasses|consists|involves|has\s+been)\b"""
)
_DEFINING_VERB_BEFORE = _compile(
    r"""\b(?:defin(?:e|es|ed|ing)|understand(?:s|ing)?|understood|describ(?:e|es|ed|ing)
      |conceptuali[sz](?:e|es|ed|ing)|conceiv(?:e|es|ed)|characteri[sz](?:e|es|ed)
      |interpret(?:s|ed)?|frames?|framed|sees|saw|views?|viewed|regards?|regarded
      |equat(?:e|es|ed)|operationali[sz](?:e|es|ed))\s+
    (?:\w+ly\s+)?(?:(?:the|a|an)\s+)?(?:(?:term|concept|notion|idea)\s+(?:of\s+)?)?"""
    + _OPEN_Q
    + r"""?\Z"""
)
_AS_AFTER = _compile(
    rf"(?:{_CLOSE_Q})?"
    + _OF_BRIDGE
    + r"""(?:\s*\([^()]{0,60}\))?\s*,?\s+(?:(?:\w+ly|also)\s+)?
    (?:as|to\s+(?:mean|be)|in\s+terms\s+of|by\s+reference\s+to)\b"""
)
# "defined reintegration as ... sustainable return": the concept in the definiens
_DEFINES_TERM_AS = _compile(
    r"""\b(?:defin(?:es|ed)|understands|understood|describ(?:es|ed)|conceptuali[sz](?:es|ed))
    \s+(?:[\w'’-]+\s+){1,4}?as\b"""
)
_DEFINITION_CREDIT = _compile(
    r"""\b(?:definition|understanding|conceptuali[sz]ation)\s+
        (?:(?:used|adopted|proposed|given|offered|developed|provided|put\s+forward)\s+)?by\b
      | \bas\s+(?:it\s+is\s+)?(?:\w+ly\s+)?(?:defined|understood|conceptuali[sz]ed|described
        |formulated|set\s+out)\s+by\b
      | ['’]s?\s+(?:[\w-]+\s+)?definition\b"""
)
_DEFINITION_OF_BEFORE = _compile(r"\bdefinitions?\s+of\s+(?:(?:the|a)\s+)?" + _OPEN_Q + r"?\Z")
_DEFINITION_OF_AFTER = _compile(
    rf"(?:{_CLOSE_Q})?"
    + r"""\s*(?:\([^()]*\)\s*)?,?\s*
    (?:(?:used|adopted|proposed|put\s+forward|given|offered|developed|provided)\s+by|by|from
      |(?:which|that)\s+(?:states|says|holds|reads|stipulates|specifies|stresses|emphasi[sz]es)
      |states|reads|stipulates|holds\s+that|according\s+to\s+which|under\s+which)\b"""
)


def _reported_definition(text: str, spans: list[Span]) -> bool:
    if _around(_ACCORDING_BEFORE, _VERB_AFTER, text, spans):
        return True
    # "for X, <concept> means ...": only with a meaning verb, since "for returnees,
    # <concept> is ..." is an ordinary topic phrase
    if _around(_FOR_ACTOR_BEFORE, _MEANS, text, spans):
        return True
    if _around(_DEFINING_VERB_BEFORE, _AS_AFTER, text, spans):
        return True
    if _around(_DEFINITION_OF_BEFORE, _DEFINITION_OF_AFTER, text, spans):
        return True
    for match in _DEFINES_TERM_AS.finditer(text):
        if any(match.end() <= start <= match.end() + 100 for start, _ in spans):
            return True
    return _near(_DEFINITION_CREDIT, text, spans, 100)


# -- negated_or_question: signals that rule a sentence out ----------------------------
_RULED_OUT = _compile(
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
    + rf"[\s{_HYPHENS}]"
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


def _quoted(text: str, spans: list[Span]) -> bool:
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


# -- copula, means, gloss, ... as span checks ------------------------------------------
def _glossary(text: str, spans: list[Span]) -> bool:
    return _around(_GLOSSARY_BEFORE, _GLOSSARY_AFTER, text, spans)


def _possible_definition(text: str, spans: list[Span]) -> bool:
    return _around(_POSSIBLE_BEFORE, _POSSIBLE_AFTER, text, spans) or _follows(
        _MODAL_DEFINED, text, spans
    )


def _reported_colon(text: str, spans: list[Span]) -> bool:
    # the concept is named after the reporting verb, or just before it
    for match in _REPORT_COLON.finditer(text):
        if any(start >= match.start() or match.start() - end <= 80 for start, end in spans):
            return True
    return False


_CHECKS: dict[str, Callable[[str, list[Span]], bool]] = {
    "copula": lambda text, spans: _follows(_COPULA, text, spans),
    "means": _means,
    "gloss": lambda text, spans: _follows(_GLOSS, text, spans),
    "condition": _condition,
    "glossary": _glossary,
    "possible_definition": _possible_definition,
    "reported_colon": _reported_colon,
    "quoted": _quoted,
    "contrary": _contrary,
    "achieve_goal": _achieve_goal,
    "reported_definition": _reported_definition,
    "negated_or_question": lambda text, spans: bool(_RULED_OUT.search(text)),
}
assert tuple(_CHECKS) == PATTERNS


def structural_patterns(text: str, concept_spans: list[tuple[int, int]]) -> dict[str, bool]:
    """Which general definitional structures `text` (one sentence) shows around the
    concept named at `concept_spans` (character offsets, end exclusive).

    Returns one boolean per name in PATTERNS, in that order. Without spans only the
    self-anchored structures can fire (predicative conditions, the opposite term,
    the ruling-out signals).
    """
    spans = sorted({(int(s), int(e)) for s, e in concept_spans if 0 <= s < e <= len(text)})
    return {name: bool(check(text, spans)) for name, check in _CHECKS.items()}
