"""Distributions of uncertain scenario parameters (MODEL.md §6).

A scenario file may give any real parameter a distribution instead of a
point, one TOML table per parameter::

    [distributions.efficiency_multiple]
    kind = "lognormal"
    sigma = 0.5          # log-space standard deviation; median = the [parameters] value

Kinds and their keys (``low``/``high`` default to the parameter's range and
must lie inside it):

==============  =====================================  =====================
kind            keys                                   point (median)
==============  =====================================  =====================
``point``       ``value``                              ``value``
``uniform``     ``low``, ``high``                      midpoint
``triangular``  ``low``, ``mode``, ``high``            its median (not mode)
``lognormal``   ``sigma``, ``median``, [low, high]     ``median``
``truncnormal`` ``sd``, ``median``, [low, high]        ``median``
``beta``        ``concentration`` (a+b) and ``median``,
                or ``a`` and ``b``; [low, high]        ``median``
==============  =====================================  =====================

``median`` defaults to the scenario's point value, so a preset states its
central case once in ``[parameters]`` and the distribution only adds the
spread.  The point value of an uncertain parameter is always the *median* of
its distribution (after truncation to ``[low, high]``); the point evaluation
uses it.  ``lognormal`` and ``truncnormal`` are truncated to ``[low, high]``
and their location is solved so that the truncated median is ``median``;
``beta`` with ``median`` and ``concentration`` is solved for ``a`` (with
``b = concentration − a``) the same way.

Sampling is a Gaussian copula: every draw starts as a standard normal ``z``
and is mapped through ``x = F⁻¹(Φ(z))``, tabulated once per distribution on
a fine ``z`` grid (:data:`Z_GRID`) and read with linear interpolation.  One
mapping serves sampling, quantiles and the driver binning of the Monte
Carlo; the grid keeps quantiles accurate to about 1e-6 of the range.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Any

import numpy as np

from engine.errors import InputError
from engine.parameters import parameter

__all__ = ["KINDS", "Z_GRID", "Distribution", "parse_distribution"]

#: kind → (required keys, optional keys)
KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "point": ((), ("value",)),
    "uniform": (("low", "high"), ()),
    "triangular": (("low", "mode", "high"), ()),
    "lognormal": (("sigma",), ("median", "low", "high")),
    "truncnormal": (("sd",), ("median", "low", "high")),
    "beta": ((), ("a", "b", "concentration", "median", "low", "high")),
}

#: Standard-normal scores on which every distribution's quantile function is
#: tabulated; ±8.5 covers every draw but about one in 10¹⁷ (those are clamped).
Z_GRID = np.linspace(-8.5, 8.5, 2 * 2048 + 1)
_Z_STEP_INV = (Z_GRID.size - 1) / (Z_GRID[-1] - Z_GRID[0])
_Z_MID = (Z_GRID.size - 1) / 2.0
_STD = NormalDist()
_BETA_X = 0.5 - 0.5 * np.cos(np.linspace(0.0, math.pi, 8193))  # dense near 0 and 1


_STACKED: dict[tuple[int, ...], tuple[tuple[Distribution, ...], np.ndarray, np.ndarray]] = {}


def _stacked(dists: Sequence[Distribution]) -> tuple[np.ndarray, np.ndarray]:
    """The quantile tables and slopes of ``dists`` end to end (the last few kept)."""
    key = tuple(map(id, dists))
    hit = _STACKED.get(key)
    if hit is None or any(a is not b for a, b in zip(hit[0], dists, strict=True)):
        if len(_STACKED) >= 8:
            _STACKED.clear()
        hit = _STACKED[key] = (tuple(dists), np.concatenate([d._table for d in dists]),
                               np.concatenate([d._slopes for d in dists]))
    return hit[1], hit[2]


def _phi_pair(z: float) -> tuple[float, float]:
    """Φ(z) and 1 − Φ(z), each accurate in its own tail."""
    return 0.5 * math.erfc(-z / math.sqrt(2.0)), 0.5 * math.erfc(z / math.sqrt(2.0))


_TAILS: list[tuple[np.ndarray, np.ndarray]] = []


def _grid_tails() -> tuple[np.ndarray, np.ndarray]:
    """Φ and 1 − Φ on :data:`Z_GRID`, computed once (every table starts from them)."""
    if not _TAILS:
        p = np.array([_phi_pair(z)[0] for z in Z_GRID])
        q = np.array([_phi_pair(z)[1] for z in Z_GRID])
        p.setflags(write=False)
        q.setflags(write=False)
        _TAILS.append((p, q))
    return _TAILS[0]


# ---------------------------------------------------------------------------
# Quantile functions, each given p and q = 1 − p (accurate in both tails)
# ---------------------------------------------------------------------------
def _truncnormal_ppf(p: float, q: float, mu: float, s: float, a: float, b: float) -> float:
    """Quantile of N(mu, s²) truncated to [a, b] (a, b may be ±inf)."""
    return _truncnormal_table([p], [q], mu, s, a, b)[0]


def _truncnormal_table(p, q, mu: float, s: float, a: float, b: float) -> list[float]:
    """:func:`_truncnormal_ppf` for sequences ``p`` and ``q`` (the bounds' masses once)."""
    pa, qa = _phi_pair((a - mu) / s) if math.isfinite(a) else (0.0, 1.0)
    pb, qb = _phi_pair((b - mu) / s) if math.isfinite(b) else (1.0, 0.0)
    mass = pb - pa if pa < 0.5 else qa - qb
    inv_cdf, top = _STD.inv_cdf, 1.0 - 1e-16
    return [mu + s * inv_cdf(min(max(pa + pi * mass, 1e-300), top)) if pi <= 0.5
            else mu - s * inv_cdf(min(max(qb + qi * mass, 1e-300), top))
            for pi, qi in zip(p, q, strict=True)]


def _betacf(a: float, b: float, x: np.ndarray) -> np.ndarray:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny, eps = 1e-300, 1e-15
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = np.ones_like(x)
    d = 1.0 - qab * x / qap
    d = 1.0 / np.where(np.abs(d) < tiny, tiny, d)
    h = d.copy()
    for m in range(1, 1000):
        m2 = 2 * m
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)),
                   -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1.0 + aa * d
            d = 1.0 / np.where(np.abs(d) < tiny, tiny, d)
            c = 1.0 + aa / c
            c = np.where(np.abs(c) < tiny, tiny, c)
            delta = d * c
            h *= delta
        if np.all(np.abs(delta - 1.0) < eps):
            break
    return h


def _betainc_pair(a: float, b: float, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Regularised incomplete beta I_x(a, b) and its complement, both tails accurate."""
    x = np.asarray(x, dtype=float)
    lower = np.zeros_like(x)
    upper = np.zeros_like(x)
    inner = (x > 0.0) & (x < 1.0)
    direct = inner & (x < (a + 1.0) / (a + b + 2.0))
    flipped = inner & ~direct
    log_beta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    if direct.any():
        xs = x[direct]
        v = np.exp(a * np.log(xs) + b * np.log1p(-xs) - log_beta) * _betacf(a, b, xs) / a
        lower[direct], upper[direct] = v, 1.0 - v
    if flipped.any():
        ys = 1.0 - x[flipped]
        v = np.exp(b * np.log(ys) + a * np.log1p(-ys) - log_beta) * _betacf(b, a, ys) / b
        lower[flipped], upper[flipped] = 1.0 - v, v
    lower[x >= 1.0], upper[x <= 0.0] = 1.0, 1.0
    return lower, upper


def _beta_ppf_table(a: float, b: float, p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Quantiles of Beta(a, b) on [0, 1] for arrays p and q = 1 − p."""
    lower, upper = _betainc_pair(a, b, _BETA_X)
    lo_side = np.interp(p, lower, _BETA_X)
    hi_side = np.interp(q, upper[::-1], _BETA_X[::-1])
    return np.where(p <= 0.5, lo_side, hi_side)


def _bisect(fn, lo: float, hi: float, steps: int = 200) -> float:
    """Root of an increasing ``fn`` on [lo, hi] by bisection."""
    for _ in range(steps):
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        if fn(mid) < 0.0:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


# ---------------------------------------------------------------------------
# The distribution object
# ---------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Distribution:
    """One uncertain parameter: its kind, support, median and quantile table.

    ``spec`` holds the keys as written in the scenario (plus the ``median``
    taken from the point value when it was left out), for reports and
    :meth:`to_dict`.  ``low``/``high`` is the support; ``median`` the point
    value used by the point evaluation.  Build with :func:`parse_distribution`.
    """

    parameter: str
    kind: str
    spec: Mapping[str, float]
    low: float
    high: float
    median: float
    median_from_point: bool = False
    #: The quantile table on :data:`Z_GRID`, or a function that builds it on first use:
    #: reading the presets at start-up (and a slider's recentring) needs no table.
    _source: Any = field(default=None, repr=False)

    @property
    def _table(self) -> np.ndarray:
        table = self.__dict__.get("_table_cache")
        if table is None:
            table = self._source() if callable(self._source) else self._source
            object.__setattr__(self, "_table_cache", table)
        return table

    @property
    def is_point(self) -> bool:
        return self.kind == "point"

    def from_normal(self, z: np.ndarray) -> np.ndarray:
        """Map standard-normal scores ``z`` (any shape) to parameter values.

        Linear interpolation in the table on the uniform grid :data:`Z_GRID`,
        indexed directly (several times faster than a binary search).
        """
        if self.is_point:
            return np.full(np.shape(z), self.median)
        table = self._table
        pos = np.atleast_1d(np.asarray(z, dtype=float) * _Z_STEP_INV + _Z_MID)
        np.clip(pos, 0.0, table.size - 1.000001, out=pos)
        i = pos.astype(np.intp)
        pos -= i
        pos *= np.take(self._slopes, i)
        pos += np.take(table, i)
        return pos

    @staticmethod
    def from_normals(dists: Sequence[Distribution], z: np.ndarray,
                     out: np.ndarray | None = None,
                     work: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
        """:meth:`from_normal` of ``dists[i]`` on row ``i`` of ``z`` ``(k, n)``, all at once.

        The same arithmetic row by row (every table is on :data:`Z_GRID`), in
        a few passes over the whole block instead of a few per parameter.
        ``out``: a float array shaped like ``z`` to write the values into;
        ``work``: a float and an ``intp`` array shaped like ``z`` to work in (a
        caller's, reused across blocks: fresh arrays are fresh pages to fault in).
        """
        if any(d.is_point for d in dists):
            return np.stack([d.from_normal(row) for d, row in zip(dists, z, strict=True)])
        tables, slopes = _stacked(dists)
        pos = np.multiply(z, _Z_STEP_INV, out=out)
        pos += _Z_MID
        np.clip(pos, 0.0, Z_GRID.size - 1.000001, out=pos)
        # The grid index (pos ≥ 0: truncation is the floor) and the fraction
        # past it, float minus float (a float minus an integer array is
        # several times slower).
        whole, i = work if work is not None else (np.empty(pos.shape),
                                                  np.empty(pos.shape, dtype=np.intp))
        np.trunc(pos, out=whole)
        np.copyto(i, whole, casting="unsafe")
        pos -= whole
        i += (np.arange(len(dists)) * Z_GRID.size)[:, None]
        # Indices are in range (clipped above): "clip" mode needs no bounds check.
        looked_up = np.take(slopes, i, mode="clip", out=whole)
        pos *= looked_up
        pos += np.take(tables, i, mode="clip", out=looked_up)
        return pos

    @property
    def _slopes(self) -> np.ndarray:
        slopes = self.__dict__.get("_slopes_cache")
        if slopes is None:
            slopes = np.append(np.diff(self._table), 0.0)
            object.__setattr__(self, "_slopes_cache", slopes)
        return slopes

    def ppf(self, level: float) -> float:
        """The ``level`` quantile (0 < level < 1)."""
        if not 0.0 < level < 1.0:
            raise ValueError("level must be strictly between 0 and 1")
        return float(self.from_normal(np.array([_STD.inv_cdf(level)]))[0])

    def recentred(self, value: float) -> Distribution | None:
        """This distribution moved to median ``value``, or ``None`` when it cannot be.

        Kinds with a ``median`` key move with the point value (as long as it
        stays inside the support); a ``point`` becomes the new value; the
        others are dropped (the parameter becomes a point).
        """
        if self.is_point:
            return parse_distribution(self.parameter, {"kind": "point", "value": value}, value)
        if "median" not in self.spec or not self.low < value < self.high:
            return None
        spec = dict(self.spec) | {"median": float(value)}
        return parse_distribution(self.parameter, {"kind": self.kind, **spec}, value)

    def describe(self) -> str:
        """A short human description, e.g. ``lognormal(median 10, sigma 0.5) on [1, 100]``."""
        inner = ", ".join(f"{k} {v:g}" for k, v in self.spec.items() if k not in ("low", "high"))
        return f"{self.kind}({inner}) on [{self.low:g}, {self.high:g}]"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, **dict(self.spec), "low": self.low, "high": self.high,
                "median": self.median}


def parse_distribution(name: str, raw: Mapping[str, Any], point: float, *,
                       source: str | None = None) -> Distribution:
    """Validate the ``[distributions.<name>]`` table ``raw`` and build its :class:`Distribution`.

    ``point`` is the parameter's value in ``[parameters]`` (or its neutral
    default); it is the ``median`` when the table leaves that key out.
    Raises :class:`InputError` naming the table for every problem.
    """
    where = f"[distributions.{name}]"

    def fail(msg: str) -> InputError:
        return InputError(f"{where}: {msg}", file=source)

    try:
        spec_p = parameter(name)
    except KeyError as exc:
        raise fail(str(exc.args[0])) from None
    if spec_p.integer:
        raise fail(f"{name} sets the number of quarters the model runs and cannot be "
                   "uncertain; run one scenario per horizon instead")
    if not isinstance(raw, Mapping):
        raise fail("must be a table with a 'kind' key")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise fail(f"unknown or missing kind {kind!r}; choose one of {', '.join(KINDS)}")
    required, optional = KINDS[kind]
    keys = set(raw) - {"kind"}
    extra = sorted(keys - set(required) - set(optional))
    if extra:
        raise fail(f"unknown key(s) {', '.join(extra)} for kind {kind!r}; it takes "
                   f"{', '.join(required + optional)}")
    missing = [k for k in required if k not in raw]
    if missing:
        raise fail(f"kind {kind!r} needs {', '.join(missing)}")
    v: dict[str, float] = {}
    for key in keys:
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise fail(f"{key} must be a finite number, not {value!r}")
        v[key] = float(value)
    rng_text = f"[{spec_p.low:g}, {spec_p.high:g}]"
    low = v.get("low", spec_p.low)
    high = v.get("high", spec_p.high)
    if kind != "point":
        if not low < high:
            raise fail(f"low ({low:g}) must be below high ({high:g})")
        if low < spec_p.low or high > spec_p.high:
            raise fail(f"its support [{low:g}, {high:g}] reaches outside the range of {name} "
                       f"{rng_text}; set low and high inside it")
    from_point = kind in ("lognormal", "truncnormal", "beta") and "median" not in v \
        and not (kind == "beta" and ("a" in v or "b" in v))
    if from_point:
        v["median"] = float(point)

    p, q = _grid_tails()
    mid = len(Z_GRID) // 2  # z = 0: the median
    table: Any
    if kind == "point":
        value = v.get("value", float(point))
        problem = spec_p.check(value)
        if problem:
            raise fail(problem)
        return Distribution(name, kind, {"value": value}, value, value, value, "value" not in v,
                            None)  # type: ignore[arg-type]
    if kind == "uniform":
        table = np.where(p <= 0.5, low + p * (high - low), high - q * (high - low))
        median = 0.5 * (low + high)
    elif kind == "triangular":
        mode = v["mode"]
        if not low <= mode <= high:
            raise fail(f"mode ({mode:g}) must lie between low ({low:g}) and high ({high:g})")
        width = high - low
        cut = (mode - low) / width
        table = np.where(p < cut, low + np.sqrt(p * width * (mode - low)),
                         high - np.sqrt(q * width * (high - mode)))
        median = (low + math.sqrt(0.5 * width * (mode - low)) if cut >= 0.5
                  else high - math.sqrt(0.5 * width * (high - mode)))
    elif kind in ("lognormal", "truncnormal"):
        scale_key = "sigma" if kind == "lognormal" else "sd"
        s = v[scale_key]
        if s <= 0:
            raise fail(f"{scale_key} must be positive")
        median = v["median"]
        if not low < median < high:
            raise fail(f"median {median:g} must lie strictly inside [{low:g}, {high:g}]"
                       + (" (it defaults to the [parameters] value)" if from_point else ""))
        if kind == "lognormal":
            if low <= 0:
                raise fail("a lognormal needs a positive lower bound")
            fwd, inv = math.log, np.exp
        else:
            fwd, inv = float, np.asarray  # type: ignore[assignment]
        a_, b_, m_ = fwd(low), fwd(high), fwd(median)

        def table() -> np.ndarray:  # 4,097 quantiles: built on first use
            # The location that puts the median where asked: solved here, with
            # the table, so reading a scenario (or moving a slider) needs neither.
            mu = _bisect(lambda mu: _truncnormal_ppf(0.5, 0.5, mu, s, a_, b_) - m_,
                         m_ - 40 * s, m_ + 40 * s)
            return inv(np.array(_truncnormal_table(p.tolist(), q.tolist(), mu, s, a_, b_)))
    else:  # beta
        if ("a" in v) != ("b" in v):
            raise fail("give both a and b, or concentration and median")
        if "a" in v:
            if "concentration" in v or "median" in v:
                raise fail("give either a and b, or concentration and median, not both")
            a, b = v["a"], v["b"]
            if a <= 0 or b <= 0:
                raise fail("a and b must be positive")

            def shape() -> tuple[float, float]:
                return a, b
            median = None
        else:
            if "concentration" not in v:
                raise fail("kind 'beta' needs a and b, or concentration (a + b) and median")
            kappa, median = v["concentration"], v["median"]
            if kappa <= 0:
                raise fail("concentration must be positive")
            if not low < median < high:
                raise fail(f"median {median:g} must lie strictly inside [{low:g}, {high:g}]"
                           + (" (it defaults to the [parameters] value)" if from_point else ""))
            m01 = (median - low) / (high - low)

            def shape() -> tuple[float, float]:
                # I_m(a, κ − a) falls as a grows: solve for the median (with the
                # table, on first use: reading a scenario needs only the median).
                a = _bisect(lambda a: 0.5 - _betainc_pair(a, kappa - a, np.array([m01]))[0][0],
                            kappa * 1e-9, kappa * (1 - 1e-9), steps=80)
                return a, kappa - a

        def table() -> np.ndarray:
            return low + (high - low) * _beta_ppf_table(*shape(), p, q)

        if median is None:
            median = float(table()[mid])

    def finished(raw: np.ndarray) -> np.ndarray:
        out = np.maximum.accumulate(np.clip(raw, low, high))  # monotone, inside the support
        out[mid] = median
        out.setflags(write=False)
        return out

    source: Any = (lambda: finished(table())) if callable(table) else finished(table)
    return Distribution(name, kind, {k: v[k] for k in sorted(v)}, low, high, float(median),
                        from_point, source)
