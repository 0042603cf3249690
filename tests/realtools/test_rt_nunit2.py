"""NUnit 2.6's console (Debian's nunit-console, on Mono), its XML read by reportgen, against the
console's own "Tests run:" and "Not run:" lines of the same run."""

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

SAMPLE = HERE / "dotnet" / "Nunit2Sample.cs"
FRAMEWORK = Path("/usr/lib/cli/nunit.framework-2.6.3/nunit.framework.dll")
TOTALS = re.compile(r"^\s*(Tests run|Not run): (\d+), (.*)$", re.MULTILINE)


def console_summary(output: str) -> dict[str, int]:
    summary: dict[str, int] = {}
    for head, number, rest in TOTALS.findall(output):
        summary[head] = int(number)
        for key, value in re.findall(r"([A-Z][a-z]+): (\d+)\b(?!\.)", rest):
            summary[key] = int(value)
    assert "Tests run" in summary and "Not run" in summary, output
    return summary


def expected_counts(summary: dict[str, int]) -> Counts:
    """NUnit 2.6's console totals mapped to reportgen's.

    - 'Tests run' holds the passes, Errors, Failures and Inconclusive: an inconclusive test is
      skipped (finer outcome "inconclusive"), neither pass nor failure.
    - 'Not run' holds Ignored (skipped, "ignored"), Skipped, and Invalid: a NotRunnable test,
      which the console counts in its failing exit code: failed ("invalid").
    - An [Explicit] test is not in the XML, and counted nowhere.
    """
    run_ = summary["Tests run"]
    return Counts(
        passed=run_ - summary["Errors"] - summary["Failures"] - summary["Inconclusive"],
        failed=summary["Failures"] + summary["Invalid"],
        errors=summary["Errors"],
        skipped=summary["Inconclusive"] + summary["Ignored"] + summary["Skipped"],
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    mcs, console = shutil.which("mcs"), shutil.which("nunit-console")
    if mcs is None or console is None or not FRAMEWORK.is_file():
        pytest.skip("mcs or nunit-console (Debian: mono-mcs, nunit-console) is not installed")
    base = tmp_path_factory.mktemp("nunit2")
    dll = base / "Sample.dll"
    built = run([mcs, "-target:library", f"-out:{dll}", f"-r:{FRAMEWORK}", str(SAMPLE)], cwd=base)
    assert built.returncode == 0, built.stdout + built.stderr
    xml = base / "nunit2.xml"
    done = run([console, str(dll), f"-xml={xml}", "-nologo"], cwd=base)
    output = done.stdout + done.stderr
    summary = console_summary(output)
    summary["exit status"] = done.returncode
    result = ToolRun(
        tool="nunit2",
        version=f"nunit-console {_debian_version('nunit-console')}, mono "
        f"{_debian_version('mono-runtime')}",
        xml=xml,
        command=[
            "mcs -target:library -out:Sample.dll Nunit2Sample.cs",
            "nunit-console Sample.dll -xml=nunit2.xml -nologo",
        ],
        output=output,
        tool_summary=summary,
        expected=expected_counts(summary),
        notes=doc_lines(expected_counts),
        expected_kinds={
            "ignored": summary["Ignored"],
            "invalid": summary["Invalid"],
            "inconclusive": summary["Inconclusive"],
        },
    )
    save_more(result, xml.name)
    return result


def test_nunit_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    assert generated.tool_summary == {
        "Tests run": 5, "Errors": 1, "Failures": 1, "Inconclusive": 1,
        "Not run": 2, "Invalid": 1, "Ignored": 1, "Skipped": 0,
        "exit status": 3,  # errors + failures + invalid
    }  # fmt: skip


def test_counts_match_nunit(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected
    assert read_back.kinds == generated.expected_kinds
    assert not read_back.notices  # the root's not-run= and inconclusive= agree


@pytest.mark.parametrize(
    ("name", "outcome", "kind"),
    [
        ("Ignored", Outcome.SKIPPED, "ignored"),
        ("NeedsData", Outcome.FAILED, "invalid"),
        ("NotSure", Outcome.SKIPPED, "inconclusive"),
        ("Throws", Outcome.ERROR, None),
        ("WrongSum", Outcome.FAILED, None),
        ("Ünïcödé", Outcome.PASSED, None),
    ],
)
def test_nunit2_outcomes(read_back: Run, name: str, outcome: Outcome, kind: str | None) -> None:
    assert outcome_of(read_back, name) is outcome
    (case,) = [c for c in read_back.cases if c.name == name]
    assert case.kind == kind
