from __future__ import annotations

from datetime import UTC, datetime

import pytest
from analyze_builders import case, cat, config, make_run
from hypothesis import given
from hypothesis import strategies as st

from reportgen.analyze import analyze
from reportgen.analyze.timing import _slowest, metric_results, percentile
from reportgen.model import Timing
from reportgen.report import Status

API = [72, 68, 75, 61, 83, 70, 79, 66, 72, 85, 74, 69, 92, 71, 64, 78, 76, 67, 73, 81]


def test_nearest_rank_percentiles_on_known_samples() -> None:
    ordered = sorted(float(v) for v in API)
    assert percentile(ordered, 50) == 72  # rank 10 of 20
    assert percentile(ordered, 95) == 85  # rank 19
    assert percentile(ordered, 99) == 92  # rank 20
    assert percentile([5.0], 95) == 5.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.0  # rank 2, no interpolation


def test_metric_statistics_and_status() -> None:
    timings = [
        Timing(name="api", samples=[float(v) for v in API], target=100, statistic="p95"),
        Timing(
            name="agent", samples=[388, 361, 380, 412, 352, 374, 401], target=500, statistic="p50"
        ),
        Timing(name="ws", value=42, target=50),
        Timing(name="throughput", unit="rps", value=130, target=100, better="higher"),
        Timing(name="plain", value=7),
    ]
    results = {m.name: m for m in metric_results(timings, config())}
    api = results["api"]
    assert (api.actual, api.p50, api.p95, api.p99, api.max, api.samples) == (85, 72, 85, 92, 92, 20)
    assert api.mean == pytest.approx(73.8)
    assert api.status is Status.ACHIEVED  # 15% better than the target
    assert (results["agent"].actual, results["agent"].status) == (380, Status.EXCEEDED)
    assert (results["ws"].statistic, results["ws"].actual) == ("value", 42)
    assert results["ws"].status is Status.ACHIEVED  # 16% better
    assert results["throughput"].status is Status.EXCEEDED  # 30% above, higher is better
    assert (results["plain"].status, results["plain"].target) == (Status.NO_DATA, None)


@pytest.mark.parametrize(
    ("value", "better", "status"),
    [
        (80.0, "lower", Status.EXCEEDED),  # exactly 20% better
        (80.5, "lower", Status.ACHIEVED),
        (100.0, "lower", Status.ACHIEVED),  # on the target
        (100.5, "lower", Status.MISSED),
        (120.0, "higher", Status.EXCEEDED),
        (100.0, "higher", Status.ACHIEVED),
        (99.0, "higher", Status.MISSED),
    ],
)
def test_metric_status_edges(value: float, better: str, status: Status) -> None:
    (result,) = metric_results([Timing(name="m", value=value, target=100, better=better)], config())
    assert result.status is status


def test_config_targets_override_and_add() -> None:
    timings = [Timing(name="api", samples=[float(v) for v in API], target=100, statistic="p95")]
    cfg = config(targets=[{"metric": "api", "target": 80}, {"metric": "missing", "target": 5}])
    api, missing = metric_results(timings, cfg)
    assert (api.target, api.statistic, api.actual, api.status) == (80, "p95", 85, Status.MISSED)
    assert (missing.name, missing.actual, missing.status) == ("missing", None, Status.NO_DATA)
    cfg = config(targets=[{"metric": "api", "target": 80, "statistic": "mean", "unit": "s"}])
    (api,) = metric_results(timings, cfg)
    assert (api.statistic, api.unit, api.status) == ("mean", "s", Status.ACHIEVED)
    assert api.actual == pytest.approx(73.8)


def test_same_metric_in_two_files_pools_samples() -> None:
    timings = [Timing(name="m", value=1), Timing(name="m", samples=[3, 2], target=10)]
    (result,) = metric_results(timings, config())
    assert (result.samples, result.max, result.target, result.statistic) == (3, 3, 10, "p95")


def test_execution_summary() -> None:
    run = make_run(
        [
            case("a", classname="A.T", duration=2.5),
            case("b", classname="B.T", duration=0.5),
            case("c", classname="B.T", duration=2.5),
            case("d", "skipped", classname="B.T", duration=0.0),
        ]
    )
    run.started = datetime(2025, 9, 13, 10, 46, 2, tzinfo=UTC)
    run.finished = datetime(2025, 9, 13, 10, 49, 5, tzinfo=UTC)
    cfg = config(
        categories=[cat("A", {"classname": "A.*"}), cat("B", {"classname": "B.*"})], slowest=2
    )
    timing = analyze(run, cfg).timing
    assert timing.total_time == pytest.approx(5.5)
    assert timing.wall_clock == pytest.approx(183.0)
    assert timing.by_category == {"A": 2.5, "B": 3.0}
    # equal durations: input order decides
    assert [(s.test, s.category, s.duration) for s in timing.slowest] == [
        ("A.T::a", "A", 2.5),
        ("B.T::c", "B", 2.5),
    ]


def test_no_wall_clock_without_timestamps() -> None:
    timing = analyze(make_run([case("a")]), config()).timing
    assert timing.wall_clock is None


def test_skipped_tests_are_not_among_the_slowest() -> None:
    """A skip that reports a long time (a slow skip condition) ran no test."""
    run = make_run([case("ran", duration=1.0), case("skip", "skipped", duration=9.0)])
    timing = analyze(run, config(slowest=5)).timing
    assert [s.test for s in timing.slowest] == ["pkg.TestA::ran"]


@given(
    st.lists(st.tuples(st.sampled_from([0.0, 0.5, 1.0, 2.5, 7.0]), st.booleans()), max_size=30),
    st.integers(min_value=0, max_value=12),
)
def test_slowest_is_the_head_of_the_full_ordering(
    cases: list[tuple[float, bool]], count: int
) -> None:
    made = [
        case(f"t{i}", "skipped" if skipped else "passed", duration=seconds)
        for i, (seconds, skipped) in enumerate(cases)
    ]
    ran = [i for i, (_, skipped) in enumerate(cases) if not skipped]
    ordered = sorted(ran, key=lambda i: (-cases[i][0], i))
    assert _slowest(made, count) == ordered[:count]


def test_negative_latency_samples_are_left_out_with_a_notice() -> None:
    timings = [
        Timing(name="api", samples=[-5000.0, -1.0, 90.0, 95.0], target=100),
        Timing(name="drift", unit="%", samples=[-3.0, 2.0], target=5),  # may go below zero
    ]
    run = make_run([case("a")]).model_copy(update={"timings": timings})
    report = analyze(run, config())
    api, drift = report.metrics
    # p95 of the two real samples; before, -5000 ms counted and made it EXCEEDED
    assert (api.samples, api.actual, api.status) == (2, 95.0, Status.ACHIEVED)
    assert drift.samples == 2
    notices = [n for n in report.notices if "negative" in n]
    assert notices == [
        "timing 'api': 2 of 4 samples are negative (lowest -5000 ms), which no duration is: "
        "left out"
    ]


def test_a_single_negative_duration_leaves_the_metric_without_data() -> None:
    run = make_run([case("a")]).model_copy(
        update={"timings": [Timing(name="api", value=-20.0, target=100)]}
    )
    report = analyze(run, config())
    (api,) = report.metrics
    assert (api.actual, api.status, api.samples) == (None, Status.NO_DATA, 0)
    assert any("timing 'api': 1 of 1 samples are negative" in n for n in report.notices)
