"""From an earnings path to a value factor (MODEL.md §5).

The value of a company relative to no shock is a discounted average of its
earnings multiplier E(t): quarterly weights ``w_t = (1 + r)^(−t/4)`` for
``t < T`` and, at ``T``, a terminal weight that values ``E(T)`` as a perpetuity
growing at ``g``.  ``F = 1`` means no change in value.

MODEL.md defines F as seen from today.  To draw a value *path*, this module
also gives the factor seen from each later quarter ``t`` (the value of the
earnings still to come, ``E(t) … E(T)``, on the same weights shifted to start
at ``t``).  Its first element is MODEL.md's F; its last is ``E(T)``.
"""

from __future__ import annotations

from functools import cache

import numpy as np

__all__ = ["forward_value_weights", "value_factor_path"]


@cache
def forward_value_weights(horizon_q: int, discount_rate: float, terminal_growth: float) -> np.ndarray:
    """Row-normalised weights ``W`` of shape ``(T+1, T+1)``.

    ``W[t, u]`` is the weight of ``E(u)`` in the value seen from quarter ``t``
    (zero for ``u < t``); each row sums to one, so ``E ≡ 1`` gives ``F ≡ 1``.
    The array is read-only and shared; do not modify it.
    """
    if not terminal_growth < discount_rate:
        raise ValueError("terminal_growth must be below discount_rate")
    T = int(horizon_q)
    quarterly = (1.0 + discount_rate) ** -0.25
    growth = ((1.0 + terminal_growth) / (1.0 + discount_rate)) ** 0.25
    perpetuity = 1.0 / (1.0 - growth)  # Σ_j growth^j: E(T) from T onwards
    lag = np.arange(T + 1)[None, :] - np.arange(T + 1)[:, None]  # u − t
    weights = np.where(lag >= 0, quarterly ** np.maximum(lag, 0), 0.0)
    weights[:, T] *= perpetuity
    weights /= weights.sum(axis=1, keepdims=True)
    weights.setflags(write=False)
    return weights


def value_factor_path(earnings: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``F(t)`` for every quarter: ``earnings`` ``(..., T+1)`` → ``(..., T+1)``.

    Computed as ``1 + (E − 1)·Wᵀ`` so that ``E ≡ 1`` gives exactly ``F ≡ 1``.
    """
    return 1.0 + (earnings - 1.0) @ weights.T
