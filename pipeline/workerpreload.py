"""What every worker process starts with: the fork server imports this once, so
each worker is forked with pandas, pyarrow, pypdfium2 and spaCy in memory instead of
importing them again for every stage (spaCy alone takes about a second, which
would eat the gain of a second worker on small corpora). Importing starts no
threads, so forking afterwards is safe."""

from __future__ import annotations

import contextlib

import pandas  # noqa: F401
import pyarrow.parquet  # noqa: F401

from pipeline.nlp import import_spacy

with contextlib.suppress(ImportError):  # extraction reports a missing package itself
    import pypdfium2  # noqa: F401

import_spacy()
