"""One spelling per security.

Brokers and spreadsheets write the same ticker many ways: ``nvda``, `` NVDA ``,
``BRK.B``/``BRK-B``/``BRK/B``, and Tokyo codes as ``8035``, ``8035.T``,
``8035.JP``, ``8035 JT``, ``TYO:8035``, ``東証:8035`` or, from a spreadsheet that
took the code for a number, ``8035.0``; Bloomberg adds ``US Equity``.  Everything in the app
uses the form :func:`normalise_ticker` returns: upper case, class shares with a
hyphen, Tokyo listings as ``8035.T``.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["is_tokyo", "normalise_ticker"]

# A Tokyo code: four digits, or since 2024 three digits and a letter (e.g. 285A).
_TOKYO_CODE = r"\d{4}|\d{3}[A-Z]"
_TOKYO_PREFIX = re.compile(r"^(?:東証|TSE|TYO|JPX|JP)\s*[:：]\s*(" + _TOKYO_CODE + r")$")
_TOKYO_SUFFIX = re.compile(r"^(" + _TOKYO_CODE + r")(?:[.\s](?:T|JP|JT|TYO|TSE|TO)(?: EQUITY)?)?$")
_TOKYO_AS_NUMBER = re.compile(r"^(\d{4})\.0+$")
_US_SUFFIX = re.compile(r"^([A-Z][A-Z.\-/ ]{0,6}?) (?:US|UW|UN|UQ|UR|UA)(?: EQUITY)?$")
_CLASS_SHARE = re.compile(r"^([A-Z]{1,5})[./ ]([A-Z])$")
# One-letter exchange suffixes in Yahoo style: London, Frankfurt, TSX Venture.
# ``AZN.L`` is AstraZeneca in London, not a class L share (no US class share
# uses these letters), so it keeps its dot.
_EXCHANGE_LETTERS = frozenset("LFV")


def normalise_ticker(raw: object) -> str:
    """The canonical spelling of ``raw``; ``""`` when nothing is left.

    >>> normalise_ticker(" nvda ")
    'NVDA'
    >>> normalise_ticker("東証:8035"), normalise_ticker("8035.JP"), normalise_ticker(8035)
    ('8035.T', '8035.T', '8035.T')
    >>> normalise_ticker("brk.b"), normalise_ticker("azn.l")
    ('BRK-B', 'AZN.L')
    """
    if raw is None:
        return ""
    if isinstance(raw, str) and raw.isascii() and raw.isalpha() and raw.isupper():
        return raw  # already canonical: the common case, kept fast for large files
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = unicodedata.normalize("NFKC", str(raw)).strip().upper()
    text = re.sub(r"\s+", " ", text)
    if not text:
        return ""
    m = _TOKYO_PREFIX.match(text) or _TOKYO_SUFFIX.match(text) or _TOKYO_AS_NUMBER.match(text)
    if m:
        return f"{m.group(1)}.T"
    m = _US_SUFFIX.match(text)
    if m:
        text = m.group(1)
    m = _CLASS_SHARE.match(text)
    if m and not (text[len(m.group(1))] == "." and m.group(2) in _EXCHANGE_LETTERS):
        return f"{m.group(1)}-{m.group(2)}"
    return text


def is_tokyo(ticker: str) -> bool:
    """True for a canonical Tokyo ticker such as ``8035.T``."""
    return bool(re.fullmatch(r"(?:" + _TOKYO_CODE + r")\.T", ticker))
