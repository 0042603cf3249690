"""Declared counts (`tests`, `failures`, ... on suites and the root): read, summed, and checked
against what the testcases give (dialects rule 8)."""

from __future__ import annotations

from typing import Any

from reportgen.ingest.records import to_int
from reportgen.ingest.state import ReaderState, SuiteAcc
from reportgen.model import Counts, DeclaredCounts

_MAX_SUITE_NOTICES = 20


def check_declared(reader: ReaderState, counts: Counts) -> None:
    """A notice for each suite (and the root) whose declared counts its testcases do not give."""
    totals = _subtree_totals(reader.accs.values())
    disagreements = 0
    for path, acc in reader.accs.items():
        if acc.declared is None:
            continue
        found = _disagreement(acc.declared, totals[path])
        if found:
            disagreements += 1
            if disagreements <= _MAX_SUITE_NOTICES:
                name = path[-1] if path else "(top level)"
                reader.notice(acc.line, f"suite '{name}' {found}")
    if disagreements > _MAX_SUITE_NOTICES:
        reader.notice(
            None,
            f"{disagreements - _MAX_SUITE_NOTICES} more suites declare counts "
            "their testcases do not match",
        )
    if reader.prolog.root == "testsuites" and reader.root_declared is not None:
        whole = _Totals()
        for acc in reader.accs.values():
            whole.add(acc)
        found = _disagreement(reader.root_declared, whole)
        if found:
            reader.notice(1, f"<testsuites> {found}")


def declared_counts(attrs: dict[str, str]) -> DeclaredCounts | None:
    skipped = attrs.get("skipped", attrs.get("skips", attrs.get("skip")))
    tests = to_int(attrs.get("tests"))
    failures = to_int(attrs.get("failures"))
    errors = to_int(attrs.get("errors"))
    skips = to_int(skipped)
    if tests is None and failures is None and errors is None and skips is None:
        return None
    return DeclaredCounts.model_construct(
        tests=tests, failures=failures, errors=errors, skipped=skips
    )


def add_declared(first: DeclaredCounts | None, second: DeclaredCounts) -> DeclaredCounts:
    if first is None:
        return second

    def plus(a: int | None, b: int | None) -> int | None:
        return None if a is None and b is None else (a or 0) + (b or 0)

    return DeclaredCounts.model_construct(
        tests=plus(first.tests, second.tests),
        failures=plus(first.failures, second.failures),
        errors=plus(first.errors, second.errors),
        skipped=plus(first.skipped, second.skipped),
    )


class _Totals:
    """What a suite's subtree holds, as tests and as runs, for checking declared counts."""

    __slots__ = (
        "error_runs",
        "errors",
        "failed",
        "failed_runs",
        "runs",
        "skipped",
        "tests",
    )

    def __init__(self) -> None:
        self.tests = self.runs = self.failed = self.failed_runs = 0
        self.errors = self.error_runs = self.skipped = 0

    def add(self, acc: SuiteAcc) -> None:
        counts = acc.counts()
        self.tests += counts.total
        self.runs += counts.total + acc.runs_extra
        self.failed += counts.failed
        self.failed_runs += acc.failed_runs
        self.errors += counts.errors
        self.error_runs += acc.error_runs
        self.skipped += counts.skipped


def _subtree_totals(accs: Any) -> dict[tuple[str, ...], _Totals]:
    totals: dict[tuple[str, ...], _Totals] = {}
    for acc in accs:
        for depth in range(len(acc.path) + 1):
            totals.setdefault(acc.path[:depth], _Totals()).add(acc)
    return totals


def subtree_durations(accs: Any) -> dict[tuple[str, ...], float]:
    sums: dict[tuple[str, ...], float] = {}
    for acc in accs:
        for depth in range(len(acc.path) + 1):
            sums[acc.path[:depth]] = sums.get(acc.path[:depth], 0.0) + acc.duration
    return sums


def _disagreement(declared: DeclaredCounts, found: _Totals) -> str | None:
    """Describe where declared counts match neither the tests nor the runs; None if they agree."""
    checks = (
        (
            "tests",
            declared.tests,
            (found.tests, found.runs),
            found.tests,
        ),
        ("failures", declared.failures, (found.failed, found.failed_runs), found.failed),
        ("errors", declared.errors, (found.errors, found.error_runs), found.errors),
        ("skipped", declared.skipped, (found.skipped,), found.skipped),
    )
    wrong = [
        (name, said, actual)
        for name, said, accepted, actual in checks
        if said is not None and said not in accepted
    ]
    if not wrong:
        return None
    said = ", ".join(f"{name}={value}" for name, value, _ in wrong)
    actual = ", ".join(f"{name}={value}" for name, _, value in wrong)
    return f"declares {said} but its testcases give {actual}"
