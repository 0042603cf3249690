"""The run history: an SQLite database at `<archive>/history.sqlite`, derived from sidecars.

The sidecars are the truth; the database is an index over them for fast questions across
thousands of runs ("how did this test do lately?"). Opening the store brings it up to date
with the sidecars on disk (new, changed and deleted ones, compared by size and mtime); a
missing, damaged or older-layout database is rebuilt from scratch. Writes happen under the
archive's lock file, so concurrent archivers keep it consistent.

Tables: `runs` (one row per sidecar, with its counts, health and status), `tests` (one row
per test identity) and `outcomes` (run x test -> outcome, duration), indexed by test and by
run.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from reportgen.archive.layout import DATABASE, LOCK, SIDECAR_NAME, sidecar_files
from reportgen.archive.outcomes import durations_by_test, outcomes_by_test
from reportgen.archive.sidecar import load_sidecar
from reportgen.errors import ReportgenError, UsageError
from reportgen.files import exclusive_lock
from reportgen.model import Counts, Outcome

STORE_VERSION = 1  # layout of the database; a mismatch rebuilds it

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

    def __init__(self, archive: Path, connection: sqlite3.Connection) -> None:
        self.archive = archive
        self._db = connection
        self.problems: list[str] = []  # sidecars that could not be read, one line each

    @classmethod
    def open(cls, archive: Path) -> HistoryStore:
        """Open the history of `archive`, creating or catching it up from the sidecars."""
        if not archive.is_dir():
            raise UsageError(f"{archive}: no such archive directory")
        with exclusive_lock(archive / LOCK):
            store = cls(archive, _connect(archive / DATABASE))
            try:
                store.refresh()
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

    def refresh(self) -> None:
        """Bring the database in line with the sidecars (call with the archive lock held)."""
        on_disk = sidecar_files(self.archive)
        known = {
            row[0]: (row[1], row[2])
            for row in self._db.execute("SELECT path, mtime_ns, size FROM runs")
        }
        stale = [path for path, stamp in known.items() if on_disk.get(path) != stamp]
        fresh = sorted(path for path, stamp in on_disk.items() if known.get(path) != stamp)
        self.problems = []
        with self._db:
            self._db.executemany("DELETE FROM runs WHERE path = ?", [(p,) for p in stale])
            for path in fresh:
                if on_disk[path][1] > 0:  # an empty file is a claim still being written
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

    def runs(self, slug: str | None = None, last: int | None = None) -> list[RunRecord]:
        """Archived runs, oldest first (by date, then NN); `last` keeps only the newest ones."""
        params: list[object] = [slug] if slug else []
        where = "WHERE slug = ?" if slug else ""
        query = f"SELECT {_RUN_COLUMNS} FROM runs {where} {_NEWEST_FIRST}"
        if last is not None:
            query += " LIMIT ?"
            params.append(last)
        rows = self._db.execute(query, params).fetchall()
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
            params.append(slug)
        query += " ORDER BY r.date DESC, r.sequence DESC, r.slug DESC"  # newest first
        if limit is not None:
            query += " LIMIT ?"
            params.append(limit)
        rows = self._db.execute(query, params).fetchall()
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
        rows = self._db.execute(
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

    def match_tests(self, pattern: str, limit: int = 20) -> list[str]:
        """Test identities matching a glob (`*`, `?`, `[...]`; case-sensitive), sorted."""
        rows = self._db.execute(
            "SELECT identity FROM tests WHERE identity GLOB ? ORDER BY identity LIMIT ?",
            (pattern, limit),
        )
        return [row[0] for row in rows]

    def find_tests(self, fragment: str, limit: int = 10) -> list[str]:
        """Test identities containing `fragment` (for suggestions when a name is mistyped)."""
        escaped = fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self._db.execute(
            "SELECT identity FROM tests WHERE identity LIKE ? ESCAPE '\\' "
            "ORDER BY identity LIMIT ?",
            (f"%{escaped}%", limit),
        )
        return [row[0] for row in rows]


def _create(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=30)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA foreign_keys = ON")
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version != STORE_VERSION:
        with connection:
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            ).fetchall():
                connection.execute(f'DROP TABLE IF EXISTS "{name}"')
        connection.executescript(_SCHEMA)
        connection.execute(f"PRAGMA user_version = {STORE_VERSION}")
        connection.commit()
    return connection


def _connect(path: Path) -> sqlite3.Connection:
    """Open (or rebuild) the database; a damaged file is replaced, it is only derived data."""
    try:
        return _create(path)
    except sqlite3.DatabaseError:
        for leftover in (path, path.with_name(path.name + "-journal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        return _create(path)
