"""The standalone HTML page: escaped, self-contained, and rendered by a real browser."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reportgen.render import render_html, render_markdown

from .fixtures import full_report

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
HOSTILE = '<script>alert(1)</script> <img src=x onerror="alert(2)"> [x](javascript:alert(3))'


def _page(markdown: str | None = None) -> str:
    return render_html(markdown or render_markdown(full_report()), title="Worklog <2025>")


def test_page_is_standalone_and_makes_no_requests() -> None:
    page = _page()
    assert page.startswith("<!DOCTYPE html>")
    assert "<style>" in page
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert not re.search(r"""\bsrc=|@import|url\(""", page)  # links are fine: not fetched
    assert "default-src 'none'" in page  # the page itself forbids loading anything
    assert "<title>Worklog &lt;2025&gt;</title>" in page


def test_tables_and_markers_are_rendered() -> None:
    page = _page()
    assert page.count("<table>") == 7
    assert "<td><strong>Critical Path</strong></td>" in page
    assert "✅" in page and "🚫" in page


def test_raw_html_in_the_markdown_is_shown_as_text() -> None:
    page = _page(f"# Title\n\n{HOSTILE}\n\n<details>\n\nx\n\n</details>\n")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<details>" not in page
    assert not re.search(r"<(script|img)\b", page)
    assert 'href="javascript:' not in page


def _chromium() -> str | None:
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _browse(binary: str, page: Path, profile: Path, *action: str) -> str:
    command = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--window-size=1200,2600",
        *action,
        page.as_uri(),
    ]
    env = {**os.environ, "HOME": str(profile)}
    done = subprocess.run(command, capture_output=True, text=True, timeout=90, env=env, check=True)
    return done.stdout


@pytest.mark.browser
def test_chromium_renders_tables_and_markers(tmp_path: Path) -> None:
    binary = _chromium()
    if binary is None:
        pytest.skip("no chromium on PATH")
    markdown = render_markdown(full_report())
    page = tmp_path / "worklog.html"
    page.write_text(render_html(markdown, title="Worklog"), encoding="utf-8")
    dom = _browse(binary, page, tmp_path / "profile", "--dump-dom")
    assert dom.count("<table>") == 7
    assert "<th>Test Category</th>" in dom
    assert "✅" in dom and "❌" in dom and "🚫" in dom
    assert "<script" not in dom
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "worklog.png"
    shot.unlink(missing_ok=True)
    _browse(binary, page, tmp_path / "profile", f"--screenshot={shot}")
    assert shot.stat().st_size > 10_000
