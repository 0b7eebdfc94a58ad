"""From an efficiency shock to compute demand (MODEL.md §3).

Every function here works on arrays of shape ``(draws, quarters)``: each
parameter arrives as a ``(draws,)`` array (one element for a point scenario)
and the quarter axis ``t = 0 … T`` is broadcast.  No Python loop runs over
draws or quarters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["DemandPaths", "demand_paths", "ramp"]


def ramp(t: np.ndarray, halflife_q: np.ndarray) -> np.ndarray:
    """``1 − 2^(−t/τ)``: share of a ramped change in place at quarter ``t``.

    ``t`` has shape ``(Q,)`` and ``halflife_q`` ``(n,)``; the result is ``(n, Q)``.
    """
    return 1.0 - np.exp2(-t[None, :] / np.asarray(halflife_q, dtype=float)[:, None])


@dataclass(frozen=True, eq=False)
class DemandPaths:
    """The compute-demand chain over quarters; every array is ``(draws, T+1)``.

    ``cost`` c(t): cost of a unit of AI capability relative to no shock;
    ``capability`` Q(t): AI capability demanded; ``demand`` D(t): compute
    (accelerator-hours) demanded; ``spend`` S(t); ``gpu`` G(t), ``asic`` A(t) and
    ``infra`` I(t): the three spending pools relative to no shock;
    ``cost_saving`` 1 − c(t)·(1 + π(t)): what a buyer saves, per unit spent
    before the shock, on the capability it would have bought anyway (between
    −π and 1, so the saving never exceeds the spend).
    """

    quarters: np.ndarray
    adoption: np.ndarray
    cost: np.ndarray
    elasticity: np.ndarray
    capability: np.ndarray
    demand: np.ndarray
    spend: np.ndarray
    gpu: np.ndarray
    asic: np.ndarray
    infra: np.ndarray
    cost_saving: np.ndarray


def demand_paths(p: dict[str, np.ndarray], horizon_q: int, gpu_share_baseline: float) -> DemandPaths:
    """Evaluate MODEL.md §3 for every draw in ``p``.

    Parameters
    ----------
    p
        Parameter name → ``(n,)`` float array (MODEL.md §2 names).
    horizon_q
        T, the last quarter; the quarter axis is ``0 … T``.
    gpu_share_baseline
        g₀, the GPU share of accelerator spend before the shock.
    """
    t = np.arange(horizon_q + 1, dtype=float)
    r = ramp(t, p["adoption_halflife_q"])
    alpha_t = p["adoption"][:, None] * r
    k = p["efficiency_multiple"][:, None]
    cost = 1.0 - alpha_t * (1.0 - 1.0 / k)
    eps_s = p["elasticity_short"][:, None]
    eps_l = p["elasticity_long"][:, None]
    elasticity = eps_l + (eps_s - eps_l) * np.exp2(-t[None, :] / p["elasticity_halflife_q"][:, None])
    log_cost = np.log(cost)
    capability = np.exp(-elasticity * log_cost)
    demand = np.exp((1.0 - elasticity) * log_cost)
    unit_price = 1.0 + p["gpu_price_change"][:, None] * r
    spend = demand * unit_price
    sigma_t = p["asic_shift"][:, None] * r
    gpu = spend * (1.0 - sigma_t)
    asic = spend * (1.0 + sigma_t * gpu_share_baseline / (1.0 - gpu_share_baseline))
    return DemandPaths(
        quarters=t, adoption=alpha_t, cost=cost, elasticity=elasticity,
        capability=capability, demand=demand, spend=spend, gpu=gpu, asic=asic, infra=spend,
        cost_saving=1.0 - cost * unit_price,
    )
