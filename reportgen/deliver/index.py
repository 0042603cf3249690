"""`<archive>/INDEX.md`: every archived run in a table, and a trend chart of the latest.

The index is derived from the history (itself derived from the sidecars) and rewritten
whole on every archive, under the archive lock. The chart is a Mermaid `xychart-beta`
(GitHub and GitLab render it) with one line for health and one for pass rate over the
last 50 runs of each worklog series; runs missing either figure are left out of it.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from pathlib import Path

from markdown_it import MarkdownIt

from reportgen.deliver.files import exclusive_lock, write_atomically
from reportgen.history.store import LOCK, HistoryStore, RunRecord
from reportgen.percent import format_percent

INDEX_MD = "INDEX.md"
INDEX_HTML = "INDEX.html"
CHART_RUNS = 50


def trend_chart(runs: list[RunRecord], title: str, limit: int = CHART_RUNS) -> list[str]:
    """Mermaid lines for the health / pass-rate trend of `runs` (oldest first)."""
    plotted = [r for r in runs if r.health is not None and r.pass_rate is not None][-limit:]
    if not plotted:
        return []
    labels = ", ".join(f'"{r.date[5:]}-{r.sequence:02d}"' for r in plotted)
    health = ", ".join(f"{r.health:.1f}" for r in plotted)
    rates = ", ".join(f"{r.pass_rate:.1f}" for r in plotted)
    lines = [
        "```mermaid",
        "xychart-beta",
        f'    title "{title}: health and pass rate, last {len(plotted)} runs"',
        f"    x-axis [{labels}]",
        '    y-axis "percent" 0 --> 100',
        f"    line [{health}]",
        f"    line [{rates}]",
        "```",
        "",
        "First line: health; second line: pass rate (both in percent).",
    ]
    left_out = len([r for r in runs[-limit:] if r.health is None or r.pass_rate is None])
    if left_out:
        lines.append(f"{left_out} run(s) without a health or pass-rate figure are not plotted.")
    return lines


def _row(run: RunRecord, link: str) -> str:
    c = run.counts
    name = Path(run.worklog).name
    cells = [
        run.date,
        f"{run.sequence:02d}",
        f"[{name}]({link})",
        run.status,
        format_percent(run.health),
        format_percent(run.pass_rate),
        str(c.passed),
        str(c.failed),
        str(c.errors),
        str(c.skipped),
        str(c.flaky),
        str(c.total),
    ]
    return "| " + " | ".join(cells) + " |"


def render_index(
    runs: list[RunRecord], link_for: Callable[[RunRecord], str] = lambda r: r.worklog
) -> str:
    """The index as Markdown, from runs oldest first; the table lists newest first."""
    lines = ["# Worklog archive", ""]
    if not runs:
        return "\n".join([*lines, "No runs archived yet.", ""])
    lines += [
        f"{len(runs)} run(s) archived, {runs[0].date} to {runs[-1].date}. "
        "Rebuilt from the sidecars on every archive; edits here are lost.",
        "",
        "## Trend",
        "",
    ]
    series = {
        slug: list(group)
        for slug, group in groupby(sorted(runs, key=lambda r: r.slug), key=lambda r: r.slug)
    }
    for slug, group in series.items():
        chart = trend_chart(group, slug)
        if len(series) > 1:
            lines += [f"### {slug}", ""]
        lines += [*(chart or ["No run has both a health and a pass-rate figure."]), ""]
    lines += [
        "## Runs",
        "",
        "| Date | NN | Worklog | Status | Health | Pass rate | Passed | Failed | Errors "
        "| Skipped | Flaky | Total |",
        "| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += [_row(run, link_for(run)) for run in reversed(runs)]
    return "\n".join(lines) + "\n"


def index_html(markdown: str) -> str:
    """A standalone HTML page of the index (raw HTML in the Markdown is not passed through)."""
    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>Worklog archive</title>\n</head>\n"
        f"<body>\n{body}</body>\n</html>\n"
    )


def write_index(archive: Path, *, html: bool = False) -> Path:
    """Rewrite `<archive>/INDEX.md` from the history; returns its path.

    `INDEX.html` is written too when `html` is set or it already exists (so it never goes stale).
    """
    with exclusive_lock(archive / LOCK):
        with HistoryStore.open(archive) as store:
            runs = store.runs()
        path = write_atomically(archive / INDEX_MD, render_index(runs))
        if html or (archive / INDEX_HTML).exists():

            def html_link(run: RunRecord) -> str:
                page = run.worklog.removesuffix(".md") + ".html"
                return page if (archive / page).exists() else run.worklog

            write_atomically(archive / INDEX_HTML, index_html(render_index(runs, html_link)))
    return path
