"""The parses annotate stores: they read back with everything the taggers use, and
definitions and stakeholders tag the same from them as from a fresh parse of each
sentence, on the demo corpus's policy digests (plain text, Markdown and HTML)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.codebook import load_codebook
from pipeline.extract import extract_file
from pipeline.params import AnnotateParams
from pipeline.parses import load_parser, parses_from_bytes, parses_to_bytes
from pipeline.stages.annotate import sentences_for
from pipeline.stages.extract import blocks_frame
from pipeline.tag.definitions import tag_definitions
from pipeline.tag.lexicon import build_lexicon
from pipeline.tag.stakeholders import tag_stakeholders

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "corpora" / "demo"
DIGESTS = [
    "2001_iom_return_rejected_asylum_seekers_digest.txt",
    "2018_un_global_compact_objective21_digest.md",
    "2017_eprs_reintegration_returning_migrants_digest.html",
    "2021_mmr_return_governance_gcm_digest.html",
]
MODEL = AnnotateParams().model


@pytest.fixture(scope="module")
def parser():
    return load_parser(MODEL)


@pytest.fixture(scope="module")
def lex():
    return build_lexicon(load_codebook(REPO / "models" / "codebook.yaml"))


@pytest.fixture(scope="module")
def annotated(parser) -> list[tuple[pd.DataFrame, list, bytes]]:
    """Per digest: its sentences, their parses as annotate made them, and those
    parses stored as annotate stores them."""
    out = []
    for name in DIGESTS:
        blocks = blocks_frame(name, extract_file(DEMO / name).blocks)
        sentences, parses = sentences_for(blocks, AnnotateParams(), parser)
        out.append((sentences, parses, parses_to_bytes(parses)))
    return out


def _token_view(doc) -> list[tuple]:
    return [
        (t.text, t.whitespace_, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.lower_) for t in doc
    ]


def test_stored_parses_read_back_with_what_the_taggers_use(annotated, parser) -> None:
    for sentences, parses, stored in annotated:
        read = parses_from_bytes(stored, parser.vocab)
        assert [doc.text for doc in read] == sentences["text"].tolist()
        assert [_token_view(doc) for doc in read] == [_token_view(doc) for doc in parses]
        # a sentence's tree is whole: every head lies inside its own sentence
        assert all(t.head.doc is doc for doc in read for t in doc)
        # annotate's pipeline tagged and lemmatised: every word has a tag and a part
        # of speech, and inflected words their lemma ("wants" -> "want")
        assert all(t.tag_ and t.pos_ for doc in read for t in doc)
        assert any(t.lemma_ != t.lower_ for doc in read for t in doc)


def test_definitions_and_stakeholders_tag_the_same_from_stored_and_fresh_parses(
    annotated, parser, lex
) -> None:
    definitions = interests = mentions = 0
    for sentences, _, stored in annotated:
        texts = sentences["text"].tolist()
        fresh = list(parser.pipe(texts))  # each sentence parsed alone
        read = parses_from_bytes(stored, parser.vocab)
        by_stored = tag_definitions(sentences, lex, read, 0.5, 2, keep_candidates=True)
        by_fresh = tag_definitions(sentences, lex, fresh, 0.5, 2, keep_candidates=True)
        pd.testing.assert_frame_equal(by_stored, by_fresh)
        definitions += int((by_stored["rule_score"] >= 0.5).sum())
        stored_tags = tag_stakeholders(sentences, lex, read)
        fresh_tags = tag_stakeholders(sentences, lex, fresh)
        for from_stored, from_fresh in zip(stored_tags, fresh_tags, strict=True):
            pd.testing.assert_frame_equal(from_stored, from_fresh)
        interests += len(stored_tags[0])
        mentions += len(stored_tags[1])
    # the digests hold definitions, interests and bare mentions to compare
    assert definitions >= 4 and interests >= 30 and mentions >= 30


def test_stored_bytes_do_not_depend_on_the_process(annotated) -> None:
    """The tagging stages' cache key hashes the stored parses, so the same parses
    must give the same bytes in any process (string hashing is salted per process)."""
    script = (
        "import hashlib\n"
        "from pipeline.extract import extract_file\n"
        "from pipeline.params import AnnotateParams\n"
        "from pipeline.parses import load_parser, parses_to_bytes\n"
        "from pipeline.stages.annotate import sentences_for\n"
        "from pipeline.stages.extract import blocks_frame\n"
        f"blocks = blocks_frame({DIGESTS[0]!r}, extract_file({str(DEMO / DIGESTS[0])!r}).blocks)\n"
        f"_, parses = sentences_for(blocks, AnnotateParams(), load_parser({MODEL!r}))\n"
        "print(hashlib.sha256(parses_to_bytes(parses)).hexdigest())\n"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO
        ).stdout.strip()
        for _ in range(2)
    }
    assert digests == {hashlib.sha256(annotated[0][2]).hexdigest()}
