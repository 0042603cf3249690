"""Success criteria evaluated on the results.

A criterion's actual is the pooled pass rate of its categories (or their weighted health
with `measure = "health"`); scope `overall` means the health figure of all rows (or the
pooled pass rate with `measure = "pass_rate"`). When `health.exclude` names known issues,
`overall` criteria are judged on the figure without those failures, the one the worklog
prints beside the health.

Status: EXCEEDED when the target is met with `exceed_margin` points or more to spare (and
some to spare at all), ACHIEVED when it is met, NEAR TARGET when it is missed by at most
`near_margin` points, MISSED otherwise. A NEAR/MISSED criterion is BLOCKED instead when
blocking known issues have failures in its scope and leaving those failures out would meet
the target (or leave nothing to measure: every failure there was blocked).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

from reportgen.analyze.health import category_weights, weighted_health, without
from reportgen.config import Config, Criterion, Target, parse_target
from reportgen.model import Counts
from reportgen.percent import format_percent
from reportgen.report import CriterionResult, Status

_EPSILON = 1e-9  # pass rates are float quotients; margins are compared with this slack

Removal = Callable[[Collection[str]], dict[str, Counts]]
"""Failures and errors per category of the known issues with the given ids."""


def _scope(criterion: Criterion, rows: Mapping[str, Counts]) -> list[str]:
    return list(rows) if criterion.scope == "overall" else list(criterion.scope)


def measure(
    criterion: Criterion,
    rows: Mapping[str, Counts],
    config: Config,
    removed: Mapping[str, Counts] | None = None,
) -> float | None:
    """The criterion's actual value, with some failures left out if `removed` says so."""
    names = _scope(criterion, rows)
    scoped = {n: without(rows.get(n, Counts()), (removed or {}).get(n)) for n in names}
    eaf = config.pass_rate.errors_as_failures
    kind = criterion.measure or ("health" if criterion.scope == "overall" else "pass_rate")
    if kind == "health":
        return weighted_health(scoped, category_weights(config, names), eaf)
    pooled = sum(scoped.values(), Counts())
    return pooled.pass_rate(eaf)


def _surplus(actual: float, target: Target) -> float:
    """How far the actual is on the good side of the target (negative: the bad side)."""
    if target.comparator in (">", ">="):
        return actual - target.value
    if target.comparator in ("<", "<="):
        return target.value - actual
    return -abs(actual - target.value)


def shortfall(actual: float | None, target: str) -> float | None:
    """Points by which `actual` misses `target` as written (`>95%`); None when it meets it,
    has no value, or the target cannot be read."""
    if actual is None:
        return None
    try:
        parsed = parse_target(target)
    except ValueError:
        return None
    surplus = _surplus(actual, parsed)
    return None if _meets(surplus, parsed) else 0.0 - surplus


def _meets(surplus: float, target: Target) -> bool:
    if target.comparator in (">", "<"):
        return surplus > _EPSILON
    if target.comparator == "=":
        return surplus > -_EPSILON
    return surplus >= -_EPSILON


def judge(actual: float, criterion: Criterion) -> tuple[Status, str]:
    """Status and reason from the actual value alone (no blocking considered)."""
    target = criterion.parsed_target
    surplus = _surplus(actual, target) + 0.0  # no "-0.0" in reasons
    shown = f"{format_percent(actual)} vs {criterion.target}"
    if _meets(surplus, target):
        if surplus > _EPSILON and surplus >= criterion.exceed_margin - _EPSILON:
            return Status.EXCEEDED, (
                f"{shown}: {surplus:.1f} points to spare "
                f"(the exceed margin is {criterion.exceed_margin:g})"
            )
        return Status.ACHIEVED, (
            f"{shown}: met, {surplus:.1f} points to spare "
            f"(exceeding takes {criterion.exceed_margin:g})"
        )
    if -surplus <= criterion.near_margin + _EPSILON:
        return Status.NEAR, (
            f"{shown}: {0.0 - surplus:.1f} points short "
            f"(within the near margin of {criterion.near_margin:g})"
        )
    return Status.MISSED, f"{shown}: {0.0 - surplus:.1f} points short"


def evaluate(
    criterion: Criterion,
    rows: Mapping[str, Counts],
    config: Config,
    removal: Removal,
    blocking: list[str],
) -> CriterionResult:
    """One criterion: actual, status, the reason in one line, and blocking issue ids."""
    overall = criterion.scope == "overall"
    names = _scope(criterion, rows)
    excluded = list(config.health.exclude) if overall else []
    actual = measure(criterion, rows, config, removal(excluded) if excluded else None)
    result = CriterionResult(
        name=criterion.name,
        scope=["overall"] if overall else names,
        target=criterion.target,
        actual=actual,
        status=Status.NO_DATA,
        reason="no test ran in its scope",
    )
    if actual is None:
        return result
    status, reason = judge(actual, criterion)
    if excluded:
        reason = f"health without {', '.join(excluded)}: {reason}"
    result.status, result.reason = status, reason
    if status in (Status.NEAR, Status.MISSED):
        _maybe_blocked(result, criterion, rows, config, removal, blocking, excluded)
    return result


def _maybe_blocked(
    result: CriterionResult,
    criterion: Criterion,
    rows: Mapping[str, Counts],
    config: Config,
    removal: Removal,
    blocking: list[str],
    excluded: list[str],
) -> None:
    names = set(_scope(criterion, rows))
    present = [
        issue
        for issue in blocking
        if any(c.unsuccessful for n, c in removal([issue]).items() if n in names)
    ]
    if not present:
        return
    unblocked = measure(criterion, rows, config, removal([*excluded, *present]))
    if unblocked is not None and not judge(unblocked, criterion)[0].ok:
        return
    result.status = Status.BLOCKED
    result.blocked_by = present
    after = "nothing would be left to measure" if unblocked is None else format_percent(unblocked)
    result.reason += f"; blocked by {', '.join(present)}: without their failures {after}"
