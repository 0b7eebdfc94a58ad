"""Numbers as brokers and spreadsheets write them.

Understood: ``1234.5``, ``1,234.50``, ``1.234,50``, ``1 234,50``, ``1'234.50``
(the file's one decimal mark and thousands separator), currency signs and
codes (``$1,234.50``, ``¥12,345``, ``USD 10``, ``10円``), negatives as
``-5``, ``−5``, ``▲5`` or ``(12.50)``, full-width digits, exponents.
Refused with a sentence that says why: suffixes (``1.5k``, ``1.2万``: a guess
would be a silent wrong number), percentages in a quantity or money column,
a decimal mark that is not the file's, anything else that is not a number.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

import numpy as np
import pandas as pd

from engine.importer.mapping import vocabulary

__all__ = ["NumberProblem", "parse_column", "parse_number"]

_NEG_PREFIX = ("-", "−", "–", "▲", "△")
_CURRENCY_PREFIX = re.compile(r"^(US\$|\$|¥|€|£|[A-Z]{3}(?=[\s\d.,]))\s*")
_CURRENCY_SUFFIX = re.compile(r"\s*(円|ドル|米ドル|\$|€|[A-Z]{3})$")
_SUFFIX = re.compile(r"^[\d.,'\s]+\s*(k|m|mm|bn|b|t|千|万|億|兆)$", re.IGNORECASE)


class NumberProblem(ValueError):
    """A cell that is not a number in the file's style; the message says why."""


@lru_cache(maxsize=64)
def _number_re(decimal: str, thousands: str) -> re.Pattern[str]:
    d = re.escape(decimal)
    plain = rf"(?:\d+(?:{d}\d*)?|{d}\d+)"
    alternatives = [plain]
    if thousands:
        s = re.escape(thousands)
        alternatives.insert(0, rf"\d{{1,3}}(?:{s}\d{{3}})+(?:{d}\d*)?")
    return re.compile(rf"(?:{'|'.join(alternatives)})(?:[eE][+-]?\d+)?")


def _strip_sign_and_currency(t: str) -> tuple[str, bool, str | None]:
    negative = False
    currency = None
    for _ in range(3):  # sign and currency may come in either order: -$5, $-5, ($5)
        if t.startswith("(") and t.endswith(")"):
            negative, t = not negative, t[1:-1].strip()
        if t.startswith("+"):
            t = t[1:].strip()
        elif t.startswith(_NEG_PREFIX):
            negative, t = not negative, t[1:].strip()
        m = _CURRENCY_PREFIX.match(t) or _CURRENCY_SUFFIX.search(t)
        if m and currency is None:
            code = vocabulary().currency_words.get(m.group(1).upper())
            if code is None:
                break
            currency = code
            t = (t[m.end():] if m.start() == 0 else t[:m.start()]).strip()
        elif not m:
            break
    if t.endswith("-") and t[:-1].replace(",", "").replace(".", "").isdigit():
        negative, t = not negative, t[:-1]  # "5-": an old ledger style
    return t, negative, currency


def parse_number(text: str, decimal: str = ".", thousands: str = ",") -> tuple[float, str | None]:
    """``(value, currency or None)`` for one cell; ``(nan, None)`` when it is empty.

    Raises :class:`NumberProblem` with a sentence for the user otherwise.

    >>> parse_number("$1,234.50"), parse_number("(12.50)"), parse_number("1.234,5", ",", ".")
    ((1234.5, 'USD'), (-12.5, None), (1234.5, None))
    """
    raw = text.strip()
    if len(raw) > 40:  # messages quote the cell; keep them readable
        raw = raw[:37] + "…"
    t = unicodedata.normalize("NFKC", text.strip()).strip()
    if not t or t in ("-", "—", "－", "N/A", "n/a", "NA", "--"):
        return math.nan, None
    t, negative, currency = _strip_sign_and_currency(t)
    if t.endswith("%"):
        raise NumberProblem(f"{raw!r} is a percentage, not an amount")
    if _SUFFIX.match(t):
        raise NumberProblem(f"{raw!r} uses a unit suffix; write the full number "
                            f"(e.g. 1500, not 1.5k)")
    if thousands == " ":
        t = re.sub(r"(?<=\d) (?=\d{3}\b)", " ", t)
    if not _number_re(decimal, thousands).fullmatch(t):
        raise NumberProblem(_diagnose(raw, t, decimal, thousands))
    core = t.replace(thousands, "") if thousands else t
    value = float(core.replace(decimal, ".") if decimal != "." else core)
    if not math.isfinite(value):
        raise NumberProblem(f"{raw!r} is too large to be an amount")
    return (-value if negative else value), currency


def _diagnose(raw: str, t: str, decimal: str, thousands: str) -> str:
    other = "," if decimal == "." else "."
    grouped = re.fullmatch(r"\d{1,3}([,. '])\d{3}(\1\d{3})*([.,]\d+)?", t)
    if grouped and grouped.group(1) != decimal:
        return (f"{raw!r} has a thousands separator this file does not use "
                f"({'none' if not thousands else repr(thousands)}); check the number format")
    if re.fullmatch(rf"\d+{re.escape(other)}\d+", t):
        word = "comma" if other == "," else "point"
        return (f"{raw!r} looks like a decimal {word}; this file uses {decimal!r} for decimals "
                f"(change the number format if that is wrong)")
    return f"{raw!r} is not a number"


def parse_column(values: pd.Series | np.ndarray, decimal: str, thousands: str
                 ) -> tuple[np.ndarray, np.ndarray | None, dict[int, str]]:
    """Parse a column: ``(floats with NaN for empty, currency hints or None, {row: message})``.

    A column pandas already read as numbers is taken as is (the fast path for
    large clean files; floats are not even copied, so callers only read the
    result); text is parsed once per distinct value.
    """
    if values.dtype.kind in "iuf":
        out = np.asarray(values, dtype=float)
        bad = np.flatnonzero(np.isinf(out))
        errors = {int(i): "the number is too large to be an amount" for i in bad}
        if len(bad):
            out = np.where(np.isinf(out), np.nan, out)
        return out, None, errors
    codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=True)
    parsed = np.full(len(uniques), np.nan)
    hints = np.full(len(uniques), None, dtype=object)
    messages: dict[int, str] = {}
    for k, u in enumerate(uniques):
        try:
            parsed[k], hints[k] = parse_number(str(u), decimal, thousands)
        except NumberProblem as exc:
            messages[k] = str(exc)
    out = np.where(codes >= 0, parsed[np.maximum(codes, 0)], np.nan)
    row_hints = np.where(codes >= 0, hints[np.maximum(codes, 0)], None)
    errors = {}
    if messages:
        bad_codes = np.fromiter(messages, dtype=np.int64)
        for i in np.flatnonzero(np.isin(codes, bad_codes)):
            errors[int(i)] = messages[int(codes[i])]
    return out, (row_hints if any(h is not None for h in hints) else None), errors
