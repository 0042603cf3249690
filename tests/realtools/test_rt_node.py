"""node's own test runner (junit reporter), read by reportgen, against its TAP summary lines.

One run writes both: the junit reporter to a file and the tap reporter to stdout, whose
closing '# tests N / # pass N / ...' lines are node's own count.
"""

from __future__ import annotations

import re

import pytest

from reportgen.model import Counts, Outcome, Run

from ._support import (
    ToolRun,
    copy_js_project,
    doc_lines,
    node_version,
    outcome_of,
    require_node,
    run,
    save_generated,
)

pytestmark = pytest.mark.realtool

SAMPLE = "math.test.mjs"
TAP_TOTAL = re.compile(r"^# (tests|suites|pass|fail|cancelled|skipped|todo) (\d+)$", re.MULTILINE)


def expected_counts(summary: dict[str, int], parents: int) -> Counts:
    """node's TAP numbers mapped to reportgen's.

    - A test with subtests is itself a test for node ('# tests' and '# fail' count it); the
      junit reporter writes it as a <testsuite> around its subtests, so it is no test case.
    - A todo test is <skipped type="todo">, even when it fails (it then also carries a
      <failure>); node does not count a failing todo as a failure, nor does reportgen.
    """
    return Counts(
        passed=summary["pass"],
        failed=summary["fail"] - parents,
        skipped=summary["skipped"] + summary["todo"],
    )


def tap_summary(output: str) -> dict[str, int]:
    return {key: int(value) for key, value in TAP_TOTAL.findall(output)}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    node = require_node()
    folder = copy_js_project("node", tmp_path_factory.mktemp("node-test") / "project")
    xml = folder.parent / "node-test.xml"
    reporters = [
        "--test-reporter=junit", f"--test-reporter-destination={xml}",
        "--test-reporter=tap", "--test-reporter-destination=stdout",
    ]  # fmt: skip
    done = run([node, "--test", *reporters, SAMPLE], cwd=folder)
    summary = tap_summary(done.stdout)
    parents = 1  # the sample's one failing test with subtests (checked in the first test)
    result = ToolRun(
        tool="node-test",
        version=f"node {node_version()}",
        xml=xml,
        command=["node", "--test", "--test-reporter=junit", "--test-reporter=tap", SAMPLE],
        output=done.stdout + done.stderr,
        tool_summary=summary,
        expected=expected_counts(summary, parents),
        notes=doc_lines(expected_counts),
    )
    save_generated(result)
    return result


def test_node_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    assert generated.tool_summary == {
        "tests": 12, "suites": 2, "pass": 4, "fail": 5, "cancelled": 0, "skipped": 1, "todo": 2,
    }  # fmt: skip
    assert "not ok 3 - top-level with subtests" in generated.output
    assert generated.expected == Counts(passed=4, failed=4, skipped=3)


def test_counts_match_node(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("wrong sum", Outcome.FAILED),
        ("skipped for now", Outcome.SKIPPED),
        ("subtracts", Outcome.SKIPPED),
        ("todo that fails", Outcome.SKIPPED),  # <skipped type="todo"> and <failure> both
        ("first victim", Outcome.FAILED),
        ("inner fail", Outcome.FAILED),
        ("logs and passes", Outcome.PASSED),  # a <testcase> straight under <testsuites>
    ],
)
def test_node_corner_cases(read_back: Run, name: str, outcome: Outcome) -> None:
    assert outcome_of(read_back, name) is outcome


def test_a_test_with_subtests_is_no_case(read_back: Run) -> None:
    assert [c.name for c in read_back.cases if c.name == "top-level with subtests"] == []
    inner = [c for c in read_back.cases if c.name in ("inner pass", "inner fail")]
    assert [c.suite[-1] for c in inner] == ["top-level with subtests"] * 2
