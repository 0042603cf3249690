"""`--fail-on` and the exit status: whether a CI job fails, decided from finished results.

Inputs come first: a rejected or partly read report is exit 3 whatever else holds, since the
counts are then incomplete. Otherwise any `--fail-on` condition that holds is exit 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from reportgen.exitcodes import ExitCode
from reportgen.model import InputFile, InputStatus, Run
from reportgen.report import MatchKind, Report, Status, TriageClass
from reportgen.text import plural


class FailOn(StrEnum):
    MISSED = "missed"  # a success criterion not met: MISSED or BLOCKED
    NEAR = "near"  # ... MISSED, BLOCKED or NEAR TARGET
    BLOCKED = "blocked"  # ... BLOCKED
    FAILURES = "failures"  # any failed or errored test, or failures a report declares unread
    DECLARED_FAILURES = "declared-failures"  # a report declares more failures than it holds
    NEW_FAILURES = "new-failures"  # a test failing now that did not fail in the baseline
    NO_TESTS = "no-tests"  # no test result arrived at all
    UNMATCHED = "unmatched"  # a category or criterion matched no test, or a test no category
    NO_PASSED = "no-passed"  # not one test passed: all skipped (or failed), or none at all
    PARSE_ERRORS = "parse-errors"  # an input was rejected or read only in part
    EXPIRED_QUARANTINE = "expired-quarantine"  # a quarantine entry is past its expiry date
    NEVER = "never"


def parse_fail_on(values: list[str]) -> set[FailOn]:
    """Accepts repeated options and comma-separated lists; raises ValueError naming the bad one."""
    chosen: set[FailOn] = set()
    for value in values:
        for part in filter(None, (p.strip() for p in value.split(","))):
            try:
                chosen.add(FailOn(part))
            except ValueError:
                allowed = ", ".join(f.value for f in FailOn)
                raise ValueError(f"--fail-on: unknown value {part!r}; allowed: {allowed}") from None
    if FailOn.NEVER in chosen and len(chosen) > 1:
        raise ValueError("--fail-on: 'never' cannot be combined with other values")
    if FailOn.FAILURES in chosen:
        chosen.add(FailOn.DECLARED_FAILURES)
    return chosen


def undeclared_failures(run: Run) -> list[str]:
    """Files that declare more failures and errors than their test cases hold: a trimmed or
    edited report must not pass a gate on failures."""
    return [
        f"{file.path} declares {_more(file.unread_failures)} than its test cases hold"
        for file in run.inputs
        if file.unread_failures and file.status is not InputStatus.REJECTED
    ]


def _broken(file: InputFile) -> str:
    return "was rejected" if file.status is InputStatus.REJECTED else "was read only in part"


def _outcomes(run: Run) -> str:
    counts = run.counts
    if counts.total == 0:
        return "no test results arrived"
    parts = [(counts.skipped, "skipped"), (counts.failed, "failed"), (counts.errors, "errored")]
    return ", ".join(f"{n} {word}" for n, word in parts if n)


def _more(count: int) -> str:
    return plural(count, "more failure or error", "more failures or errors")


def run_reasons(run: Run, fail_on: set[FailOn]) -> list[str]:
    """Conditions that need only the ingested run."""
    reasons = []
    if FailOn.NO_TESTS in fail_on and run.counts.total == 0:
        reasons.append("no test results arrived (--fail-on no-tests)")
    if FailOn.FAILURES in fail_on and run.counts.unsuccessful:
        unsuccessful = plural(run.counts.errors, "errored test")
        reasons.append(f"{run.counts.failed} failed and {unsuccessful} (--fail-on failures)")
    if FailOn.NO_PASSED in fail_on and run.counts.succeeded == 0:
        reasons.append(f"no test passed ({_outcomes(run)}) (--fail-on no-passed)")
    if FailOn.PARSE_ERRORS in fail_on and (broken := run.rejected + run.partial):
        reasons += [f"{file.path} {_broken(file)} (--fail-on parse-errors)" for file in broken]
    if FailOn.DECLARED_FAILURES in fail_on:
        flag = "failures" if FailOn.FAILURES in fail_on else "declared-failures"
        reasons += [f"{text} (--fail-on {flag})" for text in undeclared_failures(run)]
    return reasons


def report_reasons(report: Report, run: Run, fail_on: set[FailOn]) -> list[str]:
    """Every `--fail-on` condition that holds; empty means the job passes."""
    # a run whose every failing test is quarantined does not fail `failures`: that is what a
    # quarantine entry is for (declared failures no test carries still do)
    triage = report.triage
    excused = (
        FailOn.FAILURES in fail_on
        and triage is not None
        and bool(triage.failures)
        and all(f.triage is TriageClass.QUARANTINED for f in triage.failures)
    )
    reasons = run_reasons(run, fail_on - {FailOn.FAILURES} if excused else fail_on)
    statuses = {
        FailOn.MISSED: {Status.MISSED, Status.BLOCKED},
        FailOn.NEAR: {Status.MISSED, Status.BLOCKED, Status.NEAR},
        FailOn.BLOCKED: {Status.BLOCKED},
    }
    for flag, bad in statuses.items():
        if flag not in fail_on:
            continue
        hit = [c.name for c in report.criteria if c.status in bad]
        if hit:
            reasons.append(f"{_criteria(hit)} (--fail-on {flag.value})")
    if FailOn.UNMATCHED in fail_on and report.match_warnings:
        reasons.append(f"{_unmatched_reason(report)} (--fail-on unmatched)")
    if FailOn.NEW_FAILURES in fail_on:
        if report.diff is None:
            reasons.append("no baseline to compare with (--fail-on new-failures needs --baseline)")
        elif new_failures(report):
            new = plural(len(new_failures(report)), "new failure")
            reasons.append(f"{new} against {report.diff.baseline} (--fail-on new-failures)")
    if FailOn.EXPIRED_QUARANTINE in fail_on and (expired := _expired_reason(report)):
        reasons.append(f"{expired} (--fail-on expired-quarantine)")
    return reasons


def new_failures(report: Report) -> list[str]:
    """Failures the baseline did not have; still failing, known flaky and quarantined tests
    are not new."""
    if report.triage is not None:
        return [f.test for f in report.triage.failures if f.triage is TriageClass.NEW]
    return report.diff.new_failures if report.diff is not None else []


def _expired_reason(report: Report) -> str | None:
    expired = report.triage.expired() if report.triage is not None else []
    if not expired:
        return None
    tickets = ", ".join(f"{q.ticket} ({q.pattern})" for q in expired)
    return f"{plural(len(expired), 'quarantine entry', 'quarantine entries')} expired: {tickets}"


def _criteria(names: list[str]) -> str:
    return f"{'criterion' if len(names) == 1 else 'criteria'} {', '.join(names)}"


def _unmatched_reason(report: Report) -> str:
    kinds = {kind: [w.name for w in report.match_warnings if w.kind is kind] for kind in MatchKind}
    parts = []
    if kinds[MatchKind.CATEGORY]:
        parts.append(f"categories {', '.join(kinds[MatchKind.CATEGORY])} matched no test")
    if kinds[MatchKind.CRITERION]:
        parts.append(f"criteria {', '.join(kinds[MatchKind.CRITERION])} judged no test")
    if kinds[MatchKind.UNMATCHED_TESTS]:
        stray = sum(c.counts.total for c in report.categories if c.unmatched)
        parts.append(f"{plural(stray, 'test')} matched no category")
    return "; ".join(parts)


NO_BASELINE_YET = "no earlier run in the archive yet; nothing counts as new"
# Conditions about criteria, categories and baselines: only a report (render) can hold them.
NEED_A_REPORT = frozenset(
    {
        FailOn.MISSED,
        FailOn.NEAR,
        FailOn.BLOCKED,
        FailOn.NEW_FAILURES,
        FailOn.UNMATCHED,
        FailOn.EXPIRED_QUARANTINE,
    }
)


@dataclass(slots=True)
class Verdict:
    """The gate's decision: `reasons` fail the job, `notes` are said without failing it."""

    status: ExitCode
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def judge(
    run: Run,
    fail_on: set[FailOn],
    report: Report | None = None,
    *,
    first_run_allowed: bool = False,
) -> Verdict:
    """Apply `fail_on` to the run (and the report, when there is one).

    `first_run_allowed`: the baseline is the archive's previous run (`--baseline auto`), so an
    archive without one is the first run of a series, not a missing baseline.
    """
    notes = []
    if report is None and (unjudged := sorted(f.value for f in fail_on & NEED_A_REPORT)):
        notes.append(
            f"--fail-on {', '.join(unjudged)}: nothing to judge without a config and an "
            "analysis; 'reportgen render' judges these"
        )
    if (
        report is not None
        and FailOn.NEW_FAILURES in fail_on
        and first_run_allowed
        and report.diff is None
    ):
        notes.append(NO_BASELINE_YET)
        fail_on = fail_on - {FailOn.NEW_FAILURES}
    reasons = run_reasons(run, fail_on) if report is None else report_reasons(report, run, fail_on)
    if run.rejected or run.partial:
        status = ExitCode.INPUTS_REJECTED
    else:
        status = ExitCode.GATE_FAILED if reasons else ExitCode.OK
    return Verdict(status, reasons, notes)
