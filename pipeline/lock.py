"""One run at a time per workspace.

Two runs writing the same data folder would interleave their tables; the lock makes
the second one stop at once with a message saying who holds it. The lock is an OS
file lock (filelock), so a run that is killed releases it with its process; the pid
beside it only serves the message.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from pipeline import runner
from pipeline.params import ConfigError
from pipeline.workspace import Workspace

LOCK_NAME = ".policyframes.lock"
PID_NAME = ".policyframes.pid"
#: what pipeline.io.atomic_path leaves behind when a run is killed mid-write.
STALE_TEMP = ".*.tmp"


class WorkspaceBusy(ConfigError):
    """Another run holds the workspace lock."""


@contextlib.contextmanager
def workspace_lock(directory: str | Path) -> Iterator[Path]:
    """Hold the lock of `directory` (created if needed) for the duration."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    lock_path = directory / LOCK_NAME
    pid_path = directory / PID_NAME
    lock = FileLock(lock_path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        try:
            pid = pid_path.read_text(encoding="utf-8").strip() or "unknown"
        except OSError:
            pid = "unknown"
        raise WorkspaceBusy(
            f"another policyframes run is using {directory} (pid {pid}); "
            f"wait for it or remove {lock_path} if it crashed"
        ) from None
    try:
        pid_path.write_text(str(os.getpid()), encoding="utf-8")
        yield lock_path
    finally:
        with contextlib.suppress(OSError):
            if pid_path.read_text(encoding="utf-8").strip() == str(os.getpid()):
                pid_path.unlink()
        lock.release()


def remove_stale_temp_files(directory: Path) -> int:
    """Delete temporary files a killed run left in `directory` (not in the shared
    cache, which other workspaces may be writing). Only safe under the lock."""
    removed = 0
    if not directory.is_dir():
        return removed
    for path in directory.rglob(STALE_TEMP):
        if ".cache" in path.relative_to(directory).parts or not path.is_file():
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 1
    return removed


@contextlib.contextmanager
def session(ws: Workspace) -> Iterator[None]:
    """What every command that writes a workspace does around its stages: take the
    workspace lock, clear what a killed run left, and start the worker fork server
    early (the stages pass `ws.execution` to the runner themselves)."""
    with workspace_lock(ws.data_dir):
        for directory in {Path(ws.data_dir), Path(ws.reports_dir)}:
            remove_stale_temp_files(directory)
        runner.start_worker_server(ws.execution)
        yield
