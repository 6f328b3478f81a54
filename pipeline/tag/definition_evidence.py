"""A sentence's definitional evidence and what its surface shows, before the parse.

Each kind of evidence has a weight (WEIGHTS); a sentence's score combines them.
The surface cues come from the codebook (`pipeline.tag.lexicon`): a copular or
gloss cue right after a concept mention (past a short bridge: "of returnees", a
parenthesis, an interjection), an attributing verb before it, a condition or a
content cue, an anaphor ("success", "sustainability") with a copular cue when the
concept was named shortly before, the continuation of a quoted definition, and the
weak association cues. A question or a negative cue rules the sentence out; a
means cue lowers its score.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from pipeline.tag.concept_words import WordPatterns
from pipeline.tag.definition_syntax import SyntaxCue
from pipeline.tag.lexicon import Lexicon, Mention

#: evidence weights; a sentence is a definition when its score reaches min_score.
WEIGHTS = {
    "copular": 0.9,
    "gloss": 0.85,
    "attribution": 0.9,
    "condition": 0.85,
    "content": 0.85,
    "anaphora": 0.8,
    "continuation": 0.7,
    "syntax": 0.85,  # a definitional relation in the dependency parse (definition_syntax)
    "association": 0.3,
    "parse": 0.1,  # the parse confirms the concept heads the cue's clause
}
MEANS_PENALTY = 0.3
# A comma-delimited interjection: ", in this view,", ", by contrast,", ", in the sense
# used by X at the time,". It may not hold a clause boundary (";", ":", ".").
_INTERJECTION = r"(?:\s*,\s*[^,;:.()\"“”]{1,60}?\s*,)?"
# Between a concept mention and its cue: an "of"-complement ("of returnees"), a
# parenthesis, a comma-adverb ("precisely", ", primarily").
_BRIDGE = (
    r"(?:\s+of\s+(?:the\s+|their\s+|a\s+)?[\w'’-]+(?:\s+(?!(?:is|are|was|were|means?)\b)"
    r"[\w'’-]+){0,4}?)?"
    r"(?:\s*\([^)]{0,40}\))?" + _INTERJECTION + r"(?:\s*,)?"
    r"(?:\s+(?:\w+ly|also|thus|therefore|then|here|now))?"
)
_OPEN_QUOTES = "“«"
_CLOSE_QUOTES = "”»"
#: sentences an anaphor may be this far from the last mention when the sentence
#: itself names a related term
RELATED_WINDOW = 15
_DENIED = re.compile(r"\b(?:not|never|no\s+longer|cannot)\b|n['’]t\b", re.IGNORECASE)


@functools.cache
def _predicative(words: WordPatterns) -> re.Pattern[str]:
    """A mention ending in a quality: the concept in predicate form ("reintegration
    can be considered sustainable")."""
    return re.compile(rf"\b{words.qualities}$", re.IGNORECASE)


@functools.cache
def _head_word(words: WordPatterns) -> re.Pattern[str]:
    """A head noun: in "the success of reintegration" the anaphor still stands for
    the concept, in "the success of the businesses" it does not."""
    return re.compile(rf"\b{words.heads}\b", re.IGNORECASE)


@dataclass
class Evidence:
    kind: str
    cue: str
    start: int  # where the cue starts in the sentence
    end: int
    mention: Mention | None = None


@dataclass
class Finding:
    """One sentence's definitional evidence before and after parsing."""

    index: int
    text: str
    mention: Mention | None
    evidence: list[Evidence] = field(default_factory=list)
    vetoed: str | None = None
    means: bool = False
    attributed_to: str | None = None
    attributed_year: int | None = None
    definiens: str = ""
    parse_bonus: float = 0.0
    recent: bool = False  # the concept was named close enough before for an anaphor
    follows_mention: bool = False  # the concept was named in the sentence just before
    syntax: SyntaxCue | None = None

    @property
    def score(self) -> float:
        if self.vetoed:
            return 0.0
        remaining = 1.0
        for item in self.evidence:
            remaining *= 1.0 - WEIGHTS[item.kind]
        value = 1.0 - remaining + self.parse_bonus
        if self.means:
            value -= MEANS_PENALTY
        return round(max(0.0, min(1.0, value)), 4)

    @property
    def best(self) -> Evidence | None:
        if not self.evidence:
            return None
        return max(self.evidence, key=lambda e: WEIGHTS[e.kind])


# -- surface evidence ----------------------------------------------------------------


def _cue_after(lex: Lexicon, kind: str, text: str, mention: Mention) -> Evidence | None:
    """A cue of `kind` right after the mention, past an optional bridge."""
    pattern = lex.cues.get(f"{kind}_after")
    after = text[mention.end :]
    if pattern is None:
        return None
    bridge = re.match(_BRIDGE, after)
    offsets = sorted({0, bridge.end() if bridge else 0})
    if _predicative(lex.words).search(mention.text) and not _DENIED.search(mention.text):
        # "reintegration can be considered sustainable | when ...": the concept in
        # predicate form followed by a condition clause
        found = re.match(_INTERJECTION + r"\s*,?\s*(?:only\s+)?(?:when|if|once|where)\b", after)
        if found:
            return Evidence(
                kind, found.group(0).strip(" ,"), mention.end, mention.end + found.end(), mention
            )
    for skip in offsets:
        match = pattern.match(after, skip)
        if match and match.group(0).strip(" ,"):
            start = mention.end + match.start()
            end = mention.end + match.end()
            return Evidence(kind, match.group(0).strip(" ,"), start, end, mention)
    return None


def _attribution_before(lex: Lexicon, text: str, mention: Mention) -> Evidence | None:
    """X <defines/understands> [the] <concept> ... as ..."""
    pattern = lex.cues.get("attribution")
    if pattern is None:
        return None
    before = text[: mention.start]
    verb = None
    for match in pattern.finditer(before):
        verb = match
    if verb is None or not re.fullmatch(
        r"\s+(?:the\s+|a\s+|this\s+|its\s+)?", before[verb.end() :]
    ):
        return None
    tail = text[mention.end : mention.end + 120]
    as_match = re.search(r"\bas\b", tail)
    if not as_match or "." in tail[: as_match.start()]:
        return None
    return Evidence("attribution", f"{verb.group(0)} ... as", verb.start(), verb.end(), mention)


def _association(lex: Lexicon, text: str, mention: Mention) -> Evidence | None:
    pattern = lex.cues.get("association")
    if pattern is None:
        return None
    for match in pattern.finditer(text):
        if match.start() <= mention.end + 40 and match.end() >= mention.start:
            return Evidence(
                "association", match.group(0).split()[0], match.start(), match.end(), mention
            )
    return None


def surface_evidence(
    lex: Lexicon, index: int, text: str, recent_mention: bool, open_quote_definition: bool
) -> Finding:
    """Everything the sentence's surface says, before any parsing."""
    mentions = lex.concept_mentions(text)
    finding = Finding(index=index, text=text, mention=mentions[0] if mentions else None)
    for mention in mentions:
        for kind in ("copular", "gloss"):
            found = _cue_after(lex, kind, text, mention)
            if found:
                finding.evidence.append(found)
        found = _attribution_before(lex, text, mention)
        if found:
            finding.evidence.append(found)
    for kind in ("condition", "content"):
        pattern = lex.cues.get(kind)
        match = pattern.search(text) if pattern is not None else None
        if match and (kind != "content" or mentions):
            finding.evidence.append(
                Evidence(kind, match.group(0).strip(" ,"), match.start(), match.end())
            )
    if recent_mention and not finding.evidence:
        for anaphor in usable_anaphors(lex, text):
            found = _cue_after(lex, "copular", text, anaphor)
            if found:
                found.kind = "anaphora"
                finding.evidence.append(found)
                finding.mention = finding.mention or anaphor
                break
    if open_quote_definition and (mentions or finding.evidence):
        finding.evidence.append(Evidence("continuation", "quoted continuation", 0, 0))
    if not any(e.kind != "association" for e in finding.evidence):
        for mention in mentions:
            found = _association(lex, text, mention)
            if found:
                finding.evidence.append(found)
                break
    negative = lex.cues.get("negative")
    if text.rstrip().rstrip("\"'”’)").endswith("?"):
        finding.vetoed = "question"
    elif negative is not None and (match := negative.search(text)):
        finding.vetoed = match.group(0)
    means = lex.cues.get("means")
    finding.means = bool(means is not None and means.search(text))
    return finding


def usable_anaphors(lex: Lexicon, text: str) -> list[Mention]:
    """Anaphors that can stand for the concept: "success", "sustainability", but not
    "the sustainability of the programme" or "the success of the businesses"."""
    if lex.anaphor is None:
        return []
    out = []
    for match in lex.anaphor.finditer(text):
        of_phrase = re.match(r"\s+of\s+(?:\S+\s+){0,2}?\S+", text[match.end() :])
        if of_phrase and not _head_word(lex.words).search(of_phrase.group(0)):
            continue
        out.append(Mention(match.start(), match.end(), match.group(0)))
    return out


def recent(lex: Lexicon, text: str, distance: int, window: int) -> bool:
    """Was the concept named close enough before for an anaphor to refer to it? Within
    `window` sentences always; within RELATED_WINDOW when the sentence itself speaks of
    return or returnees (it is still on the subject)."""
    if distance <= window:
        return True
    return distance <= RELATED_WINDOW and lex.related is not None and bool(lex.related.search(text))


def opens_quote(text: str) -> bool:
    """Does the sentence leave a quotation open (a definition quoted over sentences)?"""
    curly = sum(text.count(q) for q in _OPEN_QUOTES) - sum(text.count(q) for q in _CLOSE_QUOTES)
    return curly > 0 or (curly == 0 and text.count('"') % 2 == 1)
