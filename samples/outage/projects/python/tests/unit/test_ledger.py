from payments.ledger import balance, fee


def test_fee_on_a_small_payment():
    assert fee(1000) == 59


def test_fee_on_a_large_payment():
    assert fee(250_000) == 7280


def test_fee_rounds_half_up():
    assert fee(1050) == 61


def test_reads_a_balance():
    assert balance("acct-4001") >= 0


def test_refund_checks_the_balance():
    assert balance("acct-4002") >= 1000


def test_fee_of_nothing_is_the_fixed_part():
    assert fee(0) == 30
