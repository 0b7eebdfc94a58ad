"""Daily closes and exchange rates, asked point in time.

Closes live in one float32 matrix (trading dates × symbols, NaN where a listing did not
trade), so a question about a date is a binary search on the dates and a slice.  Every
query that takes a date looks only at rows on or before it (``returns_before``: strictly
before), so nothing estimated "as of D" can see D or later.

Closes are in each listing's quote units (``Security.currency`` × ``Security.price_unit``).
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

import numpy as np
import pandas as pd

from engine.marketdata.security import MarketDataError
from engine.paths import resource

__all__ = ["FxHistory", "PriceHistory", "fx_history", "load_fx_history", "load_price_history",
           "price_history", "save_price_history"]

CLOSES_FILE = ("marketdata", "closes.npz")
FX_FILE = ("marketdata", "fx.csv.gz")

_EPOCH = np.datetime64("1970-01-01", "D")


def _day(d: date | str | np.datetime64) -> np.datetime64:
    return np.datetime64(d, "D")


def _to_date(d: np.datetime64) -> date:
    return pd.Timestamp(d).date()


@dataclass(frozen=True, eq=False)
class PriceHistory:
    """Daily closes of the core universe plus the last close of every other priced symbol.

    Attributes
    ----------
    dates
        Trading dates, ascending, ``datetime64[D]``, shape (T,).
    symbols
        Column symbols, shape (N,).
    closes
        float32 (T, N) closes in quote units; NaN where the listing has no close that day.
    last
        symbol → (close, date) for symbols priced only at their last close.
    sources
        symbol → where its series comes from (repository, path, commit).
    """

    dates: np.ndarray
    symbols: np.ndarray
    closes: np.ndarray
    last: dict[str, tuple[float, date]]
    sources: dict[str, str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_col", {s: i for i, s in enumerate(self.symbols.tolist())})

    # -- what exists -------------------------------------------------------------------------

    @property
    def first_date(self) -> date:
        return _to_date(self.dates[0])

    @property
    def last_date(self) -> date:
        return _to_date(self.dates[-1])

    def has(self, symbol: str) -> bool:
        """True when ``symbol`` has a daily series (not only a last close)."""
        return symbol in self._col

    def is_priced(self, symbol: str) -> bool:
        """True when ``symbol`` has at least a last close."""
        return symbol in self._col or symbol in self.last

    def source_end(self, symbol: str) -> date | None:
        """The newest close of any symbol from the same repository as ``symbol``'s series:
        how far that source reaches, to tell a listing that stopped trading."""
        ends = self.__dict__.get("_ends")
        if ends is None:
            rows: dict[str, int] = {}  # repository → its newest row (dates ascend)
            has = ~np.isnan(self.closes)
            last_row = len(self.dates) - 1 - np.argmax(has[::-1], axis=0)
            for s, k, any_ in zip(self.symbols.tolist(), last_row.tolist(), has.any(axis=0).tolist(),
                                  strict=True):
                if any_:
                    repo = self.sources.get(s, "").split(" ", 1)[0]
                    rows[repo] = max(rows.get(repo, k), k)
            ends = {repo: _to_date(self.dates[k]) for repo, k in rows.items()}
            for s, (_c, d) in self.last.items():
                repo = self.sources.get(s, "").split(" ", 1)[0]
                ends[repo] = max(ends.get(repo, d), d)
            object.__setattr__(self, "_ends", ends)
        return ends.get(self.sources.get(symbol, "").split(" ", 1)[0])

    def series(self, symbol: str) -> pd.Series:
        """The daily closes of ``symbol`` (its trading days only); empty if it has none."""
        j = self._col.get(symbol)
        if j is None:
            return pd.Series(dtype=float)
        col = self.closes[:, j]
        ok = ~np.isnan(col)
        return pd.Series(col[ok].astype(float), index=pd.DatetimeIndex(self.dates[ok]), name=symbol)

    def check_date(self, d: date, what: str = "date") -> None:
        """Raise :class:`MarketDataError` naming the range when ``d`` is outside the history."""
        if _day(d) < self.dates[0] or _day(d) > self.dates[-1]:
            raise MarketDataError(
                f"the {what} {d:%Y-%m-%d} is outside the bundled price history, which runs "
                f"from {self.first_date:%Y-%m-%d} to {self.last_date:%Y-%m-%d}")

    # -- point-in-time questions ------------------------------------------------------------

    def last_close(self, symbol: str, on_or_before: date | None = None
                   ) -> tuple[float, date] | None:
        """``(close, its date)``: the latest close of ``symbol`` on or before the date
        (the latest of all without one), or ``None`` when there is none."""
        j = self._col.get(symbol)
        if j is None:
            hit = self.last.get(symbol)
            if hit is None or (on_or_before is not None and hit[1] > on_or_before):
                return None
            return hit
        end = len(self.dates) if on_or_before is None else int(
            np.searchsorted(self.dates, _day(on_or_before), side="right"))
        col = self.closes[:end, j]
        ok = np.flatnonzero(~np.isnan(col))
        if ok.size == 0:
            return None
        k = int(ok[-1])
        return _quote(col[k]), _to_date(self.dates[k])

    def close(self, symbol: str, on: date) -> float | None:
        """The close of ``symbol`` on exactly that trading day, or ``None``."""
        j = self._col.get(symbol)
        if j is None:
            hit = self.last.get(symbol)
            return hit[0] if hit is not None and hit[1] == on else None
        k = int(np.searchsorted(self.dates, _day(on)))
        if k >= len(self.dates) or self.dates[k] != _day(on):
            return None
        v = self.closes[k, j]
        return None if np.isnan(v) else _quote(v)

    def returns_before(self, symbols: Sequence[str], before: date, n: int = 250) -> pd.DataFrame:
        """Daily simple returns on the ``n`` trading days strictly before ``before``.

        Each listing's return on a date is measured from its own previous close (a Tokyo
        stock is not given a NaN because New York traded on a Japanese holiday).

        Returns
        -------
        DataFrame, index dates (≤ n rows, all < ``before``), columns ``symbols`` in order;
        NaN where a listing did not trade or has no history.
        """
        dates, block = self.return_block(symbols, before, n)
        return pd.DataFrame(block, index=pd.DatetimeIndex(dates), columns=list(symbols))

    def return_block(self, symbols: Sequence[str], before: date, n: int = 250
                     ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`returns_before` as arrays: dates ``(t,)``, returns ``(t, len(symbols))``."""
        end = int(np.searchsorted(self.dates, _day(before), side="left"))
        # one extra year of rows so each column has a previous close to start from
        start = max(0, end - n - 260)
        first = max(start, end - n) if n > 0 else end
        cols = np.array([self._col.get(s, -1) for s in symbols], dtype=np.intp)
        if first >= end:
            return self.dates[end:end], np.empty((0, len(cols)))
        closes = self.closes[start:end][:, np.maximum(cols, 0)].astype(float)
        closes[:, cols < 0] = np.nan
        k = first - start
        here = closes[k:]
        # The close each return is measured from: the day before's, else (a
        # gap) the listing's last close before the day.
        previous = (closes[k - 1:-1].copy() if k else
                    np.vstack([np.full((1, len(cols)), np.nan), closes[:-1]]))
        # Gaps are mostly one day (the other market's holiday): step back a day
        # at a time for the returns that need it, then search what is left.
        rows, js = np.nonzero(np.isnan(previous) & ~np.isnan(here))
        src = rows + k - 1
        val = np.where(src >= 0, closes[np.maximum(src, 0), js], np.nan)
        for _ in range(5):
            miss = np.flatnonzero(np.isnan(val) & (src > 0))
            if not miss.size:
                break
            src[miss] -= 1
            val[miss] = closes[src[miss], js[miss]]
        for i in np.flatnonzero(np.isnan(val) & (src > 0)):
            earlier = np.flatnonzero(~np.isnan(closes[:src[i], js[i]]))
            if earlier.size:
                val[i] = closes[earlier[-1], js[i]]
        previous[rows, js] = val
        out = here / previous - 1.0
        return self.dates[first:end], out

    def window_return(self, symbol: str, start: date, end: date) -> float | None:
        """``close(end) / close(last trading day before start) − 1``; ``None`` if either is
        missing.  ``end`` uses the last close on or before it, which must be on or after
        ``start``."""
        j = self._col.get(symbol)
        if j is None:
            return None
        k0 = int(np.searchsorted(self.dates, _day(start), side="left"))
        k1 = int(np.searchsorted(self.dates, _day(end), side="right"))
        col = self.closes[:, j]
        before = np.flatnonzero(~np.isnan(col[:k0]))
        after = np.flatnonzero(~np.isnan(col[k0:k1]))
        if before.size == 0 or after.size == 0:
            return None
        return float(col[k0 + after[-1]]) / float(col[before[-1]]) - 1.0


@dataclass(frozen=True, eq=False)
class FxHistory:
    """Daily exchange rates as units of each currency per 1 USD."""

    dates: np.ndarray  # datetime64[D], ascending
    rates: pd.DataFrame  # index dates, columns currencies, units per USD
    sources: pd.Series  # per date: where that row comes from

    def currencies(self) -> tuple[str, ...]:
        return tuple(self.rates.columns)

    @property
    def first_date(self) -> date:
        return _to_date(self.dates[0])

    @property
    def last_date(self) -> date:
        return _to_date(self.dates[-1])

    def _column(self, ccy: str) -> tuple[str, float]:
        c = (ccy or "").strip()
        unit = 1.0
        if c in ("GBp", "GBX", "GBx"):
            c, unit = "GBP", 0.01
        c = c.upper()
        if c not in self.rates.columns:
            raise MarketDataError(
                f"no exchange rates for the currency {ccy!r}; the bundled rates cover "
                + ", ".join(self.rates.columns))
        return c, unit

    def rate(self, ccy: str, on_or_before: date | None = None) -> tuple[float, date]:
        """``(units of ccy per 1 USD, the date of that rate)``: the latest on or before."""
        c, unit = self._column(ccy)
        if c == "USD":
            d = self.last_date if on_or_before is None else on_or_before
            return 1.0 / unit, d
        k = len(self.dates) if on_or_before is None else int(
            np.searchsorted(self.dates, _day(on_or_before), side="right"))
        if k == 0:
            raise MarketDataError(
                f"no exchange rate on or before {on_or_before:%Y-%m-%d}: the bundled rates "
                f"run from {self.first_date:%Y-%m-%d} to {self.last_date:%Y-%m-%d}")
        col = self.rates[c].to_numpy()[:k]
        ok = np.flatnonzero(~np.isnan(col))
        if ok.size == 0:
            raise MarketDataError(f"no {c} rate on or before {on_or_before}")
        return float(col[ok[-1]]) / unit, _to_date(self.dates[ok[-1]])

    def convert(self, amount: float, from_ccy: str, to_ccy: str,
                on_or_before: date | None = None) -> float:
        """``amount`` of ``from_ccy`` in ``to_ccy``, through the USD rates of that date."""
        if from_ccy == to_ccy:
            return float(amount)
        r_from, _ = self.rate(from_ccy, on_or_before)
        r_to, _ = self.rate(to_ccy, on_or_before)
        return float(amount) / r_from * r_to


def _days(index) -> np.ndarray:
    return (pd.DatetimeIndex(index).values.astype("datetime64[D]") - _EPOCH).astype(np.int32)


def save_price_history(path, closes: pd.DataFrame, sources: dict[str, str], *,
                       last: dict[str, tuple[float, str]] | None = None,
                       last_source: str = "") -> None:
    """Write closes in the format :func:`load_price_history` reads.

    ``closes`` is a frame (index dates, columns symbols, quote units); ``sources`` names the
    origin of each column; ``last`` holds ``symbol → (close, "YYYY-MM-DD")`` for symbols
    priced only at their last close, all from ``last_source`` (``<symbol>`` is replaced).
    """
    closes = closes.sort_index()
    names = sorted(set(sources.values()))
    last = last or {}
    np.savez_compressed(
        path,
        dates=_days(closes.index),
        symbols=np.array(closes.columns, dtype=str),
        closes=closes.to_numpy(np.float32),
        source=np.array([names.index(sources[s]) for s in closes.columns], dtype=np.int16),
        sources=np.array(names, dtype=str),
        last_symbols=np.array(list(last), dtype=str),
        last_close=np.array([v[0] for v in last.values()], dtype=np.float32),
        last_date=_days(pd.to_datetime([v[1] for v in last.values()])),
        last_source=np.array([last_source], dtype=str),
    )


def _quote(close: np.float32) -> float:
    """A stored float32 close as the decimal it was written from: the shortest decimal
    that reads back as the same float32 (207.035, not 207.03509521484375)."""
    return float(str(np.float32(close)))


def load_price_history(path=None) -> PriceHistory:
    """Read a closes file (the bundled one by default)."""
    with np.load(path or resource(*CLOSES_FILE), allow_pickle=False) as z:
        dates = _EPOCH + z["dates"].astype("timedelta64[D]")
        symbols = z["symbols"]
        closes = z["closes"]
        src_names = z["sources"].tolist()
        sources = {s: src_names[i] for s, i in zip(symbols.tolist(), z["source"].tolist(), strict=True)}
        last_dates = _EPOCH + z["last_date"].astype("timedelta64[D]")
        last = {s: (_quote(c), _to_date(d)) for s, c, d in
                zip(z["last_symbols"].tolist(), z["last_close"], last_dates, strict=True)}
        last_source = str(z["last_source"][0]) if z["last_source"].size else ""
    for s in last:
        sources[s] = last_source.replace("<symbol>", s)
    return PriceHistory(dates, symbols, closes, last, sources)


def load_fx_history(path=None) -> FxHistory:
    """Read an FX file (the bundled one by default)."""
    with gzip.open(path or resource(*FX_FILE), "rb") as fh:
        t = pd.read_csv(io.BytesIO(fh.read()), index_col=0, parse_dates=True)
    src = t.pop("source") if "source" in t.columns else pd.Series("", index=t.index)
    t = t.sort_index().astype(float)
    return FxHistory(t.index.values.astype("datetime64[D]"), t, src)


@cache
def price_history() -> PriceHistory:
    """The bundled closes, loaded on first use."""
    return load_price_history()


@cache
def fx_history() -> FxHistory:
    """The bundled exchange rates, loaded on first use."""
    return load_fx_history()
