"""The words every output shares: one counts line, one pluraliser, one cut of long text.

A leaf module (it imports only the model) rather than part of `reportgen.render`, because the
run's headline is written in analyze, and analyze must not import render: this way the
headline, the worklog, the PR profile and the terminal summary say "1 error" the same way.
"""

from __future__ import annotations

from collections.abc import Mapping

from reportgen.model import KIND_OUTCOME, Counts, Outcome

ELLIPSIS = "..."
# C0 and C1 control characters but tab and newline: in a test's name or message (untrusted)
# they could move the cursor, retitle the window or write the clipboard (ESC ], BEL, CR).
_UNPRINTABLE = {
    code: "\ufffd" for code in (*range(0x20), 0x7F, *range(0x80, 0xA0)) if code not in (9, 10)
}


def printable(text: str) -> str:
    """`text` safe to print on a terminal: control characters show as U+FFFD."""
    return text.translate(_UNPRINTABLE)


def plural(count: int, one: str, many: str | None = None) -> str:
    """`1 test`, `2 tests`, `0 tests`; `many` for nouns not made plural by an s
    (`plural(n, "category", "categories")`)."""
    return f"{count} {one if count == 1 else (many if many is not None else one + 's')}"


def truncate(text: str, limit: int, *, counted: bool = False) -> str:
    """`text` if it has at most `limit` characters; else cut.

    By default the result is at most `limit` characters and ends in "..." (names, titles,
    signatures: the length is what matters). With `counted`, the first `limit` characters are
    kept and a note says how many more were cut (test output in a worklog, where a reader wants
    to know how much is missing).
    """
    if len(text) <= limit:
        return text
    if counted:
        return f"{text[:limit]} [... {len(text) - limit} more chars cut]"
    return text[: limit - len(ELLIPSIS)] + ELLIPSIS


def counts_line(
    counts: Counts,
    *,
    kinds: Mapping[str, int] | None = None,
    headline: bool = False,
) -> str:
    """The counts of a run, a file, a suite or a phase on one line.

    `23 tests, 10 passed, 10 failed, 1 error, 1 skipped, 1 flaky`: flaky only when there are
    any. `kinds` (the tool's finer outcomes) are named inside the outcome they count in:
    `4 skipped (1 todo, 1 xfail)`. With `headline`, the total leads and flaky tests follow the
    passed ones (`23 tests: 10 passed, 1 flaky, 10 failed, 1 error, 1 skipped`), as the run's
    headline reads.
    """
    finer = kinds or {}
    passed = f"{counts.passed} passed{_inside(finer, Outcome.PASSED)}"
    failed = f"{counts.failed} failed{_inside(finer, Outcome.FAILED)}"
    errors = f"{plural(counts.errors, 'error')}{_inside(finer, Outcome.ERROR)}"
    skipped = f"{counts.skipped} skipped{_inside(finer, Outcome.SKIPPED)}"
    total = plural(counts.total, "test")
    flaky = f", {counts.flaky} flaky" if counts.flaky else ""
    if headline:
        return f"{total}: {passed}{flaky}, {failed}, {errors}, {skipped}"
    return f"{total}, {passed}, {failed}, {errors}, {skipped}{flaky}"


def _inside(kinds: Mapping[str, int], outcome: Outcome) -> str:
    """The finer outcomes counted in `outcome`, e.g. " (1 todo, 1 xfail)"; mostly none."""
    if not kinds:
        return ""
    named = [
        f"{kinds[kind]} {kind}"
        for kind, total in KIND_OUTCOME.items()
        if total is outcome and kinds.get(kind)
    ]
    return f" ({', '.join(named)})" if named else ""
