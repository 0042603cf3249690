"""What the worklog's figures mean, and the one way a set of counts is written.

Every section (headline, matrix, phases, suites, PR profile) writes counts with
`counts_text`, so "tests", "run", "passed" and "failed" are the same figures wherever they
appear, and `DEFINITIONS` says once, in the worklog, what each of them counts.
"""

from __future__ import annotations

from reportgen.model import Counts
from reportgen.text import plural

# (term, what it counts): printed once, in the worklog's "How figures are counted" note
DEFINITIONS: tuple[tuple[str, str], ...] = (
    (
        "Tests",
        "every test case the reports hold, skipped ones included; a test rerun after a "
        "failure counts once",
    ),
    ("Run", "tests that were not skipped"),
    (
        "Passed",
        "run tests that passed, flaky ones included (failed, then passed on a rerun), "
        "so Passed + Failed = Run",
    ),
    ("Failed", "failures and errors together"),
    (
        "Test time",
        "the sum of the tests' durations; tests run in parallel make it longer than the wall time",
    ),
    (
        "Wall time",
        "from the first suite's start to the last suite's end, by the suites' timestamps "
        "and time attributes",
    ),
)


def counts_parts(counts: Counts) -> tuple[str, str]:
    """(`41 tests`, `40 run, 35 passed (1 flaky), 5 failed (2 errors), 1 skipped`).

    Flaky tests are named inside the passed ones and errors inside the failed ones, as both
    are counted there; skipped tests only when there are any.
    """
    passed = f"{counts.succeeded} passed"
    if counts.flaky:
        passed += f" ({counts.flaky} flaky)"
    failed = f"{counts.unsuccessful} failed"
    if counts.errors:
        failed += f" ({plural(counts.errors, 'error')})"
    parts = [f"{counts.executed} run", passed, failed]
    if counts.skipped:
        parts.append(f"{counts.skipped} skipped")
    return plural(counts.total, "test"), ", ".join(parts)


def counts_text(counts: Counts) -> str:
    """`41 tests: 40 run, 35 passed (1 flaky), 5 failed (2 errors), 1 skipped`."""
    total, breakdown = counts_parts(counts)
    return f"{total}: {breakdown}"
