"""Streaming reader for one JUnit XML report.

The file is checked before lxml sees it (`_sniff`): its encoding, its prolog (a DTD that
declares entities is refused there, before any parsing), its root element (other formats are
refused by name). Then `lxml.etree.iterparse` streams it with entity resolution, DTD loading and
network access off. Only `end` events of testcases, suites and a few suite-level children come
to Python; each testcase is read and cleared, and processed siblings are deleted in batches,
so memory stays flat however large the file.

A testcase whose attributes are plain (`_fast_layout`) is judged by its children (`_shape`). In a
totals-only reading a pass or a lone `<skipped>` then costs `keys()`, one `get` and a tally; a
first `<failure>`/`<error>` is read in one pass (`_failing_case`). Everything else (status
attributes, reruns, several results, odd layouts) goes through `_Reader._slow_case`. Outcome
rules are in `dialects`.
"""

from __future__ import annotations

import io
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import IO, Any

from lxml import etree

from reportgen.ingest import dialects
from reportgen.ingest.prolog import Prolog, Refused, RepairFilter, Replay, sniff_stream
from reportgen.ingest.records import (
    MESSAGE_LIMIT,
    SHORT_TEXT_LIMIT,
    TEXT_LIMIT,
    Attempt,
    attach_teardown,
    bounded,
    classify,
    detail_of,
    in_file_order,
    is_teardown_record,
    is_todo,
    join_output,
    local_name,
    merge_detail,
    outcome_of,
    problem_of,
    properties_of,
    read_attempt,
    shorten,
    text_of,
    to_int,
)
from reportgen.model import (
    CaseDetail,
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

# Kept failure texts of one file share this many characters at full length; beyond it each is
# cut to SHORT_TEXT_LIMIT, so that a report with 50,000 failing tests stays in memory.
TEXT_BUDGET = 4_000_000
_SWEEP_EVERY = 512  # delete processed siblings every this many cases (a power of two)
_MAX_SUITE_NOTICES = 20
_FAST_KEYS = frozenset(
    {"name", "classname", "time", "file", "line", "assertions", "id", "timestamp", "hostname"}
)
_SUITE_CHILD_TAGS = ("properties", "system-out", "system-err", "failure", "error")
_TRUNCATED = "the file ends before its XML is complete"
_REPAIRABLE_ERRORS = (
    "invalid Char value",
    "invalid xmlChar value",
    "out of allowed range",
    "invalid character",
    "Unescaped '<' not allowed in attributes values",
)
_LIBXML_POSITION = re.compile(r", line \d+, column \d+$")


@dataclass(slots=True)
class FileResult:
    """What one input yielded: its `InputFile` record, suites, cases and notices."""

    input: InputFile
    suites: list[Suite] = field(default_factory=list)
    cases: list[TestCase] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


# --- public entry ---------------------------------------------------------------------------


def read_report(
    path: str, index: int = 0, *, keep_passing: bool = True, assume_tz: tzinfo = UTC
) -> FileResult:
    """Read one report file ('-' for standard input). Never raises for bad input."""
    display = "<stdin>" if path == "-" else path
    try:
        with _open(path) as stream:
            return _read_stream(stream, path, display, index, keep_passing, assume_tz)
    except OSError as error:
        reason = error.strerror or str(error)
        return _rejected(
            display, f"cannot read the file: {reason}", "check the path and its permissions"
        )
    except Refused as refused:
        return _rejected(display, refused.message, refused.hint, refused.line)
    except (ValueError, LookupError, UnicodeError, etree.LxmlError) as error:
        # Whatever else a hostile or damaged file provokes still leaves the run readable.
        reason = f"{type(error).__name__}: {error}".splitlines()[0]
        return _rejected(display, f"cannot be read: {reason}", "report this file to reportgen")


def _open(path: str) -> IO[bytes]:
    """The report as a binary stream; the caller closes it."""
    if path != "-":
        return open(path, "rb")
    # Standard input is spooled so it can be read twice (control-character repair) and sized.
    spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115
    while chunk := sys.stdin.buffer.read(1024 * 1024):
        spool.write(chunk)
    spool.seek(0)
    return spool


def _read_stream(
    stream: IO[bytes], path: str, display: str, index: int, keep_passing: bool, assume_tz: tzinfo
) -> FileResult:
    size = _size_of(stream)
    prolog = sniff_stream(stream)
    reader = _Reader(display, index, prolog, keep_passing, assume_tz)
    source: Any = path if (path != "-" and not prolog.rewritten) else Replay(prolog.head, stream)
    outcome = reader.parse(source)
    if outcome is _RETRY_WITH_REPAIR:
        stream.seek(len(prolog.head))  # the rewritten head has the length of the original
        repair = RepairFilter(prolog.utf8)
        reader = _Reader(display, index, prolog, keep_passing, assume_tz)
        reader.parse(Replay(prolog.head, stream, repair))
        if repair.replaced:
            reader.notice(
                None, f"{repair.replaced} control characters that XML does not allow were replaced"
            )
        if repair.placeholders:
            reader.notice(
                None, f"{repair.placeholders} unescaped placeholder attribute values were escaped"
            )
    if reader.cut is not None and reader.cut[1] is not None and reader.cut[1] >= _last_line(stream):
        reader.cut = (_TRUNCATED, reader.cut[1])
    return reader.result(size)


def _last_line(stream: IO[bytes]) -> int:
    stream.seek(0)
    lines = 1
    while chunk := stream.read(1 << 20):
        lines += chunk.count(b"\n")
    return lines - 1 if lines > 1 else 1


def _size_of(stream: IO[bytes]) -> int:
    try:
        return os.fstat(stream.fileno()).st_size
    except (OSError, AttributeError, io.UnsupportedOperation):
        end = stream.seek(0, os.SEEK_END)
        stream.seek(0)
        return end


def _rejected(display: str, message: str, hint: str, line: int | None = None) -> FileResult:
    problem = InputProblem(message=message, line=line, hint=hint)
    return FileResult(input=InputFile(path=display, status=InputStatus.REJECTED, problem=problem))


# --- before parsing: encoding, prolog, root ----------------------------------------------------


# --- streaming sources --------------------------------------------------------------------------


# --- the reader -----------------------------------------------------------------------------------

_RETRY_WITH_REPAIR = object()
# What a testcase is, judged from its children alone (`_shape`): anything but the first three
# goes through `_Reader._slow_case`.
_OTHER, _PASSES, _SKIPPED, _FAILS = -1, 0, 1, 2
_ONLY_COUNTED = (_PASSES, _SKIPPED)  # in a totals-only reading, unless they may be reruns
_CHILD_SHAPES = {
    "system-out": _PASSES,
    "system-err": _PASSES,
    "properties": _PASSES,
    "skipped": _SKIPPED,
    "failure": _FAILS,
    "error": _FAILS,
}
_PASSED = Outcome.PASSED
_UNSETTLED = (Outcome.FAILED, Outcome.ERROR)  # outcomes a later record of the same test can rerun


class _SuiteAcc:
    """Running totals of one suite path (several elements with the same path share one)."""

    __slots__ = (
        "declared",
        "declared_time",
        "duration",
        "error_runs",
        "failed_runs",
        "histories",
        "hostname",
        "line",
        "passed",
        "path",
        "properties",
        "records",
        "rerun_any",
        "runs_extra",
        "seen",
        "skipped",
        "system_err",
        "system_out",
        "tally",
        "timestamp",
    )

    def __init__(self, path: tuple[str, ...], line: int) -> None:
        self.path = path
        self.line = line
        self.passed = 0  # passed tests on the fast path (the rest are in tally)
        self.skipped = 0  # skipped tests on the fast path
        self.tally: dict[Outcome, int] = {}
        self.duration = 0.0
        self.runs_extra = 0  # attempts beyond the first, over all tests
        self.failed_runs = 0
        self.error_runs = 0
        self.declared: DeclaredCounts | None = None
        self.declared_time: float | None = None
        self.timestamp: datetime | None = None
        self.hostname: str | None = None
        self.properties: dict[str, str] = {}
        self.system_out: str | None = None
        self.system_err: str | None = None
        # (classname, name) -> the test whose last record failed or errored: a later record of
        # the same test is its rerun (dialects rule 5). Usually empty, so the fast path is cheap.
        self.records = _Records()
        # Failing attempts in file order of the records merged from several testcases.
        self.histories: dict[tuple[str, str], list[Problem]] = {}
        # In suites whose producer writes reruns as plain testcases (dialects rule 5), every
        # test is remembered: kept ones in `records`, the others by hash with their outcome.
        self.rerun_any = bool(path) and path[-1] in dialects.RERUNS_LOOK_LIKE_PASSES
        self.seen: dict[int, Outcome] = {}

    def counts(self) -> Counts:
        tally = dict(self.tally)
        tally[Outcome.PASSED] = tally.get(Outcome.PASSED, 0) + self.passed
        tally[Outcome.SKIPPED] = tally.get(Outcome.SKIPPED, 0) + self.skipped
        return Counts.of(tally)

    def add(self, outcome: Outcome, amount: int = 1) -> None:
        self.tally[outcome] = self.tally.get(outcome, 0) + amount


class _Records(dict[tuple[str, str], TestCase]):
    """Tests a later record can rerun, by (classname, name); `names` holds every name ever
    stored, so that the fast path can rule a testcase out with one lookup."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def __setitem__(self, key: tuple[str, str], case: TestCase) -> None:
        self.names.add(key[1])
        dict.__setitem__(self, key, case)

    def clear(self) -> None:
        self.names.clear()
        super().clear()


class _Reader:
    def __init__(
        self, display: str, index: int, prolog: Prolog, keep_passing: bool, assume_tz: tzinfo
    ) -> None:
        self.display = display
        self.index = index
        self.prolog = prolog
        self.keep_passing = keep_passing
        self.assume_tz = assume_tz
        ns = f"{{{prolog.namespace}}}" if prolog.namespace else ""
        self.case_tag = ns + "testcase"
        self.suite_tag = ns + "testsuite"
        self.root_tag = ns + prolog.root
        self.ns = ns
        self.child_tags = tuple(ns + t for t in _SUITE_CHILD_TAGS)
        self.child_kinds = {ns + tag: shape for tag, shape in _CHILD_SHAPES.items()}
        self.child_names = {ns + tag: tag for tag in _CHILD_SHAPES}
        self.cases: list[TestCase] = []
        self.notices: list[Notice] = []
        self.accs: dict[tuple[str, ...], _SuiteAcc] = {}
        self.open: dict[Any, _SuiteAcc] = {}
        self.hints: dict[str, str] = {"root": prolog.root}
        self.root_declared: DeclaredCounts | None = None
        self.root_time: float | None = None
        self.root_timestamp: datetime | None = None
        self.duration_problems: dict[str, list[int]] = {}  # kind -> [count, first line]
        self.cut: tuple[str, int | None] | None = None
        self.times: list[str] = []
        self.times_acc: _SuiteAcc | None = None
        self.text_budget = TEXT_BUDGET
        self.strings: dict[str, str] = {}  # one copy of the strings failing tests repeat
        self.shortened = 0

    # -- parsing loop --

    def parse(self, source: Any) -> object | None:
        context = etree.iterparse(
            source,
            events=("end",),
            tag=(self.case_tag, self.suite_tag),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        try:
            self._loop(context)
            root = context.root
            if root is not None and root.tag == self.root_tag and self.prolog.root == "testsuites":
                self._harvest(root, list(root.iterchildren(*self.child_tags)))
        except etree.XMLSyntaxError as error:
            message = _LIBXML_POSITION.sub("", str(error.msg or error).strip())
            repairable = any(bad in message for bad in _REPAIRABLE_ERRORS)
            first_try = not isinstance(source, Replay) or source.repair is None
            if repairable and first_try and self.prolog.ascii_compatible:
                return _RETRY_WITH_REPAIR
            line = error.lineno if error.lineno and error.lineno > 0 else None
            self.cut = (message.splitlines()[0], line)
        self._flush_times()
        return None

    def _loop(self, context: Iterator[tuple[str, Any]]) -> None:
        case_tag, suite_tag = self.case_tag, self.suite_tag
        keep = self.keep_passing
        last_keys: list[str] | None = None
        layout: tuple[int, int, int, int, int] | None = None
        parent_seen: Any = None
        acc: _SuiteAcc = None  # type: ignore[assignment]
        names: set[str] = set()
        counted = False
        times = self.times
        kinds = self.child_kinds
        count, sweep_mask = 0, _SWEEP_EVERY - 1
        passes, only_counted = _PASSES, _ONLY_COUNTED
        for _, elem in context:
            if elem.tag != case_tag:
                if elem.tag == suite_tag:
                    self._leave_suite(elem)
                    parent_seen = None
                continue
            parent = elem.getparent()
            if parent is not parent_seen:
                acc = self._acc_for(parent, elem)
                parent_seen = parent
                names = acc.records.names
                # passes and skips that need no identity are only counted
                counted = not keep and not acc.rerun_any
            count += 1
            if not count & sweep_mask:
                self._sweep(parent, elem)  # only processed siblings before `elem` go
            keys = elem.keys()
            if keys != last_keys:
                last_keys, layout = keys, _fast_layout(keys)
            if layout is None:
                self._slow_case(elem, acc)
                elem.clear()
                continue
            shape = _shape(elem, kinds) if len(elem) else passes
            if counted and shape in only_counted and not (names and elem.get("name") in names):
                times.append(elem.get("time"))
                if shape == passes:
                    acc.passed += 1
                else:
                    acc.skipped += 1
                continue
            self._plain_case(elem, acc, layout, shape)

    def _plain_case(
        self, elem: Any, acc: _SuiteAcc, layout: tuple[int, int, int, int, int], shape: int
    ) -> None:
        """A testcase with the plain attributes of `_fast_layout` that was not only counted."""
        if shape == _FAILS:
            values = elem.values()
            key = (values[layout[1]], values[layout[0]])
            if not acc.rerun_any and key not in acc.records:
                self._failing_case(elem, acc, key, values, layout)
                elem.clear()
                return
        elif (
            shape == _PASSES
            and not (self.keep_passing and len(elem))
            and self._fast_identified(acc, elem.values(), layout, elem)
        ):
            return
        self._slow_case(elem, acc)
        elem.clear()

    def _fast_identified(
        self, acc: _SuiteAcc, values: list[str], layout: tuple[int, ...], elem: Any
    ) -> bool:
        """A pass with plain attributes whose identity was looked at; False: the slow path."""
        key = (values[layout[1]], values[layout[0]])
        if key in acc.records:
            return False
        if acc.rerun_any:
            return self._fast_remembered(acc, values, layout, elem.sourceline)
        if self.keep_passing:
            self._fast_keep(acc, values, layout, elem.sourceline)
        else:
            self.times.append(values[layout[2]])
            acc.passed += 1
        return True

    def _fast_remembered(
        self, acc: _SuiteAcc, values: list[str], layout: tuple[int, ...], line: int
    ) -> bool:
        """The fast path in a suite where any repeat is a rerun; False: take the slow path."""
        key = (values[layout[1]], values[layout[0]])
        if not key[1] or key in acc.records:
            return False
        if self.keep_passing:
            acc.records[key] = self._fast_keep(acc, values, layout, line)
            return True
        hashed = hash(key)
        if hashed in acc.seen:
            return False
        acc.seen[hashed] = _PASSED
        self.times.append(values[layout[2]])
        acc.passed += 1
        return True

    def _fast_keep(
        self, acc: _SuiteAcc, values: list[str], layout: tuple[int, ...], line: int
    ) -> TestCase:
        text = values[layout[2]]
        try:
            seconds = float(text)
            plain = 0 <= seconds <= dialects.NANOSECOND_THRESHOLD
        except ValueError:
            plain = False
        if not plain:
            seconds = self._duration(text, line)
        acc.duration += seconds
        acc.passed += 1
        file = values[layout[3]] if layout[3] >= 0 else None
        at = to_int(values[layout[4]]) if layout[4] >= 0 else None
        name, classname = values[layout[0]], values[layout[1]]
        case = TestCase(
            name, classname, acc.path, _PASSED, seconds, self.index, line, file or None, at
        )
        self.cases.append(case)
        return case

    def _sweep(self, parent: Any, upto: Any) -> None:
        """Delete the processed siblings before `upto`, keeping what the suite itself says."""
        self._flush_times()
        said = list(upto.itersiblings(*self.child_tags, preceding=True))
        if said:
            self._harvest(parent, said[::-1])
        del parent[: parent.index(upto)]

    def _flush_times(self) -> None:
        acc, times = self.times_acc, self.times
        if times and acc is not None:
            try:
                values = list(map(float, times))
                if min(values) >= 0 and max(values) <= dialects.NANOSECOND_THRESHOLD:
                    acc.duration += sum(values)
                    times.clear()
                    return
            except ValueError:
                pass
            for text in times:
                acc.duration += self._duration(text, None)
        times.clear()

    # -- suites --

    def _acc_for(self, parent: Any, first_case: Any) -> _SuiteAcc:
        self._root_once(parent)
        acc = self.open.get(parent)
        if acc is None:
            acc = self._open_suite(parent)
        if self.times_acc is not acc:
            self._flush_times()
            self.times_acc = acc
        if "case.name" not in self.hints:
            for key, value in first_case.items():
                self.hints[f"case.{key}"] = value
            self.hints.setdefault("case.name", "")
        return acc

    def _open_suite(self, elem: Any) -> _SuiteAcc:
        path = self._path_of(elem)
        acc = self.accs.get(path)
        attrs = dict(elem.items()) if elem.tag == self.suite_tag else {}
        if acc is None:
            acc = _SuiteAcc(path, elem.sourceline or 0)
            self.accs[path] = acc
        if attrs:
            self._read_suite_attrs(acc, attrs)
        elif elem.tag == self.root_tag:
            self._read_root_attrs(elem)
        self.open[elem] = acc
        return acc

    def _root_once(self, elem: Any) -> None:
        if "root.read" not in self.hints and self.prolog.root == "testsuites":
            self._read_root_attrs(elem.getroottree().getroot())

    def _path_of(self, elem: Any) -> tuple[str, ...]:
        names: list[str] = []
        node = elem
        while node is not None:
            if node.tag == self.suite_tag:
                names.append(node.get("name") or "")
            node = node.getparent()
        return tuple(reversed(names))

    def _read_suite_attrs(self, acc: _SuiteAcc, attrs: dict[str, str]) -> None:
        if "suite.name" not in self.hints:
            for key, value in attrs.items():
                self.hints[f"suite.{key.rpartition('}')[2]}"] = value
            schema = next((v for k, v in attrs.items() if k.endswith("chemaLocation")), "")
            self.hints["suite.schema"] = schema
        declared = _declared(attrs)
        if declared is not None:
            acc.declared = _add_declared(acc.declared, declared)
        time = attrs.get("time")
        if time is not None:
            seconds = self._duration(time, acc.line)
            acc.declared_time = seconds + (acc.declared_time or 0.0)
        stamp = dialects.parse_timestamp(attrs.get("timestamp"), self.assume_tz)
        if stamp is not None and (acc.timestamp is None or stamp < acc.timestamp):
            acc.timestamp = stamp
        acc.hostname = acc.hostname or attrs.get("hostname") or None
        if self.prolog.root == "testsuite" and "root.read" not in self.hints:
            self.hints["root.read"] = "1"
            self.hints.update({f"root.{k}": v for k, v in attrs.items()})

    def _read_root_attrs(self, root: Any) -> None:
        if "root.read" in self.hints:
            return
        attrs = dict(root.items())
        self.hints["root.read"] = "1"
        self.hints.update({f"root.{k}": v for k, v in attrs.items()})
        self.root_declared = _declared(attrs)
        if attrs.get("time") is not None:
            self.root_time = self._duration(attrs["time"], root.sourceline)
        self.root_timestamp = dialects.parse_timestamp(attrs.get("timestamp"), self.assume_tz)

    def _leave_suite(self, elem: Any) -> None:
        self._root_once(elem)
        acc = self.open.get(elem) or self._open_suite(elem)
        if self.times_acc is acc:
            self._flush_times()
        self._harvest(elem, list(elem.iterchildren(*self.child_tags)))
        del self.open[elem]
        # Reruns are written inside the suite element of their test: what is remembered to
        # match them is released with it.
        acc.records.clear()
        acc.histories.clear()
        acc.seen.clear()
        elem.clear()
        parent = elem.getparent()
        if parent is not None:
            self._sweep(parent, elem)

    def _harvest(self, parent: Any, children: list[Any]) -> None:
        """Read what a suite (or the root) says directly: properties, output, suite-level errors."""
        if not children:
            return
        at_root = parent.tag == self.root_tag and self.prolog.root == "testsuites"
        acc = self.open.get(parent) or self._open_suite(parent)
        for child in children:
            kind = local_name(child.tag)
            if kind in ("failure", "error"):
                self._suite_level_problem(acc, child, kind)
            elif at_root:
                continue  # properties and output of the whole file have no place in the model
            elif kind == "properties":
                acc.properties.update(properties_of(child))
                if "property.read" not in self.hints:
                    self.hints["property.read"] = "1"
                    self.hints.update({f"property.{k}": v for k, v in acc.properties.items()})
            elif kind == "system-out":
                acc.system_out = join_output(acc.system_out, text_of(child))
            elif kind == "system-err":
                acc.system_err = join_output(acc.system_err, text_of(child))

    def _suite_level_problem(self, acc: _SuiteAcc, elem: Any, kind: str) -> None:
        problem = problem_of(elem, kind)
        outcome = Outcome.ERROR if kind == "error" else Outcome.FAILED
        name = acc.path[-1] if acc.path else self.display
        line = elem.sourceline or acc.line
        case = TestCase(
            name=name,
            classname="",
            suite=acc.path,
            outcome=outcome,
            duration=0.0,
            input=self.index,
            source_line=line,
            detail=CaseDetail(problem=problem),
        )
        self.cases.append(case)
        acc.add(outcome)
        if outcome is Outcome.ERROR:
            acc.error_runs += 1
        else:
            acc.failed_runs += 1
        self.notice(
            line,
            f"<{kind}> outside any testcase in suite '{name}': "
            f"counted as one {outcome.value} test named after the suite",
        )

    # -- testcases --

    def _failing_case(
        self,
        elem: Any,
        acc: _SuiteAcc,
        key: tuple[str, str],
        values: list[str],
        layout: tuple[int, int, int, int, int],
    ) -> None:
        """A first record with plain attributes and one <failure> or <error> beside output and
        properties (`_shape`), read in one pass: the result of `_slow_case` without its
        intermediate objects."""
        out = err = result = None
        properties: dict[str, str] = {}
        kind = ""
        names = self.child_names
        for child in elem:
            tag = names[child.tag]
            if tag == "system-out":
                out = join_output(out, text_of(child))
            elif tag == "system-err":
                err = join_output(err, text_of(child))
            elif tag == "properties":
                properties.update(properties_of(child))
            else:
                kind, result = tag, child
        line = elem.sourceline or 0
        duration = self._duration(values[layout[2]], line)
        if self.times_acc is not acc:
            self._flush_times()
            self.times_acc = acc
        acc.duration += duration
        message, cut = bounded(result.get("message"), MESSAGE_LIMIT)  # type: ignore[union-attr]
        details, cut_details = bounded(text_of(result), TEXT_LIMIT)
        if self.text_budget > 0:
            for text in (out, err, details):
                if text:
                    self.text_budget -= len(text)
        else:
            details, out, err, cut_details = self._short_texts(details, out, err, cut_details)
        share = self.strings.setdefault
        kept_type = result.get("type") or None  # type: ignore[union-attr]
        problem = Problem(
            kind,
            share(kept_type, kept_type) if kept_type else None,
            message,
            details,
            cut or cut_details,
        )
        if kind == "error":
            outcome = Outcome.ERROR
            acc.error_runs += 1
        else:
            outcome = Outcome.FAILED
            acc.failed_runs += 1
        acc.tally[outcome] = acc.tally.get(outcome, 0) + 1
        classname, name = key
        file = values[layout[3]] if layout[3] >= 0 else None
        at = to_int(values[layout[4]]) if layout[4] >= 0 else None
        file = file or result.get("file")  # type: ignore[union-attr]
        at = at or to_int(result.get("line"))  # type: ignore[union-attr]
        case = TestCase(
            name,
            share(classname, classname),
            acc.path,
            outcome,
            duration,
            self.index,
            line,
            share(file, file) if file else None,
            at,
            1,
            CaseDetail(problem, [], None, out, err, properties),
        )
        self.cases.append(case)
        if name:
            acc.records[key] = case

    def _short_texts(
        self, details: str | None, out: str | None, err: str | None, cut: bool
    ) -> tuple[str | None, str | None, str | None, bool]:
        """`shorten` for the texts of `_failing_case`, once the file's text budget is spent."""
        if details is not None and len(details) > SHORT_TEXT_LIMIT:
            details, cut = bounded(details, SHORT_TEXT_LIMIT)[0], True
            self.shortened += 1
        if out is not None and len(out) > SHORT_TEXT_LIMIT:
            out = bounded(out, SHORT_TEXT_LIMIT)[0]
            self.shortened += 1
        if err is not None and len(err) > SHORT_TEXT_LIMIT:
            err = bounded(err, SHORT_TEXT_LIMIT)[0]
            self.shortened += 1
        return details, out, err, cut

    def _slow_case(self, elem: Any, acc: _SuiteAcc) -> None:
        attrs = dict(elem.items())
        name = attrs.get("name") or ""
        classname = attrs.get("classname") or attrs.get("class") or ""
        line = elem.sourceline or 0
        duration = self._duration(attrs["time"], line) if "time" in attrs else 0.0
        results, earlier, extras = classify(elem)
        not_run = (
            not dialects.STATUS_ATTRIBUTES.isdisjoint(attrs)
            and dialects.status_means_skipped(attrs)
        ) or is_todo(results)
        self._flush_times_if_other(acc)
        acc.duration += duration
        key = (classname, name)
        # a nameless testcase has no identity, so it is never a rerun
        previous = acc.records.get(key) if name and acc.records else None
        unkept = acc.seen.get(hash(key)) if name and acc.seen and previous is None else None
        first = previous is None and unkept is None
        if first and not self.keep_passing:
            outcome = outcome_of(results, earlier, not_run)
            if outcome is Outcome.PASSED or outcome is Outcome.SKIPPED:
                acc.add(outcome)  # counted, not kept: no need to read its texts
                acc.runs_extra += len(earlier)
                if acc.rerun_any and name:
                    acc.seen[hash(key)] = outcome
                return
        attempt = read_attempt(results, earlier, extras, not_run)
        self._spend_text_budget(attempt)
        acc.failed_runs += attempt.failed_runs
        acc.error_runs += attempt.error_runs
        acc.runs_extra += attempt.attempt_count - 1
        if not first and previous is not None and is_teardown_record(attempt):
            attach_teardown(previous, attempt, duration)
            acc.runs_extra += 1
            return
        if not first and not is_teardown_record(attempt):
            self._merge(acc, key, previous, unkept, attempt, duration, line)
            return
        case = self._new_record(acc, attempt, name, classname, duration, line, attrs)
        if not first or not name:
            return
        if case is not None and (attempt.outcome in _UNSETTLED or acc.rerun_any):
            acc.records[key] = case
        elif case is None and acc.rerun_any:
            acc.seen[hash(key)] = attempt.outcome

    def _spend_text_budget(self, attempt: Attempt | CaseDetail) -> None:
        problems = ([attempt.problem] if attempt.problem else []) + attempt.attempts
        if self.text_budget <= 0:
            self.shortened += shorten(attempt, problems)
            return
        texts = [attempt.system_out, attempt.system_err, *(p.details for p in problems)]
        self.text_budget -= sum(len(t) for t in texts if t)

    def _flush_times_if_other(self, acc: _SuiteAcc) -> None:
        if self.times_acc is not acc:
            self._flush_times()
            self.times_acc = acc

    def _new_record(
        self,
        acc: _SuiteAcc,
        attempt: Attempt,
        name: str,
        classname: str,
        duration: float,
        line: int,
        attrs: dict[str, str],
    ) -> TestCase | None:
        acc.add(attempt.outcome)
        if not self.keep_passing and attempt.outcome in (Outcome.PASSED, Outcome.SKIPPED):
            return None
        share = self.strings.setdefault
        file = attrs.get("file") or attempt.file
        if attempt.problem is not None and attempt.problem.type:
            attempt.problem.type = share(attempt.problem.type, attempt.problem.type)
        case = TestCase(
            name=name,
            classname=share(classname, classname),
            suite=acc.path,
            outcome=attempt.outcome,
            duration=duration,
            input=self.index,
            source_line=line,
            file=share(file, file) if file else None,
            line=to_int(attrs.get("line")) or attempt.line,
            attempts=attempt.attempt_count,
            detail=detail_of(attempt),
        )
        self.cases.append(case)
        return case

    def _merge(
        self,
        acc: _SuiteAcc,
        key: tuple[str, str],
        previous: TestCase | None,
        unkept: Outcome | None,
        attempt: Attempt,
        duration: float,
        line: int,
    ) -> None:
        """A rerun of a test seen before in this suite: one test, the last record's outcome wins.

        `previous` is the kept record, or `unkept` the outcome of one counted but not kept.
        """
        before = previous.outcome if previous is not None else unkept
        assert before is not None
        after = attempt.outcome
        failed_before = before in (Outcome.FAILED, Outcome.ERROR, Outcome.FLAKY)
        if after in (Outcome.PASSED, Outcome.FLAKY) and (failed_before or acc.rerun_any):
            after = Outcome.FLAKY
        acc.runs_extra += 1
        acc.add(before, -1)
        acc.add(after)
        history = acc.histories.pop(key, None)
        if history is None:
            history = in_file_order(previous.detail) if previous is not None else []
        history += in_file_order(attempt)
        if previous is None:
            hashed = hash(key)
            if after in (Outcome.PASSED, Outcome.SKIPPED) and not self.keep_passing:
                acc.seen[hashed] = after
                return
            del acc.seen[hashed]
            previous = TestCase(
                name=key[1],
                classname=key[0],
                suite=acc.path,
                outcome=after,
                duration=0.0,
                input=self.index,
                source_line=line,
                file=attempt.file,
                line=attempt.line,
                attempts=1,  # what the earlier records were is not known beyond their count
            )
            self.cases.append(previous)
        previous.outcome = after
        previous.attempts += attempt.attempt_count
        previous.duration += duration
        previous.detail = merge_detail(previous.detail, attempt, after, history)
        if after in _UNSETTLED or acc.rerun_any:
            acc.records[key] = previous
            acc.histories[key] = history
        else:
            acc.records.pop(key, None)

    # -- numbers and notices --

    def _duration(self, text: str, line: int | None) -> float:
        seconds, trouble = dialects.parse_duration(text)
        if trouble is not None:
            entry = self.duration_problems.setdefault(trouble, [0, line or 0])
            entry[0] += 1
            if not entry[1] and line:
                entry[1] = line
        return seconds

    def notice(self, line: int | None, message: str) -> None:
        self.notices.append(Notice(file=self.display, line=line or None, message=message))

    # -- result --

    def result(self, size: int) -> FileResult:
        self._flush_times()
        suites = [self._suite(acc) for acc in self.accs.values()]
        counts = sum((s.counts for s in suites), Counts())
        for kind, (count, line) in self.duration_problems.items():
            self.notice(line, f"{count} {kind}")
        if self.shortened:
            self.notice(
                None,
                f"{self.shortened} failure texts cut to {SHORT_TEXT_LIMIT} characters: the file's "
                f"first {TEXT_BUDGET:,} characters of failure text are kept in full",
            )
        if self.cut is None:
            self._check_declared(counts)
        status, problem = self._status(counts.total)
        started, finished = self._span(suites)
        record = InputFile(
            path=self.display,
            status=status,
            problem=problem,
            format="junit",
            producer=dialects.guess_producer(self.hints),
            counts=counts,
            declared=self._file_declared(),
            duration=self._file_duration(),
            started=started,
            finished=finished,
            suites=len(suites),
            size=size,
        )
        return FileResult(input=record, suites=suites, cases=self.cases, notices=self.notices)

    def _status(self, tests: int) -> tuple[InputStatus, InputProblem | None]:
        if self.cut is None:
            return InputStatus.OK, None
        message, line = self.cut
        where = f" at line {line}" if line else ""
        if tests == 0:
            hint = "the file is not well-formed XML; fix or regenerate it"
            if message == _TRUNCATED:
                hint = "the writer was probably stopped mid-write: rerun the job that writes it"
            return InputStatus.REJECTED, InputProblem(
                message=f"XML error{where}: {message}", line=line, hint=hint
            )
        if message == _TRUNCATED:
            text = f"truncated: {message} (line {line}); kept the {tests} tests read before it"
        else:
            text = f"XML breaks off{where} ({message}); kept the {tests} tests read before it"
        hint = (
            "the writer was probably stopped mid-write: rerun the job; "
            "counts cover only the tests before the break"
        )
        return InputStatus.PARTIAL, InputProblem(message=text, line=line, hint=hint)

    def _suite(self, acc: _SuiteAcc) -> Suite:
        return Suite(
            path=acc.path,
            input=self.index,
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

    def _file_declared(self) -> DeclaredCounts | None:
        if self.prolog.root == "testsuites":
            return self.root_declared
        first = next(iter(self.accs.values()), None)
        return first.declared if first is not None else None

    def _file_duration(self) -> float:
        if self.root_time is not None:
            return self.root_time
        total = 0.0
        subtree = _subtree_durations(self.accs.values())
        for path, acc in self.accs.items():
            if len(path) <= 1:
                total += acc.declared_time if acc.declared_time is not None else subtree[path]
        return total

    def _span(self, suites: list[Suite]) -> tuple[datetime | None, datetime | None]:
        starts: list[datetime] = []
        ends: list[datetime] = []
        if self.root_timestamp is not None:
            starts.append(self.root_timestamp)
            ends.append(dialects.end_of(self.root_timestamp, self.root_time))  # type: ignore[arg-type]
        for suite in suites:
            if suite.timestamp is not None:
                starts.append(suite.timestamp)
                seconds = suite.declared_time if suite.declared_time is not None else suite.duration
                ends.append(dialects.end_of(suite.timestamp, seconds))  # type: ignore[arg-type]
        return (min(starts), max(ends)) if starts else (None, None)

    def _check_declared(self, counts: Counts) -> None:
        totals = _subtree_totals(self.accs.values())
        disagreements = 0
        for path, acc in self.accs.items():
            if acc.declared is None:
                continue
            found = _disagreement(acc.declared, totals[path])
            if found:
                disagreements += 1
                if disagreements <= _MAX_SUITE_NOTICES:
                    name = path[-1] if path else "(top level)"
                    self.notice(acc.line, f"suite '{name}' {found}")
        if disagreements > _MAX_SUITE_NOTICES:
            self.notice(
                None,
                f"{disagreements - _MAX_SUITE_NOTICES} more suites declare counts "
                "their testcases do not match",
            )
        if self.prolog.root == "testsuites" and self.root_declared is not None:
            whole = _Totals()
            for acc in self.accs.values():
                whole.add(acc)
            found = _disagreement(self.root_declared, whole)
            if found:
                self.notice(1, f"<testsuites> {found}")


# --- reading pieces of a testcase ---------------------------------------------------------------


def _fast_layout(keys: list[str]) -> tuple[int, int, int, int, int] | None:
    """Positions of name, classname, time, file, line (-1: absent) when all attributes are plain."""
    if "name" not in keys or "classname" not in keys or "time" not in keys:
        return None
    if not _FAST_KEYS.issuperset(keys):
        return None
    file = keys.index("file") if "file" in keys else -1
    line = keys.index("line") if "line" in keys else -1
    return keys.index("name"), keys.index("classname"), keys.index("time"), file, line


def _shape(elem: Any, kinds: dict[str, int]) -> int:
    """_PASSES, _SKIPPED or _FAILS when output and properties stand beside at most one result
    element, <skipped>, <failure> or <error>; _OTHER for anything else."""
    shape = _PASSES
    for child in elem:
        kind = kinds.get(child.tag, _OTHER)
        if kind != _PASSES:
            if kind == _OTHER or shape != _PASSES:
                return _OTHER
            shape = kind
    return shape


def _declared(attrs: dict[str, str]) -> DeclaredCounts | None:
    skipped = attrs.get("skipped", attrs.get("skips", attrs.get("skip")))
    values = {
        "tests": to_int(attrs.get("tests")),
        "failures": to_int(attrs.get("failures")),
        "errors": to_int(attrs.get("errors")),
        "skipped": to_int(skipped),
    }
    if all(v is None for v in values.values()):
        return None
    return DeclaredCounts(**values)


def _add_declared(first: DeclaredCounts | None, second: DeclaredCounts) -> DeclaredCounts:
    if first is None:
        return second

    def plus(a: int | None, b: int | None) -> int | None:
        return None if a is None and b is None else (a or 0) + (b or 0)

    return DeclaredCounts(
        tests=plus(first.tests, second.tests),
        failures=plus(first.failures, second.failures),
        errors=plus(first.errors, second.errors),
        skipped=plus(first.skipped, second.skipped),
    )


class _Totals:
    """What a suite's subtree holds, as tests and as runs, for checking declared counts."""

    __slots__ = (
        "error_runs",
        "errors",
        "failed",
        "failed_runs",
        "runs",
        "skipped",
        "tests",
    )

    def __init__(self) -> None:
        self.tests = self.runs = self.failed = self.failed_runs = 0
        self.errors = self.error_runs = self.skipped = 0

    def add(self, acc: _SuiteAcc) -> None:
        counts = acc.counts()
        self.tests += counts.total
        self.runs += counts.total + acc.runs_extra
        self.failed += counts.failed
        self.failed_runs += acc.failed_runs
        self.errors += counts.errors
        self.error_runs += acc.error_runs
        self.skipped += counts.skipped


def _subtree_totals(accs: Any) -> dict[tuple[str, ...], _Totals]:
    totals: dict[tuple[str, ...], _Totals] = {}
    for acc in accs:
        for depth in range(len(acc.path) + 1):
            totals.setdefault(acc.path[:depth], _Totals()).add(acc)
    return totals


def _subtree_durations(accs: Any) -> dict[tuple[str, ...], float]:
    sums: dict[tuple[str, ...], float] = {}
    for acc in accs:
        for depth in range(len(acc.path) + 1):
            sums[acc.path[:depth]] = sums.get(acc.path[:depth], 0.0) + acc.duration
    return sums


def _disagreement(declared: DeclaredCounts, found: _Totals) -> str | None:
    """Describe where declared counts match neither the tests nor the runs; None if they agree."""
    checks = (
        (
            "tests",
            declared.tests,
            (found.tests, found.runs),
            found.tests,
        ),
        ("failures", declared.failures, (found.failed, found.failed_runs), found.failed),
        ("errors", declared.errors, (found.errors, found.error_runs), found.errors),
        ("skipped", declared.skipped, (found.skipped,), found.skipped),
    )
    wrong = [
        (name, said, actual)
        for name, said, accepted, actual in checks
        if said is not None and said not in accepted
    ]
    if not wrong:
        return None
    said = ", ".join(f"{name}={value}" for name, value, _ in wrong)
    actual = ", ".join(f"{name}={value}" for name, _, value in wrong)
    return f"declares {said} but its testcases give {actual}"
