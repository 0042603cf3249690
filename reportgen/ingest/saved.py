"""A saved run (`summary --json`, `merge`, an archive sidecar), read and checked as untrusted input.

A saved run is read as a stream: one pass gathers every top-level field but the cases, a second
pass (`SavedRun.cases`) yields the cases one at a time, each validated and checked as it comes.
A million cases therefore never sit in memory as parsed JSON, and `merge` can write its output
while it reads. A sidecar, which may need upgrading first, is read whole.

The schema only says a count is an integer; a hand-edited or hostile file can still say -20
tests, 1e30 tests, or totals its own cases contradict. Such a run is refused naming the field;
the bounds are those of `reportgen.archive.checks`, which sidecars obey too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import ijson
from pydantic import TypeAdapter, ValidationError

from reportgen.archive.checks import case_problem, number_problem, run_numbers
from reportgen.archive.sidecar import parse_sidecar
from reportgen.errors import InputError
from reportgen.jsonload import DuplicateKey, UniqueKeys, load_json
from reportgen.model import SCHEMA_VERSION, Counts, Outcome, Run, TestCase

_HINT = "the saved run was edited or damaged; write it again with 'reportgen summary --json'"
_GIVE = "give a file written by 'reportgen summary --json', 'reportgen merge' or an archive"
_CASES = TypeAdapter(list[TestCase])
_BATCH = 5000
_SIDECAR_KEYS = frozenset({"run", "report"})
_OPENS = frozenset({"start_map", "start_array"})
_CLOSES = frozenset({"end_map", "end_array"})
# A saved run nests a few levels (inputs[].declared.passed); far deeper is hostile, and would
# exhaust the recursion of whatever walks it next.
MAX_DEPTH = 64
_BUFFER = 64 * 1024  # ijson's default; larger buffers measured slower


@dataclass
class SavedRun:
    """A saved run whose cases are still in the file: `header` holds everything else."""

    path: Path
    header: Run  # `cases` is empty here; `cases()` yields them
    held: list[TestCase] | None = field(default=None, repr=False)  # cases read whole, if so

    def cases(self) -> Iterator[TestCase]:
        """The cases, each validated and checked; at the end, checked against the counts."""
        if self.held is not None:
            source: Iterable[TestCase] = self.held
        else:
            source = _validated(_case_items(self.path), self.path)
        return checked_cases(self.header, source, str(self.path))


def load_run(path: Path) -> Run:
    """A run saved as JSON by `summary --json` or `merge`, or the run inside an archive sidecar."""
    saved = open_saved_run(path)
    run = saved.header
    run.cases = list(saved.cases())
    return run


def open_saved_run(path: Path) -> SavedRun:
    """Read and check everything of a saved run but its cases; InputError naming the problem."""
    raw: list[Any] | None = None
    try:
        with path.open("rb") as handle:
            fields = _top_level(handle, str(path))
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}", "check the path") from exc
    except ijson.JSONError:
        # Not JSON, or JSON the streaming parser cannot hold (a number beyond 64 bits, which
        # reportgen never writes): read whole, so that the checks below name the problem.
        fields, raw = _whole(path)
    if fields is None:
        sidecar = parse_sidecar(path.read_bytes(), str(path))  # checks and upgrades its version
        check_header(sidecar.run, str(path))
        held, sidecar.run.cases = sidecar.run.cases, []
        return SavedRun(path, sidecar.run, held)
    if not {"inputs", "counts"} <= fields.keys():
        raise InputError(str(path), "not a reportgen run", _GIVE)
    version = fields.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or isinstance(version, bool):
        raise InputError(
            str(path),
            f"refused: schema_version {version!r} is not a number (this reportgen writes "
            f"{SCHEMA_VERSION})",
            _HINT,
        )
    if version > SCHEMA_VERSION:
        raise InputError(
            str(path),
            f"run schema version {version!r} is newer than this reportgen reads "
            f"(up to {SCHEMA_VERSION})",
            "upgrade reportgen to read it",
        )
    try:
        header = Run.model_validate(fields)
    except ValueError as exc:
        raise InputError(
            str(path), f"not a reportgen run: {validation_problem(exc)}", _GIVE
        ) from exc
    check_header(header, str(path))
    return SavedRun(path, header, None if raw is None else list(_validated(raw, path)))


def _whole(path: Path) -> tuple[dict[str, Any] | None, list[Any] | None]:
    """Fields and cases of a saved run read in one piece (None fields: a sidecar)."""
    try:
        data = load_json(path.read_bytes())
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}", "check the path") from exc
    except DuplicateKey as exc:
        raise InputError(str(path), f"refused: {exc}", _HINT) from exc
    except ValueError as exc:
        raise InputError(
            str(path), f"not JSON: {exc}", _GIVE, getattr(exc, "lineno", None)
        ) from exc
    if not isinstance(data, dict):
        raise InputError(str(path), "not a reportgen run", _GIVE)
    if _SIDECAR_KEYS & data.keys():
        return None, None
    cases = data.pop("cases", [])
    if not isinstance(cases, list):
        raise InputError(
            str(path), "not a reportgen run: cases: Input should be a valid list", _GIVE
        )
    data["cases"] = []
    return data, cases


def _top_level(handle: Any, name: str) -> dict[str, Any] | None:
    """Every top-level field but `cases` (which is only checked to be a list), or None for a
    sidecar. Raises ijson.JSONError where the text is not JSON, InputError for a repeated key."""
    # basic_parse: no prefixes to build, a third less time over a million cases
    events = ijson.basic_parse(handle, use_float=True, buf_size=_BUFFER)
    first = next(events, None)
    if first is None or first[0] != "start_map":
        for _ in events:  # the parser's verdict first: a document that is not JSON says so
            pass
        raise InputError(name, "not a reportgen run", _GIVE)
    fields: dict[str, Any] = {}
    for event, value in events:  # at the top level: a key, or the end of the object
        if event == "end_map":
            return fields
        if value in fields:
            raise InputError(name, f"refused: the key {value!r} appears twice", _HINT)
        if value in _SIDECAR_KEYS:
            return None
        if value == "cases":
            fields[value] = _skip_list(events, name)
        else:
            fields[value] = _build(events, name)
    raise ijson.IncompleteJSONError("the document ends inside its top-level object")


def _build(events: Iterator[tuple[str, Any]], name: str) -> Any:
    repeated: list[str] = []
    builder = ijson.ObjectBuilder(map_type=partial(UniqueKeys, repeated))
    depth = 0
    for event, value in events:
        builder.event(event, value)
        if event in _OPENS:
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(name)
        elif event in _CLOSES:
            depth -= 1
        if depth == 0:
            _refuse_repeated(name, repeated)
            return builder.value
    raise ijson.IncompleteJSONError("the document ends inside a value")


def _skip_list(events: Iterator[tuple[str, Any]], name: str) -> list[Any]:
    """Pass over the cases (the second pass reads them); an empty list stands for them.

    The same walk as `_build` without a builder, written out: it runs once per event of every
    case, where a shared loop with a builder test would cost a second per million cases.
    """
    event, _ = next(events)
    if event != "start_array":
        raise InputError(name, "not a reportgen run: cases: Input should be a valid list", _GIVE)
    depth = 1
    for event, _ in events:
        if event in _OPENS:
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(name)
        elif event in _CLOSES:
            depth -= 1
            if depth == 0:
                return []
    raise ijson.IncompleteJSONError("the document ends inside the cases")


def _refuse_repeated(name: str, repeated: list[str], where: str = "") -> None:
    if repeated:
        raise InputError(name, f"refused: the key {repeated[0]!r} appears twice{where}", _HINT)


def _too_deep(name: str) -> InputError:
    return InputError(name, f"refused: values nested more than {MAX_DEPTH} levels deep", _HINT)


def _case_items(path: Path) -> Iterator[Any]:
    try:
        repeated: list[str] = []
        keys = partial(UniqueKeys, repeated)
        with path.open("rb") as handle:
            items = ijson.items(
                handle, "cases.item", use_float=True, buf_size=_BUFFER, map_type=keys
            )
            # ijson reads ahead, so a repeat may be noted before the case holding it comes
            for item in items:
                _refuse_repeated(str(path), repeated, " in a case")
                yield item
            _refuse_repeated(str(path), repeated, " in a case")
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}", "check the path") from exc
    except ijson.JSONError as exc:  # the file changed since its fields were read
        raise InputError(str(path), f"not JSON: {exc}", _GIVE) from exc


def _validated(items: Iterable[Any], path: Path) -> Iterator[TestCase]:
    """TestCases from parsed case items, validated a batch at a time (one call per item would
    cost a third of the read)."""
    batch: list[Any] = []
    done = 0
    for item in items:
        batch.append(item)
        if len(batch) == _BATCH:
            yield from _validate_batch(batch, done, path)
            done += len(batch)
            batch = []
    yield from _validate_batch(batch, done, path)


def _validate_batch(batch: list[Any], first: int, path: Path) -> list[TestCase]:
    try:
        return _CASES.validate_python(batch)
    except ValidationError as exc:
        number = first + int(exc.errors()[0]["loc"][0])
        problem = validation_problem(exc, within=f"cases[{number}]")
        raise InputError(str(path), f"not a reportgen run: {problem}", _GIVE) from exc


def check_saved_run(run: Run, path: str) -> Run:
    """`run` when every count is non-negative, bounded and consistent; else InputError."""
    check_header(run, path)
    for _ in checked_cases(run, run.cases, path):
        pass
    return run


def check_header(run: Run, path: str) -> None:
    """The checks that need no case: numbers bounded, inputs adding up to the totals."""
    for name, value in run_numbers(run):
        _check_number(path, name, value)
    summed = sum((i.counts for i in run.inputs), Counts())
    if run.inputs and summed != run.counts:
        _refuse(path, f"counts: {_show(run.counts)} but its inputs add up to {_show(summed)}")


def checked_cases(run: Run, cases: Iterable[TestCase], path: str) -> Iterator[TestCase]:
    """`cases`, each checked as it passes; at the end, their outcomes against `run.counts`."""
    held: Counter[Outcome] = Counter()
    for number, case in enumerate(cases):
        problem = case_problem(case, f"cases[{number}]")
        if problem is not None:
            _refuse(path, problem)
        held[case.outcome] += 1
        yield case
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


def _check_number(path: str, name: str, value: float | int | None) -> None:
    problem = number_problem(name, value)
    if problem is not None:
        _refuse(path, problem)


def _field(outcome: Outcome) -> str:
    return {Outcome.ERROR: "errors", Outcome.FAILED: "failed"}.get(outcome, outcome.value)


def _show(counts: Counts) -> str:
    return ", ".join(f"{k}={v}" for k, v in counts.model_dump().items() if v)


def _refuse(path: str, message: str) -> None:
    raise InputError(path, f"refused: {message}", _HINT)


def validation_problem(error: ValueError, within: str = "") -> str:
    """The first schema error of a saved run, naming its field as `check_saved_run` does.

    `within`: the error is of a list of cases; its first location part is replaced by this name.
    """
    if not isinstance(error, ValidationError):
        return str(error).splitlines()[0]
    first = error.errors()[0]
    loc = first["loc"][1:] if within else first["loc"]
    field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)
    field = (within + field).lstrip(".")
    more = error.error_count() - 1
    also = f" (and {more} more)" if more else ""
    return f"{field or 'run'}: {first['msg']} (got {str(first.get('input'))[:40]!r}){also}"
