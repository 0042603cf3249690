"""Edits of the quarantine file (`reportgen quarantine add/list/prune`), keeping its comments.

The file is read and written with tomlkit, which keeps comments, blank lines and the order of
keys; every edit is validated as the file will read afterwards (`config.parse_quarantine`)
before it is written, atomically, so a mistake leaves the file as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import tomlkit
from tomlkit.items import AoT, Table

from reportgen.analyze.quarantine import expired
from reportgen.config import QuarantineFile, parse_quarantine
from reportgen.errors import ConfigError
from reportgen.files import write_atomically
from reportgen.text import plural

HEADER = (
    "Tests whose failures are shown but fail no gate, each until its expiry date.\n"
    "An entry matches a test when every glob it gives matches: name, classname, file.\n"
    "Edit by hand or with 'reportgen quarantine add/prune'; comments are kept."
)


@dataclass
class Edited:
    """What an edit did: lines to print, whether the file was written."""

    lines: list[str] = field(default_factory=list)
    written: Path | None = None


def _read(path: Path) -> tomlkit.TOMLDocument:
    if not path.exists():
        document = tomlkit.document()
        for line in HEADER.splitlines():
            document.add(tomlkit.comment(line))
        return document
    try:
        return tomlkit.parse(path.read_text(encoding="utf-8"))
    except tomlkit.exceptions.ParseError as exc:
        raise ConfigError(str(path), "(syntax)", f"not valid TOML: {exc}") from exc
    except OSError as exc:
        raise ConfigError(str(path), "(file)", f"cannot read: {exc.strerror}") from exc


def _entries(document: tomlkit.TOMLDocument, path: Path) -> AoT:
    found = document.get("quarantine")
    if found is None:
        found = tomlkit.aot()
        document.append("quarantine", found)
    if not isinstance(found, AoT):
        raise ConfigError(str(path), "quarantine", "must be [[quarantine]] tables")
    return found


def _checked(document: tomlkit.TOMLDocument, path: Path) -> tuple[str, QuarantineFile]:
    text = tomlkit.dumps(document)
    return text, parse_quarantine(text, str(path))


def add_entry(
    path: Path,
    *,
    test: str | None,
    file: str | None,
    ticket: str,
    expires: str,
    reason: str | None = None,
    today: date | None = None,
) -> Edited:
    """Append an entry; `test` is `classname::name` (globs) or a name glob alone."""
    document = _read(path)
    entry: Table = tomlkit.table()
    if test is not None:
        classname, sep, name = test.partition("::")
        if sep:
            entry.add("classname", classname)
        entry.add("name", name if sep else test)
    if file is not None:
        entry.add("file", file)
    entry.add("ticket", ticket)
    try:
        entry.add("expires", date.fromisoformat(expires))
    except ValueError:
        entry.add("expires", expires)  # refused below, naming the entry and its line
    if reason:
        entry.add("reason", reason)
    entry.add("added", today or date.today())
    entry.add(tomlkit.nl())  # a blank line before the next entry
    _entries(document, path).append(entry)
    text, parsed = _checked(document, path)
    written = write_atomically(path, text.encode("utf-8"))
    added = parsed.quarantine[-1]
    return Edited([f"{path}:{parsed.lines[-1]}: added {added.ticket} ({added.pattern})"], written)


def list_entries(path: Path, on: date) -> Edited:
    """One line per entry: its line, ticket, globs, expiry and whether it protects on `on`."""
    parsed = _checked(_read(path), path)[1] if path.exists() else QuarantineFile()
    lines = []
    for entry, line in zip(parsed.quarantine, parsed.lines, strict=True):
        state = "expired" if expired(entry, on.isoformat()) else "active"
        lines.append(
            f"{path}:{line}: {entry.ticket} {entry.pattern} expires {entry.expires} ({state})"
        )
    lines.append(f"{path}: {plural(len(parsed.quarantine), 'entry', 'entries')}")
    return Edited(lines)


def prune_entries(
    path: Path, on: date, *, stale: Iterable[int] = (), dry_run: bool = False
) -> Edited:
    """Remove entries expired on `on` and those at the indexes `stale`; comments stay."""
    document = _read(path)
    entries = _entries(document, path)
    parsed = _checked(document, path)[1]
    gone = set(stale)
    gone |= {i for i, e in enumerate(parsed.quarantine) if expired(e, on.isoformat())}
    lines = [
        f"{path}:{parsed.lines[i]}: {'would remove' if dry_run else 'removed'} "
        f"{parsed.quarantine[i].ticket} ({parsed.quarantine[i].pattern}): "
        + ("expired" if expired(parsed.quarantine[i], on.isoformat()) else "stale")
        for i in sorted(gone)
    ]
    if dry_run or not gone:
        return Edited(lines or [f"{path}: nothing to prune"])
    for index in sorted(gone, reverse=True):
        del entries[index]
    text, _ = _checked(document, path)
    return Edited(lines, write_atomically(path, text.encode("utf-8")))
