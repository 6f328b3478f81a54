"""Loading spaCy pipelines: once per process, offline, with a clear error.

spaCy's CPU pipelines compute with numpy; torch plays no part in them. thinc,
spaCy's machine-learning layer, still imports torch eagerly when it is installed
(it is, for the sentence embeddings), which costs about 2 s in every process that
only needs spaCy. `import_spacy` imports spaCy with torch hidden, so thinc records
torch as absent; a later `import torch` (the embedding stage) works as usual.
"""

from __future__ import annotations

import functools
import sys
from typing import Any


def import_spacy() -> Any:
    """The spaCy module, imported without torch unless torch is already loaded."""
    if "spacy" in sys.modules or "torch" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]  # `import torch` now fails fast
    try:
        import spacy
    finally:
        if sys.modules.get("torch", ...) is None:
            del sys.modules["torch"]
    return spacy


@functools.cache
def load_pipeline(model: str, exclude: tuple[str, ...] = ()) -> Any:
    """The installed spaCy package `model` without the `exclude` components."""
    spacy = import_spacy()
    try:
        return spacy.load(model, exclude=list(exclude))
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {model!r} is not installed; install the package that provides it "
            "(see README, set-up)"
        ) from exc
