import multiprocessing
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from run_builders import Archived, F, P, archive_run, report_of, run_of

from reportgen.archive.layout import previous_sidecar
from reportgen.archive.sidecar import Sidecar, load_sidecar
from reportgen.deliver.archive import commit_run, reserve_run
from reportgen.model import Run


def _archive(
    archive: Path, run: Run, date: str = "2025-01-02", slug: str = "nightly", html: bool = False
) -> Archived:
    return archive_run(archive, run, slug=slug, date=date, html=html)


def test_runs_of_a_day_get_successive_numbers_in_month_folders(tmp_path: Path) -> None:
    run = run_of({"a": P, "b": F})
    first, second = _archive(tmp_path, run), _archive(tmp_path, run)
    other_month = _archive(tmp_path, run, date="2025-02-01")
    assert first.worklog == tmp_path / "2025/01/nightly-2025-01-02-01.md"
    assert second.sidecar == tmp_path / "2025/01/nightly-2025-01-02-02.json"
    assert other_month.sequence == 1
    assert second.worklog.read_text() == "# nightly 2025-01-02-02\n"
    loaded = load_sidecar(second.sidecar)
    assert loaded.run == run
    assert loaded.report.meta.sequence == 2
    index = (tmp_path / "INDEX.md").read_text()
    for name in (
        "nightly-2025-01-02-01.md",
        "nightly-2025-01-02-02.md",
        "nightly-2025-02-01-01.md",
    ):
        assert name in index
    with sqlite3.connect(tmp_path / "history.sqlite") as db:
        assert db.execute("SELECT count(*) FROM runs").fetchone()[0] == 3


def test_a_sidecar_that_disagrees_with_its_name_is_refused(tmp_path: Path) -> None:
    run = run_of({"a": P})
    _archive(tmp_path, run)
    with (
        pytest.raises(ValueError, match="says run 1, its name says 2"),
        reserve_run(tmp_path, "nightly", "2025-01-02", html=False) as reserved,
    ):
        commit_run(reserved, "# two\n", Sidecar(run=run, report=report_of(run, sequence=1)))
    assert sorted(p.name for p in (tmp_path / "2025/01").iterdir()) == [
        "nightly-2025-01-02-01.json",
        "nightly-2025-01-02-01.md",
    ]


def test_a_taken_name_moves_the_run_to_the_next_number(tmp_path: Path) -> None:
    stray = tmp_path / "2025/01/nightly-2025-01-02-01.html"
    stray.parent.mkdir(parents=True)
    stray.write_text("kept")
    done = _archive(tmp_path, run_of({"a": P}), html=True)
    assert done.sequence == 2
    assert done.html is not None and done.html.read_text() == "<h1>2</h1>"
    assert stray.read_text() == "kept"
    assert "nightly-2025-01-02-02.html" in (tmp_path / "INDEX.html").read_text()


def test_failed_render_leaves_nothing_in_the_archive(tmp_path: Path) -> None:
    run = run_of({"a": P})
    with (
        pytest.raises(RuntimeError),
        reserve_run(tmp_path, "nightly", "2025-01-02", html=True) as reserved,
    ):
        assert len(list((tmp_path / "2025/01").iterdir())) == 3  # claimed, still empty
        raise RuntimeError(f"rendering run {reserved.number} broke")
    assert list((tmp_path / "2025/01").iterdir()) == []
    assert _archive(tmp_path, run).sequence == 1


def test_a_commit_that_fails_halfway_leaves_nothing(tmp_path: Path) -> None:
    run = run_of({"a": P})
    with (
        pytest.raises(TypeError),
        reserve_run(tmp_path, "nightly", "2025-01-02", html=False) as reserved,
    ):
        sidecar = Sidecar(run=run, report=report_of(run, sequence=reserved.number))
        reserved.commit({".md": "# one\n", ".json": sidecar})  # type: ignore[dict-item]
    assert list((tmp_path / "2025/01").iterdir()) == []


def test_previous_sidecar_is_the_latest_of_the_slug(tmp_path: Path) -> None:
    run = run_of({"a": P})
    assert previous_sidecar(tmp_path, "nightly") is None
    _archive(tmp_path, run, date="2024-12-30")
    _archive(tmp_path, run, date="2025-01-02")
    _archive(tmp_path, run, date="2025-01-02")
    _archive(tmp_path, run, date="2025-01-05", slug="nightly-full")
    latest = previous_sidecar(tmp_path, "nightly")
    assert latest is not None and latest.name == "nightly-2025-01-02-02.json"
    earlier = previous_sidecar(tmp_path, "nightly", ("2025-01-02", 2))
    assert earlier is not None and earlier.name == "nightly-2025-01-02-01.json"
    by_day = previous_sidecar(tmp_path, "nightly", "2025-01-01")
    assert by_day is not None and by_day.name == "nightly-2024-12-30-01.json"


def test_previous_sidecar_skips_a_claim_still_being_written(tmp_path: Path) -> None:
    _archive(tmp_path, run_of({"a": P}))
    (tmp_path / "2025/01/nightly-2025-01-02-02.json").touch()
    found = previous_sidecar(tmp_path, "nightly")
    assert found is not None and found.name == "nightly-2025-01-02-01.json"


def _archive_one(archive: Path, barrier: Any, results: Any, index: int) -> None:
    run = run_of({f"t{index}": P, "shared": F if index % 2 else P})
    barrier.wait()
    results.put(_archive(archive, run).sequence)


def test_eight_processes_archive_at_once(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(8), context.Queue()
    workers = [
        context.Process(target=_archive_one, args=(tmp_path, barrier, results, i)) for i in range(8)
    ]
    for worker in workers:
        worker.start()
    numbers = sorted(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert numbers == list(range(1, 9))
    month = tmp_path / "2025/01"
    assert sorted(p.name for p in month.glob("*.md")) == [
        f"nightly-2025-01-02-{n:02d}.md" for n in range(1, 9)
    ]
    assert len(list(month.glob("*.json"))) == 8
    index = (tmp_path / "INDEX.md").read_text()
    assert sum(line.startswith("| 2025-01-02 |") for line in index.splitlines()) == 8
    with sqlite3.connect(tmp_path / "history.sqlite") as db:
        assert db.execute("SELECT count(*) FROM runs").fetchone()[0] == 8
        failing = db.execute("SELECT count(*) FROM outcomes WHERE outcome = 'failed'").fetchone()
        assert failing[0] == 4


def test_an_existing_html_index_is_kept_up_to_date(tmp_path: Path) -> None:
    _archive(tmp_path, run_of({"a": P}), html=True)
    _archive(tmp_path, run_of({"a": F}))
    page = (tmp_path / "INDEX.html").read_text()
    assert '<a href="2025/01/nightly-2025-01-02-01.html">' in page
    assert '<a href="2025/01/nightly-2025-01-02-02.md">' in page
