"""Rewrite `<archive>/INDEX.md` (and `INDEX.html`) from the history, under the archive lock.

The index is derived from the history, itself derived from the sidecars, and rewritten whole
on every archive; `reportgen.render.index` says what it holds.
"""

from __future__ import annotations

from pathlib import Path

from reportgen.archive.layout import INDEX_HTML, INDEX_MD, LOCK
from reportgen.archive.store import HistoryStore
from reportgen.files import exclusive_lock, write_atomically
from reportgen.render.index import render_index, render_index_html


def write_index(archive: Path, *, html: bool = False) -> Path:
    """Rewrite `<archive>/INDEX.md`; returns its path.

    `INDEX.html` is written too when `html` is set or it already exists (so it never goes
    stale); its rows link the HTML worklog where there is one.
    """
    with exclusive_lock(archive / LOCK):
        with HistoryStore.open(archive) as store:
            runs = store.runs()
        path = write_atomically(archive / INDEX_MD, render_index(runs))
        if html or (archive / INDEX_HTML).exists():
            links = {}
            for run in runs:
                page = run.worklog.removesuffix(".md") + ".html"
                links[run.path] = page if (archive / page).exists() else run.worklog
            write_atomically(archive / INDEX_HTML, render_index_html(render_index(runs, links)))
    return path
