"""Actor resolution: one entity per real actor, whatever name the text uses.

A name found in a sentence ("IOM", "the International Organization for Migration",
"UNHCR (1997)", "The Commission") is resolved to an actor with a canonical name:

- a citation's year is split off first ("UNHCR (1997)" -> UNHCR, 1997);
- names are compared by `actor_key`: case, a leading article, a possessive "'s",
  dots in acronyms ("U.N."), hyphens, spacing, -ise/-ize spellings and a plural
  last word ("returnees", "destination countries") do not matter;
- the codebook's `actors:` registry names the well-known actors: canonical name,
  aliases, acronyms and type;
- an acronym introduced next to its expansion anywhere in the corpus
  ("International Organization for Migration (IOM)") joins the two names;
- "the Commission", "the Organization", "the Agency" (a bare head noun) stand for
  the last actor named in full before them in the same document whose name has
  that head; without one, for the registry actor that alias names.

Everything here is a pure function of its arguments; the stages feed it the
codebook's registry and the corpus's sentences.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

#: a year closing a name: "UNHCR (1997)", "IOM, 2017", "IOM (2017a: 12)"; inside a
#: parenthesised citation a space will do ("(IOM 2017)"), outside it will not
#: ("Agenda 2030" is a name)
_YEAR_TAIL = r"(?P<year>(?:1[89]|20)\d\d)[a-z]?(?:\s*[:,]\s*(?:pp?\.\s*)?[\d\-–]+)?"
_CITED = re.compile(r"^(?P<who>.*?[^\W\d_].*?)\s*(?:,\s*|\(\s*)" + _YEAR_TAIL + r"\s*\)?$")
_CITED_INSIDE = re.compile(r"^(?P<who>.*?[^\W\d_].*?)[\s,]+" + _YEAR_TAIL + r"$")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
#: determiners that do not change who is meant: "their diasporas", "many migrants"
_DETERMINER = re.compile(
    r"^(?:(?:the|a|an|their|its|our|many|some|several|most|other|these|those|such)\s+)+(?=\w)",
    re.IGNORECASE,
)
#: an acronym given after the name: "Global Compact for Migration (GCM)"
_TRAILING_ACRONYM = re.compile(r"\s*\(\s*[A-Z][A-Za-z&]{1,11}\s*\)$")
#: the actor type shown for a row that has none. No stage writes such a row, but a
#: table edited by hand may; it is not a codebook type, so no codebook's key leaks.
UNTYPED = "untyped"
_SMALL_WORDS = frozenset("a an and at de des du for für in of on the to".split())
#: head nouns that, after "the", refer back to an organisation named before
REFERENCE_HEADS = frozenset(
    "agency bank commission compact council fund office organization programme union".split()
)
#: words that name no actor by themselves: references resolved elsewhere or not at all
PRONOUNS = frozenset(
    "they them it this these those he she we latter former many some most both others "
    "several".split()
)


def split_citation(text: str) -> tuple[str, int | None]:
    """ "UNHCR (1997)", "IOM, 2017", "(IOM 2017: 12)" -> the name and the year;
    a name without a year comes back stripped, with None."""
    name = " ".join(str(text).split()).strip(" ,;")
    pattern = _CITED
    if name.startswith("(") and name.endswith(")"):
        name, pattern = name[1:-1].strip(), _CITED_INSIDE
    match = pattern.match(name)
    if match:
        who = match.group("who").strip(" ,(")
        if who:
            return who, int(match.group("year"))
    return name, None


@functools.lru_cache(maxsize=2**16)
def actor_key(name: str) -> str:
    """What two names of one actor share once case and punctuation are ignored.
    Remembered: resolving a corpus asks for the keys of the same names over and over
    (74,000 times for the 30 documents of a small scale bench), each through eight
    substitutions."""
    text = unicodedata.normalize("NFKC", str(name)).replace("’", "'")
    text = re.sub(r"'s?$", "", " ".join(text.split()))
    text = re.sub(r"\b((?:[A-Za-z]\.){2,})", lambda m: m.group(1).replace(".", ""), text)
    text = re.sub(r"[-‐–—/]", " ", text)
    text = re.sub(r"[^\w&' ]", "", text)
    text = _DETERMINER.sub("", " ".join(text.split())).casefold()
    text = re.sub(r"(organi|speciali|mobili)s(ation)", r"\1z\2", text)
    # a plural names the same group as its singular ("returnees", "returnee")
    return re.sub(r"ies$", "y", text) if text.endswith("ies") else re.sub(r"(?<![su])s$", "", text)


def bare_name(name: str) -> str:
    """A name as a table shows it: no citation year, no leading article."""
    who, _ = split_citation(name)
    who = _TRAILING_ACRONYM.sub("", re.sub(r"['’]s?$", "", who))
    return _DETERMINER.sub("", who).strip()


def is_pronoun(name: str) -> bool:
    """ "they", "the latter", "many": no actor by itself."""
    return actor_key(name) in PRONOUNS or len(actor_key(name)) < 2


def reference_head(name: str) -> str | None:
    """ "The Commission" -> "commission": a bare head noun after "the"."""
    if not _ARTICLE.match(str(name).strip()):
        return None
    key = actor_key(name)
    return key if key in REFERENCE_HEADS else None


def acronym(name: str) -> str:
    """ "International Organization for Migration" -> "IOM" (initials of the words
    that are not small words; a word in capitals keeps all its letters)."""
    words = [w for w in re.split(r"[\s\-]+", name.strip()) if w]
    letters = [
        w if w.isupper() and len(w) > 1 else w[0]
        for w in words
        if w.lower() not in _SMALL_WORDS and w[0].isalpha()
    ]
    return "".join(letters).upper()


_PAREN_ACRONYM = re.compile(r"\(\s*(?:the\s+)?(?P<short>[A-Z][A-Za-z&]{1,11})\s*\)")
_NAME_WORD = re.compile(r"[\w'’&-]+")


def expansion_pairs(text: str) -> list[tuple[str, str]]:
    """(expansion, acronym) pairs the text introduces: "the International
    Organization for Migration (IOM)" -> ("International Organization for Migration",
    "IOM"); the expansion is the shortest run of words before the parenthesis whose
    initials spell the acronym."""
    pairs = []
    for match in _PAREN_ACRONYM.finditer(text):
        short = match.group("short")
        if not sum(c.isupper() for c in short) >= 2:
            continue
        words = _NAME_WORD.findall(text[max(0, match.start() - 200) : match.start()])[-12:]
        for size in range(1, len(words) + 1):
            candidate = words[-size:]
            if candidate[0].lower() in _SMALL_WORDS or not candidate[0][0].isupper():
                continue
            if acronym(" ".join(candidate)) == short.upper():
                pairs.append((" ".join(candidate), short))
                break
    return pairs


@dataclass(frozen=True)
class Actor:
    """A registry entry: the canonical name, its type and every name it goes by."""

    canonical: str
    type: str
    names: tuple[str, ...] = ()


@dataclass
class _Sightings:
    """Where known actors are named in full, per document: (sent_id, offset, id)."""

    by_document: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)


class Resolver:
    """Resolves names to actor ids; `canonical` and `type_of` describe an id.

    Registry actors have the id "registry:<canonical>"; other actors
    "name:<key of their expansion or name>"."""

    def __init__(
        self,
        registry: Iterable[Actor] = (),
        sentences: pd.DataFrame | None = None,
    ) -> None:
        self.registry = {f"registry:{a.canonical}": a for a in registry}
        self._ids: dict[str, str] = {}
        self._full: dict[str, str] = {}  # expansion surface of a corpus pair's id
        for actor_id, actor in self.registry.items():
            for name in (actor.canonical, *actor.names):
                self._ids[actor_key(name)] = actor_id
        self._words: dict[str, set[str]] = {}
        self._written = {n for a in self.registry.values() for n in (a.canonical, *a.names)}
        self._doc_text: dict[str, str] = {}
        self._sightings = _Sightings()
        if sentences is not None and not sentences.empty:
            ordered = sentences.sort_values(["doc_id", "sent_id"])
            texts = ordered["text"].astype(str).tolist()
            for doc_id, rows in ordered.groupby("doc_id", sort=True):
                self._doc_text[str(doc_id)] = "\n".join(rows["text"].astype(str))
            for text in texts:
                for long, short in expansion_pairs(text):
                    self._join(long, short)
            self._sight(ordered)

    def _join(self, long: str, short: str) -> None:
        long_key, short_key = actor_key(long), actor_key(short)
        self._written |= {long, short}
        known = self._ids.get(long_key) or self._ids.get(short_key)
        actor_id = known or f"name:{long_key}"
        self._ids.setdefault(long_key, actor_id)
        self._ids.setdefault(short_key, actor_id)
        if actor_id not in self.registry:
            self._full.setdefault(actor_id, bare_name(long))

    def _sight(self, sentences: pd.DataFrame) -> None:
        """Where each registered or corpus-paired actor is named, by any of its names
        as written (a bare reference head is no name)."""
        names = {
            key: actor_id for key, actor_id in self._ids.items() if key not in REFERENCE_HEADS
        }  # fmt: skip
        written = sorted({n for n in self._written if actor_key(n) in names}, key=len, reverse=True)
        if not written:
            return
        body = "|".join(_loose(_ARTICLE.sub("", n)) for n in written)
        pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")
        for doc_id, sent_id, text in sentences[["doc_id", "sent_id", "text"]].itertuples(
            index=False
        ):
            for match in pattern.finditer(str(text)):
                actor_id = names.get(actor_key(match.group(0)))
                if actor_id is not None:
                    self._sightings.by_document.setdefault(str(doc_id), []).append(
                        (int(sent_id), match.start(), actor_id)
                    )

    def _antecedent(
        self, head: str, doc_id: str | None, sent_id: int | None, at: int
    ) -> str | None:
        """The last actor named in full with `head` in its name, before (sent_id, at)."""
        if doc_id is None or sent_id is None:
            return None
        found = None
        for seen_sent, offset, actor_id in self._sightings.by_document.get(str(doc_id), ()):
            if (seen_sent, offset) >= (sent_id, at):
                break
            if head in self._names_of(actor_id):
                found = actor_id
        return found

    def _names_of(self, actor_id: str) -> set[str]:
        if actor_id not in self._words:
            self._words[actor_id] = {
                w for key, i in self._ids.items() if i == actor_id for w in key.split()
            }
        return self._words[actor_id]

    def resolve(
        self,
        name: str,
        doc_id: str | None = None,
        sent_id: int | None = None,
        text: str | None = None,
    ) -> str:
        """The id of the actor `name` stands for at (doc_id, sent_id) in `text`."""
        who, _ = split_citation(name)
        who = _TRAILING_ACRONYM.sub("", who) or who
        head = reference_head(who)
        if head is not None:
            at = text.find(who) if text else -1
            antecedent = self._antecedent(head, doc_id, sent_id, at if at >= 0 else 10**9)
            if antecedent is not None:
                return antecedent
        key = actor_key(who)
        return self._ids.get(key) or f"name:{key}"

    def canonical(
        self, actor_id: str, surfaces: Iterable[str] = (), documents: Iterable[str] = ()
    ) -> str:
        """The registry's canonical name, a pair's expansion, else the plainest
        observed surface (a sentence-initial capital dropped when one of the
        `documents` it occurs in also writes the name in lower case), the most
        used one among equals ("returnees" over "returnee")."""
        if actor_id in self.registry:
            return self.registry[actor_id].canonical
        if actor_id in self._full:
            return self._full[actor_id]
        if actor_id.startswith("type:"):
            return min(surfaces, default=actor_id.split(":", 1)[1])
        written = [bare_name(s) for s in surfaces]
        forms = sorted({f for f in written if f})
        if not forms:
            return actor_id.split(":", 1)[1]
        texts = [self._doc_text.get(str(d), "") for d in sorted(set(map(str, documents)))]
        plain = {f: _decapitalised(f, texts) for f in forms}
        uses: dict[str, int] = {}
        for form in written:
            if form:
                uses[plain[form]] = uses.get(plain[form], 0) + 1
        return min(uses, key=lambda f: (not f[:1].islower(), -uses[f], f))

    def type_of(self, actor_id: str) -> str | None:
        actor = self.registry.get(actor_id)
        return actor.type if actor is not None else None


def name_patterns(actors: Iterable[Actor], fallback: str) -> list[tuple[str, str]]:
    """(type, regular expression) finding the registry's names in text, and the
    capitalised references ("the Organization") that resolution points back to
    (typed `fallback`, the codebook's fallback actor type, until resolved). The names
    match case-sensitively, so "the commission of an offence" is no actor; only a
    leading "the" may be capitalised."""
    out = []
    for actor in actors:
        names = sorted({actor.canonical, *actor.names}, key=len, reverse=True)
        body = "|".join(
            r"[\s\-]+".join(re.escape(w) for w in _ARTICLE.sub("", n).split()) for n in names
        )
        out.append((actor.type, rf"(?-i:(?:[Tt]he\s+)?(?:{body}))"))
    heads = "|".join(sorted(h.capitalize() for h in REFERENCE_HEADS))
    heads = heads.replace("Organization", "Organi[sz]ation")
    out.append((fallback, rf"(?-i:[Tt]he\s+(?:{heads}))"))
    return out


def _loose(name: str) -> str:
    """A pattern for a name as written: any spacing, hyphen or comma between words,
    either spelling of -isation."""
    words = [
        re.sub(r"ani[sz]ation", "ani[sz]ation", re.escape(w))
        for w in re.split(r"[\s,\-]+", name)
        if w
    ]
    return r"[\s,\-]+".join(words)


def _decapitalised(form: str, texts: list[str]) -> str:
    lower = form[:1].lower() + form[1:]
    if form[:1].isupper() and form[1:2].islower() and any(lower in t for t in texts):
        return lower
    return form


def registry_actors(entries: Mapping[str, Any]) -> list[Actor]:
    """The codebook's `actors:` entries (type, aliases, acronyms) as Actor records."""
    return [
        Actor(canonical, str(entry.type), (*entry.aliases, *entry.acronyms))
        for canonical, entry in entries.items()
    ]


def duplicate_alias(entries: Mapping[str, Iterable[str]]) -> tuple[str, str, str] | None:
    """(alias, first actor, second actor) when one name points at two registry
    actors, else None."""
    owner: dict[str, str] = {}
    for canonical, names in entries.items():
        for name in (canonical, *names):
            key = actor_key(name)
            if owner.get(key, canonical) != canonical:
                return name, owner[key], canonical
            owner[key] = canonical
    return None
