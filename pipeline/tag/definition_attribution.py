"""Who a definition is credited to, from the sentence's parse and its surface.

The subject of the defining, judging or reporting verb ("IOM (2001) judged ...",
"Most actors concur that ..."), the agent of a passive one, "according to X",
"for X, ...", "X's (2017) definition", "in the sense used by X", a closing citation
("... (IOM 2017)."), or the document named in the sentence before ("This strategy
describes ..."); and the year the credit carries ("X (2015)", "In 2015 X defined").
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.tag.actors import split_citation
from pipeline.tag.definition_evidence import Finding
from pipeline.tag.lexicon import Lexicon

_YEAR = r"(1[89]\d\d|20\d\d)[a-z]?"
CITATION = re.compile(
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
DOCUMENT_ANAPHOR = re.compile(
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
    citations = list(CITATION.finditer(text))
    if citations:
        last = citations[-1]
        return _clean_citation(last.group("who")), int(last.group(2))
    return None, None


def document_reference(text: str, previous: str) -> tuple[str | None, int | None]:
    """ "This objective includes ..." after "... the 2018 UN Global Compact for
    Migration ...": a definition in a document the sentence points back to is that
    document's. The document is the last titled name in the previous sentence."""
    if not DOCUMENT_ANAPHOR.match(text):
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
    for match in CITATION.finditer(text):
        if match.group("who").strip().lower() == actor.strip().lower():
            return int(match.group(2))
    return None
