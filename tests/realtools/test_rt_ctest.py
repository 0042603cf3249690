"""ctest --output-junit, read by reportgen, against ctest's own closing lines."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from reportgen.model import Counts, Outcome, Run

from ._support import HERE, ToolRun, doc_lines, outcome_of, run, save_generated

pytestmark = pytest.mark.realtool

PROJECT = HERE / "cmake"
PASSED_LINE = re.compile(r"^\d+% tests passed, (\d+) tests? failed out of (\d+)$", re.MULTILINE)
NOT_RUN_LINE = re.compile(r"^\s+\d+ - (\S+) \((Skipped|Disabled)\)$", re.MULTILINE)
FAILED_LINE = re.compile(r"^\s+\d+ - (\S+) \((Failed|Not Run)\)$", re.MULTILINE)


def ctest_summary(output: str) -> dict[str, Any]:
    """ctest's verdict: its 'N% tests passed, F tests failed out of T' line and the lists
    under 'The following tests did not run:' and 'The following tests FAILED:'."""
    found = PASSED_LINE.search(output)
    assert found, f"no ctest summary line in:\n{output}"
    return {
        "failed": int(found.group(1)),
        "out_of": int(found.group(2)),
        "not_run": sorted(f"{name} ({why})" for name, why in NOT_RUN_LINE.findall(output)),
        "failed_tests": sorted(f"{name} ({why})" for name, why in FAILED_LINE.findall(output)),
    }


def expected_counts(summary: dict[str, Any]) -> Counts:
    """ctest's verdict mapped to reportgen's.

    - 'out of T' leaves disabled tests out, and its percentage counts skipped tests as passed;
      reportgen counts skipped and disabled tests (status="notrun"/"disabled") as skipped.
    - A test ctest did not run for a reason other than a deliberate skip (executable missing,
      fixture setup failed, required file missing) is 'Not Run' among ctest's FAILED tests; its
      JUnit writes it as status="notrun" with <skipped message="Unable to find executable">
      (or "Fixture dependency failed", "Required Files Missing"): reportgen counts it as failed,
      with the finer outcome "not run".
    """
    not_run = list(summary["not_run"])
    disabled = sum(1 for entry in not_run if entry.endswith("(Disabled)"))
    failed = int(summary["failed"])
    out_of = int(summary["out_of"])
    return Counts(
        passed=out_of + disabled - failed - len(not_run),
        failed=failed,
        skipped=len(not_run),
    )


def expected_kinds(summary: dict[str, Any]) -> dict[str, int]:
    missing = sum(1 for entry in summary["failed_tests"] if entry.endswith("(Not Run)"))
    return {"not run": missing} if missing else {}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    cmake, ctest = shutil.which("cmake"), shutil.which("ctest")
    if cmake is None or ctest is None:
        pytest.skip("cmake/ctest is not installed")
    build: Path = tmp_path_factory.mktemp("ctest") / "build"
    configured = run([cmake, "-S", str(PROJECT), "-B", str(build)], cwd=build.parent)
    assert configured.returncode == 0, configured.stdout + configured.stderr
    xml = build.parent / "ctest.xml"
    done = run([ctest, "--output-junit", str(xml)], cwd=build)
    output = done.stdout + done.stderr
    summary = ctest_summary(output)
    version = run([ctest, "--version"], cwd=build).stdout.splitlines()[0]
    result = ToolRun(
        tool="ctest",
        version=version,
        xml=xml,
        command=["ctest", "--output-junit", xml.name],
        output=output,
        tool_summary=summary,
        expected=expected_counts(summary),
        notes=doc_lines(expected_counts),
        expected_kinds=expected_kinds(summary),
    )
    save_generated(result)
    return result


def test_ctest_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    assert generated.tool_summary == {
        "failed": 7,
        "out_of": 12,
        "not_run": [
            "disabled (Disabled)", "skipped_by_code (Skipped)", "skipped_by_regex (Skipped)",
        ],
        "failed_tests": [
            "fails (Failed)", "fails_by_regex (Failed)", "fails_with_output (Failed)",
            "missing_command (Not Run)", "needs_db (Not Run)", "needs_file (Not Run)",
            "setup_db (Failed)",
        ],
    }  # fmt: skip
    assert "42% tests passed, 7 tests failed out of 12" in generated.output
    assert generated.expected == Counts(passed=3, failed=7, skipped=3)
    assert generated.expected_kinds == {"not run": 3}


def test_counts_match_ctest(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected
    assert read_back.kinds == generated.expected_kinds


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("passes", Outcome.PASSED),
        ("expected_to_fail", Outcome.PASSED),  # WILL_FAIL: ctest inverts the result
        ("fails_by_regex", Outcome.FAILED),
        ("skipped_by_code", Outcome.SKIPPED),
        ("skipped_by_regex", Outcome.SKIPPED),
        ("disabled", Outcome.SKIPPED),  # status="disabled" and no child element
        ("missing_command", Outcome.FAILED),  # "Unable to find executable": Not Run
        ("needs_db", Outcome.FAILED),  # "Fixture dependency failed": Not Run
        ("needs_file", Outcome.FAILED),  # "Required Files Missing": Not Run
        ("setup_db", Outcome.FAILED),
    ],
)
def test_ctest_corner_cases(read_back: Run, name: str, outcome: Outcome) -> None:
    assert outcome_of(read_back, name) is outcome


def test_not_run_says_why(read_back: Run) -> None:
    (case,) = [c for c in read_back.cases if c.name == "needs_db"]
    assert case.kind == "not run"
    assert case.detail is not None and case.detail.problem is not None
    assert case.detail.problem.message == "Fixture dependency failed"
    assert "setup_db" in (case.detail.system_out or "")


def test_test_output_is_kept(read_back: Run) -> None:
    (case,) = [c for c in read_back.cases if c.name == "fails_with_output"]
    assert case.detail is not None
    assert "expected 4, got 5" in (case.detail.system_out or "")
