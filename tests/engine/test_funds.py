"""Funds seen through: index funds like their index, leveraged funds by their multiple."""

from __future__ import annotations

import numpy as np
import pytest

from engine import load_scenario, portfolio_from_records
from engine.exposures import ExposureResolver, load_funds
from engine.kernel import Kernel
from engine.library import load_library
from engine.model import evaluate, leveraged_path, prepare
from engine.settings import model_settings

TICKERS = ["SPY", "VOO", "IVV", "QQQ", "QQQM", "TQQQ", "SQQQ", "SOXX", "SOXL", "SOXS",
           "NVDA", "NVDL", "VTI"]


@pytest.fixture(scope="module", params=["deepseek-r1", "jevons-boom"])
def result(request):
    book = prepare(portfolio_from_records(
        [{"ticker": t, "shares": 1, "price": 100.0} for t in TICKERS]),
        estimates=False)
    return evaluate(book, load_scenario(request.param))


def ret(result, ticker, col="return_instant"):
    h = result.holdings.set_index("ticker")
    return float(h.at[ticker, col])


def test_index_funds_move_like_their_index(result):
    for fund, index in (("VOO", "SPY"), ("IVV", "SPY"), ("QQQM", "QQQ")):
        assert ret(result, fund) == pytest.approx(ret(result, index), rel=1e-12)
        assert ret(result, fund, "return_horizon") == pytest.approx(
            ret(result, index, "return_horizon"), rel=1e-12)
    assert result.holdings.set_index("ticker").at["VOO", "exposure"] == "fund"


@pytest.mark.parametrize("fund,index,multiple", [("SOXL", "SOXX", 3), ("SOXS", "SOXX", -3),
                                                 ("TQQQ", "QQQ", 3), ("SQQQ", "QQQ", -3),
                                                 ("NVDL", "NVDA", 2)])
def test_leveraged_fund_day_one_is_its_multiple(result, fund, index, multiple):
    assert ret(result, fund) == pytest.approx(multiple * ret(result, index), rel=1e-12)
    assert ret(result, fund) != 0.0


def test_attribution_of_leveraged_funds_adds_up(result):
    h = result.holdings
    for end, pnl in (("", "pnl"), ("_h", "pnl_horizon")):
        parts = sum(h[f"attr{end}_{ch}"] for ch in ("demand", "ai_upside", "ai_cost",
                                                    "sentiment", "market", "fx"))
        np.testing.assert_allclose(parts, h[pnl], rtol=1e-9, atol=1e-9)


def test_drag_of_daily_resetting():
    # A flat index path: a 3x fund loses exp(-(9-3)/2 σ² t) to volatility.
    linear = np.zeros((2, 5))
    out = leveraged_path(linear, np.array([3.0, -1.0]), np.array([0.3, 0.3]))
    years = np.arange(5) / 4.0
    np.testing.assert_allclose(out[0], np.exp(-3.0 * 0.09 * years))
    np.testing.assert_allclose(out[1], np.exp(-1.0 * 0.09 * years))
    # Without volatility the fund compounds its multiple of the index path.
    r = np.array([[0.01, 0.05, 0.10]])
    out = leveraged_path(2.0 * r, np.array([2.0]), np.array([0.0]))
    np.testing.assert_allclose(out[0], 1.02 * ((1.0 + r[0]) / 1.01) ** 2)


def test_kernel_matches_the_model_for_leveraged_funds(result):
    book = result.book
    s = result.scenario
    day_one, horizon = Kernel(book, s.horizon_q, model_settings()).holding_ratios(
        dict(s.parameters)).__dict__.values()
    np.testing.assert_allclose(day_one[:, 0] - 1.0, result.holdings["return_instant"],
                               rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(horizon[:, 0] - 1.0, result.holdings["return_horizon"],
                               rtol=1e-9, atol=1e-12)


def test_japanese_investment_trusts_map_by_name():
    r = ExposureResolver(load_library(), None, None)
    for name, fund in (("eMAXIS Slim 米国株式（S&P500）", "EMAXIS-SP500"),
                       ("ｅＭＡＸＩＳ Ｓｌｉｍ 全世界株式（オール・カントリー）", "EMAXIS-ACWI")):
        res = r.resolve("", name=name)
        assert res.exposure == "fund", name
        assert r.fund_of("", name)["symbol"] == fund


def test_every_fund_row_resolves_and_has_a_source():
    funds = load_funds()
    r = ExposureResolver(load_library(), None, None)
    for row in funds.to_dict("records"):
        res = r.resolve(row["symbol"])
        # Without price history an index known only from its prices is market-only.
        expected = "fallback" if "estimate:" in row["look_through"] else "fund"
        assert res.exposure == expected and abs(sum(res.weights.values()) - 1.0) < 1e-9
        assert row["source"] and row["as_of"]


def test_a_yen_priced_sp500_trust_moves_with_the_dollar_like_voo():
    records = [{"ticker": "03311187", "name": "eMAXIS Slim 米国株式（S&P500）", "shares": 1000,
                "price": 30.0, "currency": "JPY"},
               {"ticker": "VOO", "shares": 1, "price": 500.0, "currency": "USD"}]
    sc = load_scenario("deepseek-r1")
    for base in ("JPY", "USD"):
        book = prepare(portfolio_from_records(records), base_currency=base, estimates=False)
        h = evaluate(book, sc).holdings
        assert h["exposure"].tolist() == ["fund", "fund"]
        trust, voo = h["return_instant"].tolist()
        # Both move with the S&P 500; against yen they carry the dollar's move,
        # for a dollar investor neither has a currency move (the trust is unhedged).
        assert trust == pytest.approx(voo, rel=1e-12)
        if base == "JPY":
            assert (h["attr_fx"] != 0.0).all()
        else:
            assert (h["attr_fx"] == 0.0).all()


def test_bonds_held_directly_move_like_the_bond_index_fund_of_their_kind():
    from engine import load_portfolio
    from engine.exposures import load_bond_proxies
    from engine.library import FIELDS
    from tests.conftest import FIXTURES

    brokers = FIXTURES / "import" / "brokers"
    bill = prepare(load_portfolio(brokers / "schwab_positions.csv"))  # "… T-BILL DUE 03/27/25"
    note = prepare(load_portfolio(brokers / "schwab_all_accounts.csv"))  # "US TREASURY NOTE …"
    flex = prepare(load_portfolio(brokers / "ibkr_flex_positions.csv"))  # "B 03/27/25"
    corporate = prepare(portfolio_from_records([
        {"ticker": "037833AL4", "name": "APPLE INC 3.85% 05/04/2043", "shares": 10_000,
         "price": 88.1, "currency": "USD", "kind": "bond"}]))
    for book, ticker, proxy in ((bill, "912797MS3", "BIL"), (note, "91282CJL6", "GOVT"),
                                (flex, "912797MS3", "BIL"), (corporate, "037833AL4", "AGG")):
        h = book.holdings.set_index("ticker")
        assert h.loc[ticker, "exposure"] == "industry", (ticker, h.loc[ticker, "exposure_reason"])
        assert h.loc[ticker, "exposure_reason"].startswith(f"A bond: moves like {proxy} (")
        row = book.fields[book.company_keys.index(f"est:{proxy}")]
        beta, vol = row[FIELDS.index("beta")], row[FIELDS.index("volatility")]
        assert abs(beta) < 0.3 and vol < 0.1  # a bond fund: no equity beta, little volatility
        assert not row[:FIELDS.index("margin")].any()  # and no AI revenue channel
    bill_row = bill.fields[bill.company_keys.index("est:BIL")]
    assert bill_row[FIELDS.index("volatility")] < 0.01  # a T-bill barely moves
    r = evaluate(bill, load_scenario("deepseek-r1")).holdings.set_index("ticker")
    assert abs(r.loc["912797MS3", "return_instant"]) < 0.001
    # Every rule's proxy is a fund with bundled prices, and the rule has a source.
    from engine.marketdata import price_history, security_master

    rules = load_bond_proxies()
    assert list(rules["proxy"]) == ["BIL", "GOVT", "AGG"] and rules["source"].str.len().min() > 40
    for proxy in rules["proxy"]:
        assert price_history().has(proxy) and security_master().get(proxy).kind == "ETF"
