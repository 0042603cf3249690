"""The iterparse loop over one report, its fast paths, and suite bookkeeping.

`lxml.etree.iterparse` streams the file with entity resolution, DTD loading and network access
off. Only `end` events of testcases and suites come to Python; each testcase is read and
cleared, and processed siblings are deleted in batches, so memory stays flat however large the
file.

A testcase whose attributes are plain (`_fast_layout`) is judged by its children (`_shape`). In a
totals-only reading a pass then costs `keys()`, one `get` and a tally, a lone `<skipped>` one
duration more; a kept pass is built from its attribute values (`_fast_keep`); a first
`<failure>`/`<error>` has its children read in one pass, then takes the slow path's steps
(`CaseReading._failing_case`). Under `Fold` a pass is added to its group (`_fast_fold`)
unless it may be one of the file's slowest (in pytest's suites noted, for a rerun to take it
back out); when packing it is packed (`_fast_pack`).
Everything else (status attributes, reruns, several results, odd layouts) goes through
`CaseReading._slow_case`.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Iterator
from enum import Enum
from typing import Any

from lxml import etree

from reportgen.ingest import dialects
from reportgen.ingest.cases import CaseReading
from reportgen.ingest.declared import add_declared, declared_counts
from reportgen.ingest.prolog import Replay, refuse_attribute_flood
from reportgen.ingest.records import (
    free,
    join_output,
    local_name,
    problem_of,
    properties_of,
    text_of,
)
from reportgen.ingest.state import (
    CHILD_SHAPES,
    ONLY_COUNTED,
    SUITE_CHILD_TAGS,
    Cut,
    Key,
    Layout,
    PseudoCases,
    Shape,
    SuiteAcc,
)
from reportgen.ingest.xmlstream import SAFE_PARSING, EventStream
from reportgen.model import CaseDetail, Outcome, PackedPasses, TestCase

_SWEEP_EVERY = 512  # delete processed siblings every this many cases (a power of two)
_FAST_KEYS = frozenset(
    {"name", "classname", "time", "file", "line", "assertions", "id", "timestamp", "hostname"}
)
_REPAIRABLE_ERRORS = (
    "invalid Char value",
    "invalid xmlChar value",
    "out of allowed range",
    "invalid character",
    "Unescaped '<' not allowed in attributes values",
)
_LIBXML_POSITION = re.compile(r", line \d+, column \d+$")
# Enum members bound once for the hot path: looking one up on its class costs about 120 ns in
# Python 3.11, as much as the rest of counting a pass.
_PASSES, _FAILS, _OTHER = Shape.PASSES, Shape.FAILS, Shape.OTHER
_PASSED = Outcome.PASSED
_JUNIT_CHILDREN = frozenset({"testsuite", "testcase", *SUITE_CHILD_TAGS})
_CUT_CASE_RESULTS = frozenset(
    {*dialects.RESULT_SEVERITY, *dialects.FLAKY_ELEMENTS, *dialects.RERUN_ELEMENTS}
)
_CUT_CASE_TAGS = tuple("{*}" + tag for tag in ("testcase", *sorted(_CUT_CASE_RESULTS)))


class Parsed(Enum):
    """How `Reader.parse` ended."""

    READ = "read"  # to the end, or to an XML error kept in `cut`
    # lxml refused a character XML forbids: read the file again through `prolog.RepairFilter`
    RETRY_WITH_REPAIR = "retry with repair"


class Reader(CaseReading):
    """Streams one file: the iterparse loop, the fast paths, and suite bookkeeping."""

    def parse(self, source: Any) -> Parsed:
        context = EventStream(source, ("end",), ("{*}testcase", "{*}testsuite"))
        try:
            self._loop(context)
            root = context.root
            if root is not None and self.prolog.root == "testsuites":
                self._harvest(root, list(root.iterchildren(*self.child_tags)))
            self._nothing_matched(root)
        except etree.XMLSyntaxError as error:
            # `context.root` is unset after an error: the tree is reached from an
            # element the loop saw
            if self.anchor is not None:
                root = self.anchor.getroottree().getroot()
                self._harvest_open(root)
                self.cut_in_case = self._ends_in_case(root)
            message = _LIBXML_POSITION.sub("", str(error.msg or error).strip())
            repairable = any(bad in message for bad in _REPAIRABLE_ERRORS)
            first_try = not isinstance(source, Replay) or source.repair is None
            if repairable and first_try and self.prolog.ascii_compatible:
                return Parsed.RETRY_WITH_REPAIR
            line = error.lineno if error.lineno and error.lineno > 0 else None
            self.cut = Cut(message.splitlines()[0], line, error.position[1] if line else None)
        self.flush_times()
        return Parsed.READ

    def _loop(self, context: Iterable[tuple[str, Any]]) -> None:
        case_tag, suite_tag = self.case_tag, self.suite_tag
        keep = self.keep_passing
        last_keys: list[str] | None = None
        layout: Layout | None = None
        parent_seen: Any = None
        acc: SuiteAcc = None  # type: ignore[assignment]
        names: set[str] = set()
        records: dict[Any, Any] = {}
        counted = folds = slow = False
        folding = self.fold is not None
        times = self.times
        shapes = self.child_shapes
        count, sweep_mask = 0, _SWEEP_EVERY - 1
        passes, only_counted = _PASSES, ONLY_COUNTED
        for _, elem in context:
            tag = elem.tag
            if tag != case_tag:
                if tag == suite_tag or local_name(tag) != "testcase":
                    self._leave_suite(elem)
                    parent_seen = None
                    continue
                case_tag, suite_tag = self._adopt_namespace(tag)
            parent = elem.getparent()
            if parent is not parent_seen:
                acc = self._acc_for(parent, elem)
                parent_seen = parent
                names = acc.records.names
                records = acc.records
                # passes and skips that need no identity are only counted
                counted = not keep and not acc.rerun_any and acc.pseudo is None
                # under `Fold`, passes no later record can change go straight to their group
                folds = folding and not acc.rerun_any and acc.pseudo is None
                slow = acc.habits is not None  # node-tap, nose2: see dialects rules 14-15
            keys = elem.keys()
            if keys != last_keys:
                last_keys, layout = keys, _fast_layout(keys)
            if layout is None or slow:
                if acc.pseudo is not None:
                    _note_describes(acc.pseudo.describes, elem.get("name"))
                self._slow_case(elem, acc)
                elem.clear()
            else:
                shape = _shape(elem, shapes) if len(elem) else passes
                if (
                    counted
                    and shape in only_counted
                    and elem.get("classname")  # no classname: TAP or prove, the slow path's
                    and not (names and elem.get("name") in names)
                ):
                    if shape is passes:
                        times.append(elem.get("time"))
                        acc.passed += 1
                    else:  # as the slow path would: a bad duration's notice names this line
                        acc.duration += self._duration(elem.get("time"), elem.sourceline)
                        acc.skipped += 1
                        _mark_skip(elem, acc)
                elif folds and shape is passes and not (len(elem) and self._read_whole(elem, acc)):
                    values = elem.values()
                    classname = values[layout.classname]
                    if not classname or (records and (classname, values[layout.name]) in records):
                        self._plain_case(elem, acc, layout, shape)  # TAP, prove or a rerun
                    else:
                        self._fast_fold(acc, values, layout, elem.sourceline)
                else:
                    if acc.pseudo is not None:
                        _note_describes(acc.pseudo.describes, elem.get("name"))
                    self._plain_case(elem, acc, layout, shape)
            count += 1
            if not count & sweep_mask:
                self._sweep(parent, elem)

    def _adopt_namespace(self, case_tag: str) -> tuple[str, str]:
        """Take this testcase's namespace for the quick comparisons: prefixed files stay fast."""
        ns = case_tag[: case_tag.index("}") + 1] if case_tag.startswith("{") else ""
        for tag, shape in CHILD_SHAPES.items():
            self.child_shapes[ns + tag] = shape
            self.child_names[ns + tag] = tag
        self.case_tag, self.suite_tag = case_tag, ns + "testsuite"
        return self.case_tag, self.suite_tag

    def _plain_case(self, elem: Any, acc: SuiteAcc, layout: Layout, shape: Shape) -> None:
        """A testcase with the plain attributes of `_fast_layout` that was not only counted."""
        if shape is _FAILS:
            values = elem.values()
            key = (values[layout.classname], values[layout.name])
            if not acc.rerun_any and key not in acc.records:
                self._failing_case(elem, acc, key, values, layout)
                elem.clear()
                return
        elif (
            shape is _PASSES
            and not (self.keep_passing and len(elem) and self._read_whole(elem, acc))
            and self._fast_identified(acc, elem.values(), layout, elem)
        ):
            return
        self._slow_case(elem, acc)
        elem.clear()

    def _read_whole(self, elem: Any, acc: SuiteAcc) -> bool:
        """Whether a kept pass with children takes the slow path. A pass's output is never kept;
        a packed pass's properties are, so it has none, as has a folded one a rerun may take back
        out (`note_folded`); where repeats are reruns a packed pass is kept whole (`Fold`)."""
        packing = self.packed is not None
        if acc.pseudo is not None or (acc.rerun_any if packing else self.fold is None):
            return True
        return (packing or acc.rerun_any) and any(
            self.child_names.get(child.tag) == "properties" for child in elem
        )

    def _fast_identified(self, acc: SuiteAcc, values: list[str], layout: Layout, elem: Any) -> bool:
        """A pass with plain attributes whose identity was looked at; False: the slow path,
        which alone reads a testcase without a classname (a TAP test, dialects rule 13, or
        prove's timing record)."""
        key = (values[layout.classname], values[layout.name])
        if not key[0] or key in acc.records:
            return False
        if acc.rerun_any:
            return self._fast_remembered(acc, values, layout, elem.sourceline)
        if self.fold is not None:
            self._fast_fold(acc, values, layout, elem.sourceline)
        elif self.packed is not None:
            self._fast_pack(acc, values, layout, elem.sourceline)
        elif self.keep_passing:
            self._fast_keep(acc, values, layout, elem.sourceline)
        else:
            self.times.append(values[layout.time])
            acc.passed += 1
        return True

    def _fast_remembered(self, acc: SuiteAcc, values: list[str], layout: Layout, line: int) -> bool:
        """The fast path in a suite where any repeat is a rerun; False: take the slow path."""
        key = (values[layout.classname], values[layout.name])
        if not key[1] or key in acc.records or acc.records.folded.holds(key):
            return False
        if self.keep_passing:
            if self.fold is None:
                acc.records[key] = self._fast_keep(acc, values, layout, line)
            elif (case := self._fast_fold(acc, values, layout, line, key)) is not None:
                acc.records[key] = case
            return True
        hashed = hash(key)
        if hashed in acc.seen:
            return False
        acc.seen[hashed] = _PASSED
        self.times.append(values[layout.time])
        acc.passed += 1
        return True

    def _fast_fold(
        self, acc: SuiteAcc, values: list[str], layout: Layout, line: int, rerun: Key | None = None
    ) -> TestCase | None:
        """A pass counted in its group, and noted by key where a `rerun` may take it back out; kept
        (returned) while it may be one of the file's longest or where `fold_group` says. Only a
        longer pass, or an earlier one as long, pushes it out (`analyze.timing._slowest`)."""
        text = values[layout.time]
        seconds = self.seconds.get(text)
        if seconds is None:
            seconds = self._duration(text, line)
        longest, wanted = self.longest, self.fold.slowest if self.fold is not None else 0
        if len(longest) < wanted:
            heapq.heappush(longest, seconds)
            return self._fast_keep(acc, values, layout, line, seconds)
        if wanted and seconds > longest[0]:
            heapq.heapreplace(longest, seconds)
            return self._fast_keep(acc, values, layout, line, seconds)
        file = values[layout.file] if layout.file >= 0 else None
        group = self.fold_group(acc.path, values[layout.classname], file or None)
        at = values[layout.line] if rerun and layout.line >= 0 else None
        if group is None or (rerun and not self.note_folded(acc, rerun, group, seconds, line, at)):
            return self._fast_keep(acc, values, layout, line, seconds)
        acc.duration += seconds
        acc.passed += 1
        group.durations.append(seconds)
        return None

    def _fast_pack(self, acc: SuiteAcc, values: list[str], layout: Layout, line: int) -> None:
        """`_fast_keep` into `packed`: the same test, without an object of its own."""
        name_at, classname_at, time_at, file_at, line_at = layout
        text = values[time_at]
        seconds = self.seconds.get(text)
        if seconds is None:
            seconds = self._duration(text, line)
        at = self.line_number(values[line_at]) if line_at >= 0 else None
        if not (at is None or 0 <= at <= PackedPasses.MAX_LINE) or line > PackedPasses.MAX_LINE:
            self._fast_keep(acc, values, layout, line, seconds)  # a line the arrays cannot hold
            return
        acc.duration += seconds
        acc.passed += 1
        file = values[file_at] if file_at >= 0 else None
        assert self.packed is not None
        self.packed.add(
            len(self.cases),
            values[name_at],
            values[classname_at],
            acc.path,
            seconds,
            line,
            file or None,
            at,
        )

    def _fast_keep(
        self,
        acc: SuiteAcc,
        values: list[str],
        layout: Layout,
        line: int,
        seconds: float | None = None,
    ) -> TestCase:
        """A kept pass: `_new_record` without an attempt to read. Every case of a big run
        comes here, so what cases repeat (classname, file, duration, line) is shared.
        `seconds`: the duration, when it was read already."""
        name_at, classname_at, time_at, file_at, line_at = layout
        if seconds is None:
            text = values[time_at]
            seconds = self.seconds.get(text)
            if seconds is None:
                seconds = self._duration(text, line)
        acc.duration += seconds
        acc.passed += 1
        share = self.strings.setdefault
        classname = values[classname_at]
        file = values[file_at] if file_at >= 0 else None
        at = self.line_number(values[line_at]) if line_at >= 0 else None
        case = TestCase(
            values[name_at],
            share(classname, classname),
            acc.path,
            _PASSED,
            seconds,
            self.index,
            line,
            share(file, file) if file else None,
            at,
        )
        self.cases.append(case)
        return case

    def _sweep(self, parent: Any, upto: Any) -> None:
        """Delete the processed siblings before `upto`, keeping what the suite itself says."""
        self.flush_times()
        if not self.saw_case:
            self._look_for_strangers(upto.itersiblings(preceding=True))
        said = list(upto.itersiblings(*self.child_tags, preceding=True))
        if said:
            self._harvest(parent, said[::-1])
        del parent[: parent.index(upto)]

    def _acc_for(self, parent: Any, first_case: Any) -> SuiteAcc:
        self.saw_case = True
        self.anchor = parent
        self._root_once(parent)
        acc = self.open.get(parent)
        if acc is None:
            acc = self._open_suite(parent)
        if self.times_acc is not acc:
            self.flush_times()
            self.times_acc = acc
        if not self.case_hinted:
            self.case_hinted = True
            refuse_attribute_flood(first_case, len(first_case.keys()))
            for key, value in first_case.items():
                self.hints[f"case.{key}"] = value
        return acc

    def _open_suite(self, elem: Any) -> SuiteAcc:
        path = self._path_of(elem)
        acc = self.accs.get(path)
        refuse_attribute_flood(elem, len(elem.keys()))
        attrs = dict(elem.items()) if self.is_suite(elem.tag) else {}
        if acc is None:
            acc = SuiteAcc(path, elem.sourceline or 0)
            root_name = self.hints.get("root.name") if self.prolog.root == "testsuites" else None
            if root_name in dialects.RERUNS_LOOK_LIKE_PASSES_ROOTS and path:
                acc.rerun_any = acc.passes_are_attempts = True
            elif attrs and _says_go_version(elem):
                acc.rerun_any = True  # gotestsum: test names are unique in a package
            if root_name in dialects.PSEUDO_CASE_ROOTS:
                acc.pseudo = PseudoCases()
            acc.habits = dialects.HABIT_ROOTS.get(root_name or "") or dialects.HABIT_SUITES.get(
                path[-1] if path else ""
            )
            # Catch2 marks every testcase status="run" (dialects rule 16)
            if (
                acc.habits is None
                and attrs.get("hostname") == dialects.CATCH2_HOSTNAME
                and any(c.get("status") == "run" for c in elem.iterchildren("{*}testcase"))
            ):
                acc.habits = "catch2"
            elif acc.habits is None and dialects.DOCTEST_VERSION in attrs:
                acc.habits = "doctest"
            self.accs[path] = acc
        if attrs:
            self._read_suite_attrs(acc, attrs)
        elif elem.getparent() is None:
            self._read_root_attrs(elem)
        self.open[elem] = acc
        return acc

    def _root_once(self, elem: Any) -> None:
        if not self.root_hinted and self.prolog.root == "testsuites":
            self._read_root_attrs(elem.getroottree().getroot())

    def _path_of(self, elem: Any) -> tuple[str, ...]:
        names: list[str] = []
        node = elem
        while node is not None:
            if self.is_suite(node.tag):
                names.append(node.get("name") or "")
            node = node.getparent()
        return tuple(reversed(names))

    def _read_suite_attrs(self, acc: SuiteAcc, attrs: dict[str, str]) -> None:
        # the first suite with a name gives the hints (until then each suite's replace them)
        if "suite.name" not in self.hints:
            for key, value in attrs.items():
                self.hints[f"suite.{key.rpartition('}')[2]}"] = value
            schema = next((v for k, v in attrs.items() if k.endswith("chemaLocation")), "")
            self.hints["suite.schema"] = schema
        declared = declared_counts(attrs)
        if declared is not None:
            acc.declared = add_declared(acc.declared, declared)
        time = attrs.get("time")
        if time is not None:
            seconds = self._duration(time, acc.line)
            acc.declared_time = seconds + (acc.declared_time or 0.0)
        stamp = dialects.parse_timestamp(attrs.get("timestamp"), self.assume_tz)
        if stamp is not None and (acc.timestamp is None or stamp < acc.timestamp):
            acc.timestamp = stamp
        acc.hostname = acc.hostname or attrs.get("hostname") or None
        if self.prolog.root == "testsuite" and not self.root_hinted:
            self.root_hinted = True
            self.hints.update({f"root.{k}": v for k, v in attrs.items()})

    def _read_root_attrs(self, root: Any) -> None:
        if self.root_hinted:
            return
        refuse_attribute_flood(root, len(root.keys()))
        attrs = dict(root.items())
        self.root_hinted = True
        self.hints.update({f"root.{k}": v for k, v in attrs.items()})
        self.root_declared = declared_counts(attrs)
        if attrs.get("time") is not None:
            self.root_time = self._duration(attrs["time"], root.sourceline)
        self.root_timestamp = dialects.parse_timestamp(attrs.get("timestamp"), self.assume_tz)

    def _leave_suite(self, elem: Any) -> None:
        self._root_once(elem)
        acc = self.open.get(elem) or self._open_suite(elem)
        if self.times_acc is acc:
            self.flush_times()
        self._harvest(elem, list(elem.iterchildren(*self.child_tags)))
        if not self.saw_case:
            self._look_for_strangers(elem.iterchildren())
        del self.open[elem]
        if acc.pseudo is not None and acc.pseudo.candidates:
            _settle_pseudo_cases(acc)
        if acc.sections:
            self.fold_sections(acc)
        self.anchor = elem.getparent()
        # Reruns are written inside the suite element of their test: what is remembered to
        # match them is released with it.
        acc.records.clear()
        acc.histories.clear()
        acc.seen.clear()
        elem.clear()
        parent = elem.getparent()
        if parent is not None:
            self._sweep(parent, elem)

    def _harvest_open(self, root: Any) -> None:
        """After an XML error: what the suites still open at the break said before it (their
        properties, output and suite-level errors), as `_leave_suite` would have read it."""
        node = root
        while node is not None:
            if node.getparent() is None and self.prolog.root == "testsuites":
                self._harvest(node, list(node.iterchildren(*self.child_tags)))
            elif self.is_suite(node.tag):
                said = list(node.iterchildren(*self.child_tags))
                if said or node in self.open:  # a suite already left was cleared: it says nothing
                    self._harvest(node, said)
            node = node[-1] if len(node) else None

    def salvage(self, source: Any) -> None:
        """A file cut before any testcase or suite ended: what its open suites said before the
        break, from a recovering parse of the same bytes (it ends where the data ends)."""
        parser = etree.XMLParser(recover=True, **SAFE_PARSING)
        try:
            root = etree.parse(source, parser).getroot()
        except etree.XMLSyntaxError:
            return
        if root is not None:
            self._harvest_open(root)
            self.cut_in_case = self._ends_in_case(root)

    def _ends_in_case(self, root: Any) -> bool:
        """Whether the innermost element open at the break may be in a testcase (the last
        child chain of the tree passes through one; it may also have closed just before)."""
        node = root
        while node is not None:
            if isinstance(node.tag, str) and local_name(node.tag) == "testcase":
                return True
            node = node[-1] if len(node) else None
        return False

    def read_cut_case(self, source: Any) -> None:
        """The testcase the file was cut inside: counted with its result when a <failure>,
        <error> or <skipped> in it closed before the cut (the test ran, and said how it ended),
        otherwise remembered in `cut_off`. Found by streaming the same bytes again with start
        events, which the first reading does not ask for, to know which results closed."""
        context = EventStream(source, ("start", "end"), _CUT_CASE_TAGS)
        case: Any = None
        closed: set[Any] = set()
        try:
            for event, elem in context:
                if local_name(elem.tag) != "testcase":
                    if event == "end" and case is not None and elem.getparent() is case:
                        closed.add(elem)
                elif event == "start":
                    case, closed = elem, set()
                else:
                    case = None
                    free(elem)
            return  # the same bytes parsed whole: nothing was cut inside a testcase
        except etree.XMLSyntaxError:
            pass
        if case is not None:
            self._count_cut_case(case, closed)

    def _count_cut_case(self, case: Any, closed: set[Any]) -> None:
        for child in list(case):
            if child not in closed and local_name(child.tag) in _CUT_CASE_RESULTS:
                case.remove(child)  # a result cut mid-write says nothing sure
        parent = case.getparent()
        ran = any(local_name(c.tag) in dialects.RESULT_SEVERITY for c in closed)
        if not ran or parent is None:
            self.cut_off += 1
            return
        self.saw_case = True
        acc = self.accs.get(self._path_of(parent)) or self._open_suite(parent)
        self._slow_case(case, acc)
        self.flush_times()

    def _look_for_strangers(self, elems: Iterator[Any]) -> None:
        """Remember the first element no JUnit writer puts beside suites and testcases."""
        if self.unknown is not None:
            return
        for elem in elems:
            if isinstance(elem.tag, str) and local_name(elem.tag) not in _JUNIT_CHILDREN:
                self.unknown = local_name(elem.tag)
                return

    def _nothing_matched(self, root: Any) -> None:
        """A notice for a JUnit-rooted file whose tests, if any, are in elements not read."""
        if self.saw_case or root is None:
            return
        self._look_for_strangers(root.iterchildren())
        if self.unknown is not None:
            self.notice(
                None,
                f"no <testcase> element found, but a <{self.unknown}> element that reportgen "
                "does not read: 0 tests were read from this file",
            )

    def _harvest(self, parent: Any, children: list[Any]) -> None:
        """Read what a suite (or the root) says directly: properties, output, suite-level errors."""
        if not children:
            return
        at_root = parent.getparent() is None and self.prolog.root == "testsuites"
        acc = self.open.get(parent) or self._open_suite(parent)
        for child in children:
            kind = local_name(child.tag)
            if kind in ("failure", "error"):
                self._suite_level_problem(acc, child, kind)
            elif at_root:
                continue  # properties and output of the whole file have no place in the model
            elif kind == "properties":
                acc.properties.update(properties_of(child))
                if not self.properties_hinted:
                    self.properties_hinted = True
                    self.hints.update({f"property.{k}": v for k, v in acc.properties.items()})
            elif kind == "system-out":
                text = text_of(child)
                if acc.tap and text:
                    _tap_skips(acc, text)
                acc.system_out = join_output(acc.system_out, text)
            elif kind == "system-err":
                acc.system_err = join_output(acc.system_err, text_of(child))

    def _suite_level_problem(self, acc: SuiteAcc, elem: Any, kind: str) -> None:
        problem = problem_of(elem, kind)
        outcome = Outcome.ERROR if kind == "error" else Outcome.FAILED
        finer = "suite error" if outcome is Outcome.ERROR else None
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
            kind=finer,
        )
        self.cases.append(case)
        acc.add(outcome)
        acc.mark(finer)
        if outcome is Outcome.ERROR:
            acc.error_runs += 1
        else:
            acc.failed_runs += 1
        self.notice(
            line,
            f"<{kind}> outside any testcase in suite '{name}': "
            f"counted as one {outcome.value} test named after the suite",
        )


def _says_go_version(suite: Any) -> bool:
    """Whether a suite's properties, written before its testcases, name go.version
    (gotestsum; dialects rule 5)."""
    for child in suite:
        if not isinstance(child.tag, str):
            continue
        if local_name(child.tag) != "properties":
            return False
        return any(
            prop.get("name") == dialects.GO_VERSION_PROPERTY
            for prop in child
            if isinstance(prop.tag, str)
        )
    return False


def _mark_skip(elem: Any, acc: SuiteAcc) -> None:
    """Count the finer outcome of a lone <skipped> read on the fast path (todo, xfail)."""
    for child in elem:
        kind = dialects.SKIP_TYPE_KINDS.get(child.get("type") or "")
        if kind is not None:
            acc.mark(kind)
            return


def _note_describes(describes: set[str], name: str | None) -> None:
    """Every describe path above a vitest test name ("a > b > test": "a", "a > b")."""
    parts = (name or "").split(dialects.DESCRIBE_SEPARATOR)
    for end in range(1, len(parts)):
        describes.add(dialects.DESCRIBE_SEPARATOR.join(parts[:end]))


def _settle_pseudo_cases(acc: SuiteAcc) -> None:
    """vitest's testcases for a file that failed to load or a describe block whose hook failed:
    an error of the suite, not a failed test (dialects rule 11)."""
    if acc.pseudo is None:
        return
    candidates, describes = acc.pseudo.candidates, acc.pseudo.describes
    for case in candidates:
        # named after its file: the classname by default, the suite's name whatever a
        # classnameTemplate makes of the classname
        named_after_file = case.name == case.classname or case.suite[-1:] == (case.name,)
        if case.outcome is Outcome.FAILED and (named_after_file or case.name in describes):
            case.outcome, case.kind = Outcome.ERROR, "suite error"
            acc.add(Outcome.FAILED, -1)
            acc.add(Outcome.ERROR)
            acc.mark(case.kind)
            acc.failed_runs -= 1
            acc.error_runs += 1
    candidates.clear()


def _tap_skips(acc: SuiteAcc, tap: str) -> None:
    """TAP::Formatter::JUnit's `ok N # skip` tests, written as plain passes: skipped, as prove
    counts them (dialects rule 13)."""
    assert acc.tap is not None
    for found in dialects.TAP_SKIP_LINE.finditer(tap):
        number = int(found.group(1))
        if number not in acc.tap:
            continue
        case = acc.tap.pop(number)
        acc.add(Outcome.PASSED, -1)
        acc.add(Outcome.SKIPPED)
        if case is not None:
            case.outcome = Outcome.SKIPPED


def _fast_layout(keys: list[str]) -> Layout | None:
    """Positions of name, classname, time, file, line (-1: absent) when all attributes are plain."""
    if "name" not in keys or "classname" not in keys or "time" not in keys:
        return None
    if not _FAST_KEYS.issuperset(keys):
        return None
    file = keys.index("file") if "file" in keys else -1
    line = keys.index("line") if "line" in keys else -1
    return Layout(keys.index("name"), keys.index("classname"), keys.index("time"), file, line)


def _shape(elem: Any, shapes: dict[str, Shape]) -> Shape:
    """PASSES, SKIPS or FAILS when output and properties stand beside at most one result
    element, <skipped>, <failure> or <error>; OTHER for anything else."""
    shape = _PASSES
    for child in elem:
        kind = shapes.get(child.tag, _OTHER)
        if kind is not _PASSES:
            if kind is _OTHER or shape is not _PASSES:
                return _OTHER
            shape = kind
    return shape
