"""Report -> the facts the worklog's prose is written from (`Story`).

The Executive Summary, the Overall Assessment and the closing Outcome are sentences; the
words are in their templates (`sections/executive_summary.md.j2`, `success_criteria.md.j2`,
`outcome.md.j2`), which a team can override, and every number in them is computed here, the
same way the tables compute it. Nothing here depends on anything but the report, so the same
run always reads the same.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from reportgen.analyze.criteria import shortfall
from reportgen.analyze.figures import counts_parts
from reportgen.percent import format_percent
from reportgen.report import (
    CriterionResult,
    FailureGroup,
    MetricResult,
    Priority,
    Report,
    Status,
)
from reportgen.text import plural

CAUSES = 2  # causes the summary names at most
CAUSES_ENOUGH = 50.0  # a second cause is named only when the first explains less than this %
NEXT_ACTIONS = 3
_NOT_MET = (Status.MISSED, Status.BLOCKED, Status.NEAR)


class CriterionFact(BaseModel):
    name: str  # written in the configuration; escaped as text
    actual: str
    target: str
    status: str
    short: str | None  # "1.9 points", when it misses


class CauseFact(BaseModel):
    title: str  # untrusted, or a known issue's title (`written`)
    written: bool
    known_issue: str | None  # written in the configuration
    count: int
    share: str  # "60.0%"
    categories: list[str]  # untrusted


class MetricFact(BaseModel):
    name: str  # untrusted
    actual: str  # with its unit: untrusted unit
    target: str
    status: str


class ChangeFact(BaseModel):
    baseline: str  # untrusted
    baseline_date: str | None
    new_failures: int
    fixed: int
    still_failing: int
    pass_rate_before: str | None
    pass_rate_now: str


class ActionFact(BaseModel):
    level: str
    title: str  # untrusted, or written with `known_issue`
    action: str  # untrusted, or written with `known_issue`
    known_issue: bool
    signature: str | None  # a proposed issue's signature, shown as code


class Story(BaseModel):
    """What the prose sections say; numbers formatted, names raw (templates escape them)."""

    status: str
    met: bool  # the overall status is ACHIEVED or EXCEEDED
    objective: str | None  # written in the configuration
    tests: str  # "41 tests"
    breakdown: str  # "40 run, 35 passed (1 flaky), 5 failed, 1 skipped"
    categories: str  # "3 categories"
    inputs: str  # "9 report files"
    test_time: str
    wall_time: str | None
    total: int  # tests, skipped ones included
    failed: int  # failures and errors
    errors: int
    run: int
    health: str
    health_excluding: str | None
    health_target: CriterionFact | None  # the overall criterion, when there is one
    criteria_total: int
    criteria_met: list[str]  # names of the criteria met
    criteria_missed: list[CriterionFact]  # not met, the health target left out
    not_met: list[CriterionFact]  # every criterion not met, the health target included
    causes: list[CauseFact]  # the one or two causes behind most failures
    groups: int
    metrics_judged: int  # metrics with a target and a value
    metrics_met: int
    metrics_missed: list[MetricFact]
    change: ChangeFact | None
    holds: list[str]  # criteria met, or with no criteria the categories at 100%
    next_actions: list[ActionFact]


def _criterion(c: CriterionResult) -> CriterionFact:
    short = shortfall(c.actual, c.target)
    return CriterionFact(
        name=c.name,
        actual=format_percent(c.actual),
        target=c.target,
        status=c.status.value,
        short=f"{short:.1f} points" if short is not None else None,
    )


def _cause(group: FailureGroup) -> CauseFact:
    root = group.root_cause
    return CauseFact(
        title=group.known_issue_title or group.name or root,
        written=group.known_issue_title is not None or group.name is not None,
        known_issue=group.known_issue,
        count=group.count,
        share=format_percent(group.share),
        categories=group.categories,
    )


def _causes(groups: list[FailureGroup]) -> list[CauseFact]:
    """The first cause, and the second as well when the first explains less than half."""
    chosen = groups[:1]
    if groups and groups[0].share < CAUSES_ENOUGH:
        chosen = groups[:CAUSES]
    return [_cause(g) for g in chosen]


def _metric(m: MetricResult) -> MetricFact:
    def shown(value: float | None) -> str:
        if value is None:
            return "n/a"
        text = f"{value:.3f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value)}"
        return f"{text} {m.unit}".rstrip()

    comparison = "<=" if m.better == "lower" else ">="
    return MetricFact(
        name=m.name,
        actual=shown(m.actual),
        target=f"{comparison} {shown(m.target)}",
        status=m.status.value,
    )


def _change(report: Report) -> ChangeFact | None:
    diff = report.diff
    if diff is None:
        return None
    # the rule this run's pass rate was computed by: errors count as failures unless a
    # rate without them is what the report holds
    counts = report.counts
    eaf = not (counts.errors and report.pass_rate == counts.pass_rate(False))
    before = diff.counts_before.pass_rate(eaf) if diff.counts_before is not None else None
    return ChangeFact(
        baseline=diff.baseline,
        baseline_date=diff.baseline_date,
        new_failures=len(diff.new_failures),
        fixed=len(diff.fixed),
        still_failing=len(diff.still_failing),
        pass_rate_before=format_percent(before) if diff.counts_before is not None else None,
        pass_rate_now=format_percent(report.pass_rate),
    )


def _actions(report: Report) -> list[ActionFact]:
    order = {"P0": 0, "P1": 1, "P2": 2}
    ranked = sorted(report.priorities, key=lambda p: order.get(p.level, len(order)))
    return [
        ActionFact(
            level=p.level,
            title=p.title,
            action=p.action,
            known_issue=p.known_issue is not None,
            signature=proposed_signature(p),
        )
        for p in ranked[:NEXT_ACTIONS]
    ]


def proposed_signature(priority: Priority) -> str | None:
    """The signature of a proposed new issue whose action is the standard one (open an issue
    for it), so that templates word it and show the signature as code; None otherwise."""
    signature = priority.signature
    if not priority.new_issue or priority.known_issue is not None or signature is None:
        return None
    return signature if priority.action == f"Open an issue for signature `{signature}`" else None


def build_story(report: Report, seconds: Callable[[float | None], str]) -> Story:
    """The prose's facts; `seconds` formats durations as the tables do."""
    overall = next((c for c in report.criteria if c.scope == ["overall"]), None)
    missed = [c for c in report.criteria if c.status in _NOT_MET and c is not overall]
    met = [c.name for c in report.criteria if c.status.ok]
    judged = [m for m in report.metrics if m.status is not Status.NO_DATA]
    holds = met
    if not report.criteria:
        holds = [
            c.name for c in report.categories if c.pass_rate is not None and c.pass_rate >= 100.0
        ]
    tests, breakdown = counts_parts(report.counts)
    health = report.health
    return Story(
        status=report.overall.value,
        met=report.overall.ok,
        objective=report.meta.objective,
        tests=tests,
        breakdown=breakdown,
        categories=plural(
            len([c for c in report.categories if c.counts.total]), "category", "categories"
        ),
        inputs=plural(sum(len(p.inputs) for p in report.phases), "report file"),
        test_time=seconds(report.timing.total_time),
        wall_time=seconds(report.timing.wall_clock)
        if report.timing.wall_clock is not None
        else None,
        total=report.counts.total,
        failed=report.counts.unsuccessful,
        errors=report.counts.errors,
        run=report.counts.executed,
        health=format_percent(health.value),
        health_excluding=format_percent(health.excluding) if health.excluding is not None else None,
        health_target=_criterion(overall) if overall is not None else None,
        criteria_total=len(report.criteria),
        criteria_met=met,
        criteria_missed=[_criterion(c) for c in missed],
        not_met=[_criterion(c) for c in report.criteria if c.status in _NOT_MET],
        causes=_causes(report.groups),
        groups=len(report.groups),
        metrics_judged=len(judged),
        metrics_met=len([m for m in judged if m.status.ok]),
        metrics_missed=[_metric(m) for m in judged if not m.status.ok],
        change=_change(report),
        holds=holds,
        next_actions=_actions(report),
    )
