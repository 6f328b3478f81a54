"""The sentence parses annotate makes and the tagging stages read.

Each sentence is parsed once, by annotate, inside its prose segment (the parser
places the sentence boundaries there). annotate keeps every sentence's parse, one
spaCy `DocBin` per document holding one `Doc` per sentence in `sent_id` order, with
the token attributes the definitions and stakeholders rules read: words and their
spacing, fine tags (`VBN`), parts of speech, dependency labels and heads, and
lemmas (the interest predicates match lemma sequences). They read the parses back
instead of parsing the sentences again.

No rule reads named entities, noun chunks or morphology, so the entity recogniser
is left out of the pipeline (it costs nearly half the parsing time) and nothing
else is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pipeline.nlp import import_spacy, load_pipeline

#: the token attributes stored for each sentence (words and spacing always are)
PARSE_ATTRS = ("TAG", "POS", "DEP", "HEAD", "LEMMA")
#: components of the spaCy pipeline annotate leaves out: nothing reads entities
EXCLUDED_COMPONENTS = ("ner",)


def load_parser(model: str) -> Any:
    """The spaCy pipeline annotate parses with: tokens, tags, parse and lemmas. Its
    vocabulary is also the one stored parses are read into."""
    return load_pipeline(model, EXCLUDED_COMPONENTS)


def sentence_doc(sentence: Any) -> Any:
    """A sentence span of a parsed segment as a `Doc` of its own, as a parse of the
    sentence's stripped text alone would look: without the whitespace tokens at its
    edges or a space after its last word, so its text is the sentence's text and
    token offsets count from its first character. The parser keeps a sentence's
    heads inside it, so the tree carries over whole. (annotate keeps only sentences
    with letters, so there is a token that is not whitespace.)"""
    words = [token for token in sentence if not token.is_space]
    tokens = sentence.doc[words[0].i : words[-1].i + 1]
    first = tokens.start
    spaces = [bool(token.whitespace_) for token in tokens]
    spaces[-1] = False
    return import_spacy().tokens.Doc(
        sentence.doc.vocab,
        words=[token.text for token in tokens],
        spaces=spaces,
        tags=[token.tag_ for token in tokens],
        pos=[token.pos_ for token in tokens],
        lemmas=[token.lemma_ for token in tokens],
        heads=[token.head.i - first for token in tokens],
        deps=[token.dep_ for token in tokens],
    )


def parses_to_bytes(docs: Sequence[Any]) -> bytes:
    """One document's sentence parses as a serialized `DocBin`. The bytes depend on
    the parses alone (spaCy sorts the strings table), so they can be hashed."""
    doc_bin = import_spacy().tokens.DocBin(attrs=list(PARSE_ATTRS))
    for doc in docs:
        doc_bin.add(doc)
    return doc_bin.to_bytes()


def parses_from_bytes(data: bytes, vocab: Any) -> list[Any]:
    """The sentence parses of `parses_to_bytes`, as `Doc`s sharing `vocab`."""
    doc_bin = import_spacy().tokens.DocBin().from_bytes(data)
    return list(doc_bin.get_docs(vocab))
