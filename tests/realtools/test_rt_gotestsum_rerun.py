"""gotestsum --rerun-fails, read by reportgen, against the tests the go-rerun/ sample holds.

gotestsum's DONE line counts runs ("3 runs, 10 tests"): every attempt of every test. A parent
test that fails itself (not through a subtest) is rerun with all its subtests, so the ones
that passed or skipped are written again. reportgen counts each test once.
"""

from __future__ import annotations

import re
import shutil

import pytest

from reportgen.model import Counts, Outcome, Run

from ._more import save_more
from ._support import HERE, ToolRun, doc_lines, outcome_of, run
from .test_rt_gotestsum import GO_ENV, _debian_version

pytestmark = pytest.mark.realtool

DONE = re.compile(
    r"^DONE (\d+) runs, (\d+) tests?(?:, (\d+) skipped)?(?:, (\d+) failures?)?", re.MULTILINE
)
RERUN = re.compile(r"^=== FAIL: \S+ (\S+) \(re-run (\d+)\)", re.MULTILINE)


def done_summary(output: str) -> dict[str, int]:
    found = DONE.findall(output)  # a DONE line after each run: the last one is the whole
    assert found, output
    runs, tests, skipped, failures = (int(value or 0) for value in found[-1])
    # the tests whose last attempt failed: their highest "re-run N" is the last rerun
    last: dict[str, int] = {}
    for name, number in RERUN.findall(output):
        last[name] = max(last.get(name, 0), int(number))
    return {
        "runs": runs, "tests": tests, "skipped": skipped, "failures": failures,
        "failing at the last run": sum(1 for n in last.values() if n == runs - 1),
    }  # fmt: skip


def expected_counts(summary: dict[str, int]) -> Counts:
    """The sample's tests as reportgen must count them, from gotestsum's own numbers.

    - gotestsum's 'N tests' counts every attempt; the sample holds 5 distinct tests:
      TestPlain and TestParent/passes pass, TestParent/skips skips, TestParent fails once and
      then passes (flaky), TestAlwaysFails fails every run.
    - Its 'skipped' counts the skipped subtest once per run of its parent (2 here): one test.
    """
    return Counts(passed=2, failed=summary["failing at the last run"], skipped=1, flaky=1)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    gotestsum, go = shutil.which("gotestsum"), shutil.which("go")
    if gotestsum is None or go is None:
        pytest.skip("gotestsum or go is not installed")
    base = tmp_path_factory.mktemp("gotestsum-rerun")
    folder = base / "module"
    shutil.copytree(HERE / "go-rerun", folder)
    xml = base / "gotestsum-rerun.xml"
    env = {**GO_ENV, "GOCACHE": str(base / "cache"), "HOME": str(base),
           "RERUN_MARKER_DIR": str(base)}  # fmt: skip
    command = [f"--junitfile={xml}", "--rerun-fails=2", "--packages=./...", "--", "-count=1"]
    done = run([gotestsum, *command], cwd=folder, env=env)
    output = done.stdout + done.stderr
    summary = done_summary(output)
    version = run([gotestsum, "--version"], cwd=folder, env=env).stdout.strip()
    result = ToolRun(
        tool="gotestsum-rerun",
        version=f"{version} (package {_debian_version('gotestsum')})",
        xml=xml,
        command=["gotestsum", "--junitfile=gotestsum-rerun.xml", *command[1:]],
        output=output,
        tool_summary=summary,
        expected=expected_counts(summary),
        notes=doc_lines(expected_counts),
    )
    save_more(result, xml.name)
    return result


def test_gotestsum_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    assert generated.tool_summary == {
        "runs": 3, "tests": 10, "skipped": 2, "failures": 4, "failing at the last run": 1,
    }  # fmt: skip
    text = generated.xml.read_text(encoding="utf-8")
    assert text.count('name="TestParent/passes"') == 2  # written again by the rerun


def test_counts_match_the_sample(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected
    assert read_back.counts.total == 5


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("TestParent", Outcome.FLAKY),
        ("TestParent/passes", Outcome.PASSED),
        ("TestParent/skips", Outcome.SKIPPED),
        ("TestAlwaysFails", Outcome.FAILED),
    ],
)
def test_each_test_once(read_back: Run, name: str, outcome: Outcome) -> None:
    assert outcome_of(read_back, name) is outcome
