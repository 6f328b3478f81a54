"""Lexical cue evidence for each framing, from the codebook keywords.

Keyword syntax (codebook `framings.<key>.keywords`):

* ``permanent return`` — the words, as whole words (any dash or space between);
* ``deter*`` — a word beginning ("deter", "deterring", "deterrence");
* ``prevent*|deter* ~ migrat*`` — one of the first words followed by one of the
  second within a few words: what is prevented matters, so "prevent re-migration"
  is a cue but "prevent delays" is not (``|`` separates alternatives).

Matches that are part of a name or title (every word capitalised inside the
sentence: "Safe, Orderly and Regular Migration") are not claims and are skipped.

Negation is read the way a reader would: a cue of a framing at one end of the axis
that is denied ("immobility should not be the aim") speaks for the framing at the
other end; a denied cue of a framing in the middle of the axis counts for nothing.
"not only X but also Y" is a contrast that keeps both X and Y, not a denial.

A denial reaches a cue from a few words before it within the same clause ("does
not connect reintegration to legal emigration"), or follows the cue as a negated
auxiliary ("mobility is not considered ..."). When the denied verb is one of
saying or relating ("does not discuss / mention / link ..."), or the denial is
"without", the sentence only reports that something is absent: the cue is
cancelled, not turned around.
A framing whose cues in a sentence are all denied or cancelled is *muted* there:
sentence embeddings do not read negation, so its similarity must not carry it.

A proximity cue whose match ends in one of the codebook's `concept.words.cue_exceptions`
does not count: "prevented them from treating return migration as ..." prevents no
further migration, since return migration is the return itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from pipeline.concept import term_pattern, word_pattern

#: words that deny what follows them ("not", "no", "without"); "not only" is a contrast.
_NEGATOR = re.compile(
    r"(?:\b(?:not(?!\s+only\b)|no|never|without|nor|neither|rather\s+than|instead\s+of)\b|n't\b)",
    re.IGNORECASE,
)
#: a clause boundary: a denial before it does not reach a cue after it.
_CLAUSE_END = re.compile(
    r"[,;:()\u2013\u2014]|\b(?:but|while|whereas|although|though|yet|because)\b", re.IGNORECASE
)
#: verbs of saying or relating ("does not discuss X" reports an absence, not a denial
#: of X) and degree words ("not the best way to X", "not enough X" doubt the means,
#: not the end): the cue is cancelled rather than turned around.
_META = re.compile(
    r"\b(?:discuss|mention|address|say|state|define|specify|settle|raise|refer|cover|connect|"
    r"link|tie|relate|consider|ask|explain|clarify|cite|quote|name|include|"
    r"best|most|only|main|sole|enough|sufficient\w*|always)\w*\b",
    re.IGNORECASE,
)
#: words before a cue that a denial can reach across.
SCOPE_WORDS = 6
#: a denial right after a cue (and its "of ..." complement): "immobility should
#: not be", "immobility of returnees is not"; not "X and do not Y", which denies Y.
_DENIED_AFTER = re.compile(
    r"^[\s\u2019']*(?:s\s+)?(?:(?:of|for|among)\s+\w+(?:\s+\w+)?\s+)?"
    r"(?:should|must|need|needs|is|are|was|were|can|cannot|could|would)"
    r"(?:n't|\s+not|not)\b(?!\s+only)",
    re.IGNORECASE,
)
PROXIMITY = "~"
#: most words allowed between the two halves of a proximity cue.
GAP_WORDS = 6


DENIED, CANCELLED = "denied", "cancelled"


def _scope_before(text: str, start: int) -> str:
    """The words before a cue that a denial reaches: same clause, SCOPE_WORDS at most."""
    before = text[:start]
    boundaries = list(_CLAUSE_END.finditer(before))
    if boundaries:
        before = before[boundaries[-1].end() :]
    words = before.split()
    return " ".join(words[-SCOPE_WORDS:])


def _negation(text: str, start: int, end: int) -> str | None:
    """How a cue at text[start:end] is negated: DENIED, CANCELLED or None."""
    scope = _scope_before(text, start)
    denials = list(_NEGATOR.finditer(scope))
    if denials:  # the last denial before the cue governs it
        denial = denials[-1]
        # "without X" states a lack ("without legal pathways, people leave irregularly"),
        # not that X is unwanted
        if denial.group(0).lower() == "without" or _META.search(scope[denial.end() :]):
            return CANCELLED
        return DENIED
    if _DENIED_AFTER.match(text[end : end + 50]):
        return DENIED
    return None


def _is_name(text: str, start: int, matched: str) -> bool:
    """A match inside a proper name or title: all its words capitalised, and not at
    the start of the sentence."""
    words = re.findall(r"[^\W\d_]+", matched)
    if start == 0 or not words or not text[:start].strip():
        return False
    return all(w[0].isupper() for w in words if len(w) > 3) and any(len(w) > 3 for w in words)


@dataclass(frozen=True)
class _Cue:
    name: str
    pattern: re.Pattern[str]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _alternatives(part: str) -> list[str]:
    return [word.strip() for word in part.split("|") if word.strip()]


def compile_cue(keyword: str) -> _Cue:
    """A keyword (see module doc) as a regex; "a|b" lists alternatives."""
    name = " ".join(keyword.lower().split())
    if PROXIMITY not in keyword:
        return _Cue(name, term_pattern(_alternatives(keyword), ending="word"))
    first, second = keyword.split(PROXIMITY, 1)
    a = term_pattern(_alternatives(first), ending="word").pattern
    b = term_pattern(_alternatives(second), ending="word").pattern
    gap = rf"(?:\W+\w+){{0,{GAP_WORDS}}}?\W+"
    return _Cue(name, re.compile(a + gap + b, re.IGNORECASE))


def _any_of(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern that matches wherever one of `patterns` does (ignoring case, so
    it finds a superset); None when there are none or they cannot be joined."""
    if not patterns:
        return None
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE)
    except re.error:  # a cue with its own group names or flags: no shortcut
        return None


class CueMatcher:
    """Finds keyword evidence per framing in a sentence."""

    def __init__(
        self,
        keywords: Mapping[str, Sequence[str]],
        axis: Mapping[str, float],
        exceptions: Sequence[str] = (),
    ) -> None:
        """`exceptions`: the codebook's `concept.words.cue_exceptions` ("return migra*")."""
        self.keys = list(keywords)
        self.axis = dict(axis)
        self.cues = {
            key: [compile_cue(k) for k in words if k.strip()] for key, words in keywords.items()
        }
        # Most sentences hold no cue: one pass of all cues together tells which ones
        # to skip before each cue scans the sentence on its own. Compiled ignoring
        # case, it finds a superset of what the cues find, so nothing is lost.
        self.any_cue = _any_of([c.pattern for cues in self.cues.values() for c in cues])
        # and per framing: a sentence with cues mostly has those of one framing
        self.any_cue_of = {key: _any_of([c.pattern for c in cues])
                           for key, cues in self.cues.items()}  # fmt: skip
        # anchored at the end of a cue's matched text, which is where the object sits
        self.exception = (
            re.compile(r"\b" + word_pattern(exceptions) + "$", re.IGNORECASE)
            if exceptions
            else None
        )

    def _opposite(self, key: str) -> str | None:
        value = self.axis[key]
        if value == 0:
            return None
        candidates = [k for k in self.keys if self.axis[k] * value < 0]
        if not candidates:
            return None
        return max(candidates, key=lambda k: (abs(self.axis[k]), -self.keys.index(k)))

    def read(self, text: str) -> tuple[dict[str, list[str]], set[str]]:
        """(evidence, muted): evidence is {framing: [matched text, ...]}, one entry per
        distinct stretch of text (two keywords matching the same words count once),
        a denied cue listed as 'not <text>' under the framing it speaks for; muted
        holds the framings whose cues here are all denied or cancelled."""
        spans: dict[str, dict[tuple[int, int], str]] = {key: {} for key in self.keys}
        negated: set[str] = set()
        if self.any_cue is not None and self.any_cue.search(text) is None:
            return {key: [] for key in self.keys}, negated
        for key in self.keys:
            shortcut = self.any_cue_of[key]
            if shortcut is not None and shortcut.search(text) is None:
                continue
            for cue in self.cues[key]:
                for match in cue.pattern.finditer(text):
                    matched = " ".join(match.group(0).lower().split())
                    if _is_name(text, match.start(), match.group(0)):
                        continue
                    if (
                        PROXIMITY in cue.name
                        and self.exception is not None
                        and self.exception.search(matched)
                    ):
                        continue  # "prevented them from treating return migration as ..."
                    target, label = key, matched
                    negation = _negation(text, match.start(), match.end())
                    if negation is None and PROXIMITY in cue.name and _NEGATOR.search(matched):
                        negation = DENIED  # "remigration is not a failure"
                    if negation is not None:
                        negated.add(key)
                        target = self._opposite(key) if negation == DENIED else None
                        label = f"not {matched}"
                        if target is None:
                            continue
                    span = (match.start(), match.end())
                    if not any(_overlaps(span, seen) for seen in spans[target]):
                        spans[target][span] = label
        found = {key: [spans[key][s] for s in sorted(spans[key])] for key in self.keys}
        return found, {key for key in negated if not found[key]}

    def evidence(self, text: str) -> dict[str, list[str]]:
        """{framing: [matched text, ...]} (see `read`)."""
        return self.read(text)[0]

    def counts(self, texts: Sequence[str], cap: int) -> np.ndarray:
        """(n, framings) matrix of distinct cues per framing, each capped at `cap`."""
        out = np.zeros((len(texts), len(self.keys)), dtype=np.float64)
        for i, text in enumerate(texts):
            found = self.evidence(text)
            for j, key in enumerate(self.keys):
                out[i, j] = min(len(set(found[key])), cap)
        return out
