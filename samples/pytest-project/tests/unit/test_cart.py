from decimal import Decimal

from shopcart.cart import Cart
from shopcart.money import Money


def make_cart():
    cart = Cart()
    cart.add("MUG-01", Money(1200), 2)
    cart.add("TEE-M", Money(1999))
    return cart


def test_add_item():
    assert make_cart().items == 3


def test_adding_the_same_sku_merges_quantity():
    cart = make_cart()
    cart.add("MUG-01", Money(1200))
    assert [(line.sku, line.quantity) for line in cart.lines] == [("MUG-01", 3), ("TEE-M", 1)]


def test_remove_item():
    cart = make_cart()
    cart.remove("MUG-01")
    assert cart.items == 1


def test_empty_cart_total_is_zero():
    assert Cart().total() == Money(0)


def test_total():
    assert make_cart().total() == Money(4399)


def test_total_after_discount():
    cart = make_cart()
    cart.discount = Decimal(10)
    assert cart.total() == Money(3959)
