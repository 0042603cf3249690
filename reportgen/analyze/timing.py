"""Timing metrics against their targets, and the execution summary.

Percentiles use the nearest-rank method: p-th percentile = the sample at rank
ceil(p/100 * n) of the sorted samples, so every figure is a value that was measured.
A metric's status compares the chosen statistic with its target: ACHIEVED when it meets
it, EXCEEDED when it is better by 20% of the target or more, MISSED otherwise, NO DATA
without a target or a value.

The statistic compared is, first found: the one a configured target names explicitly, the
one the timing file names, `value` for a single measurement, else p95. `value` over many
samples is their mean. A configured target's `unit` and `better` win when given.

A duration is never negative: samples below zero of a metric measured in a unit of time are
left out of it, with a notice (a clock stepped back, or a sign lost on the way); other units
(a change in %, a score) may well go below zero.
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
TIME_UNITS = frozenset(
    {
        *("ns", "us", "µs", "μs", "ms", "s", "sec", "secs", "second", "seconds"),
        *("millisecond", "milliseconds", "microsecond", "microseconds"),
        *("nanosecond", "nanoseconds", "m", "min", "mins", "minute", "minutes"),
        *("h", "hr", "hrs", "hour", "hours"),
    }
)


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


def _metric(
    name: str, timing: Timing | None, override: MetricTarget | None
) -> tuple[MetricResult, str | None]:
    """The metric's result, and a notice when samples had to be left out."""
    unit = (override.unit if override is not None else None) or (timing.unit if timing else "ms")
    samples = sorted(timing.samples) if timing is not None else []
    notice = None
    if unit.strip().lower() in TIME_UNITS and samples and samples[0] < 0:
        negative = sum(1 for value in samples if value < 0)
        notice = (
            f"timing {name!r}: {negative} of {len(samples)} samples are negative (lowest "
            f"{samples[0]:g} {unit}), which no duration is: left out"
        )
        samples = samples[negative:]
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
    actual = chosen.get(statistic)
    result = MetricResult(
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
    return result, notice


def assess_metrics(
    timings: Sequence[Timing], config: Config
) -> tuple[list[MetricResult], list[str]]:
    """Every timing metric (input order), then configured targets whose metric is absent; and
    the notices of samples left out."""
    merged = _merge(timings)
    overrides = {t.metric: t for t in config.targets}
    judged = [_metric(name, timing, overrides.get(name)) for name, timing in merged.items()]
    judged += [_metric(n, None, t) for n, t in overrides.items() if n not in merged]
    return [result for result, _ in judged], [notice for _, notice in judged if notice]


def metric_results(timings: Sequence[Timing], config: Config) -> list[MetricResult]:
    """The results of `assess_metrics`, without its notices."""
    return assess_metrics(timings, config)[0]


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
