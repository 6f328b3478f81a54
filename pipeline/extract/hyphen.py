"""Line-end hyphenation repair.

"reinte-" + "gration" is one word split by the typesetter; "re-" + "emigration" or
"well-" + "being" is a hyphenated compound that happens to break at its hyphen.
The document itself is the best dictionary: if the hyphenated form occurs inside a
line elsewhere, keep the hyphen; if the joined form occurs, join. Otherwise a
known compound prefix keeps the hyphen ("self-", "post-"; "re-" and "co-" only
before a vowel) and a lowercase continuation joins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: words that, broken at a line end, are hyphenated compounds ("post-conflict",
#: "self-reliance", "well-being", "non-state").
COMPOUND_PREFIXES = frozenset(
    {
        "post", "self", "well", "non", "anti", "cross", "ex", "long", "short", "high",
        "socio", "cost", "decision", "evidence", "community", "gender", "country", "third",
        "small", "medium", "low", "full", "peace", "rights", "child", "fact",
    }
)  # fmt: skip
#: prefixes hyphenated only before a vowel ("re-emigration", "co-operation",
#: "pre-existing"), but joined before a consonant ("re-ported" -> "reported").
VOWEL_PREFIXES = frozenset(
    {"re", "co", "pre", "de", "semi", "intra", "inter", "mid", "sub", "multi"}
)
#: endings that never start the second half of a compound ("low-er", "follow-ing").
SUFFIXES = frozenset(
    {
        "ing", "ed", "er", "ers", "est", "ly", "ment", "ments", "ary", "ity", "ion", "ions",
        "ies", "al", "ally", "ness", "ful", "less", "able", "ible", "ance", "ence", "ive",
        "ous", "ship", "ism", "ist", "ists", "ize", "ise", "ized", "ised", "ization", "isation",
    }
)  # fmt: skip

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_TAIL = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)*)-$")
_HEAD = re.compile(r"^([^\W\d_]+)")


class Vocabulary:
    """Word forms seen inside lines (never across a line break) in one document."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.words: set[str] = set()
        for line in lines:
            tokens = _WORD.findall(line)
            if line.rstrip().endswith("-") and tokens:
                tokens = tokens[:-1]  # the broken word itself is no evidence
            self.words.update(t.lower() for t in tokens)

    def __contains__(self, word: str) -> bool:
        return word.lower() in self.words


def join_lines(lines: list[str], vocab: Vocabulary) -> str:
    """Join a block's lines with spaces, repairing words broken at line ends."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if not out:
            out = line
            continue
        tail = _TAIL.search(out)
        head = _HEAD.match(line)
        if tail and head and out.endswith("-") and not out.endswith("--"):
            joined = decide(tail.group(1), head.group(1), vocab)
            out = out[: tail.start()] + joined + line[head.end() :]
        elif out.endswith("-") and out[-2:-1].isalpha() and line[:1].isdigit():
            out = out + line  # "COVID-" + "19"
        else:
            out = out + " " + line
    return out


def decide(left: str, right: str, vocab: Vocabulary) -> str:
    """The repaired form of `left`-/`right` (left without its trailing hyphen)."""
    hyphenated = f"{left}-{right}"
    joined = f"{left}{right}"
    if hyphenated in vocab:
        return hyphenated
    if joined in vocab:
        return joined
    last_part = left.rsplit("-", 1)[-1]
    if "-" in left:  # "decision-mak-" + "ing": the break is inside the last part
        return joined
    prefix = last_part.lower()
    rest = right.lower()
    if prefix in COMPOUND_PREFIXES and len(rest) > 2 and rest not in SUFFIXES:
        return hyphenated
    if prefix in VOWEL_PREFIXES and rest[:1] in "aeiou" and len(rest) > 2:
        return hyphenated
    if right[:1].islower():
        return joined
    return hyphenated
