"""The market-data layer: resolver spellings, point-in-time queries, FX by hand."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pandas as pd
import pytest

from engine.marketdata import (
    MarketDataError,
    SecurityKind,
    fx_history,
    isin_is_valid,
    price_history,
    security_master,
)
from engine.marketdata.history import (
    FxHistory,
    PriceHistory,
    load_price_history,
    save_price_history,
)
from tests.conftest import FIXTURES, ROOT


@pytest.fixture(scope="module")
def master():
    return security_master()


# -- resolver ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["NVDA", "nvda", " NVDA ", "NVDA US Equity", "NASDAQ:NVDA",
                                  "nvda.us", "Nvidia Corporation", "NVIDIA"])
def test_nvidia_spellings(master, text):
    assert master.resolve(text).security.symbol == "NVDA"


@pytest.mark.parametrize("text", ["BRK.B", "BRK-B", "BRK B", "BRK/B", "brk.b", "BRK.B US Equity"])
def test_class_share_spellings(master, text):
    r = master.resolve(text)
    assert r.security.symbol == "BRK-B"
    assert r.security.exchange == "NYSE"


@pytest.mark.parametrize("text", ["7203", "7203.T", "7203.JP", "TYO:7203", "東証:7203",
                                  "7203 JT Equity", "7203.0", "７２０３", "JPX: 7203"])
def test_tokyo_spellings(master, text):
    r = master.resolve(text)
    assert r.security.symbol == "7203.T"
    assert r.security.currency == "JPY"
    assert r.security.name_ja == "トヨタ自動車"


def test_tokyo_codes_with_a_letter(master):
    code = next(s for s in master.symbols() if len(s) == 6 and s.endswith(".T") and s[3].isalpha())
    for text in (code[:4], code[:4].lower(), f"TYO:{code[:4]}", f"{code[:4]} JT Equity"):
        assert master.resolve(text).security.symbol == code


def test_share_classes_are_two_symbols(master):
    a, c = master.resolve("GOOGL").security, master.resolve("GOOG").security
    assert (a.symbol, c.symbol) == ("GOOGL", "GOOG")
    assert "Class A" in a.name and "Class C" in c.name


@pytest.mark.parametrize(("text", "symbol", "currency"), [
    ("SAP.DE", "SAP.DE", "EUR"), ("XETRA:SAP", "SAP.DE", "EUR"), ("SAP GY", "SAP.DE", "EUR"),
    ("AIR.PA", "AIR.PA", "EUR"), ("EPA:AIR", "AIR.PA", "EUR"), ("CHDVD.SW", "CHDVD.SW", "CHF"),
    ("CEZ.PR", "CEZ.PR", "CZK"), ("RY.TO", "RY.TO", "CAD"), ("BHP.AX", "BHP.AX", "AUD"),
    ("0700.HK", "0700.HK", "HKD"), ("VOD.L", "VOD.L", "GBP"),
])
def test_exchange_suffixes(master, text, symbol, currency):
    sec = master.resolve(text).security
    assert (sec.symbol, sec.currency) == (symbol, currency)


def test_isin(master):
    r = master.resolve("US0378331005")
    assert r.security.symbol == "AAPL"
    assert "ISIN" in r.note
    assert master.resolve("DE0007164600").security.symbol == "SAP.DE"
    assert master.by_isin("de0007164600").symbol == "SAP.DE"


def test_isin_without_match_says_so(master):
    # a well-formed ISIN (valid check digit) that names nothing in the master
    unknown = next(f"XS00000000{d:02d}" for d in range(100) if isin_is_valid(f"XS00000000{d:02d}"))
    r = master.resolve(unknown)
    assert r.security is None
    assert "matches no security" in r.note
    bad = master.resolve("US0378331006")  # check digit off by one
    assert bad.security is None and "check digit" in bad.note


def test_unknown_symbol_has_suggestions(master):
    r = master.resolve("NVDIA")
    assert r.security is None
    assert r.suggestions[0] == "NVDA"
    assert "not a symbol" in r.note


def test_bare_code_on_two_exchanges_follows_the_documented_rule(master):
    # 1458 is a Tokyo ETF and a Hong Kong stock
    r = master.resolve("1458")
    assert r.security.symbol == "1458.T"
    assert "Tokyo listing first" in r.note and "1458.HK" in r.note
    hk = master.resolve("1458", currency_hint="HKD")
    assert hk.security.symbol == "1458.HK"
    assert master.resolve("700").security.symbol == "0700.HK"


def test_hints_move_to_the_listing_in_that_currency(master):
    r = master.resolve("SAP", currency_hint="EUR")
    assert r.security.symbol == "SAP.DE"
    assert "because of the currency EUR" in r.note
    assert master.resolve("SAP").security.kind is SecurityKind.ADR


def test_leveraged_funds_carry_multiple_and_underlying(master):
    soxl, soxs = master.get("SOXL"), master.get("SOXS")
    assert (soxl.kind, soxl.leverage, soxl.underlying) == (SecurityKind.LEVERAGED_ETF, 3.0, "^SOX")
    assert (soxs.leverage, soxs.underlying) == (-3.0, "^SOX")
    assert (master.get("TQQQ").leverage, master.get("SQQQ").leverage) == (3.0, -3.0)
    assert master.get("1570.T").leverage == 2.0 and master.get("1357.T").leverage == -2.0
    assert master.get("NVDL").underlying == "NVDA"
    # "short" in a bond fund's name is about maturity, not a bet against the market
    assert master.get("SHV").leverage is None and master.get("JPST").leverage is None


def test_empty_text(master):
    r = master.resolve("  ")
    assert r.security is None and r.note


def test_resolve_many_keeps_order_and_repeats(master):
    out = master.resolve_many(["NVDA", "7203", "NVDA", "zzzzzz"])
    assert [r.security.symbol if r.security else None for r in out] == ["NVDA", "7203.T", "NVDA", None]


def test_universe_is_large_enough(master):
    t = master.table()
    us = t["exchange"].isin(["NASDAQ", "NYSE", "NYSE American", "NYSE Arca", "Cboe BZX", "US"])
    assert us.sum() >= 6000
    tokyo = t[t["exchange"].eq("TSE")]
    assert tokyo["size_class"].isin(["TOPIX Core30", "TOPIX Large70", "TOPIX Mid400"]).sum() >= 490
    for code in ("1306.T", "1321.T", "1570.T", "2558.T", "2559.T"):
        assert code in set(tokyo["symbol"])


# -- point in time ------------------------------------------------------------------------------


@pytest.fixture
def poisoned(tmp_path):
    """Closes from a fixture file, with absurd prices from 2025-01-10 on."""
    frame = pd.read_csv(FIXTURES / "marketdata_poisoned_closes.csv", index_col=0, parse_dates=True)
    path = tmp_path / "closes.npz"
    save_price_history(path, frame, {s: "fixture" for s in frame.columns},
                       last={"OLD": (12.5, "2024-06-28")}, last_source="fixture <symbol>")
    return load_price_history(path)


POISON_DAY = date(2025, 1, 10)


def test_returns_before_never_sees_the_day_or_later(poisoned):
    r = poisoned.returns_before(["AAA", "BBB", "NONE"], POISON_DAY, n=3)
    assert r.index.max() < pd.Timestamp(POISON_DAY)
    assert list(r.columns) == ["AAA", "BBB", "NONE"]
    assert r["NONE"].isna().all()
    # by hand: AAA 100, 101, 102.01, 100.9899 on 6–9 Jan → +1%, +1%, −1%
    np.testing.assert_allclose(r["AAA"].to_numpy(), [0.01, 0.01, -0.01], atol=1e-6)
    assert np.nanmax(np.abs(r[["AAA", "BBB"]].to_numpy())) < 0.1  # no trace of the poison


def test_returns_measured_from_each_listing_own_previous_close(poisoned):
    # BBB does not trade on 2025-01-07: its 8 Jan return is from its 6 Jan close
    r = poisoned.returns_before(["BBB"], POISON_DAY, n=3)
    assert np.isnan(r.loc["2025-01-07", "BBB"])
    assert r.loc["2025-01-08", "BBB"] == pytest.approx(52.0 / 50.0 - 1, abs=1e-6)


def test_last_close_and_close_are_point_in_time(poisoned):
    assert poisoned.last_close("AAA", date(2025, 1, 9)) == (pytest.approx(100.9899, abs=1e-3), date(2025, 1, 9))
    # a weekend asks for Friday's close
    assert poisoned.last_close("AAA", date(2025, 1, 5))[1] == date(2025, 1, 3)
    assert poisoned.close("AAA", date(2025, 1, 4)) is None
    assert poisoned.close("BBB", date(2025, 1, 7)) is None
    assert poisoned.last_close("AAA", date(2024, 1, 1)) is None
    assert poisoned.last_close("OLD") == (12.5, date(2024, 6, 28))
    assert poisoned.last_close("OLD", date(2024, 6, 27)) is None
    assert poisoned.sources["OLD"] == "fixture OLD"


def test_window_return(poisoned):
    # close(9 Jan) / close(3 Jan, the last trading day before 6 Jan) − 1
    assert poisoned.window_return("AAA", date(2025, 1, 6), date(2025, 1, 9)) == pytest.approx(
        100.9899 / 99.0 - 1, abs=1e-6)
    assert poisoned.window_return("NONE", date(2025, 1, 6), date(2025, 1, 9)) is None


def test_dates_outside_the_history_are_named(poisoned):
    with pytest.raises(MarketDataError, match=r"runs from 2025-01-02 to 2025-01-13"):
        poisoned.check_date(date(2023, 5, 1), "as-of date")


# -- bundled history and FX ---------------------------------------------------------------------


def test_bundled_history_answers_point_in_time():
    p = price_history()
    assert p.first_date <= date(2024, 1, 2)
    for sym in ("NVDA", "SOXL", "VOO", "QQQ", "^SOX", "^GSPC", "7203.T", "8035.T"):
        assert p.has(sym), sym
    close, day = p.last_close("NVDA", date(2025, 1, 27))
    assert day == date(2025, 1, 27) and close > 0
    r = p.returns_before(["NVDA", "8035.T"], date(2025, 1, 27), n=250)
    assert r.index.max() < pd.Timestamp("2025-01-27")
    assert len(r) == 250


def test_fx_has_the_eight_currencies_and_converts_by_hand():
    fx = fx_history()
    for c in ("USD", "JPY", "EUR", "GBP", "CHF", "CAD", "AUD", "HKD"):
        assert c in fx.currencies()
    d = date(2025, 1, 27)
    jpy, dj = fx.rate("JPY", d)
    eur, de = fx.rate("EUR", d)
    assert dj == de == d
    # 100 EUR in JPY through the dollar: 100 / (EUR per USD) * (JPY per USD)
    assert fx.convert(100.0, "EUR", "JPY", d) == pytest.approx(100.0 / eur * jpy)
    assert fx.convert(100.0, "USD", "USD") == 100.0


def test_fx_errors_are_clear():
    fx = FxHistory(np.array(["2025-01-02", "2025-01-03"], dtype="datetime64[D]"),
                   pd.DataFrame({"USD": [1.0, 1.0], "JPY": [157.0, 158.0], "GBP": [0.8, 0.8]},
                                index=pd.to_datetime(["2025-01-02", "2025-01-03"])),
                   pd.Series(["x", "x"]))
    assert fx.rate("JPY", date(2025, 1, 5)) == (158.0, date(2025, 1, 3))
    # 100 pence at 0.80 GBP per USD is 1.25 USD
    assert fx.convert(100.0, "GBp", "USD") == pytest.approx(1.25)
    with pytest.raises(MarketDataError, match="XYZ"):
        fx.rate("XYZ")
    with pytest.raises(MarketDataError, match="run from 2025-01-02"):
        fx.rate("JPY", date(2024, 12, 31))


def test_a_listing_that_stopped_trading_is_priced_at_its_last_close_and_flagged(tmp_path):
    from engine.marketdata.master import SecurityMaster
    from engine.marketdata.quotes import quote

    frame = pd.read_csv(FIXTURES / "marketdata_poisoned_closes.csv", index_col=0, parse_dates=True)
    frame.loc["2025-01-07":, "BBB"] = np.nan  # BBB stops trading after 6 January
    frame = frame.reindex(pd.to_datetime([*list(frame.index), "2025-02-28"]))
    frame.loc["2025-02-28", "AAA"] = 101.0
    path = tmp_path / "closes.npz"
    save_price_history(path, frame, {s: "repo/x file" for s in frame.columns})
    history = load_price_history(path)
    cols = ["symbol", "name", "name_ja", "kind", "exchange", "currency", "price_unit", "country",
            "sector", "industry", "isin", "cusip", "figi", "leverage", "underlying"]
    table = pd.DataFrame([dict.fromkeys(cols, "") | {"symbol": s, "name": s, "kind": "STOCK",
                                                     "exchange": "NYSE", "currency": "USD",
                                                     "price_unit": "1"} for s in ("AAA", "BBB")])
    master = SecurityMaster(table)
    q = quote("BBB", file_price=np.nan, file_currency="", master=master, history=history)
    assert (q.price, q.as_of, q.source) == (50.0, "2025-01-06", "bundle")
    assert "last close, 2025-01-06" in q.note and "delisted" in q.note
    fresh = quote("AAA", file_price=np.nan, file_currency="", master=master, history=history)
    assert fresh.note is None and fresh.as_of == "2025-02-28"
    # the file's price wins over the bundle and carries no bundle date
    filed = quote("BBB", file_price=48.0, file_currency="USD", master=master, history=history)
    assert (filed.price, filed.source, filed.as_of) == (48.0, "file", "")


def test_london_closes_are_in_the_masters_pounds_not_pence():
    # the build divides the source's pence by 100; its cross-check against AstraZeneca's New
    # York close (one share per unit) lands near 1 in pounds, near 100 in pence
    manifest = json.loads((ROOT / "resources" / "marketdata" / "manifest.json").read_text())
    check = manifest["cross_check_europe"]
    assert 0.8 < check["AZN.L_in_USD_per_AZN_depositary_share_median"] < 1.25
    assert check["AZN.L_days_compared"] > 250
    sec = security_master().resolve("AZN.L").security
    assert sec.currency == "GBP" and sec.price_unit == 1.0
    assert price_history().has("AZN.L")


def test_returns_before_bridges_gaps_of_any_length_like_a_per_listing_loop():
    # Random gaps (one day, a week, a month; a listing that starts late, one that
    # never trades): each return is from the listing's own last close before it.
    rng = np.random.default_rng(7)
    dates = np.arange(np.datetime64("2024-01-01"), np.datetime64("2024-01-01") + 120)
    closes = (50 * np.exp(np.cumsum(rng.normal(0, 0.02, (120, 6)), axis=0))).astype(np.float32)
    closes[rng.random((120, 6)) < 0.1] = np.nan
    closes[30:37, 1] = np.nan
    closes[40:75, 2] = np.nan
    closes[:90, 3] = np.nan
    closes[:, 4] = np.nan
    names = np.array(["A", "B", "C", "D", "E", "F"])
    p = PriceHistory(dates, names, closes, {}, {})
    for before, n in ((dates[-1], 50), (dates[60], 30), (dates[5], 250), (dates[100], 100)):
        r = p.returns_before([*names, "NONE"], before, n)
        for j, s in enumerate(names):
            c = closes[:, j].astype(float)
            want = np.full(len(c), np.nan)
            pos = np.flatnonzero(~np.isnan(c))
            want[pos[1:]] = c[pos[1:]] / c[pos[:-1]] - 1.0
            end = int(np.searchsorted(dates, before))
            np.testing.assert_allclose(r[s].to_numpy(), want[max(0, end - n):end], rtol=0,
                                       atol=0, equal_nan=True)
        assert r["NONE"].isna().all()
