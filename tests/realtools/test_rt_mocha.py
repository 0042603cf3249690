"""mocha with mocha-junit-reporter, read by reportgen, against mocha's own json reporter.

mocha runs one reporter at a time, so it runs twice on the same deterministic sample: once
for the XML, once for its JSON stats.
"""

from __future__ import annotations

import json
from pathlib import Path
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

MOCHA = "node_modules/mocha/bin/mocha.js"
SPEC = "math.spec.js"
# Without includePending, mocha-junit-reporter leaves skipped tests out of the XML altogether
# (only its root `skipped` attribute counts them).
JUNIT_OPTIONS = ["--reporter", "mocha-junit-reporter", "--reporter-option", "includePending=true"]


def expected_counts(stats: dict[str, int]) -> Counts:
    """mocha's stats mapped to reportgen's.

    A failing beforeEach hook is one failure (a <testcase> named after the hook); the tests
    it would have run are counted nowhere by mocha and do not appear in the XML. A test that
    passes on a retry is a plain pass for mocha and in the XML: nothing marks the retry.
    """
    return Counts(passed=stats["passes"], failed=stats["failures"], skipped=stats["pending"])


def mocha_stats(folder: Path) -> dict[str, Any]:
    out = folder.parent / "mocha-summary.json"
    command = [require_node(), MOCHA, "--reporter", "json", "--reporter-option", f"output={out}"]
    run([*command, SPEC], cwd=folder)
    stats: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))["stats"]
    return {key: stats[key] for key in ("suites", "tests", "passes", "pending", "failures")}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    require_node_package("mocha")
    require_node_package("mocha-junit-reporter")
    folder = copy_js_project("mocha", tmp_path_factory.mktemp("mocha") / "project")
    xml = folder.parent / "mocha.xml"
    options = [*JUNIT_OPTIONS, "--reporter-option", f"mochaFile={xml}"]
    done = run([require_node(), MOCHA, *options, SPEC], cwd=folder)
    stats = mocha_stats(folder)
    result = ToolRun(
        tool="mocha",
        version=(
            f"mocha {package_version('mocha')}, "
            f"mocha-junit-reporter {package_version('mocha-junit-reporter')}, node {node_version()}"
        ),
        xml=xml,
        command=["mocha", *JUNIT_OPTIONS, SPEC],
        output=done.stdout + done.stderr,
        tool_summary=stats,
        expected=expected_counts(stats),
        notes=doc_lines(expected_counts),
    )
    save_generated(result)
    return result


def test_mocha_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    stats = generated.tool_summary
    assert (stats["passes"], stats["failures"], stats["pending"]) == (4, 2, 2)
    assert generated.expected == Counts(passed=4, failed=2, skipped=2)


def test_counts_match_mocha(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("arithmetic wrong sum", Outcome.FAILED),
        ("arithmetic skipped for now", Outcome.SKIPPED),
        ("arithmetic subtracts", Outcome.SKIPPED),  # an it() without a body is pending
        ("arithmetic passes on the second try", Outcome.PASSED),
        ('broken setup "before each" hook for "first victim"', Outcome.FAILED),
    ],
)
def test_mocha_corner_cases(read_back: Run, name: str, outcome: Outcome) -> None:
    assert outcome_of(read_back, name) is outcome
