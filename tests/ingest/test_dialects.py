"""Spot checks of producer dialects against counts made by hand from the corpus files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from reportgen.ingest import read_report
from reportgen.ingest.dialects import DurationProblem, parse_duration, parse_timestamp
from reportgen.model import Counts, InputStatus, Outcome, TestCase

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")


def read(relative: str, keep_passing: bool = True):  # type: ignore[no-untyped-def]
    return read_report(str(CORPUS / relative), keep_passing=keep_passing)


def by_name(cases: list[TestCase]) -> dict[str, TestCase]:
    return {case.name: case for case in cases}


def test_surefire_flaky_failures_make_one_flaky_test() -> None:
    result = read("jenkinsci__junit-plugin/gh-237/TEST-io.olamy.FlakyTest.xml")
    assert result.input.counts == Counts(flaky=1)
    (case,) = result.cases
    assert case.outcome is Outcome.FLAKY and case.attempts == 3
    assert case.detail is not None and case.detail.problem is not None
    assert case.detail.problem.kind == "flakyFailure"
    assert case.detail.problem.message == "obvious fail"
    assert [p.message for p in case.detail.attempts] == ["try one more time maybe"]
    # Surefire's tests=3 failures=2 count runs: no notice.
    assert result.notices == []


def test_surefire_reruns_of_a_failure_stay_one_failed_test() -> None:
    result = read("jenkinsci__junit-plugin/gh-237/TEST-io.olamy.AlwaysFailTest.xml")
    assert result.input.counts == Counts(failed=1)
    (case,) = result.cases
    assert case.attempts == 4
    assert case.detail is not None and case.detail.problem is not None
    assert case.detail.problem.kind == "failure"
    assert [p.kind for p in case.detail.attempts] == ["rerunFailure"] * 3
    assert case.detail.system_out == "this will fail for real\n"


def test_surefire3_mixed_flaky_and_rerun_file() -> None:
    # test1: 3 flakyFailure + pass; test2: pass; test3: failure + 5 rerunFailure.
    result = read("jenkinsci__xunit-plugin/junit/testcase6/input.xml")
    cases = by_name(result.cases)
    assert (cases["test1"].outcome, cases["test1"].attempts) == (Outcome.FLAKY, 4)
    assert (cases["test2"].outcome, cases["test2"].attempts) == (Outcome.PASSED, 1)
    assert (cases["test3"].outcome, cases["test3"].attempts) == (Outcome.FAILED, 6)
    assert result.input.counts == Counts(passed=1, failed=1, flaky=1)
    assert result.notices == []  # tests=11 runs, failures=9 failing runs: both agree


def test_rerun_error_elements() -> None:
    result = read("allure-framework__allure2/junitdata/TEST-test.RetryTest.xml")
    (case,) = result.cases
    assert (case.outcome, case.attempts) == (Outcome.ERROR, 3)


def test_gotestsum_rerun_after_failure_is_flaky() -> None:
    result = read("mikepenz__action-junit-report/test_results/junit-server-test/report.xml")
    assert result.input.counts == Counts(passed=1, skipped=1, flaky=1)
    assert result.input.producer == "gotestsum"
    race = by_name(result.cases)["TestWebSocketReconnectRace"]
    assert race.attempts == 2
    assert race.duration == pytest.approx(3.32 + 7.78)
    assert race.detail is not None and race.detail.problem is not None
    assert race.detail.problem.message == "Failed"


def test_repeated_testcases_failing_then_passing() -> None:
    result = read(
        "mikepenz__action-junit-report/test_results/flaky_retries/flaky_with_classname_file.xml"
    )
    assert result.input.counts == Counts(passed=2, flaky=1)
    flaky = next(c for c in result.cases if c.outcome is Outcome.FLAKY)
    assert (flaky.classname, flaky.attempts) == ("test_foo.TestFoo", 3)
    assert flaky.detail is not None and flaky.detail.problem is not None
    assert flaky.detail.problem.message == "it failed"  # the first failed attempt
    assert [p.message for p in flaky.detail.attempts] == ["it broke"]


def test_repeated_testcases_all_failing_end_with_the_last_outcome() -> None:
    result = read("mikepenz__action-junit-report/test_results/flaky_retries/flaky_all_failures.xml")
    (case,) = result.cases
    assert (case.outcome, case.attempts) == (Outcome.ERROR, 3)


def test_a_repeat_after_a_pass_is_another_test() -> None:
    # pass, failure, error: rerun tools rerun failures only, so the first pass is its own test
    # and the error is a rerun of the failure. (The source project counts one passing test.)
    result = read(
        "mikepenz__action-junit-report/test_results/flaky_retries/flaky_success_first.xml"
    )
    assert result.input.counts == Counts(passed=1, errors=1)
    assert [c.attempts for c in result.cases] == [1, 2]


def test_several_result_elements_in_one_testcase() -> None:
    result = read("EnricoMi__publish-unit-test-result-action/junit-xml/junit.multiresult.xml")
    cases = by_name(result.cases)
    assert cases["test that errors"].outcome is Outcome.ERROR
    assert cases["test that fails"].outcome is Outcome.FAILED
    assert cases["test that is skipped"].outcome is Outcome.SKIPPED
    errors = cases["test that errors"].detail
    assert errors is not None and errors.problem is not None
    assert "[also failure] test failure" in (errors.problem.details or "")


def test_googletest_notrun_is_skipped() -> None:
    result = read("jenkinsci__xunit-plugin/googletest/testcase2/input.xml")
    assert result.input.counts == Counts(passed=1, failed=2, skipped=1)
    assert by_name(result.cases)["DISABLED_Testcase"].outcome is Outcome.SKIPPED
    assert result.input.producer == "googletest"


def test_googletest_suppressed_and_skipped_results() -> None:
    # Skipped: DISABLED_test, DISABLED_test_not_run (suppressed), Skipped (result="skipped").
    result = read("jenkinsci__xunit-plugin/googletest/testcase4/input.xml")
    assert result.input.counts == Counts(passed=17, failed=4, skipped=3)


def test_cppfw_disabled_status_wins_over_a_failure() -> None:
    result = read("mikepenz__action-junit-report/test_results/issues/testFailedDisabled.xml")
    (case,) = result.cases
    assert case.outcome is Outcome.SKIPPED
    assert case.detail is not None
    assert case.detail.skip_message == "Assert: Boolean true check failed."


def test_nested_phpunit_suites_keep_their_path() -> None:
    result = read("jenkinsci__xunit-plugin/junit/testcase3/input.xml")
    assert result.input.counts == Counts(passed=31, errors=1)
    (error,) = [c for c in result.cases if c.outcome is Outcome.ERROR]
    assert error.name == "testFilterByNull with data set #1"
    assert error.suite == (
        "FiltersTest",
        "FiltersTest: internet explorer",
        "FiltersTest::testFilterByNull",
    )
    assert result.notices == []  # outer suites declare their subtree: 32 tests, 1 error


def test_truncated_pytest_report_keeps_the_cases_before_the_cut() -> None:
    result = read("EnricoMi__publish-unit-test-result-action/junit-xml/pytest/corrupt-xml.xml")
    assert result.input.status is InputStatus.PARTIAL
    assert result.input.counts == Counts(passed=1)
    problem = result.input.problem
    assert problem is not None and problem.line == 11
    assert "truncated" in problem.message and "line 11" in problem.message


@pytest.mark.parametrize(
    "relative",
    [
        "jenkinsci__junit-plugin/testXxe-xxe.xml",
        "EnricoMi__publish-unit-test-result-action/nunit/nunit3/jenkins/NUnit-sec1752-file.xml",
        "EnricoMi__publish-unit-test-result-action/nunit/nunit3/jenkins/NUnit-sec1752-https.xml",
    ],
)
def test_external_entities_are_refused(relative: str) -> None:
    result = read(relative)
    assert result.input.status is InputStatus.REJECTED
    assert result.input.problem is not None
    assert "declares entities" in result.input.problem.message


def test_xml_1_1_declaration() -> None:
    result = read("jenkinsci__xunit-plugin/junit/testcase4/input.xml")
    assert result.input.status is InputStatus.OK
    assert result.input.counts == Counts(passed=1)


def test_utf8_bom() -> None:
    result = read("EnricoMi__publish-unit-test-result-action/junit-xml/xunit/xunit.xml")
    assert result.input.counts == Counts(passed=2)
    assert (
        result.notices[0].message
        == "<testsuites> declares tests=173 but its testcases give tests=2"
    )


def test_cyrillic_names() -> None:
    result = read("inorton__junit2html/junit2htmlreport/tests/junit-unicode2.xml")
    (case,) = result.cases
    assert (case.classname, case.name) == ("Дратути", "Этот кейс упадёт")
    assert result.suites[0].path == ("Дратути",)


def test_pipes_and_backslashes_in_names() -> None:
    result = read("dorny__test-reporter/fixtures/nette-tester/BootstrapFormRenderer-report.xml")
    assert result.input.counts.total == 4
    assert all(" | " in c.name and "\\" in c.classname for c in result.cases)


def test_negative_time_is_clamped_with_a_notice() -> None:
    result = read("jenkinsci__junit-plugin/junit-report-bad-duration.xml")
    assert [c.duration for c in result.cases] == [0.0, 100.0]
    assert any(n.message == "1 negative durations set to 0" for n in result.notices)


def test_unescaped_computed_placeholder_is_repaired() -> None:
    result = read("mikepenz__action-junit-report/test_results/junit-web-test/expected.xml")
    assert result.input.status is InputStatus.OK
    assert result.input.counts == Counts(passed=4, failed=1, skipped=1)
    messages = [n.message for n in result.notices]
    assert "1 unescaped placeholder attribute values were escaped" in messages
    assert "1 durations that are not numbers taken as 0 (unknown)" in messages


def test_suite_level_error_becomes_a_test_named_after_the_suite() -> None:
    result = read("jenkinsci__junit-plugin/junit-report-6700.xml")
    (case,) = result.cases
    assert case.outcome is Outcome.ERROR
    assert case.name == "gda.device.detector.XHDetectorTest"
    assert case.detail is not None and case.detail.problem is not None
    assert case.detail.problem.type == "java.lang.NoClassDefFoundError"
    assert "outside any testcase" in result.notices[0].message


def test_declared_counts_disagreeing_are_noticed() -> None:
    result = read("mikepenz__action-junit-report/test_results/mocha/mocha.xml")
    assert result.input.counts.total == 1
    assert [n.message for n in result.notices] == [
        "<testsuites> declares tests=15515, skipped=1 but its testcases give tests=1, skipped=0"
    ]


def test_nanosecond_durations() -> None:
    result = read("mikepenz__action-junit-report/test_results/container-structure/test.xml")
    assert result.cases[0].duration == pytest.approx(0.999638317)


def test_thousands_separator_in_suite_time() -> None:
    result = read("jenkinsci__junit-plugin/junit-report-testsuite-time-attrs.xml")
    assert result.suites[0].declared_time == pytest.approx(2503.1)


def test_file_and_line_from_failure_element() -> None:
    result = read("mikepenz__action-junit-report/test_results/catch2/report.xml")
    (case,) = result.cases
    assert (case.file, case.line) == ("test/unit/detail/utility/is_constant_evaluated.cpp", 19)


def test_pytest_file_and_line_attributes() -> None:
    result = read("mikepenz__action-junit-report/test_results/flaky_retries/flaky_all_failures.xml")
    assert (result.cases[0].file, result.cases[0].line) == (
        "/home/runner/work/tests/test_always_fails.py",
        10,
    )


@pytest.mark.parametrize(
    ("text", "seconds", "problem"),
    [
        ("1.5", 1.5, None),
        ("2,503.1", 2503.1, None),
        ("0,288", 0.288, None),
        ("4.5061111450195e-05", 4.5061111450195e-05, None),
        ("-345345", 0.0, DurationProblem.NEGATIVE),
        ("<<computed>>", 0.0, DurationProblem.UNPARSED),
        ("999638317", 0.999638317, DurationProblem.NANOSECONDS),
    ],
)
def test_parse_duration(text: str, seconds: float, problem: str | None) -> None:
    value, trouble = parse_duration(text)
    assert value == pytest.approx(seconds)
    assert trouble == problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-03T12:27:11", datetime(2024, 1, 3, 12, 27, 11, tzinfo=UTC)),
        ("2024-01-03T 12:40:13", datetime(2024, 1, 3, 12, 40, 13, tzinfo=UTC)),
        ("2024-01-03 12:27:54Z", datetime(2024, 1, 3, 12, 27, 54, tzinfo=UTC)),
        (
            "2024-01-03T12:27:15+01:00",
            datetime(2024, 1, 3, 12, 27, 15, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("2021-06-28T20:23:41.4594179Z", datetime(2021, 6, 28, 20, 23, 41, 459417, tzinfo=UTC)),
        ("2021-03-07T10:36:56 UTC", datetime(2021, 3, 7, 10, 36, 56, tzinfo=UTC)),
        ("Sat, 03 Dec 2022 23:10:07 GMT", datetime(2022, 12, 3, 23, 10, 7, tzinfo=UTC)),
        ("1645616455044", datetime(2022, 2, 23, 11, 40, 55, 44000, tzinfo=UTC)),
        ("06/15/2018 18:09:29", datetime(2018, 6, 15, 18, 9, 29, tzinfo=UTC)),
        ("0001-01-01T00:00:00Z", None),
        ("1970-01-01T00:00:00", None),
        ("yesterday", None),
    ],
)
def test_parse_timestamp(text: str, expected: datetime | None) -> None:
    assert parse_timestamp(text, UTC) == expected


def test_naive_timestamps_take_the_assumed_zone() -> None:
    zone = timezone(timedelta(hours=2))
    stamp = parse_timestamp("2024-01-03T12:27:11", zone)
    assert stamp is not None and stamp.utcoffset() == timedelta(hours=2)
