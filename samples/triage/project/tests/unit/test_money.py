from ledger.money import format_cents, to_cents


def test_to_cents_whole_amount():
    assert to_cents("12.34") == 1234


def test_rounding_half_even():
    # statements round half to even: 0.125 -> 12, 0.135 -> 14
    assert [to_cents("0.125"), to_cents("0.135")] == [12, 14]


def test_format_negative_amount():
    assert format_cents(-5) == "-0.05"
