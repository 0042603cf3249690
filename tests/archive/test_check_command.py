"""`reportgen archive check [--repair]` lists orphan claims, damaged sidecars and a stale
history or index, and repairs what is safe to."""

import sqlite3
from pathlib import Path

import pytest
from run_builders import F, P, archive_run, run_of
from typer.testing import CliRunner

from reportgen import files
from reportgen.archive.layout import DATABASE, INDEX_MD
from reportgen.cli import app
from reportgen.exitcodes import ExitCode


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(files, "SETTLE_SECONDS", 0.0)
    archive_run(tmp_path, run_of({"a": P, "b": F}))
    archive_run(tmp_path, run_of({"a": P, "b": P}))
    return tmp_path


def _check(archive: Path, *more: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["archive", "check", str(archive), *more])
    return result.exit_code, result.output


def test_a_sound_archive_passes(archive: Path) -> None:
    code, said = _check(archive)
    assert code == ExitCode.OK, said
    assert said.strip() == f"{archive}: 2 runs; nothing to repair"


def test_leftovers_are_listed_then_repaired(archive: Path) -> None:
    month = archive / "2025/01"
    for suffix in (".md", ".json"):
        (month / f"nightly-2025-01-02-03{suffix}").touch()  # a killed archiver's claims
    (month / "nightly-2025-01-02-04.json").write_text("{damaged")
    (archive / INDEX_MD).write_text("old")
    with sqlite3.connect(archive / DATABASE) as db:
        db.execute("DELETE FROM runs WHERE sequence = 2")
    code, said = _check(archive)
    assert code == ExitCode.GATE_FAILED
    assert "orphan claim: 2025/01/nightly-2025-01-02-03.json (empty" in said
    assert "orphan claim: 2025/01/nightly-2025-01-02-03.md (empty" in said
    assert "damaged sidecar (left out of the history):" in said
    assert "nightly-2025-01-02-04.json" in said
    assert f"history database: {archive / DATABASE}: behind the sidecars" in said
    assert "index behind the sidecars: INDEX.md" in said
    assert (month / "nightly-2025-01-02-03.md").exists()  # nothing changed without --repair

    code, said = _check(archive, "--repair")
    assert code == ExitCode.GATE_FAILED, said  # the damaged sidecar is left for a person
    assert "removed orphan claim: 2025/01/nightly-2025-01-02-03.md" in said
    assert not (month / "nightly-2025-01-02-03.md").exists()
    assert (month / "nightly-2025-01-02-04.json").read_text() == "{damaged"
    assert "nightly-2025-01-02-02.md" in (archive / INDEX_MD).read_text()
    with sqlite3.connect(archive / DATABASE) as db:
        assert db.execute("SELECT count(*) FROM runs").fetchone()[0] == 2

    (month / "nightly-2025-01-02-04.json").unlink()
    code, said = _check(archive)
    assert code == ExitCode.OK, said


def test_a_linked_history_is_reported_not_replaced(archive: Path) -> None:
    (archive / DATABASE).unlink()
    (archive / DATABASE).symlink_to(archive / "elsewhere.db")
    code, said = _check(archive, "--repair")
    assert code == ExitCode.GATE_FAILED
    assert "is a symbolic link" in said and "must be moved away by hand" in said
    assert (archive / DATABASE).is_symlink() and not (archive / "elsewhere.db").exists()


def test_no_such_archive_is_a_usage_error(tmp_path: Path) -> None:
    code, said = _check(tmp_path / "missing")
    assert code == ExitCode.USAGE
    assert "no such archive directory" in said
