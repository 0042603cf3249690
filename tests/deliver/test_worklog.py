import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from reportgen.deliver.worklog import claim_worklog_path, write_worklog
from reportgen.errors import UsageError


def test_sequence_numbers_count_per_day(tmp_path: Path) -> None:
    made = [
        write_worklog(tmp_path, "e2e", day, lambda n: f"run {n}\n")
        for day in ("2025-09-13", "2025-09-13", "2025-09-14", "2025-09-13")
    ]
    assert [p.name for p in made] == [
        "e2e-2025-09-13-01.md",
        "e2e-2025-09-13-02.md",
        "e2e-2025-09-14-01.md",
        "e2e-2025-09-13-03.md",
    ]
    assert made[3].read_text() == "run 3\n"


def test_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "e2e-2025-09-13-05.md").write_text("written by hand")
    path = write_worklog(tmp_path, "e2e", "2025-09-13", lambda n: f"run {n}")
    assert path.name == "e2e-2025-09-13-06.md"
    assert (tmp_path / "e2e-2025-09-13-05.md").read_text() == "written by hand"


def test_failed_render_leaves_no_file(tmp_path: Path) -> None:
    def render(number: int) -> str:
        raise ValueError("template broke")

    with pytest.raises(ValueError, match="template broke"):
        write_worklog(tmp_path, "e2e", "2025-09-13", render)
    assert list(tmp_path.iterdir()) == []
    assert write_worklog(tmp_path, "e2e", "2025-09-13", str).name == "e2e-2025-09-13-01.md"


def test_claim_returns_number_and_empty_file(tmp_path: Path) -> None:
    path, number = claim_worklog_path(tmp_path, "e2e", "2025-09-13", ".html")
    assert (path.name, number, path.read_bytes()) == ("e2e-2025-09-13-01.html", 1, b"")


@pytest.mark.parametrize(
    ("slug", "date"),
    [("../up", "2025-09-13"), ("Up", "2025-09-13"), ("e2e", "2025-13-01"), ("e2e", "2025-9-1")],
)
def test_unsafe_slug_or_date_is_refused(tmp_path: Path, slug: str, date: str) -> None:
    with pytest.raises(UsageError):
        claim_worklog_path(tmp_path, slug, date)
    assert list(tmp_path.iterdir()) == []


def _write_one(out_dir: Path, barrier: Any, results: Any) -> None:
    barrier.wait()
    results.put(write_worklog(out_dir, "e2e", "2025-09-13", lambda n: f"run {n}\n").name)


def test_eight_processes_get_eight_distinct_worklogs(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(8), context.Queue()
    workers = [
        context.Process(target=_write_one, args=(tmp_path, barrier, results)) for _ in range(8)
    ]
    for worker in workers:
        worker.start()
    names = sorted(results.get(timeout=60) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert names == [f"e2e-2025-09-13-{n:02d}.md" for n in range(1, 9)]
    for name in names:
        assert (tmp_path / name).read_text() == f"run {int(name[-5:-3])}\n"
