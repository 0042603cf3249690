import pytest
from shopcart.warehouse import sync_stock


def test_items_table_starts_empty(warehouse_db):
    assert warehouse_db.execute("SELECT count(*) FROM items").fetchone() == (0,)


def test_sku_index_exists(warehouse_db):
    names = {row[0] for row in warehouse_db.execute("SELECT name FROM sqlite_master")}
    assert "items_sku" in names


@pytest.mark.flaky(reruns=2)
def test_sync_pushes_stock_levels(remote_warehouse):
    assert sync_stock({"TEE-M": 3, "MUG-01": 10}, remote_warehouse) == 2
