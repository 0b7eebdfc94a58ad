"""Each real-world fixture loads to exactly the holdings a person reads in it.

The files in tests/fixtures/import/ are written by hand after the layouts
brokers, Excel and Yahoo Finance produce (see the README there).  Each is
checked through the API and through ``jevons run``, and must be byte-for-byte
unchanged afterwards.
"""

from __future__ import annotations

import json
import math

import pytest

from engine.importer import ImportFailed, ImportSettings, inspect, load
from tests.conftest import FIXTURES, run_cli

DIR = FIXTURES / "import"
NAN = math.nan

# file -> [(ticker, name, shares, price, currency, cost, kind, line)]
EXPECTED = {
    "jp_domestic_cp932.csv": [
        ("8035.T", "東京エレクトロン", 100, 23450, "", 21500, "security", 5),
        ("6857.T", "アドバンテスト", 200, 7020, "", 6100, "security", 6),
        ("9984.T", "ソフトバンクグループ", 300, 8805, "", 8950, "security", 7),
        ("6146.T", "ディスコ", 20, 42310, "", 38000, "security", 8),
    ],
    "excel_unicode_text.txt": [
        ("NVDA", "NVIDIA Corp", 120, 131.80, "USD", NAN, "security", 2),
        ("AMD", "Advanced Micro Devices", 50, 115.95, "USD", NAN, "security", 3),
        ("8035.T", "東京エレクトロン", 100, 23450, "JPY", NAN, "security", 4),
        ("TSM", "Taiwan Semiconductor Manufacturing Co., Ltd. ADR", 40, 205.10, "USD", NAN,
         "security", 5),
    ],
    "semicolon_decimal_comma_cp1252.csv": [
        ("NVDA", "NVIDIA Corp.", 25, 125.40, "USD", NAN, "security", 5),
        ("ASML", "ASML Holding N.V. (ADR)", 4, 702.50, "USD", NAN, "security", 6),
        ("MSFT", "Microsoft Corp.", 10, 1234.56, "USD", NAN, "security", 7),
        ("AMD", "Advanced Micro Devices", 7.5, 115.95, "USD", NAN, "security", 8),
    ],
    "preamble_and_totals.csv": [
        ("NVDA", "NVIDIA CORP", 150, 120.07, "USD", 9512.25 / 150, "security", 4),
        ("MSFT", "MICROSOFT CORP", 40, 415.06, "USD", 12080.00 / 40, "security", 5),
        ("SMH", "VANECK SEMICONDUCTOR ETF", 30, 254.34, "USD", 6900.30 / 30, "security", 6),
        ("USD", "Cash & Cash Investments", 2345.67, 1, "USD", NAN, "cash", 7),
    ],
    "yahoo_finance_export.csv": [
        ("NVDA", "", 150, 120.07, "", (100 * 24.25 + 50 * 121.79) / 150, "security", 2),
        ("AVGO", "", 40, 221.27, "", (30 * 160.12 + 10 * 230.30) / 40, "security", 4),
        ("8035.T", "", 100, 23450, "", 19800, "security", 6),
    ],
    "shorts_utf8_bom.csv": [
        ("NVDA", "", 200, 120.07, "USD", NAN, "security", 2),
        ("INTC", "", -500, 19.43, "USD", NAN, "security", 3),
        ("AMD", "", -100, 115.95, "USD", NAN, "security", 4),
        ("SMCI", "", -80, 28.65, "USD", NAN, "security", 5),
    ],
    "cash_rows.csv": [
        ("NVDA", "NVIDIA", 10, 120.07, "USD", NAN, "security", 2),
        ("USD", "Cash sweep", 5000 + 1250.50, 1, "USD", NAN, "cash", 3),
        ("JPY", "円預金", 300000 + 150000 + 20000, 1, "JPY", NAN, "cash", 5),
    ],
    "duplicates_across_accounts.csv": [
        ("NVDA", "NVIDIA CORP", 150, 120.07, "", (100 * 45.10 + 40 * 130 + 10 * 100) / 150,
         "security", 2),
        ("META", "META PLATFORMS INC", 30, 689.18, "", (25 * 300 + 5 * 500) / 30, "security", 4),
    ],
    "tokyo_numeric_tickers.csv": [
        ("8035.T", "東京エレクトロン", 100, 23450, "JPY", NAN, "security", 2),
        ("6857.T", "アドバンテスト", 200, 7020, "JPY", NAN, "security", 3),
        ("9984.T", "ソフトバンクグループ", 100, 8805, "JPY", NAN, "security", 4),
        ("6146.T", "ディスコ", 10, 42310, "JPY", NAN, "security", 5),
        ("5803.T", "フジクラ", 300, 6093, "JPY", NAN, "security", 6),
        ("6920.T", "レーザーテック", 50, 15375, "JPY", NAN, "security", 7),
    ],
    "jp_broker_us_stocks_cp932.csv": [
        ("NVDA", "エヌビディア", 120, 120.07, "USD", 95.40, "security", 4),
        ("MSFT", "マイクロソフト", 15, 415.06, "USD", 410.20, "security", 5),
        ("AVGO", "ブロードコム", 8, 221.27, "USD", 180.00, "security", 6),
    ],
}
BROKEN = "one_broken_row.csv"

DETECTED = {  # file -> (encoding, delimiter, decimal, thousands, header line, profile)
    "jp_domestic_cp932.csv": ("cp932", ",", ".", ",", 4, None),
    "excel_unicode_text.txt": ("utf-16", "\t", ".", ",", 1, None),
    "semicolon_decimal_comma_cp1252.csv": ("cp1252", ";", ",", ".", 4, None),
    "preamble_and_totals.csv": ("utf-8", ",", ".", ",", 3, None),
    "yahoo_finance_export.csv": ("utf-8", ",", ".", ",", 1, "yahoo-finance"),
    "shorts_utf8_bom.csv": ("utf-8-sig", ",", ".", ",", 1, None),
    "jp_broker_us_stocks_cp932.csv": ("cp932", ",", ".", ",", 3, "jp-broker-us-stocks"),
}


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-12, abs=0)


def assert_holdings(portfolio, expected):
    got = [tuple(r) for r in portfolio.holdings[
        ["ticker", "name", "shares", "price", "currency", "cost", "kind", "line"]]
        .itertuples(index=False)]
    assert [g[0] for g in got] == [e[0] for e in expected]
    for g, e in zip(got, expected, strict=True):
        assert g[0] == e[0] and g[1] == e[1] and g[4] == e[4] and g[6] == e[6], (g, e)
        assert g[7] == e[7], (g, e)
        for gi, ei in zip((g[2], g[3], g[5]), (e[2], e[3], e[5]), strict=True):
            assert _same(float(gi), float(ei)), (g, e)
    assert (portfolio.holdings["category"] == "").all()


def test_every_fixture_case_has_a_file():
    names = {p.name for p in DIR.iterdir() if p.suffix in (".csv", ".txt")}
    assert names == set(EXPECTED) | {BROKEN}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_loads_to_the_expected_holdings(name):
    path = DIR / name
    before = path.read_bytes()
    portfolio = load(path)
    assert_holdings(portfolio, EXPECTED[name])
    assert portfolio.source == str(path) and len(portfolio.source_sha256) == 64
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", sorted(DETECTED))
def test_fixture_settings_are_detected(name):
    preview = inspect(DIR / name)
    s = preview.settings
    assert (s.encoding, s.delimiter, s.decimal, s.thousands, s.header_line, s.profile) == \
        DETECTED[name]
    assert preview.ok and set(preview.confidence) == {"encoding", "delimiter", "decimal", "header"}
    assert all(0 <= c <= 1 for c in preview.confidence.values())
    assert preview.confidence["header"] >= 0.9


def test_resolved_settings_load_the_same_holdings(tmp_path):
    """The settings inspect() resolves, saved and read back, give the same result."""
    for name in EXPECTED:
        settings = inspect(DIR / name).settings
        again = ImportSettings.from_toml(settings.to_toml())
        assert again == settings
        assert_holdings(load(DIR / name, again), EXPECTED[name])


def test_notes_list_every_skipped_and_combined_row():
    notes = [str(n) for n in load(DIR / "jp_domestic_cp932.csv").notes]
    assert notes == ["line 9: a total or summary row ('合計'); skipped",
                     "line 9, column '評価額': the file's total 7,236,700.00 matches the "
                     "holdings loaded"]
    notes = [str(n) for n in load(DIR / "yahoo_finance_export.csv").notes]
    assert "line 7, column 'Quantity': TSLA has no quantity; skipped (a watch-list entry?)" in notes
    assert any(n.startswith("line 2: NVDA appears on lines 2, 3;") for n in notes)
    dup = [str(n) for n in load(DIR / "duplicates_across_accounts.csv").notes]
    assert dup[0].startswith("line 2: NVDA appears on lines 2, 3, 5 (accounts: Brokerage, IRA, "
                             "Roth IRA); combined into 150 shares")
    totals = [str(n) for n in load(DIR / "preamble_and_totals.csv").notes]
    assert "line 8: a total or summary row ('Account Total'); skipped" in totals
    # The preview shows a skipped total without the currency and kind a holding would get.
    rows = inspect(DIR / "preamble_and_totals.csv").rows
    total = rows[rows["line"] == 8].iloc[0]
    assert (total["status"], total["currency"], total["kind"]) == ("skipped", "", "")
    held = rows[rows["status"] == "ok"]
    assert (held["currency"] != "").all() and (held["kind"] != "").all()


def test_one_broken_row_stops_the_load_and_says_where():
    path = DIR / BROKEN
    before = path.read_bytes()
    with pytest.raises(ImportFailed) as info:
        load(path)
    err = info.value
    assert (err.line, err.column) == (3, "Quantity")
    assert "'12,5' looks like a decimal comma; this file uses '.' for decimals" in err.message
    preview = inspect(path)
    assert not preview.ok
    assert list(preview.rows["status"]) == ["ok", "error", "ok", "ok"]
    assert list(preview.rows["line"]) == [2, 3, 4, 5]
    assert [(p.line, p.column, p.level) for p in preview.problems] == [(3, "Quantity", "error")]
    # The user may choose to leave the row out; it is then listed, not silent.
    portfolio = load(path, preview.settings.replace(skip_bad_rows=True))
    assert_holdings(portfolio, [
        ("NVDA", "", 100, 120.07, "", NAN, "security", 2),
        ("META", "", 20, 689.18, "", NAN, "security", 4),
        ("TSLA", "", 30, 404.60, "", NAN, "security", 5)])
    assert [n.line for n in portfolio.notes] == [3]
    assert portfolio.notes[0].level == "warning"
    assert path.read_bytes() == before


def test_the_japanese_broker_layout_needs_its_profile_for_the_dollar_value():
    """Auto-detection alone would not know which of 評価額[円]/[USD] is the value."""
    preview = inspect(DIR / "jp_broker_us_stocks_cp932.csv")
    assert preview.mapping["market_value"] == "時価評価額[USD]"
    assert preview.mapping["currency"] == "［単位］ #3"
    assert preview.columns[4] == "［単位］" and preview.columns[6] == "［単位］ #2"


def test_utf16_big_endian_without_a_mark_is_detected(tmp_path):
    text = (DIR / "excel_unicode_text.txt").read_bytes().decode("utf-16")
    path = tmp_path / "be.txt"
    path.write_bytes(text.encode("utf-16-be"))
    preview = inspect(path)
    assert preview.settings.encoding == "utf-16-be" and preview.ok
    assert_holdings(load(path), EXPECTED["excel_unicode_text.txt"])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_jevons_run_reads_the_fixture(name):
    path = DIR / name
    before = path.read_bytes()
    proc = run_cli("run", str(path), "--scenario", "deepseek-r1", "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    doc = json.loads(proc.stdout)
    assert [h["ticker"] for h in doc["holdings"]] == [e[0] for e in EXPECTED[name]]
    assert [h["shares"] for h in doc["holdings"]] == pytest.approx(
        [e[2] for e in EXPECTED[name]], rel=1e-12)
    assert path.read_bytes() == before


def test_jevons_run_on_the_broken_file_exits_2_listing_the_problem():
    proc = run_cli("run", str(DIR / BROKEN), "--scenario", "deepseek-r1")
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    first = err.splitlines()[0]
    assert first.startswith("error: ") and "line 3, column 'Quantity'" in first
    assert "Traceback" not in err
    ok = run_cli("run", str(DIR / BROKEN), "--scenario", "deepseek-r1", "--skip-bad-rows")
    assert ok.returncode == 0, ok.stderr.decode()
    assert b"note: line 3, column 'Quantity'" in ok.stderr
