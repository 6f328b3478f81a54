"""Definitional evidence read from the dependency parse.

Surface cues break on ordinary variation: an interjection between the concept and
its verb ("<concept>, in this view, is ..."), an adverb before "as" ("understood
here as"), another judging verb ("X judged the return to be sustainable when ..."),
an anaphor as subject ("Sustainability is defined by ..."). The parse sees through
all of these, because what makes a definition is a grammatical relation, not a word
sequence:

- predicate: the concept's head noun (or one of the codebook's head nouns:
  "reintegration", "return") is the subject of one of its qualities ("sustainable",
  "successful") — through be, become, or a judging verb ("considered", "deemed",
  "judged ... to be") — and a condition clause says when ("when", "if", "once",
  "where"): "reintegration only becomes sustainable if ...";
- defining verb: the concept (or an anaphor) is the passive subject of a defining
  verb with "as" ("is understood here as"), of "define / measure / judge" with "by",
  or the subject of a meaning verb ("means", "entails", "refers to");
- judging verb: the concept is the object of a defining or judging verb with an
  "as" complement ("treats <concept> as ...") whose subject is then the credited
  actor;
- criterion: "the measure / test / benchmark of <concept or anaphor> is ...".

Precision guards: negated predicates, "as" complements that evaluate rather than
define ("as a priority", "as key"), "different things" as what the concept means.

The head nouns and qualities are the codebook's (`concept.words`, as `WordPatterns`);
the verbs and relations here are general English.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.tag.concept_words import WordPatterns

#: verbs whose passive subject is defined by an "as" complement, or whose object is
#: ("X understands / treats / sees <concept> as ...")
DEFINING_VERBS = frozenset(
    "understand define conceive conceptualise conceptualize see describe consider regard "
    "view interpret characterise characterize frame construe treat judge deem measure "
    "assess evaluate equate take".split()
)
#: defining verbs whose "by" phrase gives the criterion, not the definer
#: ("success is measured by whether ...", "sustainability is defined by ...")
BY_CRITERION_VERBS = frozenset("define measure judge assess evaluate determine".split())
#: verbs whose subject is defined by their object or complement
MEANING_VERBS = frozenset(
    "mean entail imply denote signify refer consist comprise encompass equal designate".split()
)
#: verbs linking a subject to a quality ("return becomes sustainable")
PREDICATIVE_VERBS = frozenset(
    "be become consider deem judge regard see view count prove remain".split()
)
CONDITION_MARKERS = frozenset({"when", "if", "once", "where", "whenever", "provided"})
#: "the measure of success is ...": nouns naming a success criterion
CRITERION_NOUNS = frozenset(
    "measure test criterion criteria benchmark yardstick hallmark touchstone marker".split()
)
#: "as" complements that evaluate the concept instead of saying what it is
EVALUATIVE = frozenset(
    "priority goal objective aim target tool means instrument way key challenge "
    "precondition prerequisite condition requirement component element part pillar factor "
    "concern issue solution answer alternative step opportunity focus cornerstone "
    "success failure problem matter area topic theme buzzword concept term notion "
    "principle value commitment point example basis reference responsibility task duty "
    "one some any".split()
)
_VAGUE_OBJECTS = frozenset({"thing", "things", "something", "anything", "much", "little"})
_PRONOUN_SUBJECTS = frozenset({"it", "this", "that", "which", "they", "we", "he", "she"})


@dataclass(frozen=True)
class SyntaxCue:
    kind: str  # predicate / defining / judging / criterion
    cue: str  # short description: "considered sustainable ... when"
    start: int  # character span of the cue in the sentence
    end: int
    head: int  # index of the concept's head token
    verb: int  # index of the verb that carries the definition
    definer: int | None = None  # index of the credited actor's head, if any


def _negated(token: Any) -> bool:
    return any(c.dep_ == "neg" for c in token.children)


def _condition(verb: Any) -> Any | None:
    """An adverbial clause of `verb` opened by when / if / once / where."""
    for child in verb.children:
        if child.dep_ != "advcl":
            continue
        markers = [
            c for c in child.children
            if c.dep_ in ("mark", "advmod") and c.lower_ in CONDITION_MARKERS
        ]  # fmt: skip
        if markers:
            return markers[0]
    return None


def as_complement(*nodes: Any) -> Any | None:
    """The object of an "as" attached to any of `nodes` (the verb or the concept)."""
    for node in nodes:
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ == "as":
                objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp", "amod")]
                return objects[0] if objects else child
    return None


def _as_word(complement: Any) -> Any:
    """The "as" itself, given its object (or the "as" when it has none)."""
    return complement if complement.lower_ == "as" else complement.head


def evaluative(complement: Any) -> bool:
    """ "as a priority", "as central", "as key to ...": a value, not a meaning."""
    if complement.pos_ == "ADJ" or complement.lower_ == "as":
        return True
    return complement.lemma_.lower() in EVALUATIVE


def _graded(adj: Any) -> bool:
    """ "more / less / increasingly sustainable": a direction, not a threshold."""
    words = {"more", "less", "most", "least", "increasingly", "fully", "truly"}
    return any(c.dep_ == "advmod" and c.lower_ in words for c in adj.children)


def _subject_of(verb: Any) -> Any | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    return None


def _span(doc: Any, *tokens: Any) -> tuple[int, int]:
    first = min(t.i for t in tokens)
    last = max(t.i for t in tokens)
    return doc[first].idx, doc[last].idx + len(doc[last])


def _predicate_cue(
    doc: Any, words: WordPatterns, heads: set[int], predicative: set[int]
) -> SyntaxCue | None:
    """<subject> is / becomes / can be considered / is judged to be sustainable when ..."""
    for adj in doc:
        if not words.is_quality(adj.text):
            continue
        if adj.dep_ in ("pobj", "amod", "acomp") and adj.head.lower_ == "as":
            adj = adj.head  # "regarded as successful": the "as" stands for the adjective
        elif adj.dep_ not in ("acomp", "oprd", "amod", "attr"):
            continue
        verb = adj.head
        if adj.dep_ == "amod" and adj.lower_ != "as":
            # "deems a return successful when ...": adjective on the judged object
            # (after the noun only: "sustainable reintegration" is the concept itself)
            subject, verb = verb, verb.head
            judging = PREDICATIVE_VERBS | DEFINING_VERBS
            if subject.dep_ != "dobj" or adj.i < subject.i or verb.lemma_.lower() not in judging:
                continue
        else:
            if verb.lemma_.lower() not in PREDICATIVE_VERBS:
                continue
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            subject = next((c for c in subjects if c.i in heads | predicative), None)
            if subject is None and verb.dep_ == "acl":
                subject = verb.head  # "judged the return ... to be sustainable"
            if subject is None and verb.dep_ in ("xcomp", "ccomp"):
                objects = [c for c in verb.head.children if c.dep_ == "dobj"]
                subject = objects[0] if objects else None
        if subject is None or not (subject.i in heads or subject.i in predicative):
            continue
        if _negated(verb) or _negated(adj) or _graded(adj):
            continue  # "not sustainable when ...", "more sustainable when ...": no criterion
        outer = verb.head if verb.dep_ in ("acl", "xcomp", "ccomp") else verb
        marker = _condition(verb) or _condition(adj) or _condition(outer)
        if marker is None:
            continue
        judge = subject.head if subject.dep_ == "dobj" else outer
        definer = None
        if judge is not verb and judge.lemma_.lower() in DEFINING_VERBS:
            definer_token = _subject_of(judge)
            if definer_token is not None and definer_token.lower_ not in _PRONOUN_SUBJECTS:
                definer = definer_token.i
        start, end = _span(doc, verb, adj, marker)
        return SyntaxCue(
            "predicate", f"{verb.text} {adj.text} ... {marker.text}", start, end,
            subject.i, verb.i, definer,
        )  # fmt: skip
    return None


def _verb_cue(doc: Any, words: WordPatterns, heads: set[int], weak: set[int]) -> SyntaxCue | None:
    """The concept as subject of a defining or meaning verb, or object of a judging one.
    `weak` heads ("it", "the term") count only as passive subjects of a defining verb
    with "as", and (not "it") as subjects of a meaning verb."""
    for token in doc:
        if token.i not in heads and token.i not in weak:
            continue
        verb = token.head
        lemma = verb.lemma_.lower()
        if verb is token or _negated(verb):
            continue
        if token.dep_ == "nsubjpass" and lemma in DEFINING_VERBS:
            complement = as_complement(verb)
            if complement is not None and not evaluative(complement):
                start, end = _span(doc, verb, _as_word(complement))
                return SyntaxCue("defining", f"{verb.text} ... as", start, end, token.i, verb.i)
            if lemma in BY_CRITERION_VERBS and any(c.dep_ == "agent" for c in verb.children):
                agent = next(c for c in verb.children if c.dep_ == "agent")
                start, end = _span(doc, verb, agent)
                return SyntaxCue("defining", f"{verb.text} ... by", start, end, token.i, verb.i)
        if token.i in weak and (token.lower_ == "it" or token.dep_ != "nsubj"):
            continue
        if token.dep_ == "nsubj" and lemma in MEANING_VERBS:
            objects = [c for c in verb.children if c.dep_ in ("dobj", "ccomp", "xcomp", "prep")]
            next_word = doc[verb.i + 1].lower_ if verb.i + 1 < len(doc) else ""
            if lemma == "refer" and next_word != "to":
                continue
            inner = [g for o in objects for g in o.children if g.dep_ == "pobj"]
            if not objects or any(o.lemma_.lower() in _VAGUE_OBJECTS for o in objects + inner):
                continue
            # the cue takes in "to" of "refers to", so the definiens starts after it
            start, end = (
                _span(doc, verb, doc[verb.i + 1]) if next_word == "to" else _span(doc, verb)
            )
            return SyntaxCue("defining", verb.text, start, end, token.i, verb.i)
        if token.dep_ in ("dobj", "appos") and lemma in DEFINING_VERBS:
            complement = as_complement(verb, token)
            if complement is not None and words.is_quality(complement.text):
                # "defines reintegration as sustainable when ...": a predicate with its test
                marker = _condition(verb) or _condition(complement)
                if marker is not None:
                    start, end = _span(doc, verb, marker)
                    subject = _subject_of(verb)
                    definer = subject.i if subject is not None else None
                    return SyntaxCue(
                        "predicate", f"{verb.text} ... as {complement.text} ... {marker.text}",
                        start, end, token.i, verb.i, definer,
                    )  # fmt: skip
            if complement is None or evaluative(complement):
                continue
            subject = _subject_of(verb)
            definer = (
                subject.i
                if subject is not None and subject.lower_ not in _PRONOUN_SUBJECTS
                else None
            )
            start, end = _span(doc, verb, _as_word(complement))
            return SyntaxCue("judging", f"{verb.text} ... as", start, end, token.i, verb.i, definer)
    return None


def _criterion_cue(doc: Any, heads: set[int]) -> SyntaxCue | None:
    """ "The (main) test of <concept> is whether ...", "its measure of success is ..." """
    for token in doc:
        if token.i not in heads or token.dep_ != "pobj" or token.head.lower_ != "of":
            continue
        noun = token.head.head
        if noun.lemma_.lower() not in CRITERION_NOUNS or noun.dep_ != "nsubj":
            continue
        verb = noun.head
        if verb.lemma_.lower() != "be" or _negated(verb):
            continue
        if not any(c.dep_ in ("attr", "ccomp", "acomp") for c in verb.children):
            continue
        start, end = _span(doc, noun, verb)
        cue = f"{noun.text} of ... {verb.text}"
        return SyntaxCue("criterion", cue, start, end, token.i, verb.i)
    return None


def syntax_cue(
    doc: Any,
    words: WordPatterns,
    heads: set[int],
    predicative: set[int],
    weak: set[int] | None = None,
) -> SyntaxCue | None:
    """The first definitional relation in the parsed sentence. `words` are the
    codebook's concept words; `heads` are token indices of the concept's head nouns
    and usable anaphors; `predicative` are head-noun tokens ("reintegration",
    "return") that may take a quality ("sustainable") as predicate; `weak` are
    references to a concept named in the sentence before ("it", "the term")."""
    if doc.text.rstrip().rstrip("\"'”’)").endswith("?"):
        return None
    return (
        _predicate_cue(doc, words, heads, predicative)
        or _verb_cue(doc, words, heads, weak or set())
        or _criterion_cue(doc, heads)
    )


def head_tokens(doc: Any, spans: list[tuple[int, int]]) -> set[int]:
    """The syntactic head of each character span: the token whose head lies outside."""
    out: set[int] = set()
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        out.add(span.root.i)
    return out


def reference_tokens(doc: Any) -> set[int]:
    """ "It is understood as ...", "The term refers to ...": subjects that refer back
    to a concept named just before."""
    out = set()
    for token in doc:
        if (token.lower_ == "it" and token.dep_ == "nsubjpass") or (
            token.lemma_.lower() in ("concept", "term", "notion")
            and token.dep_ in ("nsubj", "nsubjpass")
            and any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in token.children)
            and not any(c.dep_ == "prep" for c in token.children)
        ):
            out.add(token.i)
    return out


def predicative_tokens(doc: Any, words: WordPatterns) -> set[int]:
    """Head nouns ("reintegration", "return") not modifying another noun ("return
    policy")."""
    return {
        t.i for t in doc
        if words.is_head(t.text) and t.pos_ in ("NOUN", "PROPN")
        and t.dep_ != "compound"
    }  # fmt: skip
