"""The normalized run: the contract between ingest and every later stage.

A `Run` is what reportgen knows after reading its inputs. Counts are always derived
from the test cases themselves; what a file declares about itself is kept beside them
(`DeclaredCounts`) only to be checked.

Test cases are plain slotted dataclasses, not pydantic models: a run can hold a million
of them, and pydantic belongs at the boundaries (JSON in and out, schema), where it
still validates them because dataclasses are pydantic-aware.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, InstanceOf
from pydantic.json_schema import SkipJsonSchema

SCHEMA_VERSION = 1


class Outcome(StrEnum):
    """Final outcome of one test.

    FLAKY means passed after one or more failing attempts (reruns); it counts as a pass.
    """

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    SKIPPED = "skipped"
    FLAKY = "flaky"


# Finer outcomes some tools name, each counted inside one of the five totals (the tool's own
# word kept so that a reader can hold reportgen's line against the tool's summary).
KIND_OUTCOME: dict[str, Outcome] = {
    "todo": Outcome.SKIPPED,
    "xfail": Outcome.SKIPPED,
    "incomplete": Outcome.SKIPPED,
    # NUnit 2's: not run on purpose, and run without a verdict
    "ignored": Outcome.SKIPPED,
    "inconclusive": Outcome.SKIPPED,
    # skips a report declares but lists no testcase for (mocha-junit-reporter, libtest)
    "not listed": Outcome.SKIPPED,
    "xpass": Outcome.PASSED,
    "expected failure": Outcome.PASSED,
    "risky": Outcome.PASSED,
    "not run": Outcome.FAILED,
    # NUnit 2's NotRunnable: a test that cannot run as written, counted against the run
    "invalid": Outcome.FAILED,
    # cucumber's scenarios that fail the run without a failing step
    "pending": Outcome.FAILED,
    "undefined": Outcome.FAILED,
    "ambiguous": Outcome.FAILED,
    # unittest's: a test marked as an expected failure that passed fails the run
    "unexpected success": Outcome.FAILED,
    "cancelled": Outcome.ERROR,
    "suite error": Outcome.ERROR,
}


def add_kinds(total: dict[str, int], more: dict[str, int]) -> dict[str, int]:
    """Sum two tallies of finer outcomes (kind -> tests)."""
    if not more:
        return total
    summed = dict(total)
    for kind, count in more.items():
        summed[kind] = summed.get(kind, 0) + count
    return summed


class Counts(BaseModel):
    """Outcome counts that add up: totals over suites, files, categories or shards are sums."""

    model_config = ConfigDict(frozen=True)

    passed: int = 0
    failed: int = 0
    errors: int = 0
    skipped: int = 0
    flaky: int = 0

    @property
    def total(self) -> int:
        return self.passed + self.failed + self.errors + self.skipped + self.flaky

    @property
    def executed(self) -> int:
        """Tests that ran: everything but skipped."""
        return self.total - self.skipped

    @property
    def succeeded(self) -> int:
        """Passed, including flaky (passed after rerun)."""
        return self.passed + self.flaky

    @property
    def unsuccessful(self) -> int:
        return self.failed + self.errors

    def pass_rate(self, errors_as_failures: bool = True) -> float | None:
        """Percentage of executed tests that succeeded; None when nothing ran.

        With `errors_as_failures=False`, errors leave the denominator as skipped tests do.
        """
        denominator = self.executed if errors_as_failures else self.executed - self.errors
        if denominator <= 0:
            return None
        return 100.0 * self.succeeded / denominator

    def __add__(self, other: Counts) -> Counts:
        # sums of valid counts are valid: no validation on this path (totals over many suites)
        return Counts.model_construct(
            passed=self.passed + other.passed,
            failed=self.failed + other.failed,
            errors=self.errors + other.errors,
            skipped=self.skipped + other.skipped,
            flaky=self.flaky + other.flaky,
        )

    @classmethod
    def of(cls, outcomes: dict[Outcome, int]) -> Counts:
        """Build from a tally keyed by outcome (what ingest accumulates on its hot path)."""
        return cls.model_construct(
            passed=outcomes.get(Outcome.PASSED, 0),
            failed=outcomes.get(Outcome.FAILED, 0),
            errors=outcomes.get(Outcome.ERROR, 0),
            skipped=outcomes.get(Outcome.SKIPPED, 0),
            flaky=outcomes.get(Outcome.FLAKY, 0),
        )

    def get(self, outcome: Outcome) -> int:
        return {
            Outcome.PASSED: self.passed,
            Outcome.FAILED: self.failed,
            Outcome.ERROR: self.errors,
            Outcome.SKIPPED: self.skipped,
            Outcome.FLAKY: self.flaky,
        }[outcome]


class DeclaredCounts(BaseModel):
    """What a report says about itself in its `tests`/`failures`/`errors`/`skipped` attributes."""

    tests: int | None = None
    failures: int | None = None
    errors: int | None = None
    skipped: int | None = None


@dataclass(slots=True)
class Problem:
    """One failure, error, or failing attempt of a test. Texts are bounded; `truncated` says so."""

    kind: str  # "failure" | "error" | "rerunFailure" | "flakyError" ... (the XML element name)
    type: str | None = None
    message: str | None = None
    details: str | None = None
    truncated: bool = False


@dataclass(slots=True)
class CaseDetail:
    """What a test case carries beyond its identity; only made when there is something to keep."""

    problem: Problem | None = None  # the final failure/error (for flaky: the first failed attempt)
    attempts: list[Problem] = field(default_factory=list)  # earlier failing attempts (reruns)
    skip_message: str | None = None
    system_out: str | None = None
    system_err: str | None = None
    properties: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class TestCase:
    """One test, as compact as the hot path allows.

    `suite` is the nesting path of suites around the case (outermost first); the same tuple
    object is shared by every case of a suite. `input` indexes `Run.inputs`; `source_line`
    is where the (first) `<testcase>` element stood in that file.
    """

    __test__ = False  # not a pytest test class

    name: str
    classname: str
    suite: tuple[str, ...]
    outcome: Outcome
    duration: float
    input: int
    source_line: int
    file: str | None = None
    line: int | None = None
    attempts: int = 1
    detail: CaseDetail | None = None
    kind: str | None = None  # the tool's finer outcome (a key of KIND_OUTCOME), if any

    @property
    def identity(self) -> str:
        """Stable id across runs: classname (or suite path) and name.

        jest-junit's default classname repeats the test's full title; then the name alone
        says it all.
        """
        owner = self.classname or " / ".join(self.suite)
        if not owner or owner == self.name:
            return self.name
        return f"{owner}::{self.name}"


@dataclass(slots=True)
class PassGroup:
    """Passing and skipped tests counted together instead of kept one by one (`Run.folded`).

    A group is every such test of one suite with one classname and file: what category rules
    on suites, inputs, classnames and files look at, so rows can still be counted. Durations
    are kept one by one (a float each, mostly shared) so that sums are exact in any grouping.
    """

    input: int
    suite: tuple[str, ...]
    classname: str
    file: str | None
    durations: list[float] = field(default_factory=list)  # of the passes
    skips: list[float] = field(default_factory=list)  # durations of the skipped tests

    @property
    def passed(self) -> int:
        return len(self.durations)

    @property
    def skipped(self) -> int:
        return len(self.skips)


class PackedPasses:
    """The plain passes of one report, kept without an object each, for a copy of the run that
    holds every test (`summary --json`): names joined a batch at a time (XML text holds no
    NUL), repeated strings and suite paths by index, numbers in arrays.

    `kept_before[i]` is how many of the report's kept cases came before pass i, so `merged`
    puts every pass back in its place among them.
    """

    BATCH = 4096
    MAX_LINE = 2**31 - 1  # line numbers beyond (or below 0) are kept in a case of their own
    __slots__ = (
        "_batches",
        "_classname",
        "_file",
        "_line",
        "_pending",
        "_seconds",
        "_source_line",
        "_string_at",
        "_strings",
        "_suite",
        "_suite_at",
        "_suites",
        "input",
        "kept_before",
        "kept_total",
    )

    def __init__(self, input_index: int) -> None:
        self.input = input_index
        self.kept_total = 0  # the report's kept cases, set when it has been read
        self._batches: list[str] = []
        self._pending: list[str] = []
        self._strings: list[str | None] = [None]
        self._string_at: dict[str | None, int] = {None: 0}
        self._suites: list[tuple[str, ...]] = []
        self._suite_at: dict[tuple[str, ...], int] = {}
        self.kept_before = array("I")
        self._classname = array("I")
        self._file = array("I")
        self._suite = array("I")
        self._seconds = array("d")
        self._source_line = array("I")
        self._line = array("i")  # -1: no line

    def __len__(self) -> int:
        return len(self._seconds)

    def _string(self, text: str | None) -> int:
        at = self._string_at.get(text)
        if at is None:
            at = self._string_at[text] = len(self._strings)
            self._strings.append(text)
        return at

    def add(
        self,
        kept_before: int,
        name: str,
        classname: str,
        suite: tuple[str, ...],
        seconds: float,
        source_line: int,
        file: str | None,
        line: int | None,
    ) -> None:
        suite_at = self._suite_at.get(suite)
        if suite_at is None:
            suite_at = self._suite_at[suite] = len(self._suites)
            self._suites.append(suite)
        self.kept_before.append(kept_before)
        self._classname.append(self._string(classname))
        self._file.append(self._string(file))
        self._suite.append(suite_at)
        self._seconds.append(seconds)
        self._source_line.append(source_line)
        self._line.append(-1 if line is None else line)
        pending = self._pending
        pending.append(name)
        if len(pending) == self.BATCH:
            self._batches.append("\0".join(pending))
            pending.clear()

    def _names(self) -> Iterator[str]:
        for batch in self._batches:
            yield from batch.split("\0")
        yield from self._pending

    def cases(self) -> Iterator[TestCase]:
        """The passes as test cases, in their order."""
        strings, suites, index = self._strings, self._suites, self.input
        columns = zip(
            self._names(),
            self._classname,
            self._suite,
            self._seconds,
            self._source_line,
            self._file,
            self._line,
            strict=True,
        )
        for name, classname, suite, seconds, source_line, file, line in columns:
            yield TestCase(
                name,
                strings[classname] or "",
                suites[suite],
                Outcome.PASSED,
                seconds,
                index,
                source_line,
                strings[file],
                None if line < 0 else line,
            )

    def merged(self, kept: Sequence[TestCase]) -> Iterator[TestCase]:
        """The report's cases in their order: `kept` (its kept cases) with the passes."""
        at = 0
        for before, case in zip(self.kept_before, self.cases(), strict=True):
            while at < before:
                yield kept[at]
                at += 1
            yield case
        yield from kept[at:]


class InputStatus(StrEnum):
    OK = "ok"
    PARTIAL = "partial"  # truncated or broken after some test cases were read
    REJECTED = "rejected"  # nothing usable: not XML, not JUnit, unsafe, unreadable


class InputProblem(BaseModel):
    """Why an input was rejected or is partial, phrased for the person who must act."""

    message: str
    line: int | None = None
    hint: str


class Notice(BaseModel):
    """A warning about the inputs that does not stop the run (e.g. declared counts disagree)."""

    file: str
    line: int | None = None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class Suite(BaseModel):
    """A `<testsuite>`; nesting is kept as `path`. Counts are of the cases directly inside."""

    path: tuple[str, ...]
    input: int
    source_line: int
    timestamp: datetime | None = None
    hostname: str | None = None
    declared_time: float | None = None
    duration: float = 0.0  # sum of its own cases' durations
    counts: Counts = Counts()
    declared: DeclaredCounts | None = None
    properties: dict[str, str] = Field(default_factory=dict)
    system_out: str | None = None
    system_err: str | None = None

    @property
    def name(self) -> str:
        return self.path[-1] if self.path else ""


class InputFile(BaseModel):
    """One report file (or standard input) and what became of it."""

    path: str
    status: InputStatus = InputStatus.OK
    problem: InputProblem | None = None
    # "junit", "trx", "nunit3", "nunit2", "xunit.net" or "ctrf"; None when rejected before the
    # root was seen
    format: str | None = None
    producer: str | None = None  # best guess of the producing tool, e.g. "pytest", "surefire"
    counts: Counts = Counts()
    # finer outcomes inside `counts` (KIND_OUTCOME), e.g. {"todo": 1}: tests, kept or not
    kinds: dict[str, int] = Field(default_factory=dict)
    declared: DeclaredCounts | None = None
    # failures and errors `declared` holds beyond the testcases' (as tests or as runs) that no
    # known habit of the producer explains: a trimmed or edited report
    unread_failures: int = 0
    duration: float = 0.0
    started: datetime | None = None
    finished: datetime | None = None
    suites: int = 0
    size: int = 0


class Timing(BaseModel):
    """A named measurement from `--timings`: one value or many samples."""

    name: str
    unit: str = "ms"
    value: float | None = None
    samples: list[float] = Field(default_factory=list)
    target: float | None = None
    better: str = "lower"  # "lower" | "higher"
    statistic: str | None = None  # which statistic is compared with the target (p95, mean, ...)


class Run(BaseModel):
    """Everything read from one invocation's inputs."""

    schema_version: int = SCHEMA_VERSION
    inputs: list[InputFile] = Field(default_factory=list)
    suites: list[Suite] = Field(default_factory=list)
    cases: list[TestCase] = Field(default_factory=list)
    cases_complete: bool = True  # False when passing cases were not kept (totals-only ingest)
    # Passes and skips counted in groups instead of kept (`cases_complete` is then False);
    # `cases` and these groups together are every test. A render that needs no single passing
    # test reads this way. Never saved: a saved run keeps every case.
    folded: SkipJsonSchema[list[PassGroup] | None] = Field(default=None, exclude=True)
    # Plain passes packed per report instead of kept (`cases_complete` is then False):
    # `every_case()` gives every test. Never saved as such: a saved run writes every case.
    packed: SkipJsonSchema[list[InstanceOf[PackedPasses]] | None] = Field(
        default=None, exclude=True
    )
    counts: Counts = Counts()
    kinds: dict[str, int] = Field(default_factory=dict)  # finer outcomes inside `counts`
    notices: list[Notice] = Field(default_factory=list)
    timings: list[Timing] = Field(default_factory=list)
    started: datetime | None = None
    finished: datetime | None = None

    @property
    def rejected(self) -> list[InputFile]:
        return [i for i in self.inputs if i.status is InputStatus.REJECTED]

    @property
    def partial(self) -> list[InputFile]:
        return [i for i in self.inputs if i.status is InputStatus.PARTIAL]

    @property
    def duration(self) -> float:
        return sum(i.duration for i in self.inputs)

    def every_case(self) -> Iterator[TestCase]:
        """Every test case in order: `cases`, with the packed passes back in their places."""
        if self.packed is None:
            yield from self.cases
            return
        start = 0
        for pack in self.packed:
            kept = self.cases[start : start + pack.kept_total]
            yield from pack.merged(kept)
            start += pack.kept_total
        yield from self.cases[start:]

    def failures(self) -> list[TestCase]:
        return [c for c in self.cases if c.outcome in (Outcome.FAILED, Outcome.ERROR)]

    def dump_json(self, indent: int | None = None) -> str:
        return self.model_dump_json(indent=indent)

    @classmethod
    def load_json(cls, text: str | bytes) -> Run:
        return cls.model_validate_json(text)


def json_schema() -> dict[str, Any]:
    return Run.model_json_schema()
