"""Who holds an interest predicate and what they want, read from the parse.

The holder is the subject of a verbal predicate (through control and coordination),
the agent of a passive one, the noun a relative clause hangs on, or the possessor
or "of"-complement of a nominal one; the interest is the predicate's complement (a
noun phrase or a clause), cut at the clause's end and to a readable phrase.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.tag.actor_mentions import ActorMention
from pipeline.tag.interest_predicates import FUNCTION_WORDS

_RELATIVE_PRONOUNS = frozenset("who which that whom".split())
_POSSESSIVE_PRONOUNS = frozenset("their its his her our".split())
_EXCLUDED_CLAUSES = frozenset({"relcl", "acl", "advcl", "appos", "ccomp", "parataxis"})
_OF_PREPS = frozenset({"of", "from", "by", "among"})
_PLACE_PREPS = frozenset({"in", "at", "across", "within", "throughout"})


def holder_tokens(anchor: Any) -> tuple[list[Any], str]:
    """Tokens naming who holds the predicate at `anchor`, and how they were found."""
    node = anchor
    # "for X, success (also) means ...": the criterion is X's view
    viewers = [
        g for c in node.children if c.dep_ == "prep" and c.lower_ == "for"
        for g in c.children if g.dep_ == "pobj"
    ]  # fmt: skip
    if viewers and node.lemma_ == "mean":
        return viewers, "viewer"
    if node.pos_ == "ADJ" and node.dep_ in ("acomp", "amod", "attr") and node.dep_ != "amod":
        node = node.head
    if node.pos_ == "NOUN":
        return _nominal_holders(node)
    for _ in range(4):
        subjects = [c for c in node.children if c.dep_ in ("nsubj", "csubj", "expl")]
        passive = [c for c in node.children if c.dep_ == "nsubjpass"]
        if passive:
            agents = [
                g for c in node.children if c.dep_ == "agent" for g in c.children
                if g.dep_ == "pobj"
            ]  # fmt: skip
            return (agents, "agent") if agents else ([], "passive")
        if subjects:
            if node.dep_ == "relcl" and subjects[0].lower_ in _RELATIVE_PRONOUNS:
                return [node.head], "relative"
            return subjects, "subject"
        if node.dep_ == "relcl":
            return [node.head], "relative"
        if node.dep_ in ("xcomp", "conj", "advcl", "acomp", "ccomp") and node.head is not node:
            node = node.head
            continue
        if node.dep_ == "acl":
            # "governments have policies encouraging ...": the policy's owner
            if node.head.dep_ in ("dobj", "attr") and node.head.head.lemma_ == "have":
                node = node.head.head
                continue
            agents = [
                g for c in node.children if c.dep_ == "agent" for g in c.children
                if g.dep_ == "pobj"
            ]  # fmt: skip
            if agents:
                return agents, "agent"
            if node.tag_ == "VBN" and not any(
                c.dep_ in ("dobj", "prep", "prt", "xcomp") for c in node.children
            ):
                return [], "passive"  # "the migrants supported": the noun is the patient
            return [node.head], "modified"
        break
    return [], "none"


def _nominal_holders(noun: Any) -> tuple[list[Any], str]:
    if noun.dep_ == "pobj" and noun.head.lower_ == "in" and noun.head.head.pos_ in ("VERB", "AUX"):
        # "X are in need of support": X holds it; "of support" is what is needed
        return holder_tokens(noun.head.head)
    holders = [c for c in noun.children if c.dep_ in ("poss", "compound", "nmod")]
    possessive = holders and all(h.lower_ in _POSSESSIVE_PRONOUNS for h in holders)
    if possessive and noun.head.pos_ in ("VERB", "AUX"):
        # "X match their interests with ...": the possessor is the clause's subject
        return holder_tokens(noun.head)
    holders += [
        g for c in noun.children if c.dep_ == "prep" and c.lower_ in _OF_PREPS
        for g in c.children if g.dep_ == "pobj"
    ]  # fmt: skip
    if holders:
        return holders, "possessor"
    if noun.dep_ in ("dobj", "attr") and noun.head.lemma_ in ("have", "show", "take", "share"):
        return holder_tokens(noun.head)
    if noun.dep_ == "pobj" and noun.head.head.pos_ in ("VERB", "AUX"):
        # "with the goal of ..." / "in need of ...": the clause's subject holds it
        return holder_tokens(noun.head.head)
    return [], "none"


def inanimate_relative(
    anchor: Any, antecedents: list[ActorMention], person_types: frozenset[str]
) -> bool:
    """ "returnees, which ...": "which" does not refer to people, so the parser has
    attached the clause to the wrong noun."""
    clause = anchor
    while clause.dep_ != "relcl" and clause.head is not clause:
        clause = clause.head
    pronouns = [c.lower_ for c in clause.children if c.dep_.startswith("nsubj")]
    return "which" in pronouns and all(a.type in person_types for a in antecedents)


def np_tokens(token: Any, actor_tokens: set[int] | frozenset[int] = frozenset()) -> set[int]:
    """A holder's noun phrase, without its relative or appositive clauses, and
    without a place ("stakeholders in countries of origin") when the head is an
    actor already."""
    keep: set[int] = set()

    def walk(node: Any) -> None:
        keep.add(node.i)
        for child in node.children:
            if child.dep_ in _EXCLUDED_CLAUSES:
                continue
            if child.dep_ == "prep" and child.lower_ in _PLACE_PREPS and node.i in actor_tokens:
                continue
            walk(child)

    walk(token)
    for conj in token.conjuncts:
        if conj.i > token.i:
            walk(conj)
    return keep


def passive_subject_text(anchor: Any, max_words: int) -> str:
    """What the agent acts on: the passive subject, or the noun a passive participle
    modifies ("the 2015 policy, supported by the EU, ...")."""
    subjects = [c for c in anchor.children if c.dep_ == "nsubjpass"]
    if subjects:
        tokens = [t for t in subjects[0].subtree if t.dep_ not in _EXCLUDED_CLAUSES]
    elif anchor.dep_ == "acl" and anchor.head.pos_ in ("NOUN", "PROPN"):
        tokens = [anchor.doc[i] for i in sorted(np_tokens(anchor.head))]
    else:
        return ""
    return _phrase(tokens, max_words)


#: dependents of a predicate that are not what the actor wants: a coordinated or
#: adverbial clause ("want X, and they seek Y", "seek X once Y ended, so that ...")
_NOT_INTEREST = frozenset({"conj", "cc", "advcl", "parataxis", "punct", "mark", "nsubj", "aux"})
_CONTENT = re.compile(r"[^\W\d_]{3,}")


def _phrase(tokens: list[Any], max_words: int) -> str:
    """The contiguous run of `tokens` from the first one, as text."""
    if not tokens:
        return ""
    run = [tokens[0]]
    for token in tokens[1:]:
        if token.i != run[-1].i + 1:
            break
        run.append(token)
    span = run[0].doc[run[0].i : run[-1].i + 1]
    text = " ".join(span.text.split()[:max_words])
    text = re.sub(r"\s*\([^)]*$", "", text).strip(" ,;:.")
    return text if _is_phrase(text) else ""


def _is_phrase(text: str) -> bool:
    """A noun or verb phrase, not a lone function word ("of", "and standards")."""
    words = [w.lower() for w in _CONTENT.findall(text)]
    content = [w for w in words if w not in FUNCTION_WORDS and w not in ("and", "or", "but")]
    # "of destination states ...": the holder's preposition, not what the holder wants
    return bool(content) and text.split()[0].lower() not in ("and", "or", "but", "of", "by")


def interest_text(anchor: Any, holder_ids: set[int], max_words: int, start: int) -> str:
    """What the actor wants: the object or complement phrase of the predicate (its
    dependents after the matched phrase), without the holder, the holder's own
    clauses, and coordinated or adverbial clauses of the predicate."""
    doc = anchor.doc
    node = anchor.head if anchor.pos_ == "ADJ" and anchor.dep_ == "acomp" else anchor
    blocked = set(holder_ids)
    for holder in (doc[i] for i in holder_ids):
        if not holder.is_ancestor(node):
            blocked |= {t.i for t in holder.subtree}
            if node.pos_ == "NOUN":
                # "the objectives of X to expand ...": the infinitive is the objective's
                for clause in holder.children:
                    if clause.dep_ == "acl" and any(c.lower_ == "to" for c in clause.children):
                        blocked -= {t.i for t in clause.subtree}
    for child in node.children:
        if child.dep_ in _NOT_INTEREST or (child.dep_ == "relcl" and child.i > node.i):
            blocked |= {t.i for t in child.subtree}
    tokens = [t for t in node.subtree if t.i >= start and t.i not in blocked]
    # "objectives of the EU": the holder's preposition is not part of the interest
    tokens = [
        t for t in tokens
        if not (t.dep_ == "prep" and any(c.i in holder_ids for c in t.children))
    ]  # fmt: skip
    text = _phrase(tokens, max_words) or _interest_elsewhere(node, holder_ids, max_words)
    if text or start >= len(doc) or node.pos_ not in ("VERB", "AUX", "ADJ"):
        return text
    # a parse too broken to follow ("want" read as an auxiliary): the words after the
    # predicate up to the next clause boundary
    following = doc[start:].text
    return _phrase_text(_CLAUSE_END.split(following, maxsplit=1)[0], max_words)


_CLAUSE_END = re.compile(r"[;:.]|,\s+(?:and|but|while|which|who|as|so)\b|\s+because\b|\s+\(")


def _phrase_text(text: str, max_words: int) -> str:
    text = " ".join(text.split()[:max_words]).strip(" ,;:.")
    return text if _is_phrase(text) else ""


def _interest_elsewhere(node: Any, holder_ids: set[int], max_words: int) -> str:
    """When the predicate governs nothing after it, the interest is elsewhere in the
    clause: the antecedent of "which X demand", the subject of "... is a central aim
    of X", the passive subject of "... is written in as an objective of X"."""
    if node.dep_ == "relcl" and any(
        c.dep_ in ("dobj", "pobj") and c.lower_ in _RELATIVE_PRONOUNS for c in node.children
    ):
        antecedent = sorted(i for i in np_tokens(node.head) if i not in holder_ids)
        return _phrase([node.doc[i] for i in antecedent], max_words)
    if node.pos_ != "NOUN":
        return ""
    clause = node.head
    if node.dep_ == "nsubj" and clause.lemma_ == "be":
        # "the main goal of X is investment at home"
        complements = [c for c in clause.children if c.dep_ in ("attr", "acomp", "xcomp", "ccomp")]
        if not complements:
            return ""
        tokens = [t for t in complements[0].subtree if t.dep_ not in ("relcl", "parataxis")]
        return _phrase(tokens, max_words)
    if node.dep_ == "pobj" and clause.lower_ == "as":
        clause = clause.head
    elif node.dep_ != "attr":
        return ""
    subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
    if not subjects or subjects[0].i in holder_ids:
        return ""
    tokens = [t for t in subjects[0].subtree if t.dep_ not in ("relcl", "appos", "parataxis")]
    return _phrase(tokens, max_words)
