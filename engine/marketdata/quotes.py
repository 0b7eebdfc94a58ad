"""One price per holding, from the best place that has one.

Precedence (DESIGN.md "Market data"): the file's own price (or its market value ÷ shares,
which the importer turns into a price) > the bundled last close, with its date >
nothing (the holding is *unpriced*: listed, never guessed).  Each quote says where it came
from and its date, so every output can show it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from engine.currencies import BASE_CURRENCIES
from engine.marketdata.history import PriceHistory
from engine.marketdata.master import SecurityMaster
from engine.marketdata.security import Security, SecurityKind

__all__ = ["BASE_CURRENCIES", "STALE_AFTER", "Quote", "quote"]

#: A last close this much older than the newest close of its own source is flagged: the
#: listing stopped trading (delisted, suspended or renamed) before the data ends.
STALE_AFTER = timedelta(days=14)


@dataclass(frozen=True)
class Quote:
    """The price of one holding and where it came from.

    ``price`` is per share in ``currency`` (quote units already scaled by the listing's
    ``price_unit``), NaN when nothing prices it; ``source`` is ``"file"``, ``"bundle"``,
    ``"cash"`` or ``"none"``; ``as_of`` the close's ISO date (``""`` for a file price).
    """

    symbol: str
    security: Security | None
    price: float
    currency: str
    source: str
    as_of: str
    note: str | None = None
    suggestions: tuple[str, ...] = ()

    @property
    def priced(self) -> bool:
        return math.isfinite(self.price)


def quote(ticker: str, *, file_price: float, file_currency: str, master: SecurityMaster,
          history: PriceHistory, as_of: date | None = None, suggest: bool = True) -> Quote:
    """Price ``ticker`` (a canonical ticker from the importer).

    Parameters
    ----------
    file_price, file_currency
        The file's price per share (NaN when it has none) and currency (``""`` when unknown).
    as_of
        Value at the last close on or before this date; ``None`` for the latest.
    suggest
        Look for close symbols when nothing prices ``ticker`` (a file price needs none).
    """
    priced_by_file = math.isfinite(file_price)
    res = master.resolve(ticker, currency_hint=file_currency or None,
                         suggest=suggest and not priced_by_file)
    sec = res.security
    symbol = sec.symbol if sec else ticker
    currency = (file_currency or (sec.currency if sec else "")).upper()
    if priced_by_file:
        return Quote(symbol, sec, float(file_price), currency, "file", "", res.note)
    if sec is not None and sec.kind is SecurityKind.CASH:
        return Quote(symbol, sec, 1.0, sec.currency, "cash", "")
    hit = history.last_close(symbol, as_of)
    if hit is None or sec is None:
        why = res.note if sec is None else (
            f"{symbol} has no close in the bundled history"
            + (f" on or before {as_of:%Y-%m-%d}" if as_of else ""))
        return Quote(symbol, sec, math.nan, currency, "none", "", why, res.suggestions)
    close, day = hit
    note = res.note
    if file_currency and file_currency.upper() != sec.currency:
        note = (f"{symbol} is quoted in {sec.currency}; the file's currency "
                f"{file_currency.upper()} is not used for the bundled close")
    end = history.source_end(symbol)
    if as_of is None and end is not None and end - day > STALE_AFTER:
        note = (f"{symbol} is priced at its last close, {day:%Y-%m-%d}: the bundled history has "
                "no later close (delisted, suspended or renamed?)")
    return Quote(symbol, sec, close * sec.price_unit, sec.currency, "bundle", f"{day:%Y-%m-%d}", note)
