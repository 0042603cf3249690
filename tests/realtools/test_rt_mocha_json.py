"""mocha's own json reporter, read by reportgen, against mocha's `stats` and its spec summary.

The sample (js/projects/mocha) has passes, a failure, two pending tests, a failing beforeEach
hook and a test that passes on its second try. The JSON goes to a file (`output=`), so the
tests' own console.log lines stay out of it; the spec reporter's run gives the console summary.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from reportgen.ingest.peers import read_path
from reportgen.ingest.summary import FileResult
from reportgen.model import Counts, Outcome

from ._support import (
    ToolRun,
    copy_js_project,
    doc_lines,
    node_version,
    package_version,
    require_node,
    require_node_package,
    run,
)
from .test_rt_peers_saved import save

pytestmark = pytest.mark.realtool

MOCHA = "node_modules/mocha/bin/mocha.js"
SPEC = "math.spec.js"


def expected_counts(stats: dict[str, int]) -> Counts:
    """mocha's stats mapped to reportgen's.

    - A failing beforeEach hook is one of mocha's failures: an entry of `failures` that is not
      in `tests`, counted once; the tests it kept from running are counted by neither.
    - A test that passed on a retry is among mocha's passes; its `currentRetry` says it was
      retried, so reportgen counts it flaky: passes = passed + flaky.
    - Pending (it.skip, an it() without a body) is skipped.
    """
    return Counts(
        passed=stats["passes"] - stats["retried"],
        failed=stats["failures"],
        skipped=stats["pending"],
        flaky=stats["retried"],
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    require_node_package("mocha")
    folder = copy_js_project("mocha", tmp_path_factory.mktemp("mocha-json") / "project")
    report = folder.parent / "mocha.json"
    options = ["--reporter", "json", "--reporter-option", f"output={report}"]
    run([require_node(), MOCHA, *options, SPEC], cwd=folder)
    console = run([require_node(), MOCHA, "--reporter", "spec", SPEC], cwd=folder)
    data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    stats = {k: data["stats"][k] for k in ("suites", "tests", "passes", "pending", "failures")}
    stats["retried"] = sum(1 for t in data["passes"] if t.get("currentRetry", 0) > 0)
    result = ToolRun(
        tool="mocha-json",
        version=f"mocha {package_version('mocha')}, node {node_version()}",
        xml=report,
        command=["mocha", "--reporter", "json", "--reporter-option", "output=mocha.json", SPEC],
        output=console.stdout + console.stderr,
        tool_summary=stats,
        expected=expected_counts(stats),
        notes=doc_lines(expected_counts),
    )
    save(result, "mocha.json")
    return result


@pytest.fixture(scope="module")
def read_back(generated: ToolRun) -> FileResult:
    return read_path(str(generated.xml))


def test_mocha_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    stats = generated.tool_summary
    assert (stats["passes"], stats["failures"], stats["pending"], stats["retried"]) == (4, 2, 2, 1)
    assert "4 passing" in generated.output and "2 failing" in generated.output
    assert generated.expected == Counts(passed=3, failed=2, skipped=2, flaky=1)


def test_counts_match_mocha(generated: ToolRun, read_back: FileResult) -> None:
    assert read_back.input.counts == generated.expected
    assert read_back.notices == []


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("wrong sum", Outcome.FAILED),
        ("skipped for now", Outcome.SKIPPED),
        ("subtracts", Outcome.SKIPPED),
        ("passes on the second try", Outcome.FLAKY),
        ('"before each" hook for "first victim"', Outcome.FAILED),
    ],
)
def test_mocha_corner_cases(read_back: FileResult, name: str, outcome: Outcome) -> None:
    (case,) = [c for c in read_back.cases if c.name == name]
    assert case.outcome is outcome
