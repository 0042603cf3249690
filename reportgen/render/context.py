"""Report -> the data templates get (`reportgen.render.view`).

Numbers are formatted and status markers chosen here, so templates only lay things out.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from reportgen.analyze.figures import DEFINITIONS, counts_text
from reportgen.analyze.flaky import RERUN
from reportgen.model import Counts, InputStatus
from reportgen.percent import format_percent
from reportgen.render.paths import with_shown_paths
from reportgen.render.story import build_story, proposed_signature
from reportgen.render.view import (
    Authenticity,
    Change,
    CriterionRow,
    Diff,
    Field,
    FlakyRow,
    Health,
    Icons,
    Issue,
    KnownIssue,
    Label,
    Marks,
    MatrixRow,
    MetricRow,
    Note,
    Occurrence,
    PhaseItem,
    PriorityItem,
    Range,
    SlowRow,
    SuiteRow,
    Suspect,
    TestList,
    TriageGroup,
    TriageRow,
    TriageView,
    WorklogContext,
)
from reportgen.report import (
    FailureGroup,
    KnownIssueResult,
    MetricResult,
    Phase,
    Report,
    RunDiff,
    Status,
    Triage,
    TriagedFailure,
)
from reportgen.report import Occurrence as ReportOccurrence
from reportgen.text import plural

NOTE_LABELS = {"context": "Context", "open_issues": "Open issues"}
TOP_GROUPS = 10
PRIORITY_LABELS = {"P0": "CRITICAL", "P1": "HIGH", "P2": "MEDIUM"}
RERUN_REASON = "failed, passed on rerun"
TRIAGE_ORDER = ["new", "still failing", "known flaky", "quarantined", "not compared"]


def seconds(value: float | None) -> str:
    """3.60s, 15m 02s, 1h 02m 03s."""
    if value is None:
        return "n/a"
    if value < 60:
        return f"{value:.2f}s"
    whole = round(value)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m {secs:02d}s"
    return f"{minutes}m {secs:02d}s"


def number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "n/a"
    text = f"{value:.3f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value)}"
    return f"{text} {unit}".rstrip() if unit else text


def time_range(started: datetime | None, finished: datetime | None, zone: str) -> str | None:
    """`2025-09-13 03:46-03:49 PDT` in the configured zone; both dates when days differ."""
    if started is None:
        return None
    tz = ZoneInfo(zone)
    start = started.astimezone(tz)
    if finished is None:
        return f"{start:%Y-%m-%d %H:%M} {start:%Z}"
    end = finished.astimezone(tz)
    if end.date() == start.date():
        return f"{start:%Y-%m-%d %H:%M}-{end:%H:%M} {end:%Z}"
    return f"{start:%Y-%m-%d %H:%M} - {end:%Y-%m-%d %H:%M} {end:%Z}"


def _title(report: Report) -> str:
    meta = report.meta
    parts = [meta.title] + ([meta.focus] if meta.focus else [])
    return " - ".join([*parts, f"{meta.date}-{meta.sequence:02d}"])


def _header(report: Report) -> list[Field]:
    meta = report.meta
    when = time_range(meta.started, meta.finished, meta.timezone)
    pairs = [
        ("Date", when),
        ("Session", meta.session),
        ("Environment", meta.environment),
        ("Objective", meta.objective),
    ]
    return [Field(label=label, value=value) for label, value in pairs if value]


def _notes(report: Report, keys: dict[str, str]) -> list[Note]:
    notes = report.meta.notes
    return [Note(label=label, markdown=notes[key]) for key, label in keys.items() if notes.get(key)]


def _execution(report: Report, marks: Marks) -> list[Field]:
    meta, timing = report.meta, report.timing
    # each figure's meaning is stated once, in the definitions (`figures.DEFINITIONS`)
    pairs: list[tuple[str, str | None]] = [
        ("Tests", counts_text(report.counts)),
        ("Test Time", seconds(timing.total_time)),
        ("Wall Time", seconds(timing.wall_clock) if timing.wall_clock is not None else None),
        (
            "Test Time by Category",
            ", ".join(f"{name} {seconds(t)}" for name, t in timing.by_category.items())
            if len(timing.by_category) > 1
            else None,
        ),
        ("Environment", meta.environment),
        ("Test Framework", meta.framework),
    ]
    if meta.real_services is not None:
        real = report.authenticity.checked if report.authenticity else []
        value = f"{marks.ok} Yes" if meta.real_services else f"{marks.warn} No"
        if real:
            value += (
                f" ({plural(len(real), 'category', 'categories')} marked as using real services)"
            )
        pairs.append(("Real Services", value))
    return [Field(label=label, value=value) for label, value in pairs if value]


def _known_issue(issue: KnownIssueResult) -> KnownIssue:
    link = issue.url if issue.url and re.match(r"^https?://", issue.url, re.IGNORECASE) else None
    return KnownIssue(
        id=issue.id,
        title=issue.title,
        priority=issue.priority,
        matched=issue.matched,
        blocks=issue.blocks,
        action=issue.action,
        url=link,
    )


def _extra(counts: Counts) -> list[str]:
    extra = []
    if counts.errors:
        extra.append(plural(counts.errors, "error"))
    if counts.skipped:
        extra.append(f"{counts.skipped} skipped")
    if counts.flaky:
        extra.append(f"{counts.flaky} flaky (passed on rerun)")
    return extra


def _matrix_row(
    name: str, counts: Counts, rate: float | None, notable: list[Label], mark: str, bold: bool
) -> MatrixRow:
    extra = _extra(counts)
    if counts.executed and not counts.unsuccessful:
        extra.insert(0, "all passed")
    return MatrixRow(
        name=name,
        run=counts.executed,
        passed=counts.succeeded,
        failed=counts.unsuccessful,
        pass_rate=format_percent(rate),
        mark=mark,
        notable=notable,
        extra=extra,
        bold=bold,
    )


_WORST_FIRST = (Status.MISSED, Status.BLOCKED, Status.NEAR, Status.NO_DATA)


def criterion_status(report: Report, category: str) -> Status | None:
    """The status a category's pass rate is marked with: that of the criteria judging it alone,
    and the misses of criteria pooling it with others (a pooled figure that is met says
    nothing of each part); the worst when several apply, None when none does. The overall
    criterion judges health, not a row."""
    found = [
        c.status
        for c in report.criteria
        if c.scope == [category]
        or (category in c.scope and c.scope != ["overall"] and c.status in _WORST_FIRST[:3])
    ]
    if not found:
        return None
    return next((s for s in _WORST_FIRST if s in found), found[0])


def _matrix(report: Report, marks: Marks) -> list[MatrixRow]:
    # a notable label is a known issue's "id title" (written in the configuration) or a
    # failure signature (test data)
    written = {f"{k.id} {k.title}" for k in report.known_issues}
    rows = []
    for category in report.categories:
        name = f"{category.name} (no category matched)" if category.unmatched else category.name
        notable = [Label(text=text, written=text in written) for text in category.notable]
        # the pass rate is marked as its criterion judged it, and left unmarked without one
        status = criterion_status(report, category.name)
        mark = marks.status(status) if status is not None else ""
        counts, rate = category.counts, category.pass_rate
        rows.append(_matrix_row(name, counts, rate, notable, mark, True))
    return rows


def _definitions(report: Report) -> list[Field]:
    fields = [Field(label=term, value=meaning) for term, meaning in DEFINITIONS]
    fields.insert(4, Field(label="Pass rate", value=report.pass_rate_formula))
    return fields


def _health(report: Report) -> Health:
    health = report.health
    excluded = [
        f"{issue} {title}".strip()
        for issue, title in zip(
            health.excluded,
            [*health.excluded_titles, *[""] * len(health.excluded)],
            strict=False,
        )
    ]
    return Health(
        value=format_percent(health.value),
        excluding=format_percent(health.excluding) if health.excluding is not None else None,
        excluded=excluded,
        formula=health.formula,
    )


def _metric(metric: MetricResult, marks: Marks) -> MetricRow:
    comparison = "<=" if metric.better == "lower" else ">="
    target = f"{comparison} {number(metric.target)}" if metric.target is not None else "-"
    detail = metric.statistic
    if metric.samples > 1:
        detail += f" of {metric.samples} samples"
    return MetricRow(
        name=metric.name,
        actual=number(metric.actual),
        actual_unit=metric.unit if metric.actual is not None else "",
        target=target,
        target_unit=metric.unit if metric.target is not None else "",
        status=metric.status.value,
        mark=marks.status(metric.status),
        detail=detail,
    )


def _occurrence(occurrence: ReportOccurrence) -> Occurrence:
    line = f":{occurrence.line}" if occurrence.line is not None else ""
    return Occurrence(
        where=f"{occurrence.file}{line}", test=occurrence.test, location=occurrence.location
    )


def _issue(number_: int, group: FailureGroup, report: Report, marks: Marks) -> Issue:
    scope = f"{format_percent(group.share)} of failures ({group.count} of {report.failures_total})"
    root_cause = group.root_cause
    written = group.known_issue_title or group.name  # from the configuration
    title = written or root_cause
    return Issue(
        number=number_,
        title=title,
        title_written=written is not None,
        root_cause=root_cause,
        # under a heading that already reads as the root cause, the line would repeat it
        root_cause_line=root_cause if written is not None else None,
        mark=marks.blocked if group.blocking else marks.fail,
        known_issue=group.known_issue,
        signature=group.signature,
        type=group.type,
        message=group.message,
        count=group.count,
        count_text=plural(group.count, "failure"),
        scope=scope,
        categories=group.categories,
        files=group.files,
        frames=group.frames,
        locations=group.locations,
        spellings=group.spellings,
        first=_occurrence(group.first),
        last=_occurrence(group.last),
        details=group.details,
        tests=group.tests,
        tests_more=max(0, group.tests_total - len(group.tests)),
        blocking=group.blocking,
    )


def _authenticity(report: Report) -> Authenticity | None:
    result = report.authenticity
    if result is None:
        return None
    return Authenticity(
        checked=result.checked,
        ranges=[
            Range(
                category=r.category,
                tests=r.tests,
                min=seconds(r.min),
                median=seconds(r.median),
                max=seconds(r.max),
            )
            for r in result.ranges
        ],
        suspects=[
            Suspect(test=s.test, category=s.category, reason=s.reason) for s in result.suspects
        ],
        threshold=seconds(result.threshold),
        clean=result.clean,
        unjudged=result.unjudged,
    )


def _priorities(report: Report) -> list[PriorityItem]:
    order = {level: index for index, level in enumerate(PRIORITY_LABELS)}
    ranked = sorted(report.priorities, key=lambda p: order.get(p.level, len(order)))
    return [
        PriorityItem(
            level=p.level,
            label=PRIORITY_LABELS.get(p.level, p.level),
            title=p.title,
            impact=p.impact,
            action=p.action,
            reference=p.known_issue or ("proposed new issue" if p.new_issue else None),
            known_issue=p.known_issue is not None,
            # a proposed issue's action names its signature: the template writes the words
            # and shows the signature as code, rather than quoting it inside escaped text
            new_issue_signature=proposed_signature(p),
        )
        for p in ranked
    ]


def _criteria(report: Report, marks: Marks) -> list[CriterionRow]:
    return [
        CriterionRow(
            name=c.name,
            target=c.target,
            actual=format_percent(c.actual),
            status=c.status.value,
            mark=marks.status(c.status),
            reason=c.reason,
        )
        for c in report.criteria
    ]


def _delta(before: float | None, after: float | None) -> str:
    if before is None or after is None:
        return "n/a"
    return f"{after - before:+.1f} pts"


def _diff(diff: RunDiff | None, report: Report) -> Diff | None:
    if diff is None:
        return None
    summary = f"now {counts_text(report.counts)}"
    if diff.counts_before is not None:
        summary = f"before {counts_text(diff.counts_before)}; {summary}"
    lists = [
        TestList(label="New failures", tests=diff.new_failures, passing=False),
        TestList(label="Still failing", tests=diff.still_failing, passing=False),
        TestList(label="Fixed (failed before, pass now)", tests=diff.fixed, passing=True),
        TestList(label="New tests", tests=diff.new_tests, passing=True),
        TestList(label="Removed tests", tests=diff.removed_tests, passing=True),
    ]
    return Diff(
        baseline=diff.baseline,
        baseline_date=diff.baseline_date,
        summary=summary,
        categories=[
            Change(
                name=c.name,
                before=format_percent(c.before),
                after=format_percent(c.after),
                delta=_delta(c.before, c.after),
            )
            for c in diff.categories
        ],
        lists=[item for item in lists if item.tests],
        resolved_known_issues=diff.resolved_known_issues,
    )


def _triage_row(failure: TriagedFailure) -> TriageRow:
    note = f"quarantined: {failure.ticket}" if failure.ticket else ""
    if failure.expired_ticket:
        note = f"{note}; " if note else note
        note += f"quarantine {failure.expired_ticket} expired"
    return TriageRow(test=failure.test, kind=failure.triage.value, owners=failure.owners, note=note)


def _triage(report: Report) -> TriageView | None:
    found: Triage | None = report.triage
    if found is None or not (found.failures or found.fixed or found.quarantine):
        return None
    kinds = [k for k in TRIAGE_ORDER if found.counts.get(k) or k != "not compared"]
    if found.baseline is None:
        kinds = [k for k in kinds if k not in ("new", "still failing")]
    total = ["Total", *(str(found.counts.get(k, 0)) for k in kinds), str(len(found.failures))]
    counts = [total]
    rows = {f.test: _triage_row(f) for f in found.failures}
    groups = [TriageGroup(owner="", rows=list(rows.values()))]
    if found.group_by_owner and found.by_owner:
        counts = [
            [g.owner, *(str(g.counts.get(k, 0)) for k in kinds), str(len(g.tests))]
            for g in found.by_owner
        ] + [total]
        groups = [
            TriageGroup(owner=g.owner, rows=[rows[t] for t in g.tests]) for g in found.by_owner
        ]
    where = found.quarantine_file or ""
    return TriageView(
        lead=found.lead,
        baseline=found.baseline,
        columns=[
            "Owner" if len(counts) > 1 else "Failing tests",
            *(k.capitalize() for k in kinds),
            "Total",
        ],
        counts=counts,
        groups=groups if found.failures else [],
        fixed=TestList(label="Fixed (failed before, pass now)", tests=found.fixed, passing=True)
        if found.fixed
        else None,
        quarantine=[
            [
                q.ticket,
                q.pattern,
                q.expires,
                q.state.value,
                str(len(q.matched)),
                f"{where}:{q.line}" if q.line else where,
            ]
            for q in found.quarantine
        ],
        owners_file=found.owners_file,
    )


def _phase_status(phase: Phase) -> str:
    if phase.status is InputStatus.REJECTED:
        return "REJECTED"
    if phase.status is InputStatus.PARTIAL:
        return "PARTIAL"
    if phase.counts.unsuccessful:
        return "FAILED"
    return "COMPLETED"


def _phase_mark(status: str, marks: Marks) -> str:
    return {"REJECTED": marks.blocked, "PARTIAL": marks.warn, "FAILED": marks.fail}.get(
        status, marks.ok
    )


def _phases(report: Report, marks: Marks) -> list[PhaseItem]:
    items = []
    for number_, phase in enumerate(report.phases, start=1):
        status = _phase_status(phase)
        items.append(
            PhaseItem(
                number=number_,
                name=phase.name,
                status=status,
                mark=_phase_mark(status, marks),
                command=phase.command,
                inputs=phase.inputs,
                counts=counts_text(phase.counts),
                duration=seconds(phase.duration),
                suites=[
                    SuiteRow(
                        name=s.name,
                        mark=marks.rate(s.pass_rate),
                        counts=counts_text(s.counts),
                        duration=seconds(s.duration),
                        pass_rate=format_percent(s.pass_rate),
                    )
                    for s in phase.suites
                ],
                problems=phase.problems,
            )
        )
    return items


def _flaky(report: Report) -> list[FlakyRow]:
    return [
        FlakyRow(
            test=f.test,
            reason=RERUN_REASON if f.reason == RERUN else f.reason,
            # flips are counted over archived runs: with this run alone there are none to count
            flips=f"{f.flips} of {f.runs} runs" if f.runs > 1 else "-",
            flip_rate=format_percent(f.flip_rate) if f.flip_rate is not None else "-",
            last_failure=f.last_failure or "-",
        )
        for f in report.flaky
    ]


def _missed(status: Status) -> bool:
    return status in (Status.MISSED, Status.BLOCKED, Status.NEAR)


def _final_status(report: Report) -> Note | None:
    note = report.meta.notes.get("final_status")
    return Note(label="Final Status", markdown=note) if note else None


def build_context(report: Report, *, ascii: bool = False) -> WorklogContext:
    """The template context of a worklog (and of the PR profile, which cuts it down)."""
    report = with_shown_paths(report)
    marks = Marks.make(ascii)
    met = [m for m in report.metrics if m.status.ok]
    total_counts = report.counts
    successes = [
        c.name for c in report.categories if c.pass_rate is not None and c.pass_rate >= 100.0
    ]
    return WorklogContext(
        ascii=ascii,
        marks=marks,
        icons=Icons.make(ascii),
        title=_title(report),
        mission=report.meta.mission,
        overall=report.overall.value,
        overall_mark=marks.status(report.overall),
        headline=report.headline,
        header=_header(report),
        focus=report.meta.focus,
        notes=_notes(report, NOTE_LABELS),
        known_issues=[_known_issue(k) for k in report.known_issues],
        known_issues_not_seen=report.known_issues_not_seen,
        execution=_execution(report, marks),
        slowest=[
            SlowRow(test=s.test, category=s.category, duration=seconds(s.duration))
            for s in report.timing.slowest
        ],
        matrix=_matrix(report, marks),
        # no criterion judges the pooled pass rate (the overall one judges health)
        matrix_total=_matrix_row("Total", total_counts, report.pass_rate, [], "", True),
        definitions=_definitions(report),
        pass_rate_formula=report.pass_rate_formula,
        health=_health(report),
        successes=successes,
        metrics_met=[_metric(m, marks) for m in met],
        metrics_met_number=len(successes) + 1,
        issues=[_issue(n, g, report, marks) for n, g in enumerate(report.groups[:TOP_GROUPS], 1)],
        other_groups=[
            _issue(n, g, report, marks)
            for n, g in enumerate(report.groups[TOP_GROUPS:], TOP_GROUPS + 1)
        ],
        failures_total=report.failures_total,
        groups_total=len(report.groups),
        groups_text=plural(len(report.groups), "group"),
        metrics=[_metric(m, marks) for m in report.metrics],
        metrics_missed=[_metric(m, marks) for m in report.metrics if _missed(m.status)],
        authenticity=_authenticity(report),
        priorities=_priorities(report),
        criteria=_criteria(report, marks),
        recommendations=next(iter(_notes(report, {"recommendations": "Recommendations"})), None),
        final_status=_final_status(report),
        diff=_diff(report.diff, report),
        flaky=_flaky(report),
        triage=_triage(report),
        phases=_phases(report, marks),
        notices=report.notices,
        generated=report.meta.generated.isoformat(timespec="seconds"),
        story=build_story(report, seconds),
    )
