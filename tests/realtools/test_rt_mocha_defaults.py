"""mocha with mocha-junit-reporter's default options (no includePending), read by reportgen,
against mocha's own json reporter: the pending tests are not in the XML, only in the root's
declared skipped=."""

from __future__ import annotations

import pytest

from reportgen.model import Counts, Outcome, Run

from ._more import save_more
from ._support import (
    ToolRun,
    copy_js_project,
    doc_lines,
    node_version,
    outcome_of,
    package_version,
    require_node,
    require_node_package,
    run,
)
from .test_rt_mocha import MOCHA, SPEC, mocha_stats

pytestmark = pytest.mark.realtool

JUNIT_OPTIONS = ["--reporter", "mocha-junit-reporter"]


def expected_counts(stats: dict[str, int]) -> Counts:
    """mocha's stats mapped to reportgen's.

    Without includePending, mocha-junit-reporter writes no testcase for a pending test but
    counts it in the root's skipped=: reportgen counts the skips declared beyond the listed
    ones as skipped tests (finer outcome "not listed"), with a notice, so the totals are
    mocha's. Otherwise as with includePending (test_rt_mocha).
    """
    return Counts(passed=stats["passes"], failed=stats["failures"], skipped=stats["pending"])


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    require_node_package("mocha")
    require_node_package("mocha-junit-reporter")
    folder = copy_js_project("mocha", tmp_path_factory.mktemp("mocha-defaults") / "project")
    xml = folder.parent / "mocha-defaults.xml"
    options = [*JUNIT_OPTIONS, "--reporter-option", f"mochaFile={xml}"]
    done = run([require_node(), MOCHA, *options, SPEC], cwd=folder)
    stats = mocha_stats(folder)
    result = ToolRun(
        tool="mocha-defaults",
        version=(
            f"mocha {package_version('mocha')}, "
            f"mocha-junit-reporter {package_version('mocha-junit-reporter')}, node {node_version()}"
        ),
        xml=xml,
        command=["mocha", *JUNIT_OPTIONS, SPEC],
        output=done.stdout + done.stderr,
        tool_summary=stats,
        expected=expected_counts(stats),
        notes=doc_lines(expected_counts),
        expected_kinds={"not listed": stats["pending"]},
    )
    save_more(result, xml.name)
    return result


def test_mocha_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    stats = generated.tool_summary
    assert (stats["passes"], stats["failures"], stats["pending"]) == (4, 2, 2)
    assert "skipped for now" not in generated.xml.read_text(encoding="utf-8")


def test_counts_match_mocha(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected
    assert read_back.kinds == generated.expected_kinds
    assert any("declared but not listed" in n.message for n in read_back.notices)


def test_failures_stay_failures(read_back: Run) -> None:
    assert outcome_of(read_back, "arithmetic wrong sum") is Outcome.FAILED
