"""An exposure for every holding, and where it came from (MODEL.md §9).

Sources, in order (the JSON ``exposure`` field of each holding):

``curated``
    A company of the exposure library: its filed fundamentals (gpu, asic,
    infra, ai_upside, ai_cost, compute_sell, margin, op_leverage); its beta,
    narrative, volatility and AI correlation from the point-in-time estimate
    when its price history allows (:mod:`engine.estimate`), unless its
    ``narrative`` row in ``exposures.csv`` has confidence ``override`` (the
    source column then gives the reason).
``fund``
    A fund of ``resources/funds.csv`` or an ETF of the library: looked through
    to a basket (``etf_holdings.csv``), a company, or the exposures estimated
    from an index fund's own prices; a leveraged or inverse fund carries its
    daily multiple (applied in :mod:`engine.model`).
``estimated``
    A security with at least :data:`engine.estimate.MIN_OBSERVATIONS` days of
    its own returns: beta, narrative (its AI loading), volatility and AI
    correlation estimated; revenue channels from its industry
    (``resources/industry_channels.csv``) scaled by its AI loading clipped to
    [0, 1].
``industry``
    A security the master knows but with too little history: its industry's
    (else sector's) median estimates and channels.
``fallback``
    Nothing known: the ``market`` category (beta 1, no AI link).
``cash``
    Moves only with the exchange rate.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from engine.library import CASH_KEY, FALLBACK_CATEGORY, FIELDS, ExposureLibrary
from engine.outcomes import ExposureSource
from engine.paths import resource
from engine.tickers import normalise_ticker
from engine.vocabulary import not_modelled

__all__ = ["SOURCES", "ExposureResolver", "HoldingExposure", "load_funds"]

SOURCES = tuple(str(s) for s in ExposureSource)
_F = {name: i for i, name in enumerate(FIELDS)}
_CHANNELS = ("gpu", "asic", "infra", "ai_upside", "ai_cost", "compute_sell")
_MARKET_FIELDS = ("beta", "narrative", "volatility", "ai_loading")


@dataclass(frozen=True)
class HoldingExposure:
    """How one holding maps onto the company axis.

    ``weights`` maps company-axis keys to weights summing to 1 (the fund's
    index for a leveraged fund); ``leverage`` is the daily multiple (1 for
    anything but a leveraged or inverse fund) and ``index_volatility`` the
    annualised volatility of what it multiplies (for the drag of daily
    resetting; NaN when the multiple is 1).
    """

    ticker: str
    weights: Mapping[str, float]
    exposure: ExposureSource
    category: str
    reason: str
    leverage: float = 1.0
    index_volatility: float = float("nan")
    #: The currency the holding's value moves with, when not its listing currency
    #: (an unhedged yen-priced trust of US stocks moves with the dollar).
    currency_exposure: str | None = None


def _norm_name(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    return re.sub(r"[\s()（）・･\-_]", "", text)


@cache
def load_funds() -> pd.DataFrame:
    """``resources/funds.csv``: each fund's look-through, multiple and source."""
    funds = pd.read_csv(resource("funds.csv"), dtype=str, keep_default_na=False)
    funds["symbol"] = funds["symbol"].map(normalise_ticker)
    funds["leverage"] = funds["leverage"].astype(float)
    return funds


@cache
def load_bond_proxies() -> pd.DataFrame:
    """``resources/bond_proxies.csv``: per currency, description patterns (first match
    wins) and the bond index fund a bond held directly moves like."""
    return pd.read_csv(resource("bond_proxies.csv"), dtype=str, keep_default_na=False)


@cache
def load_industry_channels() -> pd.DataFrame:
    table = pd.read_csv(resource("industry_channels.csv"), dtype=str, keep_default_na=False)
    for c in _CHANNELS:
        table[c] = table[c].astype(float)
    return table


@cache
def _channel_rows() -> tuple[tuple[str, dict[str, float]], ...]:
    return tuple((r["pattern"], {c: float(r[c]) for c in _CHANNELS})
                 for r in load_industry_channels().to_dict("records"))


@cache
def _channels_for(industry_text: str) -> dict[str, float]:
    """The first ``industry_channels.csv`` row whose pattern the text contains."""
    for pattern, channels in _channel_rows():
        if pattern in industry_text:
            return dict(channels)
    return dict.fromkeys(_CHANNELS, 0.0)


class ExposureResolver:
    """Resolves holdings and builds the field rows of the company axis.

    Parameters
    ----------
    library
        The curated library.
    estimates
        :class:`engine.estimate.Estimates` for the as-of date, or ``None`` (no
        price history: library numbers and the market fallback only).
    master
        The security master (``get(symbol)`` → security with ``industry`` and
        ``sector``), or ``None``.
    """

    def __init__(self, library: ExposureLibrary, estimates=None, master=None,
                 funds: pd.DataFrame | None = None) -> None:
        self.library = library
        self.estimates = estimates
        self.master = master
        self.funds = load_funds() if funds is None else funds
        self._fund_by_symbol = {r["symbol"]: r for r in self.funds.to_dict("records")}
        self._fund_by_name: dict[str, dict] = {}
        for r in self.funds.to_dict("records"):
            for alias in [r["name"], *[a for a in r["aliases"].split(";") if a]]:
                self._fund_by_name[_norm_name(alias)] = r
        overrides = library.exposures
        self._override = set(overrides.loc[(overrides["field"] == "narrative")
                                           & (overrides["confidence"] == "override"), "ticker"])
        self._rows: dict[str, np.ndarray] = {}
        #: Company-axis key → which fields were estimated and from what (for the report).
        self.estimated: dict[str, dict] = {}

    # -- look-ups ------------------------------------------------------------------
    def _estimate(self, symbol: str) -> dict | None:
        if self.estimates is None:
            return None
        return self.estimates.get(symbol)

    def _security(self, symbol: str):
        return None if self.master is None else self.master.get(symbol)

    def fund_of(self, ticker: str, name: str = "") -> dict | None:
        row = self._fund_by_symbol.get(normalise_ticker(ticker))
        if row is None:
            for text in (ticker, name):
                row = self._fund_by_name.get(_norm_name(text)) if text else None
                if row is not None:
                    break
        return row

    # -- holdings ------------------------------------------------------------------
    def resolve(self, ticker: str, *, name: str = "", is_cash: bool = False,
                category: str | None = None, kind: str = "", currency: str = ""
                ) -> HoldingExposure:
        t = normalise_ticker(ticker)
        if is_cash:
            return HoldingExposure(t, {CASH_KEY: 1.0}, ExposureSource.CASH, "cash",
                                   "Cash: moves only with the exchange rate.")
        fund = self.fund_of(t, name)
        if fund is not None:
            return self._resolve_fund(t, fund)
        info = self.library.info(t)
        if info is not None and info["kind"] == "etf":
            base = self.library.resolve(t)
            return HoldingExposure(t, base.weights, ExposureSource.FUND, base.category,
                                   base.reason)
        if info is not None:
            est = self._estimate(t)
            how = ("beta, narrative and volatility estimated from its prices before the "
                   "as-of date" if est is not None and est["own"] else
                   "beta and narrative from the library")
            return HoldingExposure(t, {t: 1.0}, ExposureSource.CURATED, str(info["category"]),
                                   f"Curated: fundamentals from filings (exposures.csv); {how}.")
        if category:
            base = self.library.resolve(t, category=category)
            return HoldingExposure(t, base.weights, ExposureSource.FALLBACK, base.category,
                                   base.reason)
        if kind == "bond":
            bond = self._resolve_bond(t, name, currency)
            if bond is not None:
                return bond
        est = self._estimate(t)
        sec = self._security(t)
        if est is not None:
            label = ExposureSource.ESTIMATED if est["own"] else ExposureSource.INDUSTRY
            group = str(est["group"]).split(":", 1)[-1]
            if label == "estimated":
                reason = (f"Estimated from {int(est['n_obs'])} days of returns before the as-of "
                          f"date: beta {est['beta']:.2f}, AI loading {est['narrative']:.2f}; "
                          f"revenue channels of its industry ({group}).")
            else:
                reason = (f"Too little price history ({int(est['n_obs'])} days): the median "
                          f"exposures of its peers ({group}).")
            return HoldingExposure(t, {f"est:{t}": 1.0}, label, group if group != "all" else "",
                                   reason)
        if sec is not None and self.estimates is not None and (sec.industry or sec.sector):
            return HoldingExposure(t, {f"ind:{t}": 1.0}, ExposureSource.INDUSTRY,
                                   str(sec.industry or sec.sector),
                                   f"No price history: the median exposures of its industry "
                                   f"({sec.industry or sec.sector}).")
        base = self.library.resolve(t)
        # An option, or a bond no proxy fits: say what the market-only fallback leaves out.
        return HoldingExposure(t, base.weights, ExposureSource.FALLBACK, FALLBACK_CATEGORY,
                               not_modelled(kind, "en") or base.reason)

    def _resolve_bond(self, t: str, name: str, currency: str) -> HoldingExposure | None:
        """A bond held directly, seen as the bond index fund of its market and kind
        (``resources/bond_proxies.csv``: the first pattern its description or symbol
        matches), with that fund's exposures estimated from its own prices; ``None``
        when no rule or no estimate fits (it then falls to the market)."""
        for rule in load_bond_proxies().to_dict("records"):
            if rule["currency"] != currency.upper():
                continue
            if not any(re.search(rule["pattern"], text, re.IGNORECASE) for text in (name, t)
                       if text):
                continue
            est = self._estimate(rule["proxy"])
            if est is None or not est["own"]:
                return None
            return HoldingExposure(
                t, {f"est:{rule['proxy']}": 1.0}, ExposureSource.INDUSTRY, rule["what"],
                f"A bond: moves like {rule['proxy']} ({rule['what']}; bond_proxies.csv), "
                f"estimated from {int(est['n_obs'])} days of its returns before the as-of "
                f"date: beta {est['beta']:.2f}, volatility {est['volatility']:.1%}.")
        return None

    def _resolve_fund(self, t: str, fund: dict) -> HoldingExposure:
        weights: dict[str, float] = {}
        unknown = []
        for part in fund["look_through"].split(";"):
            key, _, w = part.rpartition(":")
            weight = float(w)
            if key.startswith("estimate:"):
                sym = normalise_ticker(key.split(":", 1)[1])
                if self._estimate(sym) is None:
                    unknown.append(sym)
                    key = f"category:{FALLBACK_CATEGORY}"
                else:
                    key = f"est:{sym}"
            elif key.startswith("category:"):
                pass
            else:
                sub = self.library.resolve(key)
                if sub.exposure == "fallback":
                    raise ValueError(f"funds.csv: {fund['symbol']} looks through to {key}, "
                                     "which the library does not know")
                for k, v in sub.weights.items():
                    weights[k] = weights.get(k, 0.0) + weight * v
                continue
            weights[key] = weights.get(key, 0.0) + weight
        lev = float(fund["leverage"])
        vol = float("nan")
        if lev != 1.0:
            proxy = fund["look_through"].split(";")[0].rpartition(":")[0]
            vol = self._index_volatility(normalise_ticker(proxy.removeprefix("estimate:")))
        what = f"{lev:+g}× daily " if lev != 1.0 else ""
        if unknown:
            return HoldingExposure(
                t, weights, ExposureSource.FALLBACK, FALLBACK_CATEGORY,
                f"Fund: {what}{fund['index']} (funds.csv); no price history for "
                f"{', '.join(unknown)}, so the index moves with the market only.", lev, vol)
        return HoldingExposure(t, weights, ExposureSource.FUND, "fund",
                               f"Fund: {what}{fund['index']} (funds.csv), looked through.",
                               lev, vol, fund.get("currency_exposure") or None)

    def _index_volatility(self, proxy: str) -> float:
        """Annualised volatility of what a leveraged fund multiplies.

        The estimate from the prices of the fund or stock that tracks it, else
        the library's figure for it, else the market's.
        """
        est = self._estimate(proxy)
        if est is not None and est["own"]:
            return float(est["volatility"])
        lib = self.library
        if proxy in lib.index:
            return lib.field(proxy, "volatility")
        return lib.field(f"category:{FALLBACK_CATEGORY}", "volatility")

    # -- the company axis ------------------------------------------------------------
    def row(self, key: str) -> np.ndarray:
        """The :data:`engine.library.FIELDS` row of a company-axis key."""
        if key not in self._rows:
            self._rows[key] = self._build_row(key)
        return self._rows[key]

    def _build_row(self, key: str) -> np.ndarray:
        lib = self.library
        if key.startswith(("est:", "ind:")):
            sym = key[4:]
            est = self._estimate(sym)
            if est is None:  # ind: a known security without any price history
                sec = self._security(sym)
                est = self.estimates.industry_prior(getattr(sec, "industry", None),
                                                    getattr(sec, "sector", None))
                est = est | {"narrative": float(np.clip(est["ai_loading_beta"], -1.0, 3.0))}
            row = lib.matrix[lib.index[f"category:{FALLBACK_CATEGORY}"]].copy()
            row[_F["beta"]] = est["beta"]
            row[_F["narrative"]] = est["narrative"]
            row[_F["volatility"]] = est["volatility"]
            row[_F["ai_loading"]] = est["ai_correlation"]
            channels = self._industry_channels(sym)
            link = float(np.clip(est["narrative"], 0.0, 1.0))
            for c in _CHANNELS:
                row[_F[c]] = channels[c] * link
            how = (f"estimated from {int(est['n_obs'])} daily returns" if est.get("own")
                   else "median of its peers")
            self._note(key, sym, _MARKET_FIELDS, row,
                       f"{how} ({est.get('group', 'industry')}); channels of its industry "
                       f"(resources/industry_channels.csv) times its AI loading clipped to [0, 1]")
            return row
        row = lib.matrix[lib.index[key]].copy()
        est = self._estimate(key) if key in lib else None
        if est is not None and est["own"]:
            row[_F["beta"]] = est["beta"]
            row[_F["volatility"]] = est["volatility"]
            row[_F["ai_loading"]] = est["ai_correlation"]
            if key not in self._override:
                row[_F["narrative"]] = est["narrative"]
            fields = tuple(f for f in _MARKET_FIELDS
                           if not (f == "narrative" and key in self._override))
            self._note(key, key, fields, row,
                       f"estimated from {int(est['n_obs'])} daily returns (shrunk toward "
                       f"{est.get('group', 'its industry')})")
        return row

    def _note(self, key: str, symbol: str, fields: tuple[str, ...], row: np.ndarray,
              how: str) -> None:
        e = self.estimates
        window = f"{e.first_day} to {e.last_day}" if e is not None and e.first_day else ""
        self.estimated[key] = {
            "symbol": symbol, "fields": fields,
            "values": {f: float(row[_F[f]]) for f in fields},
            "source": f"engine/estimate.py as of {e.as_of if e is not None else ''}: {how}; "
                      f"beta to {e.market if e is not None else 'the market'}, narrative = "
                      f"beta to {e.ai_factor if e is not None else 'the SOX'}, window {window}",
            "as_of": str(e.as_of) if e is not None else ""}

    def _industry_channels(self, symbol: str) -> dict[str, float]:
        sec = self._security(symbol)
        text = " ".join(filter(None, (getattr(sec, "industry", None),
                                      getattr(sec, "sector", None)))).lower()
        return _channels_for(text)

    def matrix(self, keys: tuple[str, ...]) -> np.ndarray:
        return np.vstack([self.row(k) for k in keys]) if keys else np.empty((0, len(FIELDS)))
