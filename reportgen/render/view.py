"""What templates receive: plain, documented data.

`WorklogContext` lists everything a template may use; `reportgen.render.context` builds it from
a Report. Numbers arrive formatted and status markers chosen (emoji or ASCII), so templates only
lay things out. Strings marked untrusted come from test data and are left raw: templates put each
one through the escape filter of its context.
"""

from __future__ import annotations

from pydantic import BaseModel

from reportgen.render.story import Story
from reportgen.report import Status

EXAMPLES_PER_GROUP = 3  # tests named per group in the PR profile's table


class Marks(BaseModel):
    """Status markers; plain ASCII words in ASCII mode."""

    ok: str
    fail: str
    warn: str
    blocked: str
    none: str

    @classmethod
    def make(cls, ascii: bool) -> Marks:
        if ascii:
            # a marker never repeats the status word beside it ("[BLOCKED] BLOCKED"); a blocked
            # criterion is not met, so it is marked as a miss, as the `missed` gate counts it
            return cls(
                ok="[PASS]",
                fail="[FAIL]",
                warn="[WARN]",
                blocked="[FAIL]",
                none="[N/A]",
            )
        return cls(ok="✅", fail="❌", warn="⚠️", blocked="🚫", none="❔")

    def status(self, status: Status) -> str:
        return {
            Status.EXCEEDED: self.ok,
            Status.ACHIEVED: self.ok,
            Status.NEAR: self.warn,
            Status.MISSED: self.fail,
            Status.BLOCKED: self.blocked,
            Status.NO_DATA: self.none,
        }[status]

    def rate(self, rate: float | None) -> str:
        if rate is None:
            return self.none
        return self.ok if rate >= 100.0 else self.fail


class Icons(BaseModel):
    """Section icons (each with its trailing space), empty in ASCII mode."""

    execution: str = ""
    matrix: str = ""
    findings: str = ""
    successes: str = ""
    issue: str = ""
    performance: str = ""
    authenticity: str = ""
    remediation: str = ""
    criteria: str = ""
    recommendations: str = ""
    changes: str = ""
    flaky: str = ""
    log: str = ""
    notices: str = ""
    triage: str = ""

    @classmethod
    def make(cls, ascii: bool) -> Icons:
        if ascii:
            return cls()
        return cls(
            execution="🔍 ",
            matrix="📊 ",
            findings="🎯 ",
            successes="✅ ",
            issue="❌ ",
            performance="📈 ",
            authenticity="🔧 ",
            remediation="🚨 ",
            criteria="🎯 ",
            recommendations="💡 ",
            changes="🔄 ",
            flaky="🎲 ",
            log="📋 ",
            notices="📝 ",
            triage="🧭 ",
        )


class Label(BaseModel):
    """A short name in a list that mixes text the team wrote in the configuration (a known
    issue's id and title, whose `#77` must stay a live reference) with text from the test data
    (a failure signature), which is defanged like any test text. Templates use `label_cell`."""

    text: str  # untrusted
    written: bool = False  # written in the configuration: escaped, never defanged


class Field(BaseModel):
    label: str
    value: str  # trusted: formatted by this module or written in the configuration


class Note(BaseModel):
    label: str
    markdown: str  # people-written Markdown from the configuration; templates use `note`


class KnownIssue(BaseModel):
    """Written in the configuration: templates escape it with the `written` filters, which
    keep its @mentions and #refs live."""

    id: str
    title: str
    priority: str
    matched: int
    blocks: bool
    action: str | None
    url: str | None  # http(s) only; anything else is not linked


class SlowRow(BaseModel):
    test: str  # untrusted
    category: str  # untrusted
    duration: str


class MatrixRow(BaseModel):
    name: str  # untrusted
    run: int
    passed: int  # passed + flaky
    failed: int  # failed + errors
    pass_rate: str
    mark: str  # its criterion's status mark; "" when no criterion judges the row alone
    notable: list[Label]  # known issues (written) and group signatures (untrusted)
    extra: list[str]  # trusted: "2 errors", "1 skipped", "1 flaky"
    bold: bool = False


class Health(BaseModel):
    value: str
    excluding: str | None
    excluded: list[str]  # written in the configuration: "id title" of known issues
    formula: str


class MetricRow(BaseModel):
    name: str  # untrusted
    actual: str  # a number or "n/a", without the unit
    actual_unit: str  # untrusted (timing file or configuration); empty without a number
    target: str  # "<= 200" or "-", without the unit
    target_unit: str  # untrusted, as `actual_unit`
    status: str
    mark: str
    detail: str  # trusted: statistic and sample count


class Occurrence(BaseModel):
    where: str  # untrusted: report file:line
    test: str  # untrusted
    location: str | None = None  # untrusted: innermost project frame, path:line


class Issue(BaseModel):
    """One failure group, as the critical-issue section shows it."""

    number: int
    title: str  # untrusted, or written in the configuration with `title_written`
    title_written: bool  # the title is a known issue's, from the configuration
    mark: str
    root_cause: str  # untrusted: "type: message"
    root_cause_line: str | None  # root_cause when the title does not already say it
    known_issue: str | None  # written in the configuration
    signature: str  # untrusted
    type: str | None  # untrusted
    message: str  # untrusted
    count: int
    count_text: str  # "1 failure", "12 failures"
    scope: str  # trusted: "60.0% of failures (12 of 20)"
    categories: list[str]  # untrusted
    files: list[str]  # untrusted
    frames: list[str]  # untrusted
    locations: list[str] = []  # untrusted: innermost project frames, path:line
    spellings: list[str] = []  # untrusted: exception types seen
    first: Occurrence
    last: Occurrence
    details: str | None  # untrusted, shown in a fence
    tests: list[str]  # untrusted
    tests_more: int  # tests of the group not listed
    blocking: bool

    @property
    def examples(self) -> list[str]:
        """Untrusted: the group's first tests, as the PR profile's table names them (a property,
        not a field: a run may have tens of thousands of groups to validate)."""
        return self.tests[:EXAMPLES_PER_GROUP]


class Range(BaseModel):
    category: str
    tests: int
    min: str
    median: str
    max: str


class Suspect(BaseModel):
    test: str
    category: str
    reason: str


class Authenticity(BaseModel):
    checked: list[str]
    ranges: list[Range]
    suspects: list[Suspect]
    threshold: str
    clean: bool
    unjudged: list[str] = []


class PriorityItem(BaseModel):
    level: str
    label: str  # CRITICAL / HIGH / MEDIUM
    title: str  # untrusted (may quote a failure), or written with `known_issue`
    impact: str  # untrusted: names categories
    action: str  # untrusted, or written in the configuration with `known_issue`
    reference: str | None  # known issue id (written) or "proposed new issue"
    known_issue: bool  # the entry is a known issue's: title and action come from the config
    new_issue_signature: str | None = None  # untrusted: a proposed issue's group, as code


class CriterionRow(BaseModel):
    name: str
    target: str
    actual: str
    status: str
    mark: str
    reason: str


class Change(BaseModel):
    name: str
    before: str
    after: str
    delta: str


class Diff(BaseModel):
    baseline: str
    baseline_date: str | None
    summary: str  # trusted: counts before -> after
    categories: list[Change]
    lists: list[TestList]
    # untrusted: ids read from the baseline's sidecar, which may come from anywhere
    resolved_known_issues: list[str]


class TestList(BaseModel):
    """A named list of test identities (new failures, fixed, ...)."""

    __test__ = False

    label: str
    tests: list[str]
    passing: bool  # lists of passing tests are the first thing the PR profile cuts
    more: int = 0  # tests of the list not shown (the PR profile cuts lists)

    @property
    def total(self) -> int:
        """How many tests the list holds, shown or not."""
        return len(self.tests) + self.more


class FlakyRow(BaseModel):
    test: str
    reason: str
    flips: str
    flip_rate: str
    last_failure: str


class TriageRow(BaseModel):
    """One failing test in the triage list; untrusted: test, owners, note."""

    test: str
    kind: str  # its class: new, still failing, ...
    owners: list[str]
    note: str  # a quarantine ticket, an expired one, or ""


class TriageGroup(BaseModel):
    owner: str  # untrusted; "" when the list is not grouped by owner
    rows: list[TriageRow]
    more: int = 0  # rows the PR profile cut


class TriageView(BaseModel):
    """The triage section: counts per class (a column each), the failing tests, the
    quarantine. Untrusted: baseline, the owners in `counts`, quarantine text."""

    lead: str  # trusted: counts and class words
    baseline: str | None
    columns: list[str]  # trusted: "Owner"/"", then class words, then "Total"
    counts: list[list[str]]  # rows of the counts table: owner (or "Total"), then numbers
    groups: list[TriageGroup]
    fixed: TestList | None
    quarantine: list[list[str]]  # ticket, globs, expires, state, failures matched, where
    owners_file: str | None


class SuiteRow(BaseModel):
    name: str
    mark: str
    counts: str
    duration: str
    pass_rate: str


class PhaseItem(BaseModel):
    number: int
    name: str
    status: str  # trusted word: COMPLETED / PARTIAL / REJECTED / FAILED
    mark: str
    command: str | None
    inputs: list[str]
    counts: str
    duration: str
    suites: list[SuiteRow]
    problems: list[str]


class WorklogContext(BaseModel):
    """Everything the worklog templates receive.

    Fields marked untrusted carry text from the inputs and must go through an escape filter;
    the rest is formatted here or written in the configuration.
    """

    ascii: bool
    marks: Marks
    icons: Icons
    title: str
    mission: str | None
    overall: str
    overall_mark: str
    headline: str
    header: list[Field]
    focus: str | None
    notes: list[Note]
    known_issues: list[KnownIssue]
    known_issues_not_seen: list[str]  # ids written in the configuration
    execution: list[Field]
    slowest: list[SlowRow]
    matrix: list[MatrixRow]
    matrix_total: MatrixRow
    definitions: list[Field]  # what each figure counts, stated once
    pass_rate_formula: str
    health: Health
    successes: list[str]  # untrusted: category names at 100%
    metrics_met: list[MetricRow]
    metrics_met_number: int  # the list number of the metrics-met item, after the successes
    issues: list[Issue]  # the top groups, shown in full
    other_groups: list[Issue]  # the rest, one table row each
    failures_total: int
    groups_total: int
    groups_text: str  # "1 group", "3 groups"
    metrics: list[MetricRow]
    metrics_missed: list[MetricRow]  # MISSED, BLOCKED or NEAR TARGET
    authenticity: Authenticity | None
    priorities: list[PriorityItem]
    criteria: list[CriterionRow]
    recommendations: Note | None
    final_status: Note | None
    diff: Diff | None
    flaky: list[FlakyRow]
    phases: list[PhaseItem]
    notices: list[str]
    generated: str
    story: Story  # the facts of the executive summary, assessment and outcome
    triage: TriageView | None = None


Diff.model_rebuild()
