import random

import pytest
from ledger.statements import balance, read_statement

STATEMENT = "2026-03-29T01:30:00+01:00,1000\n2026-03-29T03:30:00+02:00,-250\n"


def test_dates_keep_their_offset():
    entries = read_statement(STATEMENT)
    assert entries[0][0].utcoffset() is not None


@pytest.mark.parametrize("seed", [random.randrange(100_000, 1_000_000)], ids=lambda s: f"seed={s}")
def test_shuffled_lines_keep_the_balance(seed):
    lines = STATEMENT.splitlines() + ["2026-03-30T09:00:00+02:00,12.5"]
    random.Random(seed).shuffle(lines)
    assert balance(read_statement("\n".join(lines))) == 762
