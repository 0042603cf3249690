"""RSpec with rspec_junit_formatter, read by reportgen, against RSpec's own summary line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from reportgen.model import Counts, Outcome, Run

from ._support import HERE, ToolRun, doc_lines, outcome_of, run, save_generated

pytestmark = pytest.mark.realtool

PROJECT = HERE / "rspec"
SUMMARY_LINE = re.compile(
    r"^(\d+) examples?, (\d+) failures?(?:, (\d+) pending)?"
    r"(?:, (\d+) errors? occurred outside of examples)?$",
    re.MULTILINE,
)
FORMATTER_GEM = "rspec_junit_formatter"


def rspec_summary(output: str) -> dict[str, int]:
    """RSpec's 'N examples, F failures, P pending[, E errors occurred outside of examples]'."""
    found = SUMMARY_LINE.search(output)
    assert found, f"no RSpec summary line in:\n{output}"
    examples, failures, pending, outside = (int(part or 0) for part in found.groups())
    return {"examples": examples, "failures": failures, "pending": pending, "outside": outside}


def expected_counts(summary: dict[str, int]) -> Counts:
    """RSpec's summary line mapped to reportgen's counts (one <testcase> per example).

    - RSpec has no error kind: an exception in an example or its hooks is a failure, and
      rspec_junit_formatter writes <failure> for every failed example.
    - 'pending' holds skip/xit/body-less examples and `pending` examples that still fail;
      the formatter writes all of them as <skipped/>. A `pending` example that passes is a
      failure (PendingExampleFixedError) in the summary and in the XML.
    - A before(:context) error fails each example of its group, in both.
    - An after(:context) error is 'an error occurred outside of examples': no example
      failed, and the formatter writes nothing for it (its example stays a pass), so no
      <testcase> can carry it and it is not counted.
    """
    failed, skipped = summary["failures"], summary["pending"]
    return Counts(passed=summary["examples"] - failed - skipped, failed=failed, skipped=skipped)


def tool_versions(rspec: str, folder: Path) -> str:
    core = re.search(r"rspec-core (\S+)", run([rspec, "--version"], cwd=folder).stdout)
    gem = shutil.which("gem")
    listed = run([gem, "list", "--exact", FORMATTER_GEM], cwd=folder).stdout if gem else ""
    formatter = re.search(rf"^{FORMATTER_GEM} \(([^)]+)\)", listed, re.MULTILINE)
    ruby = run(["ruby", "-e", "print RUBY_VERSION"], cwd=folder).stdout
    return (
        f"rspec-core {core.group(1) if core else '?'}, "
        f"{FORMATTER_GEM} {formatter.group(1) if formatter else '?'}, ruby {ruby}"
    )


def require_formatter(folder: Path) -> None:
    probe = run(["ruby", "-e", f"require '{FORMATTER_GEM}'"], cwd=folder)
    if probe.returncode != 0:
        pytest.skip(f"{FORMATTER_GEM} is not installed (ruby-rspec-junit-formatter)")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    rspec = shutil.which("rspec")
    if rspec is None or shutil.which("ruby") is None:
        pytest.skip("rspec is not installed (ruby-rspec)")
    folder: Path = tmp_path_factory.mktemp("rspec") / "project"
    shutil.copytree(PROJECT, folder / "spec")
    require_formatter(folder)
    xml = folder.parent / "rspec.xml"
    # Defined order keeps the saved XML stable; SPEC_OPTS must not bring a user's options in.
    options = ["--order", "defined", "--format", "RspecJunitFormatter", "--out", str(xml)]
    options += ["--format", "progress", "spec"]
    done = run([rspec, *options], cwd=folder, env={"SPEC_OPTS": ""})
    output = done.stdout + done.stderr
    summary = rspec_summary(output)
    result = ToolRun(
        tool="rspec",
        version=tool_versions(rspec, folder),
        xml=xml,
        command=["rspec", *(xml.name if o == str(xml) else o for o in options)],
        output=output,
        tool_summary=summary,
        expected=expected_counts(summary),
        notes=doc_lines(expected_counts),
    )
    save_generated(result)
    return result


def test_rspec_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    assert generated.tool_summary == {"examples": 13, "failures": 6, "pending": 4, "outside": 1}
    assert (
        "13 examples, 6 failures, 4 pending, 1 error occurred outside of examples"
        in generated.output
    )
    assert generated.expected == Counts(passed=3, failed=6, skipped=4)


def test_counts_match_rspec(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected
    assert not read_back.notices


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("Arithmetic adds", Outcome.PASSED),
        ("Arithmetic wrong sum", Outcome.FAILED),
        ("Arithmetic raises", Outcome.FAILED),  # RSpec has no error kind
        ("Arithmetic pending and still failing", Outcome.SKIPPED),
        ("Arithmetic pending but passing", Outcome.FAILED),
        ("Arithmetic skipped inside", Outcome.SKIPPED),
        ("Arithmetic disabled with xit", Outcome.SKIPPED),
        ("Arithmetic without a body", Outcome.SKIPPED),
        ("Arithmetic with a context nests", Outcome.PASSED),
        ("Arithmetic a group whose before hook fails victim", Outcome.FAILED),
        ("A group whose before(:context) hook fails first victim", Outcome.FAILED),
        ("A group whose before(:context) hook fails second victim", Outcome.FAILED),
        ("A group whose after(:context) hook fails passes before the cleanup", Outcome.PASSED),
    ],
)
def test_rspec_corner_cases(read_back: Run, name: str, outcome: Outcome) -> None:
    assert outcome_of(read_back, name) is outcome


def test_a_fixed_pending_example_says_why_it_failed(read_back: Run) -> None:
    (case,) = [c for c in read_back.cases if c.name == "Arithmetic pending but passing"]
    assert case.detail is not None and case.detail.problem is not None
    assert case.detail.problem.type == "RSpec::Core::Pending::PendingExampleFixedError"
