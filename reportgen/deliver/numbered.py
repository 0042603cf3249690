"""Numbered files in two phases: reserve the run's number, render, then commit the files.

`reserved` claims `<slug>-<YYYY-MM-DD>-<NN><suffix>` for every suffix at once with
`O_CREAT | O_EXCL`, NN one past the highest number of that slug and day (a name taken
meanwhile moves the claim to the next number). The caller renders knowing NN, then
`Reservation.commit` fills the claims atomically, in the order given. A reservation that is
not committed, because rendering or writing failed, is released: no empty or partial file is
left behind, and nothing is ever overwritten.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reportgen.archive.layout import check_name_parts, worklog_prefix
from reportgen.files import claim_numbered, fill_claims, release_claims


@dataclass(slots=True)
class Reservation:
    """Claimed, still empty names of one run: suffix -> path, all with the same `number`."""

    number: int
    paths: dict[str, Path]
    committed: bool = False

    def commit(self, contents: Mapping[str, str | bytes]) -> list[Path]:
        """Fill every reserved name, in the order of `contents`; returns them in reserved order."""
        if set(contents) != set(self.paths):
            raise ValueError(
                f"commit {sorted(contents)} into a reservation of {sorted(self.paths)}"
            )
        fill_claims([(self.paths[suffix], text) for suffix, text in contents.items()])
        self.committed = True
        return list(self.paths.values())

    def release(self) -> None:
        release_claims(list(self.paths.values()))


@contextmanager
def reserved(
    directory: Path, slug: str, date: str, suffixes: Sequence[str]
) -> Iterator[Reservation]:
    """Reserve the next number of `slug` on `date` in `directory` for every suffix.

    Leaving the block without a commit (or with an error before it) releases the names.
    """
    check_name_parts(slug, date)
    number, paths = claim_numbered(directory, worklog_prefix(slug, date), suffixes)
    reservation = Reservation(number, dict(zip(suffixes, paths, strict=True)))
    try:
        yield reservation
    finally:
        if not reservation.committed:
            reservation.release()
