"""Pass rates and the overall health figure, each with its formula in words."""

from __future__ import annotations

from collections.abc import Mapping

from reportgen.config import Config
from reportgen.model import Counts
from reportgen.percent import format_percent
from reportgen.report import HealthResult
from reportgen.text import plural

_SHOWN_TERMS = 8  # beyond this many categories the formula names the rule, not each term


def without(counts: Counts, removed: Counts | None) -> Counts:
    """`counts` with some failures and errors taken out (they no longer count at all)."""
    if removed is None:
        return counts
    return counts.model_copy(
        update={
            "failed": max(counts.failed - removed.failed, 0),
            "errors": max(counts.errors - removed.errors, 0),
        }
    )


def pass_rate_formula(counts: Counts, errors_as_failures: bool) -> str:
    rate = counts.pass_rate(errors_as_failures)
    if errors_as_failures:
        rule = "passed / run; errors count as failures"
        denominator = counts.executed
    else:
        rule = "passed / (run - errors); errors are left out"
        denominator = counts.executed - counts.errors
    if rate is None:
        return f"{rule}; nothing ran, so there is no pass rate"
    return f"{rule} = {counts.succeeded} / {denominator} = {format_percent(rate)}"


def category_weights(config: Config, names: list[str]) -> dict[str, float]:
    """Weight per row: `health.weights` wins over the category's own weight (default 1)."""
    own = {c.name: c.weight for c in config.categories}
    return {n: config.health.weights.get(n, own.get(n, 1.0)) for n in names}


def weighted_health(
    rows: Mapping[str, Counts], weights: Mapping[str, float], errors_as_failures: bool
) -> float | None:
    """Weighted mean of the rows' pass rates; rows where nothing ran are left out."""
    total = 0.0
    weight_sum = 0.0
    for name, counts in rows.items():
        rate = counts.pass_rate(errors_as_failures)
        weight = weights.get(name, 1.0)
        if rate is None or weight <= 0:
            continue
        total += weight * rate
        weight_sum += weight
    return total / weight_sum if weight_sum > 0 else None


def health_formula(
    rows: Mapping[str, Counts], weights: Mapping[str, float], errors_as_failures: bool
) -> str:
    terms = []
    for name, counts in rows.items():
        rate = counts.pass_rate(errors_as_failures)
        if rate is not None and weights.get(name, 1.0) > 0:
            terms.append((name, weights.get(name, 1.0), rate))
    value = weighted_health(rows, weights, errors_as_failures)
    if not terms:
        return "weighted mean of category pass rates; no category ran any test"
    left_out = len(rows) - len(terms)
    rule = f"weighted mean of the pass rates of {plural(len(terms), 'category', 'categories')}"
    if left_out:
        rule += f" ({left_out} left out: nothing ran or weight 0)"
    if len(terms) <= _SHOWN_TERMS:
        weighted = " + ".join(f"{w:g} x {format_percent(r)} ({n})" for n, w, r in terms)
        weight_sum = sum(w for _, w, _ in terms)
        return f"{rule}: ({weighted}) / {weight_sum:g} = {format_percent(value)}"
    return f"{rule}, each weighted by its category weight = {format_percent(value)}"


def compute_health(
    rows: Mapping[str, Counts],
    config: Config,
    excluded: Mapping[str, Counts] | None = None,
) -> HealthResult:
    """Health of the rows, and (with `health.exclude`) the figure without those failures."""
    eaf = config.pass_rate.errors_as_failures
    weights = category_weights(config, list(rows))
    result = HealthResult(
        value=weighted_health(rows, weights, eaf), formula=health_formula(rows, weights, eaf)
    )
    if config.health.exclude:
        ids = config.health.exclude
        titles = {k.id: k.title for k in config.known_issues}
        reduced = {n: without(c, (excluded or {}).get(n)) for n, c in rows.items()}
        result.excluding = weighted_health(reduced, weights, eaf)
        result.excluded = list(ids)
        result.excluded_titles = [titles[i] for i in ids]
        result.formula += (
            f"; without the failures of {', '.join(ids)} (left out of both counts) "
            f"= {format_percent(result.excluding)}"
        )
    return result
