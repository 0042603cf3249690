import pytest
from shopcart.money import Money


class TestMoney:
    def test_parse_whole_and_cents(self):
        assert Money.parse("12.5") == Money(1250)

    def test_add_same_currency(self):
        assert Money(250) + Money(199) == Money(449)

    def test_adding_another_currency_is_refused(self):
        with pytest.raises(ValueError, match="cannot mix USD and EUR"):
            Money(100) + Money(100, "EUR")


@pytest.mark.parametrize(
    ("cents", "currency", "text"),
    [(1999, "USD", "19.99 USD"), (5, "EUR", "0.05 EUR"), (-250, "GBP", "-2.50 GBP")],
    ids=["USD", "EUR", "GBP"],
)
def test_str(cents, currency, text):
    assert str(Money(cents, currency)) == text
