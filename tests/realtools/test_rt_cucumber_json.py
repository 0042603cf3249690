"""cucumber-js's JSON formatter, read by reportgen, against cucumber-js's own scenario line.

The sample (written below) has a passing and a failing scenario, one with an undefined step,
one with a pending step, one skipped by a Before hook, a two-row scenario outline, an ambiguous
step and a unicode name. cucumber-js installs with tests/realtools/setup.sh (js/extra).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.ingest.peers import read_path
from reportgen.ingest.summary import FileResult
from reportgen.model import Counts, Outcome

from ._support import JS_DIR, ToolRun, doc_lines, node_version, require_node, run
from .test_rt_peers_saved import save

pytestmark = pytest.mark.realtool

EXTRA = JS_DIR / "extra" / "node_modules"
CUCUMBER = EXTRA / "@cucumber" / "cucumber"
SCENARIOS = re.compile(r"^(\d+) scenarios? \(([^)]*)\)", re.MULTILINE)
FEATURE = """Feature: Shopping basket
  Scenario: add one item
    Given an empty basket
    When I add 1 apple
    Then the basket holds 1 item

  Scenario: wrong total
    Given an empty basket
    When I add 2 apples
    Then the basket holds 3 items

  Scenario: a step nobody wrote
    Given an empty basket
    When I pay with bitcoin
    Then the basket holds 0 items

  Scenario: pending step
    Given an empty basket
    When I ask for a discount
    Then the basket holds 0 items

  @skip
  Scenario: skipped by its tag
    Given an empty basket

  Scenario Outline: adding <n> pears
    Given an empty basket
    When I add <n> pears
    Then the basket holds <n> items

    Examples:
      | n |
      | 1 |
      | 2 |

  Scenario: ambiguous step
    Given an empty basket
    When I do the same thing

  Scenario: élan unicode
    Given an empty basket
"""
STEPS = """const assert = require("node:assert");
const { Given, When, Then, Before } = require("@cucumber/cucumber");

Before({ tags: "@skip" }, function () { return "skipped"; });
Given("an empty basket", function () { this.items = 0; });
When(/^I add (\\d+) (?:apple|apples|pears?)$/, function (n) { this.items += Number(n); });
Then(/^the basket holds (\\d+) items?$/, function (n) {
  assert.strictEqual(this.items, Number(n));
});
When("I ask for a discount", function () { return "pending"; });
When("I do the same thing", function () {});
When(/^I do the same (thing)$/, function () {});
"""


def scenario_summary(output: str) -> dict[str, int]:
    """cucumber-js's 'N scenarios (1 failed, 1 ambiguous, ..., 4 passed)'."""
    found = SCENARIOS.search(output)
    assert found, f"no scenario summary in:\n{output}"
    summary = {"scenarios": int(found.group(1))}
    for part in found.group(2).split(", "):
        count, status = part.split(" ", 1)
        summary[status] = int(count)
    return summary


def expected_counts(summary: dict[str, int]) -> Counts:
    """cucumber-js's scenario line mapped to reportgen's.

    - Each scenario is one test, each example row of an outline one more.
    - failed, ambiguous, undefined and pending fail the run (cucumber-js is strict by
      default): failures, each with the status as its kind.
    - skipped (a Before hook returning 'skipped') is skipped; passed passes.
    """
    failed = sum(summary.get(s, 0) for s in ("failed", "ambiguous", "undefined", "pending"))
    return Counts(passed=summary.get("passed", 0), failed=failed, skipped=summary.get("skipped", 0))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    node = require_node()
    if not (CUCUMBER / "package.json").is_file():
        pytest.skip("@cucumber/cucumber is not installed: run tests/realtools/setup.sh")
    folder: Path = tmp_path_factory.mktemp("cucumber") / "project"
    (folder / "features" / "step_definitions").mkdir(parents=True)
    (folder / "features" / "shop.feature").write_text(FEATURE, encoding="utf-8")
    (folder / "features" / "step_definitions" / "steps.js").write_text(STEPS, encoding="utf-8")
    (folder / "node_modules").symlink_to(EXTRA, target_is_directory=True)
    report = folder.parent / "cucumber.json"
    options = ["--format", f"json:{report}", "--format", "summary"]
    done = run([node, str(CUCUMBER / "bin" / "cucumber.js"), *options], cwd=folder)
    output = done.stdout + done.stderr
    summary = scenario_summary(output)
    version = run([node, str(CUCUMBER / "bin" / "cucumber.js"), "--version"], cwd=folder)
    result = ToolRun(
        tool="cucumber-json",
        version=f"@cucumber/cucumber {version.stdout.strip()}, node {node_version()}",
        xml=report,
        command=["cucumber-js", "--format", "json:cucumber.json", "--format", "summary"],
        output=output,
        tool_summary=summary,
        expected=expected_counts(summary),
        notes=doc_lines(expected_counts),
    )
    save(result, "cucumber.json")
    return result


@pytest.fixture(scope="module")
def read_back(generated: ToolRun) -> FileResult:
    return read_path(str(generated.xml))


def test_cucumber_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    assert generated.tool_summary == {
        "scenarios": 9, "failed": 1, "ambiguous": 1, "undefined": 1, "pending": 1, "skipped": 1,
        "passed": 4,
    }  # fmt: skip
    assert generated.expected == Counts(passed=4, failed=4, skipped=1)


def test_counts_match_cucumber(generated: ToolRun, read_back: FileResult) -> None:
    assert read_back.input.counts == generated.expected
    assert read_back.notices == []


@pytest.mark.parametrize(
    ("name", "outcome", "kind"),
    [
        ("wrong total", Outcome.FAILED, "failed"),
        ("a step nobody wrote", Outcome.FAILED, "undefined"),
        ("pending step", Outcome.FAILED, "pending"),
        ("ambiguous step", Outcome.FAILED, "ambiguous"),
        ("skipped by its tag", Outcome.SKIPPED, None),
        ("élan unicode", Outcome.PASSED, None),
    ],
)
def test_cucumber_corner_cases(
    read_back: FileResult, name: str, outcome: Outcome, kind: str | None
) -> None:
    (case,) = [c for c in read_back.cases if c.name == name]
    assert case.outcome is outcome
    problem = case.detail.problem if case.detail else None
    assert (problem.kind if problem else None) == kind


def test_outline_rows_are_tests_each(read_back: FileResult) -> None:
    rows = [c for c in read_back.cases if c.name.startswith("adding")]
    assert [c.outcome for c in rows] == [Outcome.PASSED, Outcome.PASSED]
