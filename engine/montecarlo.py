"""Monte Carlo over a scenario's uncertain parameters (MODEL.md §6).

:func:`simulate` draws N parameter sets from the scenario's distributions,
evaluates each one's day-one and horizon portfolio value with
:class:`engine.kernel.Kernel`, and folds the results into streaming tallies
(:class:`engine.risk.Tally`), so memory stays bounded whatever N is.

Reproducibility.  Draws are made and evaluated in fixed blocks of
:data:`BLOCK` draws.  Block ``b`` has its own generator, seeded from
``SeedSequence(seed, spawn_key=(b,))``, and is always evaluated on its own,
so the numbers depend only on the seed and N, never on ``chunk_draws`` (which
only sets how often progress is reported and ``should_stop`` asked).  Inside a
block the standard normals are drawn parameter by parameter in the order of
:data:`engine.parameters.PARAMETER_NAMES`, then the noise factors; turning
noise on or off leaves the parameter draws unchanged.

Noise model (``noise=True``): each company's horizon price factor is
multiplied by ``exp(σ√τ·z − σ²τ/2)`` (mean one, so it does not move the mean),
with σ the company's documented annualised ``volatility``, τ = T/4 years and

    z = m·Z_market + a·Z_AI + √(1 − m² − a²)·U

where Z_market, Z_AI and U (one per company) are independent standard
normals, ``a`` is the documented ``ai_loading`` and ``m = beta·σ_market/σ``
(the CAPM correlation with the market; σ_market is the volatility of the
library's ``category:market``).  When m² + a² > 1 both are scaled down so
their squares sum to one (no idiosyncratic part).  The noise is what the model
does not explain; the day one has none (τ = 0).

The point result and the distribution.  :func:`engine.model.evaluate` uses
the point values (the medians).  MODEL.md §5's day-one reaction under
uncertainty is the *expectation* over the draws of each company's
F(0)·sentiment·market at t = 0; :attr:`MonteCarloResult.expected_day_one`
holds it (per holding and for the portfolio).  The two agree exactly when
every parameter is a point.  The ``distribution`` of the report is the
horizon P&L (with noise when asked); the day-one spread is reported beside it.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.distributions import Distribution
from engine.errors import CancelledError, InputError
from engine.kernel import Kernel
from engine.library import load_library
from engine.model import SparseRows, sparse_rows, through_rows
from engine.outcomes import DayOneSpread, Histogram, HoldingSpread, PnlDistribution, Stats
from engine.parameters import PARAMETER_NAMES
from engine.returns import gross_exposure
from engine.risk import Tally
from engine.scenario import Scenario
from engine.settings import ModelSettings, model_settings

__all__ = ["BLOCK", "LEVELS", "MonteCarloResult", "simulate"]

#: Draws per block: the unit of random generation and evaluation (fixed so
#: results never depend on how a run is chunked).
BLOCK = 1 << 14
#: Confidence levels of VaR and ES in every report.
LEVELS = (0.95, 0.99)
#: Losses (fractions) whose probability a distribution reports.
LOSS_THRESHOLDS = (0.0, 0.1, 0.2, 0.3)
#: Degree of the Hermite expansion behind the variance shares.
_SHARE_DEGREE = 3
MAX_DRAWS = 1_000_000_000
#: Numbers per work array when a block is evaluated in parts (a large book's
#: block goes through in parts of draws, so memory is bounded for any size).
_PART_ELEMENTS = 1 << 21


def noise_loadings(kernel: Kernel, market_volatility: float) -> tuple[np.ndarray, ...]:
    """Per company: (σ, market loading m, AI loading a, idiosyncratic loading); ``(m,)`` each."""
    vol = kernel.volatility
    safe = np.where(vol > 0, vol, 1.0)
    m = np.where(vol > 0, kernel.beta * market_volatility / safe, 0.0)
    a = np.where(vol > 0, kernel.ai_loading, 0.0)
    norm = np.sqrt(m * m + a * a)
    scale = np.where(norm > 1.0, 1.0 / np.maximum(norm, 1e-300), 1.0)
    m, a = m * scale, a * scale
    idio = np.sqrt(np.maximum(1.0 - m * m - a * a, 0.0))
    return vol, m, a, idio


@dataclass(frozen=True, eq=False)
class MonteCarloResult:
    """The outcome of :func:`simulate`.

    Series are returns (``engine.returns``): a holding's P&L over its
    absolute value before, the portfolio's over its gross exposure (so money
    = return × that scale).  Series 0 is the portfolio at the
    horizon, the last one the portfolio on day one, and in between one per
    distinct holding profile at the horizon: ``holding_series[i]`` is the
    series of holding ``i`` (holdings of one security on the same side share
    it; :meth:`series` looks it up).
    """

    draws: int
    seed: int
    noise: bool
    tickers: tuple[str, ...]
    value_before: np.ndarray  # (h,)
    tally: Tally
    expected_day_one: np.ndarray  # (h,) mean value ratio on day one (FX included)
    uncertain: tuple[str, ...]
    variance_share: dict[str, float]
    currency: str
    horizon_q: int
    extra: dict[str, Any] = field(default_factory=dict)
    holding_series: np.ndarray | None = None  # (h,); None: holding i is series i + 1

    # -- scales -------------------------------------------------------------------
    @property
    def portfolio_value(self) -> float:
        return float(self.value_before.sum())

    def _scale(self, holding: int | None) -> float:
        v = (gross_exposure(self.value_before) if holding is None
             else abs(float(self.value_before[holding])))
        return v if v else 1.0

    def series(self, holding: int | None = None, *, day_one: bool = False) -> int:
        """Index of the tally series for the portfolio (``holding=None``) or a holding."""
        if day_one:
            if holding is not None:
                raise ValueError("the day-one spread is kept for the portfolio only")
            return self.tally.k - 1
        if holding is None:
            return 0
        return holding + 1 if self.holding_series is None else int(self.holding_series[holding])

    # -- measures -----------------------------------------------------------------
    def stats(self, j: int, holding: int | None = None) -> tuple[Stats, Stats]:
        """Mean, percentiles, VaR and ES of series ``j``: (money, returns); money of
        ``holding`` (``None``: the portfolio)."""
        t = self.tally
        ret = {"mean": t.mean(j), "p01": t.quantile(j, 0.01), "p05": t.quantile(j, 0.05),
               "p50": t.quantile(j, 0.5), "p95": t.quantile(j, 0.95),
               "p99": t.quantile(j, 0.99), "min": float(t.min[j]), "max": float(t.max[j])}
        for level in LEVELS:
            tag = f"{round(level * 100):d}"
            ret[f"var{tag}"] = t.value_at_risk(j, level)
            ret[f"es{tag}"] = t.expected_shortfall(j, level)
        returns = Stats(**ret)
        return returns.scaled(self._scale(holding)), returns

    def probability_of_loss(self, threshold: float, holding: int | None = None, *,
                            day_one: bool = False) -> float:
        """P(return ≤ −threshold); ``threshold`` 0.2 is "lose 20% or more"."""
        return self.tally.probability_below(self.series(holding, day_one=day_one), -threshold)

    def histogram(self, bins: int = 60, holding: int | None = None, *,
                  day_one: bool = False) -> Histogram:
        """Histogram of P&L in money."""
        j = self.series(holding, day_one=day_one)
        edges, counts = self.tally.histogram(j, bins)
        return Histogram(tuple((edges * self._scale(holding)).tolist()),
                         tuple(counts.tolist()))

    def distribution(self) -> PnlDistribution:
        """The statistics a result carries (``Result.distribution``), in money and returns."""
        money, returns = self.stats(0)
        day_money, day_returns = self.stats(self.series(day_one=True))
        holdings = []
        shared: dict[int, Stats] = {}  # one profile's returns, scaled per holding
        for i, ticker in enumerate(self.tickers):
            j = self.series(i)
            if j not in shared:
                shared[j] = self.stats(j)[1]
            h_returns = shared[j]
            holdings.append(HoldingSpread(
                ticker, h_returns.scaled(self._scale(i)), h_returns,
                float(self.expected_day_one[i] - 1.0) * np.sign(self.value_before[i] or 1.0)))
        expected_instant = float((self.expected_day_one - 1.0) @ self.value_before)
        gross = gross_exposure(self.value_before)
        return PnlDistribution(
            draws=self.draws, seed=self.seed, noise=self.noise, currency=self.currency,
            horizon_q=self.horizon_q, money=money, returns=returns,
            probability_of_loss={p: self.probability_of_loss(p) for p in LOSS_THRESHOLDS},
            day_one=DayOneSpread(day_money, day_returns, expected_instant,
                                 expected_instant / gross if gross else math.nan),
            holdings=tuple(holdings), variance_share=dict(self.variance_share),
            histogram=self.histogram())


def _profiles(book) -> tuple[np.ndarray, np.ndarray]:
    """Holdings that must move together: same basket, same FX exposure, same side.

    Returns ``(first, series)``: ``first`` the first holding of each distinct
    profile (in holding order) and ``series`` ``(h,)`` each holding's profile.
    Two lines of one security (two accounts, a fund seen through twice, many
    names on one fallback category) have the same return in every draw, so
    their distribution is tallied once.
    """
    key = np.column_stack([book.basket, book.fx_power, np.sign(book.value_before)])
    _, first, inverse = np.unique(key, axis=0, return_index=True, return_inverse=True)
    order = np.argsort(first)
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    return first[order], rank[np.ravel(inverse)]


@dataclass(frozen=True, eq=False)
class _GroupPlan:
    """What one group of companies (:attr:`engine.kernel.Kernel.group_rows`) feeds.

    ``copies``: (profile, its company's row in the group, weight) of the
    profiles of one company in the group; ``multi`` and ``multi_weight`` ``(f, r)``:
    the profiles of several companies with weight in the group; ``used``: per
    FX exposure, the group's rows its holdings hold.
    """

    copies: list[tuple[int, int, float]]
    multi: np.ndarray
    multi_weight: np.ndarray
    used: tuple[np.ndarray, ...]


def _group_plans(kernel: Kernel, basket: np.ndarray, rows: SparseRows,
                 used: list[np.ndarray]) -> list[_GroupPlan]:
    """Per company group, the holding profiles of ``basket`` ``(profiles, m)`` it
    feeds (``rows``: the same basket's non-zero weights, :func:`engine.model.sparse_rows`)."""
    single, entries = rows.single
    company, weight = rows.cols[entries], rows.weights[entries]
    multi = rows.multi[0]
    plans = []
    for a in range(0, kernel.n_companies, kernel.group_rows):
        b = min(kernel.n_companies, a + kernel.group_rows)
        here = (company >= a) & (company < b)
        funds = multi[np.any(basket[multi, a:b] != 0, axis=1)]
        plans.append(_GroupPlan(
            list(zip(single[here].tolist(), (company[here] - a).tolist(),
                     weight[here].tolist(), strict=True)),
            funds, np.ascontiguousarray(basket[funds, a:b]),
            tuple(u[(u >= a) & (u < b)] - a for u in used)))
    return plans


def simulate(book, scenario: Scenario, draws: int, *, seed: int | None = None,
             noise: bool = False, chunk_draws: int = BLOCK,
             settings: ModelSettings | None = None,
             progress: Callable[[float], None] | None = None,
             should_stop: Callable[[], bool] | None = None) -> MonteCarloResult:
    """Run ``draws`` Monte Carlo draws of ``scenario`` on a prepared ``book``.

    Parameters
    ----------
    book
        :class:`engine.model.Book` (from :func:`engine.model.prepare`).
    draws
        N ≥ 2.
    seed
        Any non-negative integer; ``None`` picks fresh entropy, reported in
        the result so the run can be repeated.
    noise
        Add the idiosyncratic and factor noise of the module docstring.
    chunk_draws
        Draws between two progress reports / cancel checks (rounded up to a
        whole number of :data:`BLOCK`); does not change the numbers.
    progress, should_stop
        Called once per chunk: ``progress(fraction_done)``; ``should_stop()``
        returning true raises :class:`engine.errors.CancelledError`.

    Cost and memory follow the companies of the book and its distinct
    holdings (:func:`_profiles`), not its lines: the portfolio is per-company
    weights times the company factors, summed group of companies by group
    while each group's factors are in the cache, and a block is evaluated in
    parts of at most :data:`_PART_ELEMENTS` numbers per array.
    """
    draws = int(draws)
    if not 2 <= draws <= MAX_DRAWS:
        raise InputError(f"the number of draws must be between 2 and {MAX_DRAWS:,}, "
                         f"not {draws}")
    if seed is None:
        seed = int(np.random.SeedSequence().entropy % (1 << 63))
    if int(seed) < 0:
        raise InputError(f"the seed must be a non-negative whole number, not {seed}")
    seed = int(seed)
    settings = settings or model_settings()
    kernel = Kernel(book, scenario.horizon_q, settings)
    uncertain = tuple(n for n in PARAMETER_NAMES
                      if n in scenario.distributions and not scenario.distributions[n].is_point)
    dists = [scenario.distributions[n] for n in uncertain]
    fixed = {n: float(scenario.parameters[n]) for n in PARAMETER_NAMES if n not in uncertain}
    v0 = book.value_before
    scale_p = gross_exposure(v0) or 1.0

    # Holdings → distinct profiles (tallied once each); the portfolio through
    # per-company weights (Kernel.portfolio_weights).
    first, holding_series = _profiles(book)
    n_prof = first.size
    prof_basket = book.basket[first]
    prof_rows = sparse_rows(prof_basket)
    prof_fx = book.fx_power[first]
    prof_sign = np.where(v0[first] != 0, np.sign(v0[first]), 0.0)[:, None]
    if noise:
        market_vol = load_library().field("category:market", "volatility")
        vol, load_m, load_a, load_i = noise_loadings(kernel, market_vol)
        noisy = np.flatnonzero(vol > 0)
        tau = scenario.horizon_q / 4.0
        sig = vol[noisy] * np.sqrt(tau)
        drift = -0.5 * sig * sig
        # The horizon's log factor, noise − narrative·s(T), with log noise
        # σ√τ·(m·Z_market + a·Z_AI + idio·U) − σ²τ/2: the two factors, the drift
        # and the sentiment as one small product per part, then the own noise.
        factor_load = np.zeros((kernel.n_companies, 4))
        factor_load[noisy, :3] = np.stack([sig * load_m[noisy], sig * load_a[noisy], drift],
                                          axis=1)
        factor_load[:, 3] = -kernel.narrative
        own_load = (sig * load_i[noisy])[:, None]
        # Companies before j that have noise (a group's rows of the own noise).
        noisy_at = np.searchsorted(noisy, np.arange(kernel.n_companies + 1))

    tally = Tally(n_prof + 2)
    fx_powers = np.unique(prof_fx)  # the FX exposures the book has (−1, 0, +1)
    fx_sum = np.zeros(fx_powers.size)  # Σ over draws of each FX exposure's factor
    day_one_sum = np.zeros((kernel.n_companies, fx_powers.size))  # Σ fx·(c − 1) on day one
    k = len(uncertain)
    herm_y = np.zeros((_SHARE_DEGREE, k))  # Σ y·He_d(z_j)
    herm_1 = np.zeros((_SHARE_DEGREE, k))  # Σ He_d(z_j)
    n_blocks = -(-draws // BLOCK)
    per_chunk = max(1, -(-int(chunk_draws) // BLOCK))
    m = kernel.n_companies
    part = min(BLOCK, max(256, _PART_ELEMENTS // max(n_prof + 2, m)))
    # Work arrays for one part, kept across blocks (fresh ones every block would
    # be fresh pages to fault in): (2, group, part) one group's company factors,
    # (n_prof + 2, part) series rows, (noisy, part) log noise.
    work: dict[str, np.ndarray] = {}

    def buf(name: str, shape: tuple[int, int]) -> np.ndarray:
        size = shape[0] * shape[1]
        if name not in work or work[name].size < size:
            work[name] = np.empty(max(size, shape[0] * part))
        return work[name][:size].reshape(shape)

    prof_up = np.flatnonzero(prof_fx > 0)  # profiles whose value rises with the dollar
    prof_down = np.flatnonzero(prof_fx < 0)
    flip = not np.all(prof_sign == 1.0)  # short lines: the sign turns the gain
    plain_group = fx_powers == 0  # FX factor one: no product needed
    # Per FX exposure, the companies its holdings hold (the only day-one sums read).
    group_companies = [np.flatnonzero(np.any(prof_basket[prof_fx == g] != 0, axis=0))
                       for g in fx_powers]
    groups = _group_plans(kernel, prof_basket, prof_rows, group_companies)
    # Series rows summed group by group (funds) or never written (holding nothing): zeroed.
    cleared = 1 + np.setdiff1d(np.arange(n_prof), prof_rows.single[0])
    pw = kernel.portfolio_weights[1]  # (exposures, m) value on each company
    rows_g = kernel.group_rows

    def evaluate_part(p, e, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Series rows ``(n_prof + 2, hi − lo)``, the FX factors' sums and the day-one
        company sums per FX exposure for draws lo:hi (rows: a work array)."""
        w = hi - lo
        sub = {name: (v[lo:hi] if np.ndim(v) else v) for name, v in p.items()}
        log_rows = None
        if e is not None:
            factors = buf("factors", (4, w))
            factors[:2] = e[:2, lo:hi]
            factors[2] = 1.0
            factors[3] = kernel.horizon_sentiment(sub)

            def log_rows(a: int, b: int, lo_: int, hi_: int, out: np.ndarray) -> np.ndarray:
                """The horizon's log factor of companies a:b: the two factors, the drift
                and the sentiment as one small product, then the own noise."""
                # no BLAS threads
                np.einsum("mk,kn->mn", factor_load[a:b], factors[:, lo_:hi_], out=out)
                own_a, own_b = noisy_at[a], noisy_at[b]  # the noisy companies among a:b
                if own_b > own_a:
                    own = np.multiply(e[2 + own_a:2 + own_b, lo + lo_:lo + hi_],
                                      own_load[own_a:own_b], out=buf("noise", (own_b - own_a, hi_ - lo_)))
                    if own_b - own_a == b - a:
                        out += own
                    else:
                        out[noisy[own_a:own_b] - a] += own
                return out

        usd = sub["usd_jpy_change"]
        fx_g = kernel.fx_factor(fx_powers, usd)  # (exposures, w) or (exposures, 1)
        rows = buf("rows", (n_prof + 2, w))
        rows[cleared] = 0.0
        weighted = buf("weighted", (2 * pw.shape[0], w)).reshape(2, pw.shape[0], w)
        sums = np.zeros((m, fx_powers.size))
        gain = rows[1:n_prof + 1]  # ratio − 1 before FX

        def sink(a: int, b: int, lo_: int, hi_: int, day: np.ndarray, hor: np.ndarray) -> None:
            """Fold one group of companies (rows still in the cache) into the part's
            portfolio sums, series rows and day-one sums."""
            plan = groups[a // rows_g]
            # The portfolio: per FX exposure, the value on each company times c − 1
            # (day one and horizon in one product: both are rows of one work array).
            both = pair[:, :b - a, lo_:hi_]
            if a == 0:
                np.einsum("gr,srn->sgn", pw[:, a:b], both, out=weighted[:, :, lo_:hi_])
            else:
                weighted[:, :, lo_:hi_] += np.einsum("gr,srn->sgn", pw[:, a:b], both)
            for j, at, weight in plan.copies:  # holdings of one company: its row (times the weight)
                if weight == 1.0:
                    gain[j, lo_:hi_] = hor[at]
                else:
                    np.multiply(hor[at], weight, out=gain[j, lo_:hi_])
            if plan.multi.size:  # funds seen through: their weights on this group
                gain[plan.multi, lo_:hi_] += np.einsum("er,rn->en", plan.multi_weight, hor)
            # Day one: only its mean per holding is kept, so sum at the company level,
            # per FX exposure: Σ fx·(1 + B·(c − 1)) = Σ fx + B · Σ fx·(c − 1).
            total = None
            for g, (plain, used) in enumerate(zip(plain_group, plan.used, strict=True)):
                if plain or fx_g.shape[1] == 1:  # the same factor in every draw
                    if total is None:
                        total = day.sum(axis=1)
                    sums[a:b, g] += total if plain else total * fx_g[g, 0]
                elif used.size:  # only the companies this exposure's holdings hold are read
                    sums[a + used, g] += np.einsum("rn,n->r", day[used], fx_g[g, lo_:hi_])

        pair = buf("pair", (2 * rows_g, w)).reshape(2, rows_g, w)  # (day one, horizon) of a group
        kernel.company_factors(sub, horizon_log_rows=log_rows, less_one=True, sink=sink,
                               out=(pair[0], pair[1]))
        for out, i in ((rows[0], 1), (rows[-1], 0)):  # (weighted: day one, horizon)
            kernel.portfolio_from_sums(weighted[i], usd, out=out)
            out /= scale_p
        if prof_up.size or prof_down.size:
            # (1 + gain)·fx − 1 with fx = 1 + Δ (up), 1 / (1 + Δ) (down), one (none)
            one_fx = np.atleast_1d(1.0 + np.asarray(usd, dtype=float))[None, :]
            gain += 1.0
            for rows_fx, factor in ((prof_up, one_fx), (prof_down, 1.0 / one_fx)):
                for r in rows_fx:  # row by row, in place (no gathered copy)
                    gain[r] *= factor[0]
            gain -= 1.0
        if flip:
            gain *= prof_sign
        return rows, fx_g.sum(axis=1) if fx_g.shape[1] > 1 else fx_g[:, 0] * w, sums

    for b in range(n_blocks):
        if b % per_chunk == 0:
            if should_stop is not None and should_stop():
                raise CancelledError(f"stopped after {b * BLOCK:,} of {draws:,} draws")
            if progress is not None:
                progress(b / n_blocks)
        nb = min(BLOCK, draws - b * BLOCK)
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(b,))))
        z = rng.standard_normal((k, nb))
        p: dict[str, float | np.ndarray] = dict(fixed)
        if k:
            values_k = Distribution.from_normals(
                dists, z, out=buf("params", (k, nb)),
                work=(buf("grid", (k, nb)), buf("grid_index", (k, nb)).view(np.intp)))
            for d, values in zip(dists, values_k, strict=True):
                p[d.parameter] = values
        e = rng.standard_normal((2 + noisy.size, nb)) if noise else None
        cuts = [*range(0, nb, part), nb]
        if tally.lo is None and len(cuts) > 2:
            # The first block fixes the histogram ranges: its whole minimum and maximum.
            lo_r = np.full(n_prof + 2, np.inf)
            hi_r = np.full(n_prof + 2, -np.inf)
            for lo, hi in itertools.pairwise(cuts):
                rows = evaluate_part(p, e, lo, hi)[0]
                lo_r = np.minimum(lo_r, rows.min(axis=1))
                hi_r = np.maximum(hi_r, rows.max(axis=1))
            tally.begin(lo_r, hi_r)
        y = np.empty(nb)
        for lo, hi in itertools.pairwise(cuts):
            rows, fx_part, day_part = evaluate_part(p, e, lo, hi)
            tally.add(rows)
            fx_sum += fx_part
            day_one_sum += day_part
            y[lo:hi] = rows[0]
        if k:
            # He_1..He_3 = z, z² − 1, z³ − 3z: from the sums of z, z², z³ and
            # of y times them, as einsums over z and z² (no BLAS product: its
            # helper threads would spin between blocks and cost more than this).
            squares = np.multiply(z, z, out=buf("powers", (k, nb)))
            s_1 = np.stack([z.sum(axis=1), squares.sum(axis=1),
                            np.einsum("kn,kn->k", squares, z)])
            s_y = np.stack([np.einsum("kn,n->k", z, y), np.einsum("kn,n->k", squares, y),
                            np.einsum("kn,kn,n->k", squares, z, y)])
            herm_y += (s_y[0], s_y[1] - y.sum(), s_y[2] - 3.0 * s_y[0])
            herm_1 += (s_1[0], s_1[1] - nb, s_1[2] - 3.0 * s_1[0])
    tally.release()
    if progress is not None:
        progress(1.0)

    group = np.searchsorted(fx_powers, prof_fx)
    expected_day_one = (fx_sum[group]
                        + through_rows(prof_rows, day_one_sum)[np.arange(n_prof), group]) / draws

    # First-order variance shares: the variance of E[Y | z_j] projected on the
    # Hermite polynomials He_1..He_3 of the parameter's normal score z_j
    # (orthogonal, E[He_d²] = d!), divided by Var(Y); minus the sampling bias
    # (about one part in N per term), floored at 0.
    mean_y = tally.mean(0)
    var_y = tally.variance(0)
    shares: dict[str, float] = {}
    for i, name in enumerate(uncertain):
        explained = sum(((herm_y[d, i] - mean_y * herm_1[d, i]) / draws) ** 2 / math.factorial(d + 1)
                        for d in range(_SHARE_DEGREE))
        shares[name] = max(0.0, explained / var_y - _SHARE_DEGREE / draws) if var_y > 0 else 0.0
    return MonteCarloResult(
        draws=draws, seed=seed, noise=bool(noise),
        tickers=tuple(book.holdings["ticker"]), value_before=v0, tally=tally,
        expected_day_one=expected_day_one[holding_series], uncertain=uncertain,
        variance_share=dict(sorted(shares.items(), key=lambda kv: -kv[1])),
        currency=book.base_currency, horizon_q=scenario.horizon_q,
        holding_series=holding_series + 1,
    )
