"""From a scenario to every holding's price (MODEL.md §3–5 and §7).

Two steps:

* :func:`prepare` prices a :class:`~engine.portfolio.Portfolio` in the base
  currency and maps each holding onto the library's company axis (a
  :class:`Book`).  It does the look-ups once, so a slider move only pays for
  :func:`evaluate`.
* :func:`evaluate` runs the compute-demand chain, each company's earnings and
  value, sentiment, market and FX, and splits every holding's P&L into the
  channels of :data:`CHANNELS`.

The arithmetic is in :func:`company_response`, vectorised over
``(draws, companies, quarters)`` so the Monte Carlo reuses it unchanged.

Attribution (MODEL.md §7) switches the channels on one at a time in the order
of :data:`CHANNELS`; each channel's part is the change in value when it is
switched on, so the parts add up exactly to the P&L.  Sentiment, market and
FX multiply the price, so each of them is measured on the value already
reached by the channels before it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property

import numpy as np
import pandas as pd

from engine.currencies import quoted_rate
from engine.demand import DemandPaths, demand_paths
from engine.errors import InputError
from engine.exposures import ExposureResolver
from engine.library import FIELDS, ExposureLibrary, load_library
from engine.marketdata.quotes import BASE_CURRENCIES
from engine.outcomes import ExposureSource
from engine.parameters import PARAMETER_NAMES
from engine.portfolio import CASH_KINDS, Portfolio
from engine.prices import PriceSnapshot
from engine.result import CHANNELS, Result
from engine.returns import check_position_value
from engine.scenario import Scenario
from engine.settings import ModelSettings, model_settings
from engine.tickers import is_tokyo
from engine.valuation import forward_value_weights, value_factor_path

__all__ = [
    "CHANNELS",
    "Book",
    "CompanyResponse",
    "SparseRows",
    "company_response",
    "evaluate",
    "leveraged_path",
    "prepare",
    "priced_share_path",
    "sparse_rows",
    "through_rows",
]

_F = {name: i for i, name in enumerate(FIELDS)}


# --------------------------------------------------------------------------
# The company level: arrays over (draws, companies, quarters)
# --------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class CompanyResponse:
    """Each company's price factor and its parts; arrays ``(draws, companies, T+1)``.

    ``parts`` maps the first five :data:`CHANNELS` to their contribution in
    price-factor units; ``1 + Σ parts == price``.  ``value`` is the
    fundamental value factor F(t), ``earnings`` the multiplier E(t).
    """

    demand: DemandPaths
    earnings: np.ndarray
    value: np.ndarray
    price: np.ndarray
    parts: dict[str, np.ndarray]


def company_response(p: dict[str, np.ndarray], fields: np.ndarray, horizon_q: int,
                     settings: ModelSettings) -> CompanyResponse:
    """MODEL.md §3–5 for ``n`` parameter draws and ``m`` companies.

    Parameters
    ----------
    p
        Parameter name → ``(n,)`` float array.
    fields
        ``(m, len(FIELDS))`` exposure matrix (see :data:`engine.library.FIELDS`).
    horizon_q
        T; the quarter axis is ``0 … T``.
    """
    dp = demand_paths(p, horizon_q, settings.gpu_share_baseline)
    col = lambda name: fields[:, _F[name]][None, :, None]  # noqa: E731  (1, m, 1)
    pool = lambda a: a[:, None, :]  # noqa: E731  (n, 1, T+1)

    # Sellers of accelerators, infrastructure and of compute capacity itself
    # (cloud, neoclouds: compute_sell) earn from the spending pools.
    rev_demand = (col("gpu") * pool(dp.gpu - 1.0) + col("asic") * pool(dp.asic - 1.0)
                  + col("infra") * pool(dp.infra - 1.0)
                  + col("compute_sell") * pool(dp.demand - 1.0))
    rev_upside = col("ai_upside") * pool(np.log(dp.capability))
    # A buyer saves on the capability it would have bought anyway, at most what
    # it spends (the saving share is below 1); extra compute bought because AI
    # got cheaper pays for itself through ai_upside and is not a cost here.
    cost_saving = (settings.cost_saving_retained * col("ai_cost") * pool(dp.cost_saving)
                   / col("margin"))
    lev = col("op_leverage")
    floor = settings.earnings_floor
    e_demand = np.maximum(1.0 + lev * rev_demand, floor)
    e_upside = np.maximum(1.0 + lev * (rev_demand + rev_upside), floor)
    earnings = np.maximum(1.0 + lev * (rev_demand + rev_upside) + cost_saving, floor)

    # The market prices a share of the story on day one (priced_share), rising
    # linearly to all of it at the horizon, when the story has played out.
    w = forward_value_weights(int(horizon_q), settings.discount_rate, settings.terminal_growth)
    priced = priced_share_path(p["priced_share"], int(horizon_q))[:, None, :]  # (n, 1, T+1)
    f_demand = 1.0 + priced * (value_factor_path(e_demand, w) - 1.0)
    f_upside = 1.0 + priced * (value_factor_path(e_upside, w) - 1.0)
    value = 1.0 + priced * (value_factor_path(earnings, w) - 1.0)

    t = dp.quarters
    sentiment_t = p["sentiment_shock"][:, None] * np.exp2(-t[None, :] / p["sentiment_halflife_q"][:, None])
    sentiment = np.exp(-col("narrative") * pool(sentiment_t))
    market = 1.0 + col("beta") * p["market_shock"][:, None, None]
    after_sentiment = value * sentiment
    price = after_sentiment * market
    parts = {
        "demand": f_demand - 1.0,
        "ai_upside": f_upside - f_demand,
        "ai_cost": value - f_upside,
        "sentiment": after_sentiment - value,
        "market": price - after_sentiment,
    }
    return CompanyResponse(dp, earnings, value, price, parts)


def priced_share_path(priced_share: np.ndarray, horizon_q: int) -> np.ndarray:
    """Share of the story in the price at quarters ``0 … T``, ``(n, T+1)``.

    ``priced_share`` on day one, rising linearly to 1 at the horizon, where
    the story has fully played out (MODEL.md §10).
    """
    share = np.asarray(priced_share, dtype=float)[:, None]
    t = np.arange(horizon_q + 1, dtype=float)[None, :] / horizon_q
    return share + (1.0 - share) * t


def leveraged_path(linear: np.ndarray, leverage: np.ndarray,
                   index_volatility: np.ndarray) -> np.ndarray:
    """Price factors ``(h, T+1)`` of daily-reset funds from ``linear`` = L·r(t).

    ``r(t)`` is the index's price change to quarter t (day one at t = 0).  Day
    one is one daily reset: ``1 + L·r(0)``.  From then on the fund compounds
    its daily multiple, which for an index path with annual volatility σ is
    (the standard continuous-time result for a constant-leverage fund)

        (1 + L·r(0)) · ((1 + r(t)) / (1 + r(0)))^L · exp(−(L² − L)/2 · σ² · t/4)

    The exponential is the drag of daily resetting: zero for L = 1, a loss
    for L > 1 and for every inverse fund (L < 0).  Fees and financing are left
    out.  A missing σ counts as zero drag.
    """
    lev = np.asarray(leverage, dtype=float)[:, None]
    vol = np.nan_to_num(np.asarray(index_volatility, dtype=float), nan=0.0)[:, None]
    r = linear / lev
    day_one = 1.0 + linear[:, :1]
    growth = np.maximum(1.0 + r, 1e-9) / np.maximum(1.0 + r[:, :1], 1e-9)
    years = np.arange(linear.shape[1], dtype=float)[None, :] / 4.0
    drag = np.exp(-0.5 * (lev ** 2 - lev) * vol ** 2 * years)
    return np.maximum(day_one, 0.0) * growth ** lev * drag


def scenario_arrays(scenario: Scenario) -> dict[str, np.ndarray]:
    """The scenario's point values as ``(1,)`` arrays."""
    return {k: np.array([scenario.parameters[k]], dtype=float) for k in PARAMETER_NAMES}


# --------------------------------------------------------------------------
# The portfolio level
# --------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Book:
    """A portfolio priced in the base currency and mapped onto companies.

    ``holdings`` has one row per portfolio row with the resolved price,
    currency, exchange rate, ``value_before`` (base currency), ``exposure``
    and ``category``; ``basket`` is ``(holdings, companies)`` and ``fields``
    ``(companies, FIELDS)``; ``fx_power`` is how each holding moves with the USD against
    the base currency (see :func:`_fx_power`).  ``price_as_of`` is the newest bundled close
    used (``""`` when every price came from the file), ``price_sources`` says where each
    price came from, ``as_of`` the valuation date asked for (``""``: the latest),
    ``warnings`` what the user must be told (unpriced holdings, stale closes) and
    ``unpriced`` the tickers nothing could price.
    """

    portfolio: Portfolio
    base_currency: str
    holdings: pd.DataFrame
    company_keys: tuple[str, ...]
    basket: np.ndarray
    fields: np.ndarray
    fx_power: np.ndarray
    price_as_of: str
    fx_as_of: str
    usd_jpy: float
    as_of: str = ""
    warnings: tuple[str, ...] = ()
    unpriced: tuple[str, ...] = ()
    price_sources: str = ""
    estimates_as_of: str = ""  # the as-of date of the estimated exposures ("" without)
    #: Company key → the fields estimated from prices, their values and source.
    estimated: dict | None = None

    @property
    def value_before(self) -> np.ndarray:
        return self.array("value_before")

    def quoted_rates(self) -> tuple[tuple[str, float], ...]:
        """The rates the book was converted at, one per currency other than the base,
        each as the market quotes the pair (:func:`engine.currencies.quoted_rate`):
        ``(("EUR/USD", 1.17), ("USD/JPY", 158.9))``, sorted by pair; none for a
        book in its base currency alone."""
        rows = self.holdings[["currency", "rate"]].drop_duplicates("currency")
        quotes = {quoted_rate(str(c), self.base_currency, float(r))
                  for c, r in rows.itertuples(index=False)
                  if isinstance(c, str) and c and c != self.base_currency
                  and np.isfinite(r) and r > 0}
        return tuple(sorted(quotes))

    @property
    def leverage(self) -> np.ndarray:
        """Daily multiple per holding (1 but for leveraged and inverse funds)."""
        if "leverage" not in self.holdings.columns:
            return np.ones(len(self.holdings))
        return self.array("leverage")

    def through_basket(self, company: np.ndarray) -> np.ndarray:
        """``basket @ company``: per-company numbers ``(companies, k)`` → per holding ``(holdings, k)``.

        See :func:`through_rows` (the sum runs over the basket's non-zero weights only).
        """
        return through_rows(self._sparse_basket, company)

    @cached_property
    def _sparse_basket(self) -> SparseRows:
        return sparse_rows(self.basket)

    def array(self, column: str) -> np.ndarray:
        """``holdings[column]`` as a read-only numpy array, converted once per book.

        Every evaluation reads a few columns; a slider move should not pay
        pandas' indexing for them each time.
        """
        cache = self.__dict__.setdefault("_arrays", {})
        if column not in cache:
            dtype = float if column in ("value_before", "leverage", "index_volatility") else None
            values = np.array(self.holdings[column].to_numpy(dtype), copy=True)
            values.setflags(write=False)  # shared by every result of this book
            cache[column] = values
        return cache[column]


def _fx_power(currency: str, base: str) -> int:
    """How a holding's value moves with the scenario's "USD against the base currency".

    The USD moves by the same fraction against every other currency and their cross rates
    stay put: a USD asset gains (+1) for a non-USD base, any non-USD asset loses (−1) for a
    USD base, and an asset in a third currency (a EUR stock for a JPY investor) does not
    move against the base (0).
    """
    if currency == base:
        return 0
    if currency == "USD":
        return 1
    return -1 if base == "USD" else 0


class _SnapshotPrices:
    """Prices and rates from a :class:`PriceSnapshot` (a fixed table, as tests inject)."""

    def __init__(self, snap: PriceSnapshot, library: ExposureLibrary) -> None:
        self.snap, self.library = snap, library
        self.fx_as_of = snap.fx_as_of
        self.describe = f"price snapshot {snap.as_of}"

    def quote(self, ticker: str, price: float, currency: str, _suggest: bool = True):
        from engine.marketdata.quotes import Quote

        if np.isfinite(price):
            return Quote(ticker, None, float(price), currency or self._currency(ticker),
                         "file", "")
        hit = self.snap.price(ticker)
        if hit is None:
            return Quote(ticker, None, np.nan, currency or self._currency(ticker), "none",
                         "", f"{ticker} is not in the price snapshot ({self.snap.as_of})")
        return Quote(ticker, None, hit[0], hit[1], "snapshot", hit[2])

    def _currency(self, ticker: str) -> str:
        info = self.library.info(ticker)
        if info is not None:
            return str(info["currency"])
        return "JPY" if is_tokyo(ticker) else "USD"

    def rate(self, currency: str, base: str) -> float:
        return self.snap.rate(currency, base)


class _MarketPrices:
    """Prices from the bundled market data, rates from its daily FX, as of a date; for the
    latest valuation, a close or rate the user's refresh cache has for a later day wins."""

    def __init__(self, as_of) -> None:
        from engine.marketdata import fx_history, price_history, security_master
        from engine.marketdata.refresh import PriceCache, load_cache

        self.master, self.history, self.fx = security_master(), price_history(), fx_history()
        self.as_of = as_of
        if as_of is not None:
            self.history.check_date(as_of, "as-of date")
        self.cache = load_cache() if as_of is None else PriceCache()
        when = as_of if as_of is not None else self.fx.last_date
        fx_day = self.fx.rate("JPY", when)[1]
        cached = self.cache.fx.get("JPY")
        if cached is not None and cached[1] > fx_day:
            fx_day = cached[1]
        self.fx_as_of = f"{fx_day:%Y-%m-%d}"
        self.describe = "bundled closes" + (" or the refresh cache" if self.cache.closes else "")
        self.notes = [self.cache.note] if self.cache.note else []
        self._rates: dict[tuple[str, str], float] = {}

    def quote(self, ticker: str, price: float, currency: str, suggest: bool = True):
        from engine.marketdata.quotes import quote

        q = quote(ticker, file_price=price, file_currency=currency, master=self.master,
                  history=self.history, as_of=self.as_of, suggest=suggest)
        fresh = self.cache.close(q.symbol) if q.source in ("bundle", "none") else None
        if fresh is not None and (q.source == "none" or f"{fresh[1]:%Y-%m-%d}" > q.as_of):
            q = dataclasses.replace(q, price=fresh[0], currency=fresh[2] or q.currency,
                                    source="refresh", as_of=f"{fresh[1]:%Y-%m-%d}", note=None)
        if not q.currency:  # unknown symbol: the file's currency, else the old rule
            q = dataclasses.replace(q, currency="JPY" if is_tokyo(ticker) else "USD")
        return q

    def _per_usd(self, ccy: str) -> float:
        if ccy in ("GBp", "GBX", "GBx"):  # pence
            return self._per_usd("GBP") / 0.01
        rate, day = self.fx.rate(ccy, self.as_of)
        cached = self.cache.fx.get(ccy.upper())
        return cached[0] if cached is not None and cached[1] > day else rate

    def rate(self, currency: str, base: str) -> float:
        key = (currency, base)
        if key not in self._rates:
            self._rates[key] = self._rate(currency, base)
        return self._rates[key]

    def _rate(self, currency: str, base: str) -> float:
        from engine.marketdata import MarketDataError

        try:
            if self.cache.fx:
                return self._per_usd(base) / self._per_usd(currency)
            return self.fx.convert(1.0, currency, base, self.as_of)
        except MarketDataError as exc:
            raise KeyError(str(exc)) from None


#: close symbols are looked for (a few ms each) for the first this many unpriced holdings
_SUGGESTED = 20


def _price_sources(frame: pd.DataFrame) -> str:
    """Where the prices came from, in one line (``summary.price_sources``)."""
    parts = []
    src = frame["price_source"]
    if (src == "file").any():
        parts.append(f"file ({int((src == 'file').sum())})")
    for kind, label in (("bundle", "bundled closes"), ("refresh", "refreshed closes"),
                        ("snapshot", "price snapshot")):
        dates = sorted(set(frame.loc[src == kind, "price_as_of"]))
        if dates:
            span = dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"
            parts.append(f"{label} {span} ({int((src == kind).sum())})")
    if (src == "none").any():
        parts.append(f"unpriced ({int((src == 'none').sum())})")
    return "; ".join(parts)


@dataclass(frozen=True, eq=False)
class SparseRows:
    """The non-zero weights of a ``(rows, companies)`` matrix, row by row (see :func:`sparse_rows`)."""

    n_rows: int
    rows: np.ndarray
    cols: np.ndarray
    weights: np.ndarray
    starts: np.ndarray  # where each filled row's run begins in rows/cols/weights
    filled: np.ndarray  # the rows with at least one non-zero weight

    @cached_property
    def single(self) -> tuple[np.ndarray, np.ndarray]:
        """Rows with exactly one non-zero weight, and the index of that entry."""
        counts = np.diff(np.append(self.starts, len(self.rows)))
        one = counts == 1
        return self.filled[one], self.starts[one]

    @cached_property
    def single_runs(self) -> list[tuple[int, int, np.ndarray]]:
        """:attr:`single` as runs of consecutive rows: ``(first row, end row, companies)``."""
        rows_s, entries_s = self.single
        breaks = np.flatnonzero(np.diff(rows_s) != 1) + 1
        return [(int(r[0]), int(r[-1]) + 1, self.cols[e])
                for r, e in zip(np.split(rows_s, breaks), np.split(entries_s, breaks), strict=True)
                if r.size]

    @cached_property
    def multi(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows with several weights: the rows, their entries, where each row's run starts."""
        counts = np.diff(np.append(self.starts, len(self.rows)))
        many = counts > 1
        entries = np.concatenate([np.arange(s, s + c) for s, c in
                                  zip(self.starts[many], counts[many], strict=True)]
                                 ) if many.any() else np.zeros(0, dtype=np.intp)
        starts = np.concatenate([[0], np.cumsum(counts[many])[:-1]]).astype(np.intp)
        return self.filled[many], entries, starts


def sparse_rows(matrix: np.ndarray) -> SparseRows:
    """``matrix``'s non-zero weights grouped by row, for :func:`through_rows`."""
    rows, cols = np.nonzero(matrix)  # row-major: grouped by row
    filled = np.unique(rows)
    starts = np.searchsorted(rows, filled)
    return SparseRows(matrix.shape[0], rows, cols, matrix[rows, cols], starts, filled)


def through_rows(sparse: SparseRows, company: np.ndarray,
                 out: np.ndarray | None = None, work: np.ndarray | None = None) -> np.ndarray:
    """``matrix @ company`` for per-company numbers ``(companies, k)``: ``(rows, k)``.

    A holding is one company or an ETF's few dozen, so the basket is almost
    all zeros; the sum runs over its non-zero weights only, in plain numpy.
    (A dense product goes to a multi-threaded BLAS, whose threads wait for a
    turn on a busy machine and cost more than the arithmetic.)  ``out``: an
    array ``(rows, k)`` to write into (the same numbers); ``work``: a float
    array ``(entries of the rows with several weights, k)`` for their terms.
    """
    cols, weights = sparse.cols, sparse.weights
    if len(sparse.rows) == sparse.n_rows and len(sparse.rows) == len(sparse.filled):
        # one company per row
        if out is None:
            return company[cols] if (weights == 1.0).all() else company[cols] * weights[:, None]
        np.take(company, cols, axis=0, out=out, mode="clip")  # indices in range
        if not (weights == 1.0).all():
            out *= weights[:, None]
        return out
    if out is None:
        out = np.zeros((sparse.n_rows, company.shape[1]))
    elif len(sparse.filled) < sparse.n_rows:
        out[np.setdiff1d(np.arange(sparse.n_rows), sparse.filled)] = 0.0
    if not len(sparse.rows):
        return out
    single, multi = sparse.single, sparse.multi
    if single[0].size:  # rows of one company: a copy (times its weight)
        rows_s, entries_s = single
        w = weights[entries_s]
        if (w == 1.0).all():  # copies straight into each run of consecutive rows
            for first, end, companies in sparse.single_runs:
                np.take(company, companies, axis=0, out=out[first:end], mode="clip")
        else:
            out[rows_s] = company[cols[entries_s]] * w[:, None]
    if multi[0].size:  # funds seen through: the sum over their entries
        rows_m, entries_m, starts_m = multi
        if work is None:
            terms = company[cols[entries_m]] * weights[entries_m][:, None]
        else:
            terms = np.take(company, cols[entries_m], axis=0, out=work, mode="clip")
            terms *= weights[entries_m][:, None]
        ends_m = [*starts_m[1:].tolist(), len(terms)]
        for row, start, end in zip(rows_m.tolist(), starts_m.tolist(), ends_m, strict=True):
            # out = first + (the rest summed pairwise): numpy.add.reduceat's order
            if end - start > 1:
                np.add(terms[start], _pairwise_rows(terms[start + 1:end]), out=out[row])
            else:
                out[row] = terms[start]
    return out


def _pairwise_rows(terms: np.ndarray) -> np.ndarray:
    """The sum over the rows of ``terms`` ``(r, k)``, r ≥ 1, added in numpy's pairwise order
    (that of ``numpy.add.reduce`` along a strided axis), row by row; ``terms`` is overwritten.

    The same numbers as ``numpy.add.reduceat`` over axis 0, which walks each
    column separately (slow for long rows).
    """
    r = len(terms)
    if r < 8:  # one accumulator
        acc = terms[0]
        for i in range(1, r):
            acc += terms[i]
        return acc
    if r <= 128:  # eight accumulators, combined pairwise, then the rest one by one
        acc = terms[:8]
        whole = r - r % 8
        for i in range(8, whole, 8):
            acc += terms[i:i + 8]
        acc[0::2] += acc[1::2]  # r0 + r1, r2 + r3, r4 + r5, r6 + r7
        acc[0::4] += acc[2::4]  # (r0 + r1) + (r2 + r3), (r4 + r5) + (r6 + r7)
        total = acc[0]
        total += acc[4]
        for i in range(whole, r):
            total += terms[i]
        return total
    half = r // 2
    half -= half % 8
    total = _pairwise_rows(terms[:half])
    total += _pairwise_rows(terms[half:])
    return total




def prepare(portfolio: Portfolio, *, base_currency: str = "USD",
            library: ExposureLibrary | None = None,
            snapshot: PriceSnapshot | None = None, as_of=None, estimates=None,
            master=None) -> Book:
    """Price ``portfolio`` and map it onto the company axis.

    A holding's price is the file's (or its value ÷ shares), else the bundled last close
    (on or before ``as_of`` when given) in its listing currency; its value is converted to
    ``base_currency`` at the valuation day's rates (the newest, or on or before ``as_of``).  A holding nothing prices is *unpriced*: valued
    at zero, listed in ``Book.warnings`` (all in one message) and ``Book.unpriced``; the
    rest runs.  Raises :class:`InputError` when nothing at all can be valued, for an
    unknown base currency, a date outside the history or a currency without rates.
    ``snapshot`` replaces the bundled data with a fixed table (tests).

    Exposures come from :class:`engine.exposures.ExposureResolver`: with the
    shipped library and no ``estimates`` given, the point-in-time estimates as
    of ``as_of`` (the day after the last close when ``None``) from the bundled
    price history (``estimates=False`` turns them off); ``master`` is the
    security master given with ``estimates``.
    """
    base = base_currency.upper()
    if base not in BASE_CURRENCIES:
        raise InputError(f"base currency {base_currency!r} is not supported; use one of "
                         f"{', '.join(BASE_CURRENCIES)}")
    shipped = library is None
    library = library or load_library()
    prices = _SnapshotPrices(snapshot, library) if snapshot is not None else _MarketPrices(as_of)
    if shipped and estimates is None:
        estimates, master = _shipped_estimates(as_of)
    if estimates is False:  # asked for none: library numbers and the fallback only
        estimates = None
    resolver = ExposureResolver(library, estimates, master)
    src = portfolio.source
    h = portfolio.holdings
    if len(h) == 0:
        raise InputError("the portfolio has no holdings", file=src)

    rows = []
    keys: dict[str, int] = {}
    basket_entries: list[tuple[int, int, float]] = []
    unpriced: list[str] = []
    notes: list[str] = []
    for i, r in enumerate(h.to_dict("records")):
        line = int(r["line"]) if int(r["line"]) >= 0 else None
        is_cash = r["kind"] in CASH_KINDS
        if is_cash:
            ticker = str(r["ticker"]).upper()
            currency = str(r["currency"] or "").upper() or (
                ticker if ticker in BASE_CURRENCIES else base)
            price, price_source, price_as_of = 1.0, "cash", ""
        else:
            q = prices.quote(r["ticker"], float(r["price"]), str(r["currency"] or ""),
                             len(unpriced) < _SUGGESTED)
            currency, price, price_source, price_as_of = q.currency, q.price, q.source, q.as_of
            if q.source == "none":
                hint = f" (did you mean {' or '.join(q.suggestions)}?)" if q.suggestions else ""
                if q.note and ("ISIN" in q.note or "CUSIP" in q.note):
                    hint = f" ({q.note})"
                where = f" (line {line})" if line is not None else ""
                unpriced.append(f"{r['ticker']}{where}{hint}")
            elif q.note and q.source in ("bundle", "snapshot", "refresh"):
                notes.append(q.note)
        try:
            rate = prices.rate(currency, base)
        except KeyError as exc:
            raise InputError(
                f"currency {currency!r} of {r['ticker']} cannot be converted to {base}: "
                f"{exc.args[0] if exc.args else exc}",
                file=src, line=line, column="currency") from None
        res = resolver.resolve(r["ticker"], name=str(r["name"] or ""), is_cash=is_cash,
                               category=r["category"] or None, kind=str(r["kind"] or ""),
                               currency=currency)
        # A leveraged fund is its multiple times its index on day one (the
        # compounding over a horizon is applied in evaluate).
        for key, weight in res.weights.items():
            j = keys.setdefault(key, len(keys))
            basket_entries.append((i, j, weight * res.leverage))
        info = library.info(r["ticker"])
        # The listing's names in the security master (a holding outside the library too).
        security = None if is_cash else q.security
        name = r["name"] or (str(info["name"]) if info is not None
                             else (" ".join(security.name.split()) if security is not None else ""))
        # The Japanese name, for Japanese tables and reports ("" if none); a name
        # from the user's own file wins in every language.
        name_ja = "" if r["name"] else str(
            (info.get("name_ja", "") if info is not None else "")
            or (security.name_ja if security is not None else "") or "")
        priced = bool(np.isfinite(price))
        if priced:
            check_position_value(float(r["shares"]) * price * rate, base, file=src, line=line)
        # The currency the value moves with: the listing's, or the fund's assets'.
        moves_with = res.currency_exposure or currency
        rows.append({
            "ticker": r["ticker"], "name": name, "name_ja": name_ja, "kind": r["kind"],
            "currency": currency,
            "shares": float(r["shares"]), "price": price, "price_source": price_source,
            "price_as_of": price_as_of, "rate": rate,
            "value_before": float(r["shares"]) * price * rate if priced else 0.0,
            "exposure": res.exposure if priced else ExposureSource.UNPRICED, "category": res.category,
            "exposure_reason": res.reason if priced else "no price in the file or the bundle",
            "line": r["line"], "fx_power": _fx_power(moves_with, base),
            "leverage": res.leverage, "index_volatility": res.index_volatility,
        })
    frame = pd.DataFrame(rows)
    if len(unpriced) == len(frame):
        raise InputError(
            f"no holding can be valued: {', '.join(unpriced)} ha{'s' if len(unpriced) == 1 else 've'}"
            f" no price in the file and none in the {prices.describe}; add a Price column",
            file=src)
    warnings = []
    if unpriced:
        warnings.append(
            f"{len(unpriced)} holding{'s have' if len(unpriced) > 1 else ' has'} no price in the "
            f"file and none in the {prices.describe}, so {'they are' if len(unpriced) > 1 else 'it is'}"
            f" left out of the values (not covered): {', '.join(unpriced)}; add a Price column "
            "for them")
    warnings += notes + getattr(prices, "notes", [])
    company_keys = tuple(keys)
    basket = np.zeros((len(frame), len(company_keys)))
    for i, j, w in basket_entries:
        basket[i, j] += w
    fields = resolver.matrix(company_keys)
    fields.setflags(write=False)
    try:
        usd_jpy = prices.rate("USD", "JPY")
    except KeyError:
        usd_jpy = float("nan")
    bundle_dates = frame.loc[frame["price_source"].isin(["bundle", "snapshot", "refresh"]),
                             "price_as_of"]
    price_as_of = str(bundle_dates.max()) if len(bundle_dates) else ""
    return Book(portfolio, base, frame, company_keys, basket, fields,
                frame["fx_power"].to_numpy(float), price_as_of, prices.fx_as_of, usd_jpy,
                as_of=f"{as_of:%Y-%m-%d}" if as_of is not None else "",
                warnings=tuple(warnings), unpriced=tuple(u.split(" ")[0] for u in unpriced),
                price_sources=_price_sources(frame),
                estimates_as_of="" if estimates is None else estimates.as_of.isoformat(),
                estimated=dict(resolver.estimated))


def _shipped_estimates(as_of):
    """Point-in-time estimates and the security master from the bundled data."""
    from engine.estimate import shipped_estimates
    from engine.marketdata import price_history, security_master

    history = price_history()
    day = as_of or (history.last_date + timedelta(days=1))
    return shipped_estimates(day), security_master()


def evaluate(book: Book | Portfolio, scenario: Scenario, *,
             settings: ModelSettings | None = None, base_currency: str = "USD"):
    """Reprice every holding of ``book`` under ``scenario`` (a point evaluation).

    Returns a :class:`engine.result.Result`.  A plain :class:`Portfolio` is
    prepared first (in ``base_currency``).
    """
    if isinstance(book, Portfolio):
        book = prepare(book, base_currency=base_currency)
    settings = settings or model_settings()
    T = scenario.horizon_q
    resp = company_response(scenario_arrays(scenario), book.fields, T, settings)

    # Holdings: basket-weighted company factors, then FX.  Point scenario: draw 0.
    # The attribution is needed on day one and at the horizon only.
    # One pass through the basket for the price path and the five parts: (m, T+1+10).
    ends = [0, T]
    company = np.concatenate([resp.price[0] - 1.0]
                             + [resp.parts[ch][0][:, ends] for ch in CHANNELS[:-1]], axis=1)
    held = book.through_basket(company)
    price_h = 1.0 + held[:, :T + 1]  # (h, T+1); exact 1 when unmoved
    fx_factor = (1.0 + scenario.parameters["usd_jpy_change"]) ** book.fx_power  # (h,)
    v0 = book.value_before
    parts_h = {ch: v0[:, None] * held[:, T + 1 + 2 * i:T + 3 + 2 * i]
               for i, ch in enumerate(CHANNELS[:-1])}  # each (h, 2)
    lev = book.leverage
    geared = np.flatnonzero(lev != 1.0)
    if len(geared):
        # Daily-reset funds: the basket (already times L) is exact on day one;
        # later quarters compound and carry the volatility drag.  The horizon
        # attribution is the linear one scaled to the compounded P&L.
        exact = leveraged_path(held[geared, :T + 1], lev[geared],
                               book.array("index_volatility")[geared])
        price_h[geared] = exact
        linear = v0[geared] * held[geared, T]
        target = v0[geared] * (exact[:, -1] - 1.0)
        safe = np.abs(linear) > 1e-12 * np.maximum(np.abs(v0[geared]), 1.0)
        scale = np.where(safe, target / np.where(safe, linear, 1.0), 1.0)
        for ch in CHANNELS[:-1]:
            parts_h[ch][geared, 1] *= scale
        parts_h["market"][geared, 1] += np.where(safe, 0.0, target - linear)
    parts_h["fx"] = v0[:, None] * price_h[:, ends] * (fx_factor - 1.0)[:, None]
    value_path_h = v0[:, None] * price_h * fx_factor[:, None]  # (h, T+1)
    return Result.build(book, scenario, settings, resp.demand, value_path_h, parts_h)
