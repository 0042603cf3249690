"""Where a test is defined, as a 1-based line, whatever the producer wrote."""

from __future__ import annotations

from reportgen.model import TestCase

# pytest writes `line` as its node location, which counts from 0 (`def test_x` on line 8 is 7):
# `_pytest/junitxml.py` writes `location[1]`. Proved by tests/deliver/test_annotations.py.
ZERO_BASED_LINES = frozenset({"pytest"})


def definition_line(case: TestCase, producer: str | None) -> int | None:
    """The report's `line` for `case`, counted from 1; None when absent or not a line."""
    if case.line is None:
        return None
    line = case.line + 1 if producer in ZERO_BASED_LINES else case.line
    return line if line >= 1 else None
