"""node's test runner writing TAP (`--test-reporter=tap`), read by reportgen, against node's
own totals (the `# tests`, `# pass`, ... lines it ends the stream with).

The sample (written below) has a pass, a failure, a skip, a failing and a passing todo test,
and a parent with a passing and a failing subtest (TAP 14 indented subtests).
"""

from __future__ import annotations

import re
import shutil
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


PERL_SAMPLE = """use strict;
use warnings;
use Test::More tests => 7;

ok(1, 'adds');
ok(0, 'wrong sum');
SKIP: {
    skip 'no network', 1;
    ok(1, 'fetches');
}
TODO: {
    local $TODO = 'not finished';
    ok(0, 'todo that fails');
}
TODO: {
    local $TODO = 'fixed already';
    ok(1, 'todo that passes');
}
subtest 'grouped' => sub {
    plan tests => 2;
    ok(1, 'inner one');
    ok(1, 'inner two');
};
ok(1, 'last');
"""
PROVE_FILE = re.compile(r"^Files=(\d+), Tests=(\d+),", re.MULTILINE)
PROVE_FAILED = re.compile(r"Tests: \d+ Failed: (\d+)\)")
PROVE_TODO = re.compile(r"TODO passed:\s+(\S+)")


def prove_summary(output: str) -> dict[str, int]:
    """prove's 'Files=F, Tests=T', its 'Failed: N' and its 'TODO passed:' list."""
    files = PROVE_FILE.search(output)
    assert files, output
    failed = PROVE_FAILED.search(output)
    todo = PROVE_TODO.search(output)
    return {
        "tests": int(files.group(2)),
        "failed": int(failed.group(1)) if failed else 0,
        "todo_passed": len(todo.group(1).split(",")) if todo else 0,
    }


def prove_expected(summary: dict[str, int], skipped: int = 1, todo_failed: int = 1) -> Counts:
    """prove's numbers mapped to reportgen's, reading the TAP Test::More wrote.

    - prove counts top-level tests; a subtest block is its parent's one test, and reportgen
      counts it the same way (its passing results are said in a notice).
    - A failing TODO passes for prove; reportgen skips it (finer outcome "todo"); a passing
      TODO ('TODO passed') passes ("xpass"). prove's summary of a failing file names neither
      the skips nor the failing TODOs: the sample has one of each (`skipped`, `todo_failed`).
    """
    return Counts(
        passed=summary["tests"] - summary["failed"] - skipped - todo_failed,
        failed=summary["failed"],
        skipped=skipped + todo_failed,
    )


@pytest.fixture(scope="module")
def prove_generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    prove, perl = shutil.which("prove"), shutil.which("perl")
    if prove is None or perl is None:
        pytest.skip("prove/perl is not installed")
    folder: Path = tmp_path_factory.mktemp("prove-tap") / "project"
    (folder / "t").mkdir(parents=True)
    (folder / "t" / "sample.t").write_text(PERL_SAMPLE, encoding="utf-8")
    report = folder.parent / "sample.tap"
    report.write_text(run([perl, "t/sample.t"], cwd=folder).stdout, encoding="utf-8")
    console = run([prove, "t/"], cwd=folder)
    output = console.stdout + console.stderr
    summary = prove_summary(output)
    version = run([prove, "--version"], cwd=folder).stdout.strip()
    result = ToolRun(
        tool="prove-tap",
        version=version,
        xml=report,
        command=["perl", "t/sample.t"],
        output=output,
        tool_summary=summary,
        expected=prove_expected(summary),
        notes=doc_lines(prove_expected),
        expected_kinds={"todo": 1, "xpass": summary["todo_passed"]},
    )
    save(result, "sample.tap")
    return result


def test_prove_said_what_the_sample_was_written_for(prove_generated: ToolRun) -> None:
    assert prove_generated.tool_summary == {"tests": 7, "failed": 1, "todo_passed": 1}
    assert prove_generated.expected == Counts(passed=4, failed=1, skipped=2)


def test_counts_match_prove(prove_generated: ToolRun) -> None:
    result = read_path(str(prove_generated.xml))
    assert result.input.counts == prove_generated.expected
    assert result.input.kinds == prove_generated.expected_kinds
    assert [n.message.split(" counted")[0] for n in result.notices] == ["2 passing subtest results"]
