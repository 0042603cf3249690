"""node's test runner writing TAP (`--test-reporter=tap`), read by reportgen, against node's
own totals (the `# tests`, `# pass`, ... lines it ends the stream with).

The sample (written below) has a pass, a failure, a skip, a failing and a passing todo test,
and a parent with a passing and a failing subtest (TAP 14 indented subtests).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.ingest.peers import read_path
from reportgen.ingest.summary import FileResult
from reportgen.model import Counts, Outcome

from ._support import ToolRun, doc_lines, node_version, require_node, run
from .test_rt_peers_saved import save

pytestmark = pytest.mark.realtool

TOTAL = re.compile(r"^# (tests|suites|pass|fail|cancelled|skipped|todo) (\d+)$", re.MULTILINE)
SAMPLE = """const test = require("node:test");
const assert = require("node:assert");
test("adds", () => assert.strictEqual(1 + 2, 3));
test("wrong sum", () => assert.strictEqual(2 + 2, 5));
test("skipped", { skip: "not today" }, () => {});
test("todo that fails", { todo: "later" }, () => { throw new Error("nope"); });
test("todo that passes", { todo: true }, () => {});
test("parent", async (t) => {
  await t.test("child ok", () => {});
  await t.test("child fails", () => { assert.fail("bad child"); });
});
"""


def node_totals(tap: str) -> dict[str, int]:
    found = dict(TOTAL.findall(tap))
    assert "tests" in found, tap
    return {key: int(value) for key, value in found.items()}


def expected_counts(totals: dict[str, int], todo_passed: int = 1) -> Counts:
    """node's totals mapped to reportgen's.

    - Every test line is a test, subtests and their parent each, as node counts them.
    - node counts both todo tests as 'todo'; reportgen reads the TAP: a failing todo is
      skipped (finer outcome "todo"), a passing one passed ("xpass"), so node's todo is
      reportgen's todo + xpass, and no todo is a failure. node's totals do not say which
      todo passed: the sample has one that passes (`todo_passed`).
    - cancelled tests (a parent ended before them) are failures in node's TAP: `not ok`.
    """
    return Counts(
        passed=totals["pass"] + todo_passed,
        failed=totals["fail"] + totals["cancelled"],
        skipped=totals["skipped"] + totals["todo"] - todo_passed,
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    node = require_node()
    folder: Path = tmp_path_factory.mktemp("node-tap") / "project"
    folder.mkdir()
    (folder / "sample.test.js").write_text(SAMPLE, encoding="utf-8")
    report = folder.parent / "node.tap"
    done = run([node, "--test", "--test-reporter=tap", "sample.test.js"], cwd=folder)
    report.write_text(done.stdout, encoding="utf-8")
    totals = node_totals(done.stdout)
    console = run([node, "--test", "--test-reporter=spec", "sample.test.js"], cwd=folder)
    result = ToolRun(
        tool="node-tap",
        version=f"node {node_version()}",
        xml=report,
        command=["node", "--test", "--test-reporter=tap", "sample.test.js"],
        output=console.stdout + console.stderr,
        tool_summary=totals,
        expected=expected_counts(totals),
        notes=doc_lines(expected_counts),
        expected_kinds={"todo": 1, "xpass": 1},
    )
    save(result, "node.tap")
    return result


@pytest.fixture(scope="module")
def read_back(generated: ToolRun) -> FileResult:
    return read_path(str(generated.xml))


def test_node_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    totals = generated.tool_summary
    assert (totals["tests"], totals["pass"], totals["fail"]) == (8, 2, 3)
    assert (totals["skipped"], totals["todo"], totals["cancelled"]) == (1, 2, 0)
    assert generated.expected == Counts(passed=3, failed=3, skipped=2)


def test_counts_match_node(generated: ToolRun, read_back: FileResult) -> None:
    assert read_back.input.counts == generated.expected
    assert read_back.input.kinds == generated.expected_kinds
    assert read_back.notices == []


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("wrong sum", Outcome.FAILED),
        ("skipped", Outcome.SKIPPED),
        ("todo that fails", Outcome.SKIPPED),
        ("todo that passes", Outcome.PASSED),
        ("child fails", Outcome.FAILED),
        ("parent", Outcome.FAILED),
    ],
)
def test_node_corner_cases(read_back: FileResult, name: str, outcome: Outcome) -> None:
    (case,) = [c for c in read_back.cases if c.name == name]
    assert case.outcome is outcome


def test_the_failure_message_comes_from_the_yaml_block(read_back: FileResult) -> None:
    (case,) = [c for c in read_back.cases if c.name == "child fails"]
    assert case.detail is not None and case.detail.problem is not None
    assert case.detail.problem.message == "bad child"
    assert case.suite == ("parent",)
