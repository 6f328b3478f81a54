"""The report in a real browser (headless Chromium): the script runs without errors,
the charts are in the rendered DOM, a `#cell-N` link opens the sentences behind
that cell, and a screenshot is taken (kept in the test's tmp folder)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.test_report_factory import write_tables
from tests.test_report_html import evidence, run_report

pytestmark = pytest.mark.browser

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000",
]  # fmt: skip
#: the report's script never logs, so any console line (Chromium prints console.error and
#: uncaught exceptions alike as ":CONSOLE:") is a problem
CONSOLE_PROBLEM = re.compile(r":CONSOLE[:(]|Uncaught")


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name) or (
            f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None
        )
        if found:
            return found
    pytest.skip("headless Chromium not found (install the Debian 'chromium' package)")


def browse(url: str, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, url]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = run_report(write_tables(tmp_path_factory.mktemp("browser") / "out"))
    return out / "report.html"


def test_script_runs_and_charts_render(report: Path, tmp_path: Path) -> None:
    result = browse(report.as_uri(), tmp_path / "profile", "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert 'data-ready="yes"' in dom, "the report's script did not finish"
    assert dom.count("<svg") >= 4
    assert "<line" in dom and 'class="network"' in dom
    problems = [line for line in result.stderr.splitlines() if CONSOLE_PROBLEM.search(line)]
    assert not problems, problems


def test_console_problems_are_detected(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text("<html><body><script>undefinedFunction();</script></body></html>")
    result = browse(page.as_uri(), tmp_path / "profile", "--dump-dom")
    assert any(CONSOLE_PROBLEM.search(line) for line in result.stderr.splitlines())


def test_cell_link_opens_its_sentences(report: Path, tmp_path: Path) -> None:
    data = evidence(report.read_text(encoding="utf-8"))
    index, cell = next((i, c) for i, c in enumerate(data["cells"]) if len(c["r"]) >= 2)
    result = browse(f"{report.as_uri()}#cell-{index}", tmp_path / "profile", "--dump-dom")
    dom = result.stdout
    panel = re.search(r'<aside id="drill"[^>]*>(.*?)</aside>', dom, re.S)
    assert panel and "hidden" not in panel.group(0).split(">", 1)[0]
    assert f'data-open="{index}"' in panel.group(0)
    assert panel.group(1).count('class="sentence"') == len(cell["r"])
    first_text = data["sents"][cell["r"][0]][1]
    assert first_text.replace("&", "&amp;")[:40] in panel.group(1)


def test_screenshot(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    result = browse(report.as_uri(), tmp_path / "profile", f"--screenshot={shot}",
                    "--window-size=1280,2400")  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.exists() and shot.stat().st_size > 20_000  # a blank page is a few KB
