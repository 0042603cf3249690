from __future__ import annotations

from analyze_builders import case, cat, config, fail, make_run

from reportgen.analyze import analyze
from reportgen.analyze.authenticity import MAX_PER_CATEGORY
from reportgen.render import render_markdown


def _config(**extra: object) -> object:
    return config(
        categories=[
            cat("Real", {"classname": "real.*"}, real_services=True),
            cat("Same", {"classname": "same.*"}, real_services=True),
            cat("Zero", {"classname": "zero.*"}, real_services=True),
            cat("Mock", {"classname": "mock.*"}),
        ],
        **extra,
    )


def test_fast_tests_identical_durations_and_ranges() -> None:
    run = make_run(
        [
            case("ok", classname="real.T", duration=1.5),
            case("quick", classname="real.T", duration=0.01),  # passed, still suspect
            fail("broke", classname="real.T", duration=3.0),
            case("skip", "skipped", classname="real.T", duration=0.0),  # not executed
            case("s1", classname="same.T", duration=0.25),
            case("s2", classname="same.T", duration=0.25),
            case("z1", classname="zero.T", duration=0.0),
            case("z2", classname="zero.T", duration=0.0),
            case("m", classname="mock.T", duration=0.0),  # not checked
        ]
    )
    result = analyze(run, _config()).authenticity
    assert result is not None
    assert result.checked == ["Real", "Same", "Zero"]
    assert result.threshold == 0.05
    assert [(r.category, r.tests, r.min, r.median, r.max) for r in result.ranges] == [
        ("Real", 3, 0.01, 1.5, 3.0),
        ("Same", 2, 0.25, 0.25, 0.25),
        ("Zero", 2, 0.0, 0.0, 0.0),
    ]
    assert [(s.category, s.test) for s in result.suspects] == [
        ("Real", "real.T::quick"),
        ("Same", "all 2 tests"),
        ("Zero", "all 2 tests"),
    ]
    assert "0.010s" in result.suspects[0].reason
    assert "exactly 0.250s" in result.suspects[1].reason
    assert "took 0s" in result.suspects[2].reason
    assert not result.clean


def test_suite_declaring_far_less_time_than_its_tests() -> None:
    run = make_run(
        [
            case("a", classname="real.T", suite=("Thin",), duration=2.0),
            case("b", classname="real.T", suite=("Thin",), duration=2.0),
            case("c", classname="real.T", suite=("Fine",), duration=3.0),
        ],
        declared_times={(0, ("Thin",)): 1.9, (0, ("Fine",)): 1.5},  # 1.9 < 0.5 x 4; 1.5 is not
    )
    result = analyze(run, _config()).authenticity
    assert result is not None
    assert [(s.test, s.category) for s in result.suspects] == [("Thin", "Real")]
    assert "declares 1.900s" in result.suspects[0].reason


def test_fast_tests_are_bounded_per_category() -> None:
    run = make_run([case(f"t{i}", classname="real.T", duration=0.001 * (i + 1)) for i in range(25)])
    result = analyze(run, _config()).authenticity
    assert result is not None
    assert len(result.suspects) == MAX_PER_CATEGORY + 1
    assert result.suspects[-1].test == "5 more tests"


def test_clean_when_durations_are_plausible() -> None:
    run = make_run([case("a", classname="real.T", duration=0.4), case("b", classname="real.T")])
    report = analyze(run, _config())
    result = report.authenticity
    assert result is not None and result.clean
    assert result.unjudged == ["Same", "Zero"]
    text = render_markdown(report)
    assert "No Mock or Bypass Detected" in text
    assert "No test ran in Same, Zero, so nothing there could be checked" in text
    assert "No test judged finished faster than 0.05s." in text


def test_nothing_judged_is_not_clean() -> None:
    # the real-service categories matched no test: there is nothing to vouch for
    run = make_run([case("a", classname="other.T", duration=0.0)])
    report = analyze(run, _config())
    result = report.authenticity
    assert result is not None
    assert result.unjudged == result.checked == ["Real", "Same", "Zero"]
    assert not result.clean and not result.suspects
    text = render_markdown(report)
    assert "Not Judged" in text
    assert "No Mock or Bypass Detected" not in text and "Suspiciously Fast" not in text


def test_skipped_tests_leave_their_category_unjudged() -> None:
    run = make_run([case("a", "skipped", classname="real.T"), case("b", classname="same.T")])
    result = analyze(run, _config()).authenticity
    assert result is not None
    assert result.unjudged == ["Real", "Zero"]


def test_none_without_real_service_categories() -> None:
    run = make_run([case("a", duration=0.0)])
    assert analyze(run, config()).authenticity is None
    assert analyze(run, config(categories=[cat("X", {"name": "*"})])).authenticity is None


def test_worklog_real_services_checks_default_rows() -> None:
    run = make_run([case("a", duration=0.001), case("b", duration=0.5)], inputs=["e2e.xml"])
    result = analyze(run, config(worklog={"real_services": True})).authenticity
    assert result is not None
    assert result.checked == ["e2e"]
    assert [s.test for s in result.suspects] == ["pkg.TestA::a"]
