"""The presets on the bundled price history (MODEL.md §10): bounded day one, every holding covered."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

md = pytest.importorskip("engine.marketdata")

from engine import evaluate, load_scenario, portfolio_from_records, prepare  # noqa: E402
from engine.scenario import PRESET_NAMES  # noqa: E402

NAMES = ["NVDA", "TSLA", "AMZN", "META", "ORCL"]
REFERENCE = date(2025, 1, 27)


def largest_daily_move(symbol: str) -> float:
    h = md.price_history()
    r = h.returns_before([symbol], h.last_date + timedelta(days=1), 10_000)
    return float(np.nanmax(np.abs(r[symbol].to_numpy(float))))


@pytest.fixture(scope="module")
def books():
    records = [{"ticker": t, "shares": 1} for t in NAMES]
    return {as_of: prepare(portfolio_from_records(records), as_of=as_of)
            for as_of in (REFERENCE, None)}


#: Presets whose files argue for exceeding the bound for a few high-loading names.
ARGUED = ("deepseek-r1", "panic-and-recovery")


@pytest.mark.parametrize("preset", [p for p in PRESET_NAMES if p not in ARGUED])
def test_no_library_stock_moves_beyond_its_largest_day(preset):
    from engine.library import load_library

    h, lib = md.price_history(), load_library()
    names = [t for t in lib.companies.index
             if lib.companies.at[t, "kind"] == "stock" and h.has(t)]
    r = h.returns_before(names, h.last_date + timedelta(days=1), 10_000)
    largest = r.abs().max()
    for as_of in (REFERENCE, None):
        book = prepare(portfolio_from_records(
            [{"ticker": t, "shares": 1, "price": 100.0} for t in names]), as_of=as_of)
        moves = evaluate(book, load_scenario(preset)).holdings.set_index("ticker")
        over = [t for t in names if abs(moves.at[t, "return_instant"]) > largest[t]]
        assert not over, (preset, as_of, over)


def test_the_argued_presets_say_so_in_their_files():
    from engine.paths import resource

    for preset in ARGUED:
        text = resource(f"scenarios/{preset}.toml").read_text(encoding="utf-8")
        assert "this file argues for exceeding it" in text


@pytest.mark.parametrize("preset", PRESET_NAMES)
def test_no_day_one_move_beyond_the_stocks_largest_day(books, preset):
    sc = load_scenario(preset)
    for book in books.values():
        h = evaluate(book, sc).holdings.set_index("ticker")
        for t in NAMES:
            assert abs(h.at[t, "return_instant"]) <= largest_daily_move(t), (preset, t)


def test_deepseek_r1_reproduces_nvda_on_the_reference_day(books):
    h = evaluate(books[REFERENCE], load_scenario("deepseek-r1")).holdings.set_index("ticker")
    assert h.at["NVDA", "return_instant"] == pytest.approx(-0.17, abs=0.02)


def test_fifteen_holdings_none_at_zero_but_cash():
    records = [{"ticker": t, "shares": 10} for t in
               ("NVDA", "MSFT", "AAPL", "GOOGL", "AMZN", "QQQ", "VOO", "VTI", "SOXL", "TQQQ",
                "7203.T", "8035.T", "6758.T", "SPY", "SOXX")]
    records.append({"ticker": "USD", "shares": 1000, "kind": "cash"})
    book = prepare(portfolio_from_records(records), as_of=REFERENCE)
    h = evaluate(book, load_scenario("deepseek-r1")).holdings.set_index("ticker")
    for t, row in h.iterrows():
        if row["kind"] == "cash":
            assert row["return_instant"] == 0.0
        else:
            assert round(row["return_instant"], 4) != 0.0, t
            assert row["exposure"] != "fallback", t
    assert h.at["SOXL", "return_instant"] == pytest.approx(3 * h.at["SOXX", "return_instant"])
    assert h.at["VOO", "return_instant"] == pytest.approx(h.at["SPY", "return_instant"])
