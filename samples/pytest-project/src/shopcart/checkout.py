"""Checkout: reserve the stock of a cart, then invoice it."""

from __future__ import annotations

from dataclasses import dataclass

from shopcart.cart import Cart
from shopcart.money import Money
from shopcart.stock import Stock
from shopcart.tax import sales_tax


class EmptyCart(Exception):
    pass


@dataclass
class Order:
    cart: Cart
    region: str


@dataclass
class Invoice:
    lines: list[tuple[str, int, Money]]
    net: Money
    tax: Money

    @property
    def total(self) -> Money:
        return self.net + self.tax


def checkout(cart: Cart, stock: Stock, region: str) -> Order:
    if not cart.lines:
        raise EmptyCart("nothing to check out")
    for line in cart.lines:
        stock.reserve(line.sku, line.quantity)
    return Order(cart, region)


def invoice(order: Order) -> Invoice:
    net = order.cart.total()
    lines = [(line.sku, line.quantity, line.subtotal) for line in order.cart.lines]
    return Invoice(lines, net, sales_tax(net, order.region))
