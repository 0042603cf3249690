"""`reportgen archive check`: what in an archive is damaged or left over, and the safe repairs.

Findings: empty claims no process holds (left by an archiver killed between claiming a number
and writing it), temporary files of interrupted writes, sidecars that cannot be read or fail
their checks, and a history database that is missing, damaged, behind the sidecars, or not
reportgen's. Repairs never touch a file with content: orphan claims (empty, unheld) are
removed, and the database is rebuilt from the sidecars unless the file there is not ours.
Damaged sidecars and temporary files are listed for a person to decide.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.archive.layout import DATABASE, LOCK, orphan_claims
from reportgen.archive.store import HistoryStore, RunRecord, check_database_files
from reportgen.errors import UsageError
from reportgen.files import exclusive_lock, temporary_leftover
from reportgen.text import plural


@dataclass
class ArchiveCheck:
    """What `inspect_archive` found (and, with repair, what it did)."""

    archive: Path
    orphans: list[Path] = field(default_factory=list)  # empty unheld claims
    removed: list[Path] = field(default_factory=list)  # orphans removed by the repair
    leftovers: list[Path] = field(default_factory=list)  # temporary files, never removed
    damaged: list[str] = field(default_factory=list)  # sidecars left out, one line each
    database: str | None = None  # what is wrong with history.sqlite, None when current
    database_fixable: bool = True  # False: a link or another program's file, left alone
    rebuilt: bool = False  # the repair rebuilt the database
    runs: list[RunRecord] = field(default_factory=list)  # the history the sidecars give

    def findings(self) -> list[str]:
        """One line per finding, repaired ones said as such."""
        lines = [f"removed orphan claim: {self._name(p)} (empty)" for p in self.removed]
        lines += [
            f"orphan claim: {self._name(p)} (empty, left by an interrupted archive)"
            for p in self.orphans
            if p not in self.removed
        ]
        lines += [f"damaged sidecar (left out of the history): {line}" for line in self.damaged]
        if self.database is not None:
            done = "rebuilt" if self.rebuilt else "history database"
            lines.append(f"{done}: {self.database}")
        lines += [
            f"temporary file of an interrupted write (not removed): {self._name(p)}"
            for p in self.leftovers
        ]
        return lines

    def remaining(self) -> list[str]:
        """What is still wrong: the reasons `archive check` fails."""
        left = []
        orphans = [p for p in self.orphans if p not in self.removed]
        if orphans:
            left.append(f"{plural(len(orphans), 'orphan claim')} (--repair removes them)")
        if self.damaged:
            left.append(f"{plural(len(self.damaged), 'damaged sidecar')}: repair or remove by hand")
        if self.database is not None and not self.rebuilt:
            left.append(
                "the history database needs a rebuild (--repair)"
                if self.database_fixable
                else f"{self.archive / DATABASE} must be moved away by hand"
            )
        return left

    def _name(self, path: Path) -> str:
        with contextlib.suppress(ValueError):
            return path.relative_to(self.archive).as_posix()
        return str(path)


def inspect_archive(archive: Path, *, repair: bool = False) -> ArchiveCheck:
    """Look over `archive`; with `repair`, remove orphan claims and rebuild the database."""
    if not archive.is_dir():
        raise UsageError(f"{archive}: no such archive directory")
    found = ArchiveCheck(archive)
    with exclusive_lock(archive / LOCK, reading=not repair):
        found.orphans = orphan_claims(archive)
        if repair:
            found.removed = orphan_claims(archive, remove=True)
            found.orphans = sorted(set(found.orphans) | set(found.removed))
        found.leftovers = sorted(
            path
            for pattern in ("*", "[0-9][0-9][0-9][0-9]/[0-9][0-9]/*")
            for path in archive.glob(pattern)
            if temporary_leftover(path.name)
        )
        fresh = HistoryStore(archive)  # in memory, from the sidecars alone
        try:
            fresh.refresh()
            found.runs = fresh.runs()
            found.damaged = list(fresh.problems)
            stamps = fresh.stamps()
        finally:
            fresh.close()
        found.database, found.database_fixable = _database_state(archive, stamps)
        if repair and found.database is not None and found.database_fixable:
            HistoryStore.rebuild(archive).close()
            found.rebuilt = True
    return found


def _database_state(archive: Path, stamps: dict[str, tuple[int, int]]) -> tuple[str | None, bool]:
    """(what is wrong with the database or None, whether a rebuild may replace it)."""
    path = archive / DATABASE
    try:
        state = check_database_files(archive)
    except UsageError as exc:
        return str(exc), False
    if state == "missing":
        return f"{path}: missing", True
    if state == "outdated":
        return f"{path}: an older layout", True
    if state != "ours":
        return f"{path}: {state}", True
    try:
        behind = _behind(path, stamps)
    except sqlite3.DatabaseError as exc:
        return f"{path}: damaged ({' '.join(str(exc).split())})", True
    return (f"{path}: behind the sidecars ({behind})", True) if behind else (None, True)


def _behind(path: Path, stamps: dict[str, tuple[int, int]]) -> str:
    """How the database differs from the readable sidecars ("" when it does not); read only."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise sqlite3.DatabaseError(verdict)
        known = {
            row[0]: (row[1], row[2])
            for row in connection.execute("SELECT path, mtime_ns, size FROM runs")
        }
    finally:
        connection.close()
    missing = sum(1 for p, stamp in stamps.items() if known.get(p) != stamp)
    gone = sum(1 for p in known if p not in stamps)
    parts = [f"{missing} sidecar(s) not in it"] if missing else []
    parts += [f"{gone} run(s) no longer on disk"] if gone else []
    return ", ".join(parts)
