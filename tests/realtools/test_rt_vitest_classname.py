"""vitest's junit reporter with a custom `classnameTemplate`, read by reportgen, against its json
reporter from the same run: the suites that failed to run must be found without the default
classname."""

from __future__ import annotations

import json
from typing import Any

import pytest

from reportgen.model import Counts, Outcome, Run

from ._more import save_more
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
)
from .test_rt_vitest import FAILED_SUITES

pytestmark = pytest.mark.realtool

TEMPLATE = "cls:{filename}"


def expected_counts(summary: dict[str, int]) -> Counts:
    """vitest's numbers mapped to reportgen's, as for the default classname (test_rt_vitest).

    With `classnameTemplate` the classname is no longer the file, so a file that failed to
    load is known by its testcase named after its suite (the file); a describe block whose
    beforeAll threw by its name, the describe path of the suite's other testcases. Both are
    errors of the suite ("suite error").
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
    folder = copy_js_project("vitest", tmp_path_factory.mktemp("vitest-cls") / "project")
    xml = folder.parent / "vitest-classname.xml"
    summary_file = folder.parent / "vitest-summary.json"
    config = (
        "export default { test: { reporters: [['junit', { classnameTemplate: "
        f"{json.dumps(TEMPLATE)} }}], 'json', 'default'], outputFile: {{ junit: "
        f"{json.dumps(str(xml))}, json: {json.dumps(str(summary_file))} }} }} }}\n"
    )
    (folder / "vitest.config.mjs").write_text(config, encoding="utf-8")
    done = run([require_node(), "node_modules/vitest/vitest.mjs", "run"], cwd=folder)
    full: dict[str, Any] = json.loads(summary_file.read_text(encoding="utf-8"))
    summary = {key: value for key, value in full.items() if key.endswith("Tests")}
    failed_suites = FAILED_SUITES.search(done.stdout + done.stderr)
    summary["failedSuites"] = int(failed_suites.group(1)) if failed_suites else 0
    result = ToolRun(
        tool="vitest-classname",
        version=f"vitest {package_version('vitest')}, node {node_version()}",
        xml=xml,
        command=["vitest", "run", f"(junit reporter classnameTemplate {TEMPLATE!r})"],
        output=done.stdout + done.stderr,
        tool_summary=summary,
        expected=expected_counts(summary),
        notes=doc_lines(expected_counts),
        expected_kinds={"suite error": summary["failedSuites"]},
    )
    save_more(result, xml.name)
    return result


def test_vitest_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    assert generated.tool_summary["failedSuites"] == 2
    assert 'classname="cls:broken.test.js"' in generated.xml.read_text(encoding="utf-8")


def test_counts_match_vitest(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected
    assert read_back.kinds == generated.expected_kinds


@pytest.mark.parametrize("name", ["broken.test.js", "database"])
def test_suites_that_failed_to_run_are_suite_errors(read_back: Run, name: str) -> None:
    assert outcome_of(read_back, name) is Outcome.ERROR
