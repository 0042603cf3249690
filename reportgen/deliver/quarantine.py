"""Edits of the quarantine file (`reportgen quarantine add/list/prune`), keeping its comments.

The file is edited as text: `add` appends an entry (its values written by tomlkit) in the
file's own line endings, `prune` cuts whole entries out, and every other byte stays as it
was. A comment belongs to the entry below it; comments at the end of the file belong to the
file. Every edit is validated as the file will read afterwards (`config.parse_quarantine`)
before it is written, atomically, so a mistake leaves the file as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import tomlkit
from pydantic import ValidationError
from tomlkit.items import AoT

from reportgen.analyze.quarantine import catch_all, catch_all_warning, expired
from reportgen.config import QuarantineEntry, QuarantineFile, parse_quarantine
from reportgen.errors import ConfigError
from reportgen.files import write_atomically
from reportgen.text import plural, printable

HEADER = (
    "Tests whose failures are shown but fail no gate, each until its expiry date.\n"
    "An entry matches a test when every glob it gives matches: name, classname, file.\n"
    "Edit by hand or with 'reportgen quarantine add/prune'; comments are kept."
)
_HEADER_LINES = {f"# {line}" for line in HEADER.splitlines()}

# A table header line: `[name]` or `[[name]]`, maybe spaced, quoted or followed by a comment.
_TABLE = re.compile(r"""^[ \t]*(\[\[?)[ \t]*([^\[\]#]*?)[ \t]*\]\]?[ \t]*(?:#.*)?$""")
# The `add` options each field of an entry comes from, to name them in an error.
_OPTION = {
    "name": "TEST",
    "classname": "TEST",
    "file": "--file",
    "ticket": "--ticket",
    "expires": "--expires",
    "reason": "--reason",
}


@dataclass
class Edited:
    """What an edit did: lines to print, warnings, whether the file was written."""

    lines: list[str] = field(default_factory=list)
    written: Path | None = None
    warnings: list[str] = field(default_factory=list)


def _shown(line: str) -> str:
    # globs, tickets and paths are printed on one line each; a newline in one would fake more
    return printable(line.replace("\n", "\ufffd").replace("\t", "\ufffd"))


def _text(path: Path) -> str:
    try:
        with path.open(encoding="utf-8", newline="") as handle:  # keeps CRLF as written
            return handle.read()
    except OSError as exc:
        raise ConfigError(str(path), "(file)", f"cannot read: {exc.strerror}") from exc


def _newline(text: str) -> str:
    """The file's line ending: that of its first line (LF for a file of one line or none)."""
    end = text.find("\n")
    return "\r\n" if end > 0 and text[end - 1] == "\r" else "\n"


def _require_tables(text: str, path: Path) -> None:
    """Entries written inline (`quarantine = [{...}]`) cannot take a `[[quarantine]]` more."""
    try:
        found = tomlkit.parse(text).get("quarantine")
    except tomlkit.exceptions.ParseError as exc:
        raise ConfigError(str(path), "(syntax)", f"not valid TOML: {exc}") from exc
    if found is not None and not isinstance(found, AoT):
        raise ConfigError(str(path), "quarantine", "must be [[quarantine]] tables")


def _entry_for(
    path: Path,
    test: str | None,
    file: str | None,
    ticket: str,
    expires: str,
    reason: str | None,
    added: date,
) -> QuarantineEntry:
    """The entry the options describe, or a ConfigError naming the option at fault: the entry
    is not in the file yet, so no line of it would help."""
    where = str(path)
    if not ticket.strip():
        raise ConfigError(where, "--ticket", "a quarantine entry names its ticket: --ticket '#123'")
    if not expires.strip():
        raise ConfigError(
            where, "--expires", "a quarantine entry needs an expiry date: --expires 2026-03-31"
        )
    values: dict[str, object] = {"ticket": ticket, "expires": expires, "added": added}
    if test is not None:
        classname, sep, name = test.partition("::")
        values |= {"classname": classname, "name": name} if sep else {"name": test}
    if file is not None:
        values["file"] = file
    if reason:
        values["reason"] = reason
    try:
        return QuarantineEntry.model_validate(values)
    except ValidationError as exc:
        error = exc.errors()[0]
        option = _OPTION.get(str(error["loc"][0]), "TEST") if error["loc"] else "TEST"
        raise ConfigError(where, option, error["msg"].removeprefix("Value error, ")) from exc


def _entry_text(entry: QuarantineEntry, newline: str) -> str:
    keys = ("classname", "name", "file", "ticket", "expires", "reason", "added")
    lines = ["[[quarantine]]"] + [
        f"{key} = {tomlkit.item(value).as_string()}"
        for key in keys
        if (value := getattr(entry, key)) is not None
    ]
    return newline.join(lines) + newline


def _appended(text: str, entry: str) -> str:
    """`text` with `entry` after the last entry, before the comments that close the file."""
    newline = _newline(text)
    lines = text.splitlines(keepends=True)
    spans = _spans(lines)
    end = spans[-1][1] if spans else len(lines)
    while end < len(lines) and not lines[end].strip():
        end += 1
    head, tail = "".join(lines[:end]), "".join(lines[end:])
    if head and not head.endswith("\n"):
        head += newline
    # a blank line before the next entry or the closing comments
    return head + entry + newline + tail


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
    entry = _entry_for(path, test, file, ticket, expires, reason, today or date.today())
    if path.exists():
        text = _text(path)
        parse_quarantine(text, str(path))  # a file already wrong is named as it is
        _require_tables(text, path)
    else:
        text = "".join(f"# {line}\n" for line in HEADER.splitlines()) + "\n"
    text = _appended(text, _entry_text(entry, _newline(text)))
    parsed = parse_quarantine(text, str(path))
    written = write_atomically(path, text.encode("utf-8"))
    where = f"{path}:{parsed.lines[-1]}"
    warnings = [_shown(catch_all_warning(where, entry))] if catch_all(entry) else []
    return Edited([_shown(f"{where}: added {entry.ticket} ({entry.pattern})")], written, warnings)


def _read(path: Path) -> tuple[str, QuarantineFile]:
    text = _text(path)
    return text, parse_quarantine(text, str(path))


def list_entries(path: Path, on: date) -> Edited:
    """One line per entry: its line, ticket, globs, expiry and whether it protects on `on`."""
    parsed = _read(path)[1] if path.exists() else QuarantineFile()
    lines = []
    for entry, line in zip(parsed.quarantine, parsed.lines, strict=True):
        state = "expired" if expired(entry, on.isoformat()) else "active"
        lines.append(
            _shown(
                f"{path}:{line}: {entry.ticket} {entry.pattern} expires {entry.expires} ({state})"
            )
        )
    lines.append(_shown(f"{path}: {plural(len(parsed.quarantine), 'entry', 'entries')}"))
    return Edited(lines)


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _spans(lines: list[str]) -> list[tuple[int, int]]:
    """The lines `[start, end)` of each `[[quarantine]]` entry, in order.

    An entry starts at the comments right above its header (no blank line between, the
    file's own header comment excepted) and ends where the next table's does; the last one
    ends at its last key, so the comments closing the file stay.
    """
    headers = []  # (line of the header, whether it opens a quarantine entry)
    for number, line in enumerate(lines):
        found = _TABLE.match(line.rstrip("\r\n"))
        if found:
            name = found.group(2).strip().strip("\"'")
            headers.append((number, found.group(1) == "[[" and name == "quarantine"))
    starts = []
    for number, _ in headers:
        start = number
        while (
            start > 0
            and _is_comment(lines[start - 1])
            and lines[start - 1].rstrip("\r\n").strip() not in _HEADER_LINES
        ):
            start -= 1
        starts.append(start)
    spans = []
    for index, (number, is_entry) in enumerate(headers):
        if not is_entry:
            continue
        if index + 1 < len(headers):
            end = starts[index + 1]
        else:
            end = number + 1
            for later in range(number + 1, len(lines)):
                if lines[later].strip() and not _is_comment(lines[later]):
                    end = later + 1
        spans.append((starts[index], end))
    return spans


def _without(text: str, parsed: QuarantineFile, gone: set[int], path: Path) -> str:
    """`text` without the entries at the indexes `gone`, checked to read as exactly the rest."""
    lines = text.splitlines(keepends=True)
    spans = _spans(lines)
    cut: set[int] = set()
    if len(spans) == len(parsed.quarantine):
        for index in gone:
            cut.update(range(*spans[index]))
    kept = "".join(line for number, line in enumerate(lines) if number not in cut)
    after = parse_quarantine(kept, str(path)) if cut else None
    wanted = [e for i, e in enumerate(parsed.quarantine) if i not in gone]
    if after is None or after.quarantine != wanted or after.stale_after != parsed.stale_after:
        raise ConfigError(
            str(path),
            "quarantine",
            "cannot tell where each [[quarantine]] entry starts and ends (a multi-line "
            "string holding a table header?); remove the entries by hand",
        )
    return kept


def prune_entries(
    path: Path, on: date, *, stale: Iterable[int] = (), dry_run: bool = False
) -> Edited:
    """Remove entries expired on `on` and those at the indexes `stale`; comments stay."""
    if not path.exists():
        return Edited([_shown(f"{path}: nothing to prune")])
    text, parsed = _read(path)
    gone = set(stale)
    gone |= {i for i, e in enumerate(parsed.quarantine) if expired(e, on.isoformat())}
    lines = [
        _shown(
            f"{path}:{parsed.lines[i]}: {'would remove' if dry_run else 'removed'} "
            f"{parsed.quarantine[i].ticket} ({parsed.quarantine[i].pattern}): "
            + ("expired" if expired(parsed.quarantine[i], on.isoformat()) else "stale")
        )
        for i in sorted(gone)
    ]
    if not gone:
        return Edited([_shown(f"{path}: nothing to prune")])
    kept = _without(text, parsed, gone, path)  # checked on a dry run too: it says what would be
    if dry_run:
        return Edited(lines)
    return Edited(lines, write_atomically(path, kept.encode("utf-8")))
