"""A small price history and security master with the engine.marketdata interface.

Returns are drawn from a two-factor model with known loadings, so the
estimates can be checked against the truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class FakeSecurity:
    symbol: str
    name: str
    kind: str = "STOCK"
    currency: str = "USD"
    sector: str | None = None
    industry: str | None = None
    leverage: float | None = None
    underlying: str | None = None


class FakeHistory:
    def __init__(self, closes: pd.DataFrame) -> None:
        self.closes = closes
        self.first_date = closes.index[0].date()
        self.last_date = closes.index[-1].date()

    def has(self, symbol: str) -> bool:
        return symbol in self.closes.columns and self.closes[symbol].notna().any()

    def returns_before(self, symbols, before: date, n: int = 250) -> pd.DataFrame:
        past = self.closes.loc[self.closes.index < pd.Timestamp(before)]
        r = past.pct_change(fill_method=None).iloc[1:].tail(n)
        return r.reindex(columns=list(symbols))

    def return_block(self, symbols, before: date, n: int = 250):
        r = self.returns_before(symbols, before, n)
        return r.index.to_numpy(), r.to_numpy(float)

    def close(self, symbol: str, on: date) -> float | None:
        try:
            v = self.closes.at[pd.Timestamp(on), symbol]
        except KeyError:
            return None
        return None if pd.isna(v) else float(v)

    def window_return(self, symbol: str, start: date, end: date) -> float | None:
        if symbol not in self.closes.columns:
            return None
        s = self.closes[symbol]
        before = s.loc[s.index < pd.Timestamp(start)].dropna()
        at = self.close(symbol, end)
        if before.empty or at is None:
            return None
        return at / float(before.iloc[-1]) - 1.0

    def last_close(self, symbol: str, on_or_before: date | None = None):
        s = self.closes[symbol].dropna() if symbol in self.closes.columns else pd.Series()
        if on_or_before is not None:
            s = s.loc[s.index <= pd.Timestamp(on_or_before)]
        return None if s.empty else (float(s.iloc[-1]), s.index[-1].date())


class FakeMaster:
    def __init__(self, securities: list[FakeSecurity]) -> None:
        self._by = {s.symbol: s for s in securities}

    def get(self, symbol: str):
        return self._by.get(symbol)

    def symbols(self):
        return list(self._by)

    def __len__(self) -> int:
        return len(self._by)


#: symbol → (market beta, AI loading, idiosyncratic daily sd, industry)
TRUTH = {
    "CHIP1": (1.2, 1.4, 0.012, "Semiconductors"),
    "CHIP2": (1.1, 1.0, 0.015, "Semiconductors"),
    "CHIP3": (1.3, 1.2, 0.010, "Semiconductors"),
    "CHIP4": (1.0, 0.9, 0.012, "Semiconductors"),
    "CHIP5": (1.4, 1.6, 0.020, "Semiconductors"),
    "SOFT1": (1.0, 0.2, 0.010, "Software"),
    "SOFT2": (1.1, 0.3, 0.012, "Software"),
    "SOFT3": (0.9, 0.1, 0.011, "Software"),
    "SOFT4": (1.2, 0.25, 0.010, "Software"),
    "SOFT5": (1.0, 0.15, 0.013, "Software"),
    "UTIL1": (0.5, 0.0, 0.008, "Utilities"),
    "FOOD1": (0.6, -0.3, 0.009, "Food"),
    "NEWCHIP": (1.3, 1.3, 0.015, "Semiconductors"),  # listed late: 30 days of history
}
DATES = pd.bdate_range("2024-01-02", periods=420)
EVENT = pd.Timestamp(DATES[400])


def build(seed: int = 7) -> tuple[FakeHistory, FakeMaster]:
    rng = np.random.default_rng(seed)
    t = len(DATES)
    mkt = rng.normal(0.0004, 0.009, t)
    ai = rng.normal(0.0, 0.012, t)
    ai[400] = -0.10  # the event day: the AI complex falls, the market does not
    sox = 1.3 * mkt + ai
    rets = {"^GSPC": mkt, "^SOX": sox}
    for s, (b, a, sd, _) in TRUTH.items():
        rets[s] = b * mkt + a * ai + rng.normal(0, sd, t)
    closes = pd.DataFrame({s: 100.0 * np.cumprod(1.0 + r) for s, r in rets.items()}, index=DATES)
    closes.loc[DATES[:370], "NEWCHIP"] = np.nan
    secs = [FakeSecurity(s, f"{s} Inc", industry=ind, sector="Tech" if ind in
                         ("Semiconductors", "Software") else "Other")
            for s, (_, _, _, ind) in TRUTH.items()]
    secs += [FakeSecurity("^GSPC", "S&P 500", kind="OTHER"),
             FakeSecurity("^SOX", "SOX", kind="OTHER")]
    return FakeHistory(closes), FakeMaster(secs)
