"""An archive comes from a repository or a CI artifact: whatever it holds at the names reportgen
writes (links, another program's database) is refused, never written through or altered."""

import hashlib
import re
import sqlite3
from pathlib import Path

import pytest
from run_builders import F, P, archive_run, run_of

from reportgen.archive import store as store_module
from reportgen.archive.layout import DATABASE, LOCK
from reportgen.archive.store import HistoryStore
from reportgen.deliver.index import write_index
from reportgen.errors import UsageError
from reportgen.files import write_atomically


def _foreign(path: Path) -> str:
    """Another program's database; returns a digest of its bytes."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE accounts (name TEXT, balance INTEGER)")
        db.execute("INSERT INTO accounts VALUES ('ada', 100)")
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "A"
    archive_run(root, run_of({"a": P, "b": F}))
    return root


def test_the_history_carries_reportgens_application_id(archive: Path) -> None:
    with sqlite3.connect(archive / DATABASE) as db:
        assert db.execute("PRAGMA application_id").fetchone()[0] == store_module.APPLICATION_ID


def test_a_linked_history_is_refused_and_the_linked_database_untouched(archive: Path) -> None:
    foreign = archive.parent / "foreign.db"
    digest = _foreign(foreign)
    (archive / DATABASE).unlink()
    (archive / DATABASE).symlink_to(Path("..") / "foreign.db")
    for action in (lambda: write_index(archive), lambda: HistoryStore.open(archive).close()):
        with pytest.raises(UsageError, match=re.escape(f"{archive / DATABASE} is a symbolic link")):
            action()
    assert hashlib.sha256(foreign.read_bytes()).hexdigest() == digest
    assert (archive / DATABASE).is_symlink()


def test_another_programs_database_at_the_name_is_never_altered(archive: Path) -> None:
    (archive / DATABASE).unlink()
    digest = _foreign(archive / DATABASE)
    with pytest.raises(UsageError, match=r"not reportgen's history database.*left untouched"):
        write_index(archive)
    assert hashlib.sha256((archive / DATABASE).read_bytes()).hexdigest() == digest


def test_a_history_written_before_the_application_id_is_rebuilt(archive: Path) -> None:
    with sqlite3.connect(archive / DATABASE) as db:
        db.execute("PRAGMA application_id = 0")
    with HistoryStore.open(archive) as store:
        assert [run.label for run in store.runs()] == ["2025-01-02-01"]
        assert store.warnings == []
    with sqlite3.connect(archive / DATABASE) as db:
        assert db.execute("PRAGMA application_id").fetchone()[0] == store_module.APPLICATION_ID


def test_a_linked_journal_beside_the_history_is_refused(archive: Path) -> None:
    target = archive.parent / "precious.txt"
    target.write_text("keep me")
    (archive / f"{DATABASE}-journal").symlink_to(target)
    with pytest.raises(UsageError, match="-journal is a symbolic link"):
        HistoryStore.open(archive)
    assert target.read_text() == "keep me"


def test_a_linked_lock_creates_nothing_outside_the_archive(archive: Path) -> None:
    outside = archive.parent / "planted"
    (archive / LOCK).unlink()
    (archive / LOCK).symlink_to(outside)
    with pytest.raises(UsageError, match=re.escape(f"{archive / LOCK} is a symbolic link")):
        write_index(archive)
    assert not outside.exists()


def test_a_linked_sidecar_is_left_out_and_its_target_never_read(archive: Path) -> None:
    secret = archive.parent / "secret.json"
    secret.write_text((archive / "2025/01/nightly-2025-01-02-01.json").read_text())
    (archive / "2025/01/nightly-2025-01-03-01.json").symlink_to(secret)
    with HistoryStore.open(archive) as store:
        assert [run.label for run in store.runs()] == ["2025-01-02-01"]
        assert len(store.problems) == 1
        assert "nightly-2025-01-03-01.json: a symbolic link" in store.problems[0]


def test_writing_over_a_link_replaces_the_link_not_its_target(tmp_path: Path) -> None:
    target = tmp_path / "target.md"
    target.write_text("theirs")
    link = tmp_path / "INDEX.md"
    link.symlink_to(target)
    write_atomically(link, "ours")
    assert target.read_text() == "theirs"
    assert not link.is_symlink() and link.read_text() == "ours"
