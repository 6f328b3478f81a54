"""Which of the project's own modules a module depends on, and a version from their
source.

Both are read from the source files, not from what happens to be imported: every
`import pipeline...` and `from pipeline... import ...` statement of a module, at
any depth (a function's lazy import counts), followed transitively. A module's
package `__init__` files count too, since importing the module runs them.

Two uses:

- a stage's DVC code dependencies (`pipeline.stages.spec`, `policyframes dvc-yaml`);
- a per-document stage's cache version (`code_version`): cached results never
  outlive the code that produced them, with no number to remember to raise.
"""

from __future__ import annotations

import ast
import functools
import hashlib
from pathlib import Path

PACKAGE = "pipeline"
ROOT = Path(__file__).resolve().parent.parent

#: modules that decide how and where per-document work runs, not what it computes:
#: a change to them keeps cached results valid (the cache key itself lives here).
MACHINERY = frozenset(
    {
        "pipeline.cache",
        "pipeline.lock",
        "pipeline.runner",
        "pipeline.sources",
        "pipeline.stages.spec",
        "pipeline.workerenv",
        "pipeline.workerpreload",
        "pipeline.workspace",
    }
)


def module_file(name: str) -> Path | None:
    """The source file of project module `name` (a package's `__init__.py`), or None
    when `name` is not a project module (an attribute such as a function)."""
    if name != PACKAGE and not name.startswith(PACKAGE + "."):
        return None
    base = ROOT.joinpath(*name.split("."))
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    return None


def _resolve(module: str, level: int, current: str) -> str:
    """The absolute name of a (possibly relative) `from` import."""
    if not level:
        return module
    is_package = module_file(current) is not None and module_file(current).name == "__init__.py"
    parts = current.split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, module] if module else base)


@functools.cache
def direct_imports(name: str) -> frozenset[str]:
    """The project modules that module `name` imports anywhere in its source, with
    the packages above each of them."""
    path = module_file(name)
    if path is None:
        raise ValueError(f"{name} is not a module of the {PACKAGE} package")
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node.module or "", node.level, name)
            # `from pipeline.tag import lexicon` imports a module; `from
            # pipeline.tag.lexicon import build_lexicon` a name of one
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        for target in targets:
            if module_file(target) is not None:
                found.add(target)
    for target in list(found):
        parts = target.split(".")
        found.update(".".join(parts[:i]) for i in range(1, len(parts)))
    found.discard(name)
    return frozenset(found)


@functools.cache
def closure(name: str) -> tuple[str, ...]:
    """Module `name` and every project module it imports, transitively (sorted)."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        todo.extend(direct_imports(current) - seen)
    parts = name.split(".")
    seen.update(".".join(parts[:i]) for i in range(1, len(parts)))
    return tuple(sorted(seen))


def closure_files(name: str) -> list[str]:
    """The source files of `closure(name)`, relative to the repository, sorted."""
    files = {module_file(module) for module in closure(name)}
    return sorted(str(path.relative_to(ROOT)) for path in files if path is not None)


def code_version(name: str) -> str:
    """A short hash of the source of module `name` and of every project module it
    imports (`MACHINERY` aside): the cache version of a per-document stage."""
    digest = hashlib.sha256()
    for module in closure(name):
        if module in MACHINERY:
            continue
        path = module_file(module)
        assert path is not None
        digest.update(module.encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
