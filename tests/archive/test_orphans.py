"""An archiver killed between claiming its number and writing leaves empty claims: they are
reported by the next archive command and removed by `archive check --repair`; a file with
content, or a claim still held by a running archiver, never is."""

import multiprocessing
import os
import signal
from pathlib import Path

import pytest
from run_builders import P, archive_run, run_of

from reportgen import files
from reportgen.archive.store import HistoryStore
from reportgen.deliver.archive import reserve_run

MONTH = "2025/01"


def _claim_and_die(archive: Path) -> None:
    with reserve_run(archive, "nightly", "2025-01-02", html=True):
        os.kill(os.getpid(), signal.SIGKILL)  # kill -9 between claiming and writing


@pytest.fixture
def killed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(files, "SETTLE_SECONDS", 0.0)
    archive_run(tmp_path, run_of({"a": P}))
    child = multiprocessing.get_context("fork").Process(target=_claim_and_die, args=(tmp_path,))
    child.start()
    child.join(timeout=60)
    assert child.exitcode == -signal.SIGKILL
    return tmp_path


ORPHANS = [f"{MONTH}/nightly-2025-01-02-02{suffix}" for suffix in (".html", ".json", ".md")]


def test_a_killed_archiver_leaves_claims_that_the_next_command_reports(killed: Path) -> None:
    assert all((killed / name).stat().st_size == 0 for name in ORPHANS)
    with HistoryStore.open(killed) as store:
        (warning,) = store.warnings
    assert "3 empty file(s) left by an interrupted archive" in warning
    assert f"reportgen archive check {killed} --repair" in warning


def test_repair_removes_only_empty_unheld_claims(killed: Path) -> None:
    from reportgen.archive.check import inspect_archive

    kept = killed / MONTH / "nightly-2025-01-03-01.md"
    kept.write_text("a worklog whose sidecar is missing")
    with reserve_run(killed, "nightly", "2025-01-04", html=False) as running:
        listed = inspect_archive(killed)
        assert [p.relative_to(killed).as_posix() for p in listed.orphans] == ORPHANS
        assert listed.removed == [] and listed.remaining()
        repaired = inspect_archive(killed, repair=True)
        assert [p.relative_to(killed).as_posix() for p in repaired.removed] == ORPHANS
        assert not any((killed / name).exists() for name in ORPHANS)
        assert all(path.exists() for path in running.paths.values())  # held: being written
    assert kept.read_text() == "a worklog whose sidecar is missing"
    assert inspect_archive(killed).orphans == []
    with HistoryStore.open(killed) as store:
        assert store.warnings == []


def test_a_fresh_claim_is_not_an_orphan(tmp_path: Path) -> None:
    from reportgen.archive.layout import orphan_claims

    (tmp_path / MONTH).mkdir(parents=True)
    (tmp_path / MONTH / "nightly-2025-01-02-01.md").touch()  # younger than SETTLE_SECONDS
    assert orphan_claims(tmp_path) == []
