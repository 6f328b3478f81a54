"""Definitional structures that state what the concept is: a copula with a
noun-phrase complement ("<concept> is a process whereby ..."), a meaning verb
("refers to", "is understood as", "entails"), an apposed gloss ("<concept>, i.e.
...", a parenthesis, a dash), a glossary entry ("Sustainable reintegration: the
process by which ...") and a possible definition ("one definition of X is", "X can
be defined as").
"""

from __future__ import annotations

from pipeline.tag.pattern_fragments import (
    AFTER,
    AUX,
    CLOSE_Q,
    DASH,
    EVALUATIVE_HEAD,
    HYPHENS,
    NOT_IN_BARE_NP,
    OF_BRIDGE,
    OPEN_Q,
    Span,
    around,
    compile_pattern,
    follows,
)

# -- copula: "<concept> is a process whereby ..." --------------------------------------
COPULA = compile_pattern(
    AFTER
    + r"""
    \s*,?\s+(?:is|are|was|were)\s+
    (?:(?:\w+ly|also|thus|therefore|then|essentially|primarily|ultimately|not\s+only
         |not\s+(?:just|merely|simply)|more\s+than|much\s+more\s+than|neither)\s+)*
    (?:
        # a determiner-led noun phrase that is not an assessment ("is a key priority")
        (?:a|an|the|one['’]s|their|his|her|its)\s+(?!(?:[\w-]+\s+)?"""
    + EVALUATIVE_HEAD
    + r""")[\w-]+
      | # a bare noun phrase with a nominal head ("is economic self-sufficiency"); no
        # determiner (the branch above decides those), preposition or assessment in it
        (?!(?:not|being|becoming|about\s+to)\b)
        (?:(?!"""
    + NOT_IN_BARE_NP
    + r""")[\w-]+\s+){0,2}
        (?!"""
    + EVALUATIVE_HEAD
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
MEANS = compile_pattern(AFTER + r"\s*,?\s+" + AUX + _MEANS_VERB)
# A metalinguistic subject ("the term X", "a notion such as X") makes weaker verbs
# definitional too: "the term X describes / captures / allows for an understanding of".
_TERM_BEFORE = compile_pattern(
    r"""\b(?:term|concept|notion|expression|phrase|label|idea|wording)s?\s+
    (?:(?:such\s+as|like|of)\s+)?(?:(?:a|the)\s+)?"""
    + OPEN_Q
    + r"""?\Z"""
)
_TERM_VERB_AFTER = compile_pattern(
    AFTER
    + r"""\s*,?\s+(?:describes?|captures?|conveys?|expresses?|reflects?|suggests?|indicates?
      |designates?|covers?|highlights?|emphasi[sz]es|points?\s+to|(?:is|was)\s+used\s+(?:to|for)
      |allows?\s+(?:for\s+)?(?:an?\s+)?(?:understanding|view|reading)|evokes?)\b"""
)


def means(text: str, spans: list[Span]) -> bool:
    return follows(MEANS, text, spans) or around(_TERM_BEFORE, _TERM_VERB_AFTER, text, spans)


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
GLOSS = compile_pattern(
    rf"(?:{CLOSE_Q})?"
    + OF_BRIDGE
    + r"""
    (?:
        \s*(?:,|\(|"""
    + DASH
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


# -- glossary: "Sustainable reintegration: the process by which ..." -------------------
_GLOSSARY_BEFORE = compile_pattern(
    r"""\A\s*(?:[-•*·▪◦‣–—]\s*|\d+(?:\.\d+)*[.)]?\s+|[a-z][.)]\s+|\#+\s*)?
    (?:(?:the\s+)?(?:term|concept|notion)\s+)?(?:"""
    + OPEN_Q
    + r""")?\Z"""
)
_GLOSSARY_AFTER = compile_pattern(
    rf"(?:{CLOSE_Q})?"
    + r"""(?:\s*\([^()]{1,30}\))?(?:\s+(?!(?:is|are|was|means?|refers?)\b)[\w'’-]+){0,2}?
    \s*(?::|\s"""
    + DASH
    + r"""\s|[–—])\s*
    # the definiens opens like a noun phrase or a "when" clause, not like a title
    (?:a|an|the|when|where|whereby|refers|means|describes|any|process|situation|state
      |condition|ability|capacity|[\w-]+(?:tion|ment|ness|ity|ance|ence|ship))\b
    (?:\s+\S+){2,}"""
)

# -- possible_definition: "one definition of X is", "X can be defined as" -------------
_POSSIBLE_BEFORE = compile_pattern(
    r"""\b(?:one|a|an|another|some|the\s+(?:most\s+)?(?:common|commonly\s+used|widely\s+used
          |standard|accepted|usual|working|operational|simplest|broadest|narrowest))\s+
    (?:(?:possible|common|working|useful|simple|broad|broader|narrow|narrower|operational
         |pragmatic|minimal|basic|widely"""
    + rf"[\s{HYPHENS}]"
    + r"""used|commonly\s+used|helpful|practical|tentative|provisional|first|second|third
         |alternative|frequently\s+cited|often\s+cited)\s+)*
    (?:definition|understanding|interpretation|conceptuali[sz]ation|reading)s?\s+
    (?:of|for)\s+(?:(?:the\s+)?(?:term|concept|notion)\s+(?:of\s+)?)?(?:(?:a|the)\s+)?"""
    + OPEN_Q
    + r"""?\Z
  | \b(?:one|a|another)\s+(?:[\w-]+\s+)?(?:way|approach|method)\s+(?:to|of)\s+
    (?:define|defining|understand|understanding|conceptuali[sz]e|conceptuali[sz]ing
      |think\s+about|thinking\s+about|look\s+at|looking\s+at|describe|describing)\s+
    (?:(?:the|a)\s+)?"""
    + OPEN_Q
    + r"""?\Z"""
)
_POSSIBLE_AFTER = compile_pattern(
    AFTER
    + r"""\s*(?:is|was|would\s+be|could\s+be|might\s+be|can\s+be|reads|states|holds|sees
      |focuses|emphasi[sz]es|centres|centers|as|:|,\s*(?:which|namely|i\.?e\.?))"""
)
MODAL_DEFINED = compile_pattern(
    AFTER
    + r"""\s*,?\s+(?:can|could|may|might|would)\s+
    (?:(?:\w+ly|also|thus|therefore|then|perhaps|best)\s+)*be\s+(?:\w+ly\s+)?
    (?:defined|understood|described|conceived|conceptuali[sz]ed|interpreted|characteri[sz]ed
      |seen|viewed|thought\s+of|summari[sz]ed|framed|read)\s+
    (?:(?:here|broadly|narrowly|simply)\s+)?(?:as|in\s+terms\s+of|by)\b"""
)


def glossary(text: str, spans: list[Span]) -> bool:
    return around(_GLOSSARY_BEFORE, _GLOSSARY_AFTER, text, spans)


def possible_definition(text: str, spans: list[Span]) -> bool:
    return around(_POSSIBLE_BEFORE, _POSSIBLE_AFTER, text, spans) or follows(
        MODAL_DEFINED, text, spans
    )
