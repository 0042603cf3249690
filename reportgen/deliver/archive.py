"""Delivery into the archive: every run's worklog and sidecar under `<archive>/YYYY/MM/`.

A run is archived in the two phases of `deliver.numbered`: `reserve_run` claims the `.md`,
`.json` and optionally `.html` names of the next NN together, the caller renders with that
number, and `commit_run` fills them, the sidecar last (history and index treat a filled
sidecar as a finished run). Nothing in the archive is ever overwritten; only the derived
files (`history.sqlite`, `INDEX.md`, `INDEX.html`) are rewritten, under the archive lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reportgen.archive.layout import month_dir
from reportgen.archive.sidecar import Sidecar
from reportgen.deliver.numbered import Reservation, reserved

WORKLOG, SIDECAR, HTML = ".md", ".json", ".html"


@contextmanager
def reserve_run(archive: Path, slug: str, date: str, *, html: bool) -> Iterator[Reservation]:
    """Reserve the names of the next run of `slug` on `date` in the archive."""
    suffixes = [WORKLOG, SIDECAR] + ([HTML] if html else [])
    with reserved(month_dir(archive, date), slug, date, suffixes) as reservation:
        yield reservation


def commit_run(
    reservation: Reservation, worklog: str, sidecar: Sidecar, html: str | None = None
) -> list[Path]:
    """Fill the reserved names: worklog, HTML, then the sidecar. Returns them in reserved order."""
    if sidecar.report.meta.sequence != reservation.number:
        said = sidecar.report.meta.sequence
        raise ValueError(f"the sidecar says run {said}, its name says {reservation.number}")
    contents: dict[str, str | bytes] = {WORKLOG: worklog}
    if html is not None:
        contents[HTML] = html
    contents[SIDECAR] = sidecar.dump_json()
    return reservation.commit(contents)
