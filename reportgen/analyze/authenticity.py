"""Plausibility of durations in categories that claim to use real services.

Suspects: executed tests (passed ones too) faster than `authenticity.min_duration`; a
category whose tests all took exactly the same time (one line for the category instead of
one per test, since identical or all-zero durations mean nothing was measured); suites
that declare a time below `suite_time_ratio` of the sum of their tests. At most
`MAX_PER_CATEGORY` fast tests are named per category; one more line counts the rest.
A checked category where no test ran is named as not judged, never passed as clean.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from reportgen.config import Config
from reportgen.model import Outcome, Run, TestCase
from reportgen.report import AuthenticityResult, DurationRange, Suspect

MAX_PER_CATEGORY = 20


def checked_categories(config: Config, rows: Sequence[str]) -> list[str]:
    """Rows marked `real_services` (all default rows when the worklog itself says so)."""
    if config.categories:
        marked = {c.name for c in config.categories if c.real_services}
        return [r for r in rows if r in marked]
    return list(rows) if config.worklog.real_services else []


def _fast_tests(category: str, cases: list[TestCase], floor: float) -> list[Suspect]:
    durations = [c.duration for c in cases]
    if len(cases) >= 2 and len(set(durations)) == 1:
        took = "0s" if durations[0] == 0 else f"exactly {durations[0]:.3f}s"
        return [
            Suspect(
                test=f"all {len(cases)} tests",
                category=category,
                reason=f"every test took {took}: the durations were not measured",
            )
        ]
    fast = [c for c in cases if c.duration < floor]
    suspects = [
        Suspect(
            test=c.identity,
            category=category,
            reason=f"took {c.duration:.3f}s, under the {floor:g}s a real service call needs",
        )
        for c in fast[:MAX_PER_CATEGORY]
    ]
    if len(fast) > MAX_PER_CATEGORY:
        suspects.append(
            Suspect(
                test=f"{len(fast) - MAX_PER_CATEGORY} more tests",
                category=category,
                reason=f"also under {floor:g}s",
            )
        )
    return suspects


def _slim_suites(
    run: Run, assigned: Sequence[str], checked: set[str], ratio: float
) -> list[Suspect]:
    owner: dict[tuple[int, tuple[str, ...]], str] = {}
    for case, category in zip(run.cases, assigned, strict=True):
        if category in checked:
            owner.setdefault((case.input, case.suite), category)
    suspects = []
    for suite in run.suites:
        owned = owner.get((suite.input, suite.path))
        if owned is None or suite.declared_time is None or suite.duration <= 0:
            continue
        if suite.declared_time < ratio * suite.duration:
            suspects.append(
                Suspect(
                    test=" / ".join(suite.path) or "(unnamed suite)",
                    category=owned,
                    reason=(
                        f"the suite declares {suite.declared_time:.3f}s but its tests add up to "
                        f"{suite.duration:.3f}s (less than {ratio:g} of it)"
                    ),
                )
            )
    return suspects


def check_authenticity(
    run: Run, config: Config, assigned: Sequence[str], rows: Sequence[str]
) -> AuthenticityResult | None:
    """Suspects and duration ranges per checked category; None when none is checked."""
    checked = checked_categories(config, rows)
    if not checked:
        return None
    floor = config.authenticity.min_duration
    executed: dict[str, list[TestCase]] = {name: [] for name in checked}
    for case, category in zip(run.cases, assigned, strict=True):
        if category in executed and case.outcome is not Outcome.SKIPPED:
            executed[category].append(case)
    ranges: list[DurationRange] = []
    suspects: list[Suspect] = []
    unjudged: list[str] = []
    for name in checked:
        cases = executed[name]
        if not cases:
            unjudged.append(name)
            continue
        durations = [c.duration for c in cases]
        ranges.append(
            DurationRange(
                category=name,
                tests=len(cases),
                min=min(durations),
                median=statistics.median(durations),
                max=max(durations),
            )
        )
        suspects += _fast_tests(name, cases, floor)
    suspects += _slim_suites(run, assigned, set(checked), config.authenticity.suite_time_ratio)
    return AuthenticityResult(
        checked=checked, ranges=ranges, suspects=suspects, threshold=floor, unjudged=unjudged
    )
