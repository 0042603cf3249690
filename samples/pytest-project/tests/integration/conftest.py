import sqlite3
from pathlib import Path

import pytest
from shopcart.warehouse import apply_migrations

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


@pytest.fixture
def warehouse_db():
    db = sqlite3.connect(":memory:")
    apply_migrations(db, MIGRATIONS)
    yield db
    db.close()


class RemoteWarehouse:
    """The remote warehouse API as the tests see it: its first connection of a run times out
    while it starts, like the real one after a deploy. The count lives in the run's base temp
    directory, so every run fails once and passes on the rerun."""

    def __init__(self, counter: Path) -> None:
        self.counter = counter

    def push(self, levels):
        calls = int(self.counter.read_text()) if self.counter.exists() else 0
        self.counter.write_text(str(calls + 1))
        if calls == 0:
            raise TimeoutError("warehouse API did not answer within 2.0 s (cold start)")
        return len(levels)


@pytest.fixture
def remote_warehouse(tmp_path_factory):
    return RemoteWarehouse(tmp_path_factory.getbasetemp() / "remote-warehouse-calls")
