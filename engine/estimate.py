"""Point-in-time market exposures from daily returns (MODEL.md §9, item 2).

For an as-of date D every number here comes from the daily returns of the
``WINDOW`` trading days strictly before D (``PriceHistory.returns_before``
never returns a day on or after D), so a price on or after D cannot change
an estimate.

**The factors.**  The market factor is the S&P 500 (``^GSPC``, else SPY).
The AI-infrastructure factor is the Philadelphia Semiconductor index (``^SOX``,
else SOXX or SMH).  The SOX is the one public, rules-based basket of the
AI-hardware complex with a long daily history (NVDA, AVGO, AMD, TSM,
equipment and memory), its membership fixed by its provider rather than
picked after the fact; MODEL.md §4 names "co-movement with the semiconductor
index in the year before" as the proxy for the narrative.  (Checked on the
calibration day, 27 January 2025: a basket of the library's own AI hardware
names, or the SOX net of the market, ranked that day's moves worse.)

**The regressions.**  For each security, one-factor least squares on the
days it has data: ``r = a + beta·market + e`` gives the market beta and
``r = a + loading·SOX + e`` the AI loading, each day's residual weighted by
``2^(−age/HALFLIFE)`` so the newer days weigh more (a loading on the AI story
drifts as what a company sells changes; docs/model.md §5.1).  Each is shrunk
toward the median of the security's industry (else its sector, else every name) with weight
``τ² / (τ² + se²)``: ``se`` is the coefficient's standard error and ``τ²`` the
spread of the true coefficients across the industry (cross-sectional
variance less mean sampling variance), so a short or noisy
history moves toward its peers and a long, clean one keeps its own number.
The peers are the whole priced universe, never the portfolio, so an estimate
does not depend on what else is held.

**What the model takes.**  ``beta`` is the market beta; ``narrative`` is the
AI loading (the SOX itself has narrative 1; a name that has moved against
it gets a negative narrative and gains from a de-rating of the AI story),
clipped to ``NARRATIVE_RANGE``; ``volatility`` is the annualised standard
deviation of daily returns; ``ai_loading`` (the Monte Carlo's noise input)
is the correlation with the SOX net of the market (its return minus its
market beta times the market's), so that it adds to the market correlation
instead of repeating it.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
import types
import warnings
import weakref
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from engine.errors import InputError
from engine.paths import resource

__all__ = ["AI_FACTOR_CANDIDATES", "MARKET_CANDIDATES", "MIN_OBSERVATIONS", "NARRATIVE_RANGE",
           "WINDOW", "Estimates", "estimate_universe"]

#: Trading days of returns before the as-of date (about a year).
WINDOW = 250
#: Fewer days than this and a security takes its industry's numbers only.
MIN_OBSERVATIONS = 60
#: Peers needed for an industry (else sector, else all) prior.
MIN_PEERS = 5
#: The factors, first available wins (Yahoo spellings; docs/data.md).
MARKET_CANDIDATES = ("^GSPC", "SPY", "IVV", "VOO")
AI_FACTOR_CANDIDATES = ("^SOX", "SOXX", "SMH")
#: A guard against a wild number from a bad price, not a modelling choice:
#: no security in the bundled history has an AI loading outside it.
NARRATIVE_RANGE = (-1.0, 3.0)
#: Half-life, in trading days, of the weight a day's return gets (the newest
#: day weighs 1, a day this long before it ½, the first day of the window ¼).
HALFLIFE = 125.0
_TRADING_DAYS = 252.0


@dataclass(frozen=True, eq=False)
class Estimates:
    """The estimates of one as-of date for the priced universe.

    ``frame`` is indexed by symbol with columns ``beta``, ``ai_loading_beta``
    (the loading, before clipping to the narrative range), ``narrative``,
    ``volatility``, ``ai_correlation``, ``n_obs``, ``group`` (the peers it was
    shrunk toward: ``industry:…``, ``sector:…`` or ``all``) and ``own`` (True when
    it had at least :data:`MIN_OBSERVATIONS` days of its own).
    """

    as_of: date
    market: str
    ai_factor: str
    window: int
    first_day: date | None
    last_day: date | None
    frame: pd.DataFrame
    priors: dict[str, dict]

    def get(self, symbol: str) -> dict | None:
        """The row of ``symbol`` as a dict, or ``None`` when it has no estimate."""
        cols = self.__dict__.get("_cols")
        if cols is None:  # one conversion to plain lists, then index look-ups
            f = self.frame
            cols = ({s: i for i, s in enumerate(f.index)},
                    {c: f[c].tolist() for c in f.columns})
            self.__dict__["_cols"] = cols
        i = cols[0].get(symbol)
        return None if i is None else {c: v[i] for c, v in cols[1].items()}

    def industry_prior(self, industry: str | None, sector: str | None) -> dict:
        """The shrinkage target for a security with no (or too little) history."""
        for key in (f"industry:{industry}" if industry else None,
                    f"sector:{sector}" if sector else None, "all"):
            if key is not None and key in self.priors:
                return self.priors[key]
        return self.priors["all"]


def _first_available(history, names: Sequence[str]) -> str | None:
    return next((s for s in names if history.has(s)), None)


def day_weights(days: int, halflife: float = HALFLIFE) -> np.ndarray:
    """Weights of ``days`` daily returns, oldest first, halving every ``halflife`` days.

    Scaled so that they sum to the effective number of days
    ``(Σw)² / Σw²``: the standard errors of the weighted least squares then
    come out of the unweighted formulas (about 211 of 250 days at the default
    half-life).
    """
    w = 0.5 ** ((days - 1 - np.arange(days)) / halflife)
    return w * w.sum() / (w * w).sum()


def _ols(y: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, ...]:
    """Least squares of every column of ``y`` ``(T, N)`` on ``[1, f]`` (``x`` is ``(T, 2)``).

    Days where a column is NaN are skipped for that column.  Returns
    coefficients ``(N, 2)`` (intercept, slope) and their standard errors
    ``(N, 2)``; NaN where a column has fewer than four days.
    """
    f = x[:, 1]
    mask = np.isfinite(y)
    y0 = np.where(mask, y, 0.0)
    ones = np.ones_like(f)
    n, sx, sxx = np.vstack([ones, f, f * f]) @ mask.astype(float)
    sy, sxy = np.vstack([ones, f]) @ y0
    return _ols_from_sums(n, mask.sum(axis=0), sx, sxx, sy, np.einsum("tn,tn->n", y0, y0), sxy)


def _ols_from_sums(n, days, sx, sxx, sy, syy, sxy) -> tuple[np.ndarray, np.ndarray]:
    """The closed form of :func:`_ols` from (weighted) sums over each column's days.

    ``n`` is the sum of the day weights (the effective number of days),
    ``days`` the number of days with data; no per-column matrix inverse.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        det = n * sxx - sx * sx
        slope = (n * sxy - sx * sy) / det
        icpt = (sy - slope * sx) / n
        ssr = np.maximum(syy - icpt * sy - slope * sxy, 0.0)
        s2 = ssr / np.maximum(n - 2.0, 1.0)
        se_slope = np.sqrt(s2 * n / det)
        se_icpt = np.sqrt(s2 * sxx / det)
    ok = (days > 3) & (det > 0)
    coef = np.where(ok[:, None], np.column_stack([icpt, slope]), np.nan)
    se = np.where(ok[:, None], np.column_stack([se_icpt, se_slope]), np.nan)
    return coef, se


def _group_priors(values: pd.DataFrame, sampling_var: pd.DataFrame, labels: pd.Series,
                  everyone: pd.DataFrame, everyone_var: pd.DataFrame) -> pd.DataFrame:
    """Median and spread of each column per group label (``"all"`` for every row).

    The spread ``τ²`` of a coefficient is its variance across the group less the
    mean sampling variance of its members' estimates (the method-of-moments
    estimate of how much the true coefficients differ), never below 0.05².
    Groups with fewer than :data:`MIN_PEERS` members are left out; ``everyone``
    (and its sampling variances) gives the ``"all"`` row.
    """
    cols = list(values.columns)
    parts = []
    for key, frame, svar in ((labels, values, sampling_var),
                             (pd.Series("all", index=everyone.index), everyone, everyone_var)):
        g = frame.groupby(key)
        med = g.median()
        var = g.var(ddof=1).fillna(0.0)
        noise = svar.groupby(key).mean().reindex(columns=cols, fill_value=0.0)
        tau2 = (var - noise).clip(lower=0.05 ** 2).add_suffix("_tau2")
        out = pd.concat([med, tau2], axis=1)
        out["n"] = g.size()
        parts.append(out[out["n"] >= MIN_PEERS] if key is labels else out)
    return pd.concat(parts)


def estimate_universe(as_of: date, *, history=None, master=None,
                      symbols: Sequence[str] | None = None,
                      window: int = WINDOW,
                      progress: Callable[[float], None] | None = None) -> Estimates:
    """Estimates for every security with price history, as of ``as_of``.

    ``history`` and ``master`` default to :func:`engine.marketdata.price_history`
    and :func:`engine.marketdata.security_master`; ``symbols`` to every symbol
    of the master that has price history.  Uses only returns strictly before
    ``as_of``.
    """
    if history is None or master is None:
        from engine.marketdata import price_history, security_master
        history = history if history is not None else price_history()
        master = master if master is not None else security_master()
    market = _first_available(history, MARKET_CANDIDATES)
    ai = _first_available(history, AI_FACTOR_CANDIDATES)
    if market is None or ai is None:
        raise InputError("the bundled price history has no market index (S&P 500) or "
                         "semiconductor index (SOX) series; the estimates need both")
    if symbols is None:
        symbols = [s for s in master.symbols() if history.has(s)]
    symbols = sorted(set(symbols) - {market, ai})
    dates, block = history.return_block([market, ai, *symbols], as_of, window)
    if progress:
        progress(0.3)
    both = np.isfinite(block[:, 0]) & np.isfinite(block[:, 1])
    dates, block = dates[both], block[both]
    f_m, f_s, y = block[:, 0], block[:, 1], block[:, 2:]
    if len(f_m) < MIN_OBSERVATIONS:
        raise InputError(
            f"only {len(f_m)} trading days of index history before {as_of:%Y-%m-%d}; the "
            f"estimates need at least {MIN_OBSERVATIONS} (the bundled history starts "
            f"{history.first_date:%Y-%m-%d}); choose a later as-of date")
    dm = f_m - f_m.mean()
    sox_beta = float(dm @ (f_s - f_s.mean()) / (dm @ dm))
    f_ai = f_s - sox_beta * f_m  # the SOX with the market taken out (for the correlation)
    w = day_weights(len(f_m))
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        # Symbols without a single day in the window give NaN, never a warning.
        warnings.simplefilter("ignore", RuntimeWarning)
        mask = np.isfinite(y)
        y0 = np.where(mask, y, 0.0)
        # Every weighted sum over each column's days in two products, as einsums:
        # a BLAS product would wake helper threads that then spin, costing
        # twice the CPU time of the whole estimate.
        n_w, sx_m, sxx_m, sx_s, sxx_s, sa, saa = np.einsum(
            "kt,tn->kn", np.vstack([w, w * f_m, w * f_m * f_m, w * f_s, w * f_s * f_s,
                                    w * f_ai, w * f_ai * f_ai]), mask.astype(float))
        sy, sxy_m, sxy_s, say = np.einsum("kt,tn->kn", np.vstack([w, w * f_m, w * f_s, w * f_ai]),
                                          y0)
        syy = np.einsum("t,tn->n", w, y0 * y0)
        n_obs = mask.sum(axis=0).astype(float)
        coef_m, se_m = _ols_from_sums(n_w, n_obs, sx_m, sxx_m, sy, syy, sxy_m)
        coef_s, se_s = _ols_from_sums(n_w, n_obs, sx_s, sxx_s, sy, syy, sxy_s)
        if progress:
            progress(0.7)
        var_y = (syy - sy * sy / n_w) / (n_w - 1.0)
        vol = np.sqrt(np.maximum(var_y, 0.0) * _TRADING_DAYS)
        corr = (n_w * say - sa * sy) / np.sqrt((n_w * saa - sa * sa) * (n_w * syy - sy * sy))

    frame = pd.DataFrame({"beta": coef_m[:, 1], "ai_loading_beta": coef_s[:, 1],
                          "volatility": vol, "ai_correlation": corr, "n_obs": n_obs},
                         index=pd.Index(symbols, name="symbol"))
    labels_of = _peer_labels(master)
    pairs = [labels_of.get(s) or labels_of.setdefault(s, _labels(master.get(s)))
             for s in symbols]
    industry = np.array([p[0] for p in pairs], dtype=object)
    sector = np.array([p[1] for p in pairs], dtype=object)
    own = (frame["n_obs"] >= MIN_OBSERVATIONS).to_numpy()
    cols = ["beta", "ai_loading_beta", "volatility", "ai_correlation"]
    svar = pd.DataFrame({"beta": se_m[:, 1] ** 2, "ai_loading_beta": se_s[:, 1] ** 2},
                        index=frame.index)
    # Peers: the industry, else the sector, else every name (a label "industry:"
    # or "sector:" with nothing after it is no group).
    labels = pd.Series(np.concatenate([industry[own], sector[own]]),
                       index=np.concatenate([frame.index[own], frame.index[own]]))
    stacked = pd.concat([frame.loc[own, cols], frame.loc[own, cols]])
    stacked.index = labels.index
    sv = pd.concat([svar.loc[own], svar.loc[own]])
    sv.index = labels.index
    keep = ~labels.isin(["industry:", "sector:"]).to_numpy()
    table = _group_priors(stacked.reset_index(drop=True)[keep],
                          sv.reset_index(drop=True)[keep],
                          labels.reset_index(drop=True)[keep],
                          frame.loc[own, cols], svar.loc[own])
    known = set(table.index)
    group = np.array([i if i in known else s if s in known else "all"
                      for i, s in zip(industry, sector, strict=True)], dtype=object)
    frame["group"] = group
    prior = table.loc[group]
    prior.index = frame.index
    for c in ("beta", "ai_loading_beta"):
        tau2 = prior[f"{c}_tau2"]
        w = (tau2 / (tau2 + svar[c])).where(own, 0.0).fillna(0.0)
        frame[c] = (w * frame[c].fillna(0.0) + (1.0 - w) * prior[c])
    for c in ("volatility", "ai_correlation"):
        frame[c] = frame[c].where(own, prior[c])
    frame["narrative"] = frame["ai_loading_beta"].clip(*NARRATIVE_RANGE)
    frame["own"] = own
    priors = {str(k): {c: float(v) for c, v in row.items()}
              for k, row in table.to_dict("index").items()}
    return Estimates(as_of, market, ai, window, _day(dates[0]), _day(dates[-1]), frame, priors)


def _labels(security) -> tuple[str, str]:
    return (f"industry:{getattr(security, 'industry', None) or ''}",
            f"sector:{getattr(security, 'sector', None) or ''}")


_LABELS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _peer_labels(master) -> dict[str, tuple[str, str]]:
    """Symbol → (industry, sector) peer labels, kept per master (filled as asked)."""
    try:
        return _LABELS.setdefault(master, {})
    except TypeError:  # a master that cannot be weakly referenced: no cache
        return {}


def _day(value) -> date:
    return pd.Timestamp(value).date()


@lru_cache(maxsize=4)
def shipped_estimates(as_of: date) -> Estimates:
    """:func:`estimate_universe` on the shipped data, cached per date.

    The estimates of the latest valuation (the day after the last close,
    what the app and ``jevons run`` price at) are also kept in the user's data
    folder (:func:`cache_file`), so every start after the first reads them
    instead of working them out again.  The file is keyed by the bundled data
    files (size and time of change), this code and its constants, and the
    versions that compute it; a file whose
    key differs, or that cannot be read, is ignored and written anew.
    """
    from engine.marketdata import price_history

    if as_of != price_history().last_date + timedelta(days=1):
        return estimate_universe(as_of)
    key = _cache_key(as_of)
    path = cache_file()
    cached = _read_cache(path, key)
    if cached is not None:
        return cached
    estimates = estimate_universe(as_of)
    _write_cache(path, key, estimates)
    return estimates


# -- the file of the latest estimates ---------------------------------------------------
#: The layout of the file below; a new layout makes old files miss.
_CACHE_LAYOUT = 1


def cache_file() -> Path:
    """``estimates_cache.npz`` beside the price cache (``JEVONS_DATA_DIR`` overrides the folder)."""
    from engine.marketdata.refresh import cache_path

    return cache_path().parent / "estimates_cache.npz"


def _hash_code(h, code: types.CodeType) -> None:
    h.update(code.co_code)
    h.update(repr(code.co_names).encode())
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            _hash_code(h, c)
        elif isinstance(c, frozenset):  # its order follows the string hash seed
            h.update(repr(sorted(map(repr, c))).encode())
        else:
            h.update(repr(c).encode())


def _cache_key(as_of: date) -> str:
    """A digest of everything the estimates of ``as_of`` follow from."""
    from engine import __version__
    from engine.marketdata import history, master

    h = hashlib.sha256(f"{_CACHE_LAYOUT}|{__version__}|{np.__version__}|{pd.__version__}|"
                       f"{as_of.isoformat()}|{_code_digest()}".encode())
    for parts in (history.CLOSES_FILE, master.MASTER_FILE):
        # The data files by size and time of change, not by their 11 MB of bytes:
        # start-up would read and hash them only to make this key.
        stat = resource(*parts).stat()
        h.update(f"|{'/'.join(parts)}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return h.hexdigest()


@cache
def _code_digest() -> str:
    """A digest of the code the estimates come from: this module, the history and master
    methods it calls, and its constants (the code cannot change while the app runs)."""
    from engine.marketdata import history, master

    h = hashlib.sha256()
    code = [f for f in vars(sys.modules[__name__]).values()
            if isinstance(f, types.FunctionType) and f.__module__ == __name__]
    code += [history.PriceHistory.returns_before, history.PriceHistory.return_block,
             history.PriceHistory.has,
             history.load_price_history, master.load_master, master.SecurityMaster.__init__,
             master.SecurityMaster.get, master.SecurityMaster.symbols,
             master.SecurityMaster._security]
    for f in sorted(code, key=lambda f: f.__qualname__):
        h.update(f.__qualname__.encode())
        _hash_code(h, f.__code__)
    h.update(repr((WINDOW, MIN_OBSERVATIONS, MIN_PEERS, MARKET_CANDIDATES, AI_FACTOR_CANDIDATES,
                   NARRATIVE_RANGE, _TRADING_DAYS, HALFLIFE)).encode())
    return h.hexdigest()


def _write_cache(path: Path, key: str, est: Estimates) -> None:
    """Store ``est`` under ``key``; a folder that refuses is left alone (the file only saves time)."""
    from engine.atomic import atomic_write

    frame = est.frame
    meta = {"key": key, "as_of": est.as_of.isoformat(), "market": est.market,
            "ai_factor": est.ai_factor, "window": est.window,
            "first_day": None if est.first_day is None else est.first_day.isoformat(),
            "last_day": None if est.last_day is None else est.last_day.isoformat(),
            "priors": est.priors, "columns": list(frame.columns)}
    arrays = {f"c{i}": (frame[c].to_numpy(str) if frame[c].dtype.kind not in "fb"
                        else frame[c].to_numpy()) for i, c in enumerate(frame.columns)}
    buf = io.BytesIO()
    np.savez(buf, meta=np.array(json.dumps(meta)), symbols=frame.index.to_numpy(str), **arrays)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, buf.getvalue(), overwrite=True)
    except (OSError, InputError):
        pass


def _read_cache(path: Path, key: str) -> Estimates | None:
    """The estimates stored under ``key`` at ``path``, or None (missing, another key, unreadable)."""
    try:
        with np.load(io.BytesIO(path.read_bytes()), allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            if meta.get("key") != key:
                return None
            columns = {}
            for i, c in enumerate(meta["columns"]):
                values = z[f"c{i}"]
                columns[c] = values.tolist() if values.dtype.kind == "U" else values
            index = pd.Index(z["symbols"].tolist(), name="symbol")
        frame = pd.DataFrame(columns, index=index)
        day = date.fromisoformat
        return Estimates(day(meta["as_of"]), meta["market"], meta["ai_factor"], meta["window"],
                         None if meta["first_day"] is None else day(meta["first_day"]),
                         None if meta["last_day"] is None else day(meta["last_day"]),
                         frame, meta["priors"])
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile):
        return None
