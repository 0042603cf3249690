"""pytest's --junitxml for a run with a module that fails to import (a collection error), with
and without pytest-xdist, read by reportgen against pytest's own closing line."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from reportgen.model import Counts, Outcome, Run

from ._more import save_more
from ._support import ToolRun, doc_lines, outcome_of, run
from .pytest_sample import summary_line_counts, versions

pytestmark = pytest.mark.realtool

FILES = {
    "test_ok.py": "def test_adds():\n    assert 1 + 1 == 2\n\n\n"
    "def test_wrong():\n    assert 2 + 2 == 5\n",
    "test_broken.py": "import no_such_module  # noqa: F401\n\n\ndef test_never():\n    pass\n",
}
VARIANTS = {"pytest-collection": [], "pytest-xdist-collection": ["-n", "2"]}


def expected_counts(summary: dict[str, int]) -> Counts:
    """pytest's closing line mapped to reportgen's.

    - A module that fails to import is one of pytest's errors ("ERROR tests/test_broken.py"),
      not a test: pytest writes it as a testcase with no classname, named after the module,
      <error message="collection failure">. reportgen counts it as an error of the suite
      (finer outcome "suite error"), with or without xdist.
    """
    return Counts(
        passed=summary.get("passed", 0),
        failed=summary.get("failed", 0),
        errors=summary.get("error", summary.get("errors", 0)),
    )


@pytest.fixture(scope="module", params=sorted(VARIANTS))
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    name: str = request.param
    extra = VARIANTS[name]
    if extra and importlib.util.find_spec("xdist") is None:
        pytest.skip("pytest-xdist is not installed")
    folder = tmp_path_factory.mktemp(name)
    tests = folder / "tests"
    tests.mkdir()
    for file, text in FILES.items():
        (tests / file).write_text(text, encoding="utf-8")
    (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    xml = folder / f"{name}.xml"
    options = ["-p", "no:cacheprovider", "-p", "no:randomly", "--continue-on-collection-errors"]
    command = [sys.executable, "-m", "pytest", "-q", "-c", "pytest.ini", *options, *extra,
               "--junitxml", str(xml), "tests"]  # fmt: skip
    done = run(command, cwd=folder)
    output = done.stdout + done.stderr
    summary = summary_line_counts(output)
    result = ToolRun(
        tool=name,
        version=versions(*(["pytest-xdist"] if extra else [])),
        xml=xml,
        command=["pytest", *options, *extra, f"--junitxml={Path(xml).name}", "tests"],
        output=output,
        tool_summary=summary,
        expected=expected_counts(summary),
        notes=doc_lines(expected_counts),
        expected_kinds={"suite error": 1},
    )
    save_more(result, xml.name)
    return result


def test_pytest_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    assert generated.tool_summary == {"failed": 1, "passed": 1, "error": 1}
    assert "ERROR tests/test_broken.py" in generated.output


def test_counts_match_pytest(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected
    assert read_back.kinds == generated.expected_kinds


def test_the_module_that_failed_to_import_is_a_suite_error(read_back: Run) -> None:
    assert outcome_of(read_back, "tests.test_broken") is Outcome.ERROR
    (case,) = [c for c in read_back.cases if c.kind == "suite error"]
    assert case.detail is not None and case.detail.problem is not None
    assert "no_such_module" in (case.detail.problem.details or "")
