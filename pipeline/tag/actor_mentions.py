"""Actor mentions in a sentence, found by the codebook's surface patterns.

The longest match wins; on a tie, the type listed first in the codebook. States
named only by a quantifier ("some countries") get a placeholder type that the
sentences before resolve; a phrase naming both state types ("countries of origin
and destination") is a mention of each; "the government" is the government of the
state the sentence is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import repeat

from pipeline.tag.lexicon import Lexicon

#: two state types in one phrase: "countries of destination and origin"
_DUAL_STATES = re.compile(
    r"(?:(?:many|some|several|the|both)\s+)?(?:countries|states|governments)\s+of\s+"
    r"(?:destination|origin)\s+and\s+(?:of\s+)?(?:destination|origin)"
    r"|(?:destination|host)\s+and\s+(?:origin|home)\s+(?:countries|states|governments)"
    r"|(?:origin|home)\s+and\s+(?:destination|host)\s+(?:countries|states|governments)"
    r"|governments\s+on\s+both\s+sides",
    re.IGNORECASE,
)
#: states named only by a quantifier: typed from context (see find_actors)
_GENERIC_STATES = re.compile(
    r"(?<![\w-])(?:some|many|several|other|most|certain|all\s+such|such|these|those)\s+"
    r"(?:\w+\s+)?(?:countries|states)(?![\w-])",
    re.IGNORECASE,
)
#: placeholder type of "some countries"; resolved from the sentences before, else
#: the codebook's first state type (the codebook lists first the state that unnamed
#: countries mostly are in its texts)
GENERIC_STATE = "__state__"
GENERIC_GOVERNMENT = re.compile(r"^(?:the\s+)?governments?$", re.IGNORECASE)
#: what lies between a possessor and what it possesses ("migrants' countries")
_POSSESSIVE = re.compile(r"['’]s?\s*")


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    text: str
    type: str
    refers_to: str | None = None  # the antecedent of a reference ("they" -> "donors")


def find_actors(lex: Lexicon, text: str) -> list[ActorMention]:
    """Non-overlapping actor mentions: the longest match wins; on a tie, the type
    listed first in the codebook."""
    found: list[tuple[int, int, int, str, str]] = []
    first, patterns = _patterns_to_scan(lex, text)
    for order, type_key, pattern in patterns:
        for match in pattern.finditer(text, first):
            if match.end() > match.start():
                found.append((match.start(), match.end(), order, type_key, match.group(0)))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
    taken: list[ActorMention] = []
    for start, end, _order, type_key, surface in found:
        if any(start < m.end and m.start < end for m in taken):
            continue
        taken.append(ActorMention(start, end, surface.strip(), type_key))
    states = lex.roles.states
    for match in _GENERIC_STATES.finditer(text if states else ""):
        if not any(match.start() < m.end and m.start < match.end() for m in taken):
            taken.append(ActorMention(match.start(), match.end(), match.group(0), GENERIC_STATE))
    for match in _DUAL_STATES.finditer(text if states else ""):
        inside = [m for m in taken if match.start() <= m.start and m.end <= match.end()]
        if all(m.type in states or GENERIC_GOVERNMENT.match(m.text) for m in inside):
            taken = [m for m in taken if m not in inside]
            taken += [
                ActorMention(match.start(), match.end(), match.group(0), state) for state in states
            ]
    taken.sort(key=lambda m: (m.start, m.type))
    # a possessive modifier of another actor is not an actor itself
    # ("migrants' countries of origin")
    taken = [
        m for m in taken
        if not any(o is not m and _POSSESSIVE.fullmatch(text[m.end : o.start]) for o in taken)
    ]  # fmt: skip
    return _retype_generic(taken, states, text)


def _patterns_to_scan(
    lex: Lexicon, text: str
) -> tuple[int, list[tuple[int, str, re.Pattern[str]]]]:
    """Where in `text` to start scanning, and the actor patterns (codebook order,
    type, pattern) worth scanning it with: those that match somewhere. Scanning
    every sentence pattern by pattern was half of the stakeholders stage. A pattern can
    only match where the patterns' combined lookahead (`Lexicon.actor_starts`) does,
    so one that matches at none of those few positions matches nowhere; the others
    scan from the first of them, as nothing matches before it (a pattern's boundary
    check still sees the characters before). What they find is what a scan of the
    whole sentence finds."""
    every = enumerate(lex.actor_patterns)
    if lex.actor_starts is None:
        return 0, [(order, key, pattern) for order, (key, pattern) in every]
    starts = [match.start() for match in lex.actor_starts.finditer(text)]
    if not starts:
        return 0, []
    return starts[0], [
        (order, key, pattern)
        for order, (key, pattern) in every
        if any(map(pattern.match, repeat(text), starts))  # map: no frame per position
    ]


def _retype_generic(
    mentions: list[ActorMention], state_types: tuple[str, ...], text: str = ""
) -> list[ActorMention]:
    """ "the government" is the government of the state the sentence is about: the
    state named in an opening "In X," frame, else the only state named."""
    states = [m for m in mentions if m.type in state_types]
    framed = [m for m in states if re.match(r"\s*in\s+", text[: m.start], re.IGNORECASE)]
    if framed:
        state = framed[0].type
    elif len({m.type for m in states}) == 1:
        state = states[0].type
    else:
        return mentions
    return [
        ActorMention(m.start, m.end, m.text, state) if GENERIC_GOVERNMENT.match(m.text) else m
        for m in mentions
    ]
