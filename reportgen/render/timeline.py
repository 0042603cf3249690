"""`reportgen history` as plain text: one line per archived run of each test, oldest first."""

from __future__ import annotations

from reportgen.analyze.timeline import MAX_TIMELINES, Timeline, TimelineAnswer
from reportgen.text import plural


def _seconds(value: float) -> str:
    return f"{value:.3f}s" if value < 10 else f"{value:.1f}s"


def format_timelines(answer: TimelineAnswer) -> str:
    if answer.timelines:
        parts = [_one_timeline(timeline) for timeline in answer.timelines]
        if answer.more_matches:
            parts.append(
                f"more than {MAX_TIMELINES} tests match {answer.asked!r}; narrow the pattern\n"
            )
        return "\n".join(parts)
    lines = [f"{answer.asked}: no archived outcome"]
    if answer.similar:
        lines.append("tests with a similar name:")
        lines.extend(f"  {name}" for name in answer.similar)
    return "\n".join(lines) + "\n"


def _one_timeline(timeline: Timeline) -> str:
    records, failures = timeline.records, timeline.failures
    summary = f"{timeline.test}: {plural(len(records), 'run')}, {len(failures)} failing"
    if failures:
        summary += f", last failure {failures[-1].date}-{failures[-1].sequence:02d}"
    rows = [
        (
            f"{r.date}-{r.sequence:02d}",
            r.slug,
            str(r.outcome),
            _seconds(r.duration),
            f"{r.path.removesuffix('.json')}.md"
            + ("" if r.cases_complete else "  (run kept failures only)"),
        )
        for r in records
    ]
    # every column as wide as its widest cell, so that runs of several worklogs line up
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [summary]
    for run, slug, outcome, seconds, path in rows:
        lines.append(
            f"{run:<{widths[0]}}  {slug:<{widths[1]}}  {outcome:<{widths[2]}}  "
            f"{seconds:>{widths[3]}}  {path}"
        )
    return "\n".join(lines) + "\n"
