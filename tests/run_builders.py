"""Small hand-built Runs and Reports, and a way to archive them, for the archive, history and
delivery tests."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reportgen.archive.sidecar import Sidecar
from reportgen.deliver.archive import HTML, SIDECAR, WORKLOG, commit_run, reserve_run
from reportgen.deliver.index import write_index
from reportgen.model import Counts, InputFile, Outcome, Run, Suite, TestCase
from reportgen.report import (
    CategoryResult,
    HealthResult,
    KnownIssueResult,
    Meta,
    Report,
    Status,
    TimingSummary,
)

P, F, E, S, K = Outcome.PASSED, Outcome.FAILED, Outcome.ERROR, Outcome.SKIPPED, Outcome.FLAKY


def case(
    name: str,
    outcome: Outcome,
    classname: str = "pkg.Mod",
    duration: float = 0.25,
    input: int = 0,
    line: int = 1,
) -> TestCase:
    return TestCase(
        name=name,
        classname=classname,
        suite=("suite",),
        outcome=outcome,
        duration=duration,
        input=input,
        source_line=line,
    )


def run_of(
    outcomes: dict[str, Outcome],
    *,
    complete: bool = True,
    path: str = "shard.xml",
    started: datetime | None = None,
) -> Run:
    """A one-input run with a case per entry of `outcomes` (identity `pkg.Mod::<name>`)."""
    cases = [case(name, outcome, line=i + 1) for i, (name, outcome) in enumerate(outcomes.items())]
    counts = Counts.of(dict(Counter(c.outcome for c in cases)))
    if not complete:
        cases = [c for c in cases if c.outcome in (F, E)]
    return Run(
        inputs=[InputFile(path=path, counts=counts, suites=1)],
        suites=[Suite(path=("suite",), input=0, source_line=1, counts=counts)],
        cases=cases,
        cases_complete=complete,
        counts=counts,
        started=started or datetime(2025, 1, 2, 3, 4, tzinfo=UTC),
    )


def report_of(
    run: Run,
    *,
    slug: str = "nightly",
    date: str = "2025-01-02",
    sequence: int = 1,
    health: float | None = None,
    categories: dict[str, float | None] | None = None,
    known: dict[str, int] | None = None,
) -> Report:
    rate = run.counts.pass_rate()
    return Report(
        meta=Meta(
            title="Nightly",
            slug=slug,
            date=date,
            sequence=sequence,
            generated=datetime(2025, 1, 2, 4, 0, tzinfo=UTC),
        ),
        counts=run.counts,
        pass_rate=rate,
        pass_rate_formula="passed / (run - skipped)",
        categories=[
            CategoryResult(name=n, counts=Counts(), pass_rate=r, duration=0.0)
            for n, r in (categories or {}).items()
        ],
        health=HealthResult(value=rate if health is None else health, formula="mean"),
        known_issues=[
            KnownIssueResult(id=i, title=i, priority="P1", blocks=False, matched=m)
            for i, m in (known or {}).items()
        ],
        timing=TimingSummary(total_time=sum(c.duration for c in run.cases)),
        overall=Status.ACHIEVED if not run.counts.unsuccessful else Status.MISSED,
        headline=f"{run.counts.total} tests",
    )


@dataclass(frozen=True)
class Archived:
    worklog: Path
    sidecar: Path
    html: Path | None
    sequence: int


def archive_run(
    archive: Path,
    run: Run,
    *,
    slug: str = "nightly",
    date: str = "2025-01-02",
    html: bool = False,
    report: Report | None = None,
) -> Archived:
    """Archive `run` as the next run of `slug` on `date`, as `render --archive` does: reserve,
    write a one-line worklog naming its number, commit with the sidecar, refresh the index."""
    with reserve_run(archive, slug, date, html=html) as reserved:
        number = reserved.number
        dated = (report or report_of(run, slug=slug, date=date)).numbered(number)
        page = f"<h1>{number}</h1>" if html else None
        commit_run(
            reserved, f"# {slug} {date}-{number:02d}\n", Sidecar(run=run, report=dated), page
        )
    write_index(archive, html=html)
    paths = reserved.paths
    return Archived(paths[WORKLOG], paths[SIDECAR], paths.get(HTML), number)
