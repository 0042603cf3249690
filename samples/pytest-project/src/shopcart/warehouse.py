"""The warehouse database (sqlite) and the sync with the remote warehouse API."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Protocol


class MigrationError(Exception):
    pass


def apply_migrations(db: sqlite3.Connection, directory: Path) -> list[str]:
    """Run the migrations listed in `manifest.txt`, in order; returns their names."""
    names = (directory / "manifest.txt").read_text(encoding="utf-8").split()
    for name in names:
        script = directory / name
        if not script.is_file():
            raise MigrationError(f"{name} is listed in manifest.txt but missing from migrations/")
        db.executescript(script.read_text(encoding="utf-8"))
    return names


class Remote(Protocol):
    def push(self, levels: dict[str, int]) -> int: ...


def sync_stock(levels: dict[str, int], remote: Remote) -> int:
    """Push stock levels to the remote warehouse; returns how many SKUs it accepted."""
    return remote.push(dict(sorted(levels.items())))
