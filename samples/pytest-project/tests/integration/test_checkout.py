from decimal import Decimal

import pytest
from shopcart.cart import Cart
from shopcart.checkout import EmptyCart, checkout, invoice
from shopcart.money import Money
from shopcart.stock import Stock


@pytest.fixture
def stock():
    return Stock({"MUG-01": 10, "TEE-M": 3})


@pytest.fixture
def cart():
    cart = Cart()
    cart.add("MUG-01", Money(1200), 2)
    cart.add("TEE-M", Money(1999))
    return cart


def test_checkout_reserves_stock(cart, stock):
    checkout(cart, stock, "CA")
    assert (stock.available("MUG-01"), stock.available("TEE-M")) == (8, 2)


def test_checkout_of_an_empty_cart_is_refused(stock):
    with pytest.raises(EmptyCart):
        checkout(Cart(), stock, "CA")


def test_invoice_total(cart, stock):
    bill = invoice(checkout(cart, stock, "NY"))
    assert (bill.net, bill.tax, bill.total) == (Money(4399), Money(375), Money(4774))


def test_invoice_with_discount(cart, stock):
    cart.discount = Decimal(10)
    bill = invoice(checkout(cart, stock, "CA"))
    assert bill.net == Money(3959)
