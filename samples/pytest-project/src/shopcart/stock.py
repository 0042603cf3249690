"""Stock levels and reservations."""

from __future__ import annotations

import csv
import io


class OutOfStock(Exception):
    pass


class Stock:
    def __init__(self, levels: dict[str, int]) -> None:
        self.levels = dict(levels)
        self.reserved: dict[str, int] = {}

    def available(self, sku: str) -> int:
        return self.levels.get(sku, 0) - self.reserved.get(sku, 0)

    def reserve(self, sku: str, quantity: int) -> None:
        if quantity > self.available(sku):
            raise OutOfStock(f"{sku}: {quantity} wanted, {self.available(sku)} available")
        self.reserved[sku] = self.reserved.get(sku, 0) + quantity

    def reserve_seen(self, sku: str, quantity: int, seen: int) -> None:
        """Reserve against a level read earlier (`seen`): what the web workers do today."""
        if quantity > seen:
            raise OutOfStock(f"{sku}: {quantity} wanted, {seen} available")
        self.reserved[sku] = self.reserved.get(sku, 0) + quantity

    def release(self, sku: str, quantity: int) -> None:
        self.reserved[sku] = max(0, self.reserved.get(sku, 0) - quantity)

    def export_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        for sku in sorted(self.levels):
            writer.writerow([sku, self.available(sku)])
        return out.getvalue()
