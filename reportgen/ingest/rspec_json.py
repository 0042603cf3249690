"""RSpec's JSON formatter (`--format json`): `version`, `messages`, `examples`, `summary`.

Counted as RSpec counts: each example is one test; `pending` holds `skip`, `xit`, examples
without a body and `pending` examples that still fail, all skipped here as RSpec's summary
has them (the JSON does not tell an expected failure from a skip: both are "pending", with
their reason kept). A `pending` example that passes is written as failed
(PendingExampleFixedError) and is a failure. An error outside of examples (a file that does
not load, an `after(:context)` hook that raises) fails RSpec's run but belongs to no example:
each is one error here ("suite error"), named from RSpec's message, so the run never reads
green; past the messages the JSON keeps, one more error stands for the rest, with their number.
A `summary.failure_count` above the failed examples read makes the file declare failures it
does not hold (a trimmed or edited report), which `--fail-on failures` fails. The file is read
as a stream.
"""

from __future__ import annotations

import re
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
from reportgen.model import CaseDetail, Outcome, TestCase
from reportgen.text import plural

_HEAD = re.compile(rb'^\{\s*"version"\s*:\s*"\d+\.\d+[^"]*"\s*,\s*"(messages|seed|examples)"')
_PREFIXES = frozenset({"examples.item", "summary", "messages.item", "examples.TYPE"})
_STATUSES = {"passed": Outcome.PASSED, "failed": Outcome.FAILED, "pending": Outcome.SKIPPED}
_KEPT_MESSAGES = 20


def looks_like(head: bytes) -> bool:
    return _HEAD.match(head.lstrip()) is not None


def read(stream: IO[bytes], out: PeerCollector) -> None:
    out.producer = "rspec"
    counter = LineCounter(stream)
    messages: list[str] = []
    summary: dict[str, Any] = {}
    position = failed = 0
    try:
        for prefix, value in walk(counter, _PREFIXES, out):
            if prefix == "messages.item" and len(messages) < _KEPT_MESSAGES:
                messages.append(str(value))
            elif prefix == "examples.TYPE" and value != "list":
                raise Unreadable(
                    f"RSpec's 'examples' is not a list but {value}",
                    "regenerate the report with `rspec --format json`; do not edit it by hand",
                    counter.line,
                )
            elif prefix == "examples.item":
                position += 1
                case = _case(value, position, out)
                failed += case.outcome in (Outcome.FAILED, Outcome.ERROR)
                out.add(case)
            elif prefix == "summary" and isinstance(value, dict):
                summary = value
    except ijson.JSONError as error:
        raise json_problem(error, counter, "RSpec's JSON") from error
    _outside(summary, messages, position, out)
    _check(summary, position, failed, out)


def _case(example: Any, position: int, out: PeerCollector) -> TestCase:
    if not isinstance(example, dict):
        example = {"status": "not an object"}
    status = str(example.get("status", ""))
    outcome = out.outcome(_STATUSES, status, position)
    name = text_of(example.get("description")) or f"example #{position}"
    full = text_of(example.get("full_description")) or name
    owner = full[: -len(name)].strip() if full.endswith(name) else ""
    seconds = example.get("run_time")
    number = example.get("line_number")
    case = TestCase(
        name=name,
        classname=owner,
        suite=(owner,) if owner else (),
        outcome=outcome,
        duration=float(seconds)
        if isinstance(seconds, (int, float))
        and not isinstance(seconds, bool)
        and 0 <= seconds < 1e9
        else 0.0,
        input=out.index,
        source_line=position,  # the example's position: a streamed JSON has no exact line
        file=text_of(example.get("file_path")),
        line=number
        if isinstance(number, int) and not isinstance(number, bool) and number > 0
        else None,
    )
    exception = example.get("exception") if isinstance(example.get("exception"), dict) else {}
    if outcome in (Outcome.FAILED, Outcome.ERROR):
        trace = exception.get("backtrace")
        details = "\n".join(str(t) for t in trace[:100]) if isinstance(trace, list) else None
        case.detail = CaseDetail(
            problem=problem(
                "failure",
                text_of(exception.get("message")),
                details,
                text_of(exception.get("class")),
            )
        )
    elif outcome is Outcome.SKIPPED and text_of(example.get("pending_message")):
        case.detail = CaseDetail(skip_message=text_of(example.get("pending_message")))
    return case


def _outside(
    summary: dict[str, Any], messages: list[str], examples: int, out: PeerCollector
) -> None:
    count = _count(summary, "errors_outside_of_examples_count")
    if not count:
        return
    # RSpec's messages hold the errors' texts, among other notes (load warnings, a seed line)
    errors = [m for m in messages if "error occurred" in m.lower()] or messages
    # one error per text the JSON keeps; the rest, if any, stand together in one more
    told = min(count, max(len(errors), 1), _KEPT_MESSAGES)
    for number in range(1, told + 1):
        text = errors[number - 1].strip() if number <= len(errors) else None
        title = text.splitlines()[0] if text else "an error occurred outside of examples"
        _suite_error(out, examples + number, f"error outside of examples #{number}", title, text)
    rest = count - told
    if rest:
        title = f"{plural(rest, 'more error')} occurred outside of examples"
        _suite_error(
            out, examples + told + 1, f"errors outside of examples #{told + 1}-{count}", title, None
        )
    out.notice(
        None,
        f"{plural(count, 'error')} outside of examples (RSpec fails the run for them): "
        + (
            "counted as an error"
            if count == 1
            else "each counted as an error"
            if not rest
            else f"counted as {plural(told + 1, 'error')}, the last standing for {rest:,}"
        ),
    )


def _suite_error(out: PeerCollector, line: int, name: str, title: str, text: str | None) -> None:
    case = TestCase(
        name=f"{name}: {title[:200]}",
        classname="",
        suite=(),
        outcome=Outcome.ERROR,
        duration=0.0,
        input=out.index,
        source_line=line,
        kind="suite error",
    )
    case.detail = CaseDetail(problem=problem("error", title, text))
    out.add(case)


def _count(summary: dict[str, Any], key: str) -> int:
    value = summary.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _check(summary: dict[str, Any], examples: int, failed: int, out: PeerCollector) -> None:
    said = summary.get("example_count")
    if isinstance(said, int) and not isinstance(said, bool) and said != examples:
        out.notice(None, f"RSpec's summary says {said} examples; the report lists {examples}")
    failures = _count(summary, "failure_count")
    if failures > failed:
        out.unread_failures = failures - failed
        out.notice(
            None,
            f"RSpec's summary says {plural(failures, 'failure')}; the report lists {failed}",
        )
