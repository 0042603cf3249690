"""The standalone HTML page: escaped, self-contained, and rendered by a real browser."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from reportgen.archive.store import RunRecord
from reportgen.model import Counts
from reportgen.render import render_html, render_markdown
from reportgen.render.chart import (
    FAILURES_COLOUR,
    HEALTH_COLOUR,
    PASS_RATE_COLOUR,
    Trend,
    mermaid,
)
from reportgen.render.index import (
    SeriesFacts,
    render_index,
    render_index_html,
    render_index_page,
)

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


def _trend(title: str = "Nightly E2E") -> Trend:
    return Trend(
        title=title,
        labels=[f"2025-03-{day:02d}-01" for day in range(1, 11)],
        health=[88.0, 91.0, 90.5, 93.0, 95.5, 94.0, 96.5, 97.0, 95.0, 98.5],
        pass_rate=[86.0, 90.0, 89.0, 92.5, 95.0, 92.0, 96.0, 96.5, 94.0, 98.0],
        failures=[6, 4, 5, 3, 2, 4, 1, 1, 3, 0],
        target=95.0,
        target_label=">95%",
    )


def _with_trend(markdown: str, trend: Trend) -> str:
    """A worklog with a trend section (first, so that a screenshot holds it), laid out as the
    index lays out its charts."""
    percent, failures = mermaid(trend)
    return f"## Trend\n\n```mermaid\n{percent}\n```\n\n```mermaid\n{failures}\n```\n\n{markdown}"


def test_a_trend_is_drawn_as_inline_svg_and_its_mermaid_goes() -> None:
    trend = _trend(HOSTILE)
    page = render_html(_with_trend("# Worklog\n", trend), title="Worklog", charts=[trend])
    assert page.count("<svg") == 1 and "xychart-beta" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r"<(script|img|iframe)\b", page)
    assert "default-src 'none'" in page


def test_mermaid_without_its_trend_stays_a_code_block() -> None:
    page = render_html(_with_trend("# Worklog\n", _trend()), title="Worklog")
    assert "<svg" not in page
    assert page.count('<code class="language-mermaid">') == 2
    other = render_html(_with_trend("# W\n", _trend("Other")), title="W", charts=[_trend()])
    assert "<svg" not in other  # the source must be the trend's own, not merely alike


def _chromium() -> str | None:
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _browse(binary: str, page: Path, profile: Path, *action: str, size: str = "1200,2600") -> str:
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
        f"--window-size={size}",
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


def _pixels(png: Path) -> list[tuple[int, int, int]]:
    """The RGB pixels of a non-interlaced 8-bit RGB or RGBA PNG (as Chromium writes them)."""
    data = png.read_bytes()
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        header = body if kind == b"IHDR" else header
        chunks += [body] if kind == b"IDAT" else []
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6)
    step = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(b"".join(chunks)), width * step
    previous, out = bytearray(stride), []
    for row in range(height):
        kind, line = (
            raw[row * (stride + 1)],
            bytearray(raw[row * (stride + 1) + 1 : (row + 1) * (stride + 1)]),
        )
        for i in range(stride):
            a = line[i - step] if i >= step else 0
            b, c = previous[i], previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += [tuple(line[i : i + 3]) for i in range(0, stride, step)]
        previous = line
    return out  # type: ignore[return-value]


def _count(pixels: list[tuple[int, int, int]], colour: str) -> int:
    want = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return sum(1 for p in pixels if all(abs(p[i] - want[i]) <= 12 for i in range(3)))


def _record(day: int, health: float, pass_rate: float, failed: int) -> RunRecord:
    date = f"2025-03-{day:02d}"
    return RunRecord(
        path=f"2025/03/nightly-e2e-with-a-long-series-name-for-the-table-{date}-01.json",
        slug="nightly-e2e-with-a-long-series-name-for-the-table",
        date=date,
        sequence=1,
        status="ACHIEVED",
        health=health,
        health_excluding=None,
        pass_rate=pass_rate,
        counts=Counts(passed=120, failed=failed, errors=1, skipped=4, flaky=2),
        cases_complete=True,
        headline="",
    )


_MEASURE = (
    "<script>const t = document.querySelector('table'); document.body.insertAdjacentHTML("
    "'beforeend', `<p id=measured>${t.scrollWidth}/${t.clientWidth}/"
    "${Math.round(t.getBoundingClientRect().right)}</p>`);</script>"
)


@pytest.mark.browser
def test_chromium_shows_the_charts_of_the_index_and_a_worklog(tmp_path: Path) -> None:
    binary = _chromium()
    if binary is None:
        pytest.skip("no chromium on PATH")
    runs = [_record(d, 86.0 + d, 85.0 + d, 12 - d) for d in range(1, 12)]
    facts = {runs[0].slug: SeriesFacts("Nightly E2E", 95.0, ">95%")}
    links = {r.path: r.path.removesuffix(".json") + ".html" for r in runs}
    trend = _trend()
    worklog = _with_trend(render_markdown(full_report()), trend)
    pages = {
        "INDEX.html": render_index_page(runs, links, facts),
        "worklog.html": render_html(worklog, title="Worklog", charts=[trend]),
    }
    # the same pages with the charts left as Mermaid source: none of the chart's colours
    undrawn = {
        "INDEX.html": render_index_html(render_index(runs, links, facts)),
        "worklog.html": render_html(worklog, title="Worklog"),
    }
    ARTIFACTS.mkdir(exist_ok=True)
    for name, text in pages.items():
        page = tmp_path / name
        page.write_text(text, encoding="utf-8")
        dom = _browse(binary, page, tmp_path / "profile", "--dump-dom", size="1280,2600")
        assert dom.count("<svg") == 1 and "<script" not in dom
        size = "1280,1000"
        shot = ARTIFACTS / f"chart-{name.removesuffix('.html').lower()}.png"
        plain = tmp_path / f"undrawn-{name.removesuffix('.html')}.png"
        for html, png in ((text, shot), (undrawn[name], plain)):
            page.write_text(html, encoding="utf-8")
            png.unlink(missing_ok=True)
            _browse(binary, page, tmp_path / "profile", f"--screenshot={png}", size=size)
        drawn, without = _pixels(shot), _pixels(plain)
        for colour in (HEALTH_COLOUR, PASS_RATE_COLOUR, FAILURES_COLOUR):
            assert _count(drawn, colour) > 300, (name, colour)
            assert _count(without, colour) < 50, (name, colour)
    # the index table fits a 1280 px window: measured in a copy that may run a script
    measured = tmp_path / "measured.html"
    text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", pages["INDEX.html"])
    measured.write_text(text.replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    dom = _browse(binary, measured, tmp_path / "profile", "--dump-dom", size="1280,1400")
    found = re.search(r'<p id="measured">(\d+)/(\d+)/(\d+)</p>', dom)
    assert found is not None
    scroll, client, right = map(int, found.groups())
    assert scroll <= client and right <= 1280
