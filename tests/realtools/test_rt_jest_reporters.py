"""jest with its CTRF, TRX and xUnit.net reporters (jest-ctrf-json-reporter,
jest-trx-results-processor, jest-xunit), one run of the jest sample, each report read by
reportgen against jest's own --json summary of that run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reportgen.model import Counts, Outcome, Run

from ._more import extra_package, extra_version, save_more
from ._support import (
    ToolRun,
    copy_js_project,
    doc_lines,
    node_version,
    outcome_of,
    package_version,
    read,
    require_node,
    require_node_package,
    run,
)

pytestmark = pytest.mark.realtool

REPORTERS = {
    # tool name: (package, report file, its entry point under the package)
    "jest-ctrf": ("jest-ctrf-json-reporter", "jest-ctrf.json", ""),
    "jest-trx": ("jest-trx-results-processor", "jest.trx", "/dist/index.js"),
    "jest-xunit": ("jest-xunit", "jest-xunit.xml", ""),
}


def ctrf_counts(summary: dict[str, int]) -> Counts:
    """jest's numbers mapped to reportgen's, for jest-ctrf-json-reporter.

    - A todo test is CTRF status "other" with rawStatus "todo": skipped, finer outcome "todo".
    - A test file that failed to load (numRuntimeErrorTestSuites) is not in the report at all:
      jest-ctrf-json-reporter writes only the tests jest ran, so nothing is there to read
      (jest's exit status is the only trace).
    """
    return Counts(
        passed=summary["numPassedTests"],
        failed=summary["numFailedTests"],
        skipped=summary["numPendingTests"] + summary["numTodoTests"],
    )


def trx_counts(summary: dict[str, int]) -> Counts:
    """jest's numbers mapped to reportgen's, for jest-trx-results-processor.

    - Skipped and todo tests are both outcome NotExecuted: skipped.
    - A test file that failed to load is a result named after the file, outcome Failed,
      counted by <Counters> among its errors: an error of the suite ("suite error"), with a
      notice.
    """
    return Counts(
        passed=summary["numPassedTests"],
        failed=summary["numFailedTests"],
        errors=summary["numRuntimeErrorTestSuites"],
        skipped=summary["numPendingTests"] + summary["numTodoTests"],
    )


def xunit_counts(summary: dict[str, int]) -> Counts:
    """jest's numbers mapped to reportgen's, for jest-xunit.

    - Skipped and todo tests are both result="undefined", an outcome xUnit.net does not have.
      The assembly declares failed= and errors= that the other results reach, so the file
      denies they failed: skipped, with a notice. (Its skipped= leaves the todo out.)
    - A test file that failed to load is an empty <collection> and errors="0": nothing is
      there to read.
    """
    return Counts(
        passed=summary["numPassedTests"],
        failed=summary["numFailedTests"],
        skipped=summary["numPendingTests"] + summary["numTodoTests"],
    )


MAPPINGS = {"jest-ctrf": ctrf_counts, "jest-trx": trx_counts, "jest-xunit": xunit_counts}


@pytest.fixture(scope="module")
def jest_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str, Path]:
    require_node_package("jest")
    folders = {tool: extra_package(package) for tool, (package, _, _) in REPORTERS.items()}
    folder = copy_js_project("jest", tmp_path_factory.mktemp("jest-reporters") / "project")
    out = folder.parent / "out"
    reporters = [
        [str(folders["jest-ctrf"]), {"outputFile": "jest-ctrf.json", "outputDir": str(out)}],
        [str(folders["jest-trx"]) + "/dist/index.js", {"outputFile": str(out / "jest.trx")}],
        [str(folders["jest-xunit"]), {"filename": "jest-xunit.xml", "outputPath": str(out)}],
    ]
    config = {
        "testEnvironment": "node",
        "cacheDirectory": str(folder / ".jest-cache"),
        "reporters": ["default", *reporters],
    }
    (folder / "jest.reporters.json").write_text(json.dumps(config), encoding="utf-8")
    summary_file = folder.parent / "jest-summary.json"
    command = [
        require_node(), "node_modules/jest/bin/jest.js", "--ci", "--json",
        f"--outputFile={summary_file}", "--config=jest.reporters.json",
    ]  # fmt: skip
    done = run(command, cwd=folder)
    full: dict[str, Any] = json.loads(summary_file.read_text(encoding="utf-8"))
    summary = {key: value for key, value in full.items() if key.startswith("num")}
    return summary, done.stdout + done.stderr, out


def _result(tool: str, jest_run: tuple[dict[str, Any], str, Path]) -> ToolRun:
    summary, output, out = jest_run
    package, report, _ = REPORTERS[tool]
    mapping = MAPPINGS[tool]
    kinds = {"jest-ctrf": {"todo": summary["numTodoTests"]}, "jest-trx": {"suite error": 1}}
    result = ToolRun(
        tool=tool,
        version=(
            f"{package} {extra_version(package)}, jest {package_version('jest')}, "
            f"node {node_version()}"
        ),
        xml=out / report,
        command=["jest", "--ci", "--json", f"--reporters=default --reporters={package}"],
        output=output,
        tool_summary=summary,
        expected=mapping(summary),
        notes=doc_lines(mapping),
        expected_kinds=kinds.get(tool, {}),
    )
    save_more(result, report)
    return result


@pytest.fixture(scope="module", params=sorted(REPORTERS))
def generated(request: pytest.FixtureRequest, jest_run: Any) -> ToolRun:
    return _result(request.param, jest_run)


@pytest.fixture
def read_back(generated: ToolRun) -> Run:
    return read(generated.xml)


def test_jest_said_what_the_sample_was_written_for(jest_run: Any) -> None:
    summary, output, _ = jest_run
    assert "Tests:       4 failed, 3 skipped, 1 todo, 6 passed, 14 total" in output
    assert summary["numRuntimeErrorTestSuites"] == 1


def test_counts_match_jest(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected
    assert read_back.kinds == generated.expected_kinds


def test_no_failure_reads_as_passed_or_skipped(generated: ToolRun, read_back: Run) -> None:
    for name in ("wrong sum", "reads", "writes", "throws a TypeError"):
        (case,) = [c for c in read_back.cases if c.name.endswith(name)]
        assert case.outcome is Outcome.FAILED, generated.tool


def test_the_todo_is_skipped_not_an_error(generated: ToolRun, read_back: Run) -> None:
    (case,) = [c for c in read_back.cases if c.name.endswith("subtracts")]
    assert case.outcome is Outcome.SKIPPED
    assert case.kind == ("todo" if generated.tool == "jest-ctrf" else None)


def test_trx_file_that_failed_to_load_is_a_suite_error(jest_run: Any) -> None:
    back = read(_result("jest-trx", jest_run).xml)
    assert outcome_of(back, "broken.test.js") is Outcome.ERROR
    assert any("failed to load" in n.message for n in back.notices)


def test_xunit_undefined_results_are_noticed(jest_run: Any) -> None:
    back = read(_result("jest-xunit", jest_run).xml)
    assert any("'undefined' counted as skipped" in n.message for n in back.notices)
