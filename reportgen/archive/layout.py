"""Names in an archive and in an output directory: nothing else decides where a run goes.

A run is `<slug>-<YYYY-MM-DD>-<NN>` plus a suffix (`.md` worklog, `.json` sidecar, `.html`),
archived under `<archive>/YYYY/MM/`. NN is one past the highest number of that slug and day.
The archive root holds the derived files (`history.sqlite`, `INDEX.md`, `INDEX.html`) and
the lock file that guards rewriting them.

A slug longer than `MAX_SLUG` (a title of thousands of characters) is cut on a word boundary
and given a digest of the whole slug, so that names stay within file-system limits, distinct
and the same on every run: `file_slug` is the one place that decides it.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import time
from datetime import date as Date
from pathlib import Path

from reportgen.archive.sidecar import load_sidecar
from reportgen.errors import ReportgenError, UsageError
from reportgen.files import unheld_empty

LOCK = ".lock"
DATABASE = "history.sqlite"
INDEX_MD = "INDEX.md"
INDEX_HTML = "INDEX.html"

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SIDECAR_NAME = re.compile(
    r"^(?P<slug>[a-z0-9][a-z0-9-]*?)-(?P<date>\d{4}-\d{2}-\d{2})-(?P<sequence>\d{2,})\.json$"
)
RUN_FILE_NAME = re.compile(
    r"^(?P<slug>[a-z0-9][a-z0-9-]*?)-(?P<date>\d{4}-\d{2}-\d{2})-(?P<sequence>\d{2,})"
    r"\.(?:json|md|html)$"
)

RunKey = tuple[str, int]  # (date, NN): the order of one worklog's runs

MAX_SLUG = 80  # a run's name stays near 100 characters; file systems allow 255 bytes
_DIGEST = 8


def file_slug(slug: str) -> str:
    """The slug as it appears in file names: `slug` itself, or cut to `MAX_SLUG` characters on
    a `-` and ended by 8 hex digits of the whole slug's SHA-256."""
    if len(slug) <= MAX_SLUG:
        return slug
    digest = hashlib.sha256(slug.encode("utf-8")).hexdigest()[:_DIGEST]
    room = MAX_SLUG - _DIGEST - 1
    cut = slug[:room]
    if slug[room] != "-" and "-" in cut[room // 2 :]:
        cut = cut[: cut.rindex("-")]
    return f"{cut.rstrip('-')}-{digest}"


def check_name_parts(slug: str, date: str) -> None:
    """Refuse a slug or date that could escape the directory or break the naming scheme."""
    if not SLUG.match(slug) or not SLUG.match(file_slug(slug)):
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
    return f"{file_slug(slug)}-{date}-"


def month_dir(archive: Path, date: str) -> Path:
    return archive / date[:4] / date[5:7]


def sidecar_files(archive: Path) -> dict[str, tuple[int, int]]:
    """Sidecars under `archive/YYYY/MM/`: relative posix path -> (mtime_ns, size)."""
    found: dict[str, tuple[int, int]] = {}
    for path in archive.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*.json"):
        if SIDECAR_NAME.match(path.name):
            try:
                found_stat = os.lstat(path)  # a link is listed as itself, and refused on load
            except FileNotFoundError:
                continue
            relative = path.relative_to(archive).as_posix()
            found[relative] = (found_stat.st_mtime_ns, found_stat.st_size)
    return found


def run_files(archive: Path) -> list[Path]:
    """Every file of an archived run (`.md`, `.json`, `.html` named as runs are) in `archive`."""
    return sorted(
        path
        for path in archive.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*")
        if RUN_FILE_NAME.match(path.name)
    )


def orphan_claims(archive: Path, *, remove: bool = False) -> list[Path]:
    """Empty run files no process holds: claims of an archiver killed before it wrote them.

    A claim being written is held by its process and never listed; a file with content never
    is either. With `remove`, each one listed is deleted.
    """
    now = time.time()
    found = []
    for path in run_files(archive):
        try:
            if os.lstat(path).st_size != 0:
                continue
        except FileNotFoundError:
            continue
        if unheld_empty(path, now, remove=remove):
            found.append(path)
    return found


def previous_sidecar(
    archive: Path, slug: str, before: str | RunKey | None = None, *, min_tests: int = 0
) -> Path | None:
    """The newest archived sidecar of `slug` (by date, then NN), or None.

    `before` narrows the search: a date `YYYY-MM-DD` keeps runs of that day or earlier, a
    `(date, NN)` pair keeps runs strictly before that run. Claimed but unwritten (empty)
    sidecars and links are ignored. With `min_tests`, each candidate is read, newest first,
    and the first that loads, passes its checks and holds at least that many tests is the
    answer: a damaged sidecar or one of a run without tests never becomes a baseline.
    """
    name = file_slug(slug)
    found_keys: list[tuple[RunKey, Path]] = []
    for path in archive.glob(f"[0-9][0-9][0-9][0-9]/[0-9][0-9]/{name}-*.json"):
        found = SIDECAR_NAME.match(path.name)
        if not found or found["slug"] != name:
            continue
        key = (found["date"], int(found["sequence"]))
        if isinstance(before, str) and key[0] > before:
            continue
        if isinstance(before, tuple) and key >= before:
            continue
        try:
            found_stat = os.lstat(path)
        except FileNotFoundError:
            continue
        if stat.S_ISREG(found_stat.st_mode) and found_stat.st_size > 0:
            found_keys.append((key, path))
    found_keys.sort(reverse=True)
    if min_tests <= 0:
        return found_keys[0][1] if found_keys else None
    for _, path in found_keys:
        try:
            if load_sidecar(path).run.counts.total >= min_tests:
                return path
        except ReportgenError:
            continue
    return None
