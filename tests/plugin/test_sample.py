"""The sample pytest project run with the plugin: the same worklog as `reportgen render` of the
report pytest wrote, reruns included, and the same run as the one committed in the sample."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from reportgen.config import Config
from reportgen.model import Outcome
from reportgen.pipeline import read_run

from ._support import (
    SAMPLE,
    copy_sample,
    needs_plugin,
    needs_rerunfailures,
    records_reruns,
    run_pytest,
    run_render,
    summary_path,
    without_generated,
)

pytestmark = [needs_plugin, needs_rerunfailures]

FLAKY = "tests.integration.test_warehouse::test_sync_pushes_stock_levels"
# pytest's last line, without the time it took
SUMMARY_LINE = re.compile(r"=+ (\d+ failed, .*?) in [\d.]+s =+")


@dataclass
class SampleRun:
    project: Path
    stdout: str
    returncode: int
    worklog: Path


def _run(project: Path, *args: str) -> SampleRun:
    # the sample's tests write timings.json; the plugin reads it when the run has ended
    result = run_pytest(project, "--worklog=plugin", "--worklog-timings=timings.json", *args)
    assert "reportgen worklog: " in result.stdout, result.stdout + result.stderr
    return SampleRun(project, result.stdout, result.returncode, summary_path(result.stdout))


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> SampleRun:
    return _run(copy_sample(tmp_path_factory.mktemp("sample")))


def _outputs(directory: Path) -> dict[str, str]:
    return {
        path.name: without_generated(path.read_text(encoding="utf-8"))
        for path in sorted(directory.iterdir())
        if path.suffix != ".xml"
    }


def _render(project: Path, xml: str, *args: str) -> dict[str, str]:
    options = ["--config", "worklog.toml", "--timings", "timings.json", "--out", "cli"]
    rendered = run_render(project, xml, *options, "--no-step-summary", *args)
    assert rendered.returncode == 0, rendered.stderr
    return _outputs(project / "cli")


def test_the_plugin_writes_the_worklog_the_cli_writes(sample_run: SampleRun) -> None:
    from_plugin = _outputs(sample_run.project / "plugin")
    assert list(from_plugin) == [sample_run.worklog.name]
    assert "| **product_page_render** |" in from_plugin[sample_run.worklog.name]  # timings read
    assert _render(sample_run.project, "plugin/junit.xml") == from_plugin


@pytest.mark.parametrize(
    ("plugin_options", "cli_options", "xml"),
    [
        (["--worklog-profile=pr"], ["--profile", "pr"], "plugin/junit.xml"),
        (["--worklog-ascii", "--worklog-html"], ["--ascii", "--html"], "plugin/junit.xml"),
        (["--junitxml=results/junit.xml"], [], "results/junit.xml"),
    ],
    ids=["pr", "ascii-html", "own-junitxml"],
)
def test_same_worklog_with_options(
    tmp_path: Path, plugin_options: list[str], cli_options: list[str], xml: str
) -> None:
    run = _run(copy_sample(tmp_path), *plugin_options)
    from_plugin = _outputs(run.project / "plugin")
    assert from_plugin, run.stdout
    assert _render(run.project, xml, *cli_options) == from_plugin


@records_reruns
def test_reruns_come_through(sample_run: SampleRun) -> None:
    xml = (sample_run.project / "plugin" / "junit.xml").read_text(encoding="utf-8")
    assert xml.count('name="test_sync_pushes_stock_levels"') == 2  # the failed attempt, the pass
    run = read_run([str(sample_run.project / "plugin" / "junit.xml")], Config())
    (flaky,) = [c for c in run.cases if c.identity == FLAKY]
    assert (flaky.outcome, flaky.attempts) == (Outcome.FLAKY, 2)
    text = (sample_run.project / sample_run.worklog).read_text(encoding="utf-8")
    assert "32 tests: 20 passed, 1 flaky, 5 failed, 2 errors, 4 skipped" in text
    assert f"| `{FLAKY}` | passed after rerun |" in text
    assert "no record of the failed attempts" not in sample_run.stdout


def test_pytest_said_what_the_sample_was_written_for(sample_run: SampleRun) -> None:
    assert sample_run.returncode == pytest.ExitCode.TESTS_FAILED
    found = SUMMARY_LINE.search(sample_run.stdout)
    assert found, sample_run.stdout
    assert found.group(1) == "5 failed, 21 passed, 3 skipped, 1 xfailed, 2 errors, 1 rerun"


@records_reruns
def test_the_committed_run_is_this_run(sample_run: SampleRun) -> None:
    """The committed junit.xml and console output are the sample's tests as they are now:
    a change to the tests without regenerating them fails here."""

    def outcomes(xml: Path) -> dict[str, tuple[Outcome, int]]:
        run = read_run([str(xml)], Config())
        return {case.identity: (case.outcome, case.attempts) for case in run.cases}

    fresh = outcomes(sample_run.project / "plugin" / "junit.xml")
    assert outcomes(SAMPLE / "results" / "junit.xml") == fresh
    assert len(fresh) == 32
    console = (SAMPLE / "pytest-console.txt").read_text(encoding="utf-8")
    committed, now = SUMMARY_LINE.search(console), SUMMARY_LINE.search(sample_run.stdout)
    assert committed and now and committed.group(1) == now.group(1)


def test_the_sample_has_reviewed_output() -> None:
    # tests/samples/test_golden.py renders every sample against these
    for name in ("worklog.md", "pr.md"):
        assert (SAMPLE / "expected" / name).is_file()
