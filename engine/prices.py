"""The bundled price snapshot and exchange rates.

A holding without a price in the user's file is valued at the snapshot close
(``resources/prices.csv``); amounts in another currency are converted at the
snapshot rate (``resources/fx.csv``).  Both dates are shown in every output.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd

from engine.paths import resource
from engine.tickers import normalise_ticker

__all__ = ["BASE_CURRENCIES", "PriceSnapshot", "load_snapshot"]

from engine.marketdata.quotes import BASE_CURRENCIES


@dataclass(frozen=True, eq=False)
class PriceSnapshot:
    prices: pd.DataFrame  # ticker (index), price, currency, as_of, source
    fx: pd.DataFrame  # pair (index, e.g. "USDJPY"), rate, as_of, source

    def price(self, ticker: str) -> tuple[float, str, str] | None:
        """``(price, currency, as_of)`` of ``ticker``, or ``None`` if not in the snapshot."""
        t = normalise_ticker(ticker)
        if t not in self.prices.index:
            return None
        row = self.prices.loc[t]
        return float(row["price"]), str(row["currency"]), str(row["as_of"])

    def rate(self, currency: str, base: str) -> float:
        """Units of ``base`` per unit of ``currency`` at the snapshot."""
        currency, base = currency.upper(), base.upper()
        if currency == base:
            return 1.0
        direct, inverse = currency + base, base + currency
        if direct in self.fx.index:
            return float(self.fx.at[direct, "rate"])
        if inverse in self.fx.index:
            return 1.0 / float(self.fx.at[inverse, "rate"])
        raise KeyError(f"no exchange rate between {currency} and {base} in the snapshot")

    @property
    def as_of(self) -> str:
        """The price snapshot's date (the latest, if they differ)."""
        return str(self.prices["as_of"].max()) if len(self.prices) else ""

    @property
    def fx_as_of(self) -> str:
        return str(self.fx["as_of"].max()) if len(self.fx) else ""


@cache
def load_snapshot() -> PriceSnapshot:
    prices = pd.read_csv(resource("prices.csv"), dtype=str, keep_default_na=False)
    prices["ticker"] = prices["ticker"].map(normalise_ticker)
    prices["price"] = prices["price"].astype(float)
    fx = pd.read_csv(resource("fx.csv"), dtype=str, keep_default_na=False)
    fx["rate"] = fx["rate"].astype(float)
    return PriceSnapshot(prices.set_index("ticker"), fx.set_index("pair"))
