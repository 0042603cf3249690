"""Names in an archive and in an output directory: nothing else decides where a run goes.

A run is `<slug>-<YYYY-MM-DD>-<NN>` plus a suffix (`.md` worklog, `.json` sidecar, `.html`),
archived under `<archive>/YYYY/MM/`. NN is one past the highest number of that slug and day.
The archive root holds the derived files (`history.sqlite`, `INDEX.md`, `INDEX.html`) and
the lock file that guards rewriting them.
"""

from __future__ import annotations

import re
from datetime import date as Date
from pathlib import Path

from reportgen.errors import UsageError

LOCK = ".lock"
DATABASE = "history.sqlite"
INDEX_MD = "INDEX.md"
INDEX_HTML = "INDEX.html"

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SIDECAR_NAME = re.compile(
    r"^(?P<slug>[a-z0-9][a-z0-9-]*?)-(?P<date>\d{4}-\d{2}-\d{2})-(?P<sequence>\d{2,})\.json$"
)

RunKey = tuple[str, int]  # (date, NN): the order of one worklog's runs


def check_name_parts(slug: str, date: str) -> None:
    """Refuse a slug or date that could escape the directory or break the naming scheme."""
    if not SLUG.match(slug):
        raise UsageError(
            f"worklog slug {slug!r} must be lowercase letters, digits and '-', "
            "starting with a letter or digit"
        )
    try:
        valid = bool(_DATE.match(date)) and Date.fromisoformat(date).isoformat() == date
    except ValueError:
        valid = False
    if not valid:
        raise UsageError(f"worklog date {date!r} must be a real date written YYYY-MM-DD")


def worklog_prefix(slug: str, date: str) -> str:
    return f"{slug}-{date}-"


def month_dir(archive: Path, date: str) -> Path:
    return archive / date[:4] / date[5:7]


def sidecar_files(archive: Path) -> dict[str, tuple[int, int]]:
    """Sidecars under `archive/YYYY/MM/`: relative posix path -> (mtime_ns, size)."""
    found: dict[str, tuple[int, int]] = {}
    for path in archive.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*.json"):
        if SIDECAR_NAME.match(path.name):
            stat = path.stat()
            found[path.relative_to(archive).as_posix()] = (stat.st_mtime_ns, stat.st_size)
    return found


def previous_sidecar(archive: Path, slug: str, before: str | RunKey | None = None) -> Path | None:
    """The newest archived sidecar of `slug` (by date, then NN), or None.

    `before` narrows the search: a date `YYYY-MM-DD` keeps runs of that day or earlier, a
    `(date, NN)` pair keeps runs strictly before that run. Claimed but unwritten (empty)
    sidecars are ignored.
    """
    best: tuple[RunKey, Path] | None = None
    for path in archive.glob(f"[0-9][0-9][0-9][0-9]/[0-9][0-9]/{slug}-*.json"):
        found = SIDECAR_NAME.match(path.name)
        if not found or found["slug"] != slug:
            continue
        key = (found["date"], int(found["sequence"]))
        if isinstance(before, str) and key[0] > before:
            continue
        if isinstance(before, tuple) and key >= before:
            continue
        if (best is None or key > best[0]) and path.stat().st_size > 0:
            best = (key, path)
    return best[1] if best else None
