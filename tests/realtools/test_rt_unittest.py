"""unittest through unittest-xml-reporting (xmlrunner), against unittest's own TestResult."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from reportgen.model import Counts, Outcome, Run

from ._support import (
    ToolRun,
    doc_lines,
    outcome_of,
    python_package_version,
    python_version,
    run,
    save_generated,
)

pytestmark = pytest.mark.realtool

SAMPLE = """
import unittest


class Arithmetic(unittest.TestCase):
    def test_adds(self):
        self.assertEqual(1 + 2, 3)

    def test_wrong(self):
        self.assertEqual(2 + 2, 5)

    def test_raises(self):
        raise RuntimeError("boom")

    @unittest.skip("not today")
    def test_skipped(self):
        pass

    @unittest.expectedFailure
    def test_xfail(self):
        self.assertEqual(1, 2)

    @unittest.expectedFailure
    def test_xpass(self):
        pass

    def test_subtests(self):
        for i in range(3):
            with self.subTest(i=i):
                self.assertNotEqual(i, 1)

    def test_prints(self):
        print("hello from unittest")


class BrokenSetUpClass(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        raise RuntimeError("class setup boom")

    def test_never_runs(self):
        pass


class BrokenSetUp(unittest.TestCase):
    def setUp(self):
        raise RuntimeError("setup boom")

    def test_victim(self):
        pass
"""

# Runs the sample and writes unittest's own verdict beside the XML.
DRIVER = """
import json
import unittest

import xmlrunner

suite = unittest.defaultTestLoader.loadTestsFromName("sample_unittest")
with open("unittest-xmlrunner.xml", "wb") as out:
    result = xmlrunner.XMLTestRunner(output=out, verbosity=0).run(suite)
summary = {
    "testsRun": result.testsRun,
    "failures": len(result.failures),
    "errors": len(result.errors),
    "skipped": len(result.skipped),
    "expectedFailures": len(result.expectedFailures),
    "unexpectedSuccesses": len(result.unexpectedSuccesses),
}
with open("unittest-summary.json", "w") as out:
    json.dump(summary, out)
"""


def expected_counts(summary: dict[str, int]) -> Counts:
    """unittest's TestResult mapped to reportgen's counts.

    - xmlrunner writes an unexpected success as <error type="UnexpectedSuccess"> (unittest
      itself calls the run unsuccessful), and an expected failure as <skipped type="XFAIL">.
    - A failing subTest is one <failure> named after the subtest; the test method itself gets
      no <testcase> of its own. unittest counts the method once in testsRun and each failing
      subtest in failures, so 'passed' is what is left after every listed problem.
    - A setUpClass error is an error of a pseudo-test that testsRun does not count.
    """
    listed = summary["failures"] + summary["errors"] + summary["skipped"]
    listed += summary["expectedFailures"] + summary["unexpectedSuccesses"]
    class_level_errors = 1  # the sample's one setUpClass error (checked in the first test)
    return Counts(
        passed=summary["testsRun"] + class_level_errors - listed,
        failed=summary["failures"],
        errors=summary["errors"] + summary["unexpectedSuccesses"],
        skipped=summary["skipped"] + summary["expectedFailures"],
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    if importlib.util.find_spec("xmlrunner") is None:
        pytest.skip("unittest-xml-reporting (xmlrunner) is not installed")
    folder: Path = tmp_path_factory.mktemp("unittest")
    (folder / "sample_unittest.py").write_text(SAMPLE, encoding="utf-8")
    (folder / "driver.py").write_text(DRIVER, encoding="utf-8")
    done = run([sys.executable, "driver.py"], cwd=folder)
    summary: dict[str, Any] = json.loads((folder / "unittest-summary.json").read_text("utf-8"))
    version = f"unittest-xml-reporting {python_package_version('unittest-xml-reporting')}"
    result = ToolRun(
        tool="unittest-xmlrunner",
        version=f"{version}, Python {python_version()}",
        xml=folder / "unittest-xmlrunner.xml",
        command=["python", "driver.py"],
        output=done.stdout + done.stderr,
        tool_summary=summary,
        expected=expected_counts(summary),
        notes=doc_lines(expected_counts),
    )
    save_generated(result)
    return result


def test_unittest_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    # The setUpClass error is one of the 3 errors; its class's test never runs.
    assert generated.tool_summary == {
        "testsRun": 9, "failures": 2, "errors": 3, "skipped": 1,
        "expectedFailures": 1, "unexpectedSuccesses": 1,
    }  # fmt: skip
    assert "FAILED (failures=2, errors=3, skipped=1, expected failures=1" in generated.output
    assert generated.expected == Counts(passed=2, failed=2, errors=4, skipped=2)


def test_counts_match_unittest(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("test_xpass", Outcome.ERROR),
        ("test_xfail", Outcome.SKIPPED),
        ("test_subtests (i=1)", Outcome.FAILED),
        ("test_victim", Outcome.ERROR),
        ("setUpClass (sample_unittest.BrokenSetUpClass)", Outcome.ERROR),
        ("test_prints", Outcome.PASSED),
    ],
)
def test_unittest_corner_cases(read_back: Run, name: str, outcome: Outcome) -> None:
    assert outcome_of(read_back, name) is outcome
