"""nose2's junitxml plugin, read by reportgen, against nose2's own closing lines
("Ran N tests", "FAILED (failures=..., errors=..., ...)") of the same run."""

from __future__ import annotations

import importlib.util
import re
import sys

import pytest

from reportgen.model import Counts, Outcome, Run

from ._more import save_more
from ._support import (
    ToolRun,
    doc_lines,
    outcome_of,
    python_package_version,
    python_version,
    run,
)

pytestmark = pytest.mark.realtool

SAMPLE = """
import unittest


class Arithmetic(unittest.TestCase):
    def test_adds(self):
        self.assertEqual(1 + 1, 2)

    def test_wrong_sum(self):
        self.assertEqual(2 + 2, 5)

    def test_raises(self):
        raise OSError("disk gone")

    @unittest.skip("not today")
    def test_skipped(self):
        pass

    @unittest.expectedFailure
    def test_known_bug(self):
        self.assertEqual(1, 2)

    @unittest.expectedFailure
    def test_fixed_bug(self):
        self.assertEqual(1, 1)

    def test_ünïcödé(self):
        self.assertTrue(True)


class Database(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        raise ConnectionError("cannot connect")

    def test_reads(self):
        pass

    def test_writes(self):
        pass
"""
RAN = re.compile(r"^Ran (\d+) tests? in ", re.MULTILINE)
VERDICT = re.compile(r"^(?:FAILED|OK) \((.*)\)$", re.MULTILINE)
# nose2 names the error of a class fixture after unittest's placeholder for it
FIXTURE = re.compile(r"^ERROR: _ErrorHolder$", re.MULTILINE)


def nose2_summary(output: str) -> dict[str, int]:
    ran, verdict = RAN.search(output), VERDICT.search(output)
    assert ran is not None and verdict is not None, output
    summary = {"ran": int(ran.group(1))}
    for key, value in re.findall(r"([a-z ]+)=(\d+)", verdict.group(1)):
        summary[key.strip()] = int(value)
    summary["fixture errors"] = len(FIXTURE.findall(output))
    return summary


def expected_counts(summary: dict[str, int]) -> Counts:
    """nose2's numbers mapped to reportgen's.

    - 'Ran N tests' leaves out a class whose setUpClass failed; its error is one of nose2's
      errors, written as a testcase "setUpClass (pkg.mod" / "Class)": an error of the suite
      ("suite error"), one test more than nose2 ran.
    - An expected failure is <skipped message="expected test failure">: skipped ("xfail").
    - An unexpected success is <skipped message="test passes unexpectedly">; unittest fails the
      run for it (FAILED (... unexpected successes=1)): failed ("unexpected success"), with a
      notice. nose2's declared skipped= counts it, its failures= does not.
    """
    xfail = summary.get("expected failures", 0)
    xpass = summary.get("unexpected successes", 0)
    errors = summary.get("errors", 0)
    test_errors = errors - summary["fixture errors"]
    failures, skipped = summary.get("failures", 0), summary.get("skipped", 0)
    return Counts(
        passed=summary["ran"] - failures - test_errors - skipped - xfail - xpass,
        failed=failures + xpass,
        errors=errors,
        skipped=skipped + xfail,
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    if importlib.util.find_spec("nose2") is None:
        pytest.skip("nose2 is not installed")
    folder = tmp_path_factory.mktemp("nose2")
    package = folder / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "test_sample.py").write_text(SAMPLE, encoding="utf-8")
    xml = folder / "nose2.xml"
    command = ["-m", "nose2", "--plugin", "nose2.plugins.junitxml", "--junit-xml",
               "--junit-xml-path", str(xml), "-v"]  # fmt: skip
    done = run([sys.executable, *command], cwd=folder)
    output = done.stdout + done.stderr
    summary = nose2_summary(output)
    kinds = {"xfail": summary.get("expected failures", 0),
             "unexpected success": summary.get("unexpected successes", 0),
             "suite error": summary["fixture errors"]}  # fmt: skip
    result = ToolRun(
        tool="nose2",
        version=f"nose2 {python_package_version('nose2')}, Python {python_version()}",
        xml=xml,
        command=["python", *command[:-3], "nose2.xml", "-v"],
        output=output,
        tool_summary=summary,
        expected=expected_counts(summary),
        notes=doc_lines(expected_counts),
        expected_kinds={kind: n for kind, n in kinds.items() if n},
    )
    save_more(result, "nose2.xml")
    return result


def test_nose2_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    assert generated.tool_summary == {
        "ran": 7, "failures": 1, "errors": 2, "skipped": 1, "expected failures": 1,
        "unexpected successes": 1, "fixture errors": 1,
    }  # fmt: skip
    assert generated.expected == Counts(passed=2, failed=2, errors=2, skipped=2)


def test_counts_match_nose2(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected
    assert read_back.kinds == generated.expected_kinds


@pytest.mark.parametrize(
    ("name", "outcome", "kind"),
    [
        ("test_known_bug", Outcome.SKIPPED, "xfail"),
        ("test_fixed_bug", Outcome.FAILED, "unexpected success"),
        ("Database)", Outcome.ERROR, "suite error"),
        ("test_raises", Outcome.ERROR, None),
        ("test_wrong_sum", Outcome.FAILED, None),
        ("test_ünïcödé", Outcome.PASSED, None),
    ],
)
def test_nose2_outcomes(read_back: Run, name: str, outcome: Outcome, kind: str | None) -> None:
    assert outcome_of(read_back, name) is outcome
    (case,) = [c for c in read_back.cases if c.name == name]
    assert case.kind == kind


def test_the_unexpected_success_is_noticed(read_back: Run) -> None:
    assert any("unexpected success" in n.message for n in read_back.notices)
