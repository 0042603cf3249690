"""node-tap's JUnit reporter (`tap --reporter=junit`), read by reportgen, against node-tap's own
summary line (`# { total: ..., pass: ..., fail: ... }`) of the same tests run with its default
reporter."""

from __future__ import annotations

import re
import shutil

import pytest

from reportgen.model import Counts, Outcome, Run

from ._more import JS_EXTRA, extra_package, extra_version, save_more
from ._support import (
    HERE,
    ToolRun,
    cases_named,
    doc_lines,
    node_version,
    require_node,
    run,
)

pytestmark = pytest.mark.realtool

SUMMARY = re.compile(r"^# \{ (total: \d+(?:, \w+: \d+)*) \}$", re.MULTILINE)
# a test file that failed to load: no tests found, and not ok
FAILED_TO_LOAD = re.compile(r"^    1\.\.0 # no tests found\nnot ok \d+ - ", re.MULTILINE)
FILES = ["sample.test.mjs", "broken.test.mjs"]


def tap_summary(output: str) -> dict[str, int]:
    found = SUMMARY.search(output)
    assert found is not None, output
    summary = {key: int(value) for key, value in re.findall(r"(\w+): (\d+)", found.group(1))}
    summary["failed to load"] = len(FAILED_TO_LOAD.findall(output))
    return summary


def expected_counts(summary: dict[str, int]) -> Counts:
    """node-tap's summary mapped to reportgen's.

    - node-tap counts assertions, and the subtests that did not run (skip, todo); a subtest
      that ran is written both as a <testsuite> of its assertions and as a testcase of its
      parent: reportgen counts its assertions only (dialects rule 14).
    - A skip is a testcase with a `skip` property, a todo one with a `todo` property: skipped,
      the todo with finer outcome "todo".
    - A test file that failed to load is one failure for node-tap, but its JUnit writes it as a
      suite with no testcase, "ok" and "no tests found", as it writes a file without tests:
      nothing says it failed, so it is not counted, and a notice names the file.
    """
    return Counts(
        passed=summary.get("pass", 0),
        failed=summary.get("fail", 0) - summary["failed to load"],
        skipped=summary.get("skip", 0) + summary.get("todo", 0),
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    extra_package("tap")
    node = require_node()
    folder = tmp_path_factory.mktemp("node-tap") / "project"
    shutil.copytree(HERE / "js" / "projects" / "node-tap", folder)
    (folder / "node_modules").symlink_to(JS_EXTRA, target_is_directory=True)
    tap = [node, str(JS_EXTRA / "tap" / "dist" / "esm" / "run.mjs"), "--disable-coverage"]
    console = run([*tap, *FILES], cwd=folder)
    junit = run([*tap, "--reporter=junit", *FILES], cwd=folder)
    xml = folder.parent / "node-tap.xml"
    xml.write_text(junit.stdout, encoding="utf-8")
    summary = tap_summary(console.stdout + console.stderr)
    result = ToolRun(
        tool="node-tap",
        version=f"tap {extra_version('tap')}, node {node_version()}",
        xml=xml,
        command=["tap", "--disable-coverage", "--reporter=junit", *FILES],
        output=console.stdout + console.stderr,
        tool_summary=summary,
        expected=expected_counts(summary),
        notes=doc_lines(expected_counts),
        expected_kinds={"todo": summary.get("todo", 0)},
    )
    save_more(result, "node-tap.xml")
    return result


def test_node_tap_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    assert generated.tool_summary == {
        "total": 11, "pass": 5, "fail": 4, "todo": 1, "skip": 1, "failed to load": 1,
    }  # fmt: skip
    assert generated.expected == Counts(passed=5, failed=3, skipped=2)


def test_counts_match_node_tap(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected
    assert read_back.kinds == generated.expected_kinds


def test_a_subtest_is_counted_once(read_back: Run) -> None:
    # its assertions are read from its suite; the same-named testcase of its parent is not
    assert not cases_named(read_back, "wrong sum")
    assert not cases_named(read_back, "group")
    (inner,) = [c for c in read_back.cases if c.suite[-1:] == ("inner fail",)]
    assert inner.outcome is Outcome.FAILED


@pytest.mark.parametrize(
    ("name", "outcome", "kind"),
    [("skipped", Outcome.SKIPPED, None), ("later", Outcome.SKIPPED, "todo")],
)
def test_skip_and_todo_properties(
    read_back: Run, name: str, outcome: Outcome, kind: str | None
) -> None:
    (case,) = cases_named(read_back, name)
    assert (case.outcome, case.kind) == (outcome, kind)


def test_the_file_that_failed_to_load_is_named(read_back: Run) -> None:
    assert any("broken.test.mjs" in n.message for n in read_back.notices)
