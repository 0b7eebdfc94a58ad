"""What a run produces, as types: the parts of a :class:`engine.result.Result`.

Every part is a frozen dataclass, and every string that names a kind is a
:class:`enum.StrEnum` (it compares equal to its text, so ``"horizon"`` and
:attr:`Measure.HORIZON` are the same thing in a comparison and in JSON).  A
reader learns what a result holds from these types; the JSON form is written
in one place, :meth:`engine.result.Result.to_dict`, through the ``to_dict``
of each part below (same keys as DESIGN.md).

* :class:`Summary`: portfolio totals, best and worst holdings, attribution.
* :class:`Replay`: what a historical replay adds (the event, its coverage).
* :class:`PnlDistribution`: the Monte Carlo statistics (:mod:`engine.montecarlo`).
* :class:`Drivers`, :class:`ReverseStress`, :class:`Grid`: which assumption
  matters (:mod:`engine.sensitivity`).
* :class:`ModelCheck`, :class:`ReferenceCheck`: predicted against realised
  day-one returns (:mod:`engine.modelcheck`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["BreakEven", "DayOneSpread", "DriverBar", "Drivers", "ExposureSource", "Grid",
           "Histogram", "HoldingSpread", "Measure", "ModelCheck", "Mover", "PnlDistribution",
           "ReferenceCheck", "Replay", "ResultKind", "ReverseStress", "ReverseStressAnswer",
           "Stats", "Summary"]


class Measure(StrEnum):
    """The number an analysis looks at."""

    HORIZON = "horizon"  #: portfolio value at quarter T (the default)
    DAY_ONE = "day_one"  #: the day-one repricing


class ResultKind(StrEnum):
    """Where a result's numbers come from."""

    MODEL = "model"  #: the scenario model
    HISTORY = "history"  #: a replay of realised returns (engine.events.replay)


class ExposureSource(StrEnum):
    """How a holding's exposure to the scenario was found (the JSON ``exposure`` field)."""

    #: a curated company of the exposure library (filed fundamentals); "library" is the
    #: JSON value of DESIGN.md's contract
    CURATED = "library"
    LIBRARY = "library"  #: another name of CURATED (an alias)
    ESTIMATED = "estimated"  #: estimated from the stock's own price history
    INDUSTRY = "industry"  #: its industry's revenue channels
    FUND = "fund"  #: a fund seen through to its index
    FALLBACK = "fallback"  #: only the market (a category average), nothing company-specific
    UNPRICED = "unpriced"  #: no price: the holding cannot be valued
    CASH = "cash"  #: cash: moves with FX only


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, np.floating) else value


# -- the point evaluation ------------------------------------------------------
@dataclass(frozen=True)
class Mover:
    """A holding named in the summary (the best or the worst on day one)."""

    ticker: str
    return_instant: float

    def to_dict(self) -> dict[str, Any]:
        return {"ticker": self.ticker, "return_instant": self.return_instant}


@dataclass(frozen=True)
class Summary:
    """Portfolio totals of one result (base currency; returns are fractions).

    Day one is ``value_after``/``pnl``/``return_instant``; the horizon
    (quarter ``horizon_q``) is ``value_horizon``/``pnl_horizon``/
    ``return_horizon``.  ``attribution`` and ``attribution_horizon`` split
    the P&L by channel (they add up to it).  ``fallback_value`` is the
    absolute value of holdings with a market-only exposure.  Returns are over
    ``gross_exposure`` (:mod:`engine.returns`); NaN when it is zero.  ``coverage``,
    when computed, is the share of portfolio value by :class:`ExposureSource`.
    """

    value_before: float
    value_after: float
    pnl: float
    return_instant: float
    value_horizon: float
    pnl_horizon: float
    return_horizon: float
    currency: str
    horizon_q: int
    worst: Mover | None
    best: Mover | None
    attribution: Mapping[str, float]
    attribution_horizon: Mapping[str, float]
    fallback_value: float
    price_as_of: str
    fx_as_of: str
    usd_jpy: float
    coverage: Mapping[ExposureSource, float] | None = None
    #: The sum of the holdings' absolute values before: the divisor of the
    #: portfolio returns (engine.returns).
    gross_exposure: float | None = None
    #: where the prices came from ("file (2); bundled closes 2026-05-01 to 2026-08-03 (13)")
    price_sources: str = ""
    #: the valuation date asked for (``--as-of``), "" for the latest
    as_of: str = ""
    #: holdings nothing could price (valued at zero, not covered)
    unpriced: tuple[str, ...] = ()
    #: what the user must be told about the prices (unpriced holdings, stale closes)
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        doc = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "coverage"}
        doc["unpriced"] = list(self.unpriced)
        doc["warnings"] = list(self.warnings)
        doc["worst"] = None if self.worst is None else self.worst.to_dict()
        doc["best"] = None if self.best is None else self.best.to_dict()
        doc["attribution"] = dict(self.attribution)
        doc["attribution_horizon"] = dict(self.attribution_horizon)
        if self.coverage is not None:
            doc["coverage"] = {str(k): v for k, v in self.coverage.items()}
        return doc


@dataclass(frozen=True)
class Replay:
    """What a replay of realised returns adds to its result (``Result.history``).

    ``covered_value``/``not_covered_value`` are absolute values of the
    holdings with and without a realised return for the event;
    ``not_covered_share`` is the second over all holdings; ``no_data``
    names the holdings without one.
    """

    event: str
    name: str
    title: str
    window: str
    attribution: str
    usd_jpy_change: float
    usd_jpy_source: str
    usd_jpy_confidence: str
    fx_applied: bool
    covered_value: float
    not_covered_value: float
    not_covered_share: float
    no_data: tuple[str, ...]
    note: str
    file: str | None
    sha256: str | None
    #: a date no event file documents, replayed from the bundled history
    plain_replay: bool = False
    #: holdings whose realised return came from the bundled closes, not the event file
    data_from_history: tuple[str, ...] = ()

    def coverage_dict(self) -> dict[str, Any]:
        """The coverage keys the JSON summary of a replay carries."""
        return {"covered_value": self.covered_value, "not_covered_value": self.not_covered_value,
                "not_covered_share": self.not_covered_share, "no_data": list(self.no_data)}

    def to_dict(self) -> dict[str, Any]:
        doc = {f.name: getattr(self, f.name) for f in fields(self)}
        doc["no_data"] = list(self.no_data)
        doc["data_from_history"] = list(self.data_from_history)
        return doc


# -- the Monte Carlo distribution ---------------------------------------------------
@dataclass(frozen=True)
class Stats:
    """Mean, percentiles, extremes, VaR and ES of one series (money or returns).

    ``varNN`` is the loss exceeded with probability 1 − NN% as a positive
    number; ``esNN`` the mean loss in that tail, positive.
    """

    mean: float
    p01: float
    p05: float
    p50: float
    p95: float
    p99: float
    min: float
    max: float
    var95: float
    es95: float
    var99: float
    es99: float

    def scaled(self, factor: float) -> Stats:
        return Stats(*(getattr(self, f.name) * factor for f in fields(self)))

    def to_dict(self) -> dict[str, float]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}


@dataclass(frozen=True)
class Histogram:
    """Counts of draws between consecutive ``edges`` (money)."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]

    def to_dict(self) -> dict[str, list]:
        return {"edges": list(self.edges), "counts": list(self.counts)}


@dataclass(frozen=True)
class HoldingSpread:
    """One holding's distribution at the horizon, and its expected day-one return."""

    ticker: str
    money: Stats
    returns: Stats
    expected_return_instant: float

    def to_dict(self) -> dict[str, Any]:
        return {"ticker": self.ticker, **self.money.to_dict(), "return": self.returns.to_dict(),
                "expected_return_instant": self.expected_return_instant}


@dataclass(frozen=True)
class DayOneSpread:
    """The portfolio's day-one distribution; ``expected_*`` is MODEL.md 5's reaction."""

    money: Stats
    returns: Stats
    expected_pnl: float
    expected_return: float

    def to_dict(self) -> dict[str, Any]:
        return {**self.money.to_dict(), "return": self.returns.to_dict(),
                "expected_pnl": self.expected_pnl, "expected_return": self.expected_return}


DISTRIBUTION_CONVENTIONS = (
    "Money in the base currency, P&L at the horizon unless under day_one; "
    "'return' blocks are fractions of the absolute value before (the gross exposure for the "
    "portfolio). varNN is the "
    "loss exceeded with probability 1-NN% as a positive number (-pXX of P&L); "
    "esNN is the mean loss in that tail, positive. day_one.expected_* is the "
    "day-one reaction of docs/model.md §4 (expectation over the draws).")


@dataclass(frozen=True)
class PnlDistribution:
    """A Monte Carlo run's statistics (``Result.distribution``).

    ``money``/``returns`` describe the portfolio's P&L at the horizon;
    ``probability_of_loss[t]`` is P(return ≤ −t); ``variance_share`` is each
    uncertain parameter's first-order share of the variance (Hermite
    projection, :mod:`engine.montecarlo`).
    """

    draws: int
    seed: int
    noise: bool
    currency: str
    horizon_q: int
    money: Stats
    returns: Stats
    probability_of_loss: Mapping[float, float]
    day_one: DayOneSpread
    holdings: tuple[HoldingSpread, ...]
    variance_share: Mapping[str, float]
    histogram: Histogram

    def to_dict(self) -> dict[str, Any]:
        return {
            "draws": self.draws, "seed": self.seed, "noise": self.noise,
            "measure": "pnl_horizon", "currency": self.currency, "horizon_q": self.horizon_q,
            **self.money.to_dict(),
            "return": self.returns.to_dict(),
            "probability_of_loss": {f"{p:g}": v for p, v in self.probability_of_loss.items()},
            "day_one": self.day_one.to_dict(),
            "holdings": [h.to_dict() for h in self.holdings],
            "variance_share": dict(self.variance_share),
            "histogram": self.histogram.to_dict(),
            "conventions": DISTRIBUTION_CONVENTIONS,
        }


# -- which assumption matters ------------------------------------------------------
@dataclass(frozen=True)
class DriverBar:
    """One tornado bar: the portfolio with one parameter at its low and high quantile.

    ``swing`` is |pnl_high − pnl_low| (base currency); ``variance_share`` its
    share of the Monte Carlo variance when a run gave one.
    """

    parameter: str
    label: str
    low_value: float
    high_value: float
    return_low: float
    return_high: float
    pnl_low: float
    pnl_high: float
    swing: float
    variance_share: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}


DRIVERS_METHOD = ("tornado: each parameter at its 5% and 95% quantile, the others at their "
                  "medians; variance_share: first-order share of the Monte Carlo variance "
                  "(projection on Hermite polynomials of degree 1-3 of each parameter's "
                  "normal score)")


@dataclass(frozen=True)
class Drivers:
    """The tornado, widest swing first (``Result.drivers``)."""

    bars: tuple[DriverBar, ...]
    measure: Measure = Measure.HORIZON
    quantiles: tuple[float, float] = (0.05, 0.95)

    def to_dict(self) -> dict[str, Any]:
        return {"measure": str(self.measure), "quantiles": list(self.quantiles),
                "method": DRIVERS_METHOD, "bars": [b.to_dict() for b in self.bars]}


@dataclass(frozen=True)
class ReverseStressAnswer:
    """The value(s) of ``parameter`` that give ``holding`` (or the portfolio) ``target_return``.

    ``solutions`` are nearest to the scenario's ``point`` first (empty when
    none in range: ``found`` is false); ``reached`` is the (min, max) return
    over the parameter's range; ``message`` says it in one English sentence.
    """

    parameter: str
    target_return: float
    holding: str | None
    measure: Measure
    solutions: tuple[float, ...]
    found: bool
    reached: tuple[float, float]
    point: float
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"parameter": self.parameter, "target_return": self.target_return,
                "holding": self.holding, "measure": str(self.measure),
                "solutions": list(self.solutions), "found": self.found,
                "reached": list(self.reached), "point": self.point, "message": self.message}


@dataclass(frozen=True)
class BreakEven:
    """One holding's break-even value of a parameter (``value`` None when none in range)."""

    ticker: str
    value: float | None
    solutions: tuple[float, ...]
    reached: tuple[float, float]
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"ticker": self.ticker, "value": self.value, "solutions": list(self.solutions),
                "reached": list(self.reached), "message": self.message}


@dataclass(frozen=True)
class ReverseStress:
    """Reverse-stress answers and each holding's break-even long-run elasticity."""

    questions: tuple[ReverseStressAnswer, ...]
    break_even: tuple[BreakEven, ...]
    measure: Measure = Measure.HORIZON

    def to_dict(self) -> dict[str, Any]:
        return {"measure": str(self.measure), "questions": [q.to_dict() for q in self.questions],
                "break_even_elasticity_long": [b.to_dict() for b in self.break_even]}


@dataclass(frozen=True, eq=False)
class Grid:
    """A sensitivity grid: ``returns[i, j]`` at ``y[i]`` (rows) and ``x[j]`` (columns).

    ``levels`` are the contour levels (returns); ``point`` is the scenario's
    (x, y).  A front end draws ``returns`` as an image and the contours at
    ``levels`` (e.g. with marching squares).
    """

    x_name: str
    y_name: str
    x: np.ndarray
    y: np.ndarray
    returns: np.ndarray
    levels: tuple[float, ...]
    point: tuple[float, float]
    measure: Measure
    holding: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"x": self.x_name, "y": self.y_name, "x_values": self.x.tolist(),
                "y_values": self.y.tolist(), "returns": self.returns.tolist(),
                "levels": list(self.levels), "point": list(self.point),
                "measure": str(self.measure), "holding": self.holding}


# -- the model check -------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class ModelCheck:
    """Predicted vs realised day-one returns, with the fit and its limits.

    ``table`` has one row per name with data (columns :data:`engine.modelcheck.TABLE_COLUMNS`;
    ``predicted`` and ``realised`` are fractions, ``error = predicted −
    realised``), sorted by realised return.  ``mae``/``spearman``/``count``
    are over the whole table; ``calibration`` holds the same for the rows of
    the shared calibration set.  ``no_data`` lists names the event has no
    return for (left out, never guessed).  ``basis`` is ``"library"`` or
    ``"holdings"``.
    """

    scenario_name: str
    event_date: str
    basis: str
    table: pd.DataFrame
    count: int
    mae: float
    spearman: float
    calibration: dict[str, float | int]
    no_data: tuple[str, ...]
    notes: tuple[str, ...]  # in English (the JSON's)
    notes_ja: tuple[str, ...] = ()

    def notes_in(self, lang: str) -> tuple[str, ...]:
        """The notes in ``lang`` ("en" or "ja")."""
        return self.notes_ja if lang == "ja" else self.notes

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (NaN becomes ``None`` in the writer)."""
        rows = self.table.to_dict("records")
        return {"scenario": self.scenario_name, "event": self.event_date, "basis": self.basis,
                "method": "model day-one price move in the security's own currency (no FX) vs "
                          "the event's realised return; MAE and Spearman rank correlation",
                "count": self.count, "mae": self.mae, "spearman": self.spearman,
                "calibration": dict(self.calibration), "rows": rows,
                "no_data": list(self.no_data), "notes": list(self.notes)}


@dataclass(frozen=True, eq=False)
class ReferenceCheck:
    """The reference preset's check against its day: per holding and over the library."""

    holdings: ModelCheck
    library: ModelCheck

    def to_dict(self) -> dict[str, Any]:
        return {"holdings": self.holdings.to_dict(), "library": self.library.to_dict()}
