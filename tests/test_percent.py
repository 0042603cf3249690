import pytest

from reportgen.percent import format_percent


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "n/a"),
        (100.0, "100.0%"),
        (99.95, "99.9%"),  # 1999 of 2000: a failure must not read as 100%
        (100 * 1999 / 2000, "99.9%"),
        (99.94, "99.9%"),
        (63.888, "63.9%"),
        (0.0, "0.0%"),
        (0.04, "<0.1%"),  # one pass in 3000 is not none
        (0.05, "0.1%"),
    ],
)
def test_format_percent(value: float | None, text: str) -> None:
    assert format_percent(value) == text
