"""Run-over-run diff: what changed between a baseline (an archived sidecar) and this run.

Identity of a test is `TestCase.identity` (classname, or the suite path, and name; never the
report file, so renaming or moving a report changes nothing); a test occurring twice in one
run takes its most severe outcome. Failing means failed or error; passing means passed or
flaky.

Matching across runs: an identity present in both runs is the same test. The rest are matched
by `cross_run_key`, the identity with the volatile parts of its parametrized id (the `[...]`
ending the name) written as placeholders: object addresses `0x7f3a...`, UUIDs, dates and
times, temporary paths, random seeds (`seed=123`) and runs of six or more digits. Such a key
pairs a test of this run with one of the baseline only when each side has exactly one
unmatched test with that key, so `test_x[1]` and `test_x[2]` stay two tests and nothing is
paired by guesswork. The pairs are kept in `RunDiff.matched_as`.

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

import re
from collections.abc import Iterable, Mapping
from typing import TypeVar

from reportgen.archive.outcomes import FAILING, PASSING, outcomes_by_test
from reportgen.archive.sidecar import Sidecar
from reportgen.model import Outcome, Run
from reportgen.report import CategoryChange, CategoryResult, KnownIssueResult, Report, RunDiff

_STOP = r"""[^\]\s,'"]"""  # a temporary path ends where the id's part or the brackets do
_VOLATILE = [
    (
        re.compile(
            rf"(?:/private)?/(?:tmp|var/tmp|var/folders)/{_STOP}*"
            rf"|[A-Za-z]:\\{_STOP}*?\\(?:Temp|tmp)\\{_STOP}*"
            rf"|pytest-of-{_STOP}*|\btmp[a-z0-9_]{{8}}\b"
        ),
        "<tmp>",
    ),
    (re.compile(r"\b[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}\b"), "<uuid>"),
    (re.compile(r"0x[0-9a-fA-F]+"), "0x<hex>"),
    (
        re.compile(
            r"\d{4}-\d{2}-\d{2}(?:[T _]\d{2}[:.-]?\d{2}(?:[:.-]?\d{2}(?:\.\d+)?)?)?"
            r"(?:Z|[+-]\d{2}:?\d{2})?"
        ),
        "<time>",
    ),
    (re.compile(r"(?i)(seed[=:_-]?)\d+"), r"\1<n>"),
    (re.compile(r"\d{6,}"), "<n>"),
]


def cross_run_key(identity: str) -> str:
    """The identity with the volatile parts of its parametrized id replaced (module docs)."""
    if not identity.endswith("]"):
        return identity
    name_at = identity.find("::") + 2 if "::" in identity else 0
    start = identity.find("[", name_at)
    if start < 0:
        return identity
    params = identity[start:]
    for pattern, placeholder in _VOLATILE:
        params = pattern.sub(placeholder, params)
    return identity[:start] + params


V = TypeVar("V")


def _by_key(identities: Iterable[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for identity in identities:
        found.setdefault(cross_run_key(identity), []).append(identity)
    return found


def align(current: Iterable[str], baseline: Mapping[str, V]) -> tuple[dict[str, V], dict[str, str]]:
    """`baseline` with each of its tests under the identity it has in this run, and the pairs
    found by `cross_run_key` (current identity -> the baseline's)."""
    now = set(current)
    lonely_now = _by_key(t for t in now if t not in baseline)
    lonely_before = _by_key(t for t in baseline if t not in now)
    pairs = {
        found[0]: before[0]
        for key, found in lonely_now.items()
        if len(found) == 1 and len(before := lonely_before.get(key, [])) == 1
    }
    renamed = {baseline_id: current_id for current_id, baseline_id in pairs.items()}
    aligned = {renamed.get(test, test): value for test, value in baseline.items()}
    return aligned, dict(sorted(pairs.items()))


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
    before, matched_as = align(now, outcomes_by_test(baseline.run))
    common = len(now.keys() & before.keys())
    failing_now, failing_before = _failing(now), _failing(before)
    complete = current.cases_complete and baseline.run.cases_complete
    if common == 0 and before:
        # another project's run, or one of a renamed suite: every failure is absent there,
        # so new, and nothing else can be said
        return RunDiff(
            baseline=baseline_label,
            baseline_date=baseline.report.meta.date,
            new_failures=sorted(failing_now),
            counts_before=baseline.run.counts,
            cases_complete=complete,
            common_tests=0,
        )
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
        common_tests=common,
        matched_as=matched_as,
    )
