"""`--fail-on new-failures` and `expired-quarantine` judged on the triage."""

from __future__ import annotations

from run_builders import F, P, report_of, run_of

from reportgen.analyze.diff import diff_runs
from reportgen.analyze.triage import triage
from reportgen.archive.sidecar import Sidecar
from reportgen.config import parse_quarantine
from reportgen.exitcodes import ExitCode
from reportgen.gate import FailOn, judge, parse_fail_on
from reportgen.report import Report

QUARANTINE = parse_quarantine(
    '[[quarantine]]\nname = "flaky_net"\nticket = "#1"\nexpires = 2025-06-30\n\n'
    '[[quarantine]]\nname = "legacy"\nticket = "#2"\nexpires = 2024-12-31\n',
)


def _report(now_outcomes: dict[str, object], run_date: str = "2025-01-02") -> tuple[object, Report]:
    before = run_of({"still": F, "flaky_net": P, "legacy": F, "new": P})
    now = run_of(now_outcomes)  # type: ignore[arg-type]
    report = report_of(now)
    diff = diff_runs(now, report, Sidecar(run=before, report=report_of(before)), "base.json")
    found = triage(now, run_date, diff=diff, quarantine=QUARANTINE)
    return now, report.model_copy(update={"diff": diff, "triage": found})


def test_new_failures_ignores_still_failing_and_quarantined_tests() -> None:
    run, report = _report({"still": F, "flaky_net": F, "legacy": F, "new": P})
    # flaky_net passed in the baseline: new to the diff, but quarantined
    assert report.diff is not None and report.diff.new_failures == ["pkg.Mod::flaky_net"]
    verdict = judge(run, {FailOn.NEW_FAILURES}, report)  # type: ignore[arg-type]
    assert (verdict.status, verdict.reasons) == (ExitCode.OK, [])


def test_new_failures_trips_on_a_failure_the_baseline_did_not_have() -> None:
    run, report = _report({"still": F, "flaky_net": P, "legacy": F, "new": F})
    verdict = judge(run, {FailOn.NEW_FAILURES}, report)  # type: ignore[arg-type]
    assert verdict.status is ExitCode.GATE_FAILED
    assert verdict.reasons == ["1 new failure against base.json (--fail-on new-failures)"]


def test_an_expired_quarantine_protects_no_more() -> None:
    run, report = _report({"flaky_net": F}, run_date="2025-07-01")
    verdict = judge(run, {FailOn.NEW_FAILURES}, report)  # type: ignore[arg-type]
    assert verdict.reasons == ["1 new failure against base.json (--fail-on new-failures)"]


def test_expired_quarantine_trips_on_an_entry_past_its_date() -> None:
    run, report = _report({"still": F, "new": P})
    verdict = judge(run, parse_fail_on(["expired-quarantine"]), report)  # type: ignore[arg-type]
    assert verdict.status is ExitCode.GATE_FAILED
    assert verdict.reasons == [
        "1 quarantine entry expired: #2 (name=legacy) (--fail-on expired-quarantine)"
    ]
    run, report = _report({"still": F}, run_date="2024-12-31")
    assert judge(run, {FailOn.EXPIRED_QUARANTINE}, report).status is ExitCode.OK  # type: ignore[arg-type]


def test_summary_cannot_judge_expired_quarantine() -> None:
    verdict = judge(run_of({"a": P}), {FailOn.EXPIRED_QUARANTINE})
    assert verdict.status is ExitCode.OK
    assert "expired-quarantine" in verdict.notes[0]
