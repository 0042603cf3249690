"""Numbered files in two phases: reserve the run's number, render, then commit the files.

`reserved` claims `<slug>-<YYYY-MM-DD>-<NN><suffix>` for every suffix at once with
`O_CREAT | O_EXCL`, NN one past the highest number of that slug and day (a name taken
meanwhile moves the claim to the next number). The caller renders knowing NN, then
`Reservation.commit` fills the claims atomically, in the order given. A reservation that is
not committed, because rendering or writing failed, is released: no empty or partial file is
left behind, and nothing is ever overwritten. Until then the claims are held locked, so that
empty claims of a process killed meanwhile can be told from those still being written
(`reportgen.archive.layout.orphan_claims`). A slug too long for a file name is shortened
there too (`reportgen.archive.layout.file_slug`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.archive.layout import check_name_parts, worklog_prefix
from reportgen.files import Claims, claim_next, fill_claims, release_claims


@dataclass(slots=True)
class Reservation:
    """Claimed, still empty names of one run: suffix -> path, all with the same `number`."""

    number: int
    paths: dict[str, Path]
    committed: bool = False
    claims: Claims | None = field(default=None, repr=False)  # held until filled or released

    def commit(self, contents: Mapping[str, str | bytes]) -> list[Path]:
        """Fill every reserved name, in the order of `contents`; returns them in reserved order."""
        if set(contents) != set(self.paths):
            raise ValueError(
                f"commit {sorted(contents)} into a reservation of {sorted(self.paths)}"
            )
        fill_claims([(self.paths[suffix], text) for suffix, text in contents.items()])
        self.committed = True
        self._let_go()
        return list(self.paths.values())

    def release(self) -> None:
        release_claims(list(self.paths.values()))
        self._let_go()

    def _let_go(self) -> None:
        if self.claims is not None:
            self.claims.close()


@contextmanager
def reserved(
    directory: Path, slug: str, date: str, suffixes: Sequence[str]
) -> Iterator[Reservation]:
    """Reserve the next number of `slug` on `date` in `directory` for every suffix.

    Leaving the block without a commit (or with an error before it) releases the names.
    """
    check_name_parts(slug, date)
    claims = claim_next(directory, worklog_prefix(slug, date), suffixes)
    paths = dict(zip(suffixes, claims.paths, strict=True))
    reservation = Reservation(claims.number, paths, claims=claims)
    try:
        yield reservation
    finally:
        if not reservation.committed:
            reservation.release()
