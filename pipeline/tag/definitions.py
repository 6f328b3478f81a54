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
  ..."); see definition_syntax. An anaphor may reach further back
  (definition_evidence.RELATED_WINDOW) when its sentence still speaks of return or
  returnees.

Association verbs ("relates <concept> to", "associates ... with") give weak evidence;
negative cues (no definition given, embedded questions, pointers elsewhere) and
questions rule a sentence out; means cues (<concept> as a goal that something
serves) lower the score.

The surface evidence and the weights live in definition_evidence. Only candidate
sentences (a concept mention, a head noun with a quality after it: "reintegration
... sustainable", an anaphor after a mention) are looked at in the spaCy parse
(annotate's, see `pipeline.parses`). The parse gives the syntax evidence, the
credited actor (definition_attribution: the subject of the defining, judging or
reporting verb, "according to X", "for X, ...", "in the sense used by X") and its
year ("X (2015) ..."), and the definiens (the subtree the cue governs).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd

from pipeline.tag.concept_words import WordPatterns
from pipeline.tag.definition_attribution import (
    CITATION,
    DOCUMENT_ANAPHOR,
    attribution,
    document_reference,
)
from pipeline.tag.definition_evidence import (
    WEIGHTS,
    Evidence,
    Finding,
    opens_quote,
    recent,
    surface_evidence,
    usable_anaphors,
)
from pipeline.tag.definition_patterns import structural_patterns
from pipeline.tag.definition_syntax import (
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

#: what a candidate row tells a trained scorer besides its text
CANDIDATE_COLUMNS = [
    "rule_score", "means", "vetoed", "parse_confirmed", "named", "patterns",
]  # fmt: skip

_MAIN_CLAUSE_RESUMES = re.compile(
    r",\s+(?:is|are|was|were|remains?|has|have|had|will|would|can|could|should|must)\b.*$",
    re.DOTALL,
)
#: "It is understood as ...", "The term refers to ...": a reference to the concept
_REFERENCE_SUBJECT = re.compile(
    r"\b(?:it\s+(?:is|was)|the\s+(?:concept|term|notion)|this\s+(?:concept|term|notion))\b",
    re.IGNORECASE,
)


@functools.cache
def _predicative_pair(words: WordPatterns) -> re.Pattern[str]:
    """A head noun with a quality later in its clause ("reintegration ...
    sustainable"): a sentence the parse may find a predicate in."""
    return re.compile(rf"\b{words.heads}\b[^.;:]{{0,160}}\b{words.qualities}\b", re.IGNORECASE)


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
    span = CITATION.sub("", span)
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
    cue = syntax_cue(
        doc, lex.words, head_tokens(doc, spans), predicative_tokens(doc, lex.words), weak
    )
    if cue is None:
        return
    head = doc[cue.head]
    named = [m for m in lex.concept_mentions(finding.text) if m.start <= head.idx < m.end]
    mention = named[0] if named else Mention(head.idx, head.idx + len(head), head.text)
    anaphoric = not named and not lex.words.is_head(head.text)
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
    found = structural_patterns(finding.text, spans, lex.conditions)
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
        if f.evidence or f.mention or _predicative_pair(lex.words).search(f.text)
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
        pointer = finding.attributed_to is None or DOCUMENT_ANAPHOR.fullmatch(finding.attributed_to)
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
