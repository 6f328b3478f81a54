"""Rendering a figure to files, deterministic byte for byte, with a cache.

`render` turns a matplotlib Figure into SVG text (inlined in the HTML report) and
writes PNG + SVG files. SVG ids are salted per figure and dates are stripped so the
same data always gives the same bytes. `draw` keeps the rendered files in a cache
keyed by exactly what is drawn: a re-run whose figure data did not change copies
the files instead of drawing them again.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import io as stdio
import json
import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import PIL
from matplotlib.figure import Figure

from pipeline import io

log = logging.getLogger(__name__)

PNG_DPI = 130


def _save(fig: Figure, name: str, png: bool) -> tuple[str, bytes]:
    """(SVG text, PNG bytes or b"") of the figure, then closes it.

    The tight bounding box is measured once, at the PNG's resolution (hinted text is
    wider at lower ones), and handed to both saves as a fixed box: `bbox_inches="tight"`
    would draw the whole figure an extra time per format just to measure it."""
    with plt.rc_context({"svg.hashsalt": f"policyframes-{name}"}):
        dpi = fig.get_dpi()
        fig.set_dpi(PNG_DPI)
        try:
            box = fig.get_tightbbox(fig.canvas.get_renderer())
        finally:
            fig.set_dpi(dpi)
        box = box.padded(plt.rcParams["savefig.pad_inches"])
        buffer = stdio.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches=box)
        image = stdio.BytesIO()
        if png:
            fig.savefig(
                image, format="png", dpi=PNG_DPI, metadata={"Software": None}, bbox_inches=box
            )
    plt.close(fig)
    return buffer.getvalue(), image.getvalue()


def _inline(svg: str) -> str:
    # drop the XML prolog and DOCTYPE so the SVG can sit inside HTML
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg


def _write(folder: Path, name: str, svg: str, png: bytes) -> None:
    io.write_text(folder / f"{name}.svg", svg)
    io.write_bytes(folder / f"{name}.png", png)


def render(fig: Figure, name: str, folder: Path | None) -> str:
    """SVG text of the figure (for inlining); also writes folder/name.svg|png."""
    svg, png = _save(fig, name, folder is not None)
    if folder is not None:
        _write(folder, name, svg, png)
    return _inline(svg)


#: cache entries kept per figure name (several corpora may share one cache folder)
KEEP_PER_FIGURE = 6


def draw(
    name: str,
    folder: Path | None,
    cache: Path | None,
    function: Callable[..., Figure],
    *args: object,
) -> str:
    """`render(function(*args), name, folder)`, reusing the files of an earlier run
    whose key (figure name, drawing code, library versions, rcParams and the exact
    arguments) is the same."""
    if cache is None or folder is None:
        return render(function(*args), name, folder)
    key = figure_key(name, function, args)
    svg_path, png_path = cache / f"{name}-{key}.svg", cache / f"{name}-{key}.png"
    cached = _read_entry(svg_path, png_path)
    if cached is None:
        svg, png = _save(function(*args), name, True)
        _store(cache, name, svg_path, png_path, svg, png)
    else:
        svg, png = cached
    _write(folder, name, svg, png)
    return _inline(svg)


def _read_entry(svg_path: Path, png_path: Path) -> tuple[str, bytes] | None:
    """A cached figure, or None when absent or unreadable (it is then drawn again)."""
    if not (svg_path.is_file() and png_path.is_file()):
        return None
    try:
        entry = svg_path.read_text(encoding="utf-8"), png_path.read_bytes()
        os.utime(svg_path)  # recently used: kept by the pruning in _store
    except (OSError, UnicodeDecodeError) as error:
        log.warning("figure cache entry %s unreadable (%s); drawing it again", svg_path, error)
        return None
    return entry


def _store(cache: Path, name: str, svg_path: Path, png_path: Path, svg: str, png: bytes) -> None:
    """Keep a drawn figure (SVG last: an entry counts only once its SVG is there) and
    drop all but the KEEP_PER_FIGURE most recently used entries of that figure. The
    cache only saves time, so a cache that cannot be written is a warning."""
    try:
        io.write_bytes(png_path, png)
        io.write_text(svg_path, svg)
        entries = sorted(
            cache.glob(f"{name}-*.svg"), key=lambda p: (p.stat().st_mtime, p.name), reverse=True
        )
        for stale in entries[KEEP_PER_FIGURE:]:
            stale.unlink(missing_ok=True)
            stale.with_suffix(".png").unlink(missing_ok=True)
    except OSError as error:
        log.warning("figure cache %s not updated: %s", cache, error)


def figure_key(name: str, function: Callable[..., Figure], args: Sequence[object]) -> str:
    """Hash of everything a rendered figure depends on."""
    digest = hashlib.sha256()
    versions = [_code(function), matplotlib.__version__, np.__version__, PIL.__version__]
    rc = json.dumps(dict(matplotlib.rcParams), sort_keys=True, default=repr)
    for part in [name, function.__name__, *versions, rc]:
        digest.update(part.encode("utf-8") + b"\x1f")
    for arg in args:
        if isinstance(arg, pd.DataFrame):
            digest.update(pd.util.hash_pandas_object(arg, index=True).to_numpy().tobytes())
            layout = [list(map(str, arg.columns)), list(map(str, arg.dtypes)), len(arg)]
            digest.update(json.dumps(layout).encode("utf-8"))
        else:
            digest.update(json.dumps(arg, sort_keys=True, default=repr).encode("utf-8"))
        digest.update(b"\x1e")
    return digest.hexdigest()[:32]


@functools.cache
def _source_hash(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _code(function: Callable[..., Figure]) -> str:
    """Hash of the drawing code: this module's and the figure function's module's."""
    source = inspect.getsourcefile(function)
    parts = [_source_hash(__file__), _source_hash(source) if source else function.__qualname__]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
