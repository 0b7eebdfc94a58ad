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
* the three spending pools collapse to two features, because
  ``gpu·(G−1) + asic·(A−1) + infra·(I−1) = (gpu+asic+infra)·(S−1) + (asic·κ − gpu)·S·σ(t)``
  with κ = g₀/(1−g₀), so earnings are one small matrix product per block;
* F(0) is the row-0 weighted sum of E(t) over quarters, never a full path.

A parameter may be a float (the same for every draw) or an ``(n,)`` array;
floats broadcast, so fixed parameters cost nothing per draw.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from engine.library import FIELDS
from engine.settings import ModelSettings
from engine.valuation import forward_value_weights

__all__ = ["Kernel", "PortfolioValues"]

_F = {name: i for i, name in enumerate(FIELDS)}


@dataclass(frozen=True, eq=False)
class PortfolioValues:
    """Value ratios (after / before, FX included) per draw and holding; ``(n, h)``."""

    day_one: np.ndarray
    horizon: np.ndarray


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
            col("ai_cost") / col("margin"),
        ]))  # (4, m)
        self.floor_m1 = settings.earnings_floor - 1.0
        w = forward_value_weights(self.horizon_q, settings.discount_rate, settings.terminal_growth)
        self.w0 = np.ascontiguousarray(w[0, 1:])  # weights of E(1..T) in F(0)
        self.t = np.arange(1, self.horizon_q + 1, dtype=float)
        self.narrative = col("narrative")
        self.beta = col("beta")
        self.volatility = col("volatility")
        self.ai_loading = col("ai_loading")
        self.basket_t = np.ascontiguousarray(book.basket.T)  # (m, h)
        self.value_before = book.value_before  # (h,)
        self.fx_power = book.fx_power  # (h,)
        self.n_companies = f.shape[0]

    # -- company level ---------------------------------------------------------
    def company_factors(self, p: Mapping[str, float | np.ndarray],
                        horizon_noise: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Day-one and horizon price factors per company, each ``(n, m)``.

        ``p`` maps every parameter name to a float or an ``(n,)`` array.
        ``horizon_noise`` (``(n, m)``, mean one) multiplies the horizon factor.
        """
        def arg(name):
            v = p[name]
            return v[:, None] if isinstance(v, np.ndarray) and v.ndim == 1 else v

        t = self.t
        r = 1.0 - np.exp2(-t / arg("adoption_halflife_q"))
        cost = 1.0 - (arg("adoption") * (1.0 - 1.0 / arg("efficiency_multiple"))) * r
        eps_l = arg("elasticity_long")
        elasticity = eps_l + (arg("elasticity_short") - eps_l) * np.exp2(
            -t / arg("elasticity_halflife_q"))
        log_cost = np.log(cost)
        log_q = -elasticity * log_cost
        demand = np.exp(log_cost + log_q)
        spend = demand * (1.0 + arg("gpu_price_change") * r)
        n = max(np.shape(spend)[0] if np.ndim(spend) == 2 else 1, 1)
        T = self.horizon_q
        feats = np.empty((n, T, 4))
        feats[:, :, 0] = spend - 1.0
        feats[:, :, 1] = spend * (arg("asic_shift") * r)
        feats[:, :, 2] = log_q
        feats[:, :, 3] = 1.0 - demand
        e_m1 = (feats.reshape(n * T, 4) @ self.coef).reshape(n, T, -1)  # E(t) − 1, (n, T, m)
        np.maximum(e_m1, self.floor_m1, out=e_m1)
        f0_m1 = np.einsum("ntm,t->nm", e_m1, self.w0)
        eT_m1 = e_m1[:, -1, :]

        s = arg("sentiment_shock")
        market = 1.0 + self.beta * arg("market_shock")
        day_one = (1.0 + f0_m1) * (np.exp(-self.narrative * s) * market)
        s_T = s * np.exp2(-T / arg("sentiment_halflife_q"))
        horizon = (1.0 + eT_m1) * (np.exp(-self.narrative * s_T) * market)
        if horizon_noise is not None:
            horizon = horizon * horizon_noise
        return day_one, horizon

    # -- holding level -----------------------------------------------------------
    def holding_ratios(self, p: Mapping[str, float | np.ndarray],
                       horizon_noise: np.ndarray | None = None) -> PortfolioValues:
        """Each holding's value after / before in the base currency, ``(n, h)``."""
        day_one, horizon = self.company_factors(p, horizon_noise)
        fx = p["usd_jpy_change"]
        fx = fx[:, None] if isinstance(fx, np.ndarray) and fx.ndim == 1 else fx
        fx_factor = (1.0 + fx) ** self.fx_power
        return PortfolioValues(
            (1.0 + (day_one - 1.0) @ self.basket_t) * fx_factor,
            (1.0 + (horizon - 1.0) @ self.basket_t) * fx_factor,
        )

    def portfolio_pnl(self, p: Mapping[str, float | np.ndarray], *,
                      measure: str = "horizon") -> np.ndarray:
        """Portfolio P&L in the base currency per draw, ``(n,)``."""
        ratios = self.holding_ratios(p)
        r = ratios.horizon if measure == "horizon" else ratios.day_one
        return (r - 1.0) @ self.value_before
