from pathlib import Path

import pytest
from run_builders import E, F, K, P, S, archive_run, case, run_of

from reportgen.analyze.timeline import find_timelines
from reportgen.archive.layout import DATABASE
from reportgen.archive.store import HistoryStore
from reportgen.errors import UsageError
from reportgen.model import Outcome, Run
from reportgen.render.timeline import format_timelines


def put(archive: Path, run: Run, date: str, slug: str = "nightly") -> None:
    archive_run(archive, run, slug=slug, date=date)


def format_timeline(store: HistoryStore, test: str, limit: int | None = None) -> str:
    return format_timelines(find_timelines(store, test, limit))


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    put(tmp_path, run_of({"a": P, "b": F, "c": S}), "2025-01-01")
    put(tmp_path, run_of({"a": P, "b": P, "c": E}), "2025-01-02")
    put(tmp_path, run_of({"a": K, "b": F}), "2025-01-02")
    put(tmp_path, run_of({"b": F}, complete=False), "2025-01-03")
    put(tmp_path, run_of({"a": F}), "2025-01-03", slug="smoke")
    return tmp_path


def answers(store: HistoryStore) -> tuple[object, ...]:
    return (
        store.runs(),
        store.outcomes("pkg.Mod::a"),
        store.outcomes("pkg.Mod::b"),
        store.recent(3),
        store.find_tests("Mod"),
    )


def test_runs_come_oldest_first_with_their_counts(archive: Path) -> None:
    with HistoryStore.open(archive) as store:
        runs = store.runs()
        assert [(r.slug, r.label) for r in runs] == [
            ("nightly", "2025-01-01-01"),
            ("nightly", "2025-01-02-01"),
            ("nightly", "2025-01-02-02"),
            ("nightly", "2025-01-03-01"),
            ("smoke", "2025-01-03-01"),
        ]
        assert runs[1].counts.passed == 2 and runs[1].counts.errors == 1
        assert runs[3].cases_complete is False and runs[3].counts.failed == 1
        assert [r.label for r in store.runs("nightly", last=2)] == [
            "2025-01-02-02",
            "2025-01-03-01",
        ]
        assert runs[0].worklog == "2025/01/nightly-2025-01-01-01.md"


def test_timeline_of_one_test(archive: Path) -> None:
    with HistoryStore.open(archive) as store:
        outcomes = [(r.slug, r.date, r.sequence, r.outcome) for r in store.outcomes("pkg.Mod::a")]
        assert outcomes == [
            ("nightly", "2025-01-01", 1, P),
            ("nightly", "2025-01-02", 1, P),
            ("nightly", "2025-01-02", 2, K),
            ("smoke", "2025-01-03", 1, F),
        ]
        assert [r.outcome for r in store.outcomes("pkg.Mod::a", limit=2)] == [K, F]
        assert [r.outcome for r in store.outcomes("pkg.Mod::a", slug="smoke")] == [F]
        assert store.outcomes("pkg.Mod::nope") == []


def test_deleted_or_damaged_database_is_rebuilt_with_the_same_answers(archive: Path) -> None:
    with HistoryStore.open(archive) as store:
        before = answers(store)
    (archive / DATABASE).unlink()
    with HistoryStore.open(archive) as store:
        assert answers(store) == before
    (archive / DATABASE).write_bytes(b"this is not a database" * 100)
    with HistoryStore.open(archive) as store:
        assert answers(store) == before


def test_removed_and_unreadable_sidecars(archive: Path) -> None:
    (archive / "2025/01/smoke-2025-01-03-01.json").unlink()
    (archive / "2025/01/nightly-2025-01-04-01.json").write_text("{broken")
    with HistoryStore.open(archive) as store:
        assert [r.slug for r in store.runs()] == ["nightly"] * 4
        assert len(store.problems) == 1 and "nightly-2025-01-04-01.json" in store.problems[0]


def test_a_repeated_test_keeps_its_worst_outcome(tmp_path: Path) -> None:
    run = run_of({"a": P})
    run.cases.append(case("a", E, line=9))
    put(tmp_path, run, "2025-01-01")
    with HistoryStore.open(tmp_path) as store:
        (only,) = store.outcomes("pkg.Mod::a")
        assert only.outcome is Outcome.ERROR and only.duration == 0.5


def test_test_lookups_use_the_indexes(archive: Path) -> None:
    with HistoryStore.open(archive) as store:
        plan = " ".join(
            str(tuple(row))
            for row in store._db.execute(
                "EXPLAIN QUERY PLAN SELECT o.outcome FROM outcomes o "
                "JOIN tests t ON t.id = o.test_id JOIN runs r ON r.id = o.run_id "
                "WHERE t.identity = ?",
                ("x",),
            )
        )
    assert "SCAN" not in plan, plan


def test_format_timeline(archive: Path) -> None:
    with HistoryStore.open(archive) as store:
        text = format_timeline(store, "pkg.Mod::b")
        missing = format_timeline(store, "other::b")
    assert text.splitlines() == [
        "pkg.Mod::b: 4 runs, 3 failing, last failure 2025-01-03-01",
        "2025-01-01-01  nightly  failed  0.250s  2025/01/nightly-2025-01-01-01.md",
        "2025-01-02-01  nightly  passed  0.250s  2025/01/nightly-2025-01-02-01.md",
        "2025-01-02-02  nightly  failed  0.250s  2025/01/nightly-2025-01-02-02.md",
        "2025-01-03-01  nightly  failed  0.250s  2025/01/nightly-2025-01-03-01.md"
        "  (run kept failures only)",
    ]
    assert missing.splitlines() == [
        "other::b: no archived outcome",
        "tests with a similar name:",
        "  pkg.Mod::b",
    ]


def test_missing_archive_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        HistoryStore.open(tmp_path / "nowhere")


def test_a_glob_prints_each_matching_timeline(archive: Path) -> None:
    with HistoryStore.open(archive) as store:
        text = format_timeline(store, "pkg.Mod::[ab]")
        assert store.match_tests("*::c") == ["pkg.Mod::c"]
    headers = [line for line in text.splitlines() if line.startswith("pkg.Mod::")]
    assert headers == [
        "pkg.Mod::a: 4 runs, 1 failing, last failure 2025-01-03-01",
        "pkg.Mod::b: 4 runs, 3 failing, last failure 2025-01-03-01",
    ]
