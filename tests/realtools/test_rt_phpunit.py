"""PHPUnit's --log-junit, read by reportgen, against PHPUnit's own closing lines (same run)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from reportgen.model import Counts, Outcome, Run

from ._support import HERE, ToolRun, doc_lines, outcome_of, run, save_generated

pytestmark = pytest.mark.realtool

PROJECT = HERE / "phpunit"
TESTS_LINE = re.compile(r"^Tests: (\d+), Assertions: \d+(?:, (.*))?\.$", re.MULTILINE)
VERDICTS = ("OK, but incomplete, skipped, or risky tests!", "OK (", "FAILURES!", "ERRORS!")


def phpunit_summary(output: str) -> dict[str, Any]:
    """PHPUnit's 'Tests: N, Assertions: A, Skipped: S, ...' line and its verdict line."""
    found = TESTS_LINE.search(output)
    assert found, f"no PHPUnit summary line in:\n{output}"
    counts = {"tests": int(found.group(1))}
    for part in (found.group(2) or "").split(", "):
        if part:
            key, _, value = part.partition(": ")
            counts[key.lower()] = int(value)
    verdict = next((v for v in VERDICTS if v in output), None)
    return {**counts, "verdict": verdict}


def expected_counts(summary: dict[str, Any]) -> Counts:
    """PHPUnit's numbers mapped to reportgen's.

    - A risky test (here: no assertion) is written as <error type="PHPUnit\\Framework\\
      RiskyTestError">, yet PHPUnit calls the run OK: it ran and did not fail, so it is passed,
      finer outcome "risky", with a warning.
    - An incomplete test is a bare <skipped/>, as a skipped one is: skipped (nothing in the XML
      tells incomplete apart).
    """
    errors, failures = summary.get("errors", 0), summary.get("failures", 0)
    skipped = summary.get("skipped", 0) + summary.get("incomplete", 0)
    return Counts(
        passed=summary["tests"] - errors - failures - skipped,
        failed=failures,
        errors=errors,
        skipped=skipped,
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    phpunit = shutil.which("phpunit")
    if phpunit is None:
        pytest.skip("phpunit is not installed")
    folder: Path = tmp_path_factory.mktemp("phpunit") / "project"
    shutil.copytree(PROJECT, folder)
    xml = folder.parent / "phpunit.xml"
    done = run([phpunit, "--log-junit", str(xml), "tests"], cwd=folder)
    output = done.stdout + done.stderr
    summary = phpunit_summary(output)
    version = run([phpunit, "--version"], cwd=folder).stdout.strip().splitlines()[0]
    result = ToolRun(
        tool="phpunit",
        version=version,
        xml=xml,
        command=["phpunit", "--log-junit", xml.name, "tests"],
        output=output,
        tool_summary=summary,
        expected=expected_counts(summary),
        notes=doc_lines(expected_counts),
        expected_kinds={"risky": summary["risky"]} if summary.get("risky") else {},
    )
    save_generated(result)
    return result


def test_phpunit_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    assert generated.tool_summary == {
        "tests": 4, "skipped": 1, "incomplete": 1, "risky": 1,
        "verdict": "OK, but incomplete, skipped, or risky tests!",
    }  # fmt: skip
    assert generated.expected == Counts(passed=2, skipped=2)
    assert "RiskyTestError" in generated.xml.read_text(encoding="utf-8")


def test_counts_match_phpunit(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected
    assert read_back.kinds == generated.expected_kinds


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("testAdds", Outcome.PASSED),
        ("testWithoutAssertions", Outcome.PASSED),  # risky
        ("testUnfinished", Outcome.SKIPPED),  # incomplete
        ("testNeedsDatabase", Outcome.SKIPPED),
    ],
)
def test_phpunit_corner_cases(read_back: Run, name: str, outcome: Outcome) -> None:
    assert outcome_of(read_back, name) is outcome


def test_risky_is_passed_with_a_warning(read_back: Run) -> None:
    (case,) = [c for c in read_back.cases if c.name == "testWithoutAssertions"]
    assert case.kind == "risky"
    assert case.detail is not None and case.detail.problem is not None
    assert "did not perform any assertions" in (case.detail.problem.details or "")
    assert any("risky" in notice.message for notice in read_back.notices)
