"""cucumber-js's message stream (`--format message`), read by reportgen, against cucumber-js's own
scenario line and against reportgen's reading of the JSON formatter's file from the same run.

The run is the Cucumber JSON sample (test_rt_cucumber_json.py) plus a feature whose scenario
fails once and passes on its retry, run with `--retry 1`: the failing scenario is retried too.
cucumber-js installs with tests/realtools/setup.sh (js/extra).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from reportgen.ingest.peers import read_path
from reportgen.ingest.summary import FileResult
from reportgen.model import Counts, Outcome

from ._support import ToolRun, doc_lines, node_version, require_node, run
from .test_rt_cucumber_json import CUCUMBER, EXTRA, FEATURE, STEPS, scenario_summary
from .test_rt_peers_saved import PEERS, save

pytestmark = pytest.mark.realtool

RETRY_FEATURE = """Feature: Flaky checkout
  Scenario: card reader wakes up on the second try
    Given an empty basket
    When the card reader answers
"""
RETRY_STEPS = """const { When } = require("@cucumber/cucumber");

let calls = 0;
When("the card reader answers", function () {
  calls += 1;
  if (calls === 1) throw new Error("card reader asleep");
});
"""
COMMAND = ["cucumber-js", "--retry", "1", "--format", "message:cucumber.ndjson",
           "--format", "json:cucumber.json", "--format", "summary"]  # fmt: skip
# cucumber-js's failure and warning headings: "2) Scenario: wrong total (attempt 1, retried) #"
HEADING = re.compile(r"^\d+\) Scenario: (.+?)(?: \(attempt \d+(, retried)?\))? # ", re.MULTILINE)


def passed_on_retry(output: str) -> set[str]:
    """Scenarios cucumber-js printed as retried whose last attempt it did not print (passed)."""
    retried = {name for name, again in HEADING.findall(output) if again}
    final = {name for name, again in HEADING.findall(output) if not again}
    return retried - final


def expected_counts(summary: dict[str, int], flaky: int) -> Counts:
    """cucumber-js's scenario line mapped to reportgen's, with retries.

    - Each scenario is one test, each example row of an outline one more; a retried
      attempt is an attempt of the same test, not another test.
    - failed, ambiguous, undefined and pending fail the run (cucumber-js is strict by
      default): failures, each with the status as its kind.
    - skipped (a Before hook returning 'skipped') is skipped.
    - cucumber-js counts a scenario that passed on its retry as passed; reportgen counts it
      as flaky (the scenarios printed as 'retried' whose last attempt is not printed).
    """
    failed = sum(summary.get(s, 0) for s in ("failed", "ambiguous", "undefined", "pending"))
    return Counts(
        passed=summary.get("passed", 0) - flaky,
        failed=failed,
        skipped=summary.get("skipped", 0),
        flaky=flaky,
    )


def expected_kinds(summary: dict[str, int]) -> dict[str, int]:
    return {s: summary[s] for s in ("ambiguous", "undefined", "pending") if summary.get(s)}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[ToolRun, Path]:
    node = require_node()
    if not (CUCUMBER / "package.json").is_file():
        pytest.skip("@cucumber/cucumber is not installed: run tests/realtools/setup.sh")
    folder: Path = tmp_path_factory.mktemp("cucumber-messages") / "project"
    steps = folder / "features" / "step_definitions"
    steps.mkdir(parents=True)
    (folder / "features" / "shop.feature").write_text(FEATURE, encoding="utf-8")
    (folder / "features" / "retry.feature").write_text(RETRY_FEATURE, encoding="utf-8")
    (steps / "steps.js").write_text(STEPS, encoding="utf-8")
    (steps / "retry_steps.js").write_text(RETRY_STEPS, encoding="utf-8")
    (folder / "node_modules").symlink_to(EXTRA, target_is_directory=True)
    report, twin = folder.parent / "cucumber.ndjson", folder.parent / "cucumber.json"
    options = ["--retry", "1", "--format", f"message:{report}", "--format", f"json:{twin}"]
    done = run(
        [node, str(CUCUMBER / "bin" / "cucumber.js"), *options, "--format", "summary"],
        cwd=folder,
    )
    output = done.stdout + done.stderr
    summary = scenario_summary(output)
    flaky = len(passed_on_retry(output))
    version = run([node, str(CUCUMBER / "bin" / "cucumber.js"), "--version"], cwd=folder)
    result = ToolRun(
        tool="cucumber-messages",
        version=f"@cucumber/cucumber {version.stdout.strip()}, node {node_version()}",
        xml=report,
        command=COMMAND,
        output=output,
        tool_summary={**summary, "passed on retry": flaky},
        expected=expected_counts(summary, flaky),
        notes=doc_lines(expected_counts),
        expected_kinds=expected_kinds(summary),
    )
    save(result, "cucumber.ndjson")
    return result, twin


@pytest.fixture(scope="module")
def read_back(generated: tuple[ToolRun, Path]) -> FileResult:
    return read_path(str(generated[0].xml))


def test_cucumber_said_what_the_sample_was_written_for(generated: tuple[ToolRun, Path]) -> None:
    tool, _ = generated
    assert tool.tool_summary == {
        "scenarios": 10, "failed": 1, "ambiguous": 1, "undefined": 1, "pending": 1,
        "skipped": 1, "passed": 5, "passed on retry": 1,
    }  # fmt: skip
    assert tool.expected == Counts(passed=4, failed=4, skipped=1, flaky=1)


def test_counts_match_cucumber(generated: tuple[ToolRun, Path], read_back: FileResult) -> None:
    tool, _ = generated
    assert read_back.input.format == "cucumber-messages"
    assert read_back.input.counts == tool.expected
    assert read_back.input.kinds == tool.expected_kinds
    assert read_back.notices == []


def test_counts_match_the_json_of_the_same_run(
    generated: tuple[ToolRun, Path], read_back: FileResult
) -> None:
    json_read = read_path(str(generated[1]))
    mine = read_back.input.counts
    # the JSON formatter leaves retried attempts out: a flaky scenario is a plain pass there
    assert json_read.input.counts == Counts(
        passed=mine.passed + mine.flaky,
        failed=mine.failed,
        errors=mine.errors,
        skipped=mine.skipped,
    )

    def seen(result: FileResult) -> list[tuple[Any, ...]]:
        rows = []
        for case in result.cases:
            found = case.detail.problem if case.detail else None
            outcome = Outcome.PASSED if case.outcome is Outcome.FLAKY else case.outcome
            said = (found.kind, found.message) if found and outcome is not Outcome.PASSED else None
            rows.append((case.name, case.classname, case.file, case.line, outcome, said))
        return sorted(rows, key=repr)

    assert seen(read_back) == seen(json_read)


def test_the_scenario_that_passed_on_retry_is_flaky(read_back: FileResult) -> None:
    (flaky,) = [c for c in read_back.cases if c.outcome is Outcome.FLAKY]
    assert (flaky.name, flaky.attempts) == ("card reader wakes up on the second try", 2)
    assert flaky.detail is not None and flaky.detail.problem is not None
    assert flaky.detail.problem.message == "failed: When the card reader answers"
    assert "card reader asleep" in (flaky.detail.problem.details or "")
    (wrong,) = [c for c in read_back.cases if c.name == "wrong total"]
    assert (wrong.outcome, wrong.attempts) == (Outcome.FAILED, 2)
    assert wrong.detail is not None and len(wrong.detail.attempts) == 1


def test_the_saved_stream_counts_as_cucumber_said() -> None:
    """The kept report, read without the tool (regenerate with REALTOOLS_SAVE=1)."""
    console_path = PEERS / "cucumber-messages.console.txt"
    if not console_path.is_file() or not (PEERS / "cucumber.ndjson").is_file():
        pytest.skip("no saved cucumber.ndjson: regenerate with REALTOOLS_SAVE=1")
    console = console_path.read_text(encoding="utf-8")
    summary = scenario_summary(console)
    flaky = len(passed_on_retry(console))
    assert expected_counts(summary, flaky) == Counts(passed=4, failed=4, skipped=1, flaky=1)
    for keep_passing in (True, False):
        result = read_path(str(PEERS / "cucumber.ndjson"), keep_passing=keep_passing)
        assert result.input.counts == expected_counts(summary, flaky)
        assert result.input.kinds == expected_kinds(summary)
