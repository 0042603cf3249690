"""Which rows the PR profile keeps when it must cut, and what the cut note says."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from reportgen.model import Counts
from reportgen.render import render_pr
from reportgen.render.pr import _Profile
from reportgen.report import CategoryResult, Report

from .fixtures import full_report, realistic_report
from .mdcheck import parse, tables

# (name, counts) in table order; pass rates worked out by hand in the comments
MIXED = [
    ("pass A", Counts(passed=10)),  # 100%
    ("nothing run", Counts(skipped=2)),  # no rate: no failures either
    ("fail half", Counts(passed=5, failed=5)),  # 50%
    ("pass B", Counts(passed=10)),
    ("pass C", Counts(passed=10)),
    ("fail most", Counts(passed=1, failed=9)),  # 10%
    ("pass D", Counts(passed=10)),
    ("pass E", Counts(passed=10)),
    ("pass F", Counts(passed=10)),
    ("fail one", Counts(passed=9, failed=1)),  # 90%
    ("fail errors", Counts(passed=7, errors=3)),  # 70%
    ("pass G", Counts(passed=10)),
]
FAILING = {"fail half", "fail most", "fail one", "fail errors"}


def _with_categories(base: Report, categories: list[tuple[str, Counts]]) -> Report:
    results = [
        CategoryResult(name=name, counts=counts, pass_rate=counts.pass_rate(), duration=1.0)
        for name, counts in categories
    ]
    total = Counts(
        **{
            field: sum(getattr(counts, field) for _, counts in categories)
            for field in ("passed", "failed", "errors", "skipped", "flaky")
        }
    )
    return base.model_copy(
        update={"categories": results, "counts": total, "pass_rate": total.pass_rate()}
    )


def _profile(report: Report, limit: int = 10**6, full_worklog: str | None = None) -> _Profile:
    return _Profile(
        report,
        ascii=False,
        defang=True,
        template_dir=None,
        limit=limit,
        full_worklog=full_worklog,
    )


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _results(text: str) -> list[list[str]]:
    """The results table's rows below its header."""
    table = next(t for t in tables(text) if t[0][0] == "Test Category")
    return table[1:]


@pytest.mark.parametrize(
    ("rows", "kept", "note"),
    [
        (2, ["fail half", "fail most"], "Categories not shown: 10 (2 with failures)"),
        (3, ["fail half", "fail most", "fail errors"], "Categories not shown: 9 (1 with failures)"),
        (
            5,
            ["pass A", "fail half", "fail most", "fail one", "fail errors"],
            "Categories not shown: 7 (none with failures)",
        ),
    ],
)
def test_row_cut_keeps_failing_categories_lowest_rate_first(
    rows: int, kept: list[str], note: str
) -> None:
    text = _profile(_with_categories(realistic_report(), MIXED)).render(4, rows)
    shown = _results(text)
    assert [row[0] for row in shown] == [*kept, "Total"]  # table order, Total last
    assert shown[-1][1:4] == ["110", "92", "18"]  # run, passed, failed of all 12 categories
    assert note in text


def test_equal_rates_keep_the_category_with_more_failures() -> None:
    categories = [
        ("few", Counts(passed=1, failed=1)),
        ("many", Counts(passed=5, failed=5)),
        ("clean", Counts(passed=3)),
    ]
    text = _profile(_with_categories(realistic_report(), categories)).render(4, 1)
    assert [row[0] for row in _results(text)] == ["many", "Total"]


def test_limit_cut_shows_every_failing_category() -> None:
    """Many passing categories ahead of the failing ones, as when no config groups them."""
    passing = [
        (f"TEST-com.example.pkg{i}.SomeLongSuiteNameTest", Counts(passed=4)) for i in range(40)
    ]
    failing = [(name, counts) for name, counts in MIXED if name in FAILING]
    report = _with_categories(realistic_report(), passing + failing)
    text = render_pr(report, limit=3_000)
    assert _size(text) <= 3_000
    assert "rows past the top" in text
    names = [row[0] for row in _results(text)]
    assert set(names) >= FAILING
    assert names[-1] == "Total"
    hidden = 44 - (len(names) - 1)
    assert hidden > 0
    assert f"Categories not shown: {hidden} (none with failures)" in text


@pytest.mark.parametrize(
    ("make", "limit"),
    [
        (realistic_report, 1_000),
        (realistic_report, 1_500),
        *((full_report, limit) for limit in (1_200, 1_500, 2_000, 2_500, 3_000, 4_000)),
    ],
)
def test_no_table_is_left_with_only_its_header(make: Callable[[], Report], limit: int) -> None:
    """full_report's run-over-run section alone needs more than 1000 bytes."""
    report = _with_categories(make(), MIXED)
    text = render_pr(report, limit=limit)
    assert _size(text) <= limit
    for table in tables(text, parse(text)):
        assert len(table) >= 2, table[0]


def test_everything_cut_says_in_one_line_what_the_tables_held() -> None:
    report = _with_categories(full_report(), MIXED)
    assert (len(report.criteria), len(report.groups), report.failures_total) == (3, 2, 11)
    text = _profile(report).render(4, 0)
    assert not tables(text)
    assert (
        "**Not shown, to fit:** 12 categories (4 with failures), 3 success criteria, "
        "2 failure groups (11 failures and errors), 1 flaky test, 1 performance miss, "
        "1 suspiciously fast test." in text
    )
    assert "Category changes not shown: 1." in text
    assert "all rows of tables and lists (counts kept)" in text


def test_one_row_kept_shows_no_not_shown_line() -> None:
    text = _profile(_with_categories(full_report(), MIXED)).render(4, 1)
    assert "Not shown, to fit" not in text
    assert "Categories not shown: 11 (3 with failures); the Total row counts them." in text


def test_cut_note_speaks_of_bytes() -> None:
    text = render_pr(_with_categories(full_report(), MIXED), limit=2_000)
    assert "**Shortened to fit 2000 bytes:**" in text
    assert "characters" not in text.split("\n---\n")[-1]


def test_without_a_full_worklog_the_note_says_how_to_get_it() -> None:
    report = _with_categories(full_report(), MIXED)
    text = render_pr(report, limit=2_000)
    assert "For the full worklog, render without `--profile pr`." in text
    elsewhere = render_pr(report, limit=2_000, full_worklog="out/worklog.md")
    assert "The full worklog: `out/worklog.md`." in elsewhere
    assert "--profile pr" not in elsewhere


def test_too_small_a_limit_is_refused_in_bytes() -> None:
    with pytest.raises(ValueError, match="at least 1000 bytes"):
        render_pr(realistic_report(), limit=999)
