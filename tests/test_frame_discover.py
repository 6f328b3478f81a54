"""Discovery of unlisted framings on small synthetic sets, with the real model."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from pipeline.concept import term_pattern
from pipeline.frame.discover import DiscoveryParams, class_terms, content_sample, discover
from pipeline.params import EmbedParams

TOPICS = {
    "health": [
        "Returnees were enrolled in the public health insurance scheme on arrival.",
        "Clinics in the district of return treated returnees free of charge.",
        "Health workers screened every returnee for tuberculosis.",
        "Returnees with chronic illness received their medicines from the hospital.",
        "The health ministry gave returnees vaccination cards.",
        "Doctors at the clinic examined returned children.",
    ],
    "border": [
        "Border police fingerprinted each returnee at the airport.",
        "Police officers checked the passports of returnees at the border post.",
        "Returnees were questioned by border guards about their journey.",
        "The border police kept a database of returned travellers.",
        "Airport police escorted the returnees through passport control.",
        "Border officials confiscated forged passports from returnees.",
    ],
    "school": [
        "Returned children were enrolled in primary school in September.",
        "Teachers gave returnee pupils extra language lessons at school.",
        "Schools accepted returned pupils without their earlier school reports.",
        "The school board opened evening classes for returnee teenagers.",
        "Returnee pupils sat a placement test before joining a school class.",
        "Teachers reported that returned pupils caught up within a school year.",
    ],
}


@pytest.fixture(scope="module")
def embedded():
    from pipeline.frame.embed import make_encoder

    p = EmbedParams()
    encode = make_encoder(p.model, p.threads, p.batch_size, p.decimals)
    texts = [t for ts in TOPICS.values() for t in ts]
    topics = [k for k, ts in TOPICS.items() for _ in ts]
    return texts, topics, encode(texts)


def test_separated_topics_become_clusters_with_telling_labels(embedded) -> None:
    texts, topics, vectors = embedded
    labels, table = discover(
        texts, vectors, DiscoveryParams(k_max=6), term_pattern(["return", "returnee"])
    )
    assert len(table) == 3
    for topic in TOPICS:
        members = {labels[i] for i, t in enumerate(topics) if t == topic}
        assert len(members) == 1, f"{topic} split over clusters {members}"
    named = {
        topics[i]: table.loc[table["cluster"] == labels[i], "terms"].item()
        for i in range(len(texts))
    }
    assert "health" in named["health"] or "clinic" in named["health"]
    assert "police" in named["border"] or "border" in named["border"]
    assert "school" in named["school"] or "pupils" in named["school"]
    assert table["size"].tolist() == [6, 6, 6]
    # concept words are no label: every cluster names returnees
    assert not any("return" in terms for terms in table["terms"])
    # representative sentences come from the cluster itself
    for row in table.itertuples():
        members = {texts[i] for i in np.flatnonzero(labels == row.cluster)}
        assert set(row.representative_sentences.split(" | ")) <= members


def test_discovery_is_deterministic_and_order_free(embedded) -> None:
    texts, _, vectors = embedded
    params = DiscoveryParams(k_max=6)
    first = discover(texts, vectors, params)
    second = discover(texts, vectors, params)
    assert (first[0] == second[0]).all() and first[1].equals(second[1])
    order = np.random.default_rng(3).permutation(len(texts))
    shuffled_labels, shuffled_table = discover([texts[i] for i in order], vectors[order], params)
    assert shuffled_table["terms"].tolist() == first[1]["terms"].tolist()
    assert (shuffled_labels == first[0][order]).all()


def test_no_catch_all_cluster_on_uneven_topics(embedded) -> None:
    texts, topics, vectors = embedded
    keep = [i for i, t in enumerate(topics) if t != "school" or i % 2]  # 6 + 6 + 3
    _, table = discover([texts[i] for i in keep], vectors[keep], DiscoveryParams(k_max=6))
    assert table["size"].max() <= len(keep) / 2


def test_few_sentences_form_one_cluster(embedded) -> None:
    texts, _, vectors = embedded
    labels, table = discover(texts[:3], vectors[:3], DiscoveryParams(min_sentences=6))
    assert labels.tolist() == [0, 0, 0] and table["size"].tolist() == [3]
    labels, table = discover([], np.zeros((0, 384)), DiscoveryParams())
    assert len(labels) == 0 and table.empty


def test_class_terms_prefer_terms_particular_to_a_cluster() -> None:
    texts = ["grain harvest grain", "harvest rain", "bank loan loan", "bank interest"]
    terms = class_terms(texts, np.array([0, 0, 1, 1]), 2, None)
    assert terms[0][0] in {"grain", "harvest"} and terms[1][0] in {"loan", "bank"}


def test_content_sample_keeps_its_members_when_the_corpus_grows() -> None:
    texts = [f"Returnees in district {i} received a grant of {i * 7} euros." for i in range(400)]
    before = {texts[i] for i in content_sample(texts, 100)}
    grown = texts + [f"A later report on district {i} and its schools." for i in range(20)]
    after = {grown[i] for i in content_sample(grown, 100)}
    assert len(before) == len(after) == 100
    # the added sentences can take at most 20 places; the rest of the sample stays
    assert len(before & after) >= 80
    assert content_sample(texts[:50], 100).tolist() == list(range(50))


def test_a_bounded_fit_gives_every_sentence_its_topic(embedded) -> None:
    texts, topics, vectors = embedded
    full, _ = discover(texts, vectors, DiscoveryParams(k_max=3))
    # k-means sees 10 of the 18 sentences; the other 8 join their nearest centroid
    bounded, table = discover(texts, vectors, DiscoveryParams(k_max=3, sample=10))
    assert len(bounded) == len(texts) and table["size"].sum() == len(texts)
    for topic in TOPICS:
        members = {bounded[i] for i, t in enumerate(topics) if t == topic}
        assert len(members) == 1, f"{topic} split over clusters {members}"
    assert adjusted_rand_score(full, bounded) == 1.0
