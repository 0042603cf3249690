"""jest with jest-junit, read by reportgen, against jest's own --json summary (same run)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from reportgen.model import Counts, Outcome, Run

from ._support import (
    ToolRun,
    cases_named,
    copy_js_project,
    doc_lines,
    node_version,
    outcome_of,
    package_version,
    require_node,
    require_node_package,
    run,
    save_generated,
)

pytestmark = pytest.mark.realtool


def expected_counts(summary: dict[str, int]) -> Counts:
    """jest's numbers mapped to reportgen's.

    jest-junit writes a todo test as an empty <testcase> (no <skipped/>) and leaves it out of
    its declared `tests`; nothing in the XML tells it from a pass, so it is counted as passed.
    Skipped tests (jest's "pending") are <skipped/>.
    A test file that fails to load is no test for jest (numRuntimeErrorTestSuites); with
    reportTestSuiteErrors, jest-junit writes it as a testcase named after the file, classname
    "Test suite failed to run": reportgen counts it as an error of the suite, finer outcome
    "suite error" (without that option jest-junit leaves the file out, and nothing is there to
    read). A failing beforeAll fails each test of its block, for jest and in the XML.
    """
    return Counts(
        passed=summary["numPassedTests"] + summary["numTodoTests"],
        failed=summary["numFailedTests"],
        errors=summary["numRuntimeErrorTestSuites"],
        skipped=summary["numPendingTests"],
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    require_node_package("jest")
    require_node_package("jest-junit")
    folder = copy_js_project("jest", tmp_path_factory.mktemp("jest") / "project")
    xml = folder.parent / "jest.xml"
    summary_file = folder.parent / "jest-summary.json"
    command = [
        require_node(), "node_modules/jest/bin/jest.js", "--ci", "--json",
        f"--outputFile={summary_file}", "--reporters=default", "--reporters=jest-junit",
    ]  # fmt: skip
    env = {"JEST_JUNIT_OUTPUT_FILE": str(xml), "JEST_JUNIT_REPORT_TEST_SUITE_ERRORS": "true"}
    done = run(command, cwd=folder, env=env)
    full: dict[str, Any] = json.loads(summary_file.read_text(encoding="utf-8"))
    summary = {key: value for key, value in full.items() if key.startswith("num")}
    result = ToolRun(
        tool="jest",
        version=(
            f"jest {package_version('jest')}, jest-junit {package_version('jest-junit')}, "
            f"node {node_version()}"
        ),
        xml=xml,
        command=[
            "JEST_JUNIT_REPORT_TEST_SUITE_ERRORS=true",
            "jest",
            "--ci",
            "--json",
            "--reporters=default",
            "--reporters=jest-junit",
        ],
        output=done.stdout + done.stderr,
        tool_summary=summary,
        expected=expected_counts(summary),
        notes=doc_lines(expected_counts),
        expected_kinds=(
            {"suite error": summary["numRuntimeErrorTestSuites"]}
            if summary["numRuntimeErrorTestSuites"]
            else {}
        ),
    )
    save_generated(result)
    return result


def test_jest_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    summary = generated.tool_summary
    assert (summary["numPassedTests"], summary["numFailedTests"]) == (6, 4)
    assert (summary["numPendingTests"], summary["numTodoTests"]) == (3, 1)
    assert summary["numTotalTests"] == 14
    assert summary["numRuntimeErrorTestSuites"] == 1
    assert "Tests:       4 failed, 3 skipped, 1 todo, 6 passed, 14 total" in generated.output
    assert "Test suite failed to run" in generated.output
    assert generated.expected == Counts(passed=7, failed=4, errors=1, skipped=3)
    assert generated.expected_kinds == {"suite error": 1}


def test_counts_match_jest(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected
    assert read_back.kinds == generated.expected_kinds


def test_every_jest_test_is_read(generated: ToolRun, read_back: Run) -> None:
    suite_errors = generated.tool_summary["numRuntimeErrorTestSuites"]
    assert read_back.counts.total == generated.tool_summary["numTotalTests"] + suite_errors


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("arithmetic wrong sum", Outcome.FAILED),
        ("arithmetic errors throws a TypeError", Outcome.FAILED),  # jest has no error kind
        ("arithmetic skipped for now", Outcome.SKIPPED),
        ("whole block skipped never runs", Outcome.SKIPPED),
        ("arithmetic subtracts", Outcome.PASSED),  # a todo, written like a pass (see above)
        ("broken.test.js", Outcome.ERROR),  # failed to load: an error of the suite
        ("database reads", Outcome.FAILED),  # its block's beforeAll threw
    ],
)
def test_jest_corner_cases(read_back: Run, name: str, outcome: Outcome) -> None:
    assert outcome_of(read_back, name) is outcome


def test_each_parameter_is_its_own_test(read_back: Run) -> None:
    for n in (1, 2, 3):
        assert len(cases_named(read_back, f" is positive {n}")) == 1


def test_the_todo_counted_as_passed_is_flagged(generated: ToolRun, read_back: Run) -> None:
    # jest-junit's declared `tests` leave the todo out while its <testcase> is there: the only
    # trace in the XML of the todo-as-pass above, and reportgen says so.
    assert any(notice.file.endswith(generated.xml.name) for notice in read_back.notices)


def test_a_file_that_failed_to_load_is_a_suite_error(read_back: Run) -> None:
    (case,) = [c for c in read_back.cases if c.kind == "suite error"]
    assert case.name == "broken.test.js"
    assert case.detail is not None and case.detail.problem is not None
    assert "no-such-module" in (case.detail.problem.details or "")
