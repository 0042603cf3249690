"""pytest's own --junitxml (both families), read by reportgen, against pytest's own summary."""

from __future__ import annotations

import pytest

from reportgen.model import Counts, Outcome, Run

from ._support import ToolRun, cases_named, outcome_of, save_generated
from .pytest_sample import (
    SAMPLE,
    expected_counts,
    expected_outcomes,
    load_stats,
    run_pytest,
    summary_line_counts,
    versions,
    write_project,
)

pytestmark = pytest.mark.realtool

# junit_logging=all puts captured output into the XML; the default ("no") leaves it out.
VARIANTS = {
    "pytest-xunit1": ["-o", "junit_family=xunit1"],
    "pytest-xunit2": ["-o", "junit_family=xunit2", "-o", "junit_logging=all"],
}


@pytest.fixture(scope="module", params=sorted(VARIANTS))
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> ToolRun:
    name: str = request.param
    folder = write_project(tmp_path_factory.mktemp(name), SAMPLE)
    xml = folder / f"{name}.xml"
    output = run_pytest(folder, xml, VARIANTS[name])
    recorded = load_stats(folder)
    result = ToolRun(
        tool=name,
        version=versions(),
        xml=xml,
        command=["pytest", "--junitxml", xml.name, *VARIANTS[name]],
        output=output,
        tool_summary={
            "summary_line": summary_line_counts(output),
            "collected": len(recorded["collected"]),
        },
        expected=expected_counts(recorded["stats"], recorded["collected"]),
        notes=[
            "pytest counts phases: its summary line says '5 failed, 4 passed, 3 errors' for 14",
            "tests, two of which also error in teardown; expected counts one outcome per test",
            "(see pytest_sample.expected_outcomes). An xfailed test is <skipped",
            'type="pytest.xfail">: skipped, finer outcome "xfail"; a non-strict xpass is written',
            "as a plain pass, so nothing tells it apart.",
        ],
        expected_kinds={"xfail": len(recorded["stats"]["xfailed"])},
    )
    save_generated(result)
    return result


def test_pytest_said_what_the_sample_was_written_for(generated: ToolRun) -> None:
    # Checked by hand against the sample: if pytest changes how it counts, this says so first.
    assert generated.tool_summary == {
        "summary_line": {
            "failed": 5, "passed": 4, "skipped": 2, "xfailed": 1, "xpassed": 1, "errors": 3,
        },
        "collected": 14,
    }  # fmt: skip
    assert generated.expected == Counts(passed=4, failed=5, errors=2, skipped=3)
    assert generated.expected_kinds == {"xfail": 1}


def test_summary_line_agrees_with_pytest_stats(generated: ToolRun) -> None:
    stats = load_stats(generated.xml.parent)["stats"]
    line = generated.tool_summary["summary_line"]
    assert line["errors"] == len(stats["error"])
    for key in ("failed", "passed", "skipped", "xfailed", "xpassed"):
        assert line[key] == len(stats[key]), key


def test_counts_match_pytest(generated: ToolRun, read_back: Run) -> None:
    assert read_back.counts == generated.expected
    assert read_back.kinds == generated.expected_kinds
    assert read_back.counts.total == generated.tool_summary["collected"]


def test_each_test_has_pytests_outcome(generated: ToolRun, read_back: Run) -> None:
    recorded = load_stats(generated.xml.parent)
    wanted = expected_outcomes(recorded["stats"], recorded["collected"])
    by_name = {nodeid.split("::")[-1]: outcome for nodeid, outcome in wanted.items()}
    got = {case.name: case.outcome for case in read_back.cases}
    assert got == by_name


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("test_fail_and_teardown_error", Outcome.FAILED),  # two <testcase>: failure, then error
        ("test_pass_and_teardown_error", Outcome.ERROR),  # one <testcase> with <error>
        ("test_setup_error", Outcome.ERROR),
        ("test_xfail", Outcome.SKIPPED),
        ("test_xpass", Outcome.PASSED),
        ("test_xpass_strict", Outcome.FAILED),
        ("test_param[2]", Outcome.FAILED),
    ],
)
def test_pytest_corner_cases(read_back: Run, name: str, outcome: Outcome) -> None:
    assert outcome_of(read_back, name) is outcome


def test_teardown_error_does_not_make_a_second_test(read_back: Run) -> None:
    # pytest opens a second <testcase> only to keep one result element per testcase; its
    # junitxml counts the pair once (cnt_double_fail_tests is subtracted from `tests`).
    both = cases_named(read_back, "test_fail_and_teardown_error")
    assert len(both) == 1
    assert both[0].attempts == 1  # it ran once: the second <testcase> is its teardown, not a rerun


def test_output_of_a_failing_test_is_kept(generated: ToolRun, read_back: Run) -> None:
    if generated.tool == "pytest-xunit1":
        pytest.skip("junit_logging is 'no' in this variant: pytest writes no output")
    (case,) = cases_named(read_back, "test_output_then_fail")
    assert case.detail is not None
    assert "hello on stdout" in (case.detail.system_out or "")
    assert "hello on stderr" in (case.detail.system_err or "")
    assert "hello in the log" in (case.detail.system_out or "")
