"""Timing metrics against their targets, and the execution summary.

Percentiles use the nearest-rank method: p-th percentile = the sample at rank
ceil(p/100 * n) of the sorted samples, so every figure is a value that was measured.
A metric's status compares the chosen statistic with its target: ACHIEVED when it meets
it, EXCEEDED when it is better by 20% of the target or more, MISSED otherwise, NO DATA
without a target or a value.

The statistic compared is, first found: the one a configured target names explicitly, the
one the timing file names, `value` for a single measurement, else p95. `value` over many
samples is their mean. A configured target's `unit` and `better` win when given.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from itertools import chain
from math import fsum

from reportgen.config import Config, MetricTarget
from reportgen.model import Outcome, Run, TestCase, Timing
from reportgen.report import MetricResult, SlowTest, Status, TimingSummary

EXCEED_FRACTION = 0.2


def percentile(ordered: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of already sorted, non-empty samples."""
    rank = max(1, math.ceil(p / 100.0 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def _merge(timings: Sequence[Timing]) -> dict[str, Timing]:
    """One timing per name; the same name met twice (several files) pools the samples."""
    merged: dict[str, Timing] = {}
    for timing in timings:
        values = timing.samples or ([timing.value] if timing.value is not None else [])
        known = merged.get(timing.name)
        if known is None:
            merged[timing.name] = timing.model_copy(update={"value": None, "samples": values})
            continue
        known.samples = [*known.samples, *values]
        for attr in ("target", "statistic"):
            if getattr(known, attr) is None:
                setattr(known, attr, getattr(timing, attr))
    return merged


def _status(actual: float | None, target: float | None, better: str) -> Status:
    if actual is None or target is None:
        return Status.NO_DATA
    gain = (target - actual) if better == "lower" else (actual - target)
    if gain < -1e-9:
        return Status.MISSED
    if target > 0 and gain >= EXCEED_FRACTION * target - 1e-9:
        return Status.EXCEEDED
    return Status.ACHIEVED


def _metric(name: str, timing: Timing | None, override: MetricTarget | None) -> MetricResult:
    samples = sorted(timing.samples) if timing is not None else []
    explicit = override.model_fields_set if override is not None else set()
    statistic = (
        (override.statistic if override is not None and "statistic" in explicit else None)
        or (timing.statistic if timing is not None else None)
        or ("value" if len(samples) == 1 else "p95")
    )
    stats: dict[str, float | None] = {k: None for k in ("p50", "p95", "p99", "mean", "max")}
    if samples:
        stats = {
            "p50": percentile(samples, 50),
            "p95": percentile(samples, 95),
            "p99": percentile(samples, 99),
            "mean": sum(samples) / len(samples),
            "max": samples[-1],
        }
    chosen = {**stats, "min": samples[0] if samples else None, "value": stats["mean"]}
    target = override.target if override is not None else (timing.target if timing else None)
    better = (timing.better if timing is not None else "lower") or "lower"
    if override is not None and ("better" in explicit or timing is None):
        better = override.better
    unit = (override.unit if override is not None else None) or (timing.unit if timing else "ms")
    actual = chosen.get(statistic)
    return MetricResult(
        name=name,
        unit=unit,
        actual=actual,
        statistic=statistic,
        target=target,
        better=better,
        status=_status(actual, target, better),
        samples=len(samples),
        **stats,
    )


def metric_results(timings: Sequence[Timing], config: Config) -> list[MetricResult]:
    """Every timing metric (input order), then configured targets whose metric is absent."""
    merged = _merge(timings)
    overrides = {t.metric: t for t in config.targets}
    results = [_metric(name, timing, overrides.get(name)) for name, timing in merged.items()]
    results += [_metric(n, None, t) for n, t in overrides.items() if n not in merged]
    return results


def _slowest(cases: Sequence[TestCase], count: int) -> list[int]:
    """Indexes of the `count` longest tests that ran, longest first, ties in input order."""
    if count <= 0:
        return []
    durations = [case.duration for case in cases if case.outcome is not Outcome.SKIPPED]
    if not durations:
        return []
    # the cut-off first, with plain floats; then only the few cases at or above it
    cutoff = heapq.nlargest(count, durations)[-1]
    chosen = [
        i
        for i, case in enumerate(cases)
        if case.duration >= cutoff and case.outcome is not Outcome.SKIPPED
    ]
    chosen.sort(key=lambda i: (-cases[i].duration, i))
    return chosen[:count]


def execution_summary(
    run: Run, assigned: Sequence[str], by_category: dict[str, float], count: int
) -> TimingSummary:
    """Total test time, wall clock, time per category and the `count` slowest tests."""
    if run.cases_complete or run.folded is not None:
        # exact (fsum): the same total whether passes were kept or folded
        groups = run.folded or []
        total = fsum(
            chain(
                (c.duration for c in run.cases),
                *(g.durations for g in groups),
                *(g.skips for g in groups),
            )
        )
    else:
        total = sum(suite.duration for suite in run.suites)
    wall = None
    if run.started is not None and run.finished is not None:
        span = (run.finished - run.started).total_seconds()
        wall = span if span >= 0 else None
    slowest = _slowest(run.cases, count)
    return TimingSummary(
        total_time=total,
        wall_clock=wall,
        by_category=by_category,
        slowest=[
            SlowTest(
                test=run.cases[i].identity, category=assigned[i], duration=run.cases[i].duration
            )
            for i in slowest
        ],
    )
