"""The shared counts line, pluraliser and cut (`reportgen.text`)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from reportgen.model import Counts
from reportgen.text import counts_line, plural, truncate

# 23 tests: 10 passed, 10 failed, 1 error, 1 skipped, 1 flaky
MIXED = Counts(passed=10, failed=10, errors=1, skipped=1, flaky=1)


def test_plural_adds_an_s_except_for_one() -> None:
    assert [plural(n, "test") for n in (0, 1, 2)] == ["0 tests", "1 test", "2 tests"]


def test_plural_takes_an_irregular_plural() -> None:
    assert plural(1, "category", "categories") == "1 category"
    assert plural(3, "category", "categories") == "3 categories"
    assert plural(2, "success criterion", "success criteria") == "2 success criteria"


def test_counts_line_agrees_with_its_numbers_and_puts_flaky_last() -> None:
    assert counts_line(MIXED) == "23 tests, 10 passed, 10 failed, 1 error, 1 skipped, 1 flaky"
    one = Counts(passed=1)
    assert counts_line(one) == "1 test, 1 passed, 0 failed, 0 errors, 0 skipped"


def test_counts_line_leaves_out_flaky_when_there_are_none() -> None:
    assert "flaky" not in counts_line(Counts(passed=2, failed=1))


def test_nouns_agree_with_one() -> None:
    line = counts_line(Counts(passed=0, errors=1))
    assert line == "1 test, 0 passed, 0 failed, 1 error, 0 skipped"


def test_headline_form_leads_with_the_total_and_puts_flaky_after_passed() -> None:
    line = counts_line(MIXED, headline=True)
    assert line == "23 tests: 10 passed, 1 flaky, 10 failed, 1 error, 1 skipped"


def test_finer_outcomes_are_named_inside_the_outcome_they_count_in() -> None:
    counts = Counts(passed=3, failed=1, errors=1, skipped=4)
    kinds = {"todo": 1, "xfail": 2, "xpass": 1, "cancelled": 1, "not run": 0}
    line = counts_line(counts, kinds=kinds)
    assert line == (
        "9 tests, 3 passed (1 xpass), 1 failed, 1 error (1 cancelled), 4 skipped (1 todo, 2 xfail)"
    )


def test_short_text_is_not_cut() -> None:
    assert truncate("abc", 3) == "abc"
    assert truncate("abc", 3, counted=True) == "abc"


def test_an_ellipsis_cut_ends_within_the_limit() -> None:
    assert truncate("abcdefghij", 8) == "abcde..."


def test_a_counted_cut_keeps_the_limit_and_says_how_much_is_missing() -> None:
    assert truncate("abcdefghij", 4, counted=True) == "abcd [... 6 more chars cut]"


@given(st.text(max_size=300), st.integers(min_value=3, max_value=200))
def test_an_ellipsis_cut_is_never_longer_than_the_limit(text: str, limit: int) -> None:
    cut = truncate(text, limit)
    assert len(cut) <= limit
    assert cut == text or (cut.endswith("...") and text.startswith(cut[:-3]))


@given(st.text(max_size=300), st.integers(min_value=0, max_value=200))
def test_a_counted_cut_keeps_the_head_and_the_number_adds_up(text: str, limit: int) -> None:
    cut = truncate(text, limit, counted=True)
    if len(text) <= limit:
        assert cut == text
        return
    marker = re.search(r" \[\.\.\. (\d+) more chars cut\]$", cut)
    assert marker is not None
    head = cut[: marker.start()]
    assert text.startswith(head) and len(head) == limit
    assert len(head) + int(marker.group(1)) == len(text)


def test_printable_keeps_lines_and_tabs_and_defuses_every_other_control() -> None:
    from reportgen.text import printable

    assert printable("a\tb\nc") == "a\tb\nc"
    assert printable("x\x1b[2J\r\x07\x7f\x9by") == "x\ufffd[2J\ufffd\ufffd\ufffd\ufffdy"
    assert printable("naïve ✓ 日本") == "naïve ✓ 日本"
