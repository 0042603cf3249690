"""Flaky tests: passed only after a rerun in this run, or flipping between pass and fail.

The window is the newest `last_n` archived runs followed by the current run. Per test the
outcomes are reduced to pass (passed, flaky) and fail (failed, error); skipped runs and runs
without the test are left out. `flips` counts changes between neighbours, `runs` the outcomes
kept, `flip_rate` is flips / (runs - 1) in percent. A test is reported when it passed after
a rerun now, or flipped at least `min_flips` times (one flip is a test that broke or was
fixed, not a flaky one). `last_failure` is the date of the newest run where it failed or
needed a rerun.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from reportgen.archive.outcomes import FAILING, PASSING, combine, outcomes_by_test
from reportgen.archive.store import HistoryStore
from reportgen.model import Outcome, Run
from reportgen.report import FlakyTest

RERUN = "passed after rerun"
FLIPPED = "outcome flipped"


@dataclass(frozen=True, slots=True)
class Point:
    """One test's outcome in one run of the window."""

    date: str | None
    outcome: Outcome


def count_flips(points: list[Point]) -> tuple[int, int]:
    """(flips, runs) over the pass/fail outcomes of `points`, oldest first."""
    states = [p.outcome in PASSING for p in points if p.outcome in PASSING | FAILING]
    flips = sum(1 for a, b in pairwise(states) if a != b)
    return flips, len(states)


def assess(test: str, points: list[Point], min_flips: int = 2) -> FlakyTest | None:
    """The FlakyTest for one test's window (current run last), or None if it is not flaky."""
    flips, runs = count_flips(points)
    rerun_now = bool(points) and points[-1].outcome is Outcome.FLAKY
    if not rerun_now and flips < min_flips:
        return None
    failed = [p.date for p in points if p.outcome in FAILING or p.outcome is Outcome.FLAKY]
    return FlakyTest(
        test=test,
        reason=RERUN if rerun_now else FLIPPED,
        flips=flips,
        runs=runs,
        flip_rate=100.0 * flips / (runs - 1) if runs > 1 else None,
        last_failure=next((d for d in reversed(failed) if d is not None), None),
    )


def windows(
    current: Run,
    history: HistoryStore | None,
    last_n: int,
    slug: str | None,
    current_date: str | None,
    reruns_only: bool = False,
) -> dict[str, list[Point]]:
    """test identity -> its points in the archived window, then in the current run.

    `reruns_only`: with no archived window, keep only the tests that needed a rerun now.
    """
    points: dict[str, list[Point]] = {}
    if history is not None and last_n > 0:
        runs, per_test = history.recent(last_n, slug)
        for test, entries in per_test.items():
            points[test] = [Point(runs[i].date, outcome) for i, outcome in entries]
    now = outcomes_by_test(current) if points or not reruns_only else _rerun_outcomes(current)
    for test, outcome in now.items():
        points.setdefault(test, []).append(Point(current_date, outcome))
    return points


def _rerun_outcomes(run: Run) -> dict[str, Outcome]:
    """The outcomes of the tests that needed a rerun (and of any other occurrence of them).

    Without history these are the only ones that can be flaky; a run without reruns costs
    one pass over its outcomes, not an identity per passing test.
    """
    names = {case.name for case in run.cases if case.outcome is Outcome.FLAKY}
    if not names:
        return {}
    # another occurrence of the same identity may fail, which wins over the rerun pass
    found: dict[str, Outcome] = {}
    for case in run.cases:
        if case.name in names:
            key = case.identity
            previous = found.get(key)
            found[key] = case.outcome if previous is None else combine(previous, case.outcome)
    return {test: outcome for test, outcome in found.items() if outcome is Outcome.FLAKY}


def flaky_tests(
    current: Run,
    history: HistoryStore | None,
    last_n: int = 10,
    *,
    slug: str | None = None,
    current_date: str | None = None,
    min_flips: int = 2,
) -> list[FlakyTest]:
    """Flaky tests of this run and its recent history, most flip-prone first, then by name.

    `current_date` (YYYY-MM-DD) dates the current run; by default the run's start date.
    `slug` limits the history to one worklog series.
    """
    if current_date is None and current.started is not None:
        current_date = current.started.date().isoformat()
    found = [
        result
        # one outcome alone never flips: without history only reruns can be flaky
        for test, points in windows(
            current, history, last_n, slug, current_date, reruns_only=min_flips > 0
        ).items()
        if (result := assess(test, points, min_flips)) is not None
    ]
    return sorted(found, key=lambda f: (-(f.flip_rate or 0.0), -f.flips, f.test))
