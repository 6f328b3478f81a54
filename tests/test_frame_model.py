"""Framing of sentences from the codebook, with the real embedding model.

The sentences here are written for these tests: each states one framing the way
policy texts do, without copying any source.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from pipeline.codebook import Codebook, load_codebook
from pipeline.frame.model import build_model, classify
from pipeline.params import EmbedParams, FramingsParams

REPO = Path(__file__).resolve().parents[1]
CODEBOOK = REPO / "models" / "codebook.yaml"


@pytest.fixture(scope="session")
def encode(tmp_path_factory):
    """The real model behind a session-wide store, so phrases are embedded once."""
    from pipeline.frame.embed import EmbeddingStore, embed_texts, make_encoder, model_id

    p = EmbedParams()
    raw = make_encoder(p.model, p.threads, p.batch_size, p.decimals)
    store = EmbeddingStore(tmp_path_factory.mktemp("embeddings"), model_id(p.model))
    return lambda texts: embed_texts(list(texts), store, raw)[0]


@pytest.fixture(scope="session")
def codebook() -> Codebook:
    return load_codebook(CODEBOOK)


def label(texts: list[str], codebook: Codebook, encode, params: FramingsParams | None = None):
    model = build_model(codebook, params or FramingsParams(), encode)
    return classify(texts, encode(texts), model)


EXAMPLES = {
    "prevention": [
        "Donors judge the grant scheme by whether returnees stay at home and do not "
        "attempt to migrate again.",
        "Funding for reintegration is tied to deterring irregular onward migration from "
        "the districts of return.",
    ],
    "choice": [
        "Having rebuilt their lives, returnees can treat any later move abroad as a choice "
        "rather than a necessity.",
        "Reintegration should open regular labour migration routes for returnees who wish "
        "to work abroad again.",
    ],
    "development": [
        "Returning engineers helped rebuild bridges and schools, and their return became "
        "part of the reconstruction of the province after the war.",
        "The programme links reintegration to local development plans so that "
        "returnees invest in their communities of origin.",
    ],
    "wellbeing": [
        "Reintegration is sustainable when returnees earn a stable income, feel accepted "
        "by their neighbours and enjoy psychosocial well-being.",
        "Returnees with trauma receive counselling and mental health care so that they "
        "can live in safety and dignity.",
    ],
}


def test_written_examples_get_their_framing(codebook: Codebook, encode) -> None:
    texts = [t for ts in EXAMPLES.values() for t in ts]
    expected = [k for k, ts in EXAMPLES.items() for _ in ts]
    result = label(texts, codebook, encode)
    assert result["framing"].tolist() == expected
    assert set(result.columns) >= {f"score_{k}" for k in codebook.framings}


@pytest.mark.parametrize(
    "text",
    [
        "In 2019 some 4,000 people returned from Germany to the region.",
        "Return flights were suspended for three months during the pandemic.",
        "The ministry keeps a register of returnees by district of return.",
    ],
)
def test_merely_mentioning_return_is_no_framing(codebook: Codebook, encode, text: str) -> None:
    assert label([text], codebook, encode)["framing"].tolist() == ["none"]


def test_axis_places_poles_apart(codebook: Codebook, encode) -> None:
    texts = [EXAMPLES["prevention"][0], EXAMPLES["choice"][0], EXAMPLES["wellbeing"][0]]
    axis = label(texts, codebook, encode)["axis"].tolist()
    assert axis[0] < -0.5
    assert axis[1] > 0.5
    assert -0.5 < axis[2] < 0.5


def test_editing_the_codebook_changes_results_without_code(
    codebook: Codebook, encode, tmp_path: Path
) -> None:
    """A new framing added to codebook.yaml becomes a score column and a label."""
    text = (
        "Return is presented as a matter of border security: removing people is meant "
        "to protect national security and public order."
    )
    before = label([text], codebook, encode)
    assert before["framing"].item() != "securitisation"

    raw = yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))
    raw["framings"]["securitisation"] = {
        "label": "Return as security",
        "axis": -0.5,
        "description": "Return protects national security, borders and public order.",
        "seed_phrases": [
            "removals protect national security",
            "return keeps borders secure and maintains public order",
        ],
        "keywords": ["national security", "border security", "public order"],
    }
    edited = tmp_path / "codebook.yaml"
    edited.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    after = label([text], load_codebook(edited), encode)
    assert after["framing"].item() == "securitisation"
    assert "score_securitisation" in after.columns

    # removing a framing's keywords and seed phrases weakens it, again by data only
    raw["framings"].pop("securitisation")
    raw["framings"]["choice"]["keywords"] = ["no such cue"]
    edited.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    weaker = label([EXAMPLES["choice"][1]], load_codebook(edited), encode)
    stronger = label([EXAMPLES["choice"][1]], codebook, encode)
    assert weaker["score_choice"].item() < stronger["score_choice"].item()


def test_params_change_results(codebook: Codebook, encode) -> None:
    texts = EXAMPLES["wellbeing"]
    strict = label(texts, codebook, encode, FramingsParams(threshold=5.0))
    assert strict["framing"].tolist() == ["none", "none"]


def test_classification_is_per_sentence(codebook: Codebook, encode) -> None:
    """A sentence's row does not depend on which other sentences come with it."""
    texts = [t for ts in EXAMPLES.values() for t in ts]
    together = label(texts, codebook, encode)
    alone = label(texts[3:4], codebook, encode)
    assert together.iloc[3].to_dict() == alone.iloc[0].to_dict()
    assert np.isfinite(together.filter(like="score_").to_numpy()).all()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # paraphrases of prevention that name no "prevent" or "deter" keyword
        (
            "Cash grants were meant to tie returnees to their villages and to discourage a "
            "second attempt at the sea crossing.",
            "prevention",
        ),
        # a text that merely leaves a framing out does not hold it
        (
            "The action plan does not mention legal migration channels for returnees at all.",
            "none",
        ),
        # a denied pole speaks for the other pole
        (
            "Advocates argue that a permanent return should not be what reintegration "
            "is judged by.",
            "choice",
        ),
    ],
)
def test_paraphrase_and_negation(codebook: Codebook, encode, text: str, expected: str) -> None:
    assert label([text], codebook, encode)["framing"].item() == expected


def test_a_denied_framing_keeps_no_similarity(codebook: Codebook, encode) -> None:
    text = "The strategy does not discuss circular migration as part of reintegration."
    assert label([text], codebook, encode)["score_choice"].item() <= 0.0
