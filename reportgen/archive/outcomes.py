"""One outcome per test identity and run, the unit every history comparison works on."""

from __future__ import annotations

from reportgen.model import Outcome, Run

# A test identity can occur more than once in a run (pytest writes a second <testcase>
# when a passed call is followed by a teardown error): the most severe occurrence wins.
_SEVERITY = {
    Outcome.FAILED: 4,
    Outcome.ERROR: 3,
    Outcome.FLAKY: 2,
    Outcome.PASSED: 1,
    Outcome.SKIPPED: 0,
}

FAILING = frozenset({Outcome.FAILED, Outcome.ERROR})
PASSING = frozenset({Outcome.PASSED, Outcome.FLAKY})


def combine(first: Outcome, second: Outcome) -> Outcome:
    return first if _SEVERITY[first] >= _SEVERITY[second] else second


def outcomes_by_test(run: Run) -> dict[str, Outcome]:
    """identity -> outcome of that test in `run` (duplicates combined by severity)."""
    found: dict[str, Outcome] = {}
    for case in run.cases:
        key = case.identity
        previous = found.get(key)
        found[key] = case.outcome if previous is None else combine(previous, case.outcome)
    return found


def durations_by_test(run: Run) -> dict[str, float]:
    """identity -> summed duration of its occurrences in `run`."""
    total: dict[str, float] = {}
    for case in run.cases:
        total[case.identity] = total.get(case.identity, 0.0) + case.duration
    return total
