"""How reportgen writes a percentage, in every output."""

from __future__ import annotations


def format_percent(value: float | None) -> str:
    """One decimal; never rounded onto 100% or 0% when the value is not exactly that.

    A pass rate of 1999/2000 must not read "100.0%" next to a failure: it reads "99.9%".
    """
    if value is None:
        return "n/a"
    text = f"{value:.1f}"
    if text == "100.0" and value < 100:
        return "99.9%"
    if text in ("0.0", "-0.0") and value > 0:
        return "<0.1%"
    return f"{text}%"
