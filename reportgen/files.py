"""File primitives every delivery goes through: atomic writes, exclusive claims, a lock.

A reader never sees a half-written file: content goes to a temporary file in the same
directory, is flushed to disk, and replaces the target in one `os.replace`. Numbered names
are claimed with `O_CREAT | O_EXCL`, so two processes can never take the same one.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import tempfile
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

_DEFAULT_MODE = 0o644


def _fsync_directory(directory: Path) -> None:
    # Makes the rename itself durable; some file systems refuse to open a directory.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomically(path: Path, content: str | bytes | Iterable[bytes]) -> Path:
    """Replace `path` with `content` (str is written as UTF-8) in one step.

    `content` may come in pieces, so that a large document need not be held whole. On any
    error (also one raised while making a piece) the target is left as it was and the
    temporary file is removed.
    """
    if isinstance(content, str):
        pieces: Iterable[bytes] = [content.encode("utf-8")]
    else:
        pieces = [content] if isinstance(content, bytes) else content
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = _DEFAULT_MODE
    try:
        fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:  # name the file the user asked for, not the temporary one
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in pieces:
                handle.write(piece)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    _fsync_directory(path.parent)
    return path


def claim_exclusively(paths: Sequence[Path]) -> bool:
    """Create every path as an empty file, or none of them: False if any already exists."""
    created: list[Path] = []
    try:
        for path in paths:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
            os.close(fd)
            created.append(path)
    except FileExistsError:
        release_claims(created)
        return False
    return True


def release_claims(paths: Sequence[Path]) -> None:
    """Remove names this process claimed (a failed render or write must leave nothing)."""
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def highest_sequence(directory: Path, prefix: str) -> int:
    """The largest NN among files named `<prefix>NN.<anything>` in `directory` (0 if none)."""
    pattern = re.compile(re.escape(prefix) + r"(\d{2,})\.")
    highest = 0
    if not directory.is_dir():
        return 0
    for entry in os.scandir(directory):
        found = pattern.match(entry.name)
        if found:
            highest = max(highest, int(found.group(1)))
    return highest


def claim_numbered(
    directory: Path, prefix: str, suffixes: Sequence[str], attempts: int = 10_000
) -> tuple[int, list[Path]]:
    """Claim `<prefix>NN<suffix>` for every suffix with the next free NN after the highest one.

    Numbers are never reused while a file of that number exists (gaps stay gaps), and a
    name taken by another process in between only moves the claim to the next number.
    """
    directory.mkdir(parents=True, exist_ok=True)
    number = highest_sequence(directory, prefix) + 1
    for _ in range(attempts):
        paths = [directory / f"{prefix}{number:02d}{suffix}" for suffix in suffixes]
        if claim_exclusively(paths):
            return number, paths
        number = max(number + 1, highest_sequence(directory, prefix) + 1)
    raise RuntimeError(f"no free sequence number for {prefix}NN in {directory}")


def fill_claims(contents: Sequence[tuple[Path, str | bytes]]) -> None:
    """Write each claimed path atomically, in order."""
    for path, content in contents:
        write_atomically(path, content)


class _HeldLocks(threading.local):
    def __init__(self) -> None:
        self.depth: dict[tuple[int, Path], int] = {}


_held = _HeldLocks()


@contextlib.contextmanager
def exclusive_lock(lock_file: Path) -> Iterator[None]:
    """Hold `fcntl.flock` on `lock_file` (created if missing); re-entrant within a thread.

    Re-entry matters because flock on a second descriptor of the same file would wait for
    the first one forever.
    """
    key = (os.getpid(), lock_file.resolve())
    if _held.depth.get(key, 0) > 0:
        _held.depth[key] += 1
        try:
            yield
        finally:
            _held.depth[key] -= 1
        return
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        _held.depth[key] = 1
        try:
            yield
        finally:
            del _held.depth[key]
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
