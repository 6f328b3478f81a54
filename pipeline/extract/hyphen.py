"""Line-end hyphenation repair.

"reinte-" + "gration" is one word split by the typesetter; "re-" + "emigration" or
"well-" + "being" is a hyphenated compound that happens to break at its hyphen.
The document itself is the best dictionary: if the hyphenated form occurs inside a
line elsewhere, keep the hyphen; if the joined form occurs, join. Otherwise a
known compound prefix keeps the hyphen and a lowercase continuation joins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: prefixes that usually form hyphenated compounds in English policy prose.
COMPOUND_PREFIXES = frozenset(
    {
        "re", "post", "pre", "self", "well", "non", "co", "anti", "cross", "ex", "multi",
        "semi", "sub", "long", "short", "low", "high", "mid", "socio", "so", "cost",
        "decision", "evidence", "community", "gender", "age", "country", "state", "follow",
        "market", "people", "rights", "needs", "policy", "peace", "nation", "region",
        "third", "first", "second", "small", "large", "full", "part",
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
            if tokens and not line[:1].isalnum():
                pass
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
    if last_part.lower() in COMPOUND_PREFIXES and len(right) > 2:
        return hyphenated
    if right[:1].islower():
        return joined
    return hyphenated
