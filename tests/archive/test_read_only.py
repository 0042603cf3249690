"""`history` only reads: an archive that may not be written (a read-only checkout or mount)
still answers, from its database or, when that is behind, from the sidecars."""

import multiprocessing
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from run_builders import F, P, archive_run, run_of

from reportgen.analyze.timeline import find_timelines
from reportgen.archive.layout import DATABASE, LOCK
from reportgen.archive.store import HistoryStore
from reportgen.render.timeline import format_timelines

NOBODY = 65534


def _as_reader(archive: Path, results: Any, work: Callable[[Path], object]) -> None:
    try:
        if os.geteuid() == 0:  # root writes anywhere: read as an unprivileged user
            os.setgid(NOBODY)
            os.setuid(NOBODY)
        results.put(("ok", work(archive)))
    except BaseException as exc:  # the parent reports it
        results.put(("error", f"{type(exc).__name__}: {exc}"))


def read_only(archive: Path, work: Callable[[Path], object]) -> object:
    """`work(archive)` in a process that cannot write the archive."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=_as_reader, args=(archive, results, work))
    child.start()
    status, value = results.get(timeout=120)
    child.join(timeout=60)
    assert status == "ok", value
    return value


def _timeline(archive: Path) -> str:
    with HistoryStore.open(archive) as store:
        return format_timelines(find_timelines(store, "pkg.Mod::b"))


def _freeze(root: Path) -> None:
    for path in [root, *root.rglob("*")]:
        mode = 0o555 if path.is_dir() else 0o444
        path.chmod(mode)


@pytest.fixture
def archive() -> Iterator[Path]:
    # outside pytest's private (0700) directory, so that an unprivileged reader can reach it
    top = Path(tempfile.mkdtemp(prefix="reportgen-ro-"))
    top.chmod(0o755)
    root = top / "A"
    archive_run(root, run_of({"a": P, "b": F}), date="2025-01-01")
    archive_run(root, run_of({"a": P, "b": P}), date="2025-01-02")
    yield root
    for path in [top, *top.rglob("*")]:
        if not path.is_symlink():
            path.chmod(stat.S_IRWXU | path.stat().st_mode)
    for path in sorted(top.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    top.rmdir()


def test_history_reads_a_read_only_archive(archive: Path) -> None:
    expected = _timeline(archive)
    _freeze(archive)
    assert read_only(archive, _timeline) == expected


def test_history_reads_a_read_only_archive_whose_database_is_behind(archive: Path) -> None:
    expected = _timeline(archive)
    (archive / DATABASE).unlink()
    (archive / LOCK).unlink()
    _freeze(archive)
    assert read_only(archive, _timeline) == expected
