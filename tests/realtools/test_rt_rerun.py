"""pytest-rerunfailures: a test that passes on its rerun is FLAKY, one that never passes fails once.

pytest writes one <testcase> per attempt and leaves the failed attempts empty (no <failure>):
the flaky test is two empty <testcase> elements with the same name, the always-failing one is
two empty ones and a last one with <failure>. The repetition is the only trace of the reruns.
"""

from __future__ import annotations

import importlib.util

import pytest

from reportgen.model import Counts, Outcome, Run

from ._support import ToolRun, outcome_of, save_generated
from .pytest_sample import (
    FLAKY_SAMPLE,
    expected_counts,
    load_stats,
    run_pytest,
    summary_line_counts,
    versions,
    write_project,
)

pytestmark = pytest.mark.realtool

OPTIONS = ["--reruns", "2"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    if importlib.util.find_spec("pytest_rerunfailures") is None:
        pytest.skip("pytest-rerunfailures is not installed")
    folder = write_project(tmp_path_factory.mktemp("rerun"), FLAKY_SAMPLE)
    xml = folder / "pytest-rerunfailures.xml"
    marker = folder / "failed-once"
    output = run_pytest(folder, xml, OPTIONS, env={"REALTOOLS_MARKER": str(marker)})
    recorded = load_stats(folder)
    result = ToolRun(
        tool="pytest-rerunfailures",
        version=versions("pytest-rerunfailures"),
        xml=xml,
        command=["pytest", "--junitxml", xml.name, *OPTIONS],
        output=output,
        tool_summary={
            "summary_line": summary_line_counts(output),
            "collected": len(recorded["collected"]),
            "rerun": sorted(set(recorded["stats"]["rerun"])),
        },
        expected=expected_counts(recorded["stats"], recorded["collected"]),
        notes=["passed after reruns: FLAKY; failed every attempt: FAILED, counted once"],
    )
    save_generated(result)
    return result


def test_pytest_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    assert generated.tool_summary == {
        "summary_line": {"failed": 1, "passed": 2, "rerun": 3},
        "collected": 3,
        "rerun": ["test_sample.py::test_always_fails", "test_sample.py::test_flaky"],
    }
    assert generated.expected == Counts(passed=1, failed=1, flaky=1)


def test_counts_match_pytest(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected


def test_flaky_test_is_flaky(read_back: Run) -> None:
    assert outcome_of(read_back, "test_flaky") is Outcome.FLAKY


def test_always_failing_test_fails_once(read_back: Run) -> None:
    (case,) = [c for c in read_back.cases if c.name == "test_always_fails"]
    assert case.outcome is Outcome.FAILED
    assert case.attempts == 3
