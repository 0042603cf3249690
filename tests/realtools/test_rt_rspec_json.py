"""RSpec's own JSON formatter, read by reportgen, against RSpec's summary line.

The sample (rspec/) has one example of each kind RSpec reports plus hook failures, among them
an after(:context) error, which RSpec counts outside of examples.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from reportgen.ingest.peers import read_path
from reportgen.ingest.summary import FileResult
from reportgen.model import Counts, Outcome

from ._support import HERE, ToolRun, doc_lines, run
from .test_rt_peers_saved import save

pytestmark = pytest.mark.realtool

SUMMARY_LINE = re.compile(
    r"^(\d+) examples?, (\d+) failures?(?:, (\d+) pending)?"
    r"(?:, (\d+) errors? occurred outside of examples)?$",
    re.MULTILINE,
)


def rspec_summary(output: str) -> dict[str, int]:
    found = SUMMARY_LINE.search(output)
    assert found, f"no RSpec summary line in:\n{output}"
    examples, failures, pending, outside = (int(part or 0) for part in found.groups())
    return {"examples": examples, "failures": failures, "pending": pending, "outside": outside}


def expected_counts(summary: dict[str, int]) -> Counts:
    """RSpec's summary line mapped to reportgen's.

    - Each example is one test; RSpec's failures are failures (a `pending` example that
      passes among them), its pending (skip, xit, no body, `pending` still failing) skipped.
    - Each error outside of examples (here an after(:context) hook) fails RSpec's run and is
      one more test here, an error (finer outcome "suite error"), so the run cannot read
      green; the JSON, unlike the JUnit formatter's XML, says it happened.
    """
    failed, skipped, outside = summary["failures"], summary["pending"], summary["outside"]
    passed = summary["examples"] - failed - skipped
    return Counts(passed=passed, failed=failed, skipped=skipped, errors=outside)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    rspec = shutil.which("rspec")
    if rspec is None or shutil.which("ruby") is None:
        pytest.skip("rspec is not installed (ruby-rspec)")
    folder: Path = tmp_path_factory.mktemp("rspec-json") / "project"
    shutil.copytree(HERE / "rspec", folder / "spec")
    report = folder.parent / "rspec.json"
    options = ["--order", "defined", "--format", "json", "--out", str(report)]
    options += ["--format", "progress", "spec"]
    done = run([rspec, *options], cwd=folder, env={"SPEC_OPTS": ""})
    output = done.stdout + done.stderr
    summary = rspec_summary(output)
    version = re.search(r"rspec-core (\S+)", run([rspec, "--version"], cwd=folder).stdout)
    ruby = run(["ruby", "-e", "print RUBY_VERSION"], cwd=folder).stdout
    result = ToolRun(
        tool="rspec-json",
        version=f"rspec-core {version.group(1) if version else '?'}, ruby {ruby}",
        xml=report,
        command=["rspec", *(report.name if o == str(report) else o for o in options)],
        output=output,
        tool_summary=summary,
        expected=expected_counts(summary),
        notes=doc_lines(expected_counts),
        expected_kinds={"suite error": summary["outside"]} if summary["outside"] else {},
    )
    save(result, "rspec.json")
    return result


@pytest.fixture(scope="module")
def read_back(generated: ToolRun) -> FileResult:
    return read_path(str(generated.xml))


def test_rspec_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    assert generated.tool_summary == {"examples": 13, "failures": 6, "pending": 4, "outside": 1}
    assert generated.expected == Counts(passed=3, failed=6, skipped=4, errors=1)


def test_counts_match_rspec(generated: ToolRun, read_back: FileResult) -> None:
    assert read_back.input.counts == generated.expected
    assert read_back.input.kinds == generated.expected_kinds


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("raises", Outcome.FAILED),  # RSpec has no error kind
        ("pending and still failing", Outcome.SKIPPED),
        ("pending but passing", Outcome.FAILED),
        ("disabled with xit", Outcome.SKIPPED),
        ("passes before the cleanup", Outcome.PASSED),
    ],
)
def test_rspec_corner_cases(read_back: FileResult, name: str, outcome: Outcome) -> None:
    (case,) = [c for c in read_back.cases if c.name == name]
    assert case.outcome is outcome


def test_the_error_outside_of_examples_names_the_hook(read_back: FileResult) -> None:
    (error,) = [c for c in read_back.cases if c.outcome is Outcome.ERROR]
    assert "after(:context)" in error.name
    assert error.detail is not None and error.detail.problem is not None
    assert "cleanup boom" in (error.detail.problem.details or "")
