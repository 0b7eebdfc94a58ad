import datetime as dt

import pytest

from engine.formatting import format_date, format_money, format_number, format_percent


@pytest.mark.parametrize(("args", "kwargs", "expected"), [
    ((1234.5, "USD"), {}, "$1,234.50"),
    ((-1234.5, "USD"), {}, "−$1,234.50"),
    ((1234.5, "USD"), {"sign": True}, "+$1,234.50"),
    ((1234567.4, "JPY"), {}, "¥1,234,567"),
    ((1234567.4, "JPY", "ja"), {}, "1,234,567円"),
    ((123456789, "JPY", "ja"), {"large_units": True}, "1億2,346万円"),
    ((-50000, "JPY", "ja"), {"large_units": True}, "−5万円"),
    ((9999, "JPY", "ja"), {"large_units": True}, "9,999円"),
    ((100000000, "JPY", "ja"), {"large_units": True}, "1億円"),
    ((10.0, "EUR"), {}, "10.00 EUR"),
    ((float("nan"), "USD"), {}, "—"),
])
def test_money(args, kwargs, expected):
    assert format_money(*args, **kwargs) == expected


def test_percent_number_date():
    assert format_percent(-0.1697) == "−16.97%"
    assert format_percent(0.0191) == "+1.91%"
    assert format_number(-3.0, 1) == "−3.0"
    assert format_date("2025-01-27") == "27 January 2025"
    assert format_date(dt.date(2025, 1, 27), "ja") == "2025年1月27日"
    with pytest.raises(ValueError, match="unknown language"):
        format_date("2025-01-27", "fr")
