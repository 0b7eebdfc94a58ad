"""Holdings priced from the bundled market data: precedence, currencies, unpriced, as-of."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from engine import load_portfolio, load_scenario
from engine.errors import InputError
from engine.marketdata import fx_history, price_history
from engine.model import _fx_power, evaluate, prepare
from engine.portfolio import portfolio_from_records
from tests.conftest import FIXTURES


def test_plain_fifteen_holdings_are_all_priced_in_their_own_currency():
    book = prepare(load_portfolio(FIXTURES / "portfolio_15_plain.csv"))
    h = book.holdings.set_index("ticker")
    assert book.unpriced == () and book.warnings == ()
    securities = h[h["kind"] != "cash"]
    assert (securities["price_source"] == "bundle").all()
    assert securities["price_as_of"].str.match(r"\d{4}-\d\d-\d\d").all()
    assert (h.loc[["7203.T", "8035.T", "6758.T"], "currency"] == "JPY").all()
    assert (h.loc[["NVDA", "SOXL", "VOO"], "currency"] == "USD").all()
    close, day = price_history().last_close("NVDA")
    assert h.loc["NVDA", "price"] == pytest.approx(close)
    assert h.loc["NVDA", "price_as_of"] == f"{day:%Y-%m-%d}"
    assert book.price_sources.startswith("bundled closes")


def test_eur_base_values_check_by_hand():
    book = prepare(load_portfolio(FIXTURES / "portfolio_eur_mixed.csv"), base_currency="EUR")
    h = book.holdings.set_index("ticker")
    fx = fx_history()
    eur, _ = fx.rate("EUR")
    jpy, _ = fx.rate("JPY")
    toyota, _ = price_history().last_close("7203.T")
    nvda, _ = price_history().last_close("NVDA")
    assert h.loc["SAP.DE", "value_before"] == pytest.approx(10 * 200.0)  # file price, EUR
    assert h.loc["AIR.PA", "value_before"] == pytest.approx(20 * 150.0)
    assert h.loc["7203.T", "value_before"] == pytest.approx(100 * toyota / jpy * eur)
    assert h.loc["NVDA", "value_before"] == pytest.approx(10 * nvda * eur)
    assert h.loc["SAP.DE", "price_source"] == "file" and h.loc["SAP.DE", "price_as_of"] == ""


def test_european_listings_are_priced_from_the_bundle_in_their_own_currency():
    # a plain ticker,shares file: every price is a bundled close with its date
    book = prepare(load_portfolio(FIXTURES / "portfolio_eur_plain.csv"), base_currency="EUR")
    h = book.holdings.set_index("ticker")
    assert book.unpriced == ()
    assert (h["price_source"] == "bundle").all()
    assert h["currency"].to_dict() == {"SAP.DE": "EUR", "AIR.PA": "EUR", "7203.T": "JPY",
                                       "NVDA": "USD"}
    fx = fx_history()
    eur, _ = fx.rate("EUR")
    for ticker, shares in (("SAP.DE", 10), ("AIR.PA", 20), ("7203.T", 100), ("NVDA", 10)):
        close, day = price_history().last_close(ticker)
        assert h.loc[ticker, "price"] == pytest.approx(close)
        assert h.loc[ticker, "price_as_of"] == f"{day:%Y-%m-%d}"
        # by hand: shares x close in its currency, through the dollar into euros
        per_usd, _ = fx.rate(h.loc[ticker, "currency"])
        assert h.loc[ticker, "value_before"] == pytest.approx(shares * close / per_usd * eur)
    # a euro close needs no conversion for a euro investor
    sap, _ = price_history().last_close("SAP.DE")
    assert h.loc["SAP.DE", "value_before"] == pytest.approx(10 * sap, rel=1e-6)
    assert "sap.de" in price_history().sources["SAP.DE"].lower()


def test_european_closes_are_point_in_time():
    ph = price_history()
    day = date(2025, 1, 27)
    close, on = ph.last_close("AIR.PA", on_or_before=day)
    assert on <= day and close == pytest.approx(ph.close("AIR.PA", on))
    r = ph.returns_before(["SAP.DE", "AIR.PA"], day, n=20)
    assert r.index.max() < np.datetime64(day)
    assert r.notna().to_numpy().mean() > 0.9


def test_a_tokyo_etf_is_priced_from_the_bundle_in_yen():
    book = prepare(portfolio_from_records([{"ticker": "1306", "shares": 100}]),
                   base_currency="USD")
    h = book.holdings.set_index("ticker").iloc[0]
    close, day = price_history().last_close("1306.T")
    assert h["price_source"] == "bundle" and h["currency"] == "JPY"
    assert h["price"] == pytest.approx(close) and h["price_as_of"] == f"{day:%Y-%m-%d}"
    jpy, _ = fx_history().rate("JPY")
    assert h["value_before"] == pytest.approx(100 * close / jpy)
    # its history reaches back to 2024, past the source's two bad prints of March 2026
    ph = price_history()
    assert ph.last_close("1306.T", on_or_before=date(2024, 6, 28))[1] == date(2024, 6, 28)
    assert ph.last_close("1306.T", on_or_before=date(2026, 3, 31))[1] == date(2026, 3, 27)


def test_fx_power_generalises_to_usd_against_the_base():
    assert _fx_power("USD", "JPY") == 1 and _fx_power("USD", "EUR") == 1
    assert _fx_power("JPY", "USD") == -1 and _fx_power("EUR", "USD") == -1
    assert _fx_power("EUR", "JPY") == 0 and _fx_power("JPY", "JPY") == 0


def test_rates_are_quoted_as_the_market_names_each_pair():
    from engine.currencies import quoted_rate

    assert quoted_rate("EUR", "USD", 1.17) == ("EUR/USD", 1.17)
    assert quoted_rate("USD", "JPY", 158.9) == ("USD/JPY", 158.9)
    assert quoted_rate("JPY", "USD", 0.0063) == ("USD/JPY", 1.0 / 0.0063)
    assert quoted_rate("USD", "EUR", 0.85) == ("EUR/USD", 1.0 / 0.85)
    assert quoted_rate("GBP", "EUR", 1.15) == ("EUR/GBP", 1.0 / 1.15)
    assert quoted_rate("HKD", "CHF", 0.1) == ("CHF/HKD", 10.0)  # an unlisted code comes last
    assert quoted_rate("HKD", "SGD", 0.17) == ("HKD/SGD", 0.17)  # two unlisted: by their codes


def test_a_book_names_the_rates_it_was_converted_at():
    mixed = prepare(load_portfolio(FIXTURES / "portfolio_eur_mixed.csv"))  # EUR, JPY, USD lines
    rate = dict(zip(mixed.holdings["currency"], mixed.holdings["rate"], strict=True))
    assert mixed.quoted_rates() == (("EUR/USD", rate["EUR"]), ("USD/JPY", 1.0 / rate["JPY"]))
    in_yen = prepare(load_portfolio(FIXTURES / "portfolio_eur_mixed.csv"), base_currency="JPY")
    assert [pair for pair, _ in in_yen.quoted_rates()] == ["EUR/JPY", "USD/JPY"]
    assert prepare(load_portfolio(FIXTURES.parent.parent / "resources" / "sample_portfolio.csv")
                   ).quoted_rates() == ()  # dollars only


def test_third_currency_holding_keeps_the_fx_channel_exact():
    # a EUR stock (file price) and a USD stock for a JPY investor; USD +10 % against the yen
    book = prepare(load_portfolio(FIXTURES / "portfolio_eur_mixed.csv"), base_currency="JPY")
    scenario = load_scenario("deepseek-r1").with_parameters(usd_jpy_change=0.10)
    res = evaluate(book, scenario)
    h = res.holdings.set_index("ticker")
    x = scenario.parameters["usd_jpy_change"]
    # EUR and JPY assets do not move against the yen; the USD asset moves by x on its new value
    assert h.loc["SAP.DE", "attr_fx"] == 0.0 and h.loc["7203.T", "attr_fx"] == 0.0
    nv = h.loc["NVDA"]
    before_fx = nv["value_before"] + sum(nv[f"attr_{c}"] for c in
                                         ("demand", "ai_upside", "ai_cost", "sentiment", "market"))
    assert nv["attr_fx"] == pytest.approx(before_fx * x)
    # SAP.DE in yen is its EUR value through the dollar rates
    eur, _ = fx_history().rate("EUR")
    jpy, _ = fx_history().rate("JPY")
    assert h.loc["SAP.DE", "value_before"] == pytest.approx(2000.0 / eur * jpy)
    parts = sum(res.summary.attribution.values())
    assert parts == pytest.approx(res.summary.pnl, rel=1e-12)


def test_unpriced_holdings_are_listed_in_one_message_and_the_rest_runs():
    book = prepare(load_portfolio(FIXTURES / "portfolio_unpriced.csv"))
    assert book.unpriced == ("NVDIA", "ZZZZQ", "ITX.MC", "US0000000002")
    assert len(book.warnings) == 1
    msg = book.warnings[0]
    assert "4 holdings" in msg and "NVDIA (line 3) (did you mean NVDA" in msg
    assert "US0000000002 (line 6) (ISIN US0000000002 matches no security" in msg
    assert "ZZZZQ (line 4)" in msg and "ITX.MC (line 5)" in msg
    h = book.holdings.set_index("ticker")
    assert h.loc["NVDIA", "value_before"] == 0.0 and h.loc["NVDIA", "exposure"] == "unpriced"
    assert h.loc["NVDA", "value_before"] > 0
    res = evaluate(book, load_scenario("deepseek-r1"))
    assert res.summary.unpriced == ("NVDIA", "ZZZZQ", "ITX.MC", "US0000000002")
    assert np.isfinite(res.summary.pnl)


def test_nothing_valued_is_an_error_naming_every_holding():
    p = portfolio_from_records([{"ticker": "ZZZZQ", "shares": 1}, {"ticker": "QQQQZ", "shares": 2}])
    with pytest.raises(InputError, match="no holding can be valued: ZZZZQ, QQQQZ"):
        prepare(p)


def test_as_of_values_at_that_days_closes_and_rates():
    day = date(2025, 1, 24)
    book = prepare(portfolio_from_records([{"ticker": "NVDA", "shares": 10},
                                           {"ticker": "8035.T", "shares": 100}]),
                   base_currency="JPY", as_of=day)
    h = book.holdings.set_index("ticker")
    assert h.loc["NVDA", "price_as_of"] == "2025-01-24"
    assert h.loc["NVDA", "price"] == pytest.approx(price_history().close("NVDA", day))
    assert h.loc["NVDA", "rate"] == pytest.approx(fx_history().rate("JPY", day)[0])
    assert book.as_of == "2025-01-24" and book.fx_as_of == "2025-01-24"


def test_as_of_outside_the_history_names_the_range():
    p = portfolio_from_records([{"ticker": "NVDA", "shares": 1}])
    with pytest.raises(InputError, match=r"outside the bundled price history, which runs from "
                                         r"2024-01-02 to"):
        prepare(p, as_of=date(2019, 6, 3))


def test_the_report_lists_the_unpriced_holdings_in_its_notes():
    from engine.report.content import build_report

    res = evaluate(prepare(load_portfolio(FIXTURES / "portfolio_unpriced.csv")),
                   load_scenario("deepseek-r1"))
    content = build_report(res, "en")
    assert content.notes[0].startswith("4 holdings have no price")
    rows = {r["what"]: r for r in content.sources.rows}
    nvda = rows["Price of NVDA"]
    assert nvda["source"].startswith("resources/marketdata/closes.npz: dsturdy/Factor_Attribution")
    assert nvda["as_of"] == res.holdings.set_index("ticker").loc["NVDA", "price_as_of"]


def test_london_listings_typed_with_a_dot_are_priced_from_the_bundle(tmp_path):
    # ``AZN.L`` is AstraZeneca in London (pounds), not a class L share.
    from engine import load_portfolio, prepare

    path = tmp_path / "uk.csv"
    path.write_text("ticker,shares\nAZN.L,10\nbarc.l,100\n", encoding="utf-8")
    book = prepare(load_portfolio(path), base_currency="GBP")
    h = book.holdings.set_index("ticker")
    assert list(h.index) == ["AZN.L", "BARC.L"] and book.unpriced == ()
    assert set(h["currency"]) == {"GBP"} and (h["price_source"] == "bundle").all()


def test_a_currency_without_rates_is_named_with_the_ones_that_exist(tmp_path):
    from engine import InputError, load_portfolio, prepare

    path = tmp_path / "ars.csv"
    path.write_text("ticker,shares,price,currency\nXYZ,10,1000,ARS\nNVDA,1,,\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        prepare(load_portfolio(path))
    message = str(info.value)
    assert "'ARS' of XYZ cannot be converted to USD: no exchange rates" in message
    assert '"' not in message and "CZK" in message and "line 2" in message
