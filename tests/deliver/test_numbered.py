import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from reportgen.deliver.numbered import reserved
from reportgen.errors import UsageError


def write(out_dir: Path, day: str = "2025-09-13", slug: str = "e2e") -> Path:
    """Reserve, then commit a worklog that names its own number."""
    with reserved(out_dir, slug, day, [".md"]) as names:
        (path,) = names.commit({".md": f"run {names.number}\n"})
    return path


def test_sequence_numbers_count_per_day(tmp_path: Path) -> None:
    made = [
        write(tmp_path, day) for day in ("2025-09-13", "2025-09-13", "2025-09-14", "2025-09-13")
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
    assert write(tmp_path).name == "e2e-2025-09-13-06.md"
    assert (tmp_path / "e2e-2025-09-13-05.md").read_text() == "written by hand"


def test_failed_render_leaves_no_file(tmp_path: Path) -> None:
    with (
        pytest.raises(ValueError, match="template broke"),
        reserved(tmp_path, "e2e", "2025-09-13", [".md", ".html"]),
    ):
        raise ValueError("template broke")
    assert list(tmp_path.iterdir()) == []
    assert write(tmp_path).name == "e2e-2025-09-13-01.md"


def test_a_reservation_left_without_commit_is_released(tmp_path: Path) -> None:
    with reserved(tmp_path, "e2e", "2025-09-13", [".md"]) as names:
        assert names.paths[".md"].read_bytes() == b""  # claimed while rendering
    assert list(tmp_path.iterdir()) == []


def test_all_suffixes_share_one_number_and_must_all_be_filled(tmp_path: Path) -> None:
    (tmp_path / "e2e-2025-09-13-01.html").write_text("stray")
    with reserved(tmp_path, "e2e", "2025-09-13", [".md", ".html"]) as names:
        assert names.number == 2
        with pytest.raises(ValueError, match="commit"):
            names.commit({".md": "only one"})
        written = names.commit({".html": "<p>2</p>", ".md": "two"})
    assert [p.name for p in written] == ["e2e-2025-09-13-02.md", "e2e-2025-09-13-02.html"]
    assert written[1].read_text() == "<p>2</p>"


@pytest.mark.parametrize(
    ("slug", "date"),
    [("../up", "2025-09-13"), ("Up", "2025-09-13"), ("e2e", "2025-13-01"), ("e2e", "2025-9-1")],
)
def test_unsafe_slug_or_date_is_refused(tmp_path: Path, slug: str, date: str) -> None:
    with pytest.raises(UsageError), reserved(tmp_path, slug, date, [".md"]):
        pass
    assert list(tmp_path.iterdir()) == []


def _write_one(out_dir: Path, barrier: Any, results: Any) -> None:
    barrier.wait()
    results.put(write(out_dir).name)


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
