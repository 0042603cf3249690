"""Run-over-run diff: what changed between a baseline (an archived sidecar) and this run.

Identity of a test is `TestCase.identity`; a test occurring twice in one run takes its most
severe outcome. Failing means failed or error; passing means passed or flaky.

- new failures: failing now, and passing, skipped or absent in the baseline
- fixed: failing in the baseline, passing now
- still failing: failing in both
- new / removed tests: present in only one of the two runs
- categories: pass rate before and after, per category name of either report
- resolved known issues: matched failures in the baseline, matched none now (issues no
  longer configured are left out: nothing is known about them)

When either run kept only its failing cases (`cases_complete=False`), a test missing from
that run may have passed or may not exist: new and removed tests are then left empty,
"fixed" only lists tests seen passing, and `RunDiff.cases_complete` is False so the
worklog can say so. Every list is sorted.
"""

from __future__ import annotations

from reportgen.archive.outcomes import FAILING, PASSING, outcomes_by_test
from reportgen.archive.sidecar import Sidecar
from reportgen.model import Outcome, Run
from reportgen.report import CategoryChange, CategoryResult, KnownIssueResult, Report, RunDiff


def _category_changes(
    before: list[CategoryResult], after: list[CategoryResult]
) -> list[CategoryChange]:
    """Categories in the current report's order, then those only the baseline had, by name."""
    rates_before = {c.name: c.pass_rate for c in before}
    changes = [
        CategoryChange(name=c.name, before=rates_before.get(c.name), after=c.pass_rate)
        for c in after
    ]
    current = {c.name for c in after}
    changes += [
        CategoryChange(name=name, before=rates_before[name], after=None)
        for name in sorted(set(rates_before) - current)
    ]
    return changes


def _resolved(before: list[KnownIssueResult], after: list[KnownIssueResult]) -> list[str]:
    matched_now = {issue.id: issue.matched for issue in after}
    return sorted(
        issue.id for issue in before if issue.matched > 0 and matched_now.get(issue.id) == 0
    )


def _failing(outcomes: dict[str, Outcome]) -> set[str]:
    return {test for test, outcome in outcomes.items() if outcome in FAILING}


def diff_runs(
    current: Run, current_report: Report, baseline: Sidecar, baseline_label: str
) -> RunDiff:
    """Compare this run with an archived one; pure, deterministic."""
    now = outcomes_by_test(current)
    before = outcomes_by_test(baseline.run)
    failing_now, failing_before = _failing(now), _failing(before)
    complete = current.cases_complete and baseline.run.cases_complete
    return RunDiff(
        baseline=baseline_label,
        baseline_date=baseline.report.meta.date,
        new_failures=sorted(failing_now - failing_before),
        fixed=sorted(t for t in failing_before if now.get(t) in PASSING),
        still_failing=sorted(failing_now & failing_before),
        new_tests=sorted(set(now) - set(before)) if complete else [],
        removed_tests=sorted(set(before) - set(now)) if complete else [],
        categories=_category_changes(baseline.report.categories, current_report.categories),
        resolved_known_issues=_resolved(baseline.report.known_issues, current_report.known_issues),
        counts_before=baseline.run.counts,
        cases_complete=complete,
    )
