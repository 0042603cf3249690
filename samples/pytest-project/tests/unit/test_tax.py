import pytest
from shopcart.money import Money
from shopcart.tax import sales_tax


# Combined state and average local rates, from the tax team's table of 2025-01.
@pytest.mark.parametrize(("region", "cents"), [("CA", 885), ("NY", 853), ("TX", 820)])
def test_sales_tax_on_100_dollars(region, cents):
    tax = sales_tax(Money(10000), region)
    assert tax.cents == cents


def test_tax_rounds_half_up():
    assert sales_tax(Money(1000), "NY") == Money(85)  # 85.3 cents
