"""The codebook loads, and a broken one fails with a message naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.codebook import FRAMING_PALETTE, load_codebook
from pipeline.params import ConfigError

REPO = Path(__file__).resolve().parents[1]
CODEBOOK = REPO / "models" / "codebook.yaml"


def _write(tmp_path: Path, raw: dict) -> Path:
    path = tmp_path / "codebook.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def raw() -> dict:
    return yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))


def test_bundled_codebook_has_every_actor_type_of_the_guidelines() -> None:
    codebook = load_codebook(CODEBOOK)
    expected = {
        "destination_state", "origin_state", "international_org", "eu", "ngo", "donor",
        "returnee", "local_authority", "diaspora", "private_sector", "researcher", "other",
    }  # fmt: skip
    assert set(codebook.actor_types) == expected
    assert set(codebook.interest_predicates) == {"support", "oppose", "neutral"}
    assert codebook.definition_cues.copular and codebook.definition_cues.negative


def test_bad_regex_in_actor_pattern_names_the_key(tmp_path: Path, raw: dict) -> None:
    raw["actor_types"]["donor"]["patterns"].append("donor(s")
    with pytest.raises(ConfigError) as info:
        load_codebook(_write(tmp_path, raw))
    message = str(info.value)
    assert "actor_types.donor.patterns" in message
    assert "invalid regular expression" in message


def test_bad_regex_in_definition_cue_names_the_key(tmp_path: Path, raw: dict) -> None:
    raw["definition_cues"]["gloss"] = ["[unclosed"]
    with pytest.raises(ConfigError, match=r"definition_cues\.gloss\.0"):
        load_codebook(_write(tmp_path, raw))


def test_pattern_matching_empty_text_is_refused(tmp_path: Path, raw: dict) -> None:
    raw["concept"]["variants"] = ["(?:x)?"]
    with pytest.raises(ConfigError, match=r"concept\.variants\.0.*empty string"):
        load_codebook(_write(tmp_path, raw))


def test_unknown_stance_and_unknown_key_are_named(tmp_path: Path, raw: dict) -> None:
    raw["interest_predicates"]["maybe"] = ["ponder"]
    with pytest.raises(ConfigError, match="interest_predicates"):
        load_codebook(_write(tmp_path, raw))
    del raw["interest_predicates"]["maybe"]
    raw["definition_cues"]["copula"] = ["is"]  # misspelt section
    with pytest.raises(ConfigError, match=r"definition_cues\.copula"):
        load_codebook(_write(tmp_path, raw))


def test_missing_terms_is_an_error(tmp_path: Path, raw: dict) -> None:
    raw["concept"]["terms"] = []
    with pytest.raises(ConfigError, match=r"concept\.terms"):
        load_codebook(_write(tmp_path, raw))


def test_fingerprint_follows_content(tmp_path: Path, raw: dict) -> None:
    before = load_codebook(_write(tmp_path, raw)).fingerprint
    raw["interest_predicates"]["support"].append("yearn for")
    assert load_codebook(_write(tmp_path, raw)).fingerprint != before


def test_presentation_and_roles_come_from_the_codebook(tmp_path: Path, raw: dict) -> None:
    codebook = load_codebook(CODEBOOK)
    assert codebook.framing_colours()["prevention"] == "#c0392b"
    assert codebook.axis_captions() == ("re-emigration prevention", "mobility as choice")
    assert codebook.types_with_role("state") == ("destination_state", "origin_state")
    assert codebook.fallback_type == "other"
    # without a colour or captions: the palette by position, the pole framings' labels
    del raw["framings"]["choice"]["colour"], raw["axis"]
    bare = load_codebook(_write(tmp_path, raw))
    position = list(bare.framings).index("choice")
    assert bare.framing_colours()["choice"] == FRAMING_PALETTE[position]
    assert bare.framing_colours()["prevention"] == "#c0392b"
    assert bare.axis_captions() == ("Re-emigration prevention", "Mobility as choice")


def test_a_bad_colour_names_the_file_and_the_framing(tmp_path: Path, raw: dict) -> None:
    raw["framings"]["choice"]["colour"] = "blue"
    path = _write(tmp_path, raw)
    with pytest.raises(ConfigError) as info:
        load_codebook(path)
    assert str(path) in str(info.value) and "framings.choice.colour" in str(info.value)


def test_exactly_one_fallback_actor_type(tmp_path: Path, raw: dict) -> None:
    raw["actor_types"]["researcher"]["role"] = "fallback"
    with pytest.raises(ConfigError, match=r"actor_types.*exactly one.*found other, researcher"):
        load_codebook(_write(tmp_path, raw))
    del raw["actor_types"]["researcher"]["role"], raw["actor_types"]["other"]["role"]
    with pytest.raises(ConfigError, match=r"role: fallback.*found none"):
        load_codebook(_write(tmp_path, raw))
    raw["actor_types"]["other"]["role"] = "citizen"
    with pytest.raises(ConfigError, match=r"actor_types\.other\.role"):
        load_codebook(_write(tmp_path, raw))


def test_a_concept_word_is_a_word_not_a_pattern(tmp_path: Path, raw: dict) -> None:
    """Concept words are matched as written: a regular expression in one is refused
    with its key, not matched literally."""
    raw["concept"]["words"]["qualities"].append("sustainab(le|ly)")
    with pytest.raises(ConfigError, match=r"concept\.words\.qualities\.2.*not a word"):
        load_codebook(_write(tmp_path, raw))
    raw["concept"]["words"]["qualities"][-1] = "lasting"
    raw["concept"]["words"]["quality"] = ["durable"]  # misspelt list
    with pytest.raises(ConfigError, match=r"concept\.words\.quality"):
        load_codebook(_write(tmp_path, raw))
