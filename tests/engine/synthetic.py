"""A small, hand-made exposure library for tests whose numbers are checked by hand."""

from __future__ import annotations

import pandas as pd

from engine.library import FIELDS, ExposureLibrary
from engine.prices import PriceSnapshot

NEUTRAL = dict.fromkeys(FIELDS, 0.0) | {"margin": 0.5, "op_leverage": 1.0, "beta": 1.0,
                                         "volatility": 0.2}

COMPANIES = {
    # A pure GPU vendor: all revenue from GPUs, no leverage, no beta, no narrative.
    "PURE": NEUTRAL | {"gpu": 1.0, "beta": 0.0},
    # A GPU vendor with everything switched on.
    "GPUX": NEUTRAL | {"gpu": 0.8, "infra": 0.1, "op_leverage": 1.2, "beta": 2.0,
                       "narrative": 1.0, "margin": 0.6},
    # An AI user: buys compute, sells AI products.
    "USER": NEUTRAL | {"ai_upside": 0.05, "ai_cost": 0.1, "margin": 0.4, "beta": 1.2,
                       "narrative": 0.1},
    # A Tokyo equipment maker, priced in yen.
    "9999.T": NEUTRAL | {"infra": 0.3, "beta": 1.3, "narrative": 0.5, "op_leverage": 1.5},
}


def library() -> ExposureLibrary:
    companies = pd.DataFrame(
        [{"ticker": t, "name": f"{t} Corp", "name_ja": "", "kind": "stock",
          "currency": "JPY" if t.endswith(".T") else "USD", "exchange": "X",
          "category": "gpu_vendor"} for t in COMPANIES]
        + [{"ticker": "ETF1", "name": "Half GPU fund", "name_ja": "", "kind": "etf",
            "currency": "USD", "exchange": "X", "category": "other"}]
    )
    exposures = pd.DataFrame(
        [{"ticker": t, "field": f, "value": v, "source": "test", "as_of": "2025-01-24",
          "confidence": "estimate"} for t, fields in COMPANIES.items() for f, v in fields.items()]
    )
    etf = pd.DataFrame([
        {"etf": "ETF1", "constituent": "GPUX", "weight": 0.5, "as_of": "", "source": "test"},
        {"etf": "ETF1", "constituent": "category:market", "weight": 0.5, "as_of": "",
         "source": "test"},
    ])
    cats = []
    for cat, fields in {"market": NEUTRAL, "gpu_vendor": COMPANIES["GPUX"]}.items():
        cats += [{"category": cat, "label": cat, "label_ja": cat, "field": f, "value": v,
                  "rationale": "test"} for f, v in fields.items()]
    return ExposureLibrary(companies, exposures, etf, pd.DataFrame(cats))


def snapshot() -> PriceSnapshot:
    prices = pd.DataFrame([
        {"ticker": "PURE", "price": 100.0, "currency": "USD", "as_of": "2025-01-24", "source": "t"},
        {"ticker": "GPUX", "price": 50.0, "currency": "USD", "as_of": "2025-01-24", "source": "t"},
        {"ticker": "USER", "price": 20.0, "currency": "USD", "as_of": "2025-01-24", "source": "t"},
        {"ticker": "ETF1", "price": 10.0, "currency": "USD", "as_of": "2025-01-24", "source": "t"},
        {"ticker": "9999.T", "price": 1500.0, "currency": "JPY", "as_of": "2025-01-24",
         "source": "t"},
    ]).set_index("ticker")
    fx = pd.DataFrame([{"pair": "USDJPY", "rate": 150.0, "as_of": "2025-01-24",
                        "source": "t"}]).set_index("pair")
    return PriceSnapshot(prices, fx)
