"""Amounts in cents, rounded and formatted for statements."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def to_cents(amount: str) -> int:
    """'12.345' -> 1235: half up, as the new statement format does."""
    return int((Decimal(amount) * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def format_cents(cents: int) -> str:
    """1234 -> '12.34'; -5 -> '-0.05'."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"
