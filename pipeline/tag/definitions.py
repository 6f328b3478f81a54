"""Find sentences that say what the concept is, means, or when it is achieved.

The linguistic phenomena, each a kind of evidence with its own weight:

- copular: the concept is the subject of a defining predicate
  ("<concept> means / refers to / is understood as / is achieved when / entails ...");
- gloss: an apposed participle or "i.e." right after the concept
  ("<concept>, understood not only as ...", "<concept> of returnees, primarily meaning ...");
- attribution: an actor's defining verb takes the concept as object with "as"
  ("X now understands <concept> as ...");
- condition: a purpose or perfect frame stating when the concept holds
  ("for their reintegration to be sustainable, ...", "having achieved <concept>, ...");
- content: a sentence reporting what a definition says ("the definition of <concept>,
  which states that ...");
- anaphora: "success / sustainability" with a copular cue, when the concept was named
  in the sentences just before ("for donors, success also means ...");
- quoted continuation: the next sentence inside a definition's open quotation;
- syntax: the dependency parse finds the same relations through interjections,
  adverbs, other judging verbs and anaphors ("<concept>, in this view, is ...",
  "X judged the return to be sustainable when ...", "Sustainability is defined by
  ..."); see definition_syntax. An anaphor may reach further back (RELATED_WINDOW)
  when its sentence still speaks of return or returnees.

Association verbs ("relates <concept> to", "associates ... with") give weak evidence;
negative cues (no definition given, embedded questions, pointers elsewhere) and
questions rule a sentence out; means cues (<concept> as a goal that something
serves) lower the score.

Only candidate sentences (a concept mention, "reintegration ... sustainable", an
anaphor after a mention) are looked at in the spaCy parse (annotate's, see
`pipeline.parses`). The parse gives the syntax evidence,
the credited actor (subject of the defining, judging or reporting verb, "according
to X", "for X, ...", "in the sense used by X"), its year ("X (2015) ..."), and the
definiens (the subtree the cue governs).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from pipeline.tag.actors import split_citation
from pipeline.tag.definition_patterns import structural_patterns
from pipeline.tag.definition_syntax import (
    PREDICATIVE_SUBJECTS,
    SyntaxCue,
    as_complement,
    evaluative,
    head_tokens,
    predicative_tokens,
    reference_tokens,
    syntax_cue,
)
from pipeline.tag.lexicon import Lexicon, Mention

DEFINITION_COLUMNS = [
    "doc_id", "sent_id", "page", "text", "term", "definiens", "cue", "attributed_to",
    "attributed_year", "dimensions", "framing", "score",
]  # fmt: skip

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
#: what a candidate row tells a trained scorer besides its text
CANDIDATE_COLUMNS = [
    "rule_score", "means", "vetoed", "parse_confirmed", "named", "patterns",
]  # fmt: skip

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
_YEAR = r"(1[89]\d\d|20\d\d)[a-z]?"
_CITATION = re.compile(
    r"\((?P<who>[A-Z][^()]{0,80}?)[\s,]+" + _YEAR + r"(?:[;,][^()]*)?\)", re.UNICODE
)
_POSSESSIVE_DEFINITION = re.compile(
    r"(?P<who>\b[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,4})['’]s?\s+(?:(?P<year>(?:1[89]|20)\d\d)\s+)?"
    r"(?:\w+\s+)?definition\b"
)
_DOCUMENT_NOUNS = (
    r"(?:Compact|Strategy|Agenda|Framework|Declaration|Handbook|Policy|Convention|Report|"
    r"Guidelines|Principles|Plan|Charter|Resolution|Directive|Regulation|Pact)"
)
_DOCUMENT_ANAPHOR = re.compile(
    r"\s*(?:this|that|the\s+same|such\s+an?)\s+(?:objective|framework|compact|strategy|document|"
    r"report|policy|handbook|agenda|declaration|resolution|definition|text|plan|guidance)\b",
    re.IGNORECASE,
)
_DOCUMENT_NAME = re.compile(
    r"(?:(?P<year>(?:19|20)\d\d)\s+)?"
    r"(?P<name>(?:[A-Z][\w’'-]*\s+)(?:(?:[A-Z][\w’'-]*|for|on|of|and|the)\s+){0,6}?"
    + _DOCUMENT_NOUNS
    + r"(?:\s+(?:for|on|of)(?:\s+(?:and\s+)?[A-Z][\w’'-]*)+)?)"
    r"(?:\s*\((?P<year_after>(?:19|20)\d\d)\))?"
)
#: "in the sense used by X", "as understood by X", "in X's sense": an apposed credit
_SENSE_OF = re.compile(
    r"\b(?:in\s+the\s+(?:sense|meaning|definition)\s+(?:used|intended|given|adopted)\s+by"
    r"|as\s+(?:used|understood|defined|intended|employed)\s+by"
    r"|in\s+the\s+words\s+of)\s+(?:the\s+)?"
    r"(?P<who>[A-Z][\w&.-]*(?:\s+(?:of|for|on)?\s*[A-Z][\w&.-]*)*"
    r"(?:\s*\(\s*(?:1[89]|20)\d\d\s*\)|\s+in\s+(?:1[89]|20)\d\d)?)"
)
_OPEN_QUOTES = "“«"
_CLOSE_QUOTES = "”»"
_MAIN_CLAUSE_RESUMES = re.compile(
    r",\s+(?:is|are|was|were|remains?|has|have|had|will|would|can|could|should|must)\b.*$",
    re.DOTALL,
)
_PREDICATIVE = re.compile(r"\b(?:sustainable|successful)$", re.IGNORECASE)
_CONCEPT_HEAD_WORD = re.compile(r"\b(?:re-?integration|returns?)\b", re.IGNORECASE)
#: "reintegration ... sustainable": a sentence the parse may find a predicate in
_PREDICATIVE_PAIR = re.compile(
    r"\b(?:re-?integration|returns?)\b[^.;:]{0,160}\b(?:sustainable|successful)\b",
    re.IGNORECASE,
)
#: sentences an anaphor may be this far from the last mention when the sentence
#: itself names a related term
RELATED_WINDOW = 15
#: "It is understood as ...", "The term refers to ...": a reference to the concept
_REFERENCE_SUBJECT = re.compile(
    r"\b(?:it\s+(?:is|was)|the\s+(?:concept|term|notion)|this\s+(?:concept|term|notion))\b",
    re.IGNORECASE,
)
_DENIED = re.compile(r"\b(?:not|never|no\s+longer|cannot)\b|n['’]t\b", re.IGNORECASE)
_DEFINITION_WORD = re.compile(r"\bdefin(?:ition|itions|es|ed|ing)\b", re.IGNORECASE)


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
    if _PREDICATIVE.search(mention.text) and not _DENIED.search(mention.text):
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
        if of_phrase and not _CONCEPT_HEAD_WORD.search(of_phrase.group(0)):
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


# -- parse-based details -------------------------------------------------------------


def _np_text(token: Any) -> str:
    """A noun phrase's text without a trailing parenthesis (a year, an acronym)."""
    tokens = [t for t in token.subtree if t.dep_ not in ("punct",) or t.text in "-–'’"]
    if not tokens:
        return token.text
    span = token.doc[tokens[0].i : tokens[-1].i + 1].text
    span = re.sub(r"\s*\([^)]*\)\s*$", "", span)
    span = re.sub(r"\s*\(\s*\d{4}[a-z]?\s*$", "", span)
    return span.strip(" ,;:")


def _subject(verb: Any) -> Any | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head is not verb:
        return _subject(verb.head)
    return None


def _year_after(text: str, actor: str) -> int | None:
    match = re.search(re.escape(actor) + r"\s*[\(,]\s*" + _YEAR, text)
    return int(match.group(1)) if match else None


def attribution(doc: Any, finding: Finding, lex: Lexicon) -> tuple[str | None, int | None]:
    """Who the sentence itself credits with the definition, and the year if given."""
    text = doc.text
    reporting = set(lex.codebook.definition_cues.reporting_verbs)
    attribution_cue = lex.cues.get("attribution")
    cue_positions = [e.start for e in finding.evidence if e.kind != "continuation"]
    # 0. the subject of the judging verb the parse found ("IOM (2001) judged ...")
    if finding.syntax is not None and finding.syntax.definer is not None:
        definer = doc[finding.syntax.definer]
        if not any(m.start <= definer.idx < m.end for m in lex.concept_mentions(text)):
            # the noun phrase up to its first comma: "IOM (2001), by contrast, ..."
            actor, year = split_citation(_np_text(definer).split(",")[0])
            year = year or _year_after(text, actor) or _citation_year_for(text, actor)
            return actor, year or _year_of(doc[finding.syntax.verb])
    match = _SENSE_OF.search(text)
    if match:
        actor, year = split_citation(re.sub(r"\s+in\s+(\d{4})$", r" (\1)", match.group("who")))
        return actor, year or _year_after(text, actor) or _citation_year_for(text, actor)
    # 1. subject of a defining verb right before the concept, or of a reporting verb
    #    whose clause holds the cue ("Most actors concur that <concept> means ...").
    for token in doc:
        is_defining = (
            token.pos_ in ("VERB", "AUX")
            and attribution_cue is not None
            and attribution_cue.fullmatch(token.text)
            and any(e.kind == "attribution" and e.start == token.idx for e in finding.evidence)
        )
        governs_cue = (
            token.lemma_.lower() in reporting
            and token.pos_ == "VERB"
            and any(pos > token.idx for pos in cue_positions)
        )
        if not (is_defining or governs_cue):
            continue
        subject = _subject(token)
        if subject is None or subject.lower_ in ("it", "this", "which", "that", "we"):
            continue
        if subject.dep_ == "nsubjpass":
            # "<concept> is understood by the Commission as ...": the agent defines
            agents = [
                g for c in token.children if c.dep_ == "agent" for g in c.children
                if g.dep_ == "pobj"
            ]  # fmt: skip
            if not agents:
                continue
            subject = agents[0]
        if any(m.start <= subject.idx < m.end for m in lex.concept_mentions(text)):
            continue  # the concept itself is not who defines it
        actor = _np_text(subject)
        if subject.lower_ in ("they",):
            continue
        year = _year_after(text, actor) or _citation_year_for(text, actor) or _year_of(token)
        return actor, year
    # "<concept> is understood by X as ...": the agent inside the cue
    for item in finding.evidence:
        agent = re.search(r"\bby\s+(.+?)\s+(?:not\s+only\s+|primarily\s+|mainly\s+)?as$", item.cue)
        if agent:
            actor, year = split_citation(agent.group(1))
            return actor, year or _year_after(text, actor) or _citation_year_for(text, actor)
    # 2. "X's (2017) definition", "according to X", "for X, <anaphor> means".
    match = _POSSESSIVE_DEFINITION.search(text)
    if match:
        year = match.group("year")
        return match.group("who"), int(year) if year else None
    match = re.search(
        r"\baccording\s+to\s+(?:the\s+)?([^,;.()]{2,80}?)\s*(?:\(\s*" + _YEAR + r")?[,;.)]",
        text,
        re.IGNORECASE,
    )
    if match:
        actor = match.group(1).strip()
        year = int(match.group(2)) if match.group(2) else _citation_year_for(text, actor)
        return actor, year
    for token in doc:
        if token.lower_ == "for" and token.dep_ == "prep" and token.head.pos_ in ("VERB", "AUX"):
            objects = [c for c in token.children if c.dep_ == "pobj"]
            following = doc[token.i + 1 :]
            if not objects or re.match(r"[^,]*\bto\s+be\b", following.text):
                continue
            comma = next((t for t in following if t.text == ","), None)
            governs = any(
                e.start <= token.head.idx < e.end or token.head.idx == e.end + 1
                for e in finding.evidence
            )
            if governs:
                # "success also means, for the Commission, that ..."
                actor = _np_text(objects[0])
            elif comma is not None and any(e.start > comma.idx for e in finding.evidence):
                # "For some donors, success also means ..."
                actor = doc[token.i + 1 : comma.i].text.strip()
            else:
                continue
            actor, year = split_citation(actor)
            year = year or _year_after(text, actor)
            if actor and len(actor.split()) <= 10:
                return actor, year
    # 3. a citation closing the sentence: "... (IOM 2017)."
    citations = list(_CITATION.finditer(text))
    if citations:
        last = citations[-1]
        return _clean_citation(last.group("who")), int(last.group(2))
    return None, None


def document_reference(text: str, previous: str) -> tuple[str | None, int | None]:
    """ "This objective includes ..." after "... the 2018 UN Global Compact for
    Migration ...": a definition in a document the sentence points back to is that
    document's. The document is the last titled name in the previous sentence."""
    if not _DOCUMENT_ANAPHOR.match(text):
        return None, None
    names = list(_DOCUMENT_NAME.finditer(previous))
    if not names:
        return None, None
    name = names[-1]
    year = name.group("year") or name.group("year_after")
    title = re.sub(r"^(?:The|This|That)\s+", "", name.group("name").strip())
    return title, int(year) if year else None


def _year_of(verb: Any) -> int | None:
    """A year the defining verb is dated by: "In 2015 IOM defined ..."."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "since"):
            for obj in child.children:
                if obj.dep_ == "pobj" and re.fullmatch(_YEAR, obj.text):
                    return int(obj.text[:4])
    return None


def _clean_citation(who: str) -> str:
    who = re.sub(r"\s+et\s+al\.?$", " et al.", who.strip(" ,"))
    return who


def _citation_year_for(text: str, actor: str) -> int | None:
    for match in _CITATION.finditer(text):
        if match.group("who").strip().lower() == actor.strip().lower():
            return int(match.group(2))
    return None


def definiens(doc: Any, finding: Finding) -> str:
    """What the concept is said to be: the text the strongest cue governs, up to the
    end of its clause, without a closing citation."""
    best = finding.best
    text = doc.text
    if best is None:
        return ""
    start = best.end
    if best.kind == "attribution":
        as_match = re.search(r"\bas\b", text[best.mention.end if best.mention else best.end :])
        if as_match:
            start = (best.mention.end if best.mention else best.end) + as_match.end()
    elif best.kind == "continuation":
        start = 0
    elif best.kind == "condition":
        # the main clause after the condition frame ("Having achieved X, <definiens>")
        comma = text.find(",", best.end)
        start = comma + 1 if comma != -1 else best.end
    # the subtree of the token the cue ends in, when it extends past the cue
    end = len(text)
    anchor = next((t for t in doc if t.idx <= max(start - 1, 0) < t.idx + len(t)), None)
    if anchor is not None and best.kind in ("gloss",):
        head = anchor if anchor.dep_ in ("acl", "advcl", "relcl") else anchor.head
        subtree = list(head.subtree)
        if subtree:
            end = min(end, subtree[-1].idx + len(subtree[-1]))
    span = text[start:end]
    span = _CITATION.sub("", span)
    if best.kind in ("gloss", "content"):
        # the apposition ends where the main clause resumes: ", is a key challenge"
        span = _MAIN_CLAUSE_RESUMES.sub("", span)
    span = re.sub(r"\s*\(\d{1,4}\)\s*", " ", span)
    return span.strip(" ,;:.\"'“”‘’")[:400]


def confirmed_by_parse(doc: Any, finding: Finding) -> bool:
    """The concept mention heads (or is the subject of) the clause the cue starts."""
    best = finding.best
    if best is None or best.mention is None:
        return False
    mention_tokens = [t for t in doc if best.mention.start <= t.idx < best.mention.end]
    cue_tokens = [t for t in doc if best.start <= t.idx < best.end]
    if not mention_tokens or not cue_tokens:
        return False
    heads = {t.head for t in mention_tokens} | {t for t in mention_tokens}
    return any(t in heads or t.head in heads or t.head.head in heads for t in cue_tokens) or any(
        t.dep_ in ("nsubj", "nsubjpass") and t.head in cue_tokens for t in mention_tokens
    )


def parse_evidence(doc: Any, finding: Finding, lex: Lexicon) -> None:
    """Add what the dependency parse shows (see definition_syntax) and drop surface
    "... as" evidence whose complement evaluates ("seen as a priority", "as key")."""
    kept = []
    for item in finding.evidence:
        if re.search(r"\bas$", item.cue) and item.kind != "attribution":
            # "<concept> is seen as key / as a priority": the word after "as" evaluates
            as_token = next((t for t in doc if t.idx == item.end - 2 and t.lower_ == "as"), None)
            complement = as_complement(as_token.head) if as_token is not None else None
            if complement is not None and evaluative(complement):
                continue
        if item.kind == "attribution" and item.mention is not None:
            verb = next((t for t in doc if t.idx == item.start), None)
            concept = doc.char_span(item.mention.start, item.mention.end, alignment_mode="expand")
            nodes = [n for n in (verb, concept.root if concept is not None else None) if n]
            complement = as_complement(*nodes)
            if complement is not None and evaluative(complement):
                continue
        kept.append(item)
    finding.evidence = kept
    if finding.vetoed:
        return
    spans = [(m.start, m.end) for m in lex.concept_mentions(finding.text)]
    if finding.recent:
        spans += [(a.start, a.end) for a in usable_anaphors(lex, finding.text)]
    weak = reference_tokens(doc) if finding.follows_mention else set()
    cue = syntax_cue(doc, head_tokens(doc, spans), predicative_tokens(doc), weak)
    if cue is None:
        return
    head = doc[cue.head]
    named = [m for m in lex.concept_mentions(finding.text) if m.start <= head.idx < m.end]
    mention = named[0] if named else Mention(head.idx, head.idx + len(head), head.text)
    anaphoric = not named and head.lower_ not in PREDICATIVE_SUBJECTS
    finding.syntax = cue
    kind = "anaphora" if anaphoric else "syntax"
    finding.evidence.append(Evidence(kind, cue.cue, cue.start, cue.end, mention))
    finding.mention = finding.mention or mention


# -- document ------------------------------------------------------------------------


def _patterns(lex: Lexicon, finding: Finding) -> str:
    """The general definitional structures around the sentence's concept mentions
    (and anaphors, when the concept was named just before), ";"-joined."""
    spans = [(m.start, m.end) for m in lex.concept_mentions(finding.text)]
    if finding.recent:
        spans += [(a.start, a.end) for a in usable_anaphors(lex, finding.text)]
    found = structural_patterns(finding.text, spans)
    return ";".join(name for name, hit in found.items() if hit)


def tag_definitions(
    sentences: pd.DataFrame,
    lex: Lexicon,
    parses: Sequence[Any],
    min_score: float,
    window: int,
    keep_candidates: bool = False,
) -> pd.DataFrame:
    """One document's sentences (reading order) -> its definitions by the rules'
    score; with `keep_candidates`, every candidate sentence with its evidence
    (CANDIDATE_COLUMNS), for a trained scorer to decide. `parses` holds each
    sentence's spaCy parse, in sent_id order."""
    sentences = sentences.sort_values("sent_id").reset_index(drop=True)
    texts = [str(t) for t in sentences["text"]]
    findings: list[Finding] = []
    last_mention = -(10**9)
    previous_open_definition = False
    for index, text in enumerate(texts):
        is_recent = recent(lex, text, index - last_mention, window)
        finding = surface_evidence(lex, index, text, is_recent, previous_open_definition)
        finding.recent = is_recent
        finding.follows_mention = index - last_mention == 1
        if lex.concept_mentions(text):
            last_mention = index
        findings.append(finding)
        is_definition = finding.score >= min_score
        previous_open_definition = is_definition and opens_quote(text)
        if previous_open_definition:
            finding.attributed_to = "__open__"
    candidates = [
        f for f in findings
        if f.evidence or f.mention or _PREDICATIVE_PAIR.search(f.text)
        or (f.recent and usable_anaphors(lex, f.text))
        or (f.follows_mention and _REFERENCE_SUBJECT.search(f.text))
    ]  # fmt: skip
    rows = []
    docs = [parses[f.index] for f in candidates]
    by_index = {f.index: f for f in findings}
    for finding, doc in zip(candidates, docs, strict=True):
        parse_evidence(doc, finding, lex)
        if confirmed_by_parse(doc, finding):
            finding.parse_bonus = WEIGHTS["parse"]
        if finding.attributed_to == "__open__" and finding.score < min_score:
            finding.attributed_to = None
        if finding.score < min_score and not keep_candidates:
            continue
        finding.attributed_to, finding.attributed_year = attribution(doc, finding, lex)
        if (
            any(e.kind == "continuation" for e in finding.evidence)
            and finding.attributed_to is None
        ):
            previous = by_index.get(finding.index - 1)
            if previous is not None:
                finding.attributed_to = previous.attributed_to
                finding.attributed_year = previous.attributed_year
        pointer = finding.attributed_to is None or _DOCUMENT_ANAPHOR.fullmatch(
            finding.attributed_to
        )
        if pointer and finding.index > 0:
            # "This strategy describes ...": the document named just before
            name, year = document_reference(finding.text, texts[finding.index - 1])
            if name is not None:
                finding.attributed_to, finding.attributed_year = name, year
        finding.definiens = definiens(doc, finding)
        row = sentences.iloc[finding.index]
        best = finding.best
        term = (
            best.mention.text
            if best and best.mention
            else (finding.mention.text if finding.mention else "")
        )
        rows.append(
            {
                "doc_id": row["doc_id"],
                "sent_id": int(row["sent_id"]),
                "page": int(row["page"]) if "page" in row and pd.notna(row["page"]) else None,
                "text": finding.text,
                "term": term,
                "definiens": finding.definiens,
                "cue": f"{best.kind}: {best.cue}" if best else "",
                "attributed_to": finding.attributed_to,
                "attributed_year": finding.attributed_year,
                "dimensions": ";".join(lex.dimensions_in(finding.definiens or finding.text)),
                "framing": "none",
                "score": finding.score,
                "rule_score": finding.score,
                "means": finding.means,
                "vetoed": bool(finding.vetoed),
                "parse_confirmed": finding.parse_bonus > 0,
                "named": bool(lex.concept_mentions(finding.text)),
                "patterns": _patterns(lex, finding),
            }
        )
    frame = pd.DataFrame(rows, columns=[*DEFINITION_COLUMNS, *CANDIDATE_COLUMNS])
    return frame.astype({"sent_id": "int64", "page": "Int64", "attributed_year": "Int64"})
