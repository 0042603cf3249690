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
    - A test whose executable is missing is 'Not Run' among ctest's FAILED tests, but ctest's
      JUnit writes it as <skipped message="Unable to find executable"> status="notrun": the
      XML says skipped, so reportgen can only say skipped.
    """
    failed_tests = list(summary["failed_tests"])
    not_run = list(summary["not_run"])
    missing = sum(1 for entry in failed_tests if entry.endswith("(Not Run)"))
    disabled = sum(1 for entry in not_run if entry.endswith("(Disabled)"))
    failed = int(summary["failed"])
    out_of = int(summary["out_of"])
    return Counts(
        passed=out_of + disabled - failed - len(not_run),
        failed=failed - missing,
        skipped=len(not_run) + missing,
    )


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
    )
    save_generated(result)
    return result


def test_ctest_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    assert generated.tool_summary == {
        "failed": 4,
        "out_of": 9,
        "not_run": [
            "disabled (Disabled)", "skipped_by_code (Skipped)", "skipped_by_regex (Skipped)",
        ],
        "failed_tests": [
            "fails (Failed)", "fails_by_regex (Failed)", "fails_with_output (Failed)",
            "missing_command (Not Run)",
        ],
    }  # fmt: skip
    assert "56% tests passed, 4 tests failed out of 9" in generated.output
    assert generated.expected == Counts(passed=3, failed=3, skipped=4)


def test_counts_match_ctest(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("passes", Outcome.PASSED),
        ("expected_to_fail", Outcome.PASSED),  # WILL_FAIL: ctest inverts the result
        ("fails_by_regex", Outcome.FAILED),
        ("skipped_by_code", Outcome.SKIPPED),
        ("skipped_by_regex", Outcome.SKIPPED),
        ("disabled", Outcome.SKIPPED),  # status="disabled" and no child element
        ("missing_command", Outcome.SKIPPED),  # what the XML says (see expected_counts)
    ],
)
def test_ctest_corner_cases(read_back: Run, name: str, outcome: Outcome) -> None:
    assert outcome_of(read_back, name) is outcome


def test_test_output_is_kept(read_back: Run) -> None:
    (case,) = [c for c in read_back.cases if c.name == "fails_with_output"]
    assert case.detail is not None
    assert "expected 4, got 5" in (case.detail.system_out or "")
