"""The deepseek-r1 preset reproduces the reference day (MODEL.md §9).

Targets from the task the preset was built for: NVDA about −17% on day one,
a NASDAQ-like mix about −3%, "within a few points".  The realised figures are
read from the event store, not written here.
"""

from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("engine.marketdata")  # the calibration uses the estimated narratives

from engine import evaluate, load_scenario, portfolio_from_records, prepare
from engine.events import load_event


@pytest.fixture(scope="module")
def day_one():
    tickers = ["NVDA", "QQQ", "AVGO", "TSM", "AMD", "MSFT", "GOOGL", "AMZN", "META", "AAPL",
               "TSLA", "SPY"]
    # Exposures as of the reference day (estimated from the year before it).
    as_of = date(2025, 1, 27)
    book = prepare(portfolio_from_records(
        [{"ticker": t, "shares": 1, "price": 100.0} for t in tickers]), as_of=as_of)
    r = evaluate(book, load_scenario("deepseek-r1")).holdings.set_index("ticker")
    return r["return_instant"], load_event("2025-01-27")


def test_nvda_within_two_points(day_one):
    predicted, event = day_one
    assert predicted["NVDA"] == pytest.approx(event.return_of("NVDA"), abs=0.02)


def test_nasdaq_like_fund_within_two_points(day_one):
    predicted, event = day_one
    assert predicted["QQQ"] == pytest.approx(event.return_of("QQQ"), abs=0.02)
    assert predicted["QQQ"] < -0.01  # it falls, through its AI names


def test_hardware_falls_more_than_users(day_one):
    predicted, _ = day_one
    hardware = predicted[["NVDA", "AVGO", "TSM", "AMD"]].mean()
    users = predicted[["META", "AAPL", "AMZN", "MSFT", "GOOGL"]].mean()
    assert hardware < users - 0.05
