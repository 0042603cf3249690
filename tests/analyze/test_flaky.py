import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from run_builders import F, K, P, S, archive_run, run_of

from reportgen.analyze.flaky import FLIPPED, RERUN, flaky_tests
from reportgen.archive.store import HistoryStore
from reportgen.model import Outcome, Run

HISTORY: dict[str, list[Outcome]] = {  # runs on 2025-01-01 .. 2025-01-05
    "x": [P, F, P, F, P],
    "y": [P, P, P, F, F],
    "z": [P, P, P, P, P],
    "w": [F, S, P, F, P],
}
CURRENT = run_of({"x": P, "y": F, "z": K}, started=datetime(2025, 1, 6, 9, tzinfo=UTC))


def put(archive: Path, run: Run, date: str, slug: str = "nightly") -> None:
    archive_run(archive, run, slug=slug, date=date)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    for day in range(5):
        put(tmp_path, run_of({t: o[day] for t, o in HISTORY.items()}), f"2025-01-{day + 1:02d}")
    put(tmp_path, run_of({"x": F}), "2025-01-05", slug="other")
    with HistoryStore.open(tmp_path) as opened:
        yield opened


def test_flips_over_the_history_and_this_run(store: HistoryStore) -> None:
    found = {f.test: f for f in flaky_tests(CURRENT, store, slug="nightly")}
    assert list(found) == ["pkg.Mod::w", "pkg.Mod::x", "pkg.Mod::z"]
    w, x, z = found["pkg.Mod::w"], found["pkg.Mod::x"], found["pkg.Mod::z"]
    # w: F (S left out) P F P -> 3 flips over 4 outcomes; absent from this run
    assert (w.reason, w.flips, w.runs, w.flip_rate, w.last_failure) == (
        FLIPPED,
        3,
        4,
        100.0,
        "2025-01-04",
    )
    # x: P F P F P, then P now -> 4 flips over 6 outcomes
    assert (x.reason, x.flips, x.runs, x.flip_rate, x.last_failure) == (
        FLIPPED,
        4,
        6,
        80.0,
        "2025-01-04",
    )
    # z: always passed, needed a rerun now
    assert (z.reason, z.flips, z.runs, z.flip_rate, z.last_failure) == (
        RERUN,
        0,
        6,
        0.0,
        "2025-01-06",
    )


def test_the_window_is_the_last_n_runs(store: HistoryStore) -> None:
    found = flaky_tests(CURRENT, store, last_n=2, slug="nightly")
    assert [(f.test, f.runs) for f in found] == [("pkg.Mod::z", 3)]


def test_other_series_count_when_no_slug_is_given(store: HistoryStore) -> None:
    # Without a slug the window is the last 2 runs of the archive: nightly 01-05 and other 01-05
    # (x: P, F), then x passes now: 2 flips.
    found = {f.test: f for f in flaky_tests(CURRENT, store, last_n=2)}
    assert found["pkg.Mod::x"].flips == 2


def test_without_history_only_reruns_count() -> None:
    (only,) = flaky_tests(CURRENT, None)
    assert (only.test, only.reason, only.runs, only.flip_rate, only.last_failure) == (
        "pkg.Mod::z",
        RERUN,
        1,
        None,
        "2025-01-06",
    )
    assert flaky_tests(run_of({"a": P, "b": F}), None) == []


def test_without_history_a_rerun_whose_identity_also_failed_is_a_failure() -> None:
    # pytest writes a second <testcase> when teardown errors after a passed call
    run = run_of({"z": K, "q": K})
    other = dataclasses.replace(run.cases[0], outcome=Outcome.ERROR, source_line=9)
    same_name = dataclasses.replace(run.cases[1], classname="pkg.Other", outcome=Outcome.FAILED)
    run.cases.extend([other, same_name])
    (only,) = flaky_tests(run, None)
    assert only.test == "pkg.Mod::q"


def test_an_empty_archive_counts_reruns_as_no_history_does(tmp_path: Path) -> None:
    with HistoryStore.open(tmp_path) as empty:
        assert flaky_tests(CURRENT, empty) == flaky_tests(CURRENT, None)
