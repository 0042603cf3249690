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

SAMPLES = ["math.test.mjs", "cancel.test.mjs"]
TAP_TOTAL = re.compile(r"^# (tests|suites|pass|fail|cancelled|skipped|todo) (\d+)$", re.MULTILINE)


def expected_counts(summary: dict[str, int], parents: dict[str, int]) -> Counts:
    """node's TAP numbers mapped to reportgen's.

    - A test with subtests is itself a test for node ('# tests' and '# fail' or '# cancelled'
      count it); the junit reporter writes it as a <testsuite> around its subtests, so it is no
      test case (`parents`: such tests by node's outcome).
    - A todo test is <skipped type="todo">, even when it fails (it then also carries a
      <failure>); node does not count a failing todo as a failure, nor does reportgen.
    - A cancelled test (timed out, or cancelled when its parent ended or timed out) is
      <failure type="testTimeoutFailure"> or "cancelledByParent": node counts it as neither
      passed nor failed but '# cancelled'; reportgen counts it as an error, finer outcome
      "cancelled".
    """
    return Counts(
        passed=summary["pass"],
        failed=summary["fail"] - parents["fail"],
        errors=summary["cancelled"] - parents["cancelled"],
        skipped=summary["skipped"] + summary["todo"],
    )


def expected_kinds(summary: dict[str, int], parents: dict[str, int]) -> dict[str, int]:
    kinds = {"todo": summary["todo"], "cancelled": summary["cancelled"] - parents["cancelled"]}
    return {kind: count for kind, count in kinds.items() if count}


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
    done = run([node, "--test", *reporters, *SAMPLES], cwd=folder)
    summary = tap_summary(done.stdout)
    # the samples' tests with subtests: one failing, one cancelled (checked in the first test)
    parents = {"fail": 1, "cancelled": 1}
    result = ToolRun(
        tool="node-test",
        version=f"node {node_version()}",
        xml=xml,
        command=["node", "--test", "--test-reporter=junit", "--test-reporter=tap", *SAMPLES],
        output=done.stdout + done.stderr,
        tool_summary=summary,
        expected=expected_counts(summary, parents),
        notes=doc_lines(expected_counts),
        expected_kinds=expected_kinds(summary, parents),
    )
    save_generated(result)
    return result


def test_node_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    assert generated.tool_summary == {
        "tests": 18, "suites": 3, "pass": 5, "fail": 5, "cancelled": 5, "skipped": 1, "todo": 2,
    }  # fmt: skip
    assert "- top-level with subtests" in generated.output
    assert "failureType: 'cancelledByParent'" in generated.output
    assert generated.expected == Counts(passed=5, failed=4, errors=4, skipped=3)
    assert generated.expected_kinds == {"todo": 2, "cancelled": 4}


def test_counts_match_node(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected
    assert read_back.kinds == generated.expected_kinds


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
        ("times out", Outcome.ERROR),  # testTimeoutFailure: cancelled
        ("slow child", Outcome.ERROR),  # cancelledByParent
        ("quick child", Outcome.PASSED),
        ("never starts", Outcome.ERROR),  # cancelled with its timed-out suite
    ],
)
def test_node_corner_cases(read_back: Run, name: str, outcome: Outcome) -> None:
    assert outcome_of(read_back, name) is outcome


def test_a_test_with_subtests_is_no_case(read_back: Run) -> None:
    assert [c.name for c in read_back.cases if c.name == "top-level with subtests"] == []
    inner = [c for c in read_back.cases if c.name in ("inner pass", "inner fail")]
    assert [c.suite[-1] for c in inner] == ["top-level with subtests"] * 2


def test_cancelled_tests_keep_why(read_back: Run) -> None:
    cancelled = [c for c in read_back.cases if c.kind == "cancelled"]
    assert sorted(c.name for c in cancelled) == [
        "never starts", "slow child", "times out", "waits too long",
    ]  # fmt: skip
    types = {c.detail.problem.type for c in cancelled if c.detail and c.detail.problem}
    assert types == {"cancelledByParent", "testTimeoutFailure"}
