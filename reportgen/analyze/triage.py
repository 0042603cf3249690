"""Triage: every failing test classed, so a reader sees at once which failures are theirs.

A failing test (failed or error) is, in this order of precedence:

- quarantined: an unexpired quarantine entry matches it (`analyze/quarantine.py`);
- known flaky: its outcome flipped between pass and fail at least `min_flips` times over the
  newest `window` archived runs of the series and this run, as the flaky-tests section counts
  (one flip is a test that broke, not a flaky one);
- still failing: it failed in the baseline too;
- new: it passed, was skipped or was absent in the baseline (with a baseline that shares
  no test with this run, every failure is new);
- not compared: there is no baseline.

Tests are matched across runs and with the history as the diff matches them
(`analyze/diff.py`: the identity, else its `cross_run_key` when that pairs one test with
one). Owners come from CODEOWNERS (`analyze/owners.py`). The failure list is ordered new,
still failing, known flaky, quarantined, not compared, then by identity.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reportgen.analyze.diff import cross_run_key
from reportgen.analyze.flaky import Point, count_flips
from reportgen.analyze.owners import CodeOwners, find_codeowners, owners_of_case
from reportgen.analyze.quarantine import Subject, judge_quarantine
from reportgen.archive.outcomes import FAILING, combine
from reportgen.archive.store import HistoryStore
from reportgen.config import Config, QuarantineFile, load_quarantine
from reportgen.model import Outcome, Run, TestCase
from reportgen.report import (
    NO_OWNER,
    OwnerGroup,
    QuarantineState,
    RunDiff,
    Triage,
    TriageClass,
    TriagedFailure,
)
from reportgen.text import plural

ORDER = [
    TriageClass.NEW,
    TriageClass.STILL_FAILING,
    TriageClass.KNOWN_FLAKY,
    TriageClass.QUARANTINED,
    TriageClass.NOT_COMPARED,
]


@dataclass(slots=True)
class History:
    """The newest archived runs of the series: per run, identity -> outcome; oldest first."""

    runs: list[dict[str, Outcome]]

    @classmethod
    def from_recent(cls, count: int, per_test: dict[str, list[tuple[int, Outcome]]]) -> History:
        runs: list[dict[str, Outcome]] = [{} for _ in range(count)]
        for test, entries in per_test.items():
            for index, outcome in entries:
                runs[index][test] = outcome
        return cls(runs)

    def outcomes_of(self, identity: str, window: int) -> list[Outcome]:
        """The test's outcomes in the newest `window` runs, oldest first; matched by
        `cross_run_key` when no run holds the identity itself and each run holds at most
        one test of that key."""
        recent = self.runs[-window:] if window > 0 else []
        exact = [run[identity] for run in recent if identity in run]
        if exact or not identity.endswith("]"):
            return exact
        key = cross_run_key(identity)
        found = []
        for run in recent:
            same = [o for test, o in run.items() if cross_run_key(test) == key]
            if len(same) > 1:
                return []
            found += same
        return found


def _failing_cases(run: Run) -> dict[str, tuple[TestCase, Outcome]]:
    """identity -> (its first failing case, its outcome over every occurrence)."""
    found: dict[str, tuple[TestCase, Outcome]] = {}
    for case in run.cases:
        if case.outcome not in FAILING:
            continue
        key = case.identity
        if key in found:
            first, outcome = found[key]
            found[key] = (first, combine(outcome, case.outcome))
        else:
            found[key] = (case, case.outcome)
    return found


def _subject(case: TestCase) -> Subject:
    return Subject(case.identity, case.classname, case.name, case.file)


def triage(
    run: Run,
    run_date: str,
    *,
    diff: RunDiff | None = None,
    quarantine: QuarantineFile | None = None,
    history: History | None = None,
    codeowners: CodeOwners | None = None,
    root: Path | None = None,
    group_by_owner: bool = False,
    window: int = 10,
    min_flips: int = 2,
) -> Triage:
    """Class every failing test of `run`; pure given its arguments."""
    failing = _failing_cases(run)
    judged = None
    if quarantine is not None:
        stale_window = history.runs[-quarantine.stale_after :] if history is not None else None
        subjects = [_subject(case) for case, _ in failing.values()]
        judged = judge_quarantine(quarantine, subjects, run_date, stale_window)
    still = set(diff.still_failing) if diff is not None else set()
    failures = []
    for identity, (case, outcome) in failing.items():
        ticket, expired_ticket = judged.protecting(_subject(case)) if judged else (None, None)
        if ticket is not None:
            kind = TriageClass.QUARANTINED
        elif history is not None and _flaky(
            [*history.outcomes_of(identity, window), outcome], min_flips
        ):
            kind = TriageClass.KNOWN_FLAKY
        elif diff is None:
            kind = TriageClass.NOT_COMPARED
        elif identity in still:
            kind = TriageClass.STILL_FAILING
        else:
            kind = TriageClass.NEW
        path: str | None = None
        owners: list[str] = []
        rule: str | None = None
        if codeowners is not None and root is not None:
            path, owners, rule = owners_of_case(case, codeowners, root)
        failures.append(
            TriagedFailure(
                test=identity,
                outcome=outcome.value,
                triage=kind,
                path=path,
                owners=owners,
                owners_rule=rule,
                ticket=ticket,
                expired_ticket=expired_ticket,
            )
        )
    failures.sort(key=lambda f: (ORDER.index(f.triage), f.test))
    counts = {kind.value: sum(1 for f in failures if f.triage is kind) for kind in ORDER}
    found = Triage(
        baseline=diff.baseline if diff is not None else None,
        failures=failures,
        fixed=list(diff.fixed) if diff is not None else [],
        counts={k: v for k, v in counts.items() if v},
        quarantine_file=quarantine.source if quarantine is not None else None,
        quarantine=judged.results if judged is not None else [],
        quarantine_warnings=judged.warnings if judged is not None else [],
        owners_file=codeowners.source if codeowners is not None else None,
        owner_problems=list(codeowners.problems) if codeowners is not None else [],
        by_owner=by_owner(failures) if codeowners is not None else [],
        group_by_owner=group_by_owner,
    )
    found.lead = lead(found, compared=diff is not None)
    return found


def _flaky(outcomes: list[Outcome], min_flips: int) -> bool:
    flips, _ = count_flips([Point(None, outcome) for outcome in outcomes])
    return flips >= min_flips


def by_owner(failures: Iterable[TriagedFailure]) -> list[OwnerGroup]:
    """One group per owner (a test of two owners is in both), by owner; unowned tests last."""
    groups: dict[str, list[TriagedFailure]] = {}
    for failure in failures:
        for owner in failure.owners or [NO_OWNER]:
            groups.setdefault(owner, []).append(failure)
    names = sorted(o for o in groups if o != NO_OWNER) + ([NO_OWNER] if NO_OWNER in groups else [])
    return [
        OwnerGroup(
            owner=name,
            tests=[f.test for f in groups[name]],
            counts={
                kind.value: n
                for kind in ORDER
                if (n := sum(1 for f in groups[name] if f.triage is kind))
            },
        )
        for name in names
    ]


def lead(found: Triage, *, compared: bool) -> str:
    """The PR headline's first words: new failures, then what the other failures are."""
    others = [
        plural(found.count(kind), "test") + f" {kind.value}"
        if kind is TriageClass.NOT_COMPARED
        else f"{found.count(kind)} {kind.value}"
        for kind in ORDER[1:]
        if found.count(kind)
    ]
    if found.fixed:
        others.append(f"{len(found.fixed)} fixed")
    if expired := found.expired():
        others.append(plural(len(expired), "expired quarantine"))
    if not compared:
        return "; ".join(others)
    new = found.count(TriageClass.NEW)
    first = plural(new, "new failure") if new else "no new failures"
    return f"{first} ({', '.join(others)})" if others else first


def recent_history(store: HistoryStore, slug: str, config: Config, window: int = 10) -> History:
    """The archived runs triage looks at: the flaky window, or the quarantine's stale one."""
    wanted = window
    if config.quarantine is not None:
        wanted = max(window, load_quarantine(config.quarantine_path()).stale_after)
    runs, per_test = store.recent(wanted, slug)
    return History.from_recent(len(runs), per_test)


def triage_run(
    run: Run,
    run_date: str,
    config: Config,
    *,
    diff: RunDiff | None = None,
    history: History | None = None,
    root: Path | None = None,
    group_by_owner: bool = False,
) -> Triage | None:
    """The triage when there is something to class by: a baseline, a quarantine file, a
    CODEOWNERS under `root`, or a request to group by owner; None otherwise."""
    quarantine = load_quarantine(config.quarantine_path()) if config.quarantine else None
    codeowners = find_codeowners(root) if root is not None else None
    if diff is None and quarantine is None and codeowners is None and not group_by_owner:
        return None
    return triage(
        run,
        run_date,
        diff=diff,
        quarantine=quarantine,
        history=history,
        codeowners=codeowners,
        root=root,
        group_by_owner=group_by_owner,
    )


def notices(found: Triage, diff: RunDiff | None) -> list[str]:
    """What the reader must be told beside the triage: an unrelated baseline, unreadable
    CODEOWNERS lines, expired and stale quarantine entries."""
    told = []
    if diff is not None and diff.common_tests == 0:
        told.append(
            f"baseline {diff.baseline} shares no test with this run (another project's run?); "
            "nothing was compared, every failure counts as new"
        )
    if found.group_by_owner and found.owners_file is None:
        told.append(
            "--by-owner: no CODEOWNERS under the repository root (.github/, the root, docs/); "
            "the failures are not grouped"
        )
    told += found.owner_problems
    told += found.quarantine_warnings
    for entry in found.quarantine:
        where = f"{found.quarantine_file}:{entry.line}" if entry.line else found.quarantine_file
        if entry.state is QuarantineState.EXPIRED:
            told.append(
                f"{where}: quarantine {entry.ticket} ({entry.pattern}) expired on "
                f"{entry.expires} and protects no more; renew it or fix the tests"
            )
        elif entry.state is QuarantineState.STALE:
            told.append(
                f"{where}: quarantine {entry.ticket} ({entry.pattern}) matched no failure in "
                f"the last {plural(entry.runs_looked_at, 'archived run')}; "
                "'reportgen quarantine prune' removes it"
            )
    return told
