"""Damage to the history database, found at any step, rebuilds it from the sidecars with a
warning; a full disk is a usage error (exit 2) that names the file and what was kept."""

import errno
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from run_builders import F, P, archive_run, run_of
from typer.testing import CliRunner

from reportgen.archive import store as store_module
from reportgen.archive.layout import DATABASE, INDEX_MD
from reportgen.archive.store import HistoryStore
from reportgen.cli import app
from reportgen.deliver import index as index_module
from reportgen.deliver.index import write_index
from reportgen.errors import UsageError
from reportgen.exitcodes import ExitCode

DISK_FULL = "database or disk is full"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    for outcomes in ({"a": P, "b": F}, {"a": P, "b": P}, {"a": F, "b": P}):
        archive_run(tmp_path, run_of({f"t{i}": P for i in range(300)} | outcomes))
    return tmp_path


def _answers(archive: Path) -> tuple[object, ...]:
    with HistoryStore.open(archive) as store:
        return store.runs(), store.outcomes("pkg.Mod::b"), store.match_tests("*::t1*")


def _full(*args: Any, **kwargs: Any) -> None:
    raise sqlite3.OperationalError(DISK_FULL)


def test_random_bytes_past_the_header_rebuild_with_a_warning(archive: Path) -> None:
    before = _answers(archive)
    data = bytearray((archive / DATABASE).read_bytes())
    data[4096:] = os.urandom(len(data) - 4096)  # every page after the first
    (archive / DATABASE).write_bytes(bytes(data))
    with HistoryStore.open(archive) as store:
        assert (store.runs(), store.outcomes("pkg.Mod::b"), store.match_tests("*::t1*")) == before
        assert any("rebuilt from the sidecars" in w for w in store.warnings), store.warnings
    assert _answers(archive) == before


def test_an_error_in_a_later_query_rebuilds_and_answers(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _answers(archive)
    with HistoryStore.open(archive) as store:
        broken = store._db

        class Damaged:
            def execute(self, *args: Any) -> Any:
                raise sqlite3.DatabaseError("database disk image is malformed")

            def close(self) -> None:
                broken.close()

        store._db = Damaged()  # type: ignore[assignment]
        assert store.outcomes("pkg.Mod::b") == before[1]
        assert [w for w in store.warnings if "malformed" in w]


def test_a_full_disk_while_catching_up_still_answers_reads(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _answers(archive)
    archive_run(archive, run_of({"a": P, "b": F}))  # the database is now one run behind
    (archive / "2025/01/nightly-2025-01-02-04.json").touch()  # stamp changes: re-read
    real_add = HistoryStore._add

    def add(self: HistoryStore, *args: Any) -> None:
        if self._db.execute("PRAGMA database_list").fetchone()["file"]:
            _full()
        real_add(self, *args)

    monkeypatch.setattr(HistoryStore, "_add", add)
    with HistoryStore.open(archive) as store:
        assert len(store.runs()) == 4 and store.runs()[:3] == before[0]
        assert isinstance(store.unsaved, sqlite3.OperationalError)
        assert any("not updated" in w for w in store.warnings)


def test_a_full_disk_in_the_history_update_is_exit_2_saying_what_was_kept(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (archive / DATABASE).unlink()
    monkeypatch.setattr(store_module, "_create", _full)
    with pytest.raises(UsageError) as caught:
        write_index(archive)
    said = str(caught.value)
    assert said.startswith(f"{archive / DATABASE}: no space left on the device")
    assert "every archived worklog and sidecar is saved" in said
    assert "INDEX.md is up to date" in said
    result = CliRunner().invoke(app, ["index", str(archive)])
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "internal error" not in result.output


def test_no_space_for_the_index_names_it_and_says_how_to_finish(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(path: Path, content: object) -> Path:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(index_module, "write_atomically", full)
    with pytest.raises(UsageError) as caught:
        write_index(archive)
    said = str(caught.value)
    assert said.startswith(f"{archive / INDEX_MD}: no space left on the device")
    assert f"run 'reportgen index {archive}' when there is space" in said
    result = CliRunner().invoke(app, ["index", str(archive)])
    assert result.exit_code == ExitCode.USAGE, result.output
