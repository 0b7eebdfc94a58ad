"""What a return is, for a position and for a portfolio (one definition).

A return is a P&L divided by the money at stake:

* a **position** (a holding row): P&L / |value before|.  A short that gains
  when its price falls has a positive P&L and a positive return.
* a **portfolio**: the sum of the holdings' P&L / **gross exposure**, the sum
  of |value before| over every holding (cash included).  For a long-only
  book this is the ordinary P&L / value; for a short or long/short book it
  keeps the sign of the P&L (a net-short book that gains shows a positive
  return) and stays finite when the longs and shorts cancel.

A return with nothing at stake (a zero-value position or portfolio) has no
meaning: :func:`portfolio_return` gives NaN and every writer shows "n/a" or
an empty cell.  Every writer, the XLSX formulas, the Monte Carlo and the
sensitivity tables use these functions (docs/model.md, "Returns").
"""

from __future__ import annotations

import math

import numpy as np

from engine.errors import InputError

__all__ = ["MAX_POSITION_VALUE", "check_position_value", "exact_sum", "gross_exposure",
           "portfolio_return", "position_scale"]

#: The largest |shares × price| one holding may have, in the base currency.  Far
#: above any real position (the largest listed companies are worth ~4e12 USD,
#: ~6e14 JPY) and far below where float sums of many holdings lose their cents
#: or overflow; a larger value is a typo or a hostile file.
MAX_POSITION_VALUE = 1e15


def gross_exposure(values: np.ndarray) -> float:
    """Sum of |value before| over the holdings (exactly rounded, ``math.fsum``)."""
    return exact_sum(np.abs(np.asarray(values, dtype=float)))


def exact_sum(values: np.ndarray) -> float:
    """The exactly rounded sum (``math.fsum``): a portfolio P&L or value from its holdings'."""
    v = np.asarray(values, dtype=float)
    try:
        return math.fsum(v.tolist())
    except (OverflowError, ValueError):  # an infinite part: the plain sum says so (inf, NaN)
        return float(v.sum())


def portfolio_return(pnl: float, values: np.ndarray) -> float:
    """``pnl`` over the gross exposure of ``values``; NaN when that is zero."""
    gross = gross_exposure(values)
    return float(pnl) / gross if gross else math.nan


def position_scale(values: np.ndarray) -> np.ndarray:
    """The divisor of each position's return: |value before| (1 where it is zero)."""
    v = np.asarray(values, dtype=float)
    return np.where(v != 0, np.abs(v), 1.0)


def check_position_value(value: float, currency: str, *, file: str | None = None,
                         line: int | None = None) -> None:
    """Refuse a holding whose value is not finite or beyond :data:`MAX_POSITION_VALUE`."""
    if not abs(value) <= MAX_POSITION_VALUE:  # also NaN
        shown = "not a finite number" if not math.isfinite(value) else f"{value:.3g} {currency}"
        raise InputError(f"the holding's value (shares × price) is {shown}, beyond the "
                         f"{MAX_POSITION_VALUE:.0e} {currency} one holding may have; check the "
                         "shares and price on this row", file=file, line=line)
