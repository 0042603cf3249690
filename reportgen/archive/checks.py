"""The numbers a stored run must hold before anything counts with them.

The schema of a saved run or a sidecar only says a count is an integer; a hand-edited or
hostile file can still say -5 tests, 10**30 tests (past SQLite's 64-bit INTEGER) or a NaN
duration. `run_numbers`, `case_problem` and `number_problem` are the bounds both obey: saved
runs (`reportgen.ingest.saved`) are refused with them, and `check_sidecar_numbers` refuses such
a sidecar naming the field, so that it is left out of history and baselines with a warning
instead of being counted. Whether a sidecar's totals agree with its cases is left to the readers
of saved runs, since history counts what the sidecar says.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from pydantic import BaseModel

from reportgen.errors import InputError
from reportgen.model import Counts, DeclaredCounts, Run, TestCase
from reportgen.report import Report

# Far above any real run (the largest CI runs hold a few million tests), far below where sums,
# percentages and SQLite INTEGER stop being exact.
MAX_COUNT = 1_000_000_000
MAX_SECONDS = 10.0 * 365 * 24 * 3600  # ten years
SIDECAR_HINT = "the sidecar was edited or damaged; it is left out of history and baselines"

Number = float | int | None


def check_sidecar_numbers(run: Run, report: Report, source: str) -> None:
    """InputError naming the first count, duration or percentage out of bounds."""
    for name, value in run_numbers(run, "run."):
        _check(source, name, value)
    for i, case in enumerate(run.cases):
        problem = case_problem(case, f"run.cases[{i}]")
        if problem is not None:
            _refuse(source, problem)
    for name, counts in _counts_within(report, "report"):
        for field, value in counts.model_dump().items():
            _check(source, f"{name}.{field}", value)
    for name, percent in (
        ("report.pass_rate", report.pass_rate),
        ("report.health.value", report.health.value),
        ("report.health.excluding", report.health.excluding),
    ):
        if percent is not None and not (math.isfinite(percent) and 0 <= percent <= 100):
            _refuse(source, f"{name}: {percent:g} is not a percentage")


def run_numbers(run: Run, prefix: str = "") -> Iterator[tuple[str, Number]]:
    """Every count and duration of `run` but its cases', each named by its field."""
    yield from _counts(f"{prefix}counts", run.counts)
    for i, item in enumerate(run.inputs):
        yield from _counts(f"{prefix}inputs[{i}].counts", item.counts)
        yield from _declared(f"{prefix}inputs[{i}].declared", item.declared)
        yield f"{prefix}inputs[{i}].duration", item.duration
        yield f"{prefix}inputs[{i}].suites", item.suites
        yield f"{prefix}inputs[{i}].size", item.size
    for i, suite in enumerate(run.suites):
        yield from _counts(f"{prefix}suites[{i}].counts", suite.counts)
        yield from _declared(f"{prefix}suites[{i}].declared", suite.declared)
        yield f"{prefix}suites[{i}].duration", suite.duration
        yield f"{prefix}suites[{i}].declared_time", suite.declared_time


def case_problem(case: TestCase, name: str) -> str | None:
    """What is wrong with the numbers of the case named `name` (`cases[3]`), or None."""
    # one call per case, not a generator: saved runs check millions of cases
    return number_problem(f"{name}.duration", case.duration) or number_problem(
        f"{name}.attempts", case.attempts
    )


def number_problem(name: str, value: Number) -> str | None:
    """What is wrong with `value` as a count (int) or a number of seconds (float), or None."""
    if value is None:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return f"{name}: {value} is not a number of seconds"
    if value < 0:
        return f"{name}: {value:g} is negative"
    bound = MAX_SECONDS if isinstance(value, float) else MAX_COUNT
    if value > bound:
        return f"{name}: {value:g} is more than {bound:,.0f}"
    return None


def _counts_within(model: BaseModel, name: str) -> Iterator[tuple[str, Counts]]:
    """Every `Counts` in a report, wherever it nests (categories, diff, ...)."""
    if isinstance(model, Counts):
        yield name, model
        return
    for field in type(model).model_fields:
        value = getattr(model, field)
        yield from _values_within(value, f"{name}.{field}")


def _values_within(value: object, name: str) -> Iterator[tuple[str, Counts]]:
    if isinstance(value, BaseModel):
        yield from _counts_within(value, name)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _values_within(item, f"{name}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _values_within(item, f"{name}.{key}")


def _counts(field: str, counts: Counts) -> Iterator[tuple[str, int]]:
    for name, value in counts.model_dump().items():
        yield f"{field}.{name}", value


def _declared(field: str, declared: DeclaredCounts | None) -> Iterator[tuple[str, int | None]]:
    if declared is not None:
        for name, value in declared.model_dump().items():
            yield f"{field}.{name}", value


def _check(source: str, name: str, value: Number) -> None:
    problem = number_problem(name, value)
    if problem is not None:
        _refuse(source, problem)


def _refuse(source: str, message: str) -> None:
    raise InputError(source, f"refused: {message}", SIDECAR_HINT)
