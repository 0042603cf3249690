"""`--fail-on no-passed` and `--fail-on parse-errors`: gates other CI reporters offer."""

from __future__ import annotations

from pathlib import Path

from cli.test_exit_codes import run_cli

from reportgen.exitcodes import ExitCode
from reportgen.gate import FailOn, judge, parse_fail_on, run_reasons
from reportgen.model import Counts, InputFile, InputStatus, Run


def test_both_values_parse() -> None:
    assert parse_fail_on(["no-passed,parse-errors"]) == {FailOn.NO_PASSED, FailOn.PARSE_ERRORS}


def test_an_all_skipped_run_trips_no_passed() -> None:
    reasons = run_reasons(Run(counts=Counts(skipped=4)), {FailOn.NO_PASSED})
    assert reasons == ["no test passed (4 skipped) (--fail-on no-passed)"]
    assert judge(Run(counts=Counts(skipped=4)), {FailOn.NO_PASSED}).status is ExitCode.GATE_FAILED


def test_no_passed_counts_flaky_as_passed_and_trips_on_nothing_at_all() -> None:
    assert not run_reasons(Run(counts=Counts(skipped=4, flaky=1)), {FailOn.NO_PASSED})
    assert not run_reasons(Run(counts=Counts(skipped=4, passed=1)), {FailOn.NO_PASSED})
    assert run_reasons(Run(), {FailOn.NO_PASSED}) == [
        "no test passed (no test results arrived) (--fail-on no-passed)"
    ]
    failed = run_reasons(Run(counts=Counts(failed=2, errors=1)), {FailOn.NO_PASSED})
    assert failed == ["no test passed (2 failed, 1 errored) (--fail-on no-passed)"]


def test_parse_errors_names_each_broken_input_and_inputs_still_win() -> None:
    run = Run(
        counts=Counts(passed=3),
        inputs=[
            InputFile(path="good.xml", counts=Counts(passed=3)),
            InputFile(path="cut.xml", status=InputStatus.PARTIAL),
            InputFile(path="junk.xml", status=InputStatus.REJECTED),
        ],
    )
    verdict = judge(run, {FailOn.PARSE_ERRORS})
    assert verdict.reasons == [
        "junk.xml was rejected (--fail-on parse-errors)",
        "cut.xml was read only in part (--fail-on parse-errors)",
    ]
    # incomplete results are said as such: 3 wins over the gate's 1
    assert verdict.status is ExitCode.INPUTS_REJECTED
    assert not judge(Run(counts=Counts(passed=1)), {FailOn.PARSE_ERRORS}).reasons


def test_command_line_all_skipped_run_fails_the_gate(tmp_path: Path) -> None:
    report = tmp_path / "skipped.xml"
    report.write_text(
        '<testsuite name="s" tests="2" skipped="2">'
        '<testcase classname="c" name="a"><skipped/></testcase>'
        '<testcase classname="c" name="b"><skipped/></testcase></testsuite>',
        encoding="utf-8",
    )
    assert run_cli("summary", report, "--fail-on", "failures").returncode == ExitCode.OK
    result = run_cli("summary", report, "--fail-on", "no-passed")
    assert result.returncode == ExitCode.GATE_FAILED, result.stderr
    assert "failing: no test passed (2 skipped)" in result.stderr
    broken = tmp_path / "broken.xml"
    broken.write_text("<testsuite><testcase", encoding="utf-8")
    result = run_cli("summary", report, broken, "--fail-on", "parse-errors")
    assert result.returncode == ExitCode.INPUTS_REJECTED
    assert "broken.xml" in result.stderr and "(--fail-on parse-errors)" in result.stderr
