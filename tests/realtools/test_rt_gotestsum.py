"""gotestsum (go test's JUnit writer), read by reportgen, against gotestsum's own DONE line.

The sample module (go/) has a passing package with a skip, a package with a failing test and a
package that does not compile. gotestsum writes no suite and no testcase for the package that
failed to build; only the root's `errors=` says so.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from reportgen.model import Counts, Outcome, Run

from ._support import GENERATED, HERE, SAVE_ENV, ToolRun, doc_lines, outcome_of, run, save_generated

pytestmark = pytest.mark.realtool

DONE = re.compile(
    r"^DONE (\d+) tests?(?:, (\d+) skipped)?(?:, (\d+) failures?)?(?:, (\d+) errors?)?",
    re.MULTILINE,
)
# The standard library only: builds offline, with the installed toolchain.
GO_ENV = {"GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOTOOLCHAIN": "local"}


def done_summary(output: str) -> dict[str, int]:
    found = DONE.search(output)
    assert found is not None, output
    tests, skipped, failures, errors = (int(value or 0) for value in found.groups())
    return {"tests": tests, "skipped": skipped, "failures": failures, "errors": errors}


def expected_counts(summary: dict[str, int]) -> Counts:
    """gotestsum's DONE line mapped to reportgen's.

    - 'N tests' counts test functions that ran; a package that failed to build ran none and
      is one of its 'errors'. reportgen counts it as one more test, an error, named after the
      file (gotestsum's XML does not name the package), so the run never reads green.
    """
    ran = summary["tests"] - summary["skipped"] - summary["failures"]
    return Counts(
        passed=ran,
        failed=summary["failures"],
        errors=summary["errors"],
        skipped=summary["skipped"],
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    gotestsum, go = shutil.which("gotestsum"), shutil.which("go")
    if gotestsum is None or go is None:
        pytest.skip("gotestsum or go is not installed")
    base = tmp_path_factory.mktemp("gotestsum")
    folder = base / "module"
    shutil.copytree(HERE / "go", folder)
    xml = base / "gotestsum.xml"
    env = {**GO_ENV, "GOCACHE": str(base / "cache"), "HOME": str(base)}
    done = run([gotestsum, f"--junitfile={xml}", "./..."], cwd=folder, env=env)
    summary = done_summary(done.stdout + done.stderr)
    versions = [run([tool, arg], cwd=folder, env=env).stdout.strip() for tool, arg in
                ((gotestsum, "--version"), (go, "version"))]  # fmt: skip
    package = _debian_version("gotestsum")
    result = ToolRun(
        tool="gotestsum",
        version=f"{versions[0]} (package {package}); {versions[1]}",
        xml=xml,
        command=["gotestsum", "--junitfile=gotestsum.xml", "./..."],
        output=done.stdout + done.stderr,
        tool_summary=summary,
        expected=expected_counts(summary),
        notes=doc_lines(expected_counts),
        expected_kinds={"suite error": summary["errors"]} if summary["errors"] else {},
    )
    save_generated(result)
    if os.environ.get(SAVE_ENV) == "1":  # the console summary, beside the XML it describes
        (GENERATED / "gotestsum.console.txt").write_text(result.output, encoding="utf-8")
    return result


def _debian_version(package: str) -> str:
    dpkg = shutil.which("dpkg-query")
    if dpkg is None:
        return "unknown"
    done = run([dpkg, "-W", "-f=${Version}", package], cwd=Path.cwd())
    return done.stdout.strip() or "unknown"


def test_gotestsum_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    assert generated.tool_summary == {"tests": 5, "skipped": 1, "failures": 1, "errors": 1}
    assert "broken/broken.go" in generated.output  # the compile error is the one error
    assert generated.expected == Counts(passed=3, failed=1, errors=1, skipped=1)


def test_counts_match_gotestsum(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected
    assert read_back.kinds == generated.expected_kinds == {"suite error": 1}


def test_the_package_that_did_not_build_is_a_counted_error(read_back: Run) -> None:
    errors = [case for case in read_back.cases if case.outcome is Outcome.ERROR]
    assert len(errors) == 1
    assert errors[0].name.endswith("gotestsum.xml")
    assert any("the other 1 is counted as an error" in n.message for n in read_back.notices)


def test_failing_and_skipped_go_tests(read_back: Run) -> None:
    assert outcome_of(read_back, "TestShoutWrong") is Outcome.FAILED
    assert outcome_of(read_back, "TestSkipped") is Outcome.SKIPPED
    assert outcome_of(read_back, "TestShout") is Outcome.PASSED
