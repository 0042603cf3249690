"""Reports built by hand: a realistic one, an empty one, and one with every optional section.

The realistic report mirrors the reference worklog's scenario; its numbers were worked out by
hand from the counts below so tests can check what the templates print.
"""

from __future__ import annotations

from datetime import UTC, datetime

from reportgen.model import Counts, InputStatus
from reportgen.report import (
    AuthenticityResult,
    CategoryChange,
    CategoryResult,
    CriterionResult,
    DurationRange,
    FailureGroup,
    FlakyTest,
    HealthResult,
    KnownIssueResult,
    Meta,
    MetricResult,
    Occurrence,
    Phase,
    Priority,
    Report,
    RunDiff,
    SlowTest,
    Status,
    SuiteLine,
    Suspect,
    TimingSummary,
)

STARTED = datetime(2025, 9, 13, 10, 46, 5, tzinfo=UTC)
FINISHED = datetime(2025, 9, 13, 10, 49, 40, tzinfo=UTC)

TRACEBACK = """Traceback (most recent call last):
  File "tests/e2e/test_1_websocket_events_staging.py", line 88, in test_websocket_connection
    async with websockets.connect(url, subprotocols=['jwt']) as ws:
websockets.exceptions.NegotiationError: no subprotocols supported"""


def _meta(**overrides: object) -> Meta:
    values: dict[str, object] = {
        "title": "E2E Ultimate Test Deploy Loop Worklog",
        "slug": "e2e-ultimate",
        "focus": "All Tests Focus",
        "session": "Ultimate Test Deploy Loop - All Tests Focus",
        "environment": "Staging GCP (netra-backend-staging)",
        "objective": "Execute comprehensive E2E test suite and remediate any failures",
        "framework": "Unified Test Runner + Direct Pytest",
        "mission": "COMPREHENSIVE E2E TESTING",
        "real_services": True,
        "timezone": "America/Los_Angeles",
        "date": "2025-09-13",
        "sequence": 3,
        "started": STARTED,
        "finished": FINISHED,
        "generated": FINISHED,
        "notes": {
            "context": "- Recent backend deployment: 2025-09-13T10:42:47Z\n- Services: all healthy",
            "open_issues": "- #724 (pytest dependency)\n- #712 (WebSocket SSOT)",
            "recommendations": (
                "1. **Fix WebSocket Subprotocol** in staging\n2. Re-run the E2E tests"
            ),
        },
    }
    values.update(overrides)
    return Meta.model_validate(values)


def _category(name: str, counts: Counts, duration: float, notable: list[str]) -> CategoryResult:
    return CategoryResult(
        name=name,
        counts=counts,
        pass_rate=counts.pass_rate(),
        duration=duration,
        real_services=True,
        notable=notable,
    )


CATEGORIES = [
    _category("WebSocket E2E", Counts(passed=1, failed=4), 12.4, ["KI-1 Subprotocol negotiation"]),
    _category("Agent Pipeline", Counts(passed=2, failed=4), 15.0, ["KI-1 Subprotocol negotiation"]),
    _category("Message Flow", Counts(passed=2, failed=2, errors=1), 11.2, ["KI-1"]),
    _category("Critical Path", Counts(passed=5, flaky=1, skipped=1), 9.9, []),
]
# Totals: passed 10, failed 10, errors 1, skipped 1, flaky 1 -> 23 tests, 22 run, 11 succeeded.
TOTAL = Counts(passed=10, failed=10, errors=1, skipped=1, flaky=1)


def _group() -> FailureGroup:
    return FailureGroup(
        signature="NegotiationError: no subprotocols supported",
        type="websockets.exceptions.NegotiationError",
        message="no subprotocols supported",
        count=10,
        share=100.0 * 10 / 11,
        categories=["WebSocket E2E", "Agent Pipeline", "Message Flow"],
        files=["junit/e2e.xml"],
        tests=[
            "tests.e2e.test_1_websocket_events_staging::test_websocket_connection",
            "tests.e2e.test_3_agent_pipeline_staging::test_pipeline_execution",
        ],
        tests_total=10,
        frames=["tests/e2e/test_1_websocket_events_staging.py:88"],
        first=Occurrence(
            test="tests.e2e.test_1::test_websocket_connection", file="junit/e2e.xml", line=12
        ),
        last=Occurrence(
            test="tests.e2e.test_2::test_ws_message_flow", file="junit/e2e.xml", line=98
        ),
        details=TRACEBACK,
        known_issue="KI-1",
        known_issue_title="WebSocket subprotocol negotiation",
        blocking=True,
    )


def _timeout_group() -> FailureGroup:
    return FailureGroup(
        signature="TimeoutError: message flow",
        type="TimeoutError",
        message="timed out after 30s",
        count=1,
        share=100.0 / 11,
        categories=["Message Flow"],
        files=["junit/e2e.xml"],
        tests=["tests.e2e.test_2::test_slow_flow"],
        tests_total=1,
        first=Occurrence(test="tests.e2e.test_2::test_slow_flow", file="junit/e2e.xml", line=120),
        last=Occurrence(test="tests.e2e.test_2::test_slow_flow", file="junit/e2e.xml", line=120),
        details="TimeoutError: timed out after 30s",
    )


def realistic_report(**overrides: object) -> Report:
    """A report like the reference worklog's run: 23 tests, one blocking failure group."""
    values: dict[str, object] = {
        "meta": _meta(),
        "counts": TOTAL,
        "pass_rate": TOTAL.pass_rate(),
        "pass_rate_formula": "(passed + flaky) / (tests - skipped) = 11 / 22",
        "categories": CATEGORIES,
        "health": HealthResult(
            value=50.0,
            formula="mean of category pass rates weighted by category weight",
            excluding=87.3,
            excluded=["KI-1"],
            excluded_titles=["WebSocket subprotocol negotiation"],
        ),
        "criteria": [
            CriterionResult(
                name="P1 Critical",
                scope=["Critical Path"],
                target=">95%",
                actual=100.0,
                status=Status.ACHIEVED,
                reason="100.0% >= 95% (+5.0 pts)",
            ),
            CriterionResult(
                name="WebSocket/Agent",
                scope=["WebSocket E2E"],
                target=">85%",
                actual=20.0,
                status=Status.BLOCKED,
                reason="blocked by KI-1",
                blocked_by=["KI-1"],
            ),
            CriterionResult(
                name="Overall",
                scope=["overall"],
                target=">90%",
                actual=87.3,
                status=Status.NEAR,
                reason="87.3% is 2.7 pts under 90%",
            ),
        ],
        "groups": [_group(), _timeout_group()],
        "failures_total": 11,
        "known_issues": [
            KnownIssueResult(
                id="KI-1",
                title="WebSocket subprotocol negotiation",
                priority="P0",
                blocks=True,
                matched=10,
                url="https://issues.test/KI-1",
            ),
        ],
        "priorities": [
            Priority(
                level="P1",
                title="Message flow timeout",
                impact="1 failure in Message Flow",
                action="Investigate the slow flow",
                signature="TimeoutError: message flow",
                new_issue=True,
            ),
            Priority(
                level="P0",
                title="WebSocket subprotocol negotiation",
                impact="10 failures (90.9%) in 3 categories",
                action="Configure the backend to accept the 'jwt' subprotocol",
                known_issue="KI-1",
            ),
        ],
        "metrics": [
            MetricResult(
                name="API response time",
                unit="ms",
                actual=85.0,
                statistic="p95",
                target=100.0,
                status=Status.ACHIEVED,
                samples=40,
            ),
            MetricResult(
                name="Agent startup",
                unit="ms",
                actual=620.0,
                statistic="mean",
                target=500.0,
                status=Status.MISSED,
                samples=5,
            ),
        ],
        "timing": TimingSummary(
            total_time=48.5,
            wall_clock=215.0,
            by_category={c.name: c.duration for c in CATEGORIES},
            slowest=[
                SlowTest(
                    test="tests.e2e.test_3::test_pipeline", category="Agent Pipeline", duration=3.1
                )
            ],
        ),
        "authenticity": AuthenticityResult(
            checked=["WebSocket E2E", "Agent Pipeline"],
            ranges=[DurationRange(category="WebSocket E2E", tests=5, min=2.0, median=2.4, max=3.0)],
            suspects=[],
            threshold=0.05,
        ),
        "phases": [
            Phase(
                name="Direct E2E Test Execution",
                inputs=["junit/e2e.xml"],
                command="pytest tests/e2e --junitxml=junit/e2e.xml",
                status=InputStatus.OK,
                counts=TOTAL,
                duration=48.5,
                suites=[
                    SuiteLine(
                        name="test_1_websocket_events_staging",
                        counts=Counts(passed=1, failed=4),
                        duration=12.4,
                        pass_rate=20.0,
                    ),
                    SuiteLine(
                        name="test_10_critical_path_staging",
                        counts=Counts(passed=5, flaky=1, skipped=1),
                        duration=9.9,
                        pass_rate=100.0,
                    ),
                ],
            ),
        ],
        "overall": Status.NEAR,
        "headline": "NEAR TARGET: health 50.0% (87.3% excluding KI-1); 23 tests, 11 failed",
    }
    values.update(overrides)
    return Report.model_validate(values)


def empty_report() -> Report:
    """No tests at all and nothing optional: only the always-present sections remain."""
    return Report(
        meta=Meta(title="Empty Run", slug="empty", date="2025-01-02", generated=STARTED),
        counts=Counts(),
        pass_rate=None,
        pass_rate_formula="(passed + flaky) / (tests - skipped); no test ran",
        categories=[],
        health=HealthResult(value=None, formula="no category has a pass rate"),
        timing=TimingSummary(total_time=0.0),
        overall=Status.NO_DATA,
        headline="NO DATA: no tests ran",
    )


def full_report() -> Report:
    """Every optional section present: diff, flaky tests, suspects, notices, problems."""
    report = realistic_report()
    phase = report.phases[0].model_copy(
        update={"status": InputStatus.PARTIAL, "problems": ["junit/e2e.xml:140: file ends early"]}
    )
    rejected = Phase(
        name="Broken shard",
        inputs=["junit/shard-2.xml"],
        status=InputStatus.REJECTED,
        counts=Counts(),
        duration=0.0,
        suites=[],
        problems=["junit/shard-2.xml: not XML (line 1)"],
    )
    authenticity = report.authenticity.model_copy(  # type: ignore[union-attr]
        update={
            "suspects": [
                Suspect(
                    test="tests.e2e.test_1::test_health",
                    category="WebSocket E2E",
                    reason="0.001s, under the 0.05s threshold",
                )
            ]
        }
    )
    return report.model_copy(
        update={
            "phases": [phase, rejected],
            "authenticity": authenticity,
            "diff": RunDiff(
                baseline="worklogs/2025-09-13-02.json",
                baseline_date="2025-09-13",
                new_failures=["tests.e2e.test_2::test_slow_flow"],
                fixed=["tests.e2e.test_10::test_basic"],
                still_failing=["tests.e2e.test_1::test_websocket_connection"],
                new_tests=["tests.e2e.test_10::test_new"],
                removed_tests=["tests.e2e.test_old::test_gone"],
                categories=[CategoryChange(name="Message Flow", before=60.0, after=40.0)],
                resolved_known_issues=["KI-9"],
                counts_before=Counts(passed=12, failed=9, skipped=2),
            ),
            "flaky": [
                FlakyTest(
                    test="tests.e2e.test_10::test_retry",
                    reason="passed after rerun",
                    flips=3,
                    runs=10,
                    flip_rate=30.0,
                    last_failure="2025-09-13",
                )
            ],
            "notices": ["junit/e2e.xml: declares 24 tests, contains 23"],
            "known_issues_not_seen": ["KI-7"],
            "meta": report.meta.model_copy(
                update={"notes": {**report.meta.notes, "final_status": "Core **excellent**."}}
            ),
        }
    )
