from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from analyze_builders import case, cat, config, fail, make_run

from reportgen.analyze import analyze
from reportgen.model import Counts, Notice, Run
from reportgen.render.markdown import render_markdown
from reportgen.report import Status

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
NEGOTIATION = "websockets.exceptions.NegotiationError: no subprotocols supported (req {n})"


def _staging_run() -> Run:
    """The reference scenario's counts (see samples/e2e-staging/README.md)."""
    cases = [
        case("frontend", classname="runner.Unified", input=1),
        fail(
            "database",
            classname="runner.Unified",
            input=1,
            message="ImportError while importing test module 'db/test_x.py'",
        ),
        fail(
            "unit",
            classname="runner.Unified",
            input=1,
            message="ModuleNotFoundError: No module named 'pytest_httpx'",
        ),
        *[case(n, "skipped", classname="runner.Unified", input=1) for n in ("api", "int", "e2e")],
    ]
    rows = {
        "ws": (1, 4),
        "agent": (2, 4),
        "msg": (2, 3),
        "crit": (6, 0),
        "apis": (8, 0),
        "auth": (3, 0),
    }
    for prefix, (passed, failed) in rows.items():
        cases += [case(f"p{i}", classname=f"e2e.{prefix}.T", duration=1.5) for i in range(passed)]
        cases += [
            fail(
                f"f{i}",
                classname=f"e2e.{prefix}.T",
                duration=2.0,
                message=NEGOTIATION.format(n=i * 7),
            )
            for i in range(failed)
        ]
    return make_run(cases, inputs=["results/e2e.xml", "results/unified_test_runner.xml"])


def _staging_config() -> Any:
    names = {
        "ws": "WebSocket E2E",
        "agent": "Agent Pipeline",
        "msg": "Message Flow",
        "crit": "Critical Path",
        "apis": "API Connectivity",
        "auth": "Authentication",
    }
    return config(
        worklog={"title": "Staging Worklog", "timezone": "America/Los_Angeles"},
        categories=[cat("Unified Test Runner", {"input": "*unified_test_runner.xml"})]
        + [cat(name, {"classname": f"e2e.{key}.*"}) for key, name in names.items()],
        criteria=[
            {"name": "P1 Critical", "scope": ["Critical Path"], "target": ">95%"},
            {
                "name": "WebSocket/Agent",
                "scope": ["WebSocket E2E", "Agent Pipeline"],
                "target": ">85%",
            },
            {"name": "Authentication", "scope": ["Authentication"], "target": ">90%"},
            {
                "name": "Integration",
                "scope": ["API Connectivity", "Message Flow"],
                "target": ">85%",
            },
            {"name": "Overall", "scope": "overall", "target": ">90%"},
        ],
        health={"exclude": ["#725"]},
        known_issues=[
            {
                "id": "#725",
                "title": "Subprotocol negotiation",
                "priority": "P0",
                "blocks": True,
                "match": {"message": "NegotiationError: no subprotocols supported"},
            },
            {
                "id": "#723",
                "title": "pytest plugin missing",
                "priority": "P1",
                "match": {"message": r"No module named 'pytest_\w+'"},
            },
            {"id": "#999", "title": "Not seen", "match": {"test": "nothing::*"}},
        ],
    )


def test_reference_scenario_numbers() -> None:
    report = analyze(_staging_run(), _staging_config(), now=NOW)
    assert report.counts == Counts(passed=23, failed=13, skipped=3)
    assert report.pass_rate == pytest.approx(100 * 23 / 36)
    assert [(c.name, round(c.pass_rate or 0, 1)) for c in report.categories] == [
        ("Unified Test Runner", 33.3),
        ("WebSocket E2E", 20.0),
        ("Agent Pipeline", 33.3),
        ("Message Flow", 40.0),
        ("Critical Path", 100.0),
        ("API Connectivity", 100.0),
        ("Authentication", 100.0),
    ]
    rates = [100 / 3, 20, 100 / 3, 40, 100, 100, 100]
    assert report.health.value == pytest.approx(sum(rates) / 7)  # 60.95
    assert report.health.excluding == pytest.approx((100 / 3 + 600) / 7)  # 90.48
    assert [(c.name, c.status) for c in report.criteria] == [
        ("P1 Critical", Status.EXCEEDED),
        ("WebSocket/Agent", Status.BLOCKED),
        ("Authentication", Status.EXCEEDED),
        ("Integration", Status.BLOCKED),
        ("Overall", Status.ACHIEVED),
    ]
    assert report.criteria[1].actual == pytest.approx(100 * 3 / 11)
    assert report.criteria[3].actual == pytest.approx(100 * 10 / 13)
    assert report.criteria[1].blocked_by == ["#725"]
    assert report.failures_total == 13
    top = report.groups[0]
    assert (top.signature, top.count, top.known_issue) == (
        "NegotiationError: no subprotocols supported (req <n>)",
        11,
        "#725",
    )
    assert top.share == pytest.approx(100 * 11 / 13)
    assert top.categories == ["WebSocket E2E", "Agent Pipeline", "Message Flow"]  # 4, 4, 3
    assert report.known_issues_not_seen == ["#999"]
    assert [(p.level, p.known_issue, p.new_issue) for p in report.priorities] == [
        ("P0", "#725", False),
        ("P1", "#723", False),
        ("P2", None, True),
    ]
    assert report.overall is Status.BLOCKED
    assert report.headline == (
        "BLOCKED - health 61.0% (90.5% without #725) - 39 tests: 36 run, 23 passed, "
        "13 failed, 3 skipped"
    )
    assert report.diff is None and report.flaky == []
    assert report.meta.sequence == 1


def test_meta_date_is_the_run_start_in_the_configured_zone() -> None:
    run = make_run([case("a")])
    run.started = datetime(2025, 9, 13, 3, 0, tzinfo=UTC)  # 20:00 the day before in Los Angeles
    cfg = config(
        worklog={"timezone": "America/Los_Angeles", "title": "My Run", "focus": "F"},
        notes={"context": "deployed at noon"},
    )
    meta = analyze(run, cfg, now=NOW).meta
    assert (meta.date, meta.title, meta.slug, meta.focus) == ("2025-09-12", "My Run", "my-run", "F")
    assert meta.generated == NOW
    assert meta.notes == {"context": "deployed at noon"}


def test_meta_date_falls_back_to_now() -> None:
    cfg = config(worklog={"timezone": "Asia/Tokyo"})
    assert analyze(make_run([case("a")]), cfg, now=NOW).meta.date == "2026-01-02"
    late = datetime(2026, 1, 2, 20, 0, tzinfo=UTC)  # already the 3rd in Tokyo
    assert analyze(make_run([case("a")]), cfg, now=late).meta.date == "2026-01-03"


def test_empty_run() -> None:
    cfg = config(criteria=[{"name": "Overall", "target": ">90%"}])
    report = analyze(Run(), cfg, now=NOW)
    assert report.counts == Counts()
    assert report.categories == []
    assert report.health.value is None
    assert report.pass_rate is None
    assert report.groups == [] and report.priorities == [] and report.phases == []
    assert report.criteria[0].status is Status.NO_DATA
    assert report.overall is Status.NO_DATA
    assert report.headline == ("NO DATA - health n/a - 0 tests: 0 run, 0 passed, 0 failed")
    assert report.timing.total_time == 0 and report.timing.slowest == []


def test_run_without_failures() -> None:
    report = analyze(make_run([case("a"), case("b", "flaky"), case("s", "skipped")]), config())
    assert report.overall is Status.ACHIEVED
    assert report.groups == [] and report.failures_total == 0
    assert report.pass_rate == 100.0
    assert report.headline == (
        "ACHIEVED - health 100.0% - 3 tests: 2 run, 2 passed (1 flaky), 0 failed, 1 skipped"
    )


def test_without_criteria_any_failure_is_missed() -> None:
    report = analyze(make_run([case("a"), case("e", "error")]), config())
    assert report.overall is Status.MISSED
    assert report.headline.endswith("2 tests: 2 run, 1 passed, 1 failed (1 error)")


def test_worst_criterion_sets_the_overall_status() -> None:
    run = make_run([case("a", classname="A.T"), fail("b", classname="B.T")])
    cfg = config(
        categories=[
            cat("A", {"classname": "A.*"}),
            cat("B", {"classname": "B.*"}),
            cat("C", {"classname": "C.*"}),
        ],
        criteria=[
            {"name": "a", "scope": ["A"], "target": ">90%"},
            {"name": "c", "scope": ["C"], "target": ">90%"},  # NO DATA is passed over
        ],
    )
    assert analyze(run, cfg).overall is Status.EXCEEDED
    cfg.criteria.append(cfg.criteria[0].model_copy(update={"name": "b", "scope": ["B"]}))
    assert analyze(run, cfg).overall is Status.MISSED


def test_notices_and_headline_name_rejected_inputs() -> None:
    run = make_run([case("a")], inputs=["ok.xml"], rejected=["bad.xml"])
    run.notices.append(Notice(file="ok.xml", line=3, message="declares 2 tests, has 1"))
    report = analyze(run, config())
    assert report.notices == [
        "ok.xml:3: declares 2 tests, has 1",
        "bad.xml: rejected: not XML (line 1); give a JUnit XML file",
    ]
    assert report.headline.endswith(" - 1 input rejected")


def test_report_round_trips_through_json() -> None:
    report = analyze(_staging_run(), _staging_config(), now=NOW)
    assert type(report).model_validate_json(report.model_dump_json()) == report


def test_criterion_narrowed_to_some_tests_of_a_category() -> None:
    """`tests` keeps only matching identities: 2 of 3 auth tests pass, the rest is ignored."""
    run = make_run(
        [
            case("login", classname="api.TestAuth"),
            case("refresh", classname="api.TestAuth"),
            fail("logout", classname="api.TestAuth", message="token expired"),
            fail("health", classname="api.TestHealth", message="503"),
            fail("status", classname="api.TestHealth", message="503"),
        ]
    )
    settings = config(
        categories=[cat("API", {"classname": "api.*"})],
        criteria=[
            {"name": "Auth", "scope": "API", "tests": "*TestAuth::*", "target": ">60%"},
            {"name": "API", "scope": "API", "target": ">60%"},
        ],
    )
    auth, api = analyze(run, settings, now=NOW).criteria
    assert auth.actual == pytest.approx(200 / 3)
    assert auth.status is Status.EXCEEDED  # 6.7 points over, the default margin is 5
    assert api.actual == pytest.approx(40.0)
    assert api.status is Status.MISSED


def test_narrowed_criterion_is_blocked_only_by_its_own_failures() -> None:
    run = make_run(
        [
            case("login", classname="api.TestAuth"),
            fail("logout", classname="api.TestAuth", message="socket refused"),
            fail("health", classname="api.TestHealth", message="socket refused"),
        ]
    )
    settings = config(
        categories=[cat("API", {"classname": "api.*"})],
        criteria=[{"name": "Auth", "scope": "API", "tests": "*TestAuth::*", "target": ">90%"}],
        known_issues=[
            {"id": "#1", "title": "sockets", "match": {"message": "refused"}, "blocks": True}
        ],
    )
    (auth,) = analyze(run, settings, now=NOW).criteria
    assert auth.actual == pytest.approx(50.0)
    assert auth.status is Status.BLOCKED
    assert auth.blocked_by == ["#1"]


def test_known_issue_shows_the_level_of_its_remediation_entry() -> None:
    """A blocking issue with no configured priority is P0 everywhere, not P1 in one place."""
    run = make_run([case("ok"), fail("bad", message="gateway refused")])
    settings = config(
        known_issues=[
            {"id": "K1", "title": "gateway", "match": {"message": "refused"}, "blocks": True}
        ]
    )
    report = analyze(run, settings, now=NOW)
    assert [p.level for p in report.priorities] == ["P0"]
    assert [k.priority for k in report.known_issues] == ["P0"]


def test_a_start_time_at_the_end_of_the_calendar_is_a_notice() -> None:
    # 23:30 at UTC-5 on 9999-12-31 is past the last day once moved to UTC.
    late = datetime(9999, 12, 31, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    run = make_run([case("a")]).model_copy(update={"started": late, "finished": late})
    report = analyze(run, config(), now=NOW)
    assert (report.meta.started, report.meta.finished) == (None, None)
    assert report.meta.date == "2026-01-02"  # the render's own date, as without a start
    assert any(
        "start time 9999-12-31T23:30:00-05:00 is out of the range" in n for n in report.notices
    )
    assert "Date:" not in render_markdown(report)
