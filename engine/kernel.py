"""The portfolio's day-one and horizon value for many parameter sets at once.

:func:`engine.model.evaluate` keeps every quarter, channel and holding path for
one scenario.  The uncertainty tools (Monte Carlo, tornado, heatmap, reverse
stress) evaluate up to millions of parameter sets but read only two numbers
per company: the day-one price factor ``P(0) = F(0)·exp(−narrative·s)·(1+beta·M)``
and the horizon price factor ``P(T) = E(T)·exp(−narrative·s(T))·(1+beta·M)``
(the value seen from quarter T is E(T), as in :mod:`engine.valuation`).  This
module computes exactly those, with the same formulas as
:func:`engine.model.company_response`, rearranged for speed:

* quarter 0 is skipped (the ramps are 0 there, so E(0) = 1 exactly);
* quarter arrays are ``(T, n)`` and the few per-draw half-lives are turned
  into decay paths by repeated multiplication;
* the three spending pools collapse to two features (beside ln Q, the buyer's
  saving and D − 1 for compute sellers), because
  ``gpu·(G−1) + asic·(A−1) + infra·(I−1) = (gpu+asic+infra)·(S−1) + (asic·κ − gpu)·S·σ(t)``
  with κ = g₀/(1−g₀), so each company's earnings path is a sum over the (few)
  features it is exposed to;
* the floored path E(t) is weighted over quarters into F(0) for every draw,
  in sub-blocks of draws small enough to stay in the CPU's cache, and without
  matrix products (OpenBLAS helper threads would spin between the many calls);
  where the earnings floor cannot bind, the weighting goes through the five
  feature sums instead of each company's path (the same number, summed in
  another order), so a book of many companies costs a few passes per company;
* :meth:`Kernel.paired_ratios` evaluates one holding per draw through its own
  companies only (a root finder over every holding at once).

A parameter may be a float (the same for every draw) or an ``(n,)`` array;
floats broadcast, so fixed parameters cost nothing per draw.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from engine.library import FIELDS
from engine.model import sparse_rows, through_rows
from engine.settings import ModelSettings
from engine.valuation import forward_value_weights

__all__ = ["GroupSink", "Kernel", "LogRows", "PortfolioValues"]

#: ``(a, b, lo, hi, out) -> out``: the horizon's log factor of companies a:b,
#: draws lo:hi (see :meth:`Kernel.company_factors`).
LogRows = Callable[[int, int, int, int, np.ndarray], np.ndarray]
#: ``(a, b, lo, hi, day_one, horizon)``: the factors of companies a:b, draws
#: lo:hi, each ``(b − a, hi − lo)``, handed over as each group is done (see
#: :meth:`Kernel.company_factors`).
GroupSink = Callable[[int, int, int, int, np.ndarray, np.ndarray], None]

_F = {name: i for i, name in enumerate(FIELDS)}
#: Quarter-array elements per sub-block of draws (T × draws).  Measured on a
#: 2-core Xeon (2 MB L2 per core), 1,000,000 draws of an eight-quarter
#: horizon: half a Monte Carlo block per piece (the five quarter arrays, 2.5 MB,
#: mostly stay in L2) takes 7% less time than the whole block (5 MB) for the
#: 3-holding sample and the same for 200 lines; quarter blocks are slower again.
_CACHE_ELEMENTS = 1 << 16
#: Up to this many companies the kernel builds every floored path in full
#: (measured: as fast as the feature sums and their floor check).
_DIRECT_COMPANIES = 6
#: A company's floored path is built on the draws near the floor only when they
#: are at most this share of the block (gathering their columns costs more than
#: the whole path beyond it); usually a fraction of a percent are.
_NEAR_GATHER = 0.25
#: Companies per group when a wide block is built company group by company
#: group: a group's rows of the dozen work arrays its factors pass through stay
#: in the CPU's cache from one pass to the next, where whole-book arrays
#: (megabytes each) would go out to memory at every pass.  Measured on a
#: 2-core Xeon (2 MB L2 per core), 16,384 draws of 82 companies: groups of 8
#: build the factors in 0.6 of the time of whole-book passes (groups of 1 to 8
#: are within a few percent of each other, 16 is 9% slower).
_GROUP_COMPANIES = 8


@dataclass(frozen=True, eq=False)
class PortfolioValues:
    """Value ratios (after / before, FX included) per holding and draw; ``(h, n)``."""

    day_one: np.ndarray
    horizon: np.ndarray


def at_draw(value: float | np.ndarray, draw: np.ndarray) -> float | np.ndarray:
    """A parameter for each entry of ``draw``: a float as is, an array indexed."""
    return np.asarray(value, dtype=float)[draw] if np.ndim(value) else value


class Kernel:
    """A prepared book, ready to be evaluated for many parameter sets.

    Parameters
    ----------
    book
        :class:`engine.model.Book`.
    horizon_q
        T (a scenario's horizon is fixed: it sets the quarter axis).
    settings
        :class:`engine.settings.ModelSettings`.
    """

    def __init__(self, book, horizon_q: int, settings: ModelSettings) -> None:
        f = book.fields
        col = lambda name: f[:, _F[name]]  # noqa: E731
        kappa = settings.gpu_share_baseline / (1.0 - settings.gpu_share_baseline)
        lev = col("op_leverage")
        self.horizon_q = int(horizon_q)
        self.coef = np.ascontiguousarray(np.stack([
            lev * (col("gpu") + col("asic") + col("infra")),
            lev * (col("asic") * kappa - col("gpu")),
            lev * col("ai_upside"),
            settings.cost_saving_retained * col("ai_cost") / col("margin"),
            lev * col("compute_sell"),
        ]))  # (features, m): S − 1, S·σ(t), ln Q, 1 − c·(1 + π(t)), D − 1
        self.floor_m1 = settings.earnings_floor - 1.0
        w = forward_value_weights(self.horizon_q, settings.discount_rate, settings.terminal_growth)
        self.w0 = np.ascontiguousarray(w[0, 1:])  # weights of E(1..T) in F(0)
        self.t = np.arange(1, self.horizon_q + 1, dtype=float)[:, None]
        self.narrative = col("narrative")
        self.beta = col("beta")
        self.volatility = col("volatility")
        self.ai_loading = col("ai_loading")
        self.basket = np.ascontiguousarray(book.basket)  # (h, m)
        # The book's sparse product (no BLAS threads); a plain product otherwise.
        self._through_basket = getattr(book, "through_basket", self.basket.__matmul__)
        self.value_before = book.value_before  # (h,)
        self.fx_power = book.fx_power  # (h,)
        lev = np.asarray(getattr(book, "leverage", np.ones(len(self.value_before))), dtype=float)
        self.geared = np.flatnonzero(lev != 1.0)
        if len(self.geared):
            T = self.horizon_q
            vol = np.nan_to_num(book.array("index_volatility")[self.geared], nan=0.0)
            self.gear_lev = lev[self.geared][:, None]
            self.gear_drag = np.exp(-0.5 * (self.gear_lev[:, 0] ** 2 - self.gear_lev[:, 0])
                                    * vol ** 2 * T / 4.0)[:, None]
        self.n_companies = f.shape[0]
        self._buffers: tuple[np.ndarray, ...] | None = None
        self._arrays: dict[str, np.ndarray] = {}
        self._neg_narrative = -self.narrative[:, None]
        #: Per company, its non-zero (feature, coefficient) pairs.
        self._terms = [[(i, float(self.coef[i, j])) for i in range(len(self.coef))
                        if self.coef[i, j] != 0.0]
                       for j in range(self.n_companies)]
        #: E(t) − 1 above this for every quarter: the floor surely does not bind
        #: (a margin far above the rounding of a five-term sum).
        self._floor_near = self.floor_m1 + 1e-9
        #: Few companies: each one's floored path in full is as cheap as the sums.
        self._direct = self.n_companies <= _DIRECT_COMPANIES
        #: Companies built at once (every one when they are few; see
        #: :data:`_GROUP_COMPANIES`): the rows a ``sink``'s ``out`` needs.
        self.group_rows = max(1, self.n_companies) if self._direct else _GROUP_COMPANIES

    # -- helpers -------------------------------------------------------------------
    def _decay(self, halflife: float | np.ndarray, out: np.ndarray) -> np.ndarray:
        """``2^(−t/τ)`` for t = 1 … T written into ``out`` ``(T, n)``.

        For an array τ the powers are built by repeated multiplication of
        ``2^(−1/τ)``: one transcendental per draw instead of T.
        """
        if np.ndim(halflife) == 0:
            out[...] = np.exp2(-self.t / float(halflife))
            return out
        np.exp2(-1.0 / np.asarray(halflife, dtype=float), out=out[0])
        for j in range(1, self.horizon_q):
            np.multiply(out[j - 1], out[0], out=out[j])
        return out

    def _scratch(self, n: int) -> np.ndarray:
        """A reusable ``(5, T, n)`` work array (a kernel is not for sharing across threads)."""
        size = 5 * self.horizon_q * n
        if self._buffers is None or self._buffers[0].size < size:
            self._buffers = (np.empty(size),)
        return self._buffers[0][:size].reshape(5, self.horizon_q, n)

    def _work(self, name: str, shape: tuple[int, ...], dtype: type = float) -> np.ndarray:
        """A reusable work array of ``shape`` by name (grown when a call needs more)."""
        size = math.prod(shape)  # (np.prod of a tuple costs microseconds per call)
        buffer = self._arrays.get(name)
        if buffer is None or buffer.size < size:
            buffer = self._arrays[name] = np.empty(size, dtype=dtype)
        return buffer[:size].reshape(shape)

    def _path(self, work: np.ndarray, terms: list[tuple[int, float]], n: int) -> np.ndarray:
        """One company's floored E(t) − 1 ``(T, n)``: Σ coef·feature, at least the floor."""
        if not terms:
            return np.maximum(np.zeros((self.horizon_q, n)), self.floor_m1)
        # 0 + x is x: the first term starts the sum (in a work array, not zeros)
        path = np.multiply(work[terms[0][0]], terms[0][1], out=self._work("path", (self.horizon_q, n)))
        if len(terms) > 1:
            term = self._work("term", (self.horizon_q, n))
            for i, coef in terms[1:]:
                path += np.multiply(work[i], coef, out=term)
        return np.maximum(path, self.floor_m1, out=path)

    # -- company level ---------------------------------------------------------
    def company_factors(self, p: Mapping[str, float | np.ndarray], *,
                        out: tuple[np.ndarray, np.ndarray] | None = None,
                        horizon_log_rows: LogRows | None = None,
                        less_one: bool = False,
                        sink: GroupSink | None = None,
                        ) -> tuple[np.ndarray, np.ndarray]:
        """Day-one and horizon price factors per company, each ``(m, n)``.

        ``p`` maps every parameter name to a float or an ``(n,)`` array.
        ``horizon_log_rows(a, b, lo, hi, out)`` writes into ``out``
        ``(b − a, hi − lo)`` and returns the whole logarithm of the horizon's
        sentiment-and-noise factor, ``noise − narrative·s(T)`` with s(T) from
        :meth:`horizon_sentiment`, of companies ``a:b`` and draws ``lo:hi``: a
        caller that builds the noise computes it (one sum for both), a group
        of companies at a time; without it the horizon has the sentiment
        alone.  ``out``: two ``(m, n)`` arrays to write the factors into (a
        caller's work arrays, reused across blocks; as wide as the caller's
        noise when every parameter is a float).  ``less_one``: return the
        factors minus one (written as each group is done, while its rows are
        in the cache).
        ``sink(a, b, lo, hi, day_one, horizon)``: hand each group's factors
        over as soon as they are done, while they are in the cache; ``out``
        then holds one group (at least :attr:`group_rows` rows, as wide as
        the draws), reused from group to group, and is what is returned.
        Draws go through in sub-blocks small enough for the quarter arrays
        to stay in the CPU's cache, companies in groups (:data:`_GROUP_COMPANIES`);
        a draw's numbers do not depend on the group it is in, nor on its
        sub-block beyond the last bits (the floor check over a sub-block may
        send a draw by the sums or by its path: the same number, added in
        another order).
        """
        n = max((np.size(v) for v in p.values()), default=1)
        step = max(1, _CACHE_ELEMENTS // self.horizon_q)
        if out is None:
            out = np.empty((self.n_companies, n)), np.empty((self.n_companies, n))
        day_one, horizon = out
        if n <= step:
            self._company_factors(p, n, out=out, log_rows=horizon_log_rows, less_one=less_one,
                                  sink=sink)
            return day_one, horizon
        for lo in range(0, n, step):
            hi = min(n, lo + step)
            part = {k: (v[lo:hi] if np.ndim(v) else v) for k, v in p.items()}
            log_rows = None if horizon_log_rows is None else (
                lambda a, b, lo_, hi_, out_, lo=lo: horizon_log_rows(a, b, lo + lo_, lo + hi_, out_))
            part_sink = None if sink is None else (
                lambda a, b, lo_, hi_, d, h, lo=lo: sink(a, b, lo + lo_, lo + hi_, d, h))
            self._company_factors(part, hi - lo, out=(day_one[:, lo:hi], horizon[:, lo:hi]),
                                  log_rows=log_rows, less_one=less_one, sink=part_sink)
        return day_one, horizon

    def _features(self, p: Mapping[str, float | np.ndarray], n: int) -> np.ndarray:
        """The five demand features per quarter and draw, ``(5, T, n)`` (in the scratch array).

        Row ``f`` times ``coef[f, j]``, summed over ``f``, is company ``j``'s
        E(t) − 1 before the floor.
        """
        # Quarter arrays are laid out (T, n) so each quarter is contiguous.
        work = self._scratch(n)
        # Features, in the order of self.coef: S − 1, S·σ(t), ln Q, the buyer's
        # saving 1 − c·(1 + π(t)), and D − 1.
        spend, r, log_q, saving, log_cost = work
        self._decay(p["adoption_halflife_q"], r)
        np.subtract(1.0, r, out=r)  # ramp share 1 − 2^(−t/τa)
        np.multiply(r, p["adoption"] * (1.0 - 1.0 / p["efficiency_multiple"]), out=log_cost)
        np.subtract(1.0, log_cost, out=log_cost)  # cost c(t)
        np.multiply(r, p["gpu_price_change"], out=spend)
        spend += 1.0  # unit price 1 + π(t)
        np.multiply(log_cost, spend, out=saving)
        np.subtract(1.0, saving, out=saving)  # 1 − c·(1 + π(t))
        np.log(log_cost, out=log_cost)
        self._decay(p["elasticity_halflife_q"], log_q)
        eps_l = p["elasticity_long"]
        log_q *= p["elasticity_short"] - eps_l
        log_q += eps_l  # elasticity ε(t)
        log_q *= log_cost
        np.negative(log_q, out=log_q)  # ln Q = −ε ln c
        demand = np.add(log_cost, log_q, out=log_cost)
        np.exp(demand, out=demand)  # D = c^(1−ε)
        spend *= demand  # S = D·(1 + π(t))
        shifted = np.multiply(r, p["asic_shift"], out=r)
        shifted *= spend  # S·σ(t)
        demand -= 1.0  # D − 1
        spend -= 1.0  # S − 1
        return work

    def _draw_sums(self, work: np.ndarray, n: int
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """What every company's sums share, per draw: the five features weighted
        over the quarters into F(0) and at T ``(f, 2, n)``, their lowest and
        highest over the quarters ``(f, n)``, and per company whether the floor
        surely does not bind in any draw ``(m,)``."""
        f = len(work)
        weighted = self._work("weighted", (f, 2, n))
        np.einsum("ftn,t->fn", work, self.w0, out=weighted[:, 0])
        weighted[:, 1] = work[:, -1]
        # (features, n) over quarters
        highest = np.max(work, axis=1, out=self._work("highest", (f, n)))
        lowest = np.min(work, axis=1, out=self._work("lowest", (f, n)))
        top, bottom = highest.max(axis=1), lowest.min(axis=1)  # (features,) over the draws
        # The least E(t) − 1 can be over the quarters and draws, per company: each
        # term at its feature's lowest (positive coefficient) or highest value,
        # added in feature order (a zero coefficient adds an exact zero).
        least = np.zeros(self.n_companies)
        for i, coef in enumerate(self.coef):
            least += np.where(coef > 0, coef * bottom[i], coef * top[i])
        return weighted, lowest, highest, least > self._floor_near

    def _group_sums(self, sums: tuple[np.ndarray, ...], a: int, b: int, n: int,
                    both: np.ndarray) -> np.ndarray | None:
        """F(0) − 1 and E(T) − 1 of companies ``a:b`` through the five weighted
        feature sums, written into ``both`` ``(2, b − a, n)``; returns where the
        floor might bind (``(b − a, n)`` booleans: take the floored path), or
        ``None`` when it surely binds nowhere."""
        weighted, lowest, highest, surely_above = sums
        term = self._work("pair", (2, n))
        near = None
        for jj, terms in enumerate(self._terms[a:b]):
            # Only the features a company is exposed to (most coefficients are
            # zero); no matrix product, whose BLAS helper threads would spin
            # between the many small calls of a Monte Carlo run.
            both_j = both[:, jj]
            if not terms:
                both_j[...] = 0.0
                continue
            for k, (i, coef) in enumerate(terms):
                if k == 0:
                    np.multiply(weighted[i], coef, out=both_j)
                else:
                    both_j += np.multiply(weighted[i], coef, out=term)
            # Over every draw at once first (most companies stop here), then draw by draw.
            if surely_above[a + jj]:
                continue
            if near is None:
                near = self._work("near", (b - a, n), bool)
                near[...] = False
            bound = sum(c * (lowest[i] if c > 0 else highest[i]) for i, c in terms)
            near[jj] = bound <= self._floor_near
        return near

    def _company_factors(self, p: Mapping[str, float | np.ndarray], n: int, *,
                         out: tuple[np.ndarray, np.ndarray],
                         log_rows: LogRows | None = None,
                         less_one: bool = False,
                         sink: GroupSink | None = None) -> None:
        """:meth:`company_factors` of one sub-block, written into ``out`` (or group by
        group into its first rows, handed to ``sink``)."""
        work = self._features(p, n)
        # E(t) − 1 = Σ_f coef_f · feature_f(t), floored, then weighted over
        # quarters into F(0) − 1.  Where the floor cannot bind (the sum of each
        # term's least value over the quarters stays above it) the weighting goes
        # through the sum: F(0) − 1 = Σ_f coef_f · (w0 · feature_f), five
        # numbers per draw instead of one path per company.  The few
        # (company, draw) pairs near the floor take the floored path; each
        # draw's numbers depend only on that draw.
        m = self.n_companies
        # Day one prices the share p of the story (MODEL.md §10); the horizon all of it:
        # day one (1 + p·(F(0) − 1))·exp(−narrative·s)·market, horizon
        # (1 + E(T) − 1)·exp(noise − narrative·s(T))·market, each factor
        # computed in place in a work array (market is skipped when it is one).
        day_one, horizon = out
        s = p["sentiment_shock"]
        market = 1.0 + self.beta[:, None] * p["market_shock"]
        unit_market = market.shape[1] == 1 and bool(np.all(market == 1.0))
        s_T = self.horizon_sentiment(p) if log_rows is None else None
        sums = None if self._direct else self._draw_sums(work, n)
        # A handful of companies go through at once (every path in full costs no
        # more); a book of many in groups whose rows stay in the cache.
        group = self.group_rows

        def work_for(name: str, r: int, *shapes) -> np.ndarray | None:
            """An ``(r, n)`` work array when a result has that shape, else None (a new small one)."""
            wide = any(len(shape) and shape[-1] == n for shape in shapes) and n > 1
            return self._work(name, (r, n)) if wide else None

        for a in range(0, m, group):
            b = min(m, a + group)
            r = b - a
            both = self._work("both", (2, r, n))
            f0_m1, eT_m1 = both
            if self._direct:  # (one group: every company)
                for jj, terms in enumerate(self._terms[a:b]):
                    path = self._path(work, terms, n)
                    np.einsum("tn,t->n", path, self.w0, out=f0_m1[jj])
                    eT_m1[jj] = path[-1]
            else:
                near = self._group_sums(sums, a, b, n, both)
                for jj in (() if near is None else np.flatnonzero(near.any(axis=1))):
                    cols = np.flatnonzero(near[jj])
                    terms = self._terms[a + jj]
                    if cols.size <= n * _NEAR_GATHER:  # a few draws: their columns only
                        used = np.take(work, [i for i, _ in terms], axis=0)[:, :, cols]
                        path = self._path(used, [(k, c) for k, (_, c) in enumerate(terms)],
                                          cols.size)
                    else:
                        path = self._path(work, terms, n)[:, cols]
                    f0_m1[jj, cols] = np.einsum("tn,t->n", path, self.w0)
                    eT_m1[jj, cols] = path[-1]
            rows = slice(0, r) if sink is not None else slice(a, b)  # where the group goes
            mk = market[a:b]
            sentiment = np.multiply(self._neg_narrative[a:b], s,
                                    out=work_for("factor", r, (r, 1), np.shape(s)))
            np.exp(sentiment, out=sentiment)
            if not unit_market:
                sentiment = np.multiply(sentiment, mk,
                                        out=work_for("factor", r, sentiment.shape, mk.shape))
            day = np.multiply(f0_m1, p["priced_share"], out=day_one[rows])
            day += 1.0
            day *= sentiment
            if log_rows is not None:  # the caller's noise − narrative·s(T)
                width = horizon.shape[1]  # the noise's draws (n is 1 when every parameter is a float)
                log_factor = log_rows(a, b, 0, width, self._work("log_factor", (r, width)))
            else:
                log_factor = np.multiply(self._neg_narrative[a:b], s_T,
                                         out=work_for("factor", r, (r, 1), np.shape(s_T)))
            np.exp(log_factor, out=log_factor)
            if not unit_market:
                log_factor = np.multiply(log_factor, mk,
                                         out=work_for("factor", r, log_factor.shape, mk.shape))
            hor = np.add(eT_m1, 1.0, out=horizon[rows])
            np.multiply(hor, log_factor, out=hor)
            if less_one:
                np.subtract(day, 1.0, out=day)
                np.subtract(hor, 1.0, out=hor)
            if sink is not None:
                sink(a, b, 0, horizon.shape[1], day, hor)

    def horizon_sentiment(self, p: Mapping[str, float | np.ndarray]) -> float | np.ndarray:
        """The sentiment shock left at the horizon, s(T) = s·2^(−T/τs): a float or ``(n,)``."""
        return p["sentiment_shock"] * np.exp2(
            -self.horizon_q / np.asarray(p["sentiment_halflife_q"], dtype=float))

    # -- holding level -----------------------------------------------------------
    def holding_ratios(self, p: Mapping[str, float | np.ndarray]) -> PortfolioValues:
        """Each holding's value after / before in the base currency, ``(h, n)``."""
        day_one, horizon = self.company_factors(p, less_one=True)
        day_one = 1.0 + self._through_basket(day_one)
        horizon = 1.0 + self._through_basket(horizon)
        if len(self.geared):
            # Daily-reset funds (engine.model.leveraged_path at the horizon).
            g, lev = self.geared, self.gear_lev
            r0 = (day_one[g] - 1.0) / lev
            rT = (horizon[g] - 1.0) / lev
            growth = np.maximum(1.0 + rT, 1e-9) / np.maximum(1.0 + r0, 1e-9)
            horizon[g] = np.maximum(day_one[g], 0.0) * growth ** lev * self.gear_drag
        if np.any(self.fx_power):
            # fx_power is −1, 0 or +1: a division or a product, never a pow.
            one_fx = 1.0 + np.asarray(p["usd_jpy_change"], dtype=float)
            power = self.fx_power[:, None]
            fx_factor = np.where(power > 0, one_fx, np.where(power < 0, 1.0 / one_fx, 1.0))
            day_one = day_one * fx_factor
            horizon = horizon * fx_factor
        return PortfolioValues(day_one, horizon)

    @property
    def _rows(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The basket by holding: ``(starts (h+1,), companies, weights)``, row-major non-zeros."""
        if not hasattr(self, "_csr"):
            rows, cols = np.nonzero(self.basket)
            starts = np.searchsorted(rows, np.arange(self.basket.shape[0] + 1))
            self._csr = (starts, cols, self.basket[rows, cols])
        return self._csr

    def paired_ratios(self, p: Mapping[str, float | np.ndarray],
                      holdings: np.ndarray) -> PortfolioValues:
        """Holding ``holdings[d]``'s value ratio under draw ``d`` only, ``(n,)`` each.

        The same numbers as ``holding_ratios(p)[holdings[d], d]``, at a cost
        that follows the holdings' own companies instead of the whole book:
        a root finder over every holding at once asks each holding at its own
        parameter value.
        """
        holdings = np.asarray(holdings, dtype=np.intp)
        n = holdings.size
        starts, cols, weights = self._rows
        counts = starts[holdings + 1] - starts[holdings]
        draw = np.repeat(np.arange(n), counts)  # one entry per (draw, company of its holding)
        pos = np.arange(draw.size) - np.repeat(np.cumsum(counts) - counts, counts)
        pos += starts[holdings][draw]
        comp, w = cols[pos], weights[pos]
        work = self._features(p, n)
        path = np.zeros((self.horizon_q, draw.size))
        for i in range(len(self.coef)):  # zero coefficients add exact zeros
            path += work[i][:, draw] * self.coef[i, comp]
        np.maximum(path, self.floor_m1, out=path)
        f0_m1 = (self.w0 @ path) * at_draw(p["priced_share"], draw)
        eT_m1 = path[-1]

        s = at_draw(p["sentiment_shock"], draw)
        narrative = self.narrative[comp]
        market = 1.0 + self.beta[comp] * at_draw(p["market_shock"], draw)
        day_one = (1.0 + f0_m1) * (np.exp(-narrative * s) * market)
        s_T = self.horizon_sentiment({"sentiment_shock": s, "sentiment_halflife_q":
                                      at_draw(p["sentiment_halflife_q"], draw)})
        horizon = (1.0 + eT_m1) * (np.exp(-narrative * s_T) * market)
        day_one = 1.0 + np.bincount(draw, weights=w * (day_one - 1.0), minlength=n)
        horizon = 1.0 + np.bincount(draw, weights=w * (horizon - 1.0), minlength=n)
        power = self.fx_power[holdings]
        if np.any(power):
            one_fx = 1.0 + np.asarray(p["usd_jpy_change"], dtype=float)
            fx_factor = np.where(power > 0, one_fx, np.where(power < 0, 1.0 / one_fx, 1.0))
            day_one = day_one * fx_factor
            horizon = horizon * fx_factor
        return PortfolioValues(day_one, horizon)

    def fx_factor(self, power: np.ndarray, usd_jpy_change: float | np.ndarray) -> np.ndarray:
        """FX factor per row and draw for ``fx_power`` −1, 0, +1: ``(rows, n)`` or ``(rows, 1)``.

        A division or a product, never a pow.
        """
        one_fx = np.atleast_1d(1.0 + np.asarray(usd_jpy_change, dtype=float))[None, :]
        power = np.asarray(power)[:, None]
        return np.where(power > 0, one_fx, np.where(power < 0, 1.0 / one_fx, 1.0))

    @property
    def portfolio_weights(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The book seen per company: ``(powers (g,), weights (g, m), values (g,))``.

        One row per FX exposure the book has (``fx_power`` −1, 0, +1):
        ``weights[g, j]`` is the value (base currency) the holdings of that
        exposure put on company ``j``, ``values[g]`` their value.  The
        portfolio P&L is then ``Σ_g fx_g · (values[g] + weights[g] · (c − 1)) − Σ values``
        for company factors ``c``: one small product per draw block instead
        of a pass over every holding.
        """
        if not hasattr(self, "_portfolio_weights"):
            powers = np.array([-1.0, 0.0, 1.0])
            group = (self.fx_power[None, :] == powers[:, None]) * self.value_before[None, :]
            weights = through_rows(sparse_rows(self.basket.T), group.T).T
            used = np.flatnonzero(np.any(group != 0, axis=1))
            self._portfolio_weights = (powers[used], np.ascontiguousarray(weights[used]),
                                       group.sum(axis=1)[used])
        return self._portfolio_weights

    def portfolio_from_companies(self, company_m1: np.ndarray,
                                 usd_jpy_change: float | np.ndarray,
                                 out: np.ndarray | None = None) -> np.ndarray:
        """Portfolio P&L ``(n,)`` from company factors minus one ``(m, n)`` (see
        :attr:`portfolio_weights`)."""
        weights = self.portfolio_weights[1]
        # einsum, not a BLAS product: its helper threads would spin between blocks.
        return self.portfolio_from_sums(np.einsum("gm,mn->gn", weights, company_m1),
                                        usd_jpy_change, out=out)

    def portfolio_from_sums(self, weighted: np.ndarray, usd_jpy_change: float | np.ndarray,
                            out: np.ndarray | None = None) -> np.ndarray:
        """Portfolio P&L ``(n,)`` from ``weights · (c − 1)`` per FX exposure ``(g, n)``
        (see :attr:`portfolio_weights`); ``weighted`` is overwritten."""
        powers, _, values = self.portfolio_weights
        weighted += values[:, None]
        if np.any(powers):  # an FX factor of one changes nothing
            weighted *= self.fx_factor(powers, usd_jpy_change)
        return np.subtract(weighted.sum(axis=0), values.sum(), out=out)

    def portfolio_pnl(self, p: Mapping[str, float | np.ndarray], *,
                      measure: str = "horizon") -> np.ndarray:
        """Portfolio P&L in the base currency per draw, ``(n,)``."""
        day_one, horizon = self.company_factors(p)
        company = horizon if measure == "horizon" else day_one
        company -= 1.0
        return self.portfolio_from_companies(company, p["usd_jpy_change"])
