"""The archive: every run's worklog and sidecar under `<archive>/YYYY/MM/`, kept forever.

`archive_worklog` stores `<slug>-YYYY-MM-DD-NN.md`, its `.json` sidecar and optionally an
`.html`, with NN one past the highest number of that slug and day in the archive. All names
of a run are claimed together with `O_CREAT | O_EXCL` (a name taken meanwhile moves the run
to the next number), filled atomically, and removed again if rendering fails. Nothing in the
archive is ever overwritten; only the derived files (`history.sqlite`, `INDEX.md`,
`INDEX.html`) are rewritten, under the lock file `<archive>/.lock`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportgen.deliver.files import claim_numbered, exclusive_lock, fill_claims, release_claims
from reportgen.deliver.index import write_index
from reportgen.deliver.sidecar import SIDECAR_VERSION, Sidecar, load_sidecar
from reportgen.deliver.worklog import check_name_parts, worklog_prefix
from reportgen.history.store import LOCK, SIDECAR_NAME
from reportgen.model import Run
from reportgen.report import Report

__all__ = [
    "SIDECAR_VERSION",
    "ArchivedRun",
    "Sidecar",
    "archive_worklog",
    "load_sidecar",
    "month_dir",
    "previous_sidecar",
]


@dataclass(frozen=True, slots=True)
class ArchivedRun:
    worklog: Path
    sidecar: Path
    html: Path | None
    sequence: int
    index: Path


def month_dir(archive: Path, date: str) -> Path:
    return archive / date[:4] / date[5:7]


def _numbered(report: Report, number: int) -> Report:
    # The sidecar must agree with its file name whatever the caller's report says.
    if report.meta.sequence == number:
        return report
    return report.model_copy(update={"meta": report.meta.model_copy(update={"sequence": number})})


def archive_worklog(
    archive: Path,
    slug: str,
    date: str,
    render: Callable[[int], str],
    run: Run,
    report_for: Callable[[int], Report],
    html: Callable[[int], str] | None = None,
) -> ArchivedRun:
    """Archive one run under the next free NN; then refresh the history and the index."""
    check_name_parts(slug, date)
    suffixes = [".md", ".json"] + ([".html"] if html is not None else [])
    number, paths = claim_numbered(month_dir(archive, date), worklog_prefix(slug, date), suffixes)
    try:
        contents: list[tuple[Path, str | bytes]] = [(paths[0], render(number))]
        if html is not None:
            contents.append((paths[2], html(number)))
        sidecar = Sidecar(run=run, report=_numbered(report_for(number), number))
        # The sidecar goes last: history and index treat a filled sidecar as a finished run.
        contents.append((paths[1], sidecar.dump_json()))
        fill_claims(contents)
    except BaseException:
        release_claims(paths)
        raise
    with exclusive_lock(archive / LOCK):
        index = write_index(archive, html=html is not None)
    return ArchivedRun(
        worklog=paths[0],
        sidecar=paths[1],
        html=paths[2] if html is not None else None,
        sequence=number,
        index=index,
    )


def _run_key(path: Path) -> tuple[str, int] | None:
    found = SIDECAR_NAME.match(path.name)
    return (found["date"], int(found["sequence"])) if found else None


def previous_sidecar(
    archive: Path, slug: str, before: str | tuple[str, int] | None = None
) -> Path | None:
    """The newest archived sidecar of `slug` (by date, then NN), or None.

    `before` narrows the search: a date `YYYY-MM-DD` keeps runs of that day or earlier, a
    `(date, NN)` pair keeps runs strictly before that run. Claimed but unwritten (empty)
    sidecars are ignored.
    """
    best: tuple[tuple[str, int], Path] | None = None
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
