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
``r = a + loading·SOX + e`` the AI loading.  Each is shrunk toward the median
of the security's industry (else its sector, else every name) with weight
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
_TRADING_DAYS = 252.0
#: Rows of the estimates converted one at a time when asked; past this many, all at once.
_ROWS_ONE_BY_ONE = 64


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
        rows = self.__dict__.setdefault("_rows", {})
        if symbol not in rows:
            if symbol not in self.frame.index:
                rows[symbol] = None
            elif len(rows) < _ROWS_ONE_BY_ONE:  # a book asks for a few of thousands
                rows[symbol] = self.frame.loc[[symbol]].to_dict("index")[symbol]
            else:  # a long book: every row in one conversion
                rows.update(self.frame.to_dict("index"))
        row = rows[symbol]
        return None if row is None else dict(row)

    def industry_prior(self, industry: str | None, sector: str | None) -> dict:
        """The shrinkage target for a security with no (or too little) history."""
        for key in (f"industry:{industry}" if industry else None,
                    f"sector:{sector}" if sector else None, "all"):
            if key is not None and key in self.priors:
                return self.priors[key]
        return self.priors["all"]


def _first_available(history, names: Sequence[str]) -> str | None:
    return next((s for s in names if history.has(s)), None)


def _moments(y: np.ndarray) -> tuple[np.ndarray, ...]:
    """Masked sums of ``y`` ``(T, N)`` (NaN = no data): mask, y with 0 for NaN, n, Σy, Σy²."""
    mask = np.isfinite(y)
    y0 = np.where(mask, y, 0.0)
    m = mask.astype(float)
    return m, y0, m.sum(axis=0), y0.sum(axis=0), np.einsum("tn,tn->n", y0, y0)


def _ols(y: np.ndarray, x: np.ndarray, moments: tuple[np.ndarray, ...] | None = None
         ) -> tuple[np.ndarray, ...]:
    """Least squares of every column of ``y`` ``(T, N)`` on ``[1, f]`` (``x`` is ``(T, 2)``).

    Days where a column is NaN are skipped for that column.  Closed form
    from masked sums (no per-column matrix inverse); ``moments`` are
    :func:`_moments` of ``y`` when already computed.  Returns coefficients
    ``(N, 2)`` (intercept, slope), their standard errors ``(N, 2)``, the number
    of observations ``(N,)`` and the residual variance ``(N,)``; NaN where a
    column has fewer than four days.
    """
    f = x[:, 1]
    m, y0, n, sy, syy = moments if moments is not None else _moments(y)
    sx, sxx = f @ m, (f * f) @ m
    sxy = f @ y0
    with np.errstate(invalid="ignore", divide="ignore"):
        det = n * sxx - sx * sx
        slope = (n * sxy - sx * sy) / det
        icpt = (sy - slope * sx) / n
        ssr = np.maximum(syy - icpt * sy - slope * sxy, 0.0)
        s2 = ssr / np.maximum(n - 2.0, 1.0)
        se_slope = np.sqrt(s2 * n / det)
        se_icpt = np.sqrt(s2 * sxx / det)
    ok = (n > 3) & (det > 0)
    coef = np.where(ok[:, None], np.column_stack([icpt, slope]), np.nan)
    se = np.where(ok[:, None], np.column_stack([se_icpt, se_slope]), np.nan)
    return coef, se, n, s2


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
    returns = history.returns_before([market, ai, *symbols], as_of, window)
    if progress:
        progress(0.3)
    both = returns[[market, ai]].notna().all(axis=1)
    returns = returns.loc[both]
    f_m = returns[market].to_numpy(float)
    f_s = returns[ai].to_numpy(float)
    if len(f_m) < MIN_OBSERVATIONS:
        raise InputError(
            f"only {len(f_m)} trading days of index history before {as_of:%Y-%m-%d}; the "
            f"estimates need at least {MIN_OBSERVATIONS} (the bundled history starts "
            f"{history.first_date:%Y-%m-%d}); choose a later as-of date")
    dm = f_m - f_m.mean()
    sox_beta = float(dm @ (f_s - f_s.mean()) / (dm @ dm))
    f_ai = f_s - sox_beta * f_m  # the SOX with the market taken out (for the correlation)
    one = np.ones_like(f_m)
    y = returns[list(symbols)].to_numpy(float) if symbols else np.empty((len(f_m), 0))
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        # Symbols without a single day in the window give NaN, never a warning.
        warnings.simplefilter("ignore", RuntimeWarning)
        mom = _moments(y)
        m, y0, n_obs, sy, syy = mom
        coef_m, se_m, _, _ = _ols(y, np.column_stack([one, f_m]), mom)
        coef_s, se_s, _, _ = _ols(y, np.column_stack([one, f_s]), mom)
        if progress:
            progress(0.7)
        var_y = (syy - sy * sy / n_obs) / (n_obs - 1.0)
        vol = np.sqrt(np.maximum(var_y, 0.0) * _TRADING_DAYS)
        sa, saa, say = f_ai @ m, (f_ai * f_ai) @ m, f_ai @ y0
        corr = (n_obs * say - sa * sy) / np.sqrt((n_obs * saa - sa * sa)
                                                 * (n_obs * syy - sy * sy))

    frame = pd.DataFrame({"beta": coef_m[:, 1], "ai_loading_beta": coef_s[:, 1],
                          "volatility": vol, "ai_correlation": corr, "n_obs": n_obs},
                         index=pd.Index(symbols, name="symbol"))
    info = [master.get(s) for s in symbols]
    industry = np.array([f"industry:{getattr(v, 'industry', None) or ''}" for v in info],
                        dtype=object)
    sector = np.array([f"sector:{getattr(v, 'sector', None) or ''}" for v in info],
                      dtype=object)
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
    group = np.where(np.isin(industry, list(known)), industry,
                     np.where(np.isin(sector, list(known)), sector, "all"))
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
    priors = {str(k): {c: float(v) for c, v in row.items()} for k, row in table.iterrows()}
    dates = returns.index
    return Estimates(as_of, market, ai, window, _day(dates[0]), _day(dates[-1]), frame, priors)


def _day(value) -> date:
    return value.date() if hasattr(value, "date") else value


@lru_cache(maxsize=4)
def shipped_estimates(as_of: date) -> Estimates:
    """:func:`estimate_universe` on the shipped data, cached per date.

    The estimates of the latest valuation (the day after the last close,
    what the app and ``jevons run`` price at) are also kept in the user's data
    folder (:func:`cache_file`), so every start after the first reads them
    instead of working them out again.  The file is keyed by the bundled data
    files' contents, this code and the versions that compute it; a file whose
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
        h.update(resource(*parts).read_bytes())
    return h.hexdigest()


@cache
def _code_digest() -> str:
    """A digest of the code the estimates come from: this module, the history and master
    methods it calls, and its constants (the code cannot change while the app runs)."""
    from engine.marketdata import history, master

    h = hashlib.sha256()
    code = [f for f in vars(sys.modules[__name__]).values()
            if isinstance(f, types.FunctionType) and f.__module__ == __name__]
    code += [history.PriceHistory.returns_before, history.PriceHistory.has,
             history.load_price_history, master.load_master, master.SecurityMaster.__init__,
             master.SecurityMaster.get, master.SecurityMaster.symbols,
             master.SecurityMaster._security]
    for f in sorted(code, key=lambda f: f.__qualname__):
        h.update(f.__qualname__.encode())
        _hash_code(h, f.__code__)
    h.update(repr((WINDOW, MIN_OBSERVATIONS, MIN_PEERS, MARKET_CANDIDATES, AI_FACTOR_CANDIDATES,
                   NARRATIVE_RANGE, _TRADING_DAYS)).encode())
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
