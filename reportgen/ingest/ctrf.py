"""CTRF JSON (Common Test Report Format): `results.tool`, `results.summary`, `results.tests[]`.

A test's `status` is passed, failed, skipped, pending or other. A passed test marked `flaky`,
or passed after retries (`retries` > 0 or failed `retryAttempts`), is FLAKY; its attempts are
its retries + 1.
`other` (a status the tool could not map) counts as an error, so that it is looked at.
JSON has no streaming reader in the standard library: the file is read whole.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from reportgen.ingest.collect import Collector, problem
from reportgen.jsonload import load_json
from reportgen.model import CaseDetail, DeclaredCounts, Outcome, Problem, TestCase

STATUSES: dict[str, Outcome] = {
    "passed": Outcome.PASSED,
    "failed": Outcome.FAILED,
    "skipped": Outcome.SKIPPED,
    "pending": Outcome.SKIPPED,
    "other": Outcome.ERROR,
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
    for position, test in enumerate(tests, start=1):
        if not isinstance(test, dict) or not isinstance(test.get("name"), str):
            out.notice(None, f"test #{position} has no name: left out")
            continue
        out.add(_case(test, position, out))


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


def _case(test: dict[str, Any], position: int, out: Collector) -> TestCase:
    status = str(test.get("status", ""))
    outcome = out.outcome(STATUSES, status, 0)  # JSON: no line to name
    extra = test.get("extra")
    extra = extra if isinstance(extra, dict) else {}
    if outcome is Outcome.FAILED and test.get("rawStatus") == "error":
        outcome = Outcome.ERROR  # CTRF has no error status; reportgen's --ctrf says so here
    attempts = [a for a in test.get("retryAttempts") or [] if isinstance(a, dict)]
    failed_attempts = [a for a in attempts if a.get("status") in ("failed", "other")]
    retries = test.get("retries")
    retries = retries if isinstance(retries, int) and not isinstance(retries, bool) else 0
    if outcome is Outcome.PASSED and (test.get("flaky") is True or failed_attempts or retries > 0):
        outcome = Outcome.FLAKY
    duration = test.get("duration")
    line = test.get("line")
    case = TestCase(
        name=test["name"],
        classname=_text(test.get("classname")) or _text(extra.get("classname")) or "",
        suite=_suite(test.get("suite")),
        outcome=outcome,
        duration=duration / 1000 if isinstance(duration, (int, float)) and duration > 0 else 0.0,
        input=out.index,
        source_line=position,  # the test's position in `tests` (JSON has no useful line)
        file=_text(test.get("filePath")),
        line=line if isinstance(line, int) and not isinstance(line, bool) and line > 0 else None,
        attempts=max(retries, len(attempts), 0) + 1,
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
