"""Shard merge: several Runs (one per CI shard) -> the Run of all their inputs at once.

Counts are sums (`Counts.__add__`), inputs/suites/cases/notices/timings are concatenated in
shard order with each shard's input indexes shifted past the inputs before it, the span runs
from the earliest start to the latest end, and the result keeps all cases only if every
shard did.

The same shard given twice would count every test twice. A shard equal to an earlier one (the
same saved file, by SHA-256, or the same run in every field) is merged once, with a notice:
its tests are the same tests, not more of them. A shard that only reads the same report files
as an earlier one (the same paths, sizes, counts and times) but differs otherwise is merged, and
a notice says its counts may be doubled.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from reportgen.ingest.saved import SavedRun
from reportgen.model import Counts, Notice, Run, TestCase, add_kinds

_CHUNK = 1 << 20


def _inputs_of(run: Run) -> str:
    """What says which report files a run was read from (no cases, no notices)."""
    return "\n".join(
        i.model_dump_json(include={"path", "size", "counts", "started", "finished", "status"})
        for i in run.inputs
    )


def _name(run: Run, position: int) -> str:
    paths = [i.path for i in run.inputs]
    return f"shard {position + 1} ({', '.join(paths[:3])}{', ...' if len(paths) > 3 else ''})"


def _overlaps(runs: Sequence[Run], same: Sequence[int | None]) -> list[Notice]:
    """Notices for shards that read the same report files as an earlier, different shard."""
    notices = []
    seen: dict[str, int] = {}
    for position, run in enumerate(runs):
        if same[position] is not None or not run.inputs:
            continue
        key = _inputs_of(run)
        earlier = seen.setdefault(key, position)
        if earlier != position:
            notices.append(
                Notice(
                    file=_name(run, position),
                    message=f"reads the same report files as {_name(runs[earlier], earlier)} "
                    "but differs from it: both are merged, so their tests may be counted twice",
                )
            )
    return notices


def _dropped(runs: Sequence[Run], same: Sequence[int | None], how: str) -> list[Notice]:
    return [
        Notice(
            file=_name(runs[position], position),
            message=f"the same shard as {_name(runs[earlier], earlier)} ({how}): merged once",
        )
        for position, earlier in enumerate(same)
        if earlier is not None
    ]


def _same_runs(runs: Sequence[Run]) -> list[int | None]:
    """For each run, the earlier run it equals in every field, if any."""
    same: list[int | None] = []
    by_inputs: dict[str, list[int]] = {}
    for position, run in enumerate(runs):
        candidates = by_inputs.setdefault(_inputs_of(run), [])
        same.append(next((i for i in candidates if runs[i] == run), None) if run.inputs else None)
        candidates.append(position)
    return same


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _same_files(paths: Sequence[Path]) -> list[int | None]:
    """For each file, the earlier file with the same bytes, if any."""
    first: dict[str, int] = {}
    same: list[int | None] = []
    for position, path in enumerate(paths):
        earlier = first.setdefault(_digest(path), position)
        same.append(earlier if earlier != position else None)
    return same


def _known(values: list[datetime | None]) -> list[datetime]:
    return [v for v in values if v is not None]


def merge_runs(runs: Sequence[Run]) -> Run:
    """One Run from shards; the shards are not modified. No shards gives an empty Run."""
    if any(r.packed is not None for r in runs):
        raise ValueError("a run with packed passes is not merged; read it with every case kept")
    if len(runs) == 1:
        return runs[0].model_copy()
    same = _same_runs(runs)
    notices = _dropped(runs, same, "equal in every field") + _overlaps(runs, same)
    merged = _merge([r for r, twin in zip(runs, same, strict=True) if twin is None])
    merged.notices.extend(notices)
    return merged


def _merge(runs: Sequence[Run]) -> Run:
    if len(runs) == 1:
        return runs[0].model_copy(update={"notices": list(runs[0].notices)})
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
    same = _same_files([shard.path for shard in shards])
    headers = [shard.header for shard in shards]
    notices = _dropped(headers, same, "the same file content, by SHA-256")
    shards = [shard for shard, twin in zip(shards, same, strict=True) if twin is None]
    kept = [shard.header for shard in shards]
    # headers hold no cases, so equal headers are not equal shards: only warn of them
    merged = _merge(kept)
    merged.notices.extend([*notices, *_overlaps(kept, [None] * len(kept))])

    def cases() -> Iterator[TestCase]:
        offset = 0
        for shard in shards:
            for case in shard.cases():
                yield replace(case, input=case.input + offset) if offset else case
            offset += len(shard.header.inputs)

    return merged, cases()
