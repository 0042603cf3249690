"""vitest's junit reporter, read by reportgen, against its json reporter from the same run."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from reportgen.model import Counts, Outcome, Run

from ._support import (
    ToolRun,
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


FAILED_SUITES = re.compile(r"Failed Suites (\d+)")


def expected_counts(summary: dict[str, int]) -> Counts:
    """vitest's numbers mapped to reportgen's.

    Skipped and todo tests are both <skipped/>. A test failing because its beforeEach hook
    threw is a failure of that test (vitest reports each one). A test passing on a retry is a
    plain pass, in vitest's summary and in the XML; so is a `test.fails` that failed.
    A test file that fails to load, and a describe block whose beforeAll threw, are no tests
    for vitest (its 'Failed Suites N'): the XML writes each as a testcase named after the file
    or block, with the error; reportgen counts it as an error of the suite, finer outcome
    "suite error". The block's tests are <skipped/>, as vitest counts them.
    """
    return Counts(
        passed=summary["numPassedTests"],
        failed=summary["numFailedTests"],
        errors=summary["failedSuites"],
        skipped=summary["numPendingTests"] + summary["numTodoTests"],
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    require_node_package("vitest")
    folder = copy_js_project("vitest", tmp_path_factory.mktemp("vitest") / "project")
    xml = folder.parent / "vitest.xml"
    summary_file = folder.parent / "vitest-summary.json"
    reporters = ["--reporter=junit", "--reporter=json", "--reporter=default"]
    command = [
        require_node(), "node_modules/vitest/vitest.mjs", "run", *reporters,
        f"--outputFile.junit={xml}", f"--outputFile.json={summary_file}",
    ]  # fmt: skip
    done = run(command, cwd=folder)
    full: dict[str, Any] = json.loads(summary_file.read_text(encoding="utf-8"))
    summary = {key: value for key, value in full.items() if key.endswith("Tests")}
    failed_suites = FAILED_SUITES.search(done.stdout + done.stderr)
    summary["failedSuites"] = int(failed_suites.group(1)) if failed_suites else 0
    result = ToolRun(
        tool="vitest",
        version=f"vitest {package_version('vitest')}, node {node_version()}",
        xml=xml,
        command=["vitest", "run", *reporters],
        output=done.stdout + done.stderr,
        tool_summary=summary,
        expected=expected_counts(summary),
        notes=doc_lines(expected_counts),
        expected_kinds={"suite error": summary["failedSuites"]} if summary["failedSuites"] else {},
    )
    save_generated(result)
    return result


def test_vitest_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    assert generated.tool_summary == {
        "numTotalTests": 15, "numPassedTests": 8, "numFailedTests": 3,
        "numPendingTests": 3, "numTodoTests": 1, "failedSuites": 2,
    }  # fmt: skip
    assert "Tests  3 failed | 8 passed | 3 skipped | 1 todo (15)" in generated.output
    assert "FAIL  hooks.test.js > database" in generated.output
    assert generated.expected == Counts(passed=8, failed=3, errors=2, skipped=4)
    assert generated.expected_kinds == {"suite error": 2}


def test_counts_match_vitest(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected
    assert read_back.kinds == generated.expected_kinds
    suite_errors = generated.tool_summary["failedSuites"]
    assert read_back.counts.total == generated.tool_summary["numTotalTests"] + suite_errors


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("arithmetic > wrong sum", Outcome.FAILED),
        ("arithmetic > skipped for now", Outcome.SKIPPED),
        ("arithmetic > subtracts", Outcome.SKIPPED),
        ("arithmetic > passes on the second try", Outcome.PASSED),
        ("broken setup > first victim", Outcome.FAILED),
        ("broken setup > second victim", Outcome.FAILED),
        ("broken.test.js", Outcome.ERROR),  # the file failed to load
        ("database", Outcome.ERROR),  # its beforeAll threw
        ("database > reads", Outcome.SKIPPED),
        ("known bugs > stays broken", Outcome.PASSED),  # test.fails, failing as expected
    ],
)
def test_vitest_corner_cases(read_back: Run, name: str, outcome: Outcome) -> None:
    assert outcome_of(read_back, name) is outcome


def test_suite_errors_keep_their_error(read_back: Run) -> None:
    errors = {c.name: c for c in read_back.cases if c.kind == "suite error"}
    assert sorted(errors) == ["broken.test.js", "database"]
    problem = errors["database"].detail.problem if errors["database"].detail else None
    assert problem is not None and problem.message == "cannot connect"
