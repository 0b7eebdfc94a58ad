"""Every preset against every documented event, beside naive baselines (MODEL.md §11).

For an event on date D (``resources/events/*.toml``) the cross-section is
every US-listed stock with its own price history before D and a close on D
and on the trading day before.  Everything the model and the baselines use
is estimated from the :data:`engine.estimate.WINDOW` trading days strictly
before D, so the day itself is never seen:

* **model**: each preset's day-one move (MODEL.md §5, P(0) without FX) with
  every name's exposure as :mod:`engine.exposures` builds it as of D
  (curated, else estimated from prices with its industry's channels);
* **beta to SOX**: the name's one-factor beta to the semiconductor index
  times the index's realised move that day;
* **beta to the Nasdaq-100**: the same with the Nasdaq-100 (``^NDX``, else QQQ);
* **market beta**: the same with the S&P 500.

The baselines are given the index's *realised* move on the day, which the
model never is: for rank correlation this changes nothing, for the mean
absolute error it flatters the baselines.  The figures per event and preset
are Spearman's rank correlation, the share of names whose predicted and
realised moves have the same sign, and the mean absolute error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from engine.errors import CancelledError, InputError
from engine.estimate import (
    AI_FACTOR_CANDIDATES,
    MARKET_CANDIDATES,
    Estimates,
    _first_available,
    _ols,
    estimate_universe,
)
from engine.events import list_events
from engine.exposures import ExposureResolver
from engine.library import ExposureLibrary, load_library
from engine.model import company_response, scenario_arrays
from engine.modelcheck import spearman
from engine.outcomes import ExposureSource
from engine.scenario import PRESET_NAMES, load_scenario
from engine.settings import model_settings

__all__ = ["BASELINES", "CALIBRATION_END", "NASDAQ_CANDIDATES", "Validation",
           "score", "shipped_validation", "validate", "validate_event"]

NASDAQ_CANDIDATES = ("^NDX", "QQQ", "QQQM")
#: Baseline name → the index candidates it is a beta to.
BASELINES = {"beta_sox": AI_FACTOR_CANDIDATES, "beta_ndx": NASDAQ_CANDIDATES,
             "beta_market": MARKET_CANDIDATES}
#: The last day whose moves may set a number of the model (MODEL.md §10);
#: an event after it is out of sample.
CALIBRATION_END = date(2025, 1, 31)
BASELINE_LABELS = {"beta_sox": "beta to SOX", "beta_ndx": "beta to Nasdaq-100",
                   "beta_market": "market beta"}


def score(predicted: np.ndarray, realised: np.ndarray) -> dict[str, float]:
    """Spearman, sign agreement and mean absolute error of a cross-section."""
    p, r = np.asarray(predicted, float), np.asarray(realised, float)
    ok = np.isfinite(p) & np.isfinite(r)
    p, r = p[ok], r[ok]
    if not len(p):
        return {"n": 0, "spearman": float("nan"), "sign_agreement": float("nan"),
                "mae": float("nan")}
    return {"n": len(p), "spearman": spearman(p, r),
            "sign_agreement": float(np.mean(np.sign(p) == np.sign(r))),
            "mae": float(np.mean(np.abs(p - r)))}


def _is_us(symbol: str) -> bool:
    return not symbol.startswith("^") and "." not in symbol


@dataclass(frozen=True)
class EventValidation:
    """One event: the cross-section and every preset's and baseline's figures."""

    date: str
    name: str
    as_of: str
    window: str
    names: int
    presets: dict[str, dict[str, float]]
    baselines: dict[str, dict[str, float]]
    matching_preset: str | None
    table: pd.DataFrame = field(repr=False)
    #: Baseline → the index series its beta is to (e.g. QQQ for the Nasdaq-100).
    index_symbols: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        best = max(self.baselines, key=lambda b: _nan_low(self.baselines[b]["spearman"]),
                   default=None)
        out = {"date": self.date, "event": self.name, "estimated_as_of": self.as_of,
               "estimation_window": self.window, "names": self.names,
               "matching_preset": self.matching_preset,
               "presets": self.presets, "baselines": self.baselines,
               "baseline_indices": self.index_symbols, "best_baseline": best}
        if self.matching_preset and best is not None:
            model = self.presets[self.matching_preset]["spearman"]
            out["baselines_that_win"] = [b for b, v in self.baselines.items()
                                         if _nan_low(v["spearman"]) > _nan_low(model)]
        return out


def _nan_low(x: float) -> float:
    return -np.inf if x is None or not np.isfinite(x) else float(x)


@dataclass(frozen=True)
class Validation:
    events: list[EventValidation]

    def to_dict(self) -> dict[str, Any]:
        return {"method": __doc__.split("\n\n", 1)[1].strip().replace("\n", " "),
                "events": [e.to_dict() for e in self.events]}


def validate_event(event_date: str, event_name: str = "", *, history=None, master=None,
                   library: ExposureLibrary | None = None, presets=PRESET_NAMES,
                   estimates: Estimates | None = None, scenarios: dict | None = None,
                   progress: Callable[[float], None] | None = None,
                   should_stop: Callable[[], bool] | None = None) -> EventValidation:
    """Every preset and baseline on one event date (``YYYY-MM-DD``).

    ``scenarios`` (name → :class:`engine.scenario.Scenario`) saves reading the
    presets again when several events are validated.
    """
    if history is None or master is None:
        from engine.marketdata import price_history, security_master
        history = history if history is not None else price_history()
        master = master if master is not None else security_master()
    library = library or load_library()
    day = date.fromisoformat(event_date)
    if estimates is None:
        estimates = estimate_universe(day, history=history, master=master)
    if should_stop and should_stop():
        raise CancelledError("validation stopped")
    frame = estimates.frame
    candidates = [s for s in frame.index[frame["own"]] if _is_us(s)
                  and str(getattr(master.get(s), "kind", "STOCK")).upper().endswith("STOCK")]
    realised = pd.Series({s: history.window_return(s, day, day) for s in candidates},
                         dtype=float).dropna()
    names = list(realised.index)
    if not names:
        raise InputError(f"no US stock has a close on {event_date} and the day before in the "
                         "bundled price history")
    # Baselines: one-factor betas over the same window, times the index's move.
    index_syms = {b: _first_available(history, c) for b, c in BASELINES.items()}
    returns = history.returns_before([*names, *{s for s in index_syms.values() if s}], day,
                                     estimates.window)
    preds: dict[str, np.ndarray] = {}
    y = returns[names].to_numpy(float)
    for b, sym in index_syms.items():
        if sym is None:
            continue
        move = history.window_return(sym, day, day)
        f = returns[sym].to_numpy(float)
        ok = np.isfinite(f)
        coef, *_ = _ols(y[ok], np.column_stack([np.ones(ok.sum()), f[ok]]))
        preds[b] = coef[:, 1] * (np.nan if move is None else move)
    if progress:
        progress(0.5)
    # The model: each name's exposure as of the day, every preset's day one.
    resolver = ExposureResolver(library, estimates, master)
    keys = []
    for s in names:
        res = resolver.resolve(s)
        keys.append(next(iter(res.weights)))
    fields = resolver.matrix(tuple(keys))
    settings = model_settings()
    table = pd.DataFrame({"realised": realised.to_numpy()}, index=pd.Index(names, name="symbol"))
    table["exposure"] = [ExposureSource.CURATED.value if k in library.index
                         else ExposureSource.ESTIMATED.value for k in keys]
    preset_scores = {}
    for i, name in enumerate(presets):
        if should_stop and should_stop():
            raise CancelledError("validation stopped")
        sc = (scenarios or {}).get(name) or load_scenario(name)
        resp = company_response(scenario_arrays(sc), fields, sc.horizon_q, settings)
        table[name] = resp.price[0, :, 0] - 1.0
        preset_scores[name] = score(table[name], table["realised"])
        if progress:
            progress(0.5 + 0.5 * (i + 1) / len(presets))
    baseline_scores = {}
    for b, p in preds.items():
        table[b] = p
        baseline_scores[b] = score(p, table["realised"])
    window = (f"{estimates.first_day} to {estimates.last_day}" if estimates.first_day else "")
    matching = event_name if event_name in presets else None
    return EventValidation(event_date, event_name, (estimates.last_day or day).isoformat(),
                           window, len(names), preset_scores, baseline_scores, matching, table,
                           {b: s for b, s in index_syms.items() if s})


@cache
def _preset_point(name: str):
    """A preset with its point parameters only: a day-one cross-section needs no distributions
    (reading them costs more than the rest of a preset)."""
    from engine.scenario import PRESETS_DIR, scenario_from_toml
    from engine.userfiles import parse_toml

    path = PRESETS_DIR / f"{name}.toml"
    data = dict(parse_toml(path.read_text(encoding="utf-8-sig"), file=str(path),
                           what="scenario"))
    data.pop("distributions", None)
    return scenario_from_toml(data, source=path.name, default_name=name)


def validate(*, history=None, master=None, progress: Callable[[float], None] | None = None,
             should_stop: Callable[[], bool] | None = None) -> Validation:
    """:func:`validate_event` for every documented event (``resources/events``)."""
    events = list_events()
    scenarios = {name: _preset_point(name) for name in PRESET_NAMES}
    out = []
    for i, ev in enumerate(events):
        sub = None if progress is None else (
            lambda f, i=i: progress((i + f) / len(events)))
        out.append(validate_event(ev.date, ev.name, history=history, master=master,
                                  scenarios=scenarios, progress=sub, should_stop=should_stop))
    if progress:
        progress(1.0)
    return Validation(out)


def format_text(v: Validation) -> str:
    """The figures as a plain table for the terminal."""
    lines = []
    for e in v.events:
        lines.append(f"{e.date}  {e.name}: {e.names} US names, estimates from {e.window}")
        lines.append(f"  {'':26}{'Spearman':>9}{'sign':>7}{'MAE':>8}")
        rows = [(f"model: {p}" + (" (event preset)" if p == e.matching_preset else ""), s)
                for p, s in e.presets.items()]
        rows += [(f"baseline: {BASELINE_LABELS[b]}", s) for b, s in e.baselines.items()]
        for label, s in rows:
            lines.append(f"  {label:26}{s['spearman']:9.3f}{s['sign_agreement']:7.2f}"
                         f"{s['mae']:8.4f}")
        d = e.to_dict()
        if d.get("baselines_that_win"):
            lines.append("  baselines ranking better than the event preset: "
                         + ", ".join(BASELINE_LABELS[b] for b in d["baselines_that_win"]))
    return "\n".join(lines)


@cache
def shipped_validation() -> Validation | None:
    """:func:`validate` on the shipped data, once per process; ``None`` without price history
    or with one too short for an event's window (kept too: not tried again per report)."""
    try:
        import engine.marketdata  # noqa: F401
    except ImportError:
        return None
    try:
        return validate()
    except InputError:
        return None
