"""The fast path for testcases with plain attributes gives what the slow path gives, and
passes folded in pytest's suites, where a later record is a rerun, read as if kept.

A testcase whose attributes are all in `reader._FAST_KEYS` is read on the fast path; one more
attribute (`extra="1"`, which nothing reads) sends the same testcase through `_slow_case`.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from reportgen.ingest import Fold, read_report, read_reports
from reportgen.ingest.junit import FileResult
from reportgen.model import Outcome, Run, TestCase

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


ROOT = Path(__file__).resolve().parents[2]
PYTEST_RERUNS = [
    ROOT / "tests" / "realtools" / "generated" / "pytest-rerunfailures.xml",
    ROOT / "samples" / "pytest-project" / "results" / "junit.xml",
]


def _pytest_report(path: Path, tests: int) -> Path:
    """pytest's layout (one suite named `pytest` under `pytest tests`) with reruns written as
    pytest-rerunfailures writes them, some far from the first record: failed attempts as
    passes, a last attempt that fails or passes, a teardown error, output and properties."""
    cases = []
    for i in range(tests):
        cls = f"tests.test_m{i % 5}"
        attrs = f'classname="{cls}" name="test_{i}" time="{(i * 7) % 13 / 1000:.3f}"'
        attrs += f' file="tests/test_m{i % 5}.py" line="{i % 50}"' if i % 3 else ""
        if i % 17 == 0:
            cases.append(f"<testcase {attrs}><system-out>log {i}</system-out></testcase>")
        elif i % 29 == 0:
            cases.append(
                f'<testcase {attrs}><properties><property name="p" value="{i}"/></properties>'
                "</testcase>"
            )
        else:
            cases.append(f"<testcase {attrs}/>")
        if i % 11 == 5:  # a rerun next to the first record, passing or failing at last
            last = '<failure message="again">t</failure>' if i % 2 else ""
            cases.append(f"<testcase {attrs}>{last}</testcase>")
        if i % 23 == 7 and i > 40:  # a rerun of a test far above
            j = i - 40
            far = f'classname="tests.test_m{j % 5}" name="test_{j}" time="0.5"'
            cases.append(f'<testcase {far}><failure message="late">t</failure></testcase>')
        if i % 31 == 3:
            cases.append(
                f'<testcase {attrs}><error message="failed on teardown with x">t</error></testcase>'
            )
    path.write_text(
        '<testsuites name="pytest tests"><testsuite name="pytest">'
        + "".join(cases)
        + "</testsuite></testsuites>",
        "utf-8",
    )
    return path


def _same_tests(folded: Run, kept: Run) -> None:
    """The folded read's cases are the kept read's, in order, and the rest are in its groups."""
    assert (folded.counts, folded.kinds, folded.inputs) == (kept.counts, kept.kinds, kept.inputs)
    assert folded.suites == kept.suites
    assert [n.message for n in folded.notices] == [n.message for n in kept.notices]
    rest = iter(kept.cases)
    left: list[TestCase] = []
    for case in folded.cases:
        for other in rest:
            if other == case:
                break
            left.append(other)
        else:
            raise AssertionError(f"{case} is not in the kept read, or not in its order")
    left += list(rest)
    assert all(c.detail is None and c.attempts == 1 for c in left)
    grouped: Counter[tuple[object, ...]] = Counter()
    for g in folded.folded or []:
        assert g.durations or g.skips
        for outcome, durations in ((Outcome.PASSED, g.durations), (Outcome.SKIPPED, g.skips)):
            grouped.update((g.input, g.suite, g.classname, g.file, outcome, d) for d in durations)
    assert grouped == Counter(
        (c.input, c.suite, c.classname, c.file, c.outcome, c.duration) for c in left
    )


@pytest.mark.parametrize("slowest", [0, 3])
@pytest.mark.parametrize("path", PYTEST_RERUNS, ids=lambda p: p.parent.name + "/" + p.name)
def test_pytest_reruns_read_folded_are_read_as_kept(path: Path, slowest: int) -> None:
    if not path.exists():
        pytest.skip(f"{path} is not in this checkout")
    kept = read_reports([str(path)], jobs=1)
    folded = read_reports([str(path)], jobs=1, fold=Fold(slowest))
    _same_tests(folded, kept)
    assert kept.counts.flaky or kept.counts.failed


@pytest.mark.parametrize("slowest", [0, 5])
def test_passes_in_a_pytest_suite_fold_and_reruns_take_them_back(
    tmp_path: Path, slowest: int
) -> None:
    report = str(_pytest_report(tmp_path / "pytest.xml", 600))
    kept = read_reports([report], jobs=1)
    folded = read_reports([report], jobs=1, fold=Fold(slowest))
    _same_tests(folded, kept)
    groups = folded.folded or []
    assert sum(g.passed for g in groups) > kept.counts.passed * 3 // 4
    assert kept.counts.flaky > 10 and kept.counts.failed > 10
    # a test rerun far below its first record is one failed test with both attempts
    late = next(c for c in kept.cases if c.name == "test_13")
    assert (late.outcome, late.attempts) == (Outcome.FAILED, 2)
