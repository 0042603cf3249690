"""`<archive>/INDEX.md`: every archived run in a table, and a trend chart per worklog series.

The chart is a Mermaid `xychart-beta` (GitHub and GitLab render it) with one line for health
and one for pass rate over the last `CHART_RUNS` runs of each series; runs missing either figure
are left out of it and counted. The table lists the newest run first. The template
`index.md.j2` receives an `IndexView` and only lays it out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from itertools import groupby
from pathlib import Path

from reportgen.archive.store import RunRecord
from reportgen.percent import format_percent
from reportgen.render.environment import markdown_environment, render_template
from reportgen.render.html import render_html
from reportgen.text import plural

INDEX_TEMPLATE = "index.md.j2"
INDEX_TITLE = "Worklog archive"
CHART_RUNS = 50


@dataclass(frozen=True, slots=True)
class ChartView:
    plotted: int  # runs on the chart
    labels: list[str]  # `"MM-DD-NN"`, quoted for Mermaid
    health: list[str]
    pass_rates: list[str]
    left_out: str  # "N runs" of the window without both figures, or ""


@dataclass(frozen=True, slots=True)
class SeriesView:
    slug: str
    heading: bool  # several series: each gets its own heading
    chart: ChartView | None  # None: no run of the window has both figures


@dataclass(frozen=True, slots=True)
class RowView:
    date: str
    nn: str
    name: str
    link: str
    status: str
    health: str
    pass_rate: str
    passed: int
    failed: int
    errors: int
    skipped: int
    flaky: int
    total: int


@dataclass(frozen=True, slots=True)
class IndexView:
    archived: str  # "N runs"
    first_date: str
    last_date: str
    trends: list[SeriesView]
    rows: list[RowView]  # newest first


def trend(runs: list[RunRecord], limit: int = CHART_RUNS) -> ChartView | None:
    """The health / pass-rate chart of one series' `runs` (oldest first)."""
    plotted = [r for r in runs if r.health is not None and r.pass_rate is not None][-limit:]
    if not plotted:
        return None
    left_out = len([r for r in runs[-limit:] if r.health is None or r.pass_rate is None])
    return ChartView(
        plotted=len(plotted),
        labels=[f'"{r.date[5:]}-{r.sequence:02d}"' for r in plotted],
        health=[f"{r.health:.1f}" for r in plotted if r.health is not None],
        pass_rates=[f"{r.pass_rate:.1f}" for r in plotted if r.pass_rate is not None],
        left_out=plural(left_out, "run") if left_out else "",
    )


def _row(run: RunRecord, link: str) -> RowView:
    c = run.counts
    return RowView(
        date=run.date,
        nn=f"{run.sequence:02d}",
        name=Path(run.worklog).name,
        link=link,
        status=run.status,
        health=format_percent(run.health),
        pass_rate=format_percent(run.pass_rate),
        passed=c.passed,
        failed=c.failed,
        errors=c.errors,
        skipped=c.skipped,
        flaky=c.flaky,
        total=c.total,
    )


def index_view(runs: list[RunRecord], links: Mapping[str, str] | None = None) -> IndexView:
    """What the index shows, from runs oldest first. `links`: sidecar path -> link target
    (default: the run's worklog)."""
    by_slug = {
        slug: list(group)
        for slug, group in groupby(sorted(runs, key=lambda r: r.slug), key=lambda r: r.slug)
    }
    found = links or {}
    return IndexView(
        archived=plural(len(runs), "run"),
        first_date=runs[0].date if runs else "",
        last_date=runs[-1].date if runs else "",
        trends=[
            SeriesView(slug, len(by_slug) > 1, trend(group)) for slug, group in by_slug.items()
        ],
        rows=[_row(run, found.get(run.path, run.worklog)) for run in reversed(runs)],
    )


def render_index(runs: list[RunRecord], links: Mapping[str, str] | None = None) -> str:
    """The index as Markdown."""
    view = index_view(runs, links)
    fields = {name: getattr(view, name) for name in IndexView.__dataclass_fields__}
    fields["trends"] = [asdict(series) for series in view.trends]
    fields["rows"] = [asdict(row) for row in view.rows]
    return render_template(markdown_environment(), INDEX_TEMPLATE, fields)


def render_index_html(markdown: str) -> str:
    """The index as a standalone page, in the same shell as an HTML worklog."""
    return render_html(markdown, title=INDEX_TITLE)
