"""The exposure library: what each company earns from the AI build-out.

Four files in ``resources/`` (see ``resources/SOURCES.md``):

* ``companies.csv`` — ticker, names, kind (stock/etf), currency, category;
* ``exposures.csv`` — one row per (ticker, field) with value, source, as-of
  date and confidence (MODEL.md §4 fields, plus volatility and AI loading);
* ``etf_holdings.csv`` — each ETF as a basket of library tickers plus a
  remainder held as a fallback category;
* ``categories.csv`` — the fallback exposures of each category, used for
  tickers the library does not know (``market`` by default) or that the user
  assigns to a category.

The model works on a *company axis*: every library stock, every category
(``category:market`` …) and ``cash``.  A holding is a weight vector over that
axis (one-hot for a stock, a basket for an ETF).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from engine.outcomes import ExposureSource
from engine.paths import resource
from engine.tickers import normalise_ticker

__all__ = [
    "CATEGORIES",
    "FIELDS",
    "FUNDAMENTAL_FIELDS",
    "MARKET_FIELDS",
    "MODEL_FIELDS",
    "ExposureLibrary",
    "Resolution",
    "load_library",
]

#: MODEL.md §4 fields, in the order the model reads them.
MODEL_FIELDS = ("gpu", "asic", "infra", "ai_upside", "ai_cost", "compute_sell", "margin",
                "op_leverage", "beta", "narrative")
#: Every field the library carries (the model's plus the Monte Carlo's noise inputs).
FIELDS = (*MODEL_FIELDS, "volatility", "ai_loading")
#: Fields a curated name takes from its filings (``compute_sell``: share of revenue
#: from selling AI compute capacity; carried in ``exposures.csv`` for the model).
FUNDAMENTAL_FIELDS = ("gpu", "asic", "infra", "ai_upside", "ai_cost", "compute_sell",
                      "margin", "op_leverage")
#: Fields estimated from price history; a curated name without rows for them
#: takes its category's defaults (``categories.csv``) until they are estimated.
MARKET_FIELDS = ("beta", "narrative", "volatility", "ai_loading")

#: Fields a row may leave out, and their value then: ``compute_sell`` (share of
#: revenue from selling AI compute capacity) is zero for a company that sells none.
OPTIONAL_FIELDS = {"compute_sell": 0.0}

#: Categories a user may assign to a ticker the library does not know.
CATEGORIES = ("gpu_vendor", "asic_infra", "hyperscaler", "ai_user", "other")
FALLBACK_CATEGORY = "market"
CASH_KEY = "cash"


@dataclass(frozen=True)
class Resolution:
    """How one holding maps onto the company axis."""

    ticker: str
    weights: Mapping[str, float]  # company-axis key → weight (sums to 1)
    exposure: ExposureSource
    category: str  # the company's category, or the fallback category used
    reason: str  # a sentence for a tooltip / the report


class ExposureLibrary:
    """The loaded library, with the field matrix over the company axis.

    ``keys`` lists the company axis; ``matrix`` is ``(len(keys), len(FIELDS))``.
    """

    def __init__(
        self,
        companies: pd.DataFrame,
        exposures: pd.DataFrame,
        etf_holdings: pd.DataFrame,
        categories: pd.DataFrame,
    ) -> None:
        self.companies = companies.set_index("ticker", drop=False)
        self._info: dict[str, dict] = self.companies.to_dict("index")
        self.etf_holdings = etf_holdings
        self.categories = categories  # long form, with rationale
        exposures = _with_category_market_fields(self.companies, exposures, categories)
        self.exposures = exposures  # long form, with sources
        wide = _with_optional(exposures.pivot(index="ticker", columns="field", values="value"))
        missing = [f for f in FIELDS if f not in wide.columns]
        if missing:
            raise ValueError(f"exposures.csv lacks field(s) {missing}")
        cat_wide = _with_optional(categories.pivot(index="category", columns="field",
                                                   values="value"))
        stocks = list(self.companies.index[self.companies["kind"].to_numpy() == "stock"])
        # One reindex, not a .loc per ticker: this runs at start-up.
        block = wide.reindex(index=stocks, columns=list(FIELDS))
        gaps = block.isna().any(axis=1).to_numpy()
        incomplete = [t for t, gap in zip(stocks, gaps, strict=True) if gap]
        if incomplete:
            raise ValueError(f"exposures.csv lacks fields for {incomplete}")
        rows = list(block.to_numpy(float))
        keys = list(stocks)
        cat_block = cat_wide.reindex(columns=list(FIELDS)).to_numpy(float)
        for cat, row in zip(cat_wide.index, cat_block, strict=True):
            keys.append(f"category:{cat}")
            rows.append(row)
        keys.append(CASH_KEY)
        cash = dict.fromkeys(FIELDS, 0.0) | {"margin": 1.0, "op_leverage": 1.0}
        rows.append(np.array([cash[f] for f in FIELDS]))
        self.keys: tuple[str, ...] = tuple(keys)
        self.index: dict[str, int] = {k: i for i, k in enumerate(keys)}
        self.matrix = np.vstack(rows)
        self.matrix.setflags(write=False)
        self._etf: dict[str, dict[str, float]] = {}
        for etf, grp in etf_holdings.groupby("etf", sort=False):
            w: dict[str, float] = {}
            for c, wt in zip(grp["constituent"], grp["weight"], strict=True):
                w[c if c.startswith("category:") else normalise_ticker(c)] = float(wt)
            total = sum(w.values())
            self._etf[str(etf)] = {k: v / total for k, v in w.items()}

    # -- look-ups ------------------------------------------------------------
    def __contains__(self, ticker: str) -> bool:
        return normalise_ticker(ticker) in self._info

    def field(self, key: str, name: str) -> float:
        return float(self.matrix[self.index[key], FIELDS.index(name)])

    def info(self, ticker: str) -> dict | None:
        """The ``companies.csv`` row of ``ticker`` as a dict, or ``None``."""
        return self._info.get(normalise_ticker(ticker))

    def resolve(self, ticker: str, *, is_cash: bool = False,
                category: str | None = None) -> Resolution:
        """Map ``ticker`` to weights on the company axis.

        ``category`` (one of :data:`CATEGORIES`) is the user's choice for a
        ticker the library does not know; it is ignored for known tickers.
        """
        t = normalise_ticker(ticker)
        if is_cash:
            return Resolution(t, {CASH_KEY: 1.0}, ExposureSource.CASH, "cash",
                              "Cash: moves only with the exchange rate.")
        row = self._info.get(t)
        if row is not None:
            if row["kind"] == "etf":
                return Resolution(t, self._etf[t], ExposureSource.LIBRARY, str(row["category"]),
                                  "ETF: looked through to its largest holdings "
                                  "(etf_holdings.csv); the rest as a category.")
            return Resolution(t, {t: 1.0}, ExposureSource.LIBRARY, str(row["category"]),
                              "In the exposure library (exposures.csv, with sources).")
        if category:
            if f"category:{category}" not in self.index:
                raise ValueError(f"unknown category {category!r}; choose one of {CATEGORIES}")
            return Resolution(t, {f"category:{category}": 1.0}, ExposureSource.FALLBACK, category,
                              f"Not in the exposure library; uses the typical exposures "
                              f"of the category you chose ({category}).")
        return Resolution(t, {f"category:{FALLBACK_CATEGORY}": 1.0}, ExposureSource.FALLBACK,
                          FALLBACK_CATEGORY,
                          "Not in the exposure library; moves with the market only "
                          "(beta 1, no AI exposure). Assign a category to refine.")

    def table(self) -> pd.DataFrame:
        """One row per library ticker: names, kind, currency, category and fields."""
        df = self.companies.reset_index(drop=True).copy()
        for f in FIELDS:
            df[f] = [self.field(t, f) if t in self.index else np.nan for t in df["ticker"]]
        return df


def _with_optional(wide: pd.DataFrame) -> pd.DataFrame:
    """``wide`` with every :data:`OPTIONAL_FIELDS` column, missing values at their default."""
    wide = wide.copy()
    for name, default in OPTIONAL_FIELDS.items():
        wide[name] = wide[name].fillna(default) if name in wide.columns else default
    return wide


def _with_category_market_fields(companies: pd.DataFrame, exposures: pd.DataFrame,
                                 categories: pd.DataFrame) -> pd.DataFrame:
    """``exposures`` plus a row for each market field a library stock lacks.

    A curated name carries its filed fundamentals; until its beta, narrative,
    volatility and AI loading are estimated from price history it takes them
    from its category in ``categories.csv``, and the added row says so.
    """
    have = set(zip(exposures["ticker"], exposures["field"], strict=True))
    # Plain dicts, not a .loc per stock and field: this runs at start-up.
    by_cat = {(c, f): (v, r) for c, f, v, r in zip(
        categories["category"], categories["field"], categories["value"],
        categories["rationale"], strict=True)}
    added = []
    for t, kind, category in zip(companies.index, companies["kind"], companies["category"],
                                 strict=True):
        if kind != "stock":
            continue
        cat = str(category)
        for f in MARKET_FIELDS:
            if (t, f) in have or (cat, f) not in by_cat:
                continue
            value, rationale = by_cat[(cat, f)]
            added.append({"ticker": t, "field": f, "value": float(value),
                          "source": f"Category default ({cat}, resources/categories.csv) until "
                                    f"estimated from price history: {rationale}",
                          "as_of": "", "confidence": "estimate"})
    if not added:
        return exposures
    return pd.concat([exposures, pd.DataFrame(added, columns=exposures.columns)],
                     ignore_index=True)


def _read(name: str, **kwargs: object) -> pd.DataFrame:
    return pd.read_csv(resource(name), dtype=str, keep_default_na=False, **kwargs)  # type: ignore[arg-type]


@cache
def load_library() -> ExposureLibrary:
    """The shipped library (read once per process)."""
    companies = _read("companies.csv")
    companies["ticker"] = companies["ticker"].map(normalise_ticker)
    exposures = _read("exposures.csv")
    exposures["ticker"] = exposures["ticker"].map(normalise_ticker)
    exposures["value"] = exposures["value"].astype(float)
    etf = _read("etf_holdings.csv")
    etf["etf"] = etf["etf"].map(normalise_ticker)
    etf["weight"] = etf["weight"].astype(float)
    categories = _read("categories.csv")
    categories["value"] = categories["value"].astype(float)
    return ExposureLibrary(companies, exposures, etf, categories)
