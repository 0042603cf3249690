"""CTRF JSON (Common Test Report Format): `results.tool`, `results.summary`, `results.tests[]`.

A test's `status` is passed, failed, skipped, pending or other. A passed test marked `flaky`,
or passed after retries (`retries` > 0 or failed `retryAttempts`), is FLAKY; its attempts are
its retries + 1.
`other` (a status the tool could not map) counts as an error, so that it is looked at, unless
its `rawStatus` names a test that was not run: jest-ctrf-json-reporter writes `test.todo` as
`other` with rawStatus `todo` (skipped, finer outcome "todo") and a disabled test as `other`
with rawStatus `disabled` (skipped). A finer outcome in `extra.kind` (as reportgen's --ctrf
writes one) is kept where it lies inside the test's outcome (model.KIND_OUTCOME).
A test without a name is still a test: it is named from its position (`test #2`) and keeps
its outcome; an entry that is not an object at all counts as an error. A duration that is not
a finite number of milliseconds counts as 0 s and a `retries` that is not a whole number of
retries is not used; each of these is a notice, said once per kind with the first test.
JSON has no streaming reader in the standard library: the file is read whole.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from reportgen.ingest.collect import Collector, problem
from reportgen.jsonload import load_json
from reportgen.model import (
    KIND_OUTCOME,
    CaseDetail,
    DeclaredCounts,
    Outcome,
    Problem,
    TestCase,
)

STATUSES: dict[str, Outcome] = {
    "passed": Outcome.PASSED,
    "failed": Outcome.FAILED,
    "skipped": Outcome.SKIPPED,
    "pending": Outcome.SKIPPED,
    "other": Outcome.ERROR,
}

# `rawStatus` of an `other` test that says it was not run (jest-ctrf-json-reporter: the jest
# status it has no CTRF status for; tests/realtools/generated/reporters/jest-ctrf.json), and
# the finer outcome it names.
OTHER_NOT_RUN: dict[str, str | None] = {"todo": "todo", "disabled": None, "skipped": None}

# Far above any real value, far below where sums stop being exact.
MAX_DURATION_MS = 10.0 * 365 * 24 * 3600 * 1000  # ten years
MAX_RETRIES = 1_000_000

Note = Callable[[str, int], None]  # (kind of problem, the test's position)

_NOTES = {
    "no name": "{n} without a name (first: test #{first}): named from their position",
    "not an object": "{n} that {are} not an object (first: test #{first}): counted as errors",
    "duration": "{n} whose duration is not a finite number of milliseconds between 0 and ten "
    "years (first: test #{first}): counted as 0 s",
    "retries": "{n} whose retries is not a whole number from 0 to 1,000,000 (first: test "
    "#{first}): not used",
}


_FORMAT_CTRF = re.compile(rb'"reportFormat"\s*:\s*"CTRF"')
_CTRF_KEYS = tuple(re.compile(rb'"%s"\s*:\s*\{' % key) for key in (b"results", b"tool", b"summary"))


class NotCtrf(ValueError):
    """JSON that is not a CTRF report; the message says what is missing."""


def is_ctrf(data: object) -> bool:
    """A top-level `results` object with `tool`, `summary` and `tests`."""
    results = data.get("results") if isinstance(data, dict) else None
    return isinstance(results, dict) and {"tool", "summary", "tests"} <= results.keys()


def looks_like_ctrf(head: bytes) -> bool:
    """Cheap check on the first bytes of a file, before it is parsed whole: an object that
    says `"reportFormat": "CTRF"`, or has `results` with `tool` and `summary` (which CTRF
    writes before `tests`)."""
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return False
    if _FORMAT_CTRF.search(head):
        return True
    return all(pattern.search(head) for pattern in _CTRF_KEYS)


def read(raw: bytes, out: Collector) -> None:
    try:
        data = load_json(raw)
    except ValueError as error:
        raise NotCtrf(f"not JSON: {error}") from error
    if not is_ctrf(data):
        raise NotCtrf("JSON without a CTRF 'results' object holding 'tool', 'summary' and 'tests'")
    results = data["results"]
    tool = results["tool"]
    out.producer = str(tool.get("name")) if isinstance(tool, dict) and tool.get("name") else None
    summary = results["summary"]
    tests = results["tests"]
    if not isinstance(tests, list):
        raise NotCtrf("CTRF 'results.tests' is not a list")
    if isinstance(summary, dict):
        _read_summary(summary, out)
    seen: dict[str, tuple[int, int]] = {}

    def note(kind: str, position: int) -> None:
        count, first = seen.get(kind, (0, position))
        seen[kind] = (count + 1, first)

    for position, test in enumerate(tests, start=1):
        if not isinstance(test, dict):
            note("not an object", position)
            test = {"status": "other"}
        out.add(_case(test, position, out, note))
    for kind, (count, first) in seen.items():
        tests_ = "1 test" if count == 1 else f"{count} tests"
        are = "is" if count == 1 else "are"
        out.notice(None, _NOTES[kind].format(n=tests_, first=first, are=are))


def _read_summary(summary: dict[str, Any], out: Collector) -> None:
    total = summary.get("tests")
    if isinstance(total, int) and total >= 0:
        out.declared = DeclaredCounts(tests=total)
    start, stop = _millis(summary.get("start")), _millis(summary.get("stop"))
    if start is not None:
        out.started = start
        if stop is not None and stop >= start:
            out.finished = stop
            out.duration = (stop - start).total_seconds()


def _millis(value: object) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        return None
    try:
        return datetime.fromtimestamp(value / 1000, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _duration(value: object, position: int, note: Note) -> float:
    """Seconds from CTRF's milliseconds; absent is 0 s without a notice."""
    if value is None:
        return 0.0
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or not 0 <= value <= MAX_DURATION_MS
    ):
        note("duration", position)
        return 0.0
    return value / 1000


def _retries(value: object, position: int, note: Note) -> int:
    if value is None:
        return 0
    count: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        count = value
    elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
        count = int(value)
    if count is None or not 0 <= count <= MAX_RETRIES:
        note("retries", position)
        return 0
    return count


def _name(test: dict[str, Any], position: int, note: Note) -> str:
    name = test.get("name")
    if isinstance(name, str) and name.strip():
        return name
    note("no name", position)
    return f"test #{position}"


def _case(test: dict[str, Any], position: int, out: Collector, note: Note) -> TestCase:
    status = str(test.get("status", ""))
    outcome = out.outcome(STATUSES, status, 0)  # JSON: no line to name
    extra = test.get("extra")
    extra = extra if isinstance(extra, dict) else {}
    raw = test.get("rawStatus")
    kind: str | None = None
    if outcome is Outcome.FAILED and raw == "error":
        outcome = Outcome.ERROR  # CTRF has no error status; reportgen's --ctrf says so here
    elif status == "other" and isinstance(raw, str) and raw in OTHER_NOT_RUN:
        outcome, kind = Outcome.SKIPPED, OTHER_NOT_RUN[raw]
    attempts = [a for a in test.get("retryAttempts") or [] if isinstance(a, dict)]
    failed_attempts = [a for a in attempts if a.get("status") in ("failed", "other")]
    retries = _retries(test.get("retries"), position, note)
    if outcome is Outcome.PASSED and (test.get("flaky") is True or failed_attempts or retries > 0):
        outcome = Outcome.FLAKY
    line = test.get("line")
    case = TestCase(
        name=_name(test, position, note),
        classname=_text(test.get("classname")) or _text(extra.get("classname")) or "",
        suite=_suite(test.get("suite")),
        outcome=outcome,
        duration=_duration(test.get("duration"), position, note),
        input=out.index,
        source_line=position,  # the test's position in `tests` (JSON has no useful line)
        file=_text(test.get("filePath")),
        line=line if isinstance(line, int) and not isinstance(line, bool) and line > 0 else None,
        attempts=max(retries, len(attempts), 0) + 1,
        kind=kind or _kind(extra.get("kind"), outcome),
    )
    detail = CaseDetail(
        attempts=[_attempt(a) for a in failed_attempts],
        system_out=_joined(test.get("stdout")),
        system_err=_joined(test.get("stderr")),
    )
    if outcome in (Outcome.FAILED, Outcome.ERROR):
        detail.problem = problem(
            status or "error", _text(test.get("message")), _text(test.get("trace"))
        )
    elif outcome is Outcome.FLAKY and detail.attempts:
        detail.problem = detail.attempts[0]
    elif outcome is Outcome.SKIPPED:
        detail.skip_message = _text(test.get("message"))
    if (
        detail.problem
        or detail.attempts
        or detail.skip_message
        or detail.system_out
        or detail.system_err
    ):
        case.detail = detail
    return case


def _kind(value: object, outcome: Outcome) -> str | None:
    """A finer outcome named in `extra.kind`, if it is one inside `outcome`."""
    if isinstance(value, str) and KIND_OUTCOME.get(value) is outcome:
        return value
    return None


def _attempt(attempt: dict[str, Any]) -> Problem:
    return problem("rerunFailure", _text(attempt.get("message")), _text(attempt.get("trace")))


def _suite(value: object) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(v) for v in value if isinstance(v, (str, int)))
    if isinstance(value, str) and value:
        return tuple(part.strip() for part in value.split(" > "))
    return ()


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _joined(value: object) -> str | None:
    if isinstance(value, list):
        lines = [v for v in value if isinstance(v, str)]
        return "\n".join(lines) or None
    return _text(value)
