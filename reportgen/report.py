"""The analyzed report: the contract between analyze and render.

Everything a worklog shows is computed here, as plain data; templates only lay it out.
Percentages are 0-100 floats (None when there is nothing to compute them from).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from reportgen.model import Counts, InputStatus


class Status(StrEnum):
    EXCEEDED = "EXCEEDED"
    ACHIEVED = "ACHIEVED"
    NEAR = "NEAR TARGET"
    MISSED = "MISSED"
    BLOCKED = "BLOCKED"
    NO_DATA = "NO DATA"

    @property
    def ok(self) -> bool:
        return self in (Status.EXCEEDED, Status.ACHIEVED)


class Meta(BaseModel):
    """Who/what/when of the worklog (configuration + the run's own timestamps)."""

    title: str
    slug: str
    focus: str | None = None
    session: str | None = None
    environment: str | None = None
    objective: str | None = None
    framework: str | None = None
    mission: str | None = None
    real_services: bool | None = None
    timezone: str = "UTC"
    date: str  # YYYY-MM-DD of the run in the configured zone
    sequence: int = 1  # NN: the run's number within that day (set by deliver)
    started: datetime | None = None
    finished: datetime | None = None
    generated: datetime
    notes: dict[str, str] = Field(default_factory=dict)  # context, open_issues, recommendations...


class CategoryResult(BaseModel):
    name: str
    counts: Counts
    pass_rate: float | None
    duration: float
    weight: float = 1.0
    real_services: bool = False
    notable: list[str] = Field(default_factory=list)  # known issue ids / group labels
    unmatched: bool = False  # the row of tests no category matched


class CriterionResult(BaseModel):
    name: str
    scope: list[str]  # category names, or ["overall"]
    target: str  # as written, e.g. ">95%"
    actual: float | None
    status: Status
    reason: str  # one line: how the status follows (margin, blocking issue ids)
    blocked_by: list[str] = Field(default_factory=list)


class HealthResult(BaseModel):
    value: float | None
    formula: str  # how it was computed, in words
    excluding: float | None = None  # the second figure, without the excluded known issues
    excluded: list[str] = Field(default_factory=list)  # known issue ids left out
    excluded_titles: list[str] = Field(default_factory=list)


class Occurrence(BaseModel):
    test: str  # identity
    file: str  # input file
    line: int | None  # line in the input; None when other tests stand on it too (one-line XML)
    location: str | None = None  # innermost project frame, `path:line`


class FailureGroup(BaseModel):
    """Failures sharing one root-cause signature."""

    signature: str
    type: str | None
    message: str  # representative, bounded
    count: int
    share: float  # % of all failures and errors
    categories: list[str]
    files: list[str]
    tests: list[str]  # bounded list of identities
    tests_total: int
    frames: list[str] = Field(default_factory=list)  # frames every traceback of the group shares
    # where to look: innermost project frames (`path:line`), the most failures' first
    locations: list[str] = Field(default_factory=list)
    spellings: list[str] = Field(default_factory=list)  # exception types seen, the most used first
    name: str | None = None  # the `[[groups]]` rule that made the group, as configured
    first: Occurrence
    last: Occurrence
    details: str | None = None  # one bounded traceback
    known_issue: str | None = None  # id
    known_issue_title: str | None = None
    blocking: bool = False

    @property
    def root_cause(self) -> str:
        """`Type: message`, every spelling of the type named when the reports used several."""
        spelled = " / ".join(self.spellings) if len(self.spellings) > 1 else self.type
        return f"{spelled}: {self.message}" if spelled else self.message


class KnownIssueResult(BaseModel):
    id: str
    title: str
    priority: str
    blocks: bool
    matched: int  # failures matched in this run
    action: str | None = None
    url: str | None = None


class Priority(BaseModel):
    level: str  # P0 | P1 | P2
    title: str
    impact: str
    action: str
    signature: str | None = None
    known_issue: str | None = None
    new_issue: bool = False  # an unexplained group proposed as a new issue


class MetricResult(BaseModel):
    name: str
    unit: str
    actual: float | None
    statistic: str  # value | mean | p50 | p95 | p99 | max | min
    target: float | None = None
    better: str = "lower"
    status: Status = Status.NO_DATA
    samples: int = 0
    p50: float | None = None
    p95: float | None = None
    p99: float | None = None
    mean: float | None = None
    max: float | None = None


class SlowTest(BaseModel):
    test: str
    category: str
    duration: float


class TimingSummary(BaseModel):
    total_time: float  # sum of test durations
    wall_clock: float | None = None  # span from the suites' timestamps
    by_category: dict[str, float] = Field(default_factory=dict)
    slowest: list[SlowTest] = Field(default_factory=list)


class DurationRange(BaseModel):
    category: str
    tests: int
    min: float
    median: float
    max: float


class Suspect(BaseModel):
    test: str
    category: str
    reason: str


class AuthenticityResult(BaseModel):
    checked: list[str]  # categories marked real_services
    ranges: list[DurationRange]
    suspects: list[Suspect]
    threshold: float  # seconds
    unjudged: list[str] = Field(default_factory=list)  # checked, but no test ran there

    @property
    def clean(self) -> bool:
        """Some test was judged and none is suspect."""
        return bool(self.ranges) and not self.suspects


class SuiteLine(BaseModel):
    name: str
    counts: Counts
    duration: float
    pass_rate: float | None


class Phase(BaseModel):
    """One phase of the execution log: an input file (or configured group of them)."""

    name: str
    inputs: list[str]
    command: str | None = None
    status: InputStatus
    counts: Counts
    duration: float
    suites: list[SuiteLine]
    problems: list[str] = Field(default_factory=list)  # rejected/partial inputs, one line each


class CategoryChange(BaseModel):
    name: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


class RunDiff(BaseModel):
    baseline: str  # what was compared with (archive path or sidecar)
    baseline_date: str | None = None
    new_failures: list[str] = Field(default_factory=list)
    fixed: list[str] = Field(default_factory=list)
    still_failing: list[str] = Field(default_factory=list)
    new_tests: list[str] = Field(default_factory=list)
    removed_tests: list[str] = Field(default_factory=list)
    categories: list[CategoryChange] = Field(default_factory=list)
    resolved_known_issues: list[str] = Field(default_factory=list)
    counts_before: Counts | None = None
    cases_complete: bool = True  # False: a side kept only failures, new/removed tests unknown
    common_tests: int | None = None  # tests both runs hold; 0: another project's run
    # current identity -> the baseline's, for tests matched only once volatile parts were
    # left out of their parametrized ids (`test_x[0x7f3a]` and `test_x[0x55e1]`)
    matched_as: dict[str, str] = Field(default_factory=dict)


class FlakyTest(BaseModel):
    test: str
    reason: str  # "passed after rerun" | "outcome flipped"
    flips: int = 0
    runs: int = 0
    flip_rate: float | None = None
    last_failure: str | None = None  # date of the last failing run


class TriageClass(StrEnum):
    """What a failing test is to the person reading the run."""

    NEW = "new"  # passed, skipped or absent in the baseline
    STILL_FAILING = "still failing"  # failed in the baseline too
    KNOWN_FLAKY = "known flaky"  # flipped in the archive's recent history
    QUARANTINED = "quarantined"  # an unexpired quarantine entry matches it
    NOT_COMPARED = "not compared"  # no baseline to compare with


class TriagedFailure(BaseModel):
    test: str  # identity
    outcome: str  # failed | error
    triage: TriageClass
    path: str | None = None  # the path its owners were looked up by
    owners: list[str] = Field(default_factory=list)
    owners_rule: str | None = None  # where the owners come from: `CODEOWNERS:12 /tests/`
    ticket: str | None = None  # of the quarantine entry protecting it
    expired_ticket: str | None = None  # of an expired entry that matches it and protects no more
    baseline_outcome: str | None = None  # its outcome in the baseline, when it had one


class QuarantineState(StrEnum):
    ACTIVE = "active"  # protected a failure of this run, or may yet
    EXPIRED = "expired"  # past its date: protects nothing
    STALE = "stale"  # matched no failure in this run or the archived runs looked at


class QuarantineResult(BaseModel):
    ticket: str
    pattern: str  # the entry's globs, `name=test_x*`
    expires: str  # YYYY-MM-DD
    state: QuarantineState
    line: int | None = None  # of the entry in the quarantine file
    reason: str | None = None
    matched: list[str] = Field(default_factory=list)  # failing tests of this run it matches
    runs_looked_at: int = 0  # archived runs the stale check read


class OwnerGroup(BaseModel):
    owner: str  # `@org/team`, an e-mail, or NO_OWNER
    tests: list[str]  # failing tests, in the failure list's order
    counts: dict[str, int] = Field(default_factory=dict)  # TriageClass value -> failing tests


NO_OWNER = "(no owner)"


class Triage(BaseModel):
    """Every failing test classed against a baseline, the archive and the quarantine."""

    baseline: str | None = None
    failures: list[TriagedFailure] = Field(default_factory=list)  # new first, then by class
    fixed: list[str] = Field(default_factory=list)  # failed in the baseline, pass now
    counts: dict[str, int] = Field(default_factory=dict)  # TriageClass value -> failing tests
    quarantine_file: str | None = None
    quarantine: list[QuarantineResult] = Field(default_factory=list)
    # entries broad enough to hide the run's failures (all globs `*`, or every failure of a run)
    quarantine_warnings: list[str] = Field(default_factory=list)
    owners_file: str | None = None  # the CODEOWNERS read, relative to the repository root
    owner_problems: list[str] = Field(default_factory=list)  # lines of it that were skipped
    by_owner: list[OwnerGroup] = Field(default_factory=list)
    group_by_owner: bool = False  # lay the failure list out by owner (`--by-owner`)
    lead: str = ""  # one line, new failures first: what the PR headline leads with

    def count(self, kind: TriageClass) -> int:
        return self.counts.get(kind.value, 0)

    def expired(self) -> list[QuarantineResult]:
        return [q for q in self.quarantine if q.state is QuarantineState.EXPIRED]


class MatchKind(StrEnum):
    CATEGORY = "category"
    CRITERION = "criterion"
    UNMATCHED_TESTS = "unmatched-tests"


class MatchWarning(BaseModel):
    """A part of the configuration that matched no test, or tests that no category matched."""

    kind: MatchKind
    name: str  # the category's or criterion's name; `Unmatched` for tests no category claimed
    message: str  # one line: what matched nothing, its rule, what to check


class Report(BaseModel):
    """What a worklog says, computed from a Run, a Config and (optionally) history."""

    meta: Meta
    counts: Counts
    pass_rate: float | None
    pass_rate_formula: str
    categories: list[CategoryResult]
    health: HealthResult
    criteria: list[CriterionResult] = Field(default_factory=list)
    groups: list[FailureGroup] = Field(default_factory=list)
    failures_total: int = 0
    known_issues: list[KnownIssueResult] = Field(default_factory=list)
    known_issues_not_seen: list[str] = Field(default_factory=list)
    priorities: list[Priority] = Field(default_factory=list)
    metrics: list[MetricResult] = Field(default_factory=list)
    timing: TimingSummary
    authenticity: AuthenticityResult | None = None
    phases: list[Phase] = Field(default_factory=list)
    diff: RunDiff | None = None
    flaky: list[FlakyTest] = Field(default_factory=list)
    triage: Triage | None = None
    notices: list[str] = Field(default_factory=list)  # input warnings, rejected inputs, ...
    match_warnings: list[MatchWarning] = Field(default_factory=list)  # also among the notices
    overall: Status  # the mission/final status
    headline: str  # one line: status, health, counts

    def numbered(self, sequence: int) -> Report:
        """This report as run NN of its day (the number is known only once delivery reserved it)."""
        if self.meta.sequence == sequence:
            return self
        return self.model_copy(update={"meta": self.meta.model_copy(update={"sequence": sequence})})
