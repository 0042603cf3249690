"""The quarantine judged against a run: which entry protects which failure, which expired,
which went stale.

An entry matches a test when every glob it gives matches: `name`, `classname`, and `file`
(the test's file; without one, any module path its classname names, as category rules do).
It protects through its `expires` date, compared with the run's own date (the configured
zone), never the clock: rendering a run again gives the same worklog. An unexpired entry that
matched no failing test in this run, nor in any of the newest `stale_after` archived runs, is
stale (judged only once the archive holds that many runs of the series).

An entry so broad that it silences the gates is told: one whose globs name no test in
particular (`*` or empty), and one that matches every failure of a run of more than
`BROAD_AFTER` failures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from reportgen.analyze.categories import glob, module_paths
from reportgen.archive.outcomes import FAILING
from reportgen.config import QuarantineEntry, QuarantineFile
from reportgen.model import Outcome
from reportgen.report import QuarantineResult, QuarantineState

# A handful of failures under one entry is a parametrized test or a module going down; past
# that, an entry matching all of them leaves the failure gates with nothing to see.
BROAD_AFTER = 5


@dataclass(frozen=True, slots=True)
class Subject:
    """What an entry is matched against: a test of this run, or one the history knows."""

    identity: str
    classname: str
    name: str
    file: str | None = None

    @classmethod
    def of_identity(cls, identity: str) -> Subject:
        classname, sep, name = identity.partition("::")
        return cls(identity, classname, name) if sep else cls(identity, "", identity)


class Matcher:
    """One entry's globs, compiled once."""

    def __init__(self, entry: QuarantineEntry) -> None:
        self.entry = entry
        self.checks: list[tuple[str, Callable[[str], object]]] = [
            (key, glob(value))
            for key in ("name", "classname", "file")
            if (value := getattr(entry, key)) is not None
        ]

    def matches(self, subject: Subject) -> bool:
        for key, check in self.checks:
            if key == "file" and subject.file is None:
                if not any(check(path) for path in module_paths(subject.classname)):
                    return False
            elif not check(getattr(subject, key) or ""):
                return False
        return True


def catch_all(entry: QuarantineEntry) -> bool:
    """Whether every glob the entry gives is `*` (or empty): it names no test in particular."""
    globs = [g for g in (entry.name, entry.classname, entry.file) if g is not None]
    return all(not g.strip("*") for g in globs)


def catch_all_warning(where: str, entry: QuarantineEntry) -> str:
    return (
        f"{where}: quarantine {entry.ticket} ({entry.pattern}) names no test in particular: "
        "it quarantines every failure and no failure gate sees one; give the tests' names"
    )


def expired(entry: QuarantineEntry, run_date: str) -> bool:
    assert entry.expires is not None  # the file's validation requires it
    return date.fromisoformat(run_date) > entry.expires


@dataclass(slots=True)
class Judged:
    matchers: list[Matcher]
    results: list[QuarantineResult]
    warnings: list[str] = field(default_factory=list)  # entries broad enough to hide a run

    def protecting(self, subject: Subject) -> tuple[str | None, str | None]:
        """(ticket of the first unexpired entry matching, ticket of the first expired one)."""
        active = expired_ticket = None
        for matcher, result in zip(self.matchers, self.results, strict=True):
            if not matcher.matches(subject):
                continue
            if result.state is QuarantineState.EXPIRED:
                expired_ticket = expired_ticket or result.ticket
            elif active is None:
                active = result.ticket
        return active, expired_ticket


def judge_quarantine(
    quarantine: QuarantineFile,
    failing: Iterable[Subject],
    run_date: str,
    history: list[dict[str, Outcome]] | None = None,
) -> Judged:
    """Every entry's state and the failing tests of this run it matches.

    `history`: the newest archived runs of the series (identity -> outcome each), or None
    without an archive.
    """
    failing = list(failing)
    matchers = [Matcher(entry) for entry in quarantine.quarantine]
    results = []
    for index, matcher in enumerate(matchers):
        entry = matcher.entry
        assert entry.ticket is not None and entry.expires is not None
        matched = sorted(s.identity for s in failing if matcher.matches(s))
        state = QuarantineState.EXPIRED if expired(entry, run_date) else QuarantineState.ACTIVE
        looked_at = len(history) if history is not None else 0
        if (
            state is QuarantineState.ACTIVE
            and not matched
            and history is not None
            and looked_at >= quarantine.stale_after
            and not _failed_in(matcher, history)
        ):
            state = QuarantineState.STALE
        lines = quarantine.lines
        results.append(
            QuarantineResult(
                ticket=entry.ticket,
                pattern=entry.pattern,
                expires=entry.expires.isoformat(),
                state=state,
                line=lines[index] if index < len(lines) else None,
                reason=entry.reason,
                matched=matched,
                runs_looked_at=looked_at,
            )
        )
    return Judged(matchers, results, _too_broad(quarantine, results, len(failing)))


def _too_broad(
    quarantine: QuarantineFile, results: list[QuarantineResult], failing: int
) -> list[str]:
    """The entries that protect too much to go unsaid; an expired one protects nothing."""
    told = []
    for entry, result in zip(quarantine.quarantine, results, strict=True):
        if result.state is QuarantineState.EXPIRED:
            continue
        where = f"{quarantine.source}:{result.line}" if result.line else quarantine.source
        if catch_all(entry):
            told.append(catch_all_warning(where, entry))
        elif failing > BROAD_AFTER and len(result.matched) == failing:
            told.append(
                f"{where}: quarantine {entry.ticket} ({entry.pattern}) matches all {failing} "
                "failures of this run, so no failure gate sees one; check it is not broader "
                "than meant"
            )
    return told


def _failed_in(matcher: Matcher, history: list[dict[str, Outcome]]) -> bool:
    return any(
        outcome in FAILING and matcher.matches(Subject.of_identity(test))
        for run in history
        for test, outcome in run.items()
    )
