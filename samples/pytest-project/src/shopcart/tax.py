"""Sales tax by region (combined state and average local rate, percent)."""

from __future__ import annotations

from decimal import Decimal

from shopcart.money import Money

RATES = {
    "CA": Decimal("8.85"),
    "NY": Decimal("8.53"),
    "TX": Decimal("6.25"),
}


def sales_tax(amount: Money, region: str) -> Money:
    return amount.percent(RATES[region])
