"""Catch2's JUnit reporter (`-r junit`, Catch2 2 from Debian's catch2 package), read by
reportgen, against Catch2's own "test cases:" line of the same binary."""

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

SAMPLE = HERE / "cpp" / "catch2_sample.cpp"
HEADER = Path("/usr/include/catch2/catch.hpp")
TEST_CASES = re.compile(r"^test cases: (\d+) \| (.*)$", re.MULTILINE)


def catch_summary(output: str) -> dict[str, int]:
    found = TEST_CASES.findall(output)
    assert found, output
    total, parts = found[-1]
    summary = {"test cases": int(total)}
    for number, word in re.findall(r"(\d+) ([a-z ]+?)(?: \||$)", parts):
        summary[word] = int(number)
    return summary


def expected_counts(summary: dict[str, int]) -> Counts:
    """Catch2's test cases mapped to reportgen's.

    - A TEST_CASE with SECTIONs is one testcase per leaf section ("case/section") in the XML:
      one test for reportgen, as for Catch2, failed when any section failed.
    - A [!mayfail] or [!shouldfail] test that failed ("failed as expected") carries a <skipped>
      beside its <failure>: skipped, finer outcome "xfail".
    - A [!shouldfail] test that passed is failed for Catch2 ("shouldfail passed", counted by
      running the [!shouldfail] tests alone), but the XML writes it as a plain pass: reportgen
      reads a pass, and its suite's failures= one more than the testcases carry, which a notice
      names and a gate on failures fails the run for.
    """
    passed_shouldfail = summary["shouldfail passed"]
    return Counts(
        passed=summary.get("passed", 0) + passed_shouldfail,
        failed=summary.get("failed", 0) - passed_shouldfail,
        skipped=summary.get("failed as expected", 0),
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    compiler = shutil.which("g++")
    if compiler is None or not HEADER.is_file():
        pytest.skip("g++ or Catch2 (Debian package catch2) is not installed")
    base = tmp_path_factory.mktemp("catch2")
    binary = base / "sample"
    built = run([compiler, "-std=c++17", "-O0", "-o", str(binary), str(SAMPLE)], cwd=base)
    assert built.returncode == 0, built.stderr
    xml = base / "catch2.xml"
    run([str(binary), "-r", "junit", "-o", str(xml)], cwd=base)
    console = run([str(binary)], cwd=base)
    output = console.stdout + console.stderr
    summary = catch_summary(output)
    alone = catch_summary(run([str(binary), "[!shouldfail]"], cwd=base).stdout)
    summary["shouldfail passed"] = alone.get("failed", 0)
    result = ToolRun(
        tool="catch2",
        version=f"Catch2 (Debian catch2 {_debian_version('catch2')})",
        xml=xml,
        command=["g++ -std=c++17 -o sample catch2_sample.cpp", "./sample -r junit -o catch2.xml"],
        output=output,
        tool_summary=summary,
        expected=expected_counts(summary),
        notes=doc_lines(expected_counts),
        expected_kinds={"xfail": summary.get("failed as expected", 0)},
    )
    save_more(result, xml.name)
    return result


def test_catch2_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    assert generated.tool_summary == {
        "test cases": 7, "passed": 2, "failed": 3, "failed as expected": 2,
        "shouldfail passed": 1,
    }  # fmt: skip
    assert 'name="sections/second fails"' in generated.xml.read_text(encoding="utf-8")


def test_counts_match_catch2(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected
    assert read_back.kinds == generated.expected_kinds
    assert read_back.counts.total == generated.tool_summary["test cases"]


def test_the_failure_the_xml_hides_is_declared_and_said(read_back: Run) -> None:
    assert read_back.inputs[0].unread_failures == 1
    assert any("[!shouldfail]" in n.message for n in read_back.notices)


@pytest.mark.parametrize(
    ("name", "outcome", "kind"),
    [
        ("sections", Outcome.FAILED, None),
        ("known bug", Outcome.SKIPPED, "xfail"),
        ("must fail", Outcome.SKIPPED, "xfail"),
        ("wrong sum", Outcome.FAILED, None),
        ("ünïcödé ✓", Outcome.PASSED, None),
    ],
)
def test_catch2_outcomes(read_back: Run, name: str, outcome: Outcome, kind: str | None) -> None:
    assert outcome_of(read_back, name) is outcome
    (case,) = [c for c in read_back.cases if c.name == name]
    assert case.kind == kind
