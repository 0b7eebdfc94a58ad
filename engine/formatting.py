"""Numbers, money and dates as a person reads them, in English or Japanese.

One place for presentation rules so the GUI and every report agree:

* English: ``$1,234.56``, ``¥1,234,567``, ``-12.34%``, ``22 November 2026``.
* Japanese: ``1,234.56ドル`` / ``$1,234.56``, ``1,234,567円``, large yen sums
  optionally as ``1億2,345万円``, dates ``2026年11月22日``.
"""

from __future__ import annotations

import datetime as dt
import math

__all__ = ["LANGUAGES", "format_date", "format_money", "format_number", "format_percent"]

LANGUAGES = ("en", "ja")
_SYMBOL = {"USD": "$", "JPY": "¥"}
_DECIMALS = {"USD": 2, "JPY": 0}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    return lang


def format_number(value: float, decimals: int = 2, *, sign: bool = False) -> str:
    """``1,234.50``; ``—`` for NaN or infinity (no meaning); ``+`` in front of positives when ``sign``."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    text = f"{value:{'+' if sign else ''},.{decimals}f}"
    return text.replace("-", "−") if text.startswith("-") else text


def _man_oku(value: float) -> str:
    """Yen in 億/万 units: 123,456,789 → 1億2,346万."""
    neg = value < 0
    total_man = round(abs(value) / 1e4)
    oku, man = divmod(total_man, 10_000)
    text = (f"{oku:,}億" if oku else "") + (f"{man:,}万" if man or not oku else "")
    return ("−" if neg else "") + text


def format_money(value: float, currency: str, lang: str = "en", *, sign: bool = False,
                 large_units: bool = False, decimals: int | None = None) -> str:
    """Money in ``currency`` (USD or JPY; others as a code).

    ``large_units`` writes Japanese yen sums of 1万 or more as 万/億.
    """
    _check_lang(lang)
    currency = currency.upper()
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    d = _DECIMALS.get(currency, 2) if decimals is None else decimals
    if lang == "ja" and currency == "JPY":
        if large_units and abs(value) >= 1e4:
            text = _man_oku(value)
            if sign and value > 0:
                text = "+" + text
            return text + "円"
        return format_number(value, d, sign=sign) + "円"
    number = format_number(abs(value), d)
    symbol = _SYMBOL.get(currency)
    body = f"{symbol}{number}" if symbol else f"{number} {currency}"
    if value < 0:
        return "−" + body
    return ("+" + body) if sign and value > 0 else body


def format_percent(fraction: float, decimals: int = 2, *, sign: bool = True) -> str:
    """A fraction as a percentage: −0.1697 → ``−16.97%``."""
    if fraction is None or (isinstance(fraction, float) and not math.isfinite(fraction)):
        return "—"
    return format_number(100 * fraction, decimals, sign=sign) + "%"


def format_date(value: dt.date | str, lang: str = "en") -> str:
    """``22 November 2026`` or ``2026年11月22日``; accepts ISO ``YYYY-MM-DD`` text."""
    _check_lang(lang)
    if isinstance(value, str):
        if not value:
            return "—"
        value = dt.date.fromisoformat(value[:10])
    if lang == "ja":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
