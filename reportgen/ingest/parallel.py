"""Reading many report files across processes; results come back in input order."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import tzinfo

from reportgen.ingest.junit import FileResult, read_report
from reportgen.ingest.state import Fold

# Below these, starting worker processes costs more than it saves.
MIN_FILES_FOR_PROCESSES = 4
MIN_BYTES_FOR_PROCESSES = 2 * 1024 * 1024
_CHUNKS_PER_WORKER = 4

Progress = Callable[[int, int], None]


def read_many(
    paths: Sequence[str],
    *,
    keep_passing: bool,
    assume_tz: tzinfo,
    jobs: int | None = None,
    progress: Progress | None = None,
    fold: Fold | None = None,
    pack: bool = False,
) -> list[FileResult]:
    """Read `paths` (index i gets input index i); in worker processes when that pays off."""
    workers = _workers(paths, jobs)
    options = _Options(keep_passing, assume_tz, fold, pack)
    if workers <= 1:
        return _serial(paths, options, progress)
    chunks = _chunks(len(paths), workers * _CHUNKS_PER_WORKER)
    results: list[FileResult | None] = [None] * len(paths)
    done = 0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {
            pool.submit(_read_chunk, [(i, paths[i]) for i in chunk], options): chunk
            for chunk in chunks
        }
        for future in as_completed(futures):
            for index, result in future.result():
                results[index] = result
            done += len(futures[future])
            if progress is not None:
                progress(done, len(paths))
    return [r for r in results if r is not None]


def _workers(paths: Sequence[str], jobs: int | None) -> int:
    if jobs is not None:
        wanted = max(1, jobs)
    else:
        wanted = (
            len(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity")
            else os.cpu_count() or 1
        )
    if wanted <= 1 or len(paths) < MIN_FILES_FOR_PROCESSES or "-" in paths:
        return 1
    if jobs is None and _total_size(paths) < MIN_BYTES_FOR_PROCESSES:
        return 1
    return min(wanted, len(paths))


def _total_size(paths: Sequence[str]) -> int:
    total = 0
    for path in paths:
        try:
            total += os.path.getsize(path)
        except OSError:
            continue
    return total


def _chunks(count: int, parts: int) -> list[range]:
    size = max(1, -(-count // parts))
    return [range(start, min(count, start + size)) for start in range(0, count, size)]


@dataclass(frozen=True)
class _Options:
    """How every file is read (sent to the workers)."""

    keep_passing: bool
    assume_tz: tzinfo
    fold: Fold | None
    pack: bool

    def read(self, path: str, index: int) -> FileResult:
        return read_report(
            path,
            index,
            keep_passing=self.keep_passing,
            assume_tz=self.assume_tz,
            fold=self.fold,
            pack=self.pack,
        )


def _serial(paths: Sequence[str], options: _Options, progress: Progress | None) -> list[FileResult]:
    results = []
    for index, path in enumerate(paths):
        results.append(options.read(path, index))
        if progress is not None:
            progress(index + 1, len(paths))
    return results


def _read_chunk(items: list[tuple[int, str]], options: _Options) -> list[tuple[int, FileResult]]:
    return [(i, options.read(p, i)) for i, p in items]
