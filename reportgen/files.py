"""File primitives every delivery goes through: atomic writes, exclusive claims, a lock.

A reader never sees a half-written file: content goes to a temporary file in the same
directory, is flushed to disk, and replaces the target in one `os.replace`. Numbered names
are claimed with `O_CREAT | O_EXCL`, so two processes can never take the same one, and each
claim stays locked (`flock`) by its process until it is filled or released, so that an empty
claim nobody holds is known to be left over from a killed process. Nothing here follows a
symbolic link at the last component of a name: a link planted in an archive is refused, never
written through.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import sqlite3
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.errors import UsageError

_DEFAULT_MODE = 0o644
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# A process creates a claim and locks it at once; younger unlocked claims may be in between.
SETTLE_SECONDS = 2.0

FULL_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
_SQLITE_FULL = 13
# A directory the process may read but not write: reading commands still work there.
READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


class DiskFullError(UsageError):
    """A write failed for lack of space (or quota): names the file and what was kept."""

    def __init__(self, path: Path | str, saved: str) -> None:
        self.path = str(path)
        super().__init__(f"{path}: no space left on the device; {saved}")


def is_disk_full(error: BaseException) -> bool:
    """True for ENOSPC/EDQUOT and for SQLite's "database or disk is full"."""
    if isinstance(error, OSError):
        return error.errno in FULL_ERRNOS
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        return code == _SQLITE_FULL or "disk is full" in str(error)
    return False


def link_refused(path: Path) -> UsageError:
    return UsageError(
        f"{path} is a symbolic link; reportgen does not write or read through links in an "
        f"archive: remove the link (rm {path}) and run again"
    )


def not_regular(path: Path) -> UsageError:
    return UsageError(f"{path} is not a regular file: move it away and run again")


def check_not_linked(path: Path) -> bool:
    """False when `path` is missing, True when it is a regular file; UsageError otherwise."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(found.st_mode):
        raise link_refused(path)
    if not stat.S_ISREG(found.st_mode):
        raise not_regular(path)
    return True


def read_no_follow(path: Path) -> bytes:
    """The bytes of a regular file; OSError (ELOOP) for a link, never its target's bytes."""
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    finally:
        os.close(fd)


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


def _kept_mode(path: Path) -> int:
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return _DEFAULT_MODE
    # a link is replaced by a regular file; its own mode (0777) says nothing
    return found.st_mode & 0o777 if stat.S_ISREG(found.st_mode) else _DEFAULT_MODE


def write_atomically(path: Path, content: str | bytes | Iterable[bytes]) -> Path:
    """Replace `path` with `content` (str is written as UTF-8) in one step.

    `content` may come in pieces, so that a large document need not be held whole. On any
    error (also one raised while making a piece) the target is left as it was and the
    temporary file is removed. A link at `path` is replaced, its target never written; a pipe or
    a device there (`/dev/stdout`) is written into.
    """
    if isinstance(content, str):
        pieces: Iterable[bytes] = [content.encode("utf-8")]
    else:
        pieces = [content] if isinstance(content, bytes) else content
    if _is_stream(path):
        return _write_into(path, pieces)
    mode = _kept_mode(path)
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
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        if exc.errno is not None and exc.filename in (None, temp_name):
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    _fsync_directory(path.parent)
    return path


def _is_stream(path: Path) -> bool:
    """A pipe or a device (`/dev/stdout`, a FIFO): written into, since replacing it by a file
    would be wrong (and, as root, would delete a device)."""
    try:
        found = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(found) or stat.S_ISCHR(found)


def _write_into(path: Path, pieces: Iterable[bytes]) -> Path:
    # A FIFO is opened without blocking, so one that nobody reads is an error, not a hang.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        why = "a pipe that nothing reads" if exc.errno == errno.ENXIO else exc.strerror
        raise OSError(exc.errno, why, str(path)) from exc
    try:
        os.set_blocking(fd, True)
        with os.fdopen(fd, "wb") as handle:
            for piece in pieces:
                handle.write(piece)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    return path


def temporary_leftover(name: str) -> bool:
    """A name `write_atomically` gives its temporary files (`.<target>.<random>.tmp`)."""
    return name.startswith(".") and name.endswith(".tmp") and name.count(".") >= 3


@dataclass
class Claims:
    """Names created empty by this process, each held locked until filled or released."""

    number: int
    paths: list[Path]
    _fds: list[int] = field(default_factory=list, repr=False)

    def close(self) -> None:
        """Let go of the locks (after the names are filled or removed)."""
        fds, self._fds = self._fds, []
        for fd in fds:
            with contextlib.suppress(OSError):
                os.close(fd)


def _claim(paths: Sequence[Path]) -> list[int] | None:
    fds: list[int] = []
    created: list[Path] = []
    try:
        for path in paths:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | _NOFOLLOW, 0o666)
            fds.append(fd)
            created.append(path)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except FileExistsError:
        release_claims(created)
        for fd in fds:
            os.close(fd)
        return None
    except BaseException:
        release_claims(created)
        for fd in fds:
            os.close(fd)
        raise
    return fds


def claim_exclusively(paths: Sequence[Path]) -> bool:
    """Create every path as an empty file, or none of them: False if any already exists."""
    fds = _claim(paths)
    for fd in fds or []:
        os.close(fd)
    return fds is not None


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


def claim_next(
    directory: Path, prefix: str, suffixes: Sequence[str], attempts: int = 10_000
) -> Claims:
    """Claim `<prefix>NN<suffix>` for every suffix with the next free NN after the highest one,
    each name held locked until `Claims.close`.

    Numbers are never reused while a file of that number exists (gaps stay gaps), and a
    name taken by another process in between only moves the claim to the next number.
    """
    directory.mkdir(parents=True, exist_ok=True)
    number = highest_sequence(directory, prefix) + 1
    for _ in range(attempts):
        paths = [directory / f"{prefix}{number:02d}{suffix}" for suffix in suffixes]
        fds = _claim(paths)
        if fds is not None:
            return Claims(number, paths, fds)
        number = max(number + 1, highest_sequence(directory, prefix) + 1)
    raise RuntimeError(f"no free sequence number for {prefix}NN in {directory}")


def claim_numbered(
    directory: Path, prefix: str, suffixes: Sequence[str], attempts: int = 10_000
) -> tuple[int, list[Path]]:
    """`claim_next` without holding the names: (NN, paths)."""
    claims = claim_next(directory, prefix, suffixes, attempts)
    claims.close()
    return claims.number, claims.paths


def fill_claims(contents: Sequence[tuple[Path, str | bytes]]) -> None:
    """Write each claimed path atomically, in order."""
    for path, content in contents:
        write_atomically(path, content)


def unheld_empty(path: Path, now: float, *, remove: bool = False) -> bool:
    """True when `path` is an empty regular file that no process holds and that is older than
    `SETTLE_SECONDS`: a claim whose process died before filling it. With `remove`, it is
    deleted while locked, so that no process can start holding it meanwhile."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode) or found.st_size != 0:
            return False
        if now - found.st_mtime < SETTLE_SECONDS:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # held: a run being written
        if os.fstat(fd).st_size != 0:
            return False
        if remove:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        return True
    finally:
        os.close(fd)


class _HeldLocks(threading.local):
    def __init__(self) -> None:
        self.depth: dict[tuple[int, Path], int] = {}


_held = _HeldLocks()


def _lock_key(lock_file: Path) -> tuple[int, Path]:
    # the directory resolved, the name itself not: a link there is refused, never followed
    return os.getpid(), lock_file.parent.resolve() / lock_file.name


def _open_lock(lock_file: Path, *, reading: bool) -> int | None:
    try:
        return os.open(lock_file, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise link_refused(lock_file) from exc
        if not reading or exc.errno not in READ_ONLY_ERRNOS:
            raise
    try:  # a read-only archive: share the lock if the file is there, else nobody writes
        return os.open(lock_file, os.O_RDONLY | _NOFOLLOW)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise link_refused(lock_file) from exc
        if exc.errno in READ_ONLY_ERRNOS:
            return None
        raise


@contextlib.contextmanager
def exclusive_lock(lock_file: Path, *, reading: bool = False) -> Iterator[None]:
    """Hold `fcntl.flock` on `lock_file` (created if missing); re-entrant within a thread.

    Re-entry matters because flock on a second descriptor of the same file would wait for
    the first one forever. A link at `lock_file` is refused (UsageError). With `reading`, a
    directory that cannot be written is no error: the lock is held if the file can be read,
    and skipped if it cannot be there (no process can write such a directory either).
    """
    key = _lock_key(lock_file)
    if _held.depth.get(key, 0) > 0:
        _held.depth[key] += 1
        try:
            yield
        finally:
            _held.depth[key] -= 1
        return
    if not reading:
        lock_file.parent.mkdir(parents=True, exist_ok=True)
    fd = _open_lock(lock_file, reading=reading)
    if fd is None:
        yield
        return
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
