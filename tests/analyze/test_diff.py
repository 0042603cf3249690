from run_builders import E, F, K, P, S, report_of, run_of

from reportgen.analyze.diff import diff_runs
from reportgen.archive.sidecar import Sidecar
from reportgen.report import CategoryChange


def test_every_kind_of_change() -> None:
    before = run_of({"a": P, "b": F, "c": F, "d": P, "e": S, "f": E, "g": P})
    now = run_of({"a": F, "b": P, "c": E, "d": P, "e": F, "f": K, "h": F, "i": P})
    baseline = Sidecar(
        run=before,
        report=report_of(
            before,
            date="2025-01-01",
            categories={"API": 50.0, "UI": 100.0, "Old": 20.0},
            known={"K1": 2, "K2": 1, "K3": 0, "K4": 3},
        ),
    )
    report = report_of(
        now, categories={"UI": 90.0, "API": 75.0, "New": None}, known={"K1": 0, "K2": 1, "K3": 0}
    )
    diff = diff_runs(now, report, baseline, "2025/01/nightly-2025-01-01-01.json")
    assert diff.baseline == "2025/01/nightly-2025-01-01-01.json"
    assert diff.baseline_date == "2025-01-01"
    assert diff.new_failures == ["pkg.Mod::a", "pkg.Mod::e", "pkg.Mod::h"]
    assert diff.fixed == ["pkg.Mod::b", "pkg.Mod::f"]
    assert diff.still_failing == ["pkg.Mod::c"]
    assert diff.new_tests == ["pkg.Mod::h", "pkg.Mod::i"]
    assert diff.removed_tests == ["pkg.Mod::g"]
    assert diff.categories == [
        CategoryChange(name="UI", before=100.0, after=90.0),
        CategoryChange(name="API", before=50.0, after=75.0),
        CategoryChange(name="New", before=None, after=None),
        CategoryChange(name="Old", before=20.0, after=None),
    ]
    assert diff.categories[1].delta == 25.0
    assert diff.resolved_known_issues == ["K1"]
    assert diff.counts_before == before.counts
    assert diff.cases_complete


def test_baseline_with_only_failures_kept() -> None:
    before = run_of({"a": F, "b": P, "z": P}, complete=False)
    now = run_of({"a": P, "b": F, "c": P})
    diff = diff_runs(now, report_of(now), Sidecar(run=before, report=report_of(before)), "old")
    assert diff.new_failures == ["pkg.Mod::b"]
    assert diff.fixed == ["pkg.Mod::a"]
    assert (diff.new_tests, diff.removed_tests, diff.cases_complete) == ([], [], False)
    assert diff.counts_before is not None and diff.counts_before.passed == 2


def test_current_with_only_failures_kept_claims_no_fix() -> None:
    before = run_of({"a": F, "b": F})
    now = run_of({"a": P, "b": F}, complete=False)
    diff = diff_runs(now, report_of(now), Sidecar(run=before, report=report_of(before)), "old")
    assert (diff.fixed, diff.still_failing, diff.new_failures) == ([], ["pkg.Mod::b"], [])
