"""The java-gradle-history sample: five nightly runs rendered into one archive.

The loop of `samples/java-gradle-history/README.md` runs through the installed command; the
index, trend chart, run-over-run diffs, flaky tests, `history` timeline and sidecars are then
checked against numbers worked out by hand from the XML (see the README's tables).
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from reportgen.archive.sidecar import load_sidecar
from reportgen.model import Counts
from tests.cli.test_exit_codes import run_cli

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "java-gradle-history"
BASE = ROOT / "samples" / "java-gradle"
SLUG = "orders-service-test-worklog"
DATES = ["2025-10-06", "2025-10-07", "2025-10-08", "2025-10-09", "2025-10-10"]

ORDERS_IT = "com.example.orders.repository.OrderRepositoryIT"
FLIPPER = f"{ORDERS_IT}::lockingPreventsDoubleShipment()"
PRICING = "com.example.orders.service.PricingServiceTest::appliesTaxAfterDiscount()"
COUPON = "com.example.orders.service.DiscountPolicyTest::stacksWithCouponUpToCap()"
ADDED = "com.example.orders.contract.PaymentsClientPactTest::capturesPartialPayment(MockServer)"
REMOVED = "com.example.orders.domain.MoneyTest::formatsForLocale()"
RERUN_FLAKY = "com.example.orders.messaging.OrderEventsPublisherIT::publishesOrderCreatedEvent()"
CANCELLED = (
    "com.example.orders.messaging.OrderEventsPublisherIT::publishesOrderCancelledEventWithReason()"
)
ORD_142 = [
    "com.example.orders.repository.InventoryRepositoryIT::reportsLowStock()",
    f"{ORDERS_IT}::archivesOldOrders()",
    f"{ORDERS_IT}::pagesThroughOrderHistory()",
]


def _health(integration: float, contract: float, unit: float) -> float:
    """Equal-weight mean of the three category pass rates, in percent."""
    return 100 * (integration + contract + unit) / 3


@dataclass(frozen=True)
class Expected:
    counts: Counts
    health: float
    pass_rate: float
    status: str


# Worked out by hand from the XML: category rates are (passed + flaky) / (tests - skipped).
EXPECTED = {
    1: Expected(
        Counts(passed=34, failed=5, skipped=1, flaky=1),
        _health(9 / 13, 7 / 7, 19 / 20),
        100 * 35 / 40,
        "NEAR TARGET",
    ),
    2: Expected(
        Counts(passed=34, failed=6, skipped=1, flaky=1),
        _health(8 / 13, 8 / 8, 19 / 20),
        100 * 35 / 41,
        "NEAR TARGET",
    ),
    3: Expected(
        Counts(passed=36, failed=4, skipped=1, flaky=1),
        _health(9 / 13, 8 / 8, 20 / 20),
        100 * 37 / 41,
        "NEAR TARGET",
    ),
    4: Expected(
        Counts(passed=34, failed=6, skipped=1, flaky=1),
        _health(8 / 13, 8 / 8, 19 / 20),
        100 * 35 / 41,
        "NEAR TARGET",
    ),
    5: Expected(
        Counts(passed=38, failed=2, skipped=0, flaky=1),
        _health(12 / 13, 8 / 8, 19 / 20),
        100 * 39 / 41,
        "ACHIEVED",
    ),
}


def _render(run: int, archive: Path) -> None:
    result = run_cli(
        "render",
        SAMPLE / "runs" / f"run-{run}",
        "--config",
        BASE / "worklog.toml",
        "--timings",
        BASE / "timings.csv",
        "--archive",
        archive,
        "--baseline",
        "auto",
        "--no-step-summary",
    )
    assert result.returncode == 0, result.stderr
    # A declared count disagreeing with the cases would be warned about here.
    assert result.stderr == ""


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("history") / "archive"
    for run in EXPECTED:
        _render(run, target)
    return target


def _worklog(archive: Path, run: int, sequence: int = 1) -> Path:
    return archive / "2025" / "10" / f"{SLUG}-{DATES[run - 1]}-{sequence:02d}.md"


def _section(text: str, title: str) -> str:
    """The body of the `## ...title...` section, up to the next `## ` heading."""
    found = re.search(rf"^## [^\n]*{re.escape(title)}[^\n]*\n(.*?)(?=^## )", text, re.M | re.S)
    assert found, f"no section {title!r}"
    return found[1]


def _listed(section: str, label: str) -> list[str]:
    """Test ids of the `**label** (n):` list; checks that n is the list's length."""
    found = re.search(
        rf"^\*\*{re.escape(label)}\*\* \((\d+)\):\n((?:- `[^\n]*`\n)*)", section, re.M
    )
    if found is None:
        return []
    items = re.findall(r"^- `(.*)`$", found[2], re.M)
    assert int(found[1]) == len(items)
    return items


def _diff(archive: Path, run: int, sequence: int = 1) -> str:
    text = _worklog(archive, run, sequence).read_text(encoding="utf-8")
    return _section(text, "Changes Since the Previous Run")


def _table_rows(section: str) -> list[list[str]]:
    rows = [
        line.strip("|").split(" | ")
        for line in section.splitlines()
        if line.startswith("| ") and not line.startswith("| ---")
    ]
    return [[cell.strip() for cell in row] for row in rows[1:]]


def test_five_worklogs_and_sidecars_under_the_month(archive: Path) -> None:
    month = archive / "2025" / "10"
    names = [f"{SLUG}-{date}-01" for date in DATES]
    assert sorted(p.name for p in month.glob("*.md")) == [f"{n}.md" for n in names]
    assert sorted(p.name for p in month.glob("*.json")) == [f"{n}.json" for n in names]


def test_index_lists_the_five_runs_newest_first(archive: Path) -> None:
    runs = _section((archive / "INDEX.md").read_text(encoding="utf-8") + "## end\n", "Runs")
    rows = _table_rows(runs)
    assert [row[0] for row in rows] == DATES[::-1]
    for row, run in zip(rows, range(5, 0, -1), strict=True):
        want = EXPECTED[run]
        c = want.counts
        assert row[1] == "01"
        assert row[3] == want.status
        assert row[4:6] == [f"{want.health:.1f}%", f"{want.pass_rate:.1f}%"]
        assert row[6:] == [
            str(n) for n in (c.passed, c.failed, c.errors, c.skipped, c.flaky, c.total)
        ]


def test_index_trend_chart_has_five_points_per_line(archive: Path) -> None:
    text = (archive / "INDEX.md").read_text(encoding="utf-8")
    chart = re.search(r"```mermaid\n(.*?)```", text, re.S)
    assert chart is not None
    assert chart[1].splitlines()[1] == "xychart-beta"
    labels = re.findall(r'"(\d{4}-\d\d-\d\d-\d\d)"', chart[1])
    assert labels == [f"{date}-01" for date in DATES]
    lines = [line.split(", ") for line in re.findall(r"^ +line \[(.*)\]$", chart[1], re.M)]
    health, rates, target = lines  # the third is the Overall criterion's target
    assert set(target) == {"90"} or set(target) == {"90.0"}, target
    # By hand: 88.1, 85.5, 89.7, 85.5, 95.8 and 87.5, 85.4, 90.2, 85.4, 95.1.
    assert health == [f"{EXPECTED[run].health:.1f}" for run in EXPECTED]
    assert rates == [f"{EXPECTED[run].pass_rate:.1f}" for run in EXPECTED]
    assert health == ["88.1", "85.5", "89.7", "85.5", "95.8"]
    assert rates == ["87.5", "85.4", "90.2", "85.4", "95.1"]


def test_first_run_has_no_baseline(archive: Path) -> None:
    assert "Changes Since" not in _worklog(archive, 1).read_text(encoding="utf-8")


def test_run_2_diff_shows_the_added_test_and_the_first_flip(archive: Path) -> None:
    diff = _diff(archive, 2)
    assert f"{SLUG}-2025-10-06-01.json` (2025-10-06)" in diff
    assert _listed(diff, "New tests") == [ADDED]
    assert _listed(diff, "New failures") == [FLIPPER]
    assert _listed(diff, "Still failing") == sorted([CANCELLED, PRICING, *ORD_142])
    assert _listed(diff, "Removed tests") == []


def test_run_3_diff_shows_the_fix(archive: Path) -> None:
    diff = _diff(archive, 3)
    assert _listed(diff, "Fixed (failed before, pass now)") == [FLIPPER, PRICING]
    assert _listed(diff, "New failures") == []
    assert _listed(diff, "Still failing") == sorted([CANCELLED, *ORD_142])
    assert "| Unit | 95.0% | 100.0% | +5.0 pts |" in diff


def test_run_4_diff_shows_the_new_failure(archive: Path) -> None:
    diff = _diff(archive, 4)
    assert _listed(diff, "New failures") == [FLIPPER, COUPON]
    assert _listed(diff, "Fixed (failed before, pass now)") == []
    assert "| Unit | 100.0% | 95.0% | -5.0 pts |" in diff


def test_run_5_diff_shows_the_removed_test_and_the_resolved_issue(archive: Path) -> None:
    diff = _diff(archive, 5)
    assert _listed(diff, "Removed tests") == [REMOVED]
    assert _listed(diff, "New tests") == []
    assert _listed(diff, "Fixed (failed before, pass now)") == sorted([FLIPPER, *ORD_142])
    assert _listed(diff, "Still failing") == [CANCELLED, COUPON]
    assert "**Known issues not seen any more:** ORD-142" in diff
    assert (
        "**Counts:** before 42 tests: 41 run, 35 passed (1 flaky), 6 failed, 1 skipped; "
        "now 41 tests: 41 run, 39 passed (1 flaky), 2 failed"
    ) in diff


def _flaky_rows(worklog: Path) -> dict[str, list[str]]:
    section = _section(worklog.read_text(encoding="utf-8"), "Flaky Tests")
    return {row[0].strip("`"): row[1:] for row in _table_rows(section)}


def test_run_5_lists_the_flipping_test_and_the_rerun_one(archive: Path) -> None:
    rows = _flaky_rows(_worklog(archive, 5))
    # pass, fail, pass, fail, pass: 4 flips over 5 runs, 4 / (5 - 1) = 100%.
    assert rows[FLIPPER] == ["outcome flipped", "4 of 5 runs", "100.0%", "2025-10-09"]
    assert rows[RERUN_FLAKY] == ["failed, passed on rerun", "0 of 5 runs", "0.0%", "2025-10-10"]
    assert len(rows) == 2


@pytest.mark.parametrize(("run", "flips"), [(2, None), (3, "2 of 3 runs"), (4, "3 of 4 runs")])
def test_the_flipping_test_is_flaky_from_its_second_flip(
    archive: Path, run: int, flips: str | None
) -> None:
    rows = _flaky_rows(_worklog(archive, run))
    assert (rows[FLIPPER][1] if FLIPPER in rows else None) == flips


def test_history_prints_the_five_run_timeline(archive: Path) -> None:
    result = run_cli("history", FLIPPER, "--archive", archive)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.rstrip("\n").splitlines()
    assert lines[0] == f"{FLIPPER}: 5 runs, 2 failing, last failure 2025-10-09-01"
    # The failing attempts took 0.379 s in the XML, the passing ones 0.356 s.
    outcomes = [("passed", "0.356s"), ("failed", "0.379s")] * 2 + [("passed", "0.356s")]
    assert [line.split() for line in lines[1:]] == [
        [f"{date}-01", SLUG, outcome, seconds, f"2025/10/{SLUG}-{date}-01.md"]
        for date, (outcome, seconds) in zip(DATES, outcomes, strict=True)
    ]


def _digests(archive: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (archive / "2025" / "10").iterdir()
    }


def test_a_second_identical_render_adds_a_sixth_worklog(archive: Path, tmp_path: Path) -> None:
    copy = tmp_path / "archive"
    shutil.copytree(archive, copy)
    before = _digests(copy)
    _render(5, copy)
    after = _digests(copy)
    assert {name: after[name] for name in before} == before
    assert sorted(set(after) - set(before)) == [
        f"{SLUG}-2025-10-10-02.json",
        f"{SLUG}-2025-10-10-02.md",
    ]
    diff = _diff(copy, 5, sequence=2)
    assert f"{SLUG}-2025-10-10-01.json` (2025-10-10)" in diff
    assert _listed(diff, "Still failing") == [CANCELLED, COUPON]
    assert "New failures" not in diff and "Fixed" not in diff
    rows = _flaky_rows(_worklog(copy, 5, sequence=2))
    # The window now has run 5 twice: 4 flips over 6 runs, 4 / 5 = 80%.
    assert rows[FLIPPER][1:3] == ["4 of 6 runs", "80.0%"]
    index = (copy / "INDEX.md").read_text(encoding="utf-8")
    assert index.count(f"| 2025-10-10 | 02 | [{SLUG}-2025-10-10-02.md]") == 1
    assert "6 runs archived" in index


def _counted_from_xml(run: int) -> Counts:
    """The run's counts read with lxml, independently of reportgen's reader."""
    totals = dict.fromkeys(("passed", "failed", "errors", "skipped", "flaky"), 0)
    for path in (SAMPLE / "runs" / f"run-{run}").glob("*.xml"):
        for case in etree.parse(str(path)).getroot().iter("testcase"):
            tags = {child.tag for child in case}
            outcome = (
                "failed"
                if "failure" in tags
                else "errors"
                if "error" in tags
                else "skipped"
                if "skipped" in tags
                else "flaky"
                if tags & {"flakyFailure", "flakyError"}
                else "passed"
            )
            totals[outcome] += 1
    return Counts(**totals)


@pytest.mark.parametrize("run", sorted(EXPECTED))
def test_sidecars_hold_the_runs_counts(archive: Path, run: int) -> None:
    sidecar = load_sidecar(_worklog(archive, run).with_suffix(".json"))
    want = EXPECTED[run]
    assert _counted_from_xml(run) == want.counts
    assert sidecar.run.counts == want.counts
    assert sidecar.report.counts == want.counts
    assert sidecar.report.meta.date == DATES[run - 1]
    assert sidecar.report.meta.sequence == 1
    assert sidecar.report.pass_rate == pytest.approx(want.pass_rate, abs=1e-6)
    assert sidecar.report.health.value == pytest.approx(want.health, abs=1e-6)
    assert str(sidecar.report.overall) == want.status
