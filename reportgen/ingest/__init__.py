"""Ingest: JUnit XML (and TRX, NUnit, xUnit.net, CTRF) reports in, one normalized `Run` out.

`read_reports` never raises for a bad input: each input is in `Run.inputs` as OK, PARTIAL or
REJECTED, with an `InputProblem` saying what to do. Outcome rules: `reportgen.ingest.dialects`.
Around the reports: `saved` reads runs written earlier (`summary --json`, `merge`, sidecars),
`shards` merges runs, `timings` reads timing files and `inputs` reads all of them at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, tzinfo
from functools import reduce

from reportgen.ingest.junit import FileResult, read_report
from reportgen.ingest.parallel import read_many
from reportgen.ingest.sources import expand, expand_sources
from reportgen.ingest.state import Fold
from reportgen.model import Counts, InputFile, Notice, PackedPasses, Run, add_kinds

__all__ = ["FileResult", "Fold", "expand_sources", "read_report", "read_reports"]


def read_reports(
    sources: Sequence[str],
    *,
    keep_passing: bool = True,
    assume_tz: tzinfo = UTC,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    fold: Fold | None = None,
    pack: bool = False,
) -> Run:
    """Read every report named by `sources` (files, directories, globs, '-') into one Run.

    Inputs keep the order of `sources` (readable files first, then entries that named nothing);
    `jobs=1` reads in this process, `None` uses all cores when the inputs are worth it. With
    `fold`, plain passes are counted in `Run.folded` instead of kept; with `pack`, they are
    kept in `Run.packed` (`Run.every_case()` gives them all).
    """
    paths, rejected, left_out = expand(sources)
    results = read_many(
        paths,
        keep_passing=keep_passing,
        assume_tz=assume_tz,
        jobs=jobs,
        progress=progress,
        fold=fold,
        pack=pack,
    )
    run = _assemble(results, rejected, left_out, keep_passing, fold is not None)
    if pack:
        run.cases_complete = False
        run.packed = [r.packed or _no_passes(i, r) for i, r in enumerate(results)]
    return run


def _no_passes(index: int, result: FileResult) -> PackedPasses:
    """The pack of a report read without one (other formats keep every case)."""
    none = PackedPasses(index)
    none.kept_total = len(result.cases)
    return none


def _assemble(
    results: list[FileResult],
    rejected: list[InputFile],
    left_out: list[Notice],
    keep_passing: bool,
    folding: bool,
) -> Run:
    inputs = [r.input for r in results] + list(rejected)
    starts = [i.started for i in inputs if i.started is not None]
    ends = [i.finished for i in inputs if i.finished is not None]
    # model_construct: the parts were built as model objects already; revalidating a million
    # cases would cost more than reading them.
    return Run.model_construct(
        inputs=inputs,
        suites=[s for r in results for s in r.suites],
        cases=[c for r in results for c in r.cases],
        cases_complete=keep_passing and not folding,
        folded=[g for r in results for g in r.folded] if folding else None,
        counts=sum((i.counts for i in inputs), Counts()),
        kinds=reduce(add_kinds, (i.kinds for i in inputs), {}),
        notices=left_out + [n for r in results for n in r.notices],
        timings=[],
        started=min(starts) if starts else None,
        finished=max(ends) if ends else None,
    )
