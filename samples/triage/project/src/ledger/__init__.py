"""A small ledger: amounts, their formatting, and imports of bank statements."""
