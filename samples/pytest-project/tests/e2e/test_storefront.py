import os
import time
from html import escape

import pytest
from shopcart.cart import Cart
from shopcart.money import Money

sandbox = pytest.mark.skipif(
    not os.environ.get("PAYMENTS_SANDBOX_KEY"), reason="PAYMENTS_SANDBOX_KEY is not set"
)


def render_product(name, price):
    return f"<h1>{escape(name)}</h1><p class='price'>{price}</p>"


def render_cart(cart):
    rows = "".join(
        f"<tr><td>{escape(line.sku)}</td><td>{line.quantity}</td></tr>" for line in cart.lines
    )
    return f"<table>{rows}</table><p>{cart.items} items</p>"


def test_product_page_renders():
    page = render_product("Mug <ceramic>", Money(1200))
    assert page == "<h1>Mug &lt;ceramic&gt;</h1><p class='price'>12.00 USD</p>"


def test_page_render_times(record_timing):
    cart = Cart()
    cart.add("MUG-01", Money(1200), 2)
    for _ in range(20):
        start = time.perf_counter()
        render_product("Mug", Money(1200))
        record_timing("product_page_render", (time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        render_cart(cart)
        record_timing("cart_page_render", (time.perf_counter() - start) * 1000)


@sandbox
def test_payment_is_authorised():
    raise AssertionError("runs against the payments sandbox only")


@sandbox
def test_refund_is_issued():
    raise AssertionError("runs against the payments sandbox only")
