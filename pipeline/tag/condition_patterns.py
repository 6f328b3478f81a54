"""Definitional structures about when the concept holds: a condition ("<concept>
is achieved when", "for their return to be sustainable"), the contrary term or a
failure condition ("unsustainable return is ...", "reintegration fails when"), and
what must be achieved or is aimed at ("<concept> requires ...", "the aim of
<concept> is that ...").

The structures are general English; the words they are built around (head nouns,
qualities and their contraries, the people concerned) are the codebook's
(`concept.words`), so the patterns that hold them are compiled per codebook
(`ConditionPatterns`, one per lexicon).
"""

from __future__ import annotations

from pipeline.tag.concept_words import WordPatterns
from pipeline.tag.direct_patterns import COPULA, GLOSS, MEANS, MODAL_DEFINED
from pipeline.tag.pattern_fragments import (
    AFTER,
    CLOSE_Q,
    MARKER,
    OF_BRIDGE,
    Span,
    around,
    compile_pattern,
    follows,
)

# -- condition: "<concept> is achieved when", "for X to be sustainable" ----------------
#: what the concept is said to be when it holds, besides its qualities
_ACHIEVED = r"""achieved|attained|reached|realised
                   |realized|complete|possible|effective"""
_MARKER_AFTER = compile_pattern(rf"{CLOSE_Q}?\s*,?\s+(?:only\s+)?" + MARKER)
_FOR_BEFORE = compile_pattern(r"\bfor\s+(?:(?:the|a|any|their|such)\s+)?\Z")
_TO_BE_AFTER = compile_pattern(
    AFTER
    + r"""\s+to\s+(?:be\s+(?:\w+ly\s+)?(?:achieved|realised|realized|attained|reached|possible)
    |take\s+place|occur|happen|succeed)\b"""
)

# -- achieve_goal: "<concept> requires ...", "the aim of <concept> is that ..." --------
_GOAL_BEFORE = compile_pattern(
    r"""\b(?:aim|goal|objective|purpose|target|ambition|essence|idea|point)s?\s+of\s+
    (?:(?:achieving|reaching|attaining|ensuring|a|the)\s+)*\Z"""
)
_GOAL_AFTER = compile_pattern(
    AFTER + r"\s+(?:is|was|are|should\s+be|must\s+be|would\s+be)\s+(?:\w+ly\s+)?(?:that|to|for)\b"
)
_HAVING_BEFORE = compile_pattern(
    r"""\bhaving\s+(?:\w+ly\s+)?(?:achieved|reached|attained|realised|realized)\s+
    (?:(?:a|the|their|his|her|its)\s+)?\Z"""
)
_COMMA_AFTER = compile_pattern(OF_BRIDGE + r"\s*,")
_ONCE_BEFORE = compile_pattern(
    r"\b(?:once|when|where|if|after)\s+(?:(?:a|the|their|his|her)\s+)?\Z"
)
_ACHIEVED_AFTER = compile_pattern(
    OF_BRIDGE
    + r"""\s+(?:is|are|has\s+been|have\s+been|was|were)\s+(?:\w+ly\s+)?
    (?:achieved|reached|attained|realised|realized|secured|in\s+place)\b"""
)
_TO_ACHIEVE_BEFORE = compile_pattern(
    r"""\b(?:to|in\s+order\s+to)\s+(?:achieve|attain|reach|ensure|realise|realize)\s+
    (?:(?:a|the|their)\s+)?\Z"""
)
_MUST_AFTER = compile_pattern(
    OF_BRIDGE
    + r"""[^.;,]{0,20}?,\s*(?:[\w'’-]+\s+){0,4}?
    (?:must|should|need\s+to|needs\s+to|have\s+to|has\s+to|are\s+required\s+to)\b"""
)


class ConditionPatterns:
    """The condition, contrary and achieve_goal structures around one codebook's
    concept words (`WordPatterns`): built once per lexicon."""

    def __init__(self, words: WordPatterns) -> None:
        heads, qualities, people = words.heads, words.qualities, words.people
        self._condition_after = compile_pattern(
            AFTER
            + r"""
    \s*,?\s+
    (?:
        (?:(?:is|are|was|were|becomes?|can|could|may|might|will|would|should)\s+)
        (?:(?:\w+ly|only|also|thus|then|therefore|generally)\s+)*
        (?:be\s+)?(?:(?:considered|deemed|regarded\s+as|seen\s+as|judged|said\s+to\s+be)\s+)?
        (?:"""
            + words.any_quality
            + "|"
            + _ACHIEVED
            + r""")
      | occurs?|occurring|happens?|takes\s+place|exists?|is\s+in\s+place
    )
    \s*,?\s+(?:only\s+|thus\s+)?"""
            + MARKER
        )
        # the span itself is predicative ("reintegration is sustainable"): only the
        # marker follows
        self._predicative_span = compile_pattern(
            r"\b(?:is|are|be|was|were|considered|deemed)\b.*\b" + qualities + r"\W*$"
        )
        # self-anchored: the predicative form names the concept ("return can only be
        # sustainable when ...", "reintegration can be considered sustainable if ...")
        self._predicative_condition = compile_pattern(
            r"\b"
            + heads
            + r"""\b(?:\s+[\w'’-]+){0,4}?\s+(?:is|are|be|was|were|becomes?|remains?)\s+
    (?:[\w-]+\s+){0,2}?"""
            + qualities
            + r"""\s*,?\s+(?:only\s+)?"""
            + MARKER
        )
        # the purpose frame opens a clause ("For their return to be sustainable, ...");
        # after an adjective ("it is desirable for return to be sustainable") it is a
        # wish, not a condition
        self._for_to_be = compile_pattern(
            r"""(?:\A|(?<=[,;:(“"])|\b(?:that|but|and|thus|so|however|yet|because|since|order)\s)
    \s*for\s+(?:[\w'’-]+\s+){0,3}?(?:"""
            + heads
            + "|"
            + people
            + r""")\s+(?:[\w'’-]+\s+){0,2}?to\s+
    (?:be(?:come)?\s+(?:\w+ly\s+)?(?:considered\s+)?"""
            + words.any_quality
            + r"""
      |be\s+"""
            + words.passive_predicates
            + r"""|succeed|last)\b"""
        )
        # the opposite term: "unsustainable return", "failure of reintegration"
        self._opposite = compile_pattern(
            r"\b(?:"
            + words.contraries
            + r"|failed|failing)\s+"
            + heads
            + r"\b|\bfailure\s+of\s+(?:the\s+)?"
            + heads
            + r"\b|\b"
            + heads
            + r"\s+failure\b"
        )
        self._negated_condition = compile_pattern(
            r"\b"
            + heads
            + r"""\b(?:\s+[\w'’-]+){0,3}?\s+
    (?:fails?|failed|has\s+failed|breaks\s+down
      |(?:is|are|be|was|were)\s+(?:[\w-]+\s+){0,2}?
       (?:(?:not|never|no\s+longer)\s+(?:\w+\s+)?"""
            + qualities
            + r"""
         |"""
            + words.contraries
            + r"""|a\s+failure|(?:considered\s+)?failed))
    \s*,?\s+(?:only\s+)?(?:"""
            + MARKER
            + r"""|unless\b)"""
        )
        self._achieve_after = compile_pattern(
            AFTER
            + r"""\s*,?\s+
    (?:(?:can|could|may|will|would)\s+(?:only\s+)?)?
    (?:requires?|required|necessitates?|presupposes?
      |(?:is|are|was|can\s+be|will\s+be|has\s+been)\s+(?:only\s+)?(?:\w+ly\s+)?
       (?:reached|attained|achieved|realised|realized|accomplished|obtained)\s+(?:only\s+)?
       """
            + MARKER
            + r"""
      |(?:should|must|has\s+to|have\s+to|needs?\s+to|is\s+to|would|will)\s+
       (?:(?:\w+ly|also|thus)\s+)?(?:ensure|guarantee|enable|allow|mean|imply|result\s+in
         |lead\s+to)\b
      |(?:allows?|enables?|empowers?|permits?|ensures?|guarantees?)\s+(?:[\w'’-]+\s+){0,2}?
       (?:"""
            + people
            + r"""|individuals|persons|people|them|those)\b)
"""
        )

    def condition(self, text: str, spans: list[Span]) -> bool:
        if follows(self._condition_after, text, spans):
            return True
        predicative = [(s, e) for s, e in spans if self._predicative_span.search(text[s:e])]
        if follows(_MARKER_AFTER, text, predicative):
            return True
        if around(_FOR_BEFORE, _TO_BE_AFTER, text, spans):
            return True
        return bool(self._predicative_condition.search(text) or self._for_to_be.search(text))

    def contrary(self, text: str, spans: list[Span]) -> bool:
        """ "unsustainable return is ...", "reintegration fails when ..." """
        if self._negated_condition.search(text):
            return True
        # the opposite term with any of the definitional structures after it
        opposite = [m.span() for m in self._opposite.finditer(text)]
        return any(
            follows(pattern, text, opposite)
            for pattern in (COPULA, MEANS, GLOSS, self._condition_after, MODAL_DEFINED)
        )

    def achieve_goal(self, text: str, spans: list[Span]) -> bool:
        return (
            follows(self._achieve_after, text, spans)
            or around(_GOAL_BEFORE, _GOAL_AFTER, text, spans)
            or around(_HAVING_BEFORE, _COMMA_AFTER, text, spans)
            or around(_ONCE_BEFORE, _ACHIEVED_AFTER, text, spans)
            or around(_TO_ACHIEVE_BEFORE, _MUST_AFTER, text, spans)
        )
