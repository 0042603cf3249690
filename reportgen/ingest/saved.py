"""A saved run (`summary --json`, `merge`, an archive sidecar), read and checked as untrusted input.

The schema only says a count is an integer; a hand-edited or hostile file can still say -20
tests, 1e30 tests, or totals its own cases contradict. Such a run is refused naming the field.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from reportgen.archive.sidecar import parse_sidecar
from reportgen.errors import InputError
from reportgen.model import SCHEMA_VERSION, Counts, DeclaredCounts, Outcome, Run

# Far above any real run (the largest CI runs hold a few million tests), far below where sums
# and percentages stop being exact.
MAX_COUNT = 1_000_000_000
MAX_SECONDS = 10.0 * 365 * 24 * 3600  # ten years
_HINT = "the saved run was edited or damaged; write it again with 'reportgen summary --json'"


def load_run(path: Path) -> Run:
    """A run saved as JSON by `summary --json` or `merge`, or the run inside an archive sidecar."""
    hint = "give a file written by 'reportgen summary --json', 'reportgen merge' or an archive"
    try:
        raw = path.read_bytes()
        data = json.loads(raw)
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}", "check the path") from exc
    except ValueError as exc:
        raise InputError(str(path), f"not JSON: {exc}", hint, getattr(exc, "lineno", None)) from exc
    if isinstance(data, dict) and "run" in data and "report" in data:
        sidecar = parse_sidecar(raw, str(path))  # checks and upgrades its version
        return check_saved_run(sidecar.run, str(path))
    if not isinstance(data, dict) or not {"inputs", "counts"} <= data.keys():
        raise InputError(str(path), "not a reportgen run", hint)
    version = data.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise InputError(
            str(path),
            f"run schema version {version!r} is newer than this reportgen reads "
            f"(up to {SCHEMA_VERSION})",
            "upgrade reportgen to read it",
        )
    try:
        run = Run.model_validate(data)
    except ValueError as exc:
        raise InputError(
            str(path), f"not a reportgen run: {validation_problem(exc)}", hint
        ) from exc
    return check_saved_run(run, str(path))


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
