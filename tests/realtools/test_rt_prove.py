"""prove with TAP::Formatter::JUnit, read by reportgen, against prove's own report (same
sample run twice: once with the JUnit formatter, once with prove's console output)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from reportgen.model import Counts, Outcome, Run

from ._support import HERE, ToolRun, doc_lines, outcome_of, run, save_generated

pytestmark = pytest.mark.realtool

PROJECT = HERE / "prove"
FILES_LINE = re.compile(r"^Files=(\d+), Tests=(\d+),", re.MULTILINE)
FAILED_IN_FILE = re.compile(r"\(Wstat: \d+ .*?Tests: \d+ Failed: (\d+)\)")
LESS_SKIPPED = re.compile(r"\(less (\d+) skipped subtests?:")
TODO_PASSED = re.compile(r"\((\d+) TODO tests? unexpectedly succeeded\)")
DUBIOUS = re.compile(r"^Dubious, test returned", re.MULTILINE)


def prove_summary(output: str) -> dict[str, Any]:
    """prove's 'Files=F, Tests=T' line, the failed tests of its 'Test Summary Report', and per
    file its '(less N skipped subtests)', '(N TODO tests unexpectedly succeeded)' and
    'Dubious, test returned' lines."""
    found = FILES_LINE.search(output)
    assert found, f"no prove summary line in:\n{output}"
    return {
        "files": int(found.group(1)),
        "tests": int(found.group(2)),
        "failed": sum(int(n) for n in FAILED_IN_FILE.findall(output)),
        "skipped": sum(int(n) for n in LESS_SKIPPED.findall(output)),
        "todo_passed": sum(int(n) for n in TODO_PASSED.findall(output)),
        "dubious": len(DUBIOUS.findall(output)),
        "result": "FAIL" if "Result: FAIL" in output else "PASS",
    }


def expected_counts(summary: dict[str, Any]) -> Counts:
    """prove's numbers mapped to reportgen's.

    - TAP::Formatter::JUnit writes every TAP test line as a testcase named "<number>
      <description>"; a `# skip` test is a plain testcase, and only the TAP kept in the suite's
      <system-out> says it was skipped: reportgen reads it there, as prove counts it.
    - A TODO test that fails passes for prove (no element); one that passes is written as
      <error type="TodoTestSucceeded">, which prove counts as passed: passed, finer outcome
      "xpass".
    - A file that exits non-zero ("Dubious") or breaks its plan gets a suite-level <error>:
      one error of that file, finer outcome "suite error" (prove fails the run for it).
    - With --timer, "(init)" and "(teardown)" testcases time the file: they are no tests.
    """
    tests, failed, skipped = summary["tests"], summary["failed"], summary["skipped"]
    return Counts(
        passed=tests - failed - skipped,
        failed=failed,
        errors=summary["dubious"],
        skipped=skipped,
    )


def expected_kinds(summary: dict[str, Any]) -> dict[str, int]:
    kinds = {"xpass": summary["todo_passed"], "suite error": summary["dubious"]}
    return {kind: count for kind, count in kinds.items() if count}


def _formatter_installed(perl: str) -> bool:
    return run([perl, "-MTAP::Formatter::JUnit", "-e", "1"], cwd=HERE).returncode == 0


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    prove, perl = shutil.which("prove"), shutil.which("perl")
    if prove is None or perl is None:
        pytest.skip("prove/perl is not installed")
    if not _formatter_installed(perl):
        pytest.skip("TAP::Formatter::JUnit is not installed (libtap-formatter-junit-perl)")
    folder: Path = tmp_path_factory.mktemp("prove") / "project"
    shutil.copytree(PROJECT, folder)
    xml = folder.parent / "prove.xml"
    junit = run([prove, "--timer", "--formatter", "TAP::Formatter::JUnit", "t/"], cwd=folder)
    xml.write_text(junit.stdout, encoding="utf-8")
    console = run([prove, "t/"], cwd=folder)
    output = console.stdout + console.stderr
    summary = prove_summary(output)
    version = run([prove, "--version"], cwd=folder).stdout.strip()
    formatter = run(
        [perl, "-MTAP::Formatter::JUnit", "-e", "print $TAP::Formatter::JUnit::VERSION"],
        cwd=folder,
    ).stdout.strip()
    result = ToolRun(
        tool="prove",
        version=f"{version}, TAP::Formatter::JUnit {formatter}",
        xml=xml,
        command=["prove", "--timer", "--formatter", "TAP::Formatter::JUnit", "t/"],
        output=output,
        tool_summary=summary,
        expected=expected_counts(summary),
        notes=doc_lines(expected_counts),
        expected_kinds=expected_kinds(summary),
    )
    save_generated(result)
    return result


def test_prove_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    assert generated.tool_summary == {
        "files": 3, "tests": 7, "failed": 1, "skipped": 1, "todo_passed": 1, "dubious": 3,
        "result": "FAIL",
    }  # fmt: skip
    assert generated.expected == Counts(passed=5, failed=1, errors=3, skipped=1)
    assert generated.expected_kinds == {"xpass": 1, "suite error": 3}
    assert "(teardown)" in generated.xml.read_text(encoding="utf-8")


def test_counts_match_prove(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected
    assert read_back.kinds == generated.expected_kinds


def test_counts_match_prove_without_keeping_passes(generated: ToolRun) -> None:
    from reportgen.ingest import read_reports

    totals = read_reports([str(generated.xml)], keep_passing=False)
    assert totals.counts == generated.expected
    assert totals.kinds == generated.expected_kinds


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("1 - adds", Outcome.PASSED),
        ("2 - wrong sum", Outcome.FAILED),
        ("3", Outcome.SKIPPED),  # ok 3 # skip no network
        ("4 - todo that fails", Outcome.PASSED),
        ("5 - todo that passes", Outcome.PASSED),  # TodoTestSucceeded
        ("dies_t", Outcome.ERROR),  # Dubious, test returned 255
        ("noplan_t", Outcome.ERROR),
    ],
)
def test_prove_corner_cases(read_back: Run, name: str, outcome: Outcome) -> None:
    assert outcome_of(read_back, name) is outcome


def test_timing_pseudo_cases_are_no_tests(read_back: Run) -> None:
    assert [c for c in read_back.cases if c.name in ("(init)", "(teardown)")] == []
