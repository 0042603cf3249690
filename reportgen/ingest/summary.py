"""The end of a reading: suites, counts, status, span and notices of one file."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import reduce

from reportgen.ingest import dialects
from reportgen.ingest.declared import check_declared, count_undeclared, subtree_durations
from reportgen.ingest.prolog import parser_limit
from reportgen.ingest.records import SHORT_TEXT_LIMIT
from reportgen.ingest.state import TEXT_BUDGET, ReaderState, SuiteAcc
from reportgen.model import (
    Counts,
    DeclaredCounts,
    InputFile,
    InputProblem,
    InputStatus,
    Notice,
    PackedPasses,
    PassGroup,
    Suite,
    TestCase,
    add_kinds,
)

TRUNCATED = "the file ends before its XML is complete"


@dataclass(slots=True)
class FileResult:
    """What one input yielded: its `InputFile` record, suites, cases and notices."""

    input: InputFile
    suites: list[Suite] = field(default_factory=list)
    cases: list[TestCase] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    folded: list[PassGroup] = field(default_factory=list)  # under `Fold`: passes not kept
    packed: PackedPasses | None = None  # when packing: the passes not in `cases`


def file_result(reader: ReaderState, size: int) -> FileResult:
    """Close a reading: flush pending durations, write the file's notices, build its result."""
    reader.flush_times()
    if reader.taken:
        reader.cases = _in_place(reader.cases, reader.taken)
    fold = reader.fold
    if fold is not None and fold.claims is not None:
        reader.fold = None  # tests declared but not listed are kept: a warning may name them
    added = count_undeclared(reader) if reader.cut is None else {}
    reader.fold = fold
    suites = [_suite(reader, acc) for acc in reader.accs.values()]
    counts = sum((s.counts for s in suites), Counts())
    for kind, trouble in reader.duration_problems.items():
        reader.notice(trouble.first_line, f"{trouble.count} {kind}")
    if reader.shortened:
        reader.notice(
            None,
            f"{reader.shortened} failure texts cut to {SHORT_TEXT_LIMIT} characters: the file's "
            f"first {TEXT_BUDGET:,} characters of failure text are kept in full",
        )
    none: dict[str, int] = {}
    summed = reduce(add_kinds, (acc.kinds for acc in reader.accs.values()), none)
    kinds = {kind: count for kind, count in summed.items() if count}
    if kinds.get("risky"):
        reader.notice(
            None,
            f"{kinds['risky']} risky tests (RiskyTestError) counted as passed, as PHPUnit "
            "counts them: they ran and did not fail",
        )
    unread = check_declared(reader, counts, added) if reader.cut is None else 0
    status, problem = _status(reader, counts.total)
    if status is InputStatus.REJECTED:  # nothing of a refused file counts
        suites, counts, reader.cases, reader.groups = [], Counts(), [], {}
        if reader.packed is not None:
            reader.packed = PackedPasses(reader.index)
    started, finished = _span(reader, suites)
    record = InputFile(
        path=reader.display,
        status=status,
        problem=problem,
        format="junit",
        producer=dialects.guess_producer(reader.hints),
        counts=counts,
        kinds=kinds,
        declared=_file_declared(reader),
        unread_failures=unread,
        duration=_file_duration(reader),
        started=started,
        finished=finished,
        suites=len(suites),
        size=size,
    )
    folded = [g for g in reader.groups.values() if g.durations or g.skips]
    if reader.dropped:
        reader.cases = [case for case in reader.cases if id(case) not in reader.dropped]
    if reader.packed is not None:
        reader.packed.kept_total = len(reader.cases)
    return FileResult(
        input=record,
        suites=suites,
        cases=reader.cases,
        notices=reader.notices,
        folded=folded,
        packed=reader.packed,
    )


def _in_place(cases: list[TestCase], taken: list[tuple[int, TestCase]]) -> list[TestCase]:
    """The kept cases with the passes reruns took back out of their groups, each where a read
    keeping every case put it (`FoldedPasses`: kept cases before it, then fold order)."""
    placed: list[TestCase] = []
    start = 0
    for place, case in sorted(taken, key=lambda t: t[0]):
        end = place >> 32
        placed += cases[start:end]
        placed.append(case)
        start = max(start, end)
    return placed + cases[start:]


def _status(reader: ReaderState, tests: int) -> tuple[InputStatus, InputProblem | None]:
    if reader.cut is None:
        return InputStatus.OK, None
    message, line = reader.cut.message, reader.cut.line
    limit = parser_limit(message, line)
    if limit is not None:  # a guard, not a cut: what was read before it is not kept either
        return InputStatus.REJECTED, InputProblem(message=limit[0], line=line, hint=limit[1])
    where = f" at line {line}" if line else ""
    if message == TRUNCATED:
        # the root was a JUnit root (prolog refuses others): a cut report is partial even when
        # its first testcase was cut, so that what its suites said before the cut is kept
        text = f"truncated: {message} (line {line}); kept the {_tests(tests)} read before it"
        if reader.cut_off:
            text += f"; {_tests(reader.cut_off)} cut off mid-write not counted"
    elif tests == 0:
        return InputStatus.REJECTED, InputProblem(
            message=f"XML error{where}: {message}",
            line=line,
            hint="the file is not well-formed XML; fix or regenerate it",
        )
    else:
        text = f"XML breaks off{where} ({message}); kept the {_tests(tests)} read before it"
    hint = (
        "the writer was probably stopped mid-write: rerun the job; "
        "counts cover only the tests before the break"
    )
    return InputStatus.PARTIAL, InputProblem(message=text, line=line, hint=hint)


def _tests(count: int) -> str:
    return f"{count} test" if count == 1 else f"{count} tests"


def _suite(reader: ReaderState, acc: SuiteAcc) -> Suite:
    return Suite(
        path=acc.path,
        input=reader.index,
        source_line=acc.line,
        timestamp=acc.timestamp,
        hostname=acc.hostname,
        declared_time=acc.declared_time,
        duration=acc.duration,
        counts=acc.counts(),
        declared=acc.declared,
        properties=acc.properties,
        system_out=acc.system_out,
        system_err=acc.system_err,
    )


def _file_declared(reader: ReaderState) -> DeclaredCounts | None:
    if reader.prolog.root == "testsuites":
        return reader.root_declared
    first = next(iter(reader.accs.values()), None)
    return first.declared if first is not None else None


def _file_duration(reader: ReaderState) -> float:
    if reader.root_time is not None:
        return reader.root_time
    total = 0.0
    subtree = subtree_durations(reader.accs.values())
    for path, acc in reader.accs.items():
        if len(path) <= 1:
            total += acc.declared_time if acc.declared_time is not None else subtree[path]
    return total


def _span(reader: ReaderState, suites: list[Suite]) -> tuple[datetime | None, datetime | None]:
    starts: list[datetime] = []
    ends: list[datetime] = []
    if reader.root_timestamp is not None:
        starts.append(reader.root_timestamp)
        ends.append(dialects.end_of(reader.root_timestamp, reader.root_time))  # type: ignore[arg-type]
    for suite in suites:
        if suite.timestamp is not None:
            starts.append(suite.timestamp)
            seconds = suite.declared_time if suite.declared_time is not None else suite.duration
            ends.append(dialects.end_of(suite.timestamp, seconds))  # type: ignore[arg-type]
    return (min(starts), max(ends)) if starts else (None, None)
