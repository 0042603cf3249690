from ledger.rates import fetch_rate, legacy_export


def test_rates_service_answers():
    assert fetch_rate("EUR") > 0


def test_legacy_export_is_ten_wide():
    assert [len(line) for line in legacy_export([1, 22, 333]).splitlines()] == [10, 10, 10]
