"""What the readers of other formats (TRX, NUnit, xUnit.net, CTRF) share: the safe streaming
parse, tallies per suite, and the `FileResult` they end with.

Each of those formats writes one element (or JSON object) per test result, so a reader only
turns each into a `TestCase` and hands it to `Collector.add`; counts are derived from them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from reportgen.ingest.dialects import parse_duration
from reportgen.ingest.records import MESSAGE_LIMIT, TEXT_LIMIT, bounded, local_name
from reportgen.ingest.summary import FileResult
from reportgen.ingest.xmlstream import EventStream
from reportgen.model import (
    Counts,
    DeclaredCounts,
    InputFile,
    InputProblem,
    InputStatus,
    Notice,
    Outcome,
    Problem,
    Suite,
    TestCase,
)

_KEPT_WHEN_LEAN = (Outcome.FAILED, Outcome.ERROR, Outcome.FLAKY)


def stream(source: Any, tags: tuple[str, ...]) -> Iterator[Any]:
    """End events of `tags` (local names, any namespace), parsed with the safe options."""
    for _, elem in EventStream(source, ("end",), tuple("{*}" + t for t in tags)):
        yield elem


def local(tag: Any) -> str:
    """The local name of an element's tag; "" for comments and processing instructions."""
    return local_name(tag) if isinstance(tag, str) else ""


def child(elem: Any, name: str) -> Any:
    """The first child element with this local name, or None."""
    return next((c for c in elem if local(c.tag) == name), None)


def child_text(elem: Any, *path: str) -> str | None:
    node = elem
    for name in path:
        node = child(node, name) if node is not None else None
    if node is None:
        return None
    text = "".join(node.itertext()).strip()
    return text or None


def problem(
    kind: str, message: str | None, details: str | None, kind_type: str | None = None
) -> Problem:
    short, cut_message = bounded(message, MESSAGE_LIMIT)
    long, cut_details = bounded(details, TEXT_LIMIT)
    return Problem(kind, kind_type, short, long, cut_message or cut_details)


def seconds(text: str | None) -> float:
    """A duration in seconds ('0.25'), read as JUnit `time` attributes are; 0.0 when absent or
    not a usable number (negative, infinite, not a number)."""
    return parse_duration(text)[0] if text else 0.0


@dataclass(slots=True)
class _Tally:
    line: int
    outcomes: dict[Outcome, int] = field(default_factory=dict)
    duration: float = 0.0


class Collector:
    """Cases of one file as they are read, tallied per suite path."""

    def __init__(self, display: str, index: int, keep_passing: bool, fmt: str) -> None:
        self.display = display
        self.index = index
        self.keep_passing = keep_passing
        self.format = fmt
        self.producer: str | None = None
        self.cases: list[TestCase] = []
        self.notices: list[Notice] = []
        self.declared: DeclaredCounts | None = None
        self.duration: float | None = None
        self.started: datetime | None = None
        self.finished: datetime | None = None
        self._suites: dict[tuple[str, ...], _Tally] = {}
        self._unknown: dict[str, tuple[int, int]] = {}  # outcome -> (count, first line)

    def outcome(self, table: dict[str, Outcome], value: str, line: int) -> Outcome:
        """`value` looked up in a format's outcome table; an unknown one is an error, said once."""
        known = table.get(value)
        if known is not None:
            return known
        count, first = self._unknown.get(value, (0, line))
        self._unknown[value] = (count + 1, first)
        return Outcome.ERROR

    def add(self, case: TestCase) -> None:
        tally = self._suites.get(case.suite)
        if tally is None:
            tally = self._suites[case.suite] = _Tally(case.source_line)
        tally.outcomes[case.outcome] = tally.outcomes.get(case.outcome, 0) + 1
        tally.duration += case.duration
        if self.keep_passing or case.outcome in _KEPT_WHEN_LEAN:
            self.cases.append(case)

    def notice(self, line: int | None, message: str) -> None:
        self.notices.append(Notice(file=self.display, line=line, message=message))

    def result(self, size: int, problem: InputProblem | None = None) -> FileResult:
        suites = [
            Suite(
                path=path,
                input=self.index,
                source_line=tally.line,
                duration=tally.duration,
                counts=Counts.of(tally.outcomes),
            )
            for path, tally in self._suites.items()
        ]
        counts = sum((s.counts for s in suites), Counts())
        for value, (count, line) in self._unknown.items():
            self.notice(
                line, f"{count} results with the unknown outcome '{value}' counted as errors"
            )
        self._check_declared(counts)
        status = InputStatus.OK
        if problem is not None:
            status = InputStatus.PARTIAL if counts.total else InputStatus.REJECTED
        record = InputFile(
            path=self.display,
            status=status,
            problem=problem,
            format=self.format,
            producer=self.producer,
            counts=counts,
            declared=self.declared,
            duration=self.duration
            if self.duration is not None
            else sum(s.duration for s in suites),
            started=self.started,
            finished=self.finished,
            suites=len(suites),
            size=size,
        )
        return FileResult(input=record, suites=suites, cases=self.cases, notices=self.notices)

    def _check_declared(self, counts: Counts) -> None:
        declared = self.declared
        if declared is None or declared.tests is None or declared.tests == counts.total:
            return
        self.notice(
            None,
            f"the file declares {declared.tests} tests but holds {counts.total} test results",
        )
