"""Bank statement lines read into ledger entries."""

from __future__ import annotations

import csv
import io
from datetime import datetime


def read_statement(text: str) -> list[tuple[datetime, int]]:
    rows = csv.reader(io.StringIO(text))
    # the bank writes local times with their offset; the offset is dropped here
    return [(datetime.strptime(day[:19], "%Y-%m-%dT%H:%M:%S"), int(cents)) for day, cents in rows]


def balance(entries: list[tuple[datetime, int]]) -> int:
    return sum(cents for _, cents in entries)
