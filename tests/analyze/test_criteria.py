from __future__ import annotations

from typing import Any

import pytest
from analyze_builders import case, cat, config, fail, make_run

from reportgen.analyze import analyze
from reportgen.model import Run
from reportgen.report import CriterionResult, Status


def _run(**rows: tuple[int, int, str]) -> Run:
    """rows: name -> (passed, failed, failure message)."""
    cases = []
    for name, (passed, failed, message) in rows.items():
        cases += [case(f"{name}_p{i}", classname=f"{name}.T") for i in range(passed)]
        cases += [
            fail(f"{name}_f{i}", classname=f"{name}.T", message=message) for i in range(failed)
        ]
    return make_run(cases)


def _judge(run: Run, *criteria: dict[str, Any], **extra: Any) -> list[CriterionResult]:
    names = list(dict.fromkeys(c.classname.split(".")[0] for c in run.cases))
    cfg = config(
        categories=[cat(n, {"classname": f"{n}.*"}) for n in names],
        criteria=list(criteria),
        known_issues=[
            {"id": "#9", "title": "Socket", "blocks": True, "match": {"message": "socket"}},
            {"id": "#5", "title": "Slow disk", "match": {"message": "disk"}},
        ],
        **extra,
    )
    return analyze(run, cfg).criteria


@pytest.mark.parametrize(
    ("passed", "failed", "target", "margins", "status"),
    [
        (10, 0, ">95%", {}, Status.EXCEEDED),  # 5 points to spare = the exceed margin
        (10, 0, ">95%", {"exceed_margin": 5.5}, Status.ACHIEVED),
        (19, 1, ">=95%", {}, Status.ACHIEVED),  # exactly on the target
        (19, 1, ">95%", {}, Status.NEAR),  # on the target but it must be above it
        (17, 3, ">90%", {}, Status.NEAR),  # 5 points short = the near margin
        (17, 3, ">90%", {"near_margin": 4.9}, Status.MISSED),
        (4, 1, ">90%", {}, Status.MISSED),
        (9, 1, "<95%", {}, Status.EXCEEDED),  # lower is better: 5 below
        (9, 1, "=90%", {}, Status.ACHIEVED),
        (9, 1, "=94%", {}, Status.NEAR),
    ],
)
def test_status_from_target_and_margins(
    passed: int, failed: int, target: str, margins: dict[str, float], status: Status
) -> None:
    run = _run(A=(passed, failed, "assert False"))
    (result,) = _judge(run, {"name": "c", "scope": ["A"], "target": target, **margins})
    assert result.status is status, result.reason
    assert result.actual == pytest.approx(100 * passed / (passed + failed))
    assert "-0.0" not in result.reason


def test_scope_pools_the_counts_of_its_categories() -> None:
    run = _run(A=(1, 1, "x"), B=(3, 0, "x"))
    (result,) = _judge(run, {"name": "c", "scope": ["A", "B"], "target": ">70%"})
    assert result.actual == pytest.approx(80.0)  # 4 / 5, not the mean of 50 and 100
    assert result.status is Status.EXCEEDED
    assert result.scope == ["A", "B"]


def test_scope_measured_as_health_is_the_weighted_mean() -> None:
    run = _run(A=(1, 1, "x"), B=(3, 0, "x"))
    (result,) = _judge(
        run, {"name": "c", "scope": ["A", "B"], "target": ">70%", "measure": "health"}
    )
    assert result.actual == pytest.approx(75.0)


def test_no_data_when_nothing_ran_in_scope() -> None:
    run = make_run([case("a", classname="A.T"), case("s", "skipped", classname="B.T")])
    (result,) = _judge(run, {"name": "c", "scope": ["B"], "target": ">90%"})
    assert result.status is Status.NO_DATA
    assert result.actual is None


def test_blocked_when_leaving_blocking_failures_out_meets_the_target() -> None:
    run = _run(W=(1, 4, "socket closed: no subprotocols"))
    (result,) = _judge(run, {"name": "c", "scope": ["W"], "target": ">85%"})
    assert result.actual == pytest.approx(20.0)
    assert result.status is Status.BLOCKED
    assert result.blocked_by == ["#9"]
    assert "without their failures 100.0%" in result.reason


def test_blocked_when_every_executed_test_failed_on_the_blocker() -> None:
    (result,) = _judge(_run(W=(0, 2, "socket")), {"name": "c", "scope": ["W"], "target": ">85%"})
    assert result.status is Status.BLOCKED
    assert "nothing would be left" in result.reason


def test_not_blocked_when_other_failures_still_miss_the_target() -> None:
    run = make_run(
        [
            case("p", classname="W.T"),
            fail("s1", classname="W.T", message="socket"),
            fail("s2", classname="W.T", message="socket"),
            fail("o1", classname="W.T", message="other"),
            fail("o2", classname="W.T", message="other"),
        ]
    )
    (result,) = _judge(run, {"name": "c", "scope": ["W"], "target": ">85%"})
    assert result.status is Status.MISSED  # without #9: 1 / 3
    assert result.blocked_by == []


def test_non_blocking_issues_do_not_block() -> None:
    (result,) = _judge(_run(W=(1, 4, "disk full")), {"name": "c", "scope": ["W"], "target": ">85%"})
    assert result.status is Status.MISSED


def test_blocking_issue_outside_the_scope_does_not_block() -> None:
    run = _run(A=(1, 1, "assert"), W=(0, 3, "socket"))
    (result,) = _judge(run, {"name": "c", "scope": ["A"], "target": ">85%"})
    assert result.status is Status.MISSED


def test_overall_uses_the_figure_without_excluded_issues() -> None:
    # A: 9/10 (the failure is #9), B: 8/10 -> health 85; without #9: (100 + 80) / 2 = 90
    run = make_run(
        [case(f"a{i}", classname="A.T") for i in range(9)]
        + [fail("a9", classname="A.T", message="socket")]
        + [case(f"b{i}", classname="B.T") for i in range(8)]
        + [fail(f"b{i}", classname="B.T", message="assert") for i in (8, 9)]
    )
    (result,) = _judge(run, {"name": "Overall", "target": ">=90%"}, health={"exclude": ["#9"]})
    assert result.actual == pytest.approx(90.0)
    assert result.status is Status.ACHIEVED
    assert result.scope == ["overall"]
    assert result.reason.startswith("health without #9")


def test_overall_without_exclusions_is_the_health() -> None:
    run = _run(A=(9, 1, "assert"), B=(1, 1, "assert"))
    (result,) = _judge(run, {"name": "Overall", "target": ">90%"})
    assert result.actual == pytest.approx(70.0)
    assert result.status is Status.MISSED
    (pooled,) = _judge(run, {"name": "Overall", "target": ">90%", "measure": "pass_rate"})
    assert pooled.actual == pytest.approx(100 * 10 / 12)


def test_shortfall_is_the_points_a_target_is_missed_by() -> None:
    from reportgen.analyze.criteria import shortfall

    assert shortfall(88.1, ">=90%") == pytest.approx(1.9)
    assert shortfall(85.0, ">85%") == pytest.approx(0.0)  # equal is not above
    assert shortfall(97.4, ">95%") is None
    assert shortfall(None, ">95%") is None
    assert shortfall(50.0, "not a target") is None
