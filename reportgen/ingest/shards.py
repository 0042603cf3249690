"""Shard merge: several Runs (one per CI shard) -> the Run of all their inputs at once.

Counts are sums (`Counts.__add__`), inputs/suites/cases/notices/timings are concatenated in
shard order with each shard's input indexes shifted past the inputs before it, the span runs
from the earliest start to the latest end, and the result keeps all cases only if every
shard did.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime

from reportgen.ingest.saved import SavedRun
from reportgen.model import Counts, Run, TestCase, add_kinds


def _known(values: list[datetime | None]) -> list[datetime]:
    return [v for v in values if v is not None]


def merge_runs(runs: Sequence[Run]) -> Run:
    """One Run from shards; the shards are not modified. No shards gives an empty Run."""
    if any(r.packed is not None for r in runs):
        raise ValueError("a run with packed passes is not merged; read it with every case kept")
    if len(runs) == 1:
        return runs[0].model_copy()
    merged = Run(cases_complete=all(r.cases_complete for r in runs), counts=Counts())
    # cases and groups stand for every test only when each shard's do
    if any(r.folded is not None for r in runs) and all(
        r.cases_complete or r.folded is not None for r in runs
    ):
        merged.folded = []
    offset = 0
    for run in runs:
        if merged.folded is not None and run.folded:
            merged.folded += [replace(g, input=g.input + offset) for g in run.folded]
        merged.inputs.extend(run.inputs)
        merged.suites.extend(s.model_copy(update={"input": s.input + offset}) for s in run.suites)
        merged.cases.extend(replace(c, input=c.input + offset) if offset else c for c in run.cases)
        merged.notices.extend(run.notices)
        merged.timings.extend(run.timings)
        merged.counts = merged.counts + run.counts
        merged.kinds = add_kinds(merged.kinds, run.kinds)
        offset += len(run.inputs)
    starts, ends = _known([r.started for r in runs]), _known([r.finished for r in runs])
    merged.started = min(starts) if starts else None
    merged.finished = max(ends) if ends else None
    return merged


def merge_saved(shards: Sequence[SavedRun]) -> tuple[Run, Iterator[TestCase]]:
    """The merged run of saved shards without their cases, and the cases as a stream.

    The stream reads each shard's cases in turn, checking them as `load_run` does, so that
    `merge` writes its output while it reads and never holds the cases.
    """
    merged = merge_runs([shard.header for shard in shards])

    def cases() -> Iterator[TestCase]:
        offset = 0
        for shard in shards:
            for case in shard.cases():
                yield replace(case, input=case.input + offset) if offset else case
            offset += len(shard.header.inputs)

    return merged, cases()
