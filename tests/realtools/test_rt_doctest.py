"""doctest's JUnit reporter (`-r=junit`, Debian's doctest-dev), read by reportgen, against
doctest's own "test cases:" line of the same binary."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from reportgen.model import Counts, Outcome, Run

from ._more import save_more
from ._support import HERE, ToolRun, doc_lines, outcome_of, run
from .test_rt_gotestsum import _debian_version

pytestmark = pytest.mark.realtool

SAMPLE = HERE / "cpp" / "doctest_sample.cpp"
HEADER = Path("/usr/include/doctest/doctest.h")
TEST_CASES = re.compile(r"^\[doctest\] test cases: +(\d+) \| (.*)$", re.MULTILINE)
# the sample's may_fail and should_fail tests
DECORATED = "known bug,must fail,fixed bug"


def doctest_summary(output: str) -> dict[str, int]:
    found = TEST_CASES.findall(output)
    assert found, output
    total, parts = found[-1]
    summary = {"test cases": int(total)}
    for number, word in re.findall(r"(\d+) ([a-z]+)", parts):
        summary[word] = int(number)
    return summary


def expected_counts(summary: dict[str, int]) -> Counts:
    """doctest's test cases mapped to reportgen's.

    - A TEST_CASE with SUBCASEs is one testcase per leaf subcase ("case/subcase"): one test.
    - doctest's JUnit writes a may_fail or should_fail test that failed as allowed (a pass for
      doctest, "allowed failures", counted by running those tests alone) as a <failure>, and a
      should_fail test that passed (a failure for doctest, "passed should_fail") as a pass.
      Nothing in the file tells them from real failures and passes: the <failure>s are
      failures, the passes passes, and a notice says so for every doctest file.
    - Skipped tests are not in the file at all.
    """
    allowed, passed_should_fail = summary["allowed failures"], summary["passed should_fail"]
    return Counts(
        passed=summary.get("passed", 0) - allowed + passed_should_fail,
        failed=summary.get("failed", 0) + allowed - passed_should_fail,
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    compiler = shutil.which("g++")
    if compiler is None or not HEADER.is_file():
        pytest.skip("g++ or doctest (Debian package doctest-dev) is not installed")
    base = tmp_path_factory.mktemp("doctest")
    binary = base / "sample"
    built = run([compiler, "-std=c++17", "-O0", "-o", str(binary), str(SAMPLE)], cwd=base)
    assert built.returncode == 0, built.stderr
    xml = base / "doctest.xml"
    xml.write_text(run([str(binary), "-r=junit"], cwd=base).stdout, encoding="utf-8")
    console = run([str(binary)], cwd=base)
    output = console.stdout + console.stderr
    summary = doctest_summary(output)
    alone = doctest_summary(run([str(binary), f"-tc={DECORATED}"], cwd=base).stdout)
    summary["allowed failures"] = alone.get("passed", 0)
    summary["passed should_fail"] = alone.get("failed", 0)
    result = ToolRun(
        tool="doctest",
        version=f"doctest (Debian doctest-dev {_debian_version('doctest-dev')})",
        xml=xml,
        command=["g++ -std=c++17 -o sample doctest_sample.cpp", "./sample -r=junit"],
        output=output,
        tool_summary=summary,
        expected=expected_counts(summary),
        notes=doc_lines(expected_counts),
    )
    save_more(result, xml.name)
    return result


def test_doctest_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    assert generated.tool_summary == {
        "test cases": 7, "passed": 4, "failed": 3, "skipped": 1, "allowed failures": 2,
        "passed should_fail": 1,
    }  # fmt: skip


def test_counts_match_doctest(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected
    assert read_back.counts.total == generated.tool_summary["test cases"]


def test_what_the_file_cannot_tell_is_said(read_back: Run) -> None:
    assert any("should_fail" in n.message for n in read_back.notices)


@pytest.mark.parametrize(
    ("name", "outcome"),
    [("subcases", Outcome.FAILED), ("wrong sum", Outcome.FAILED), ("adds", Outcome.PASSED)],
)
def test_doctest_outcomes(read_back: Run, name: str, outcome: Outcome) -> None:
    assert outcome_of(read_back, name) is outcome
