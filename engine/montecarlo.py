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

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.distributions import Distribution
from engine.errors import CancelledError, InputError
from engine.kernel import Kernel
from engine.library import load_library
from engine.outcomes import DayOneSpread, Histogram, HoldingSpread, PnlDistribution, Stats
from engine.parameters import PARAMETER_NAMES
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

    Series are returns: P&L divided by the absolute value before (so money
    = return × ``abs_value``).  Series 0 is the portfolio at the horizon,
    1…h the holdings at the horizon, h+1 the portfolio on day one.
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

    # -- scales -------------------------------------------------------------------
    @property
    def portfolio_value(self) -> float:
        return float(self.value_before.sum())

    def _scale(self, j: int) -> float:
        if j == 0 or j == len(self.tickers) + 1:
            v = abs(self.portfolio_value)
        else:
            v = abs(float(self.value_before[j - 1]))
        return v if v else 1.0

    def series(self, holding: int | None = None, *, day_one: bool = False) -> int:
        """Index of the tally series for the portfolio (``holding=None``) or a holding."""
        if day_one:
            if holding is not None:
                raise ValueError("the day-one spread is kept for the portfolio only")
            return len(self.tickers) + 1
        return 0 if holding is None else holding + 1

    # -- measures -----------------------------------------------------------------
    def stats(self, j: int) -> tuple[Stats, Stats]:
        """Mean, percentiles, VaR and ES of series ``j``: (money, returns)."""
        t = self.tally
        ret = {"mean": t.mean(j), "p01": t.quantile(j, 0.01), "p05": t.quantile(j, 0.05),
               "p50": t.quantile(j, 0.5), "p95": t.quantile(j, 0.95),
               "p99": t.quantile(j, 0.99), "min": float(t.min[j]), "max": float(t.max[j])}
        for level in LEVELS:
            tag = f"{round(level * 100):d}"
            ret[f"var{tag}"] = t.value_at_risk(j, level)
            ret[f"es{tag}"] = t.expected_shortfall(j, level)
        returns = Stats(**ret)
        return returns.scaled(self._scale(j)), returns

    def probability_of_loss(self, threshold: float, holding: int | None = None, *,
                            day_one: bool = False) -> float:
        """P(return ≤ −threshold); ``threshold`` 0.2 is "lose 20% or more"."""
        return self.tally.probability_below(self.series(holding, day_one=day_one), -threshold)

    def histogram(self, bins: int = 60, holding: int | None = None, *,
                  day_one: bool = False) -> Histogram:
        """Histogram of P&L in money."""
        j = self.series(holding, day_one=day_one)
        edges, counts = self.tally.histogram(j, bins)
        return Histogram(tuple((edges * self._scale(j)).tolist()), tuple(counts.tolist()))

    def distribution(self) -> PnlDistribution:
        """The statistics a result carries (``Result.distribution``), in money and returns."""
        money, returns = self.stats(0)
        day_money, day_returns = self.stats(self.series(day_one=True))
        holdings = []
        for i, ticker in enumerate(self.tickers):
            h_money, h_returns = self.stats(i + 1)
            holdings.append(HoldingSpread(
                ticker, h_money, h_returns,
                float(self.expected_day_one[i] - 1.0) * np.sign(self.value_before[i] or 1.0)))
        expected_instant = float((self.expected_day_one - 1.0) @ self.value_before)
        pv = self.portfolio_value
        return PnlDistribution(
            draws=self.draws, seed=self.seed, noise=self.noise, currency=self.currency,
            horizon_q=self.horizon_q, money=money, returns=returns,
            probability_of_loss={p: self.probability_of_loss(p) for p in LOSS_THRESHOLDS},
            day_one=DayOneSpread(day_money, day_returns, expected_instant,
                                 expected_instant / pv if pv else 0.0),
            holdings=tuple(holdings), variance_share=dict(self.variance_share),
            histogram=self.histogram())


def simulate(book, scenario: Scenario, draws: int, *, seed: int | None = None,
             noise: bool = False, chunk_draws: int = 16 * BLOCK,
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
    h = book.basket.shape[0]
    v0 = book.value_before
    scale_p = abs(float(v0.sum())) or 1.0
    scale_h = np.where(v0 != 0, np.abs(v0), 1.0)

    if noise:
        market_vol = load_library().field("category:market", "volatility")
        vol, load_m, load_a, load_i = noise_loadings(kernel, market_vol)
        noisy = np.flatnonzero(vol > 0)
        tau = scenario.horizon_q / 4.0
        sig = vol[noisy] * np.sqrt(tau)
        drift = -0.5 * sig * sig

    tally = Tally(h + 2)
    day_one_sum = np.zeros(h)
    k = len(uncertain)
    herm_y = np.zeros((_SHARE_DEGREE, k))  # Σ y·He_d(z_j)
    herm_1 = np.zeros((_SHARE_DEGREE, k))  # Σ He_d(z_j)
    n_blocks = -(-draws // BLOCK)
    per_chunk = max(1, -(-int(chunk_draws) // BLOCK))
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
            for d, values in zip(dists, Distribution.from_normals(dists, z), strict=True):
                p[d.parameter] = values
        horizon_noise = None
        if noise:
            e = rng.standard_normal((2 + noisy.size, nb))
            zc = (load_m[noisy][:, None] * e[0] + load_a[noisy][:, None] * e[1]
                  + load_i[noisy][:, None] * e[2:])
            horizon_noise = np.ones((kernel.n_companies, nb))
            horizon_noise[noisy] = np.exp(sig[:, None] * zc + drift[:, None])
        ratios = kernel.holding_ratios(p, horizon_noise)
        day_one = np.broadcast_to(ratios.day_one, (h, nb))
        horizon = np.broadcast_to(ratios.horizon, (h, nb))
        block = np.empty((h + 2, nb))
        gain = horizon - 1.0
        np.dot(v0 / scale_p, gain, out=block[0])
        np.multiply(gain, (v0 / scale_h)[:, None], out=block[1:h + 1])
        np.dot(v0 / scale_p, day_one - 1.0, out=block[h + 1])
        tally.add(block)
        day_one_sum += day_one.sum(axis=1)
        if k:
            # He_1..He_3 = z, z² − 1, z³ − 3z: from the sums of z, z², z³ and
            # of y times them (products of ten rows: small enough that BLAS
            # does not wake helper threads, which would then spin).
            y = block[0]
            z2 = z * z
            z3 = z2 * z
            s_y = [z @ y, z2 @ y, z3 @ y]
            s_1 = [z.sum(axis=1), z2.sum(axis=1), z3.sum(axis=1)]
            herm_y += (s_y[0], s_y[1] - y.sum(), s_y[2] - 3.0 * s_y[0])
            herm_1 += (s_1[0], s_1[1] - nb, s_1[2] - 3.0 * s_1[0])
    if progress is not None:
        progress(1.0)

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
        expected_day_one=day_one_sum / draws, uncertain=uncertain,
        variance_share=dict(sorted(shares.items(), key=lambda kv: -kv[1])),
        currency=book.base_currency, horizon_q=scenario.horizon_q,
    )

