"""Definitional structure features, on invented sentences.

The concept spans are marked in each sentence with [brackets], so the tests do not
depend on the codebook's concept patterns; the brackets are removed before matching.
The self-anchored structures are built on the bundled codebook's concept words
(head nouns, qualities, people).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.codebook import load_codebook
from pipeline.tag.definition_patterns import PATTERNS, structural_patterns
from pipeline.tag.lexicon import build_lexicon

CONDITIONS = build_lexicon(
    load_codebook(Path(__file__).resolve().parents[1] / "models" / "codebook.yaml")
).conditions
_MARK = re.compile(r"\[([^\]]*)\]")


def unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The sentence without brackets and the spans the brackets enclosed."""
    text, spans, last, shift = [], [], 0, 0
    for match in _MARK.finditer(marked):
        text.append(marked[last : match.start()])
        start = match.start() - shift
        spans.append((start, start + len(match.group(1))))
        text.append(match.group(1))
        shift += 2
        last = match.end()
    text.append(marked[last:])
    return "".join(text), spans


def fires(marked: str) -> dict[str, bool]:
    text, spans = unmark(marked)
    return structural_patterns(text, spans, CONDITIONS)


# pattern -> (sentences where it fires, near misses where it does not)
CASES: dict[str, tuple[list[str], list[str]]] = {
    # copula: a noun-phrase complement, not an assessment
    "copula": (
        [
            "[Sustainable reintegration] is a process in which returnees regain a footing.",
            "[Successful reintegration] of returnees is the ability to live without aid.",
            "[Sustainable return], in this view, is economic self-sufficiency at home.",
        ],
        [
            "[Sustainable reintegration] is key to any return policy.",
            "[Sustainable reintegration] is a key priority for the ministry.",
            "[Sustainable reintegration] is difficult to measure.",
            "[Sustainable return] is essential for reconciliation.",
        ],
    ),
    # means: a meaning verb after the concept
    "means": (
        [
            "[Sustainable reintegration] refers to the capacity to rebuild one's life.",
            "[Successful reintegration] (SR) generally means that returnees cope alone.",
            "[Sustainable return] is understood as a return after which people stay.",
            "[Sustainable reintegration] encompasses economic and social dimensions.",
            "[Sustainable reintegration] can be described as lasting inclusion.",
            "The term [sustainable reintegration] describes a long-term process.",
        ],
        [
            "The programme supports [sustainable reintegration] by means of grants.",
            "Grants are a means to [sustainable return] in rural areas.",
            "[Sustainable reintegration] describes the work of the agency.",
        ],
    ),
    # gloss: apposition right after the concept
    "gloss": (
        [
            "Donors fund [sustainable reintegration], i.e. the lasting inclusion of returnees.",
            "The plan promotes [sustainable return], understood as return without flight.",
            "The plan promotes [sustainable return], meaning a return that holds.",
            "Agencies seek [successful reintegration] (a state without need for aid) for all.",
            "Aid targets [sustainable reintegration] – the point at which people are "
            "self-reliant – within two years.",
        ],
        [
            "The ministry funds [sustainable reintegration] (Smith 2019) in three regions.",
            "The ministry funds [sustainable reintegration] (incl. housing and jobs) widely.",
            "The ministry funds [sustainable reintegration], which is a priority, widely.",
        ],
    ),
    # condition: when the concept holds
    "condition": (
        [
            "[Reintegration is sustainable] when returnees no longer depend on aid.",
            "For their reintegration to be sustainable, returnees need a stable income.",
            "[Sustainable reintegration] is achieved once returnees are independent.",
            "Return can be considered successful if the person stays in the country.",
            "[Sustainable reintegration] occurs where communities accept returnees.",
        ],
        [
            "[Return is sustainable] in most regions.",
            "Few would deny that it is desirable for returns to be sustainable.",
            "[Sustainable reintegration] is important when budgets are cut.",
        ],
    ),
    # glossary: an entry with no verb
    "glossary": (
        [
            "[Sustainable reintegration]: the process by which returnees regain a livelihood.",
            "- [Sustainable return] – a return after which nobody needs to migrate again.",
            "[Successful reintegration] (SR): when returnees take part in economic life.",
        ],
        [
            "[Sustainable reintegration]: lessons from five countries",
            "Our report on [sustainable reintegration]: the process by which people settle.",
        ],
    ),
    # possible_definition: a definition offered as one among others
    "possible_definition": (
        [
            "One possible definition of [sustainable reintegration] is a return after which "
            "people stay by choice.",
            "[Sustainable return] can be defined as a return without displacement.",
            "[Successful reintegration] may be understood as restored ties.",
            "A working definition of [sustainable reintegration] would be the absence of forced "
            "re-migration.",
        ],
        [
            "[Sustainable reintegration] can be supported by cash grants.",
            "The definition of [sustainable reintegration] was discussed.",
        ],
    ),
    # reported_colon: a reporting verb with a colon or a quotation
    "reported_colon": (
        [
            "The strategy states: [sustainable reintegration] rests on local ownership.",
            "As the agency puts it, “[sustainable return] is a return that lasts”.",
            "The handbook defines [sustainable reintegration] as follows:",
        ],
        [
            "The agency states that [sustainable reintegration] is a shared goal.",
            "Member States: support for [sustainable return] grew.",
        ],
    ),
    # quoted: the definiens in quotation marks
    "quoted": (
        [
            "The guidance describes [sustainable reintegration] as “a situation in which "
            "returnees cope with shocks”.",
            "“[Sustainable return] means that people can stay in safety,” the minister said.",
            "[Successful reintegration] is 'a return after which no one is forced to leave'.",
        ],
        [
            'The so-called "[sustainable reintegration]" approach was piloted in 2019.',
            "“We support returnees,” the minister said, adding that [sustainable reintegration] "
            "was a priority.",
        ],
    ),
    # contrary: the opposite term defined
    "contrary": (
        [
            "Unsustainable reintegration is a situation in which old pressures return.",
            "Reintegration fails when returnees cannot find work or housing.",
            "Return is not sustainable if the returnee is forced to migrate again.",
            "Failed return refers to a return followed by renewed irregular migration.",
        ],
        [
            "Unsustainable return remains a concern for donors.",
            "Failed returns increased sharply in 2019.",
        ],
    ),
    # achieve_goal: what must be reached, with the concept as subject or topic
    "achieve_goal": (
        [
            "[Sustainable reintegration] requires that returnees can work and rent.",
            "The aim of [sustainable reintegration] is that returnees stay by choice.",
            "Having achieved [sustainable reintegration], returnees can plan freely.",
            "[Sustainable reintegration] must ensure that returnees are safe.",
        ],
        [
            "Programmes must ensure that returnees receive counselling.",
            "Donors fund [sustainable reintegration] projects that ensure returnees receive "
            "counselling.",
        ],
    ),
    # reported_definition: a definition credited to someone
    "reported_definition": (
        [
            "According to the agency, [sustainable reintegration] means that returnees are "
            "self-sufficient.",
            "Smith (2015) defines [sustainable return] as a return that holds.",
            "As defined by the agency, [sustainable reintegration] covers jobs.",
            "In the ministry’s definition, [successful reintegration] is lasting.",
        ],
        [
            "According to the agency, funding for [sustainable reintegration] rose in 2020.",
            "[Sustainable reintegration] is defined in the annex.",
        ],
    ),
    # negated_or_question: signals that rule a sentence out
    "negated_or_question": (
        [
            "What does [sustainable reintegration] mean in practice?",
            "There is no agreed definition of [sustainable reintegration].",
            "[Sustainable return] is not defined in the regulation.",
            "It remains unclear what [sustainable reintegration] entails.",
            "[Sustainable reintegration] is defined in Annex II.",
            "See Section 3 for a definition of [sustainable reintegration].",
        ],
        [
            "[Sustainable reintegration] is defined as a return that lasts.",
        ],
    ),
}


FLAT = [
    (name, sentence, expected)
    for name, (positives, near_misses) in CASES.items()
    for expected, sentences in ((True, positives), (False, near_misses))
    for sentence in sentences
]


@pytest.mark.parametrize(
    ("pattern", "sentence", "expected"),
    FLAT,
    ids=[f"{p}-{'pos' if e else 'neg'}-{i}" for i, (p, _, e) in enumerate(FLAT)],
)
def test_pattern(pattern: str, sentence: str, expected: bool) -> None:
    assert fires(sentence)[pattern] is expected


def test_every_pattern_has_positives_and_a_near_miss() -> None:
    assert tuple(CASES) == PATTERNS
    for name, (positives, near_misses) in CASES.items():
        assert len(positives) >= 2 and len(near_misses) >= 1, name


def test_result_is_ordered_like_patterns() -> None:
    text, spans = unmark("[Sustainable reintegration] means lasting inclusion.")
    assert tuple(structural_patterns(text, spans, CONDITIONS)) == PATTERNS


@pytest.mark.parametrize(
    "marked",
    [
        "[Sustainable re‑integration] refers to a lasting return.",  # non-breaking hyphen
        "“[Sustainable return]” refers to a lasting return.",  # curly quotes round the term
        '"[Sustainable return]" refers to a lasting return.',  # straight quotes
    ],
)
def test_typographic_variants(marked: str) -> None:
    assert fires(marked)["means"]


def test_without_spans_only_self_anchored_patterns_fire() -> None:
    out = structural_patterns(
        "It is a process in which returnees regain a footing.", [], CONDITIONS
    )
    assert not any(out.values())
    out = structural_patterns(
        "Reintegration fails when returnees cannot find work.", [], CONDITIONS
    )
    assert out["contrary"]


def test_spans_outside_the_text_are_ignored() -> None:
    assert not any(structural_patterns("Short.", [(3, 99), (5, 2)], CONDITIONS).values())
