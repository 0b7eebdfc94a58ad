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

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

import numpy as np
import pandas as pd

from engine.demand import DemandPaths, demand_paths
from engine.errors import InputError
from engine.exposures import ExposureResolver
from engine.library import FIELDS, ExposureLibrary, load_library
from engine.parameters import PARAMETER_NAMES
from engine.portfolio import Portfolio
from engine.prices import BASE_CURRENCIES, PriceSnapshot, load_snapshot
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
    ``(companies, FIELDS)``; ``fx_power`` is +1 for a USD asset held against
    a JPY base, −1 for a JPY asset against a USD base, 0 otherwise.
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
    estimates_as_of: str = ""  # the as-of date of the estimated exposures ("" without)
    #: Company key → the fields estimated from prices, their values and source.
    estimated: dict | None = None

    @property
    def value_before(self) -> np.ndarray:
        return self.array("value_before")

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


def through_rows(sparse: SparseRows, company: np.ndarray) -> np.ndarray:
    """``matrix @ company`` for per-company numbers ``(companies, k)``: ``(rows, k)``.

    A holding is one company or an ETF's few dozen, so the basket is almost
    all zeros; the sum runs over its non-zero weights only, in plain numpy.
    (A dense product goes to a multi-threaded BLAS, whose threads wait for a
    turn on a busy machine and cost more than the arithmetic.)
    """
    cols, weights = sparse.cols, sparse.weights
    if len(sparse.rows) == sparse.n_rows and len(sparse.rows) == len(sparse.filled):
        # one company per row
        return company[cols] if (weights == 1.0).all() else company[cols] * weights[:, None]
    out = np.zeros((sparse.n_rows, company.shape[1]))
    if not len(sparse.rows):
        return out
    single, multi = sparse.single, sparse.multi
    if single[0].size:  # rows of one company: a copy (times its weight)
        rows_s, entries_s = single
        w = weights[entries_s]
        out[rows_s] = company[cols[entries_s]] if (w == 1.0).all() else \
            company[cols[entries_s]] * w[:, None]
    if multi[0].size:  # funds seen through: the sum over their entries
        rows_m, entries_m, starts_m = multi
        out[rows_m] = np.add.reduceat(company[cols[entries_m]] * weights[entries_m][:, None],
                                      starts_m, axis=0)
    return out


def _currency_of(row: dict, library: ExposureLibrary, snap: PriceSnapshot, base: str) -> str:
    if row["currency"]:
        return str(row["currency"]).upper()
    ticker = row["ticker"]
    info = library.info(ticker)
    if info is not None:
        return str(info["currency"])
    quote = snap.price(ticker)
    if quote is not None:
        return quote[1]
    if row["kind"] == "cash":
        return ticker if ticker in BASE_CURRENCIES else base
    return "JPY" if is_tokyo(ticker) else "USD"


def prepare(portfolio: Portfolio, *, base_currency: str = "USD",
            library: ExposureLibrary | None = None,
            snapshot: PriceSnapshot | None = None,
            as_of: date | None = None, estimates=None, master=None) -> Book:
    """Price ``portfolio`` and map it onto the company axis.

    A holding's price is the file's; else, with ``as_of``, the last close of the
    bundled price history before that date; else the snapshot close, else the
    history's last close; its value is
    converted to ``base_currency`` at the snapshot rate.  Exposures come from
    :class:`engine.exposures.ExposureResolver`: with the shipped library and
    no ``estimates`` given, the point-in-time estimates as of ``as_of`` (the
    day after the last close when ``None``) from the bundled price history,
    when it is installed (``estimates=False`` turns them off).  Raises :class:`InputError` for a holding with no
    price anywhere or a currency the app cannot convert.
    """
    base = base_currency.upper()
    if base not in BASE_CURRENCIES:
        raise InputError(f"base currency {base_currency!r} is not supported; use one of "
                         f"{', '.join(BASE_CURRENCIES)}")
    shipped = library is None
    library = library or load_library()
    snap = snapshot or load_snapshot()
    history = None
    if shipped and estimates is None:
        estimates, master, history = _shipped_market_data(as_of)
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
    for i, r in enumerate(h.to_dict("records")):
        line = int(r["line"]) if int(r["line"]) >= 0 else None
        is_cash = r["kind"] == "cash"
        currency = _currency_of(r, library, snap, base)
        price, price_source, price_as_of = float(r["price"]), "file", ""
        if is_cash:
            price, price_source = 1.0, "cash"
        elif not np.isfinite(price):
            # As of a date, that day's close from the history comes first; else the
            # snapshot (the newest prices), then the history's last close.
            hist = _history_quote(history, master, r["ticker"], as_of)
            quote = (hist if as_of else None) or snap.price(r["ticker"]) or hist
            if quote is None:
                where = (f"has no close before {as_of:%Y-%m-%d} in the bundled price history"
                         if as_of and history is not None else
                         f"is not in the bundled price snapshot (as of {snap.as_of})")
                raise InputError(
                    f"{r['ticker']} has no price in the file and {where}; add a Price "
                    "column to the file", file=src, line=line, column="price")
            price, quote_currency, price_as_of = quote
            price_source = "history" if quote is hist else "snapshot"
            if r["currency"] and quote_currency != currency:
                raise InputError(
                    f"{r['ticker']} is in {currency} in the file but the snapshot price is in "
                    f"{quote_currency}; give the price in the file", file=src, line=line)
            currency = quote_currency
        try:
            rate = snap.rate(currency, base)
        except KeyError:
            raise InputError(
                f"currency {currency!r} of {r['ticker']} cannot be converted to {base}; "
                f"the app converts between {' and '.join(BASE_CURRENCIES)}",
                file=src, line=line, column="currency") from None
        res = resolver.resolve(r["ticker"], name=str(r["name"] or ""), is_cash=is_cash,
                               category=r["category"] or None)
        # A leveraged fund is its multiple times its index on day one (the
        # compounding over a horizon is applied in evaluate).
        for key, weight in res.weights.items():
            j = keys.setdefault(key, len(keys))
            basket_entries.append((i, j, weight * res.leverage))
        info = library.info(r["ticker"])
        name = r["name"] or ("" if info is None else str(info["name"]))
        # The currency the value moves with: the listing's, or the fund's assets'.
        moves_with = res.currency_exposure or currency
        fx_power = 0 if moves_with == base else (1 if moves_with == "USD" else -1)
        check_position_value(float(r["shares"]) * price * rate, base, file=src, line=line)
        rows.append({
            "ticker": r["ticker"], "name": name, "kind": r["kind"], "currency": currency,
            "shares": float(r["shares"]), "price": price, "price_source": price_source,
            "price_as_of": price_as_of, "rate": rate,
            "value_before": float(r["shares"]) * price * rate,
            "exposure": res.exposure, "category": res.category, "exposure_reason": res.reason,
            "line": r["line"], "fx_power": fx_power,
            "leverage": res.leverage, "index_volatility": res.index_volatility,
        })
    frame = pd.DataFrame(rows)
    company_keys = tuple(keys)
    basket = np.zeros((len(frame), len(company_keys)))
    for i, j, w in basket_entries:
        basket[i, j] += w
    fields = resolver.matrix(company_keys)
    fields.setflags(write=False)
    try:
        usd_jpy = snap.rate("USD", "JPY")
    except KeyError:
        usd_jpy = float("nan")
    estimates_as_of = "" if estimates is None else estimates.as_of.isoformat()
    return Book(portfolio, base, frame, company_keys, basket, fields,
                frame["fx_power"].to_numpy(float), snap.as_of, snap.fx_as_of, usd_jpy,
                estimates_as_of, dict(resolver.estimated))


def _shipped_market_data(as_of: date | None):
    """Estimates, security master and price history from the bundled data, if installed."""
    try:
        from engine.marketdata import price_history, security_master
    except ImportError:  # the market-data package is not part of this build
        if as_of is not None:
            raise InputError("--as-of needs the bundled price history (engine.marketdata), "
                             "which this build does not include") from None
        return None, None, None
    from engine.estimate import shipped_estimates

    history = price_history()
    day = as_of or (history.last_date + timedelta(days=1))
    return shipped_estimates(day), security_master(), history


def _history_quote(history, master, ticker: str, as_of: date | None):
    """``(price, currency, as_of)`` from the bundled daily closes, or ``None``."""
    if history is None or master is None:
        return None
    sec = master.get(ticker)
    # As of D: the last close strictly before D (the value before the shock).
    before = None if as_of is None else as_of - timedelta(days=1)
    last = history.last_close(ticker, on_or_before=before) if history.has(ticker) else None
    if sec is None or last is None:
        return None
    price, day = last
    # The closes are stored as float32: keep the digits they carry, not the noise.
    value = float(f"{float(price) * float(sec.price_unit or 1.0):.7g}")
    return value, str(sec.currency), day.isoformat()


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
