"""Failures and errors a file declares that no testcase carries (gotestsum's build failures)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.ingest import read_report
from reportgen.model import Counts, Outcome

REPO = Path(__file__).resolve().parents[2]
GENERATED = REPO / "tests" / "realtools" / "generated"
GOLDENS = REPO.parent / "shared" / "corpus" / "gotestyourself__gotestsum" / "internal" / "junitxml"


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "report.xml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_kept_gotestsum_output_counts_the_package_that_did_not_build() -> None:
    result = read_report(str(GENERATED / "gotestsum.xml"))
    # gotestsum's own line: DONE 5 tests, 1 skipped, 1 failure, 1 error
    assert result.input.counts == Counts(passed=3, failed=1, errors=1, skipped=1)
    [error] = [case for case in result.cases if case.outcome is Outcome.ERROR]
    assert error.suite == ()
    assert error.detail is not None and error.detail.problem is not None
    assert "failed to build" in (error.detail.problem.message or "")
    # the root's tests=5 leaves the build failure out: no disagreement to report about it
    assert not any("declares tests" in n.message for n in result.notices)


@pytest.mark.parametrize(
    ("name", "tests"),
    [("junitxml-report.golden", 61), ("junitxml-report-skip-empty.golden", 61)],
)
def test_gotestsum_goldens_count_the_root_error(name: str, tests: int) -> None:
    path = GOLDENS / "testdata" / name
    if not path.is_file():
        pytest.skip("the shared corpus is not here")
    result = read_report(str(path))
    assert result.input.counts.errors == 1  # errors="1" on the root, in no suite or case
    assert result.input.counts.failed == 13
    assert result.input.counts.total == tests
    assert [c.name for c in result.cases if c.outcome is Outcome.ERROR] == ["test"]


def test_an_empty_suite_that_declares_an_error_is_one(tmp_path: Path) -> None:
    text = """<testsuites>
  <testsuite name="pkg/broken" tests="0" failures="0" errors="1">
    <system-out>broken.go:4: cannot use "half" as int</system-out>
  </testsuite>
  <testsuite name="pkg/ok" tests="1"><testcase classname="ok" name="TestOK"/></testsuite>
</testsuites>"""
    result = read_report(write(tmp_path, text))
    assert result.input.counts == Counts(passed=1, errors=1)
    [error] = [c for c in result.cases if c.outcome is Outcome.ERROR]
    assert error.name == "pkg/broken"
    assert error.detail is not None and error.detail.problem is not None
    assert error.detail.problem.details == 'broken.go:4: cannot use "half" as int'
    assert [n.line for n in result.notices] == [2]


@pytest.mark.parametrize(
    "suite",
    [
        # a summary-only suite: its 6 tests are missing, not failed before running
        '<testsuite name="pytest" tests="6" failures="1" errors="0"></testsuite>',
        # result elements counted, not tests (mikepenz multiple_failures)
        '<testsuite name="s" tests="1" failures="2"><testcase classname="c" name="t">'
        "<failure/><failure/></testcase></testsuite>",
        # a suite with testcases whose numbers are just wrong (junitparser no_fails.xml)
        '<testsuite name="s" tests="1" failures="1"><testcase classname="c" name="t"/></testsuite>',
    ],
)
def test_declared_numbers_explained_otherwise_are_only_noticed(tmp_path: Path, suite: str) -> None:
    result = read_report(write(tmp_path, f"<testsuites>{suite}</testsuites>"))
    assert result.input.counts.errors == 0
    assert result.notices  # the disagreement is still named


def test_a_root_that_declares_what_its_suites_declare_adds_nothing(tmp_path: Path) -> None:
    text = """<testsuites tests="2" failures="2">
  <testsuite name="s" tests="2" failures="2"><testcase classname="c" name="t"/>
  <testcase classname="c" name="u"/></testsuite></testsuites>"""
    result = read_report(write(tmp_path, text))
    assert result.input.counts == Counts(passed=2)


def test_nested_suites_are_not_counted_twice(tmp_path: Path) -> None:
    text = """<testsuites tests="1" failures="1" errors="1">
  <testsuite name="outer" tests="1" failures="1">
    <testsuite name="inner" tests="1" failures="1">
      <testcase classname="c" name="t"><failure/></testcase></testsuite></testsuite>
</testsuites>"""
    result = read_report(write(tmp_path, text))
    assert result.input.counts == Counts(failed=1, errors=1)
