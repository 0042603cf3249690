"""The fast path for testcases with plain attributes gives what the slow path gives.

A testcase whose attributes are all in `reader._FAST_KEYS` is read on the fast path; one more
attribute (`extra="1"`, which nothing reads) sends the same testcase through `_slow_case`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.ingest import read_report
from reportgen.ingest.junit import FileResult

FAILING = {
    "failure": '<failure message="boom" type="AssertionError">trace</failure>',
    "error": '<error message="boom" type="OSError">trace</error>',
    "with output": (
        '<system-out>out</system-out><failure message="m">t</failure><system-err>e</system-err>'
    ),
    "risky": '<error type="PHPUnit\\Framework\\RiskyTestError" message="risky">r</error>',
    "xpass": '<error type="TodoTestSucceeded" message="todo passed">p</error>',
    "cancelled": '<failure type="cancelledByParent" message="c"/>',
}


def _read(tmp_path: Path, classname: str, body: str, extra: str, keep: bool) -> FileResult:
    path = tmp_path / f"r{len(extra)}{keep}.xml"
    path.write_text(
        '<testsuites><testsuite name="s">'
        '<testcase classname="c" name="before" time="0.5"/>'
        f'<testcase classname="{classname}" name="t" time="0.25" file="t.py" line="3"{extra}>'
        f"{body}</testcase></testsuite></testsuites>",
        "utf-8",
    )
    return read_report(str(path), keep_passing=keep)


def _seen(result: FileResult) -> tuple[object, ...]:
    return (
        result.input.counts,
        result.input.kinds,
        [s.counts for s in result.suites],
        [(c.name, c.outcome, c.kind, c.file, c.line, c.attempts, c.detail) for c in result.cases],
        [n.message for n in result.notices],
    )


@pytest.mark.parametrize("keep", [True, False], ids=["every case", "totals only"])
@pytest.mark.parametrize("classname", ["c", "Test suite failed to run"])
@pytest.mark.parametrize("body", FAILING.values(), ids=FAILING.keys())
def test_a_failing_testcase_reads_the_same_on_both_paths(
    tmp_path: Path, body: str, classname: str, keep: bool
) -> None:
    fast = _read(tmp_path, classname, body, "", keep)
    slow = _read(tmp_path, classname, body, ' extra="1"', keep)
    assert _seen(fast) == _seen(slow)


def test_a_passing_type_is_not_kept_in_a_totals_only_read(tmp_path: Path) -> None:
    result = _read(tmp_path, "c", FAILING["xpass"], "", keep=False)
    assert result.input.counts.passed == 2
    assert result.input.kinds == {"xpass": 1}
    assert result.cases == []


def test_jest_suite_error_wins_over_a_finer_type(tmp_path: Path) -> None:
    result = _read(tmp_path, "Test suite failed to run", FAILING["cancelled"], "", keep=False)
    assert result.input.counts.errors == 1
    assert [(c.outcome.value, c.kind) for c in result.cases] == [("error", "suite error")]


def test_kept_cases_share_what_they_repeat(tmp_path: Path) -> None:
    """A million kept cases must not each carry their own copy of a classname, file, duration
    or line number; the fast path and the slow path hand out the same objects."""
    case = '<testcase classname="pkg.mod.C" name="t{i}" time="0.004" file="pkg/mod.py" line="318"'
    path = tmp_path / "shared.xml"
    path.write_text(
        '<testsuite name="s">'
        + case.format(i=1)
        + "/>"
        + case.format(i=2)
        + "/>"
        + case.format(i=3)
        + ' extra="1"/>'  # the slow path
        + case.format(i=4)
        + "><system-out>out</system-out></testcase>"  # the slow path, for its output
        + case.format(i=5)
        + '><failure message="m"/></testcase>'  # the fast path for a failure
        + "</testsuite>",
        "utf-8",
    )
    cases = read_report(str(path)).cases
    assert [c.name for c in cases] == ["t1", "t2", "t3", "t4", "t5"]
    for field in ("classname", "file", "duration", "line"):
        assert len({id(getattr(c, field)) for c in cases}) == 1, field
    assert (cases[0].duration, cases[0].line) == (0.004, 318)


def test_a_bad_duration_is_noticed_every_time_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "negative.xml"
    path.write_text(
        '<testsuite name="s">'
        + "".join(f'<testcase classname="c" name="t{i}" time="-1"/>' for i in range(3))
        + '<testcase classname="c" name="t3" time="-1" extra="1"/></testsuite>',
        "utf-8",
    )
    result = read_report(str(path))
    assert [n.message for n in result.notices] == ["4 negative durations set to 0"]
    assert [c.duration for c in result.cases] == [0.0] * 4


NOT_RUN_BUT_FAILED = {
    "failure": ('<failure message="boom">trace</failure>', "failed", "<failure>"),
    "error": ('<error message="boom">trace</error>', "errors", "<error>"),
    "skipped and failure": (
        '<skipped/><failure message="boom">trace</failure>',
        "failed",
        "<failure>",
    ),
}


@pytest.mark.parametrize("keep", [True, False], ids=["every case", "totals only"])
@pytest.mark.parametrize("status", ['status="notrun"', 'result="suppressed"', 'skipped="true"'])
@pytest.mark.parametrize(
    ("body", "counted", "kind"), NOT_RUN_BUT_FAILED.values(), ids=NOT_RUN_BUT_FAILED.keys()
)
def test_a_failure_beats_a_not_run_status_on_every_path(
    tmp_path: Path, body: str, counted: str, kind: str, status: str, keep: bool
) -> None:
    # The result element says the test ran and failed; the attribute only says it was not run.
    result = _read(tmp_path, "c", body, f" {status}", keep)
    assert getattr(result.input.counts, counted) == 1 and result.input.counts.skipped == 0
    word = "an error" if counted == "errors" else "failed"
    assert [n.message for n in result.notices] == [
        f"testcase 't' says {status} but carries {kind}: counted as {word}"
    ]
    other = _read(tmp_path, "c", body, f" {status}", not keep)
    assert (result.input.counts, result.input.kinds) == (other.input.counts, other.input.kinds)
    assert [n.message for n in other.notices] == [n.message for n in result.notices]
    failed = [c for c in result.cases if c.name == "t"]
    assert failed == [c for c in other.cases if c.name == "t"]


def test_a_disabled_cppfw_test_and_a_todo_keep_their_skip(tmp_path: Path) -> None:
    disabled = _read(tmp_path, "c", "<failure>why</failure>", ' status="disabled"', True)
    todo = _read(tmp_path, "c", '<skipped type="todo"/><failure>f</failure>', "", True)
    for result in (disabled, todo):
        assert (result.input.counts.skipped, result.input.counts.failed) == (1, 0)
        assert result.notices == []


MORE = Path(__file__).resolve().parents[1] / "realtools" / "generated" / "more"
JUNIT_OUTPUTS = sorted(p for p in MORE.glob("*.xml") if b"<testcase" in p.read_bytes())


@pytest.mark.parametrize("keep", [True, False], ids=["every case", "totals only"])
@pytest.mark.parametrize("path", JUNIT_OUTPUTS, ids=lambda p: p.name)
def test_real_outputs_read_the_same_on_both_paths(tmp_path: Path, path: Path, keep: bool) -> None:
    # one more attribute on every testcase sends each through the slow path
    slow = tmp_path / path.name
    slow.write_bytes(re.sub(rb"<testcase ", b'<testcase extra="1" ', path.read_bytes()))
    fast = read_report(str(path), keep_passing=keep)
    assert _seen(fast) == _seen(read_report(str(slow), keep_passing=keep))
