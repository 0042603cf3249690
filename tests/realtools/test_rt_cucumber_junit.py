"""cucumber-js's junit formatter (@cucumber/junit-xml-formatter, bundled with cucumber-js),
read by reportgen, against cucumber-js's own scenario line of the same run (the sample of
test_rt_cucumber_json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportgen.model import Counts, Outcome, Run

from ._more import save_more
from ._support import ToolRun, doc_lines, node_version, outcome_of, require_node, run
from .test_rt_cucumber_json import CUCUMBER, EXTRA, FEATURE, STEPS, scenario_summary

pytestmark = pytest.mark.realtool

# npm nests the formatter under cucumber-js or hoists it beside it, as the install happens to go
FORMATTER_PLACES = [
    modules / "@cucumber" / "junit-xml-formatter" / "package.json"
    for modules in (CUCUMBER / "node_modules", EXTRA)
]


def _formatter_version() -> str:
    for place in FORMATTER_PLACES:
        if place.is_file():
            return str(json.loads(place.read_text(encoding="utf-8"))["version"])
    return "unknown"


def expected_counts(summary: dict[str, int]) -> Counts:
    """cucumber-js's scenario line mapped to reportgen's.

    - Each scenario is one test, each example row of an outline one more.
    - failed, ambiguous, undefined and pending fail the run: failures. The formatter writes a
      pending or undefined scenario as an empty <failure/> and an ambiguous one as a body-only
      <failure>: the status of the step that did not pass, in <system-out>, is the finer
      outcome ("pending", "undefined", "ambiguous").
    - skipped is skipped; passed passes.
    """
    failed = sum(summary.get(s, 0) for s in ("failed", "ambiguous", "undefined", "pending"))
    return Counts(passed=summary.get("passed", 0), failed=failed, skipped=summary.get("skipped", 0))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    node = require_node()
    if not (CUCUMBER / "package.json").is_file():
        pytest.skip("@cucumber/cucumber is not installed: run tests/realtools/setup.sh")
    folder: Path = tmp_path_factory.mktemp("cucumber-junit") / "project"
    (folder / "features" / "step_definitions").mkdir(parents=True)
    (folder / "features" / "shop.feature").write_text(FEATURE, encoding="utf-8")
    (folder / "features" / "step_definitions" / "steps.js").write_text(STEPS, encoding="utf-8")
    (folder / "node_modules").symlink_to(EXTRA, target_is_directory=True)
    report = folder.parent / "cucumber-junit.xml"
    options = ["--format", f"junit:{report}", "--format", "summary"]
    done = run([node, str(CUCUMBER / "bin" / "cucumber.js"), *options], cwd=folder)
    output = done.stdout + done.stderr
    summary = scenario_summary(output)
    version = run([node, str(CUCUMBER / "bin" / "cucumber.js"), "--version"], cwd=folder)
    formatter = _formatter_version()
    kinds = {k: summary[k] for k in ("pending", "undefined", "ambiguous") if summary.get(k)}
    result = ToolRun(
        tool="cucumber-junit",
        version=(
            f"@cucumber/cucumber {version.stdout.strip()}, @cucumber/junit-xml-formatter "
            f"{formatter}, node {node_version()}"
        ),
        xml=report,
        command=["cucumber-js", "--format", "junit:cucumber-junit.xml", "--format", "summary"],
        output=output,
        tool_summary=summary,
        expected=expected_counts(summary),
        notes=doc_lines(expected_counts),
        expected_kinds=kinds,
    )
    save_more(result, report.name)
    return result


def test_cucumber_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    assert generated.tool_summary == {
        "scenarios": 9, "failed": 1, "ambiguous": 1, "undefined": 1, "pending": 1,
        "skipped": 1, "passed": 4,
    }  # fmt: skip
    assert "<failure/>" in generated.xml.read_text(encoding="utf-8")


def test_counts_match_cucumber(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected
    assert read_back.kinds == generated.expected_kinds


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a step nobody wrote", "undefined"),
        ("pending step", "pending"),
        ("ambiguous step", "ambiguous"),
        ("wrong total", None),
    ],
)
def test_scenarios_that_fail_the_run_stay_failures(
    read_back: Run, name: str, kind: str | None
) -> None:
    assert outcome_of(read_back, name) is Outcome.FAILED
    (case,) = [c for c in read_back.cases if c.name == name]
    assert case.kind == kind
