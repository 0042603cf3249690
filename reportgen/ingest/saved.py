"""A saved run (`summary --json`, `merge`, an archive sidecar) checked as untrusted input.

The schema only says a count is an integer; a hand-edited or hostile file can still say -20
tests, 1e30 tests, or totals its own cases contradict. Such a run is refused naming the field.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator

from pydantic import ValidationError

from reportgen.errors import InputError
from reportgen.model import Counts, DeclaredCounts, Outcome, Run

# Far above any real run (the largest CI runs hold a few million tests), far below where sums
# and percentages stop being exact.
MAX_COUNT = 1_000_000_000
MAX_SECONDS = 10.0 * 365 * 24 * 3600  # ten years
_HINT = "the saved run was edited or damaged; write it again with 'reportgen summary --json'"


def check_saved_run(run: Run, path: str) -> Run:
    """`run` when every count is non-negative, bounded and consistent; else InputError."""
    for field, value in _numbers(run):
        if value is None:
            continue
        if isinstance(value, float) and not math.isfinite(value):
            _refuse(path, f"{field}: {value} is not a number of seconds")
        if value < 0:
            _refuse(path, f"{field}: {value:g} is negative")
        bound = MAX_SECONDS if isinstance(value, float) else MAX_COUNT
        if value > bound:
            _refuse(path, f"{field}: {value:g} is more than {bound:,.0f}")
    summed = sum((i.counts for i in run.inputs), Counts())
    if run.inputs and summed != run.counts:
        _refuse(path, f"counts: {_show(run.counts)} but its inputs add up to {_show(summed)}")
    held = Counter(case.outcome for case in run.cases)
    for outcome in Outcome:
        said = run.counts.get(outcome)
        if run.cases_complete and held[outcome] != said:
            _refuse(
                path,
                f"counts.{_field(outcome)}: {said} but the run holds {held[outcome]} such cases "
                "and says it holds them all (cases_complete)",
            )
        if held[outcome] > said:
            _refuse(path, f"counts.{_field(outcome)}: {said} but the run holds {held[outcome]}")
    return run


def _numbers(run: Run) -> Iterator[tuple[str, float | int | None]]:
    yield from _counts("counts", run.counts)
    for i, item in enumerate(run.inputs):
        yield from _counts(f"inputs[{i}].counts", item.counts)
        yield from _declared(f"inputs[{i}].declared", item.declared)
        yield f"inputs[{i}].duration", item.duration
        yield f"inputs[{i}].suites", item.suites
        yield f"inputs[{i}].size", item.size
    for i, suite in enumerate(run.suites):
        yield from _counts(f"suites[{i}].counts", suite.counts)
        yield from _declared(f"suites[{i}].declared", suite.declared)
        yield f"suites[{i}].duration", suite.duration
        yield f"suites[{i}].declared_time", suite.declared_time
    for i, case in enumerate(run.cases):
        yield f"cases[{i}].duration", case.duration
        yield f"cases[{i}].attempts", case.attempts


def _counts(field: str, counts: Counts) -> Iterator[tuple[str, int]]:
    for name, value in counts.model_dump().items():
        yield f"{field}.{name}", value


def _declared(field: str, declared: DeclaredCounts | None) -> Iterator[tuple[str, int | None]]:
    if declared is not None:
        for name, value in declared.model_dump().items():
            yield f"{field}.{name}", value


def _field(outcome: Outcome) -> str:
    return {Outcome.ERROR: "errors", Outcome.FAILED: "failed"}.get(outcome, outcome.value)


def _show(counts: Counts) -> str:
    return ", ".join(f"{k}={v}" for k, v in counts.model_dump().items() if v)


def _refuse(path: str, message: str) -> None:
    raise InputError(path, f"refused: {message}", _HINT)


def validation_problem(error: ValueError) -> str:
    """The first schema error of a saved run, naming its field as `check_saved_run` does."""
    if not isinstance(error, ValidationError):
        return str(error).splitlines()[0]
    first = error.errors()[0]
    field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first["loc"]).lstrip(".")
    more = error.error_count() - 1
    also = f" (and {more} more)" if more else ""
    return f"{field or 'run'}: {first['msg']} (got {str(first.get('input'))[:40]!r}){also}"
