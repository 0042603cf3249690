import pytest

from reportgen.exitcodes import ExitCode
from reportgen.gate import FailOn, judge, parse_fail_on, run_reasons
from reportgen.model import Counts, Run


def test_parse_accepts_repeats_and_commas() -> None:
    assert parse_fail_on(["missed,near", "no-tests"]) == {
        FailOn.MISSED,
        FailOn.NEAR,
        FailOn.NO_TESTS,
    }


def test_parse_names_the_bad_value_and_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match=r"'sometimes'.*missed, near"):
        parse_fail_on(["missed,sometimes"])


def test_never_stands_alone() -> None:
    with pytest.raises(ValueError, match="never"):
        parse_fail_on(["never,missed"])


def test_no_tests_trips_only_on_an_empty_run() -> None:
    assert run_reasons(Run(), {FailOn.NO_TESTS})
    assert not run_reasons(Run(counts=Counts(skipped=1)), {FailOn.NO_TESTS})


def test_failures_counts_errors_too() -> None:
    reasons = run_reasons(Run(counts=Counts(passed=3, errors=1)), {FailOn.FAILURES})
    assert reasons == ["0 failed and 1 errored test (--fail-on failures)"]
    assert not run_reasons(Run(counts=Counts(passed=3, flaky=1)), {FailOn.FAILURES})


def test_conditions_only_a_report_holds_are_said_unjudged_without_one() -> None:
    run = Run(counts=Counts(passed=1))
    verdict = judge(run, {FailOn.MISSED, FailOn.UNMATCHED, FailOn.FAILURES})
    assert verdict.status is ExitCode.OK and verdict.reasons == []
    assert verdict.notes == [
        "--fail-on missed, unmatched: nothing to judge without a config and an analysis; "
        "'reportgen render' judges these"
    ]
    assert judge(run, {FailOn.FAILURES}).notes == []
