"""Rewrite `<archive>/INDEX.md` (and `INDEX.html`) from the history, under the archive lock.

The index is derived from the history, itself derived from the sidecars, and rewritten whole
on every archive; `reportgen.render.index` says what it holds. A full disk is a
`DiskFullError` naming the file and saying that the archived runs themselves are kept.
"""

from __future__ import annotations

from pathlib import Path

from reportgen.archive.layout import INDEX_HTML, INDEX_MD, LOCK
from reportgen.archive.sidecar import load_sidecar
from reportgen.archive.store import HistoryStore, RunRecord
from reportgen.errors import InputError
from reportgen.files import DiskFullError, exclusive_lock, is_disk_full, write_atomically
from reportgen.render.index import SeriesFacts, render_index, render_index_page, series_facts


def write_index(archive: Path, *, html: bool = False, warnings: list[str] | None = None) -> Path:
    """Rewrite `<archive>/INDEX.md`; returns its path.

    `INDEX.html` is written too when `html` is set or it already exists (so it never goes
    stale); its rows link the HTML worklog where there is one. What the history had to say
    (a database rebuilt, empty claims left over, sidecars left out) is added to `warnings`.
    """
    with exclusive_lock(archive / LOCK):
        with HistoryStore.open(archive) as store:
            runs = store.runs()
            unsaved = store.unsaved
            if warnings is not None:
                warnings += store.warnings
                warnings += [f"left out of the history: {problem}" for problem in store.problems]
        path = archive / INDEX_MD
        try:
            for target, text in index_texts(archive, runs, html=html).items():
                write_atomically(target, text)
        except OSError as exc:
            if not is_disk_full(exc):
                raise
            full = exc.filename or path
            again = f"run 'reportgen index {archive}' when there is space"
            raise DiskFullError(full, f"{_KEPT}; {full} is not updated: {again}") from exc
        if unsaved is not None:
            raise DiskFullError(
                store.path,
                f"{_KEPT} and INDEX.md is up to date; the history database is not updated: "
                "the next archive command catches it up when there is space",
            )
    return path


_KEPT = "every archived worklog and sidecar is saved"


def index_texts(archive: Path, runs: list[RunRecord], *, html: bool) -> dict[Path, str]:
    """What `INDEX.md` (and `INDEX.html`, when asked or already there) should hold."""
    series = _series(archive, runs)
    texts = {archive / INDEX_MD: render_index(runs, series=series)}
    if html or (archive / INDEX_HTML).exists():
        links = {}
        for run in runs:
            page = run.worklog.removesuffix(".md") + ".html"
            links[run.path] = page if (archive / page).exists() else run.worklog
        texts[archive / INDEX_HTML] = render_index_page(runs, links, series)
    return texts


def _series(archive: Path, runs: list[RunRecord]) -> dict[str, SeriesFacts]:
    """Each series' title and target from its newest run's sidecar (the history keeps neither);
    a series whose sidecar cannot be read is named by its slug."""
    newest = {run.slug: run for run in runs}  # runs are oldest first
    facts = {}
    for slug, run in newest.items():
        try:
            facts[slug] = series_facts(load_sidecar(archive / run.path).report)
        except InputError:
            continue
    return facts


def stale_indexes(archive: Path, runs: list[RunRecord]) -> list[Path]:
    """Index files missing or not matching `runs` (INDEX.html only where it exists)."""
    stale = []
    for target, text in index_texts(archive, runs, html=False).items():
        try:
            current = target.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            current = None
        if current != text:
            stale.append(target)
    return stale
