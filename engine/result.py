"""The outcome of a point evaluation, and its JSON form (DESIGN.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import pandas as pd

from engine._version import __version__
from engine.coverage import coverage, source_labels
from engine.errors import display_name
from engine.outcomes import (
    Drivers,
    ExposureSource,
    Grid,
    Mover,
    PnlDistribution,
    ReferenceCheck,
    Replay,
    ResultKind,
    ReverseStress,
    Summary,
)
from engine.returns import exact_sum, gross_exposure, portfolio_return, position_scale
from engine.scenario import Scenario
from engine.settings import ModelSettings

if TYPE_CHECKING:
    from engine.demand import DemandPaths
    from engine.portfolio import Portfolio

__all__ = ["PricedBook", "Result"]

#: Attribution channels, in the order the model switches them on (the vocabulary
#: names them: resources/vocabulary.toml).
CHANNELS = ("demand", "ai_upside", "ai_cost", "sentiment", "market", "fx")
#: The columns a result adds to the book's holdings, in order (parts_h[ch] is
#: (holdings, 2 or T+1): attr_<ch> is day one, attr_h_<ch> the horizon).
_ADDED = pd.Index(["value_after", "pnl", "value_horizon", "pnl_horizon", "return_instant",
                   "return_horizon", *(f"attr{h}_{ch}" for ch in CHANNELS for h in ("", "_h"))])


class PricedBook(Protocol):
    """What a result reads from its book (an :class:`engine.model.Book`)."""

    portfolio: Portfolio
    base_currency: str
    holdings: pd.DataFrame
    price_as_of: str
    fx_as_of: str
    usd_jpy: float

    @property
    def value_before(self) -> np.ndarray: ...

    def array(self, column: str) -> np.ndarray: ...


@dataclass(frozen=True, eq=False)
class Result:
    """Per-holding numbers, paths and attribution for one scenario.

    ``holdings`` (one row per portfolio row) has ``value_before``,
    ``value_after``/``pnl``/``return_instant`` (day one),
    ``value_horizon``/``pnl_horizon``/``return_horizon`` (quarter T), and the
    attribution ``attr_<channel>`` (day one) and ``attr_h_<channel>`` (horizon)
    in the base currency; the parts add up to ``pnl`` and ``pnl_horizon``.

    ``value_path`` is the portfolio value at quarters ``0 … T`` (quarter 0 is
    day one); ``demand`` holds the compute-demand chain for the chart.
    """

    book: PricedBook
    scenario: Scenario
    settings: ModelSettings
    holdings: pd.DataFrame
    summary: Summary
    quarters: np.ndarray
    value_path: np.ndarray
    holding_paths: np.ndarray  # (holdings, T+1) values in base currency
    demand: dict[str, np.ndarray]  # D, G, A, I, Q, c over quarters
    #: The Monte Carlo statistics, when a run was made (``engine.montecarlo``).
    distribution: PnlDistribution | None = field(default=None)
    #: Set for a historical replay (``engine.events.replay``): the event, its
    #: coverage and how the realised move is attributed.  ``None`` for the model.
    history: Replay | None = field(default=None)
    #: Which assumption matters (``engine.sensitivity``), when computed.
    drivers: Drivers | None = field(default=None)
    reverse_stress: ReverseStress | None = field(default=None)
    heatmap: Grid | None = field(default=None)
    #: The reference preset's check against its day (``engine.modelcheck``).
    model_check: ReferenceCheck | None = field(default=None)
    #: A validation of the model against reference events, when one was run;
    #: any value with a ``to_dict()`` (written under ``validation``).
    validation: Any | None = field(default=None)

    @property
    def kind(self) -> ResultKind:
        """``history`` for a replay of realised returns, ``model`` otherwise."""
        return ResultKind.HISTORY if self.history is not None else ResultKind.MODEL

    @classmethod
    def build(cls, book: PricedBook, scenario: Scenario, settings: ModelSettings,
              demand: DemandPaths | None, value_path_h: np.ndarray,
              parts_h: dict[str, np.ndarray]) -> Result:
        v0 = book.value_before
        after, horizon = value_path_h[:, 0], value_path_h[:, -1]
        # Return on the position's exposure (engine.returns): a short that gains
        # when the price falls shows a positive return.
        scale = position_scale(v0)
        pnl, pnl_horizon = after - v0, horizon - v0
        return_instant = pnl / scale
        # One float block in the order of _ADDED, then one concat: a slider move
        # rebuilds this frame, and pandas' cost per column is most of the time.
        block = np.column_stack([
            after, pnl, horizon, pnl_horizon, return_instant, pnl_horizon / scale,
            *(parts_h[ch][:, end] for ch in CHANNELS for end in (0, -1))])
        added = pd.DataFrame(block, columns=_ADDED, index=book.holdings.index)
        h = pd.concat([book.holdings, added], axis=1)
        total_before = exact_sum(v0)
        path = value_path_h.sum(axis=0)
        # The totals are exactly rounded sums of the holdings (long and short legs
        # that cancel lose nothing); returns are over the gross exposure.
        total_pnl, total_pnl_h = exact_sum(pnl), exact_sum(pnl_horizon)
        securities = np.flatnonzero(book.array("kind") != "cash")
        worst = best = None
        r = return_instant[securities]
        if not np.isnan(r).all():  # first of equals, NaN skipped (as pandas' idxmin)
            worst, best = securities[np.nanargmin(r)], securities[np.nanargmax(r)]
        ticker = book.array("ticker")
        summary = Summary(
            value_before=total_before,
            value_after=exact_sum(after),
            pnl=total_pnl,
            return_instant=portfolio_return(total_pnl, v0),
            value_horizon=exact_sum(horizon),
            pnl_horizon=total_pnl_h,
            return_horizon=portfolio_return(total_pnl_h, v0),
            currency=book.base_currency,
            horizon_q=scenario.horizon_q,
            worst=None if worst is None else Mover(str(ticker[worst]),
                                                   float(return_instant[worst])),
            best=None if best is None else Mover(str(ticker[best]), float(return_instant[best])),
            attribution={ch: float(parts_h[ch][:, 0].sum()) for ch in CHANNELS},
            attribution_horizon={ch: float(parts_h[ch][:, -1].sum()) for ch in CHANNELS},
            fallback_value=float(
                np.abs(v0[book.array("exposure") == ExposureSource.FALLBACK]).sum()),
            price_as_of=book.price_as_of,
            fx_as_of=book.fx_as_of,
            usd_jpy=book.usd_jpy,
            coverage=coverage(source_labels(book.array("exposure"), book.array("category")),
                              v0),
            gross_exposure=gross_exposure(v0),
            price_sources=book.price_sources,
            as_of=book.as_of,
            unpriced=tuple(book.unpriced),
            warnings=tuple(book.warnings),
        )
        if demand is None:  # a replay: no compute-demand chain, only the quarters valued
            quarters = np.arange(value_path_h.shape[1], dtype=float)
            return cls(book, scenario, settings, h, summary, quarters, path, value_path_h, {})
        dp = demand
        demand = {"D": dp.demand[0], "G": dp.gpu[0], "A": dp.asic[0], "I": dp.infra[0],
                  "Q": dp.capability[0], "c": dp.cost[0]}
        return cls(book, scenario, settings, h, summary, dp.quarters, path, value_path_h, demand)

    # -- views -----------------------------------------------------------------
    @property
    def currency(self) -> str:
        return self.book.base_currency

    def attribution(self, horizon: bool = False) -> pd.DataFrame:
        """Holdings × channels (base currency)."""
        prefix = "attr_h_" if horizon else "attr_"
        frame = self.holdings[[prefix + ch for ch in CHANNELS]].copy()
        frame.columns = list(CHANNELS)
        frame.index = self.holdings["ticker"]
        return frame

    def to_dict(self) -> dict[str, Any]:
        """The DESIGN.md JSON document (plus the extra fields documented there).

        The one place a result becomes JSON-ready data: every typed part is
        written here through its own ``to_dict``.
        """
        s = self.scenario
        holdings = []
        for row in self.holdings.itertuples(index=False):
            r = row._asdict()
            holdings.append({
                "ticker": r["ticker"], "name": r["name"], "kind": r["kind"],
                "shares": r["shares"], "price": r["price"], "currency": r["currency"],
                "price_source": r["price_source"], "fx_rate": r["rate"],
                "value_before": r["value_before"], "value_after": r["value_after"],
                "pnl": r["pnl"], "return_instant": r["return_instant"],
                "value_horizon": r["value_horizon"], "pnl_horizon": r["pnl_horizon"],
                "return_horizon": r["return_horizon"],
                "attribution": {ch: r[f"attr_{ch}"] for ch in CHANNELS},
                "attribution_horizon": {ch: r[f"attr_h_{ch}"] for ch in CHANNELS},
                "exposure": r["exposure"], "category": r["category"],
                "price_as_of": r.get("price_as_of", ""),
            })
            if self.history is not None:
                holdings[-1]["coverage"] = r["coverage"]
                holdings[-1]["event_return"] = r["event_return"]
        summary = self.summary.to_dict()
        if self.history is not None:
            summary |= {"kind": str(ResultKind.HISTORY), **self.history.coverage_dict()}
        doc: dict[str, Any] = {
            "app": {"name": "Jevons", "version": __version__},
            "portfolio": {"name": self.book.portfolio.name, "file": self.book.portfolio.source,
                          "sha256": self.book.portfolio.source_sha256,
                          "notes": [str(n) for n in self.book.portfolio.notes]},
            "scenario": {"name": s.name, "kind": str(self.kind), "title": s.title,
                         "story": s.story,
                         "parameters": (dict(s.parameters) if self.history is None else
                                        {"usd_jpy_change": s.parameters["usd_jpy_change"]}),
                         "distributions": {k: v.to_dict() for k, v in s.distributions.items()},
                         "file": s.source, "sha256": s.source_sha256},
            "model_settings": {
                "discount_rate": self.settings.discount_rate,
                "terminal_growth": self.settings.terminal_growth,
                "gpu_share_baseline": self.settings.gpu_share_baseline,
                "earnings_floor": self.settings.earnings_floor,
                "cost_saving_retained": self.settings.cost_saving_retained,
                "attribution_method": "sequential: " + " → ".join(CHANNELS),
            },
            "summary": summary,
            "holdings": holdings,
            "paths": {"quarters": self.quarters.tolist(),
                      "portfolio_value": self.value_path.tolist(),
                      **{k: v.tolist() for k, v in self.demand.items()}},
            "distribution": None if self.distribution is None else self.distribution.to_dict(),
        }
        if self.history is None:
            # Day one and "if the story plays out" are different things (MODEL.md §10).
            share = s.parameters.get("priced_share", 1.0)
            doc["measures"] = {
                "return_instant": f"day one: the market's reaction, pricing {share:.0%} of the "
                                  "story's change in value (priced_share) plus sentiment and "
                                  "market",
                "return_horizon": f"if the story plays out: the repricing at quarter "
                                  f"{s.horizon_q}, all of the story priced",
            }
            doc["exposures"] = {"estimated_as_of": getattr(self.book, "estimates_as_of", "")
                                or None,
                                "sources": "curated | estimated | industry | fund | fallback "
                                           "| unpriced | cash (docs/model.md §5)"}
        if self.history is not None:
            doc["history"] = self.history.to_dict()
        for key in ("drivers", "reverse_stress", "heatmap", "model_check", "validation"):
            part = getattr(self, key)
            if part is not None:
                doc[key] = part.to_dict()
        return _clean(doc)


def _clean(obj: Any) -> Any:
    """Numpy scalars → Python; NaN/inf → None (JSON has no NaN); strings printable."""
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    if isinstance(obj, np.generic):
        obj = obj.item()
    if isinstance(obj, float) and not np.isfinite(obj):
        return None
    if isinstance(obj, str):
        return display_name(obj)  # a file name that is not UTF-8 would stop the JSON
    return obj
