"""behave --junit, read by reportgen, against behave's own closing summary (same run)."""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
import sys
from pathlib import Path

import pytest

from reportgen.model import Counts, Outcome, Run

from ._support import (
    HERE,
    ToolRun,
    doc_lines,
    outcome_of,
    python_package_version,
    python_version,
    read,
    run,
    save_generated,
)

pytestmark = pytest.mark.realtool

PROJECT = HERE / "behave"
# "0 features passed, 1 failed, 0 skipped" and the like for scenarios and steps.
SUMMARY_LINE = re.compile(r"^(\d+) (feature|scenario|step)s? passed((?:, \d+ \w+)*)$", re.MULTILINE)
TAIL_ITEM = re.compile(r", (\d+) (\w+)")
KNOWN_SCENARIO_STATUSES = {"passed", "failed", "error", "skipped"}


def behave_summary(output: str) -> dict[str, dict[str, int]]:
    """behave's closing lines as {"features"|"scenarios"|"steps": {status: count}}."""
    summary: dict[str, dict[str, int]] = {}
    for count, kind, tail in SUMMARY_LINE.findall(output):
        line = {"passed": int(count)}
        line.update({status: int(n) for n, status in TAIL_ITEM.findall(tail)})
        summary[f"{kind}s"] = line
    assert set(summary) == {"features", "scenarios", "steps"}, f"no behave summary in:\n{output}"
    return summary


def expected_counts(summary: dict[str, dict[str, int]]) -> Counts:
    """behave's scenario line mapped to reportgen's counts (one <testcase> per scenario).

    - behave (1.3) counts a scenario whose step is undefined, or raises
      StepNotImplementedError (a pending step), as 'error', and so does its JUnit
      (status="error", an <error> element: type "NoneType" for the undefined step). The
      summary and the XML agree, so reportgen counts these as errors, not failures; only the
      steps line keeps them apart ('1 undefined', '1 pending').
    - A scenario left out by --tags and one that calls scenario.skip() are both 'skipped'
      in the summary and <skipped/> in the XML.
    - Each row of a Scenario Outline's Examples is a scenario of its own in both.
    """
    scenarios = summary["scenarios"]
    unknown = set(scenarios) - KNOWN_SCENARIO_STATUSES
    assert not unknown, f"behave reports scenario statuses this mapping ignores: {unknown}"
    return Counts(
        passed=scenarios["passed"],
        failed=scenarios.get("failed", 0),
        errors=scenarios.get("error", 0),
        skipped=scenarios.get("skipped", 0),
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    if importlib.util.find_spec("behave") is None:
        pytest.skip("behave is not installed")
    folder: Path = tmp_path_factory.mktemp("behave") / "project"
    shutil.copytree(PROJECT, folder)
    reports = folder.parent / "reports"
    options = ["--junit", "--junit-directory", str(reports), "--tags", "not @skip"]
    options += ["--format", "progress", "--no-color"]
    done = run([sys.executable, "-m", "behave", *options], cwd=folder)
    output = done.stdout + done.stderr
    summary = behave_summary(output)
    # As a shell would take it: the folder relative, the tag expression quoted.
    shown = ["reports" if o == str(reports) else shlex.quote(o) for o in options]
    result = ToolRun(
        tool="behave",
        version=f"behave {python_package_version('behave')}, Python {python_version()}",
        # behave writes one TESTS-<feature>.xml per feature; the sample has one feature.
        xml=reports / "TESTS-arithmetic.xml",
        command=["behave", *shown],
        output=output,
        tool_summary=summary,
        expected=expected_counts(summary),
        notes=doc_lines(expected_counts),
    )
    save_generated(result)
    return result


@pytest.fixture(scope="module")
def read_back(generated: ToolRun) -> Run:
    # The whole folder, as a user would pass it: any file behave wrote counts.
    return read(generated.xml.parent)


def test_behave_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    assert generated.tool_summary == {
        "features": {"passed": 0, "failed": 1, "skipped": 0},
        "scenarios": {"passed": 2, "failed": 2, "error": 3, "skipped": 2},
        "steps": {
            "passed": 13, "failed": 2, "error": 1, "skipped": 7, "pending": 1, "undefined": 1,
        },
    }  # fmt: skip
    assert "2 scenarios passed, 2 failed, 3 error, 2 skipped" in generated.output
    assert generated.expected == Counts(passed=2, failed=2, errors=3, skipped=2)


def test_behave_wrote_one_file_per_feature(generated: ToolRun) -> None:
    assert [p.name for p in generated.xml.parent.iterdir()] == ["TESTS-arithmetic.xml"]


def test_counts_match_behave(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected
    assert not read_back.notices


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("adds", Outcome.PASSED),
        ("wrong sum", Outcome.FAILED),
        ("step that raises", Outcome.ERROR),
        ("undefined step", Outcome.ERROR),
        ("step not implemented yet", Outcome.ERROR),
        ("skipped by tag", Outcome.SKIPPED),
        ("skipped at run time", Outcome.SKIPPED),
        ("outline 1 plus 1 -- @1.1", Outcome.PASSED),
        ("outline 2 plus 2 -- @1.2", Outcome.FAILED),
    ],
)
def test_behave_corner_cases(read_back: Run, name: str, outcome: Outcome) -> None:
    assert outcome_of(read_back, name) is outcome


def test_the_failing_step_is_kept(read_back: Run) -> None:
    (case,) = [c for c in read_back.cases if c.name == "wrong sum"]
    assert case.detail is not None and case.detail.problem is not None
    assert case.detail.problem.message == "expected 5, got 4"
