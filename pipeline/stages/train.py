"""Stage — train: the taggers from labelled sentences (`pipeline.learn.train`).

The learning code (scikit-learn) is imported when the stage runs, not when the
registry is read: every `policyframes` command, `--help` included, reads the
registry.
"""

from __future__ import annotations

from typing import Any


def run(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """`pipeline.learn.train.train` (same arguments)."""
    from pipeline.learn.train import train

    return train(*args, **kwargs)
