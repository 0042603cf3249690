"""Triage: each failing test's class, its owners, the lead line, and the archive's flips."""

from __future__ import annotations

from pathlib import Path

from run_builders import E, F, P, S, report_of, run_of

from reportgen.analyze.diff import diff_runs
from reportgen.analyze.owners import parse_codeowners
from reportgen.analyze.triage import History, triage
from reportgen.archive.sidecar import Sidecar
from reportgen.config import parse_quarantine
from reportgen.model import Outcome, Run
from reportgen.report import NO_OWNER, TriageClass

QUARANTINE = parse_quarantine(
    '[[quarantine]]\nname = "q*"\nticket = "#1"\nexpires = 2025-06-30\n\n'
    '[[quarantine]]\nname = "old"\nticket = "#2"\nexpires = 2024-12-31\n',
    "quarantine.toml",
)


def _diff(before: Run, now: Run) -> object:
    return diff_runs(now, report_of(now), Sidecar(run=before, report=report_of(before)), "base")


def _classes(found: object) -> dict[str, TriageClass]:
    return {f.test.removeprefix("pkg.Mod::"): f.triage for f in found.failures}  # type: ignore[attr-defined]


def test_every_failing_test_is_classed() -> None:
    before = run_of({"new": P, "skipped": S, "still": F, "fixed": E, "q1": F, "old": F, "flip": P})
    now = run_of(
        {"new": F, "skipped": E, "still": F, "fixed": P, "q1": F, "old": F, "flip": F, "absent": F}
    )
    history = History([{"pkg.Mod::flip": F}, {"pkg.Mod::flip": P}])
    found = triage(
        now, "2025-01-02", diff=_diff(before, now), quarantine=QUARANTINE, history=history
    )
    assert _classes(found) == {
        "absent": TriageClass.NEW,
        "new": TriageClass.NEW,
        "skipped": TriageClass.NEW,
        "old": TriageClass.STILL_FAILING,  # its entry expired: it protects no more
        "still": TriageClass.STILL_FAILING,
        "flip": TriageClass.KNOWN_FLAKY,  # F, P in the archive, F now: flipped twice
        "q1": TriageClass.QUARANTINED,
    }
    assert found.fixed == ["pkg.Mod::fixed"]
    assert found.counts == {"new": 3, "still failing": 2, "known flaky": 1, "quarantined": 1}
    old = next(f for f in found.failures if f.test == "pkg.Mod::old")
    assert (old.ticket, old.expired_ticket) == (None, "#2")
    assert [q.state.value for q in found.quarantine] == ["active", "expired"]
    assert found.lead == (
        "3 new failures (2 still failing, 1 known flaky, 1 quarantined, 1 fixed, "
        "1 expired quarantine)"
    )


def test_the_expiry_follows_the_run_date_not_the_clock() -> None:
    now = run_of({"q1": F})
    assert _classes(triage(now, "2025-06-30", quarantine=QUARANTINE)) == {
        "q1": TriageClass.QUARANTINED
    }
    assert _classes(triage(now, "2025-07-01", quarantine=QUARANTINE)) == {
        "q1": TriageClass.NOT_COMPARED
    }


def test_one_flip_in_the_archive_is_a_break_not_flakiness() -> None:
    now = run_of({"t": F})
    once = History([{"pkg.Mod::t": P}, {"pkg.Mod::t": P}])
    assert _classes(triage(now, "2025-01-02", history=once)) == {"t": TriageClass.NOT_COMPARED}
    twice = History([{"pkg.Mod::t": F}, {"pkg.Mod::t": P}])
    assert _classes(triage(now, "2025-01-02", history=twice)) == {"t": TriageClass.KNOWN_FLAKY}


def test_history_matches_volatile_ids_by_their_key() -> None:
    now = run_of({"t[seed=999999]": F})
    history = History([{"pkg.Mod::t[seed=111111]": F}, {"pkg.Mod::t[seed=222222]": P}])
    assert _classes(triage(now, "2025-01-02", history=history)) == {
        "t[seed=999999]": TriageClass.KNOWN_FLAKY
    }
    # two tests of the key in one run: no guess
    crowded = History([{"pkg.Mod::t[seed=111111]": F, "pkg.Mod::t[seed=333333]": P}])
    assert History.outcomes_of(crowded, "pkg.Mod::t[seed=999999]", 10) == []


def test_a_failing_test_of_a_passing_and_a_failing_occurrence_fails() -> None:
    now = run_of({"t": P})
    now.cases.append(now.cases[0].__class__(**{**_fields(now.cases[0]), "outcome": Outcome.ERROR}))
    found = triage(now, "2025-01-02")
    assert [(f.test, f.outcome) for f in found.failures] == [("pkg.Mod::t", "error")]


def _fields(case: object) -> dict[str, object]:
    return {name: getattr(case, name) for name in case.__slots__}  # type: ignore[attr-defined]


def test_owners_group_the_failures(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "Mod.py").write_text("")
    codeowners = parse_codeowners("/pkg/ @team @lead\n/other/ @x\n")
    now = run_of({"a": F, "b": F})
    now.cases[1].classname = "lib.Other"
    found = triage(now, "2025-01-02", codeowners=codeowners, root=tmp_path)
    assert [(f.test, f.owners, f.path) for f in found.failures] == [
        ("lib.Other::b", [], "lib/Other.py"),
        ("pkg.Mod::a", ["@team", "@lead"], "pkg/Mod.py"),
    ]
    assert [(g.owner, g.tests) for g in found.by_owner] == [
        ("@lead", ["pkg.Mod::a"]),
        ("@team", ["pkg.Mod::a"]),
        (NO_OWNER, ["lib.Other::b"]),
    ]
    assert found.by_owner[0].counts == {"not compared": 1}
    assert found.owners_file == "CODEOWNERS"


def test_known_flaky_from_an_archive_and_by_owner_without_codeowners(tmp_path: Path) -> None:
    from run_builders import archive_run

    from reportgen import pipeline
    from reportgen.analyze.triage import notices
    from reportgen.config import Config

    archive = tmp_path / "archive"
    archive_run(archive, run_of({"t": F, "u": P}), slug="test-run-worklog", date="2025-01-01")
    archive_run(archive, run_of({"t": P, "u": P}), slug="test-run-worklog", date="2025-01-02")
    now = run_of({"t": F, "u": F})
    report = pipeline.build_report(
        now, Config(), baseline="auto", archive=archive, repo_root=tmp_path, by_owner=True
    )
    assert report.triage is not None
    assert _classes(report.triage) == {"t": TriageClass.KNOWN_FLAKY, "u": TriageClass.NEW}
    assert "--by-owner: no CODEOWNERS" in notices(report.triage, report.diff)[0]
