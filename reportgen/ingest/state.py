"""What the reader keeps while it streams one file: running totals per suite path, the records
a rerun can match, and the state shared by the testcase and suite code."""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from enum import Enum
from typing import Any, NamedTuple

from reportgen.ingest import dialects
from reportgen.ingest.prolog import Prolog
from reportgen.ingest.records import local_name, to_int
from reportgen.model import (
    Counts,
    DeclaredCounts,
    Notice,
    Outcome,
    PackedPasses,
    PassGroup,
    Problem,
    TestCase,
)

# Kept failure texts of one file share this many characters at full length; beyond it each is
# cut to SHORT_TEXT_LIMIT, so that a report with 50,000 failing tests stays in memory.
TEXT_BUDGET = 4_000_000
# Durations and line numbers are kept as one object per distinct spelling, up to this many
# spellings per file: a million kept cases repeat a few thousand of each ("0.004", "318"), and
# a float or int of its own costs a case 24 or 28 bytes. Past it, each case gets its own again.
SHARED_NUMBERS = 16_384
SUITE_CHILD_TAGS = ("properties", "system-out", "system-err", "failure", "error")


class Shape(Enum):
    """What a testcase is, judged from its children alone (`reader._shape`). Members are
    compared by identity on the hot path; OTHER goes through `CaseReading._slow_case`."""

    OTHER = "other"  # anything but output and properties beside at most one result
    PASSES = "passes"  # no result element (a child of this shape says nothing of the outcome)
    SKIPS = "skips"  # one <skipped>
    FAILS = "fails"  # one <failure> or <error>


# In a totals-only reading these are only counted, unless they may be reruns. A tuple, not a
# set: `in` compares by identity first, where a set would call Enum's Python-level hash.
ONLY_COUNTED = (Shape.PASSES, Shape.SKIPS)
CHILD_SHAPES: dict[str, Shape] = {
    "system-out": Shape.PASSES,
    "system-err": Shape.PASSES,
    "properties": Shape.PASSES,
    "skipped": Shape.SKIPS,
    "failure": Shape.FAILS,
    "error": Shape.FAILS,
}
UNSETTLED = (Outcome.FAILED, Outcome.ERROR)  # outcomes a later record of the same test can rerun

# A test's identity within a suite: (classname, name).
Key = tuple[str, str]
# What a `PassGroup` gathers: suite path, classname, file.
GroupKey = tuple[tuple[str, ...], str, str | None]


class Layout(NamedTuple):
    """Where a plain testcase's attributes stand in `elem.values()` (-1: absent); the same for
    every testcase whose `keys()` list is the same (`reader._fast_layout`)."""

    name: int
    classname: int
    time: int
    file: int
    line: int


class Cut(NamedTuple):
    """Where the XML broke off: libxml2's message, and its line and column when it gave one."""

    message: str
    line: int | None
    column: int | None


@dataclass(slots=True)
class DurationTrouble:
    """Durations of one kind of trouble (`dialects.parse_duration`): how many, and the first
    line that showed it (0 while none is known)."""

    count: int
    first_line: int


@dataclass(slots=True)
class PseudoCases:
    """vitest writes a failing describe block or file as a testcase after its tests: the kept
    failures that may be one, and every describe path seen (dialects rule 11)."""

    candidates: list[TestCase] = field(default_factory=list)
    describes: set[str] = field(default_factory=set)


class SuiteAcc:
    """Running totals of one suite path (several elements with the same path share one)."""

    __slots__ = (
        "declared",
        "declared_time",
        "duration",
        "error_runs",
        "failed_runs",
        "habits",
        "histories",
        "hostname",
        "kinds",
        "line",
        "passed",
        "passes_are_attempts",
        "path",
        "properties",
        "pseudo",
        "records",
        "rerun_any",
        "runs_extra",
        "sections",
        "seen",
        "skipped",
        "system_err",
        "system_out",
        "tally",
        "tap",
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
        self.records = Records()
        # Failing attempts in file order of the records merged from several testcases.
        self.histories: dict[Key, list[Problem]] = {}
        # In suites whose producer writes reruns as plain testcases (dialects rule 5), every
        # test is remembered: kept ones in `records`, the others by hash with their outcome.
        self.rerun_any = bool(path) and path[-1] in dialects.RERUNS_LOOK_LIKE_PASSES
        # pytest-rerunfailures writes a failed attempt as a pass; gotestsum does not
        self.passes_are_attempts = self.rerun_any
        self.seen: dict[int, Outcome] = {}
        self.kinds: dict[str, int] = {}  # finer outcomes of its tests (model.KIND_OUTCOME)
        self.pseudo: PseudoCases | None = None  # in vitest's files only
        # the producer whose habits need every testcase looked at: "node-tap" (dialects rule
        # 14), "nose2" (rule 15); None for most
        self.habits: str | None = None
        # Catch2's leaf sections of one test case, by (classname, test case name): each one's
        # outcome, finer outcome, duration and kept case (dialects rule 16)
        self.sections: dict[Key, list[tuple[Outcome, str | None, float, TestCase | None]]] = {}
        # TAP test numbers of passes written by TAP::Formatter::JUnit, and the kept case of
        # each: a `# skip` in the suite's TAP output makes one skipped (dialects rule 13)
        self.tap: dict[int, TestCase | None] | None = None

    def counts(self) -> Counts:
        tally = dict(self.tally)
        tally[Outcome.PASSED] = tally.get(Outcome.PASSED, 0) + self.passed
        tally[Outcome.SKIPPED] = tally.get(Outcome.SKIPPED, 0) + self.skipped
        return Counts.of(tally)

    def add(self, outcome: Outcome, amount: int = 1) -> None:
        self.tally[outcome] = self.tally.get(outcome, 0) + amount

    def remember_tap(self, number: int, case: TestCase | None) -> None:
        if self.tap is None:
            self.tap = {}
        self.tap[number] = case

    def mark(self, kind: str | None, amount: int = 1) -> None:
        if kind is not None:
            self.kinds[kind] = self.kinds.get(kind, 0) + amount


class Records(dict[Key, TestCase]):
    """Tests a later record can rerun, by (classname, name); `names` holds every name ever
    stored, so that the fast path can rule a testcase out with one lookup. `folded`: the passes
    counted in groups where a later record can still rerun them (pytest's suites)."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.folded = FoldedPasses()

    def __setitem__(self, key: Key, case: TestCase) -> None:
        self.names.add(key[1])
        dict.__setitem__(self, key, case)

    def clear(self) -> None:
        self.names.clear()
        self.folded.clear()
        super().clear()


# A folded pass taken back out of its group: (group, duration, line, `line` attribute, place).
Taken = tuple[PassGroup, float, int, int | None, int]
NO_LINE = -(2**31)  # `FoldedPasses.ats` for a testcase without a `line` attribute
MAX_PLACE = 2**31 - 1  # kept cases before a folded pass that `FoldedPasses` can place


class FoldedPasses:
    """Passes folded where a later record of the same test is its rerun, found by the hash of
    (classname, name) in an open-addressing table over arrays: no object per pass, as a suite
    of a million passes needs. What a pass needs to leave its group and stand as the case a read
    keeping every case makes of it: its group, duration, lines, and its place among the kept
    cases (`place`: kept cases before it, times 2**32, plus the fold's number)."""

    __slots__ = ("_table", "ats", "group_of", "groups", "hashes", "lines", "places", "seconds")

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self._table = array("i", bytes(4 * 8))  # entry + 1 per slot; 0: empty
        self.hashes = array("q")
        self.seconds = array("d")
        self.lines = array("i")
        self.ats = array("i")
        self.places = array("q")
        self.group_of = array("i")  # index in `groups`; -1 once taken back
        self.groups: list[PassGroup] = []

    def __len__(self) -> int:
        return len(self.hashes)

    def add(
        self, key: Key, group: PassGroup, seconds: float, line: int, at: int, place: int
    ) -> None:
        hashed = hash(key)
        if 2 * (len(self.hashes) + 1) > len(self._table):
            self._grow()
        self._table[self._slot(hashed)] = len(self.hashes) + 1
        self.hashes.append(hashed)
        self.seconds.append(seconds)
        self.lines.append(line)
        self.ats.append(at)
        self.places.append(place)
        if not self.groups or self.groups[-1] is not group:
            self.groups.append(group)
        self.group_of.append(len(self.groups) - 1)

    def holds(self, key: Key) -> bool:
        return bool(self.hashes) and self._find(key) >= 0

    def take(self, key: Key) -> Taken | None:
        """The pass folded as this test, no longer in the table."""
        found = self._find(key) if self.hashes else -1
        if found < 0:
            return None
        group = self.groups[self.group_of[found]]
        self.group_of[found] = -1
        at = self.ats[found]
        line, place = self.lines[found], self.places[found]
        return group, self.seconds[found], line, None if at == NO_LINE else at, place

    def _find(self, key: Key) -> int:
        """The entry of this test, or -1. A 64-bit hash and the classname identify it, as the
        hashes of `SuiteAcc.seen` do."""
        hashed, table, mask = hash(key), self._table, len(self._table) - 1
        slot = hashed & mask
        while entry := table[slot]:
            found = entry - 1
            if (
                self.hashes[found] == hashed
                and self.group_of[found] >= 0
                and self.groups[self.group_of[found]].classname == key[0]
            ):
                return found
            slot = (slot + 1) & mask
        return -1

    def _slot(self, hashed: int) -> int:
        table, mask = self._table, len(self._table) - 1
        slot = hashed & mask
        while table[slot]:
            slot = (slot + 1) & mask
        return slot

    def _grow(self) -> None:
        self._table = array("i", bytes(8 * len(self._table)))
        for entry, hashed in enumerate(self.hashes, 1):
            self._table[self._slot(hashed)] = entry


@dataclass(frozen=True)
class Fold:
    """Count plain passes in `PassGroup`s instead of keeping them (`Run.folded`).

    A pass that may be among the `slowest` longest tests of its file is kept as a case, in its
    place, so the slowest-tests list is the same as when every case is kept. Passes read off
    the fast path (reruns, odd attributes) are kept as cases too. A folded pass's properties
    are not read: a run read this way is for an analysis without property rules.

    With `claims` (which categories claim the tests of a report's suite path, classname and
    file: each whose rules match, the one they join first; None for none), the warnings about
    categories get from the kept cases what a read keeping every case gives: every test no
    category claims is kept, and so is the first test of each `claims` answer, and the first
    test of each of the first `examples` classnames, files and classnames without a file.
    """

    slowest: int
    claims: Callable[[str, tuple[str, ...], str, str | None], tuple[str, ...] | None] | None = None
    examples: int = 0


class ReaderState:
    """The reader's state, and the bookkeeping every part of it uses."""

    def __init__(
        self,
        display: str,
        index: int,
        prolog: Prolog,
        keep_passing: bool,
        assume_tz: tzinfo,
        fold: Fold | None = None,
        pack: bool = False,
    ) -> None:
        self.display = display
        self.index = index
        self.prolog = prolog
        self.keep_passing = keep_passing or fold is not None
        self.fold = fold
        # per (suite path, classname, file): the durations of its folded passes and skips
        self.groups: dict[GroupKey, PassGroup] = {}
        self.claimed: dict[GroupKey, tuple[str, ...] | None] = {}  # `Fold.claims` answers
        self.first_claims: set[tuple[str, ...]] = set()  # answers whose first test was kept
        self.examples: tuple[set[str], set[str], set[str]] = (set(), set(), set())
        self.taken: list[tuple[int, TestCase]] = []  # folded passes a rerun took back, by place
        self.folds_noted = 0
        self.longest: list[float] = []  # a heap of the `fold.slowest` longest passes seen
        # with `pack`, plain passes no later record can change go here, not into `cases`
        self.packed = PackedPasses(index) if pack else None
        self.assume_tz = assume_tz
        # Elements are matched by local name: some writers put JUnit in a namespace, on the root
        # or on any element below it, with or without a prefix. The tags of the root's default
        # namespace are kept for the quick comparisons of the common case.
        ns = f"{{{prolog.namespace}}}" if prolog.namespace else ""
        self.case_tag = ns + "testcase"
        self.suite_tag = ns + "testsuite"
        self.child_tags = tuple("{*}" + t for t in SUITE_CHILD_TAGS)
        spellings = {"", ns}
        self.child_shapes = {p + t: shape for t, shape in CHILD_SHAPES.items() for p in spellings}
        self.child_names = {p + t: t for t in CHILD_SHAPES for p in spellings}
        self.saw_case = False
        self.anchor: Any = None  # an element still in the tree, to reach it after an XML error
        self.unknown: str | None = None  # an element no JUnit reader knows, while no case is seen
        self.cases: list[TestCase] = []
        self.dropped: set[int] = set()  # ids of cases folded into another (Catch2's sections)
        self.notices: list[Notice] = []
        self.accs: dict[tuple[str, ...], SuiteAcc] = {}
        self.open: dict[Any, SuiteAcc] = {}
        self.hints: dict[str, str] = {"root": prolog.root}  # what `guess_producer` looks at
        # Which first elements have given their attributes to `hints`.
        self.root_hinted = False
        self.case_hinted = False
        self.properties_hinted = False
        self.root_declared: DeclaredCounts | None = None
        self.root_time: float | None = None
        self.root_timestamp: datetime | None = None
        self.duration_problems: dict[str, DurationTrouble] = {}  # by the notice's wording
        self.cut: Cut | None = None
        self.cut_in_case = False  # the XML broke off where a testcase may still be open
        self.cut_off = 0  # testcases cut before any result in them closed: not counted
        self.times: list[str] = []
        self.times_acc: SuiteAcc | None = None
        self.text_budget = TEXT_BUDGET
        self.strings: dict[str, str] = {}  # one copy of the strings kept tests repeat
        self.seconds: dict[str, float] = {}  # `time` spellings read without trouble
        self.line_numbers: dict[str, int] = {}
        self.shortened = 0

    def group(self, path: tuple[str, ...], classname: str, file: str | None) -> PassGroup:
        """The group of folded tests with this suite path, classname and file."""
        key = (path, classname, file)
        found = self.groups.get(key)
        if found is None:
            found = self.groups[key] = PassGroup(self.index, path, classname, file)
        return found

    def fold_group(
        self, path: tuple[str, ...], classname: str, file: str | None
    ) -> PassGroup | None:
        """The group a pass or skip is folded into; None: it is kept as a case (`Fold.claims`)."""
        key = (path, classname, file)
        found = self.groups.get(key)
        if found is not None:
            return found
        fold = self.fold
        if fold is None or fold.claims is None:
            return self.group(*key)
        if key not in self.claimed:
            claims = self.claimed[key] = fold.claims(self.display, path, classname, file)
            if claims is not None and claims not in self.first_claims:
                self.first_claims.add(claims)
                return None
        if self.claimed[key] is None or self._first_example(classname, file, fold.examples):
            return None
        return self.group(*key)

    def _first_example(self, classname: str, file: str | None, wanted: int) -> bool:
        """Whether this test is the first with one of the file's first `wanted` classnames,
        files, or classnames without a file that name a module (`analyze.categories`)."""
        names, files, bare = self.examples
        new = False
        for seen, value in (
            (names, classname),
            (files, file),
            (bare, classname if file is None and not classname.startswith(".") else ""),
        ):
            if value and len(seen) < wanted and value not in seen:
                seen.add(value)
                new = True
        return new

    def note_folded(
        self,
        acc: SuiteAcc,
        key: Key,
        group: PassGroup,
        seconds: float,
        line: int,
        at_text: str | None,
    ) -> bool:
        """Remember a pass folded where a later record can rerun it; False: one whose numbers
        `FoldedPasses` cannot hold, to keep as a case instead."""
        at = self.line_number(at_text)
        place = len(self.cases)
        if not (
            (at is None or NO_LINE < at <= MAX_PLACE)
            and 0 <= line <= MAX_PLACE
            and place <= MAX_PLACE
            and self.folds_noted < 2**32
        ):
            return False
        noted = NO_LINE if at is None else at
        acc.records.folded.add(key, group, seconds, line, noted, place << 32 | self.folds_noted)
        self.folds_noted += 1
        return True

    def take_back(self, acc: SuiteAcc, key: Key) -> None:
        """A later record of a folded pass (its rerun): the pass leaves its group and becomes the
        case a read keeping every case made of it, put in its place when the file ends."""
        taken = acc.records.folded.take(key)
        if taken is None:
            return
        group, seconds, line, at, place = taken
        group.durations.remove(seconds)  # equal durations are the same float
        share = self.strings.setdefault
        file = share(group.file, group.file) if group.file else None
        classname = share(key[0], key[0])
        case = TestCase(
            key[1], classname, acc.path, Outcome.PASSED, seconds, self.index, line, file, at
        )
        self.taken.append((place, case))
        acc.records[key] = case

    def is_suite(self, tag: Any) -> bool:
        return tag == self.suite_tag or (isinstance(tag, str) and local_name(tag) == "testsuite")

    def flush_times(self) -> None:
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

    def _flush_times_if_other(self, acc: SuiteAcc) -> None:
        if self.times_acc is not acc:
            self.flush_times()
            self.times_acc = acc

    def _duration(self, text: str, line: int | None) -> float:
        seconds: float | None = self.seconds.get(text)
        if seconds is not None:
            return seconds
        seconds, trouble = dialects.parse_duration(text)
        if trouble is None:
            if len(self.seconds) < SHARED_NUMBERS:
                self.seconds[text] = seconds
        else:
            entry = self.duration_problems.get(trouble)
            if entry is None:
                entry = self.duration_problems[trouble] = DurationTrouble(0, line or 0)
            entry.count += 1
            if not entry.first_line and line:
                entry.first_line = line
        return seconds

    def line_number(self, text: str | None) -> int | None:
        """`records.to_int`, one int object per spelling (SHARED_NUMBERS)."""
        if not text:
            return None
        number = self.line_numbers.get(text)
        if number is None:
            number = to_int(text)
            if number is not None and len(self.line_numbers) < SHARED_NUMBERS:
                self.line_numbers[text] = number
        return number

    def notice(self, line: int | None, message: str) -> None:
        self.notices.append(Notice(file=self.display, line=line or None, message=message))
