from __future__ import annotations

from analyze_builders import case, config, fail, make_run

from reportgen.analyze import analyze
from reportgen.model import Counts, InputProblem, InputStatus


def test_one_phase_per_input_in_input_order() -> None:
    run = make_run(
        [
            case("a", suite=("Outer", "Inner"), duration=1.0),
            fail("b", suite=("Outer", "Inner"), duration=2.0),
            case("c", suite=("Other",), input=1, duration=0.5),
        ],
        inputs=["out/unit.xml", "out/api.xml"],
        rejected=["out/broken.xml"],
    )
    phases = analyze(run, config()).phases
    assert [(p.name, p.inputs, p.status) for p in phases] == [
        ("unit.xml", ["out/unit.xml"], InputStatus.OK),
        ("api.xml", ["out/api.xml"], InputStatus.OK),
        ("broken.xml", ["out/broken.xml"], InputStatus.REJECTED),
    ]
    unit = phases[0]
    assert unit.counts == Counts(passed=1, failed=1)
    assert unit.duration == 3.0
    assert [(s.name, s.counts.total, s.duration, s.pass_rate) for s in unit.suites] == [
        ("Outer / Inner", 2, 3.0, 50.0)
    ]
    assert phases[2].problems == [
        "out/broken.xml: rejected: not XML (line 1); give a JUnit XML file"
    ]
    assert phases[2].suites == []


def test_configured_phases_take_the_first_matching_inputs() -> None:
    run = make_run(
        [case("a"), case("b", input=1), case("c", input=2), case("d", input=3)],
        inputs=["r/test_1_x.xml", "r/runner.xml", "r/test_2_y.xml", "r/misc.xml"],
    )
    cfg = config(
        phases=[
            {"name": "Runner", "input": "*runner.xml", "command": "python run.py"},
            {"name": "Direct", "input": "*test_*.xml", "command": "pytest"},
            {"name": "Never", "input": "*.nothing"},
        ]
    )
    phases = analyze(run, cfg).phases
    assert [(p.name, p.inputs, p.command) for p in phases] == [
        ("Direct", ["r/test_1_x.xml", "r/test_2_y.xml"], "pytest"),
        ("Runner", ["r/runner.xml"], "python run.py"),
        ("misc.xml", ["r/misc.xml"], None),
    ]
    assert phases[0].counts == Counts(passed=2)


def test_partial_input_makes_a_partial_phase() -> None:
    run = make_run([case("a"), case("b", input=1)], inputs=["a.xml", "b.xml"])
    run.inputs[1].status = InputStatus.PARTIAL
    run.inputs[1].problem = InputProblem(message="truncated", line=40, hint="re-run the tests")
    cfg = config(phases=[{"name": "All", "input": "*.xml"}])
    (phase,) = analyze(run, cfg).phases
    assert phase.status is InputStatus.PARTIAL
    assert phase.problems == ["b.xml: partial: truncated (line 40); re-run the tests"]


def test_a_phase_counts_test_time_as_its_suite_lines_do() -> None:
    # the file says it took 160s (its time attribute: wall time); its tests took 214s in all,
    # run in parallel: the phase gives the same figure as its suite lines and the run's total
    run = make_run(
        [case("a", duration=120.0), fail("b", duration=94.0)],
        declared_times={(0, ("Suite",)): 160.0},
    )
    run.inputs[0].duration = 160.0
    report = analyze(run, config())
    (phase,) = report.phases
    assert phase.duration == sum(s.duration for s in phase.suites) == 214.0
    assert phase.duration == report.timing.total_time
