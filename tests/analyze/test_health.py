from __future__ import annotations

from typing import Any

import pytest
from analyze_builders import case, cat, config, fail, make_run

from reportgen.analyze import analyze
from reportgen.model import Run


def _run() -> Run:
    # A: 3 passed + 1 failed (network); B: 1 passed, 1 error, 1 skipped; C: only skipped
    return make_run(
        [
            case("a1", classname="a.T"),
            case("a2", classname="a.T"),
            case("a3", classname="a.T"),
            fail("a4", classname="a.T", message="flaky network to 10.0.0.1"),
            case("b1", classname="b.T"),
            case("b2", "error", classname="b.T", message="setup crashed"),
            case("b3", "skipped", classname="b.T"),
            case("c1", "skipped", classname="c.T"),
        ]
    )


def _config(**extra: Any) -> Any:
    return config(
        categories=[
            cat("A", {"classname": "a.*"}, weight=2),
            cat("B", {"classname": "b.*"}),
            cat("C", {"classname": "c.*"}),
        ],
        known_issues=[{"id": "#1", "title": "Network", "match": {"message": "flaky network"}}],
        **extra,
    )


def test_pass_rate_counts_errors_as_failures_by_default() -> None:
    report = analyze(_run(), _config())
    assert report.pass_rate == pytest.approx(100 * 4 / 6)
    assert "= 4 / 6 = 66.7%" in report.pass_rate_formula
    assert "errors count as failures" in report.pass_rate_formula
    assert [c.pass_rate for c in report.categories] == [75.0, 50.0, None]


def test_errors_leave_the_denominator_when_configured() -> None:
    report = analyze(_run(), _config(pass_rate={"errors_as_failures": False}))
    assert report.pass_rate == pytest.approx(80.0)
    assert "= 4 / 5 = 80.0%" in report.pass_rate_formula
    assert [c.pass_rate for c in report.categories] == [75.0, 100.0, None]
    assert report.health.value == pytest.approx((2 * 75 + 100) / 3)


def test_health_is_the_weighted_mean_of_rows_that_ran() -> None:
    health = analyze(_run(), _config()).health
    assert health.value == pytest.approx((2 * 75 + 1 * 50) / 3)
    assert health.excluding is None
    assert "2 categories (1 left out" in health.formula
    assert "2 x 75.0% (A) + 1 x 50.0% (B)" in health.formula


def test_health_weights_override_category_weights() -> None:
    health = analyze(_run(), _config(health={"weights": {"B": 3}})).health
    assert health.value == pytest.approx((2 * 75 + 3 * 50) / 5)


def test_excluding_figure_leaves_the_issue_failures_out_of_both_counts() -> None:
    health = analyze(_run(), _config(health={"exclude": ["#1"]})).health
    assert health.value == pytest.approx((2 * 75 + 50) / 3)
    # A without its network failure: 3 / 3
    assert health.excluding == pytest.approx((2 * 100 + 50) / 3)
    assert health.excluded == ["#1"]
    assert health.excluded_titles == ["Network"]
    assert "without the failures of #1" in health.formula


def test_no_executed_test_means_no_health() -> None:
    run = make_run([case("s", "skipped")])
    report = analyze(run, config())
    assert report.health.value is None
    assert report.pass_rate is None
    assert "nothing ran" in report.pass_rate_formula


def test_flaky_counts_as_passed() -> None:
    report = analyze(make_run([case("f", "flaky"), fail("x")]), config())
    assert report.pass_rate == 50.0
