"""The curated exposure library: every row sourced, dated and in range."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import math

import pandas as pd
import pytest

from engine.library import (
    FIELDS,
    FUNDAMENTAL_FIELDS,
    MARKET_FIELDS,
    ExposureLibrary,
    load_library,
)
from engine.paths import resource

#: The documented range of each field (resources/SOURCES.md, "Ranges").
RANGES = {
    "gpu": (0.0, 1.0), "asic": (0.0, 1.0), "infra": (0.0, 1.0), "compute_sell": (0.0, 1.0),
    "ai_upside": (0.0, 0.1), "ai_cost": (0.0, 0.2), "margin": (0.01, 1.0),
    "op_leverage": (1.0, 4.0), "beta": (0.0, 4.0), "narrative": (0.0, 1.0),
    "volatility": (0.05, 1.5), "ai_loading": (-1.0, 1.0),
}
CONFIDENCE = {"high", "medium", "low", "estimate"}
LATEST_AS_OF = dt.date(2025, 12, 31)


def _rows(name: str) -> list[dict[str, str]]:
    with open(resource(name), encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


EXPOSURES = _rows("exposures.csv")
COMPANIES = _rows("companies.csv")
STOCKS = [c["ticker"] for c in COMPANIES if c["kind"] == "stock"]


def test_the_library_holds_at_least_80_stocks():
    assert len(STOCKS) >= 80
    assert len(set(STOCKS)) == len(STOCKS)


@pytest.mark.parametrize("row", EXPOSURES, ids=lambda r: f"{r['ticker']}-{r['field']}")
def test_every_curated_row_is_sourced_dated_and_in_range(row):
    assert row["field"] in RANGES, f"undocumented field {row['field']}"
    assert len(row["source"].strip()) >= 10, "source must name the document and figure"
    assert dt.date.fromisoformat(row["as_of"]) <= LATEST_AS_OF
    assert row["confidence"] in CONFIDENCE
    lo, hi = RANGES[row["field"]]
    value = float(row["value"])
    assert math.isfinite(value) and lo <= value <= hi, f"{value} outside [{lo}, {hi}]"


def test_every_stock_has_every_fundamental_field_once():
    seen = pd.DataFrame(EXPOSURES).groupby(["ticker", "field"]).size()
    assert (seen == 1).all(), seen[seen != 1]
    for t in STOCKS:
        missing = [f for f in FUNDAMENTAL_FIELDS if (t, f) not in seen.index]
        assert not missing, f"{t} lacks {missing}"


def test_revenue_shares_of_a_company_add_up_to_at_most_one():
    wide = pd.DataFrame(EXPOSURES).assign(value=lambda d: d["value"].astype(float)).pivot(
        index="ticker", columns="field", values="value")
    total = wide[["gpu", "asic", "infra", "compute_sell"]].sum(axis=1)
    assert (total <= 1.0 + 1e-9).all(), total[total > 1]


def test_every_ticker_in_exposures_is_a_library_stock():
    assert {r["ticker"] for r in EXPOSURES} <= set(STOCKS)


def test_tokyo_tickers_use_one_spelling():
    tokyo = [t for t in STOCKS if t[0].isdigit()]
    assert tokyo and all(len(t) == 6 and t.endswith(".T") for t in tokyo)


def test_filings_derive_margin_and_op_leverage():
    """resources/filings.csv rebuilds the filed margin rows: exposures.csv is current."""
    path = resource("filings.csv").parent.parent / "scripts" / "build_exposures.py"
    spec = importlib.util.spec_from_file_location("build_exposures", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.build() == resource("exposures.csv").read_text(encoding="utf-8")
    hi = mod.OP_LEVERAGE_RANGE[1]
    rows = mod.derived_rows({"ticker": "X", "document": "X 10-K", "period_end": "2024-12-31",
                             "currency": "USD", "unit": "bn", "revenue": "10",
                             "gross_profit": "5", "operating_income": "0.5", "margin_used": "",
                             "confidence": "medium", "note": ""})
    assert [r["value"] for r in rows] == ["0.05", f"{hi:g}"]
    assert "clipped" in rows[1]["source"]


def test_a_name_without_market_rows_takes_its_category_defaults():
    lib = load_library()
    cat = lib.categories.set_index(["category", "field"])["value"]
    new = [t for t in STOCKS
           if not any(r["ticker"] == t and r["field"] in MARKET_FIELDS for r in EXPOSURES)]
    assert new, "the shipped library has curated names awaiting estimates"
    for t in new:
        c = lib.info(t)["category"]
        for f in MARKET_FIELDS:
            assert lib.field(t, f) == pytest.approx(float(cat[(c, f)]))
        added = lib.exposures[(lib.exposures["ticker"] == t)
                              & lib.exposures["field"].isin(MARKET_FIELDS)]
        assert len(added) == len(MARKET_FIELDS)
        assert added["source"].str.contains(f"Category default ({c}", regex=False).all()


def test_existing_market_rows_are_kept():
    lib = load_library()
    nvda = {r["field"]: float(r["value"]) for r in EXPOSURES if r["ticker"] == "NVDA"}
    for f in MARKET_FIELDS:
        assert lib.field("NVDA", f) == pytest.approx(nvda[f])


def test_a_fundamental_field_is_still_required():
    lib = load_library()
    ex = lib.exposures[~((lib.exposures["ticker"] == "VRT") & (lib.exposures["field"] == "infra"))]
    with pytest.raises(ValueError, match="VRT"):
        ExposureLibrary(lib.companies.reset_index(drop=True), ex, lib.etf_holdings, lib.categories)


def test_every_field_of_the_model_is_defined_for_every_stock():
    lib = load_library()
    for t in STOCKS:
        assert all(math.isfinite(lib.field(t, f)) for f in FIELDS)
