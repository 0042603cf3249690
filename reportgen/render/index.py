"""`<archive>/INDEX.md`: every archived run in a table, and a trend chart per worklog series.

Each series' chart covers its last `CHART_RUNS` runs: health, pass rate, the overall
criterion's target and failures per run (`reportgen.render.chart` draws it). INDEX.md holds it
as Mermaid `xychart-beta` (GitHub and GitLab render it); INDEX.html as inline SVG. Runs missing
either figure are left out of it and counted. A series is named by its configured title where
the caller knows it (`series_facts` of its newest report), else by its slug. The table lists
the newest run first; each link shows the name of the file it opens. The template
`index.md.j2` receives an `IndexView` and only lays it out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from itertools import groupby
from pathlib import Path

from reportgen.archive.store import RunRecord
from reportgen.config import parse_target
from reportgen.percent import format_percent
from reportgen.render.chart import Trend, mermaid
from reportgen.render.environment import markdown_environment, render_template
from reportgen.render.html import render_html
from reportgen.report import Report
from reportgen.text import plural

INDEX_TEMPLATE = "index.md.j2"
INDEX_TITLE = "Worklog archive"
CHART_RUNS = 50


@dataclass(frozen=True, slots=True)
class SeriesFacts:
    """What the history does not hold about a series: its newest report's configuration."""

    title: str
    target: float | None = None  # the overall criterion's target, percent
    target_label: str = ""  # as written, e.g. ">95%"


def series_facts(report: Report) -> SeriesFacts:
    """The title and the overall criterion's target (the first, if several) of `report`; a
    target a chart cannot place (not a percentage from 0 to 100) is left off."""
    overall = [c for c in report.criteria if c.scope == ["overall"]]
    if not overall:
        return SeriesFacts(report.meta.title)
    try:
        target = parse_target(overall[0].target)
    except ValueError:
        return SeriesFacts(report.meta.title)
    if target.unit != "%" or not 0 <= target.value <= 100:
        return SeriesFacts(report.meta.title)
    return SeriesFacts(report.meta.title, target.value, overall[0].target)


@dataclass(frozen=True, slots=True)
class ChartView:
    plotted: int  # runs on the chart
    runs: str  # "N runs" on the chart
    percent: str  # Mermaid source of the health / pass rate / target chart
    failures: str  # Mermaid source of the failures chart
    target: str  # the target's legend entry, or ""
    coincide: bool  # health equals pass rate on every run
    left_out: str  # "N runs" of the window without both figures, or ""


@dataclass(frozen=True, slots=True)
class SeriesView:
    slug: str
    title: str  # the configured title, or the slug
    heading: bool  # several series: each gets its own heading
    chart: ChartView | None  # None: no run of the window has both figures
    trend: Trend | None  # what the chart shows


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


def trend(runs: list[RunRecord], facts: SeriesFacts, limit: int = CHART_RUNS) -> Trend | None:
    """The trend of one series' `runs` (oldest first): its last `limit` runs with both figures."""
    plotted = [r for r in runs if r.health is not None and r.pass_rate is not None][-limit:]
    if not plotted:
        return None
    return Trend(
        title=facts.title,
        labels=[r.label for r in plotted],
        health=[r.health for r in plotted if r.health is not None],
        pass_rate=[r.pass_rate for r in plotted if r.pass_rate is not None],
        failures=[r.counts.failed + r.counts.errors for r in plotted],
        target=facts.target,
        target_label=facts.target_label,
    )


def _chart(runs: list[RunRecord], drawn: Trend, limit: int = CHART_RUNS) -> ChartView:
    left_out = len([r for r in runs[-limit:] if r.health is None or r.pass_rate is None])
    percent, failures = mermaid(drawn)
    return ChartView(
        plotted=len(drawn.labels),
        runs=plural(len(drawn.labels), "run"),
        percent=percent,
        failures=failures,
        target=drawn.target_name if drawn.target is not None else "",
        coincide=drawn.coincide,
        left_out=plural(left_out, "run") if left_out else "",
    )


def _series(slug: str, runs: list[RunRecord], facts: SeriesFacts, several: bool) -> SeriesView:
    drawn = trend(runs, facts)
    chart = _chart(runs, drawn) if drawn is not None else None
    return SeriesView(slug, facts.title, several, chart, drawn)


def _row(run: RunRecord, link: str) -> RowView:
    c = run.counts
    return RowView(
        date=run.date,
        nn=f"{run.sequence:02d}",
        name=Path(link).name,
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


def index_view(
    runs: list[RunRecord],
    links: Mapping[str, str] | None = None,
    series: Mapping[str, SeriesFacts] | None = None,
) -> IndexView:
    """What the index shows, from runs oldest first. `links`: sidecar path -> link target
    (default: the run's worklog); `series`: slug -> its facts (default: named by the slug)."""
    by_slug = {
        slug: list(group)
        for slug, group in groupby(sorted(runs, key=lambda r: r.slug), key=lambda r: r.slug)
    }
    found = links or {}
    known = series or {}
    return IndexView(
        archived=plural(len(runs), "run"),
        first_date=runs[0].date if runs else "",
        last_date=runs[-1].date if runs else "",
        trends=[
            _series(slug, group, known.get(slug) or SeriesFacts(slug), len(by_slug) > 1)
            for slug, group in by_slug.items()
        ],
        rows=[_row(run, found.get(run.path, run.worklog)) for run in reversed(runs)],
    )


def _markdown(view: IndexView) -> str:
    fields = {name: getattr(view, name) for name in IndexView.__dataclass_fields__}
    fields["trends"] = [asdict(series) for series in view.trends]
    fields["rows"] = [asdict(row) for row in view.rows]
    return render_template(markdown_environment(), INDEX_TEMPLATE, fields)


def render_index(
    runs: list[RunRecord],
    links: Mapping[str, str] | None = None,
    series: Mapping[str, SeriesFacts] | None = None,
) -> str:
    """The index as Markdown."""
    return _markdown(index_view(runs, links, series))


def render_index_page(
    runs: list[RunRecord],
    links: Mapping[str, str] | None = None,
    series: Mapping[str, SeriesFacts] | None = None,
) -> str:
    """The index as a standalone page, in the same shell as an HTML worklog, its charts drawn
    as inline SVG."""
    view = index_view(runs, links, series)
    charts = [s.trend for s in view.trends if s.trend is not None]
    return render_html(_markdown(view), title=INDEX_TITLE, charts=charts, page="index")


def render_index_html(markdown: str) -> str:
    """The index Markdown as a standalone page; its charts stay Mermaid source
    (`render_index_page` draws them)."""
    return render_html(markdown, title=INDEX_TITLE, page="index")
