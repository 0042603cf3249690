"""The PR profile: marker, content, and the size budget with its documented cut order."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from reportgen.model import Counts
from reportgen.render import PR_MARKER, render_pr
from reportgen.render.pr import _Profile
from reportgen.report import CategoryResult, FailureGroup, Occurrence, Report

from .fixtures import empty_report, full_report, realistic_report
from .mdcheck import fences, html_tokens, parse, tables

MANY = 50_000


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _balanced(text: str) -> list[list[list[str]]]:
    """Asserts details blocks and fences are closed and tables whole; returns the tables."""
    tokens = parse(text)
    blocks = html_tokens(text, tokens)
    assert sum("<details>" in b for b in blocks) == sum("</details>" in b for b in blocks)
    assert text.count("<details>") == text.count("</details>")
    assert tokens[-1].type != "fence"
    return tables(text, tokens)


@pytest.fixture(scope="module")
def huge_report() -> Report:
    """50,000 failing tests in 50,000 groups (one each), spread over 500 categories."""
    occurrence = Occurrence(test="t", file="junit/huge.xml", line=1)
    groups = [
        FailureGroup(
            signature=f"AssertionError: case {i}",
            type="AssertionError",
            message=f"expected {i} to be {i + 1}",
            count=1,
            share=100.0 / MANY,
            categories=[f"category {i % 500}"],
            files=["junit/huge.xml"],
            tests=[f"tests/test_huge.py::test_{i}"],
            tests_total=1,
            first=occurrence,
            last=occurrence,
            details=f"Traceback:\n  assert {i} == {i + 1}\n" * 3,
        )
        for i in range(MANY)
    ]
    categories = [
        CategoryResult(name=f"category {c}", counts=Counts(failed=100), pass_rate=0.0, duration=1.0)
        for c in range(500)
    ]
    base = realistic_report()
    return base.model_copy(
        update={
            "groups": groups,
            "categories": categories,
            "failures_total": MANY,
            "counts": Counts(failed=MANY),
            "pass_rate": 0.0,
        }
    )


def test_starts_with_the_marker_line() -> None:
    text = render_pr(realistic_report())
    assert text.split("\n", 1)[0] == PR_MARKER


def test_small_report_is_not_cut() -> None:
    text = render_pr(full_report())
    assert "Shortened" not in text
    assert "tests.e2e.test_10::test_basic" in text  # a passing (fixed) test is listed
    assert len(fences(text)) == 2  # both tracebacks
    _balanced(text)


@pytest.mark.parametrize("limit", [65_535, 1_048_576])
def test_huge_report_stays_within_the_limit(huge_report: Report, limit: int) -> None:
    text = render_pr(huge_report, limit=limit, full_worklog="worklogs/huge.md")
    assert _size(text) <= limit
    assert _size(text) > limit * 0.8  # the cut keeps as much as fits
    found = _balanced(text)
    assert "**Shortened to fit" in text
    assert "rows past the top" in text
    assert "The full worklog: `worklogs/huge.md`." in text
    groups = next(t for t in found if t[0][1] == "Root Cause")
    assert groups[1][0] == "1"  # the top group is kept
    shown = len(groups) - 1
    assert f"Failure groups not shown: {MANY - shown}." in text


def test_cuts_follow_the_documented_order() -> None:
    """Each level's limit is exactly its own size: that level is chosen, not a later one."""
    report = full_report()
    fixed = [f"tests/test_fixed.py::test_{i}" for i in range(40)]
    report = report.model_copy(
        update={"diff": report.diff.model_copy(update={"fixed": fixed})}  # type: ignore[union-attr]
    )
    profile = _Profile(
        report, ascii=False, defang=True, template_dir=None, limit=10**6, full_worklog=None
    )
    sizes = [_size(profile.render(level)) for level in range(4)]
    assert sizes == sorted(sizes, reverse=True)
    for level in range(1, 4):
        text = render_pr(report, limit=sizes[level])
        at_limit = _Profile(
            report,
            ascii=False,
            defang=True,
            template_dir=None,
            limit=sizes[level],
            full_worklog=None,
        )
        assert text == at_limit.render(level)
    level1 = profile.render(1)
    assert "test_fixed.py" not in level1  # passing list gone
    assert "**Fixed (failed before, pass now)** (40)" in level1  # but still counted
    assert len(fences(level1)) == 2  # tracebacks kept
    level2 = profile.render(2)
    assert not fences(level2) and "Execution log" not in level2
    assert "tests.e2e.test_2::test_slow_flow" in level2  # examples kept
    level3 = profile.render(3)
    assert "Examples" not in level3
    assert (
        "cut lists of passing tests; then tracebacks and the execution log; then example" in level3
    )


def test_full_worklog_url_becomes_a_link() -> None:
    text = render_pr(full_report(), limit=2_500, full_worklog="https://ci.test/run/1/worklog.md")
    assert (
        "The full worklog: [https://ci.test/run/1/worklog.md](https://ci.test/run/1/worklog.md)"
        in text
    )
    assert _size(text) <= 2_500


def test_too_small_a_limit_is_refused() -> None:
    with pytest.raises(ValueError, match="at least"):
        render_pr(realistic_report(), limit=10)


@pytest.mark.parametrize("make", [empty_report, realistic_report, full_report])
@pytest.mark.parametrize("ascii_mode", [False, True])
def test_every_profile_parses_whole(make: Callable[[], Report], ascii_mode: bool) -> None:
    text = render_pr(make(), ascii=ascii_mode)
    assert text.startswith(PR_MARKER + "\n")
    _balanced(text)
    if ascii_mode:
        assert text.isascii()
