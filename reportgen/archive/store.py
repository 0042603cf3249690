"""The run history: an SQLite database at `<archive>/history.sqlite`, derived from sidecars.

The sidecars are the truth; the database is an index over them for fast questions across
thousands of runs ("how did this test do lately?"). Opening the store brings it up to date
with the sidecars on disk (new, changed and deleted ones, compared by size and mtime). Writes
happen under the archive's lock file, so concurrent archivers keep it consistent.

The database is only ever derived data, and treated as such:

- It carries reportgen's own `PRAGMA application_id` (`APPLICATION_ID`). A file at that name
  that is another program's database, a symbolic link or not a regular file is refused with a
  message naming it, and never altered; so are links beside it (`-journal`, `-wal`, `-shm`).
- A missing, older-layout or damaged database is rebuilt from the sidecars into a new file
  that then replaces it; any SQLite error, at open, while catching up or in a later query,
  rebuilds it that way with a warning (`warnings`), never stops the command.
- Where it cannot be written (a read-only archive, a full disk), the history is built in
  memory from the database and the sidecars, so that reading commands still answer;
  `unsaved` says why the file was not updated, for the commands that must write it.

Tables: `runs` (one row per sidecar, with its counts, health and status), `tests` (one row
per test identity) and `outcomes` (run x test -> outcome, duration), indexed by test and by
run.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from reportgen.archive.layout import (
    DATABASE,
    LOCK,
    SIDECAR_NAME,
    file_slug,
    orphan_claims,
    sidecar_files,
)
from reportgen.archive.outcomes import durations_by_test, outcomes_by_test
from reportgen.archive.sidecar import load_sidecar
from reportgen.errors import ReportgenError, UsageError
from reportgen.files import READ_ONLY_ERRNOS, check_not_linked, exclusive_lock, is_disk_full
from reportgen.model import Counts, Outcome

STORE_VERSION = 1  # layout of the database; a mismatch rebuilds it
APPLICATION_ID = 0x5247454E  # "RGEN": this file is reportgen's history
COMPANIONS = ("-journal", "-wal", "-shm")  # files SQLite keeps beside a database
_MAGIC = b"SQLite format 3\x00"
_SQLITE_READONLY, _SQLITE_CANTOPEN = 8, 14
_OUR_TABLES = frozenset({"runs", "tests", "outcomes"})

_SCHEMA = """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    slug TEXT NOT NULL,
    date TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    status TEXT NOT NULL,
    health REAL,
    health_excluding REAL,
    pass_rate REAL,
    passed INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    errors INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    flaky INTEGER NOT NULL,
    cases_complete INTEGER NOT NULL,
    headline TEXT NOT NULL
);
CREATE INDEX runs_order ON runs (slug, date, sequence);
CREATE INDEX runs_date ON runs (date, sequence);
CREATE TABLE tests (id INTEGER PRIMARY KEY, identity TEXT NOT NULL UNIQUE);
CREATE TABLE outcomes (
    test_id INTEGER NOT NULL REFERENCES tests (id),
    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    outcome TEXT NOT NULL,
    duration REAL NOT NULL,
    PRIMARY KEY (test_id, run_id)
) WITHOUT ROWID;
CREATE INDEX outcomes_run ON outcomes (run_id);
"""

_RUN_COLUMNS = (
    "path, slug, date, sequence, status, health, health_excluding, pass_rate, "
    "passed, failed, errors, skipped, flaky, cases_complete, headline"
)

_NEWEST_FIRST = "ORDER BY date DESC, sequence DESC, slug DESC"


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One archived run as the history knows it. `path` is the sidecar, relative to the archive."""

    path: str
    slug: str
    date: str
    sequence: int
    status: str
    health: float | None
    health_excluding: float | None
    pass_rate: float | None
    counts: Counts
    cases_complete: bool
    headline: str

    @property
    def label(self) -> str:
        return f"{self.date}-{self.sequence:02d}"

    @property
    def worklog(self) -> str:
        return self.path.removesuffix(".json") + ".md"


@dataclass(frozen=True, slots=True)
class OutcomeRecord:
    """One test's outcome in one archived run."""

    slug: str
    date: str
    sequence: int
    outcome: Outcome
    duration: float
    path: str
    cases_complete: bool


def _run_record(row: sqlite3.Row) -> RunRecord:
    return RunRecord(
        path=row["path"],
        slug=row["slug"],
        date=row["date"],
        sequence=row["sequence"],
        status=row["status"],
        health=row["health"],
        health_excluding=row["health_excluding"],
        pass_rate=row["pass_rate"],
        counts=Counts(
            passed=row["passed"],
            failed=row["failed"],
            errors=row["errors"],
            skipped=row["skipped"],
            flaky=row["flaky"],
        ),
        cases_complete=bool(row["cases_complete"]),
        headline=row["headline"],
    )


class HistoryStore:
    """Query archived runs; build with `HistoryStore.open(archive)`."""

    def __init__(self, archive: Path, connection: sqlite3.Connection | None = None) -> None:
        self.archive = archive
        self._db = connection or _memory()
        self._memory_db: sqlite3.Connection | None = None if connection else self._db
        self.problems: list[str] = []  # sidecars that could not be read, one line each
        self.warnings: list[str] = []  # the database rebuilt or not saved, orphan claims
        self.unsaved: BaseException | None = None  # why the database file was not updated

    @property
    def path(self) -> Path:
        return self.archive / DATABASE

    @classmethod
    def open(cls, archive: Path) -> HistoryStore:
        """Open the history of `archive`, creating or catching it up from the sidecars."""
        store = cls._filled(archive, HistoryStore._load)
        store.warnings += orphan_warnings(archive)
        return store

    @classmethod
    def rebuild(cls, archive: Path) -> HistoryStore:
        """Build the history anew from the sidecars alone, replacing the database file."""

        def anew(store: HistoryStore) -> None:
            check_database_files(archive)  # refuses a link or another program's database
            store._rebuild()

        return cls._filled(archive, anew)

    @classmethod
    def _filled(cls, archive: Path, fill: Callable[[HistoryStore], None]) -> HistoryStore:
        """A store of `archive` that `fill` fills under the archive's lock; closed if it fails."""
        if not archive.is_dir():
            raise UsageError(f"{archive}: no such archive directory")
        store = cls(archive)
        try:
            with exclusive_lock(archive / LOCK, reading=True):
                fill(store)
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _load(self) -> None:
        """Use the database file if it is ours and sound, else rebuild it (lock held)."""
        state = check_database_files(self.archive)
        if state in ("missing", "outdated"):
            self._rebuild()
            return
        if state != "ours":
            self.warnings.append(f"{self.path}: {state}; rebuilt from the sidecars")
            self._rebuild()
            return
        try:
            self._swap(_connect(self.path))
            self.refresh()
        except sqlite3.DatabaseError as exc:
            if _cannot_write(exc):
                self._keep_in_memory(exc, copy=True)
                return
            self.warnings.append(f"{self.path}: {_said(exc)}; rebuilt from the sidecars")
            self._rebuild()

    def _rebuild(self) -> None:
        """A new database file from the sidecars, put in place in one rename (lock held)."""
        temp: str | None = None
        try:
            fd, temp = tempfile.mkstemp(dir=self.archive, prefix=f".{DATABASE}.", suffix=".tmp")
            os.close(fd)
            os.chmod(temp, 0o644)
            self._swap(_create(Path(temp)))
            self.refresh()
            self._db.close()
            for companion in COMPANIONS:  # a journal left beside the old file is not ours now
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(f"{self.path}{companion}")
            os.replace(temp, self.path)
            temp = None
            self._swap(_connect(self.path))
        except (OSError, sqlite3.DatabaseError) as exc:
            if not _cannot_write(exc):
                raise
            self._keep_in_memory(exc, copy=False)
        finally:
            if temp is not None:
                for leftover in (temp, temp + "-journal"):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(leftover)

    def _keep_in_memory(self, reason: BaseException, *, copy: bool) -> None:
        """The history in memory: a copy of the file when it is readable, caught up."""
        self._swap(_memory(), memory=True)
        if copy:
            with contextlib.suppress(sqlite3.Error, OSError):
                source = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
                try:
                    if _ours(source):
                        source.backup(self._db)
                finally:
                    source.close()
                if not _ours(self._db):
                    self._swap(_memory(), memory=True)
        try:
            self.refresh()
        except sqlite3.DatabaseError:  # the copy was damaged where the check did not look
            self._swap(_memory(), memory=True)
            self.refresh()
        if is_disk_full(reason):
            self.unsaved = reason
            self.warnings.append(
                f"{self.path}: not updated ({_said(reason)}); "
                "the history was read from the sidecars"
            )

    def _swap(self, connection: sqlite3.Connection, *, memory: bool = False) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.close()
        self._db = connection
        self._memory_db = connection if memory else None

    @property
    def _in_memory(self) -> bool:
        return self._db is self._memory_db

    def refresh(self) -> None:
        """Bring the database in line with the sidecars (call with the archive lock held)."""
        on_disk = sidecar_files(self.archive)
        known = {
            row[0]: (row[1], row[2])
            for row in self._db.execute("SELECT path, mtime_ns, size FROM runs")
        }
        stale = [path for path, stamp in known.items() if on_disk.get(path) != stamp]
        fresh = sorted(
            path
            for path, stamp in on_disk.items()
            if known.get(path) != stamp and stamp[1] > 0  # an empty file is a claim
        )
        self.problems = []
        if not stale and not fresh:
            return  # nothing to write: a read-only archive that is up to date stays so
        with self._db:
            self._db.executemany("DELETE FROM runs WHERE path = ?", [(p,) for p in stale])
            for path in fresh:
                self._add(path, on_disk[path])

    def _add(self, relative: str, stamp: tuple[int, int]) -> None:
        try:
            sidecar = load_sidecar(self.archive / relative)
        except ReportgenError as exc:
            self.problems.append(str(exc))
            return
        name = SIDECAR_NAME.match(Path(relative).name)
        assert name is not None
        report, run = sidecar.report, sidecar.run
        counts = run.counts
        cursor = self._db.execute(
            f"INSERT INTO runs (mtime_ns, size, {_RUN_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                *stamp,
                relative,
                name["slug"],
                name["date"],
                int(name["sequence"]),
                str(report.overall),
                report.health.value,
                report.health.excluding,
                report.pass_rate,
                counts.passed,
                counts.failed,
                counts.errors,
                counts.skipped,
                counts.flaky,
                int(run.cases_complete),
                report.headline,
            ),
        )
        run_id = cursor.lastrowid
        outcomes = outcomes_by_test(run)
        durations = durations_by_test(run)
        self._db.executemany(
            "INSERT OR IGNORE INTO tests (identity) VALUES (?)", [(test,) for test in outcomes]
        )
        self._db.executemany(
            "INSERT INTO outcomes (test_id, run_id, outcome, duration) "
            "SELECT id, ?, ?, ? FROM tests WHERE identity = ?",
            [(run_id, str(outcome), durations[test], test) for test, outcome in outcomes.items()],
        )

    def _rows(self, query: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        """Rows of a query; a database that fails it is rebuilt from the sidecars, once."""
        try:
            return self._db.execute(query, params).fetchall()
        except sqlite3.DatabaseError as exc:
            if self._in_memory:
                raise  # built moments ago from the sidecars: not damage
            self.warnings.append(f"{self.path}: {_said(exc)}; rebuilt from the sidecars")
            with exclusive_lock(self.archive / LOCK, reading=True):
                check_database_files(self.archive)
                self._rebuild()
            return self._db.execute(query, params).fetchall()

    def runs(self, slug: str | None = None, last: int | None = None) -> list[RunRecord]:
        """Archived runs, oldest first (by date, then NN); `last` keeps only the newest ones."""
        params: list[object] = [file_slug(slug)] if slug else []
        where = "WHERE slug = ?" if slug else ""
        query = f"SELECT {_RUN_COLUMNS} FROM runs {where} {_NEWEST_FIRST}"
        if last is not None:
            query += " LIMIT ?"
            params.append(last)
        rows = self._rows(query, params)
        return [_run_record(row) for row in reversed(rows)]

    def outcomes(
        self, test_id: str, limit: int | None = None, slug: str | None = None
    ) -> list[OutcomeRecord]:
        """The test's outcome in each archived run that has it, oldest first (the last `limit`)."""
        query = (
            "SELECT r.slug, r.date, r.sequence, o.outcome, o.duration, r.path, r.cases_complete "
            "FROM outcomes o JOIN tests t ON t.id = o.test_id JOIN runs r ON r.id = o.run_id "
            "WHERE t.identity = ?"
        )
        params: list[object] = [test_id]
        if slug:
            query += " AND r.slug = ?"
            params.append(file_slug(slug))
        query += " ORDER BY r.date DESC, r.sequence DESC, r.slug DESC"  # newest first
        if limit is not None:
            query += " LIMIT ?"
            params.append(limit)
        rows = self._rows(query, params)
        return [
            OutcomeRecord(
                slug=s,
                date=d,
                sequence=n,
                outcome=Outcome(o),
                duration=t,
                path=p,
                cases_complete=bool(c),
            )
            for s, d, n, o, t, p, c in reversed(rows)
        ]

    def recent(
        self, last_n: int, slug: str | None = None
    ) -> tuple[list[RunRecord], dict[str, list[tuple[int, Outcome]]]]:
        """The newest `last_n` runs (oldest first) and, per test, (index of run, outcome) pairs."""
        runs = self.runs(slug, last_n)
        if not runs:
            return runs, {}
        position = {run.path: index for index, run in enumerate(runs)}
        marks = ",".join("?" for _ in runs)
        rows = self._rows(
            "SELECT t.identity, r.path, o.outcome FROM outcomes o "
            "JOIN tests t ON t.id = o.test_id JOIN runs r ON r.id = o.run_id "
            f"WHERE r.path IN ({marks})",
            [run.path for run in runs],
        )
        per_test: dict[str, list[tuple[int, Outcome]]] = {}
        for test, path, outcome in rows:
            per_test.setdefault(test, []).append((position[path], Outcome(outcome)))
        for entries in per_test.values():
            entries.sort()
        return runs, per_test

    def stamps(self) -> dict[str, tuple[int, int]]:
        """Sidecar path -> (mtime_ns, size) of every run the history holds."""
        return {
            row[0]: (row[1], row[2]) for row in self._rows("SELECT path, mtime_ns, size FROM runs")
        }

    def match_tests(self, pattern: str, limit: int = 20) -> list[str]:
        """Test identities matching a glob (`*`, `?`, `[...]`; case-sensitive), sorted."""
        rows = self._rows(
            "SELECT identity FROM tests WHERE identity GLOB ? ORDER BY identity LIMIT ?",
            (pattern, limit),
        )
        return [row[0] for row in rows]

    def find_tests(self, fragment: str, limit: int = 10) -> list[str]:
        """Test identities containing `fragment` (for suggestions when a name is mistyped)."""
        escaped = fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self._rows(
            "SELECT identity FROM tests WHERE identity LIKE ? ESCAPE '\\' "
            "ORDER BY identity LIMIT ?",
            (f"%{escaped}%", limit),
        )
        return [row[0] for row in rows]


def check_database_files(archive: Path) -> str:
    """What is at `<archive>/history.sqlite`: "missing", "ours", "outdated" (an older layout,
    or written before reportgen set its application_id) or "damaged: <why>"; UsageError when
    it is a link, not a regular file, or another program's database, which reportgen must
    leave alone."""
    path = archive / DATABASE
    for companion in COMPANIONS:
        check_not_linked(Path(f"{path}{companion}"))
    if not check_not_linked(path):
        return "missing"
    try:
        with path.open("rb") as handle:  # checked just above: a regular file, not a link
            header = handle.read(100)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    if len(header) == 0:
        return "missing"
    if len(header) < 100 or not header.startswith(_MAGIC):
        return "damaged: not an SQLite database"
    application_id = int.from_bytes(header[68:72], "big")
    user_version = int.from_bytes(header[60:64], "big")
    if application_id == APPLICATION_ID:
        return "ours" if user_version == STORE_VERSION else "outdated"
    if application_id == 0 and user_version == STORE_VERSION and _legacy(path):
        return "outdated"
    raise UsageError(
        f"{path} is not reportgen's history database (SQLite application_id "
        f"{application_id:#010x}); it is left untouched: move it out of the archive and run "
        "again (the history is rebuilt there from the sidecars)"
    )


def _legacy(path: Path) -> bool:
    """A history written by an earlier reportgen: its tables and nothing else."""
    try:
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        names = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
    except sqlite3.Error:
        return False
    finally:
        source.close()
    tables = {name for name in names if not name.startswith(("sqlite_", "runs_", "outcomes_"))}
    return tables == _OUR_TABLES


def orphan_warnings(archive: Path) -> list[str]:
    """One warning for empty claims left by a killed archiver, if there are any."""
    found = orphan_claims(archive)
    if not found:
        return []
    names = ", ".join(path.relative_to(archive).as_posix() for path in found[:3])
    more = f" and {len(found) - 3} more" if len(found) > 3 else ""
    return [
        f"{archive}: {len(found)} empty file(s) left by an interrupted archive ({names}{more}); "
        f"'reportgen archive check {archive} --repair' removes them"
    ]


def _cannot_write(error: BaseException) -> bool:
    """A full disk or an archive that may not be written: no damage, nothing to rebuild."""
    if is_disk_full(error):
        return True
    if isinstance(error, OSError):
        return error.errno in READ_ONLY_ERRNOS
    code = getattr(error, "sqlite_errorcode", None)
    return code in (_SQLITE_READONLY, _SQLITE_CANTOPEN) or "readonly" in str(error)


def _said(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _ours(connection: sqlite3.Connection) -> bool:
    found = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    return bool(found == APPLICATION_ID and version == STORE_VERSION)


def _prepare(connection: sqlite3.Connection) -> sqlite3.Connection:
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def _schema(connection: sqlite3.Connection) -> sqlite3.Connection:
    connection.executescript(_SCHEMA)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {STORE_VERSION}")
    connection.commit()
    return connection


def _memory() -> sqlite3.Connection:
    return _schema(_prepare(sqlite3.connect(":memory:")))


def _create(path: Path) -> sqlite3.Connection:
    """A new, empty database at `path` (a file this process just made)."""
    return _schema(_prepare(sqlite3.connect(path, timeout=30)))


def _connect(path: Path) -> sqlite3.Connection:
    """Open the archive's database, already checked to be ours."""
    connection = _prepare(sqlite3.connect(path, timeout=30))
    try:
        if not _ours(connection):  # changed since the check: treat as damaged, rebuild
            raise sqlite3.DatabaseError("not the history database it was a moment ago")
    except BaseException:
        connection.close()
        raise
    return connection
