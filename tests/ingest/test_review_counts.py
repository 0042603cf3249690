"""Counts the ingest stage once got wrong: namespaced elements, pytest's repeats, truncated and
huge files. Each minimal input is a reviewer's, checked by hand against the rules in
`reportgen.ingest.dialects`."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reportgen.ingest import read_report
from reportgen.model import Counts, InputStatus, Outcome

GENERATED = Path(__file__).resolve().parents[1] / "realtools" / "generated"
BOTH_MODES = pytest.mark.parametrize("keep_passing", [True, False])


def write(tmp_path: Path, text: str, name: str = "report.xml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# --- 1. namespaces ------------------------------------------------------------------------

PREFIXED = (
    '<j:testsuites xmlns:j="urn:x" tests="1" failures="1"><j:testsuite name="s" tests="1" '
    'failures="1"><j:testcase classname="c" name="t" time="1"><j:failure/></j:testcase>'
    "</j:testsuite></j:testsuites>"
)
INNER_DEFAULT = (
    '<testsuites><testsuite xmlns="urn:x" name="s"><testcase classname="c" name="t" time="1">'
    "<failure/></testcase></testsuite></testsuites>"
)
# the root's namespace undone below it, and a result element in a namespace of its own
UNDONE = (
    '<testsuites xmlns="urn:x"><testsuite xmlns="" name="s"><testcase classname="c" name="t" '
    'time="1"><failure xmlns="urn:y"/></testcase></testsuite></testsuites>'
)


@BOTH_MODES
@pytest.mark.parametrize("doc", [PREFIXED, INNER_DEFAULT, UNDONE])
def test_namespaced_elements_are_matched_by_local_name(
    tmp_path: Path, doc: str, keep_passing: bool
) -> None:
    result = read_report(write(tmp_path, doc), keep_passing=keep_passing)
    assert result.input.status is InputStatus.OK
    assert result.input.counts == Counts(failed=1)
    assert [(c.name, c.outcome) for c in result.cases] == [("t", Outcome.FAILED)]
    assert result.notices == []  # PREFIXED declares 1 failure and has it


@BOTH_MODES
def test_prefixed_testcases_with_output_keep_their_texts(
    tmp_path: Path, keep_passing: bool
) -> None:
    doc = (
        '<j:testsuite xmlns:j="urn:x" name="s"><j:testcase classname="c" name="p" time="1">'
        '<j:system-out>o</j:system-out></j:testcase><j:testcase classname="c" name="f" time="1">'
        '<j:failure message="m">trace</j:failure><j:system-out>said</j:system-out></j:testcase>'
        '<j:testcase classname="c" name="s" time="1"><j:skipped/></j:testcase></j:testsuite>'
    )
    result = read_report(write(tmp_path, doc), keep_passing=keep_passing)
    assert result.input.counts == Counts(passed=1, failed=1, skipped=1)
    failed = next(c for c in result.cases if c.outcome is Outcome.FAILED)
    assert failed.detail is not None and failed.detail.problem is not None
    assert (failed.detail.problem.details, failed.detail.system_out) == ("trace", "said")


def test_namespaced_suite_output_and_properties_are_read(tmp_path: Path) -> None:
    doc = (
        '<testsuite xmlns="urn:x" name="s"><properties><property name="k" value="v"/>'
        '</properties><testcase classname="c" name="t" time="1"/><system-out>hello</system-out>'
        "</testsuite>"
    )
    (suite,) = read_report(write(tmp_path, doc)).suites
    assert (suite.properties, suite.system_out) == ({"k": "v"}, "hello")


def test_junit_root_whose_tests_are_in_unknown_elements_gets_a_notice(tmp_path: Path) -> None:
    doc = '<testsuites><suite name="s"><test name="t"/></suite></testsuites>'
    result = read_report(write(tmp_path, doc))
    assert result.input.counts == Counts()
    assert len(result.notices) == 1
    assert "no <testcase> element found" in result.notices[0].message
    assert "<suite>" in result.notices[0].message


def test_an_empty_junit_report_gets_no_such_notice(tmp_path: Path) -> None:
    doc = '<testsuites><testsuite name="s" tests="0"><properties/></testsuite></testsuites>'
    assert read_report(write(tmp_path, doc)).notices == []


# --- 2 and 6. pytest repeats --------------------------------------------------------------

TEARDOWN_AFTER_PASS = (
    '<testsuite name="pytest"><testcase classname="c" name="u" time="1"/><testcase '
    'classname="c" name="u" time="1"><error message="failed on teardown with x"/></testcase>'
    "</testsuite>"
)


@BOTH_MODES
def test_teardown_record_after_a_pass_is_a_rerun_that_errored(
    tmp_path: Path, keep_passing: bool
) -> None:
    result = read_report(write(tmp_path, TEARDOWN_AFTER_PASS), keep_passing=keep_passing)
    assert result.input.counts == Counts(errors=1)
    assert [(c.name, c.outcome, c.attempts) for c in result.cases] == [("u", Outcome.ERROR, 2)]


@BOTH_MODES
def test_teardown_record_after_a_failure_stays_one_failed_test(
    tmp_path: Path, keep_passing: bool
) -> None:
    doc = TEARDOWN_AFTER_PASS.replace('time="1"/>', 'time="1"><failure message="boom"/></testcase>')
    result = read_report(write(tmp_path, doc), keep_passing=keep_passing)
    assert result.input.counts == Counts(failed=1)
    (case,) = result.cases
    assert case.detail is not None and case.detail.problem is not None
    assert "[teardown error] failed on teardown with x" in (case.detail.problem.details or "")


@BOTH_MODES
def test_skip_then_pass_in_pytest_is_a_pass(tmp_path: Path, keep_passing: bool) -> None:
    doc = (
        '<testsuite name="pytest"><testcase classname="c" name="s" time="1"><skipped/>'
        '</testcase><testcase classname="c" name="s" time="1"/></testsuite>'
    )
    assert read_report(write(tmp_path, doc), keep_passing=keep_passing).input.counts == Counts(
        passed=1
    )


@BOTH_MODES
def test_pytest_root_makes_a_renamed_suite_pytest_s(tmp_path: Path, keep_passing: bool) -> None:
    real = (GENERATED / "pytest-rerunfailures.xml").read_text(encoding="utf-8")
    assert '<testsuite name="pytest"' in real
    doc = real.replace('<testsuite name="pytest"', '<testsuite name="unit"')
    result = read_report(write(tmp_path, doc), keep_passing=keep_passing)
    assert result.input.counts == Counts(passed=1, flaky=1, failed=1)
    assert result.input.producer == "pytest"


_RESULTS = [
    "",
    "<failure/>",
    "<error/>",
    "<skipped/>",
    '<error message="failed on teardown with x"/>',
    '<error message="failed on setup with x"/>',
    "<flakyFailure/>",
    "<rerunFailure/><failure/>",
    "<system-out>o</system-out>",
    "<skipped/><failure/>",
]
_CASE = st.tuples(
    st.sampled_from(["a", "b", ""]),
    st.sampled_from(_RESULTS),
    st.sampled_from(["", ' status="notrun"', ' file="f.py"']),
)


@st.composite
def _reports(draw: st.DrawFn) -> str:
    suites = []
    for suite_name in draw(st.lists(st.sampled_from(["pytest", "other"]), min_size=1, max_size=2)):
        cases = "".join(
            f'<testcase classname="c" name="{name}" time="1"{attr}>{body}</testcase>'
            for name, body, attr in draw(st.lists(_CASE, max_size=7))
        )
        suites.append(f'<testsuite name="{suite_name}">{cases}</testsuite>')
    root = draw(st.sampled_from(["pytest tests", "all"]))
    return f'<testsuites name="{root}">{"".join(suites)}</testsuites>'


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(doc=_reports())
@example(doc=TEARDOWN_AFTER_PASS)
def test_keep_passing_never_changes_counts(tmp_path: Path, doc: str) -> None:
    path = write(tmp_path, doc)
    kept = read_report(path, keep_passing=True)
    counted = read_report(path, keep_passing=False)
    assert kept.input.counts == counted.input.counts
    assert kept.input.counts.total == len(kept.cases)
    assert [n.message for n in kept.notices] == [n.message for n in counted.notices]


# --- 3 and 4. truncated and huge files ----------------------------------------------------

CUT_AFTER_SUITE_ERROR = (
    '<testsuite name="s">\n<error message="setup crashed"/>\n'
    '<testcase classname="c" name="a" time="1"/>\n<testcase classname="c" name="b" time="1"/>\n'
    '<testcase classname="c" name="x" time="1"><failure>abc'
)


@BOTH_MODES
@pytest.mark.parametrize("root", ["", "<testsuites>\n"])
def test_truncated_file_keeps_what_open_suites_said(
    tmp_path: Path, root: str, keep_passing: bool
) -> None:
    result = read_report(write(tmp_path, root + CUT_AFTER_SUITE_ERROR), keep_passing=keep_passing)
    assert result.input.status is InputStatus.PARTIAL
    assert result.input.counts == Counts(passed=2, errors=1)
    assert result.input.problem is not None and "truncated" in result.input.problem.message
    errors = [c for c in result.cases if c.outcome is Outcome.ERROR]
    assert [
        (c.name, c.detail and c.detail.problem and c.detail.problem.message) for c in errors
    ] == [("s", "setup crashed")]


def test_truncated_file_keeps_root_level_failure_and_suite_output(tmp_path: Path) -> None:
    doc = (
        '<testsuites>\n<failure message="root crashed"/>\n<testsuite name="s">\n'
        '<properties><property name="k" value="v"/></properties>\n'
        '<testcase classname="c" name="a" time="1"/>\n<system-out>said</system-out>\n'
    )
    result = read_report(write(tmp_path, doc))
    assert result.input.status is InputStatus.PARTIAL
    assert result.input.counts == Counts(passed=1, failed=1)
    suite = next(s for s in result.suites if s.path == ("s",))
    assert (suite.properties, suite.system_out) == ({"k": "v"}, "said")


def test_text_node_over_ten_megabytes_is_read(tmp_path: Path) -> None:
    big = "x" * (11 * 1024 * 1024)
    doc = (
        '<testsuite name="s"><testcase classname="c" name="t" time="1"><failure message="m"/>'
        f"<system-out>{big}</system-out></testcase>"
        '<testcase classname="c" name="later" time="1"/></testsuite>'
    )
    result = read_report(write(tmp_path, doc))
    assert result.input.status is InputStatus.OK
    assert result.input.counts == Counts(passed=1, failed=1)
    failed = next(c for c in result.cases if c.outcome is Outcome.FAILED)
    assert failed.detail is not None and failed.detail.system_out is not None
    assert failed.detail.system_out.startswith("xxx")
    assert len(failed.detail.system_out) < 10_000  # bounded in the model


def test_error_inside_a_one_line_file_is_not_called_truncated(tmp_path: Path) -> None:
    doc = (
        '<testsuites><testsuite name="s"><testcase classname="c" name="a" time="1"/><testcase '
        'classname="c" name="b" time="1"><failure/></testcase><bad attr=x/></testsuite>'
        "</testsuites>"
    )
    result = read_report(write(tmp_path, doc))
    assert result.input.status is InputStatus.PARTIAL
    assert result.input.counts == Counts(passed=1, failed=1)
    assert result.input.problem is not None
    assert "truncated" not in result.input.problem.message
    assert "XML breaks off" in result.input.problem.message


@pytest.mark.parametrize("cut", [40, 60, 75, 90])
def test_a_one_line_file_cut_anywhere_is_called_truncated(tmp_path: Path, cut: int) -> None:
    doc = (
        '<testsuite name="s"><testcase classname="c" name="a" time="1"/><testcase classname="c" '
        'name="b" time="1"><failure/></testcase></testsuite>'
    )
    result = read_report(write(tmp_path, doc[:cut]))
    assert result.input.problem is not None
    assert "the file ends before its XML is complete" in result.input.problem.message


CUT_BEFORE_ANY_END = (
    '<testsuite name="s">\n<error message="setup crashed"/>\n<system-out>out</system-out>\n'
    '<testcase classname="c" name="x" time="1"><failure>abc'
)


@BOTH_MODES
def test_file_cut_before_any_element_ended_keeps_the_suite_error(
    tmp_path: Path, keep_passing: bool
) -> None:
    result = read_report(write(tmp_path, CUT_BEFORE_ANY_END), keep_passing=keep_passing)
    assert result.input.status is InputStatus.PARTIAL
    assert result.input.counts == Counts(errors=1)
    assert [s.system_out for s in result.suites] == ["out"]


CUT_IN_FIRST_CASE = (
    '<testsuite name="s">\n<properties><property name="k" value="v"/></properties>\n'
    '<testcase classname="c" name="a" time="1"><failure message="boom">trace</failure>\n'
    "<system-out>half"
)


@BOTH_MODES
def test_file_cut_inside_its_first_testcase_after_its_failure_counts_it(
    tmp_path: Path, keep_passing: bool
) -> None:
    result = read_report(write(tmp_path, CUT_IN_FIRST_CASE), keep_passing=keep_passing)
    assert result.input.status is InputStatus.PARTIAL
    assert result.input.counts == Counts(failed=1)
    problem = result.input.problem
    assert problem is not None and problem.line == 4 and "rerun the job" in problem.hint
    assert "kept the 1 test read" in problem.message and "cut off" not in problem.message
    [case] = result.cases
    assert case.detail is not None and case.detail.problem is not None
    assert (case.name, case.detail.problem.message, case.duration) == ("a", "boom", 1.0)
    assert [s.properties for s in result.suites] == [{"k": "v"}]


@BOTH_MODES
@pytest.mark.parametrize(
    ("tail", "counts", "cut_off"),
    [
        # the result itself was cut: the test's outcome is unknown
        ('<failure message="boom">tra', Counts(passed=1), 1),
        ("<system-out>half", Counts(passed=1), 1),
        # a closed <error> decides, an unclosed <failure> after it is dropped
        ('<error message="e"/><failure>par', Counts(passed=1, errors=1), 0),
        ("<skipped/>", Counts(passed=1, skipped=1), 0),
    ],
)
def test_file_cut_inside_a_later_testcase(
    tmp_path: Path, keep_passing: bool, tail: str, counts: Counts, cut_off: int
) -> None:
    doc = (
        '<testsuites><testsuite name="s">\n<testcase classname="c" name="a" time="1"/>\n'
        '<testcase classname="c" name="b" time="1">' + tail
    )
    result = read_report(write(tmp_path, doc), keep_passing=keep_passing)
    assert result.input.status is InputStatus.PARTIAL
    assert result.input.counts == counts
    problem = result.input.problem
    assert problem is not None and problem.line == 3
    said = "1 test cut off mid-write not counted"
    assert (said in problem.message) == bool(cut_off)


def test_file_cut_in_its_first_result_is_partial_and_says_so(tmp_path: Path) -> None:
    doc = '<testsuite name="s">\n<testcase classname="c" name="a" time="1"><failure>abc'
    result = read_report(write(tmp_path, doc))
    assert result.input.status is InputStatus.PARTIAL
    assert result.input.counts == Counts()
    assert result.input.problem is not None
    assert result.input.problem.message.endswith("; 1 test cut off mid-write not counted")


def test_junk_after_a_complete_root_suite_does_not_count_it_twice(tmp_path: Path) -> None:
    doc = (
        '<testsuite name="s"><error message="e"/><testcase classname="c" name="a" time="1"/>'
        "</testsuite><"
    )
    result = read_report(write(tmp_path, doc))
    assert result.input.status is InputStatus.PARTIAL
    assert result.input.counts == Counts(passed=1, errors=1)


def test_standard_input_cut_before_any_element_ended_is_read_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Stdin:
        buffer = io.BytesIO(CUT_BEFORE_ANY_END.encode())

    monkeypatch.setattr(sys, "stdin", Stdin())
    result = read_report("-")
    assert (result.input.status, result.input.counts) == (InputStatus.PARTIAL, Counts(errors=1))
