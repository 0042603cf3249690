import os
import stat
import threading
import time
from pathlib import Path

import pytest

from reportgen.files import (
    claim_exclusively,
    claim_numbered,
    exclusive_lock,
    highest_sequence,
    write_atomically,
)


def test_write_atomically_replaces_content_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    target.write_text("old")
    target.chmod(0o640)
    write_atomically(target, "new ✅")
    assert target.read_text(encoding="utf-8") == "new ✅"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_failed_replace_leaves_target_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.md"
    target.write_text("old")

    def broken(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_claim_is_all_or_nothing(tmp_path: Path) -> None:
    (tmp_path / "b.json").write_text("taken")
    assert not claim_exclusively([tmp_path / "b.md", tmp_path / "b.json"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.json"]
    assert (tmp_path / "b.json").read_text() == "taken"


def test_numbers_follow_the_highest_and_never_fill_gaps(tmp_path: Path) -> None:
    for name in (
        "s-2025-01-02-01.md",
        "s-2025-01-02-03.json",
        "s-2025-01-03-07.md",
        "s-x-2025-01-02-09.md",
    ):
        (tmp_path / name).write_text("x")
    assert highest_sequence(tmp_path, "s-2025-01-02-") == 3
    number, paths = claim_numbered(tmp_path, "s-2025-01-02-", [".md", ".json"])
    assert number == 4
    assert [p.name for p in paths] == ["s-2025-01-02-04.md", "s-2025-01-02-04.json"]


def test_lock_is_reentrant_in_one_thread(tmp_path: Path) -> None:
    lock = tmp_path / ".lock"
    with exclusive_lock(lock), exclusive_lock(lock):
        assert lock.exists()


def test_a_missing_directory_is_reported_as_the_target_not_the_temporary_file(
    tmp_path: Path,
) -> None:
    target = tmp_path / "missing" / "worklog.md"
    with pytest.raises(FileNotFoundError) as caught:
        write_atomically(target, "x")
    assert caught.value.filename == str(target)


def test_a_pipe_is_written_into_not_replaced(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()))
    reader.start()
    time.sleep(0.2)  # the reader waits in open(), so the pipe has a reader when written
    write_atomically(pipe, [b"one ", b"two"])
    reader.join(timeout=10)
    assert got == [b"one two"]
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)


def test_a_pipe_nobody_reads_is_an_error_naming_it_not_a_hang(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(OSError, match="a pipe that nothing reads") as caught:
        write_atomically(pipe, "text")
    assert caught.value.filename == str(pipe)


def test_a_full_device_is_an_error_and_stays_a_device() -> None:
    full = Path("/dev/full")
    if not full.exists():
        pytest.skip("no /dev/full on this system")
    with pytest.raises(OSError) as caught:
        write_atomically(full, "x" * 10)
    assert caught.value.errno is not None and stat.S_ISCHR(os.stat(full).st_mode)
