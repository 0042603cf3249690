"""Everything a command names, read into one Run: reports, saved runs, timing files.

Sources ending in `.json` that are runs written earlier (`summary --json`, `merge`, an archive
sidecar) are merged in as they are, so shards can travel as small summaries; CTRF `.json` are
reports. A saved run that cannot be read is a rejected input like a bad report: the others
still count. A bad timing file raises, naming it: its figures would be silently missing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import tzinfo
from pathlib import Path

from reportgen.errors import InputError
from reportgen.ingest import Fold, read_reports
from reportgen.ingest.saved import load_run
from reportgen.ingest.shards import merge_runs
from reportgen.ingest.sources import expand, is_saved_run
from reportgen.ingest.timings import read_timings
from reportgen.model import InputFile, InputProblem, InputStatus, Notice, Run

Progress = Callable[[int, int], None]


def read_inputs(
    sources: Sequence[str],
    timings: Sequence[str] = (),
    *,
    assume_tz: tzinfo,
    keep_passing: bool = True,
    progress: Progress | None = None,
    fold: Fold | None = None,
    pack: bool = False,
) -> Run:
    """`fold` and `pack` are for reports only: a saved run is merged in with its cases (and
    packed passes are not merged: with a saved run, every case is kept)."""
    reports = [s for s in sources if not is_saved_run(s)]
    pack = pack and len(reports) == len(sources)
    run = read_reports(
        reports,
        keep_passing=keep_passing,
        assume_tz=assume_tz,
        progress=progress,
        fold=fold,
        pack=pack,
    )
    saved, unreadable = [], []
    for source in (s for s in sources if is_saved_run(s)):
        try:
            saved.append(load_run(Path(source)))
        except InputError as error:
            unreadable.append(_rejected(error))
    if saved:
        run = merge_runs([run, *saved] if reports else saved)
    run.inputs.extend(unreadable)
    for path in timings:
        run.timings.extend(read_timings(path))
    if timings and reports:
        run.notices = _without_timings(run.notices, reports, timings)
    return run


def _without_timings(
    notices: list[Notice], reports: Sequence[str], timings: Sequence[str]
) -> list[Notice]:
    """The notices with a timing file given on its own no longer reported as a file left out
    of a directory it lies in. Those notices come first (`read_reports`)."""
    plain = expand(reports).notices
    if not plain or notices[: len(plain)] != plain:
        return notices
    return [*expand(reports, named=timings).notices, *notices[len(plain) :]]


def _rejected(error: InputError) -> InputFile:
    problem = InputProblem(message=error.message, line=error.line, hint=error.hint)
    return InputFile(path=error.file, status=InputStatus.REJECTED, problem=problem)
