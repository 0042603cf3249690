"""A shopping cart: lines of SKU, unit price and quantity."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from shopcart.money import Money


@dataclass
class Line:
    sku: str
    price: Money
    quantity: int = 1

    @property
    def subtotal(self) -> Money:
        return self.price * self.quantity


@dataclass
class Cart:
    currency: str = "USD"
    lines: list[Line] = field(default_factory=list)
    discount: Decimal = Decimal(0)  # percent off the total

    def add(self, sku: str, price: Money, quantity: int = 1) -> None:
        for line in self.lines:
            if line.sku == sku:
                line.quantity += quantity
                return
        self.lines.append(Line(sku, price, quantity))

    def remove(self, sku: str) -> None:
        self.lines = [line for line in self.lines if line.sku != sku]

    @property
    def items(self) -> int:
        return sum(line.quantity for line in self.lines)

    def total(self) -> Money:
        if not self.lines:
            return Money(0, self.currency)
        gross = sum(line.subtotal for line in self.lines)
        return gross - gross.percent(self.discount)
