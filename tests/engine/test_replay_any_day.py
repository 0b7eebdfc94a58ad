"""Replaying any day or window of the bundled history on today's holdings."""

from __future__ import annotations

from datetime import date

import pytest

from engine import load_portfolio
from engine.errors import InputError
from engine.events import load_event, replay
from engine.marketdata import fx_history, price_history
from engine.model import prepare
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def book():
    return prepare(load_portfolio(FIXTURES / "portfolio_15_plain.csv"), base_currency="JPY")


def test_a_day_without_event_file_replays_every_holding_with_history(book):
    res = replay(book, load_event("event:2025-04-07"))
    h = res.holdings.set_index("ticker")
    assert res.history.plain_replay is True
    assert "Historical replay of 2025-04-07" in res.scenario.title
    securities = h[h["kind"] != "cash"]
    assert (securities["coverage"] == "data").all()
    d = date(2025, 4, 7)
    assert h.loc["NVDA", "event_return"] == pytest.approx(price_history().window_return("NVDA", d, d))
    assert h.loc["8035.T", "event_return"] == pytest.approx(
        price_history().window_return("8035.T", d, d))
    # the USD holding moves with the realised USD/JPY change of the day, the yen one does not
    usd = fx_history().rate("JPY", d)[0] / fx_history().rate("JPY", date(2025, 4, 4))[0] - 1
    nv = h.loc["NVDA"]
    assert nv["attr_fx"] == pytest.approx(
        nv["value_before"] * (1 + nv["event_return"]) * usd, rel=1e-9)
    assert h.loc["7203.T", "attr_fx"] == 0.0
    assert res.summary.pnl == pytest.approx(sum(res.summary.attribution.values()), rel=1e-12)


def test_a_window_compounds_from_the_close_before_its_first_day(book):
    res = replay(book, load_event("event:2025-04-03..2025-04-08"))
    h = res.holdings.set_index("ticker")
    closes = price_history().series("NVDA")
    expected = closes["2025-04-08"] / closes["2025-04-02"] - 1
    assert h.loc["NVDA", "event_return"] == pytest.approx(expected, rel=1e-6)


def test_a_documented_event_keeps_its_story_and_fills_the_rest_from_history(book):
    event = load_event("event:2025-01-27")
    assert not event.plain and event.story
    res = replay(book, event)
    h = res.holdings.set_index("ticker")
    assert (h[h["kind"] != "cash"]["coverage"] == "data").all()
    assert "SOXL" in res.history.data_from_history
    # cross-check: the event file's NVDA return agrees with the bundled closes
    d = date(2025, 1, 27)
    assert event.returns.at["NVDA", "return_event"] == pytest.approx(
        price_history().window_return("NVDA", d, d), abs=2e-3)
    # Tokyo rows run 24 → 28 January; the history uses the same window for yen holdings
    assert event.history_return("8035.T") == pytest.approx(
        event.returns.at["8035.T", "return_event"], abs=1e-4)


@pytest.mark.parametrize(("spec", "message"), [
    ("event:2025-04-05", "no market traded on 2025-04-05; the trading day before is 2025-04-04"),
    ("event:2019-01-02", "outside the bundled price history, which runs from 2024-01-02"),
    ("event:2025-04-09..2025-04-01", "ends before it starts"),
    ("event:yesterday", "write event:YYYY-MM-DD"),
])
def test_bad_replay_dates_are_clear(spec, message):
    with pytest.raises(InputError, match=message):
        load_event(spec)
