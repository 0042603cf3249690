"""Carts, stock and invoices for a small web shop."""
