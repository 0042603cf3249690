"""mocha's `json` reporter: `stats`, then `tests` (every test), `pending`, `failures`, `passes`.

Counted as mocha counts (`stats`): each entry of `tests` is one test, pending (`it.skip`, an
`it()` without a body) when it has no duration and no error, failed when it has an error. A
failing hook (`"before each" hook for "x"`) or an error outside any test is in `failures` but
not in `tests`: one failure each, as mocha counts it; the tests a failing hook kept from
running are counted nowhere, by mocha or here. A test that passed on a retry
(`currentRetry` > 0) is flaky (mocha's `passes` holds it). Output printed before the JSON
(`console.log` with the reporter writing to standard output), a JSON line among it too, is
skipped with a notice, and so is text after it (npm's `npm ERR!` lines). `stats.failures`
above the failures read makes the file declare failures it does not hold (a trimmed or
edited report), which `--fail-on failures` fails. The file is read as a stream: big reports
are not held whole.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import IO, Any

import ijson

from reportgen.ingest.collect import problem
from reportgen.ingest.peerbase import (
    LineCounter,
    PeerCollector,
    Unreadable,
    json_problem,
    text_of,
    walk,
)
from reportgen.jsonload import load_json
from reportgen.model import CaseDetail, Outcome, TestCase
from reportgen.text import plural

_STATS = re.compile(rb'"stats"\s*:\s*\{[^{}]*"passes"\s*:')
_PREFIXES = frozenset({"stats", "tests.item", "failures.item", "tests.TYPE", "failures.TYPE"})
_LEAD_LINES = 10_000
_LINE_PIECE = 64 * 1024


def looks_like(head: bytes) -> bool:
    start = head.find(b"\n{")
    body = head if head.lstrip().startswith(b"{") else head[start + 1 :] if start >= 0 else b""
    return body.lstrip().startswith(b"{") and _STATS.search(body[:4096]) is not None


def read(stream: IO[bytes], out: PeerCollector) -> None:
    out.producer = "mocha"
    counter = _skip_lead(stream, out)
    failed: set[tuple[str, str]] = set()
    stats: dict[str, Any] = {}
    position = 0
    try:
        for prefix, value in walk(counter, _PREFIXES, out):
            if prefix == "stats" and isinstance(value, dict):
                stats = value
            elif prefix.endswith(".TYPE") and value != "list":
                raise Unreadable(
                    f"mocha's '{prefix[:-5]}' is not a list but {value}",
                    "regenerate the report with mocha's json reporter; do not edit it by hand",
                    counter.line,
                )
            elif prefix == "tests.item":
                position += 1
                case = _case(value, position, out)
                if case.outcome is Outcome.FAILED:
                    failed.add(_key(value))
                out.add(case)
            elif prefix == "failures.item" and _key(value) not in failed:
                position += 1
                out.add(_case(value, position, out, outside=True))
    except ijson.JSONError as error:
        raise json_problem(error, counter, "mocha's JSON") from error
    except Unreadable:
        _check(stats, out, complete=False)
        raise
    _check(stats, out)


def _skip_lead(stream: IO[bytes], out: PeerCollector) -> LineCounter:
    skipped = 0
    while skipped < _LEAD_LINES:
        line = stream.readline(_LINE_PIECE)
        if not line or (line.lstrip().startswith(b"{") and not _printed(line)):
            if skipped:
                out.notice(
                    1,
                    f"{plural(skipped, 'line')} before the JSON (the tests' own output) "
                    "skipped: give mocha `--reporter-option output=FILE` to keep them apart",
                )
            return LineCounter(stream, line, skipped + 1)
        while not line.endswith(b"\n") and (line := stream.readline(_LINE_PIECE)):
            pass  # the rest of a long line of output
        skipped += 1
    return LineCounter(stream, b"", skipped + 1)


def _printed(line: bytes) -> bool:
    """Whether a line that starts like JSON is a whole JSON value of the tests' own output
    (`console.log(JSON.stringify(...))`) rather than the report's start."""
    if not line.endswith(b"\n"):
        return False  # longer than a piece: the start of a report written on one line
    try:
        value = load_json(line)
    except ValueError:
        return False
    return not (isinstance(value, dict) and "stats" in value)


def _key(test: Any) -> tuple[str, str]:
    if not isinstance(test, dict):
        return ("", "")
    return (str(test.get("fullTitle", "")), str(test.get("file", "")))


def _case(test: Any, position: int, out: PeerCollector, outside: bool = False) -> TestCase:
    if not isinstance(test, dict):
        test = {"err": {"message": "an entry of the report that is not an object"}}
    title = text_of(test.get("title")) or f"test #{position}"
    full = text_of(test.get("fullTitle")) or title
    owner = full[: -len(title)].strip() if full.endswith(title) else ""
    err = test.get("err") if isinstance(test.get("err"), dict) else {}
    state = test.get("state")
    duration = test.get("duration")
    has_duration = isinstance(duration, (int, float)) and not isinstance(duration, bool)
    if err or state == "failed" or outside:
        outcome = Outcome.FAILED
    elif state == "pending" or (state is None and not has_duration):
        outcome = Outcome.SKIPPED
    else:
        outcome = Outcome.PASSED
    retry = test.get("currentRetry")
    retries = retry if isinstance(retry, int) and not isinstance(retry, bool) and retry > 0 else 0
    if outcome is Outcome.PASSED and retries:
        outcome = Outcome.FLAKY
    case = TestCase(
        name=title,
        classname=owner,
        suite=(owner,) if owner else (),
        outcome=outcome,
        duration=duration / 1000 if has_duration and 0 <= duration < 1e12 else 0.0,
        input=out.index,
        source_line=position,  # the entry's position: a streamed JSON has no exact line
        file=text_of(test.get("file")),
        attempts=retries + 1,
    )
    if outcome is Outcome.FAILED:
        kind = "hook" if outside and "hook" in title else "failure"
        message = text_of(err.get("message")) or ("failed outside its tests" if outside else None)
        case.detail = CaseDetail(
            problem=problem(kind, message, text_of(err.get("stack")), text_of(err.get("name")))
        )
    return case


def _check(stats: dict[str, Any], out: PeerCollector, complete: bool = True) -> None:
    """mocha's own `stats` against what was read; a difference is said, not hidden, and
    failures it declares beyond those read are the file's unread failures."""
    said = {key: stats.get(key) for key in ("passes", "pending", "failures")}
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in said.values()):
        return
    skipped = out.outcomes.get(Outcome.SKIPPED, 0)
    failing = out.failing()
    read_counts = {
        "passes": sum(out.outcomes.values()) - skipped - failing,
        "pending": skipped,
        "failures": failing,
    }
    declared = said["failures"]
    assert isinstance(declared, int)
    if complete and declared > failing:
        out.unread_failures = declared - failing
    if complete and read_counts != said:
        shown = ", ".join(f"{said[k]} {k}" for k in said)
        got = ", ".join(f"{read_counts[k]} {k}" for k in read_counts)
        out.notice(None, f"mocha's stats say {shown}; the report lists {got}")
    start, end = stats.get("start"), stats.get("end")
    if isinstance(start, str) and isinstance(end, str):
        try:
            began = datetime.fromisoformat(start.replace("Z", "+00:00"))
            ended = datetime.fromisoformat(end.replace("Z", "+00:00"))
        except ValueError:
            return
        if began.tzinfo is not None and ended >= began:
            out.started, out.finished = began, ended
            out.duration = (ended - began).total_seconds()
