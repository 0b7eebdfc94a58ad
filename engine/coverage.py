"""Coverage: how much of a portfolio's value rests on which kind of exposure data.

Every holding carries an ``exposure`` label saying where its exposures come
from (``"library"`` for the curated library, ``"fallback"`` for the market
only, ``"cash"``; richer labels such as ``"estimated"``, ``"industry"``,
``"fund"`` or ``"unpriced"`` as the data grows).  Coverage is the share of the
portfolio's gross value (``|value_before|``, so a short counts by its size)
under each label.  Labels this module does not know are kept as they are,
never folded into another: a new label shows up in the coverage rather than
vanishing from it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

__all__ = [
    "MARKET_ONLY",
    "ORDER",
    "UNPRICED",
    "WARN_SHARE",
    "coverage",
    "source_label",
    "source_labels",
    "uncovered_share",
    "warns",
]

#: The labels in the order they are shown: best-founded first.
ORDER = ("library", "estimated", "industry", "fund", "cash", "fallback",
         "market-only", "unpriced")
#: Labels whose holdings move with the broad market only (no AI exposure of their own).
MARKET_ONLY = frozenset({"fallback", "market-only", "market"})
#: Labels whose holdings have no price: their value is not known.
UNPRICED = frozenset({"unpriced"})
#: Above this share of value market-only or unpriced, the app and the reports warn.
WARN_SHARE = 0.10


def source_label(source: str, lang: str) -> str:
    """The name of an exposure source in ``lang`` (resources/vocabulary.toml).

    A label the vocabulary does not know yet is shown as it is, never dropped.
    """
    from engine.vocabulary import exposure_label

    try:
        return exposure_label(source, lang)
    except KeyError:
        return str(source)


def source_labels(exposure: Sequence[str] | np.ndarray, category: Sequence[str] | np.ndarray
                  ) -> np.ndarray:
    """Each holding's exposure source, telling apart the two kinds of ``"fallback"``.

    A ``"fallback"`` holding with a category the user chose moves with that
    category's typical exposures (``"industry"``); one with no category, or
    the market category, moves with the market only (``"market-only"``).
    Every other label is returned unchanged.
    """
    labels = np.asarray(exposure, dtype=object).astype(str)
    cats = np.asarray(category, dtype=object).astype(str)
    fallback = labels == "fallback"
    market = np.isin(cats, ("", "market"))
    return np.where(fallback & market, "market-only",
                    np.where(fallback, "industry", labels))


def coverage(exposure: Sequence[str] | np.ndarray, value: Sequence[float] | np.ndarray
             ) -> dict[str, float]:
    """Share of gross value by exposure label.

    Parameters
    ----------
    exposure : (n,) labels, one per holding.
    value : (n,) value of each holding in one currency; the sign is ignored.
        A NaN value (a holding with no price) counts as 0.

    Returns
    -------
    ``{label: share}`` with every label present (a label whose holdings are
    all worth 0 has share 0.0), in :data:`ORDER`, unknown labels after it in
    alphabetical order.  Shares sum to 1, or are all 0 when the gross value is
    0; an empty portfolio gives ``{}``.
    """
    labels = np.asarray(exposure, dtype=str)
    v = np.abs(np.nan_to_num(np.asarray(value, dtype=float), nan=0.0))
    if labels.shape != v.shape:
        raise ValueError(f"coverage: {labels.shape[0]} labels for {v.shape[0]} values")
    present = set(labels.tolist())
    keys = [k for k in ORDER if k in present] + sorted(present.difference(ORDER))
    total = float(v.sum())
    return {k: (float(v[labels == k].sum()) / total if total else 0.0) for k in keys}


def uncovered_share(shares: Mapping[str, float]) -> float:
    """The share of value that is market-only or unpriced."""
    return float(sum(s for k, s in shares.items() if k in MARKET_ONLY or k in UNPRICED))


def warns(shares: Mapping[str, float]) -> bool:
    """True when more than :data:`WARN_SHARE` of the value is market-only or unpriced."""
    return uncovered_share(shares) > WARN_SHARE
