"""Each broker layout loads to exactly the holdings a person reads in its fixture.

The files in tests/fixtures/import/brokers/ are small fictional portfolios
written in the layouts brokers export (columns, title rows, sections, total
rows, quoting conventions); where each layout came from is in the profile's
comment (resources/import/profiles/) and in the README there.  Each file is
checked through the API and through ``jevons run``, must name the built-in
profile that read it, and must be byte-for-byte unchanged afterwards.
"""

from __future__ import annotations

import json
import math

import pytest

from engine.importer import ImportFailed, builtin_profiles, inspect, load
from engine.prices import BASE_CURRENCIES
from tests.conftest import FIXTURES, run_cli

DIR = FIXTURES / "import" / "brokers"
NAN = math.nan
FUND = "ｅＭＡＸＩＳ Ｓｌｉｍ 米国株式（Ｓ＆Ｐ５００）"
DEGIRO = [
    ("EUR", "CASH & CASH FUND & FTX CASH (EUR)", 1079.92, 1, "EUR", NAN, "cash", 2, ""),
    # ISINs the master lacks: read by the product's name, the listing in the file's currency
    ("NVDA", "NVIDIA CORP", 25, 142.62, "USD", NAN, "security", 3, ""),
    ("ASME.DE", "ASML HOLDING", 4, 702.50, "EUR", NAN, "security", 4, ""),  # from its ISIN
    ("8035.T", "TOKYO ELECTRON LTD", 100, 23450, "JPY", NAN, "security", 5, ""),
]

# file -> (profile, [(ticker, name, shares, price, currency, cost, kind, line, section)])
EXPECTED = {
    "schwab_all_accounts.csv": ("schwab-current", [
        ("NVDA", "NVIDIA CORP", 150, 142.62, "USD", 9512.25 / 150, "security", 5,
         "Individual ...123"),
        # A bond quoted per 100 of face value: valued at its market value.
        ("91282CJL6", "US TREASURY NOTE 4.375% 11/30/2028", 10_000, 10_015.00 / 10_000, "USD",
         9980.00 / 10_000, "bond", 6, "Individual ...123"),
        # An option: price per share × 100 shares per contract.
        ("NVDA 03/21/2025 150.00 C", "CALL NVIDIA CORP $150 EXP 03/21/25", 2, 520.0, "USD",
         380.0, "option", 7, "Individual ...123"),
        ("SWVXX", "SCHWAB VALUE ADVANTAGE MONEY INV", 1500.25, 1.0, "USD", 1.0,
         "money_market", 8, "Individual ...123"),
        ("USD", "Cash & Cash Investments", 2345.67 + 500.00, 1, "USD", NAN, "cash", 9,
         "Individual ...123 / Roth IRA ...456"),
        ("MSFT", "MICROSOFT CORP", 40, 444.06, "USD", 12080.00 / 40, "security", 14,
         "Roth IRA ...456"),
        ("SMH", "VANECK SEMICONDUCTOR ETF", 30, 254.34, "USD", 6900.30 / 30, "security", 15,
         "Roth IRA ...456"),
    ]),
    "schwab_positions.csv": ("schwab", [
        ("AVGO", "BROADCOM INC", 40, 221.27, "USD", 6404.80 / 40, "security", 4, ""),
        ("TSM", "TAIWAN SEMICONDUCTOR MANUFACTURING F SPONSORED ADR 1 ADR REPS 5 ORD SHS", 50,
         205.10, "USD", 7500.00 / 50, "security", 5, ""),
        ("912797MS3", "UNITED STATES TREAS BILLS 0%25 T-BILL DUE 03/27/25", 5000,
         4965.60 / 5000, "USD", 4910.00 / 5000, "bond", 6, ""),
        ("USD", "Cash & Cash Investments", 4299.10, 1, "USD", NAN, "cash", 7, ""),
    ]),
    "etrade_portfolio.csv": ("etrade", [
        ("NVDA", "", 150, 142.62, "", 63.415, "security", 7, "View Summary - All Positions"),
        ("TSM", "", 40, 205.10, "", 150.10, "security", 8, "View Summary - All Positions"),
        ("USD", "CASH", 4512.10, 1, "USD", NAN, "cash", 9, "View Summary - All Positions"),
    ]),
    "fidelity_positions.csv": ("fidelity", [
        ("SPAXX", "HELD IN MONEY MARKET", 3210.55, 1.0, "USD", NAN, "money_market", 2, ""),
        ("NVDA", "NVIDIA CORPORATION COM", 110, 142.62, "USD", (6142.00 + 900.00) / 110,
         "security", 3, ""),
        ("SMH", "VANECK ETF TRUST SEMICONDUCTOR ETF", 20, 254.34, "USD", 230.00, "security", 4,
         ""),
        ("USD", "Pending Activity", -120.00, 1, "USD", NAN, "cash", 5, ""),
        ("FXAIX", "FIDELITY 500 INDEX FUND", 50.5, 205.10, "USD", 9000.00 / 50.5, "security", 6,
         ""),
    ]),
    "vanguard_download.csv": ("vanguard", [
        ("VMFXX", "VANGUARD FEDERAL MONEY MARKET INVESTOR CL", 2500.75, 1.00, "", NAN,
         "money_market", 2, ""),
        ("VTI", "VANGUARD TOTAL STOCK MARKET ETF", 30.5, 296.41, "", NAN, "security", 3, ""),
        ("VGT", "VANGUARD INFORMATION TECHNOLOGY ETF", 12, 622.39, "", NAN, "security", 4, ""),
    ]),
    "degiro_portfolio_en.csv": ("degiro-en", DEGIRO),
    "degiro_portfolio_nl.csv": ("degiro-nl", DEGIRO),
    "degiro_portfolio_de.csv": ("degiro-de", DEGIRO),
    "degiro_portfolio_fr.csv": ("degiro-fr", DEGIRO),
    "degiro_portfolio_es.csv": ("degiro-es", DEGIRO),
    "trading212_history.csv": ("trading212", [
        ("NVDA", "NVIDIA", 10 - 2.5, NAN, "USD", NAN, "security", 3, ""),
        ("AMD", "Advanced Micro Devices", 4.5, NAN, "USD", NAN, "security", 4, ""),
    ]),
    "robinhood_activity.csv": ("robinhood", [
        ("NVDA", "NVIDIA", 12 - 2 + 5, NAN, "", NAN, "security", 2, ""),
        ("AVGO", "Broadcom", 3, NAN, "", NAN, "security", 4, ""),
    ]),
    "ibkr_activity_statement.csv": ("ibkr-activity", [
        ("NVDA", "", 150, 142.62, "USD", 63.415, "security", 5, "Open Positions"),
        ("TSM", "", 40, 205.10, "USD", 150.1, "security", 6, "Open Positions"),
        ("8035.T", "", 100, 23450, "JPY", 21500, "security", 8, "Open Positions"),
        ("NVDA 21MAR25 150 C", "", 2, 520.0, "USD", 380.0, "option", 10, "Open Positions"),
        ("USD", "USD", 2345.67, 1, "USD", NAN, "cash", 13, "Forex Balances"),
    ]),
    "ibkr_flex_positions.csv": ("ibkr-flex", [
        ("NVDA", "NVIDIA CORP", 150, 142.62, "USD", 63.415, "security", 2, ""),
        ("ASML", "ASML HOLDING NV", 4, 702.5, "EUR", 650, "security", 3, ""),
        ("NVDA 250321C00150000", "NVDA 21MAR25 150 C", 2, 520.0, "USD", 380.0, "option", 4, ""),
        ("912797MS3", "B 03/27/25", 5000, 4965.6 / 5000, "USD", 0.982, "bond", 5, ""),
    ]),
    "google_sheets_portfolio.csv": ("google-sheets", [
        ("NVDA", "NVIDIA Corporation", 120, 142.62, "", NAN, "security", 3, "My portfolio"),
        ("8035.T", "Tokyo Electron Ltd", 100, 23450, "", NAN, "security", 4, "My portfolio"),
        ("TSM", "Taiwan Semiconductor", 40, 205.10, "", NAN, "security", 5, "My portfolio"),
    ]),
    "sbi_portfolio_cp932.csv": ("sbi", [
        ("8035.T", "東京エレクトロン", 100, 23450, "JPY", 21500, "security", 3,
         "株式（現物/特定預り）"),
        ("6857.T", "アドバンテスト", 200, 7020, "JPY", 6100, "security", 4, "株式（現物/特定預り）"),
        ("NVDA", "エヌビディア", 10, 142.62, "USD", 95.40, "security", 8,
         "外国株式（現物/NISA預り(成長投資枠)）"),
        ("AVGO", "ブロードコム", 5, 221.27, "USD", 160.12, "security", 9,
         "外国株式（現物/NISA預り(成長投資枠)）"),
        # 基準価額 per 10,000 units: valued at the 評価額.
        (FUND, FUND, 1_000_000, 3_100_000 / 1_000_000, "JPY", 25000 / 10_000, "fund", 13,
         "投資信託（金額/特定預り）"),
    ]),
    "merrill_positions.csv": ("merrill", [
        ("NVDA", "NVIDIA CORP", 150, 142.62, "USD", NAN, "security", 6, ""),
        ("AVGO", "BROADCOM INC", 40, 221.27, "USD", NAN, "security", 7, ""),
        ("VTI", "VANGUARD TOTAL STOCK MARKET ETF", 30, 296.41, "USD", NAN, "security", 8, ""),
    ]),
    "monex_stockposition_cp932.csv": ("monex", [
        ("8035.T", "東京エレクトロン", 100, 23450, "", 21500, "security", 2, ""),
        ("6857.T", "アドバンテスト", 200, 7020, "", 6100, "security", 3, ""),
        ("6758.T", "ソニーグループ", 300, 3405, "", 2980.50, "security", 4, ""),
    ]),
    "matsui_balance_cp932.csv": ("matsui", [
        ("8035.T", "東京エレクトロン", 100, 23450, "JPY", 21500, "security", 6, "国内株式"),
        ("6857.T", "アドバンテスト", 200, 7020, "JPY", 6100, "security", 7, "国内株式"),
        ("NVDA", "エヌビディア", 10, 142.62, "USD", 95.40, "security", 12, "米国株式"),
        ("AVGO", "ブロードコム", 5, 221.27, "USD", 160.12, "security", 13, "米国株式"),
        # 基準価額 per 10,000 units: valued at the 評価額.
        (FUND, FUND, 1_000_000, 3_100_000 / 1_000_000, "JPY", 25000 / 10_000, "fund", 18,
         "投資信託"),
    ]),
    "kabucom_balance_cp932.csv": ("kabucom", [
        ("8035.T", "東京エレクトロン", 100, 23450, "JPY", 21500, "security", 7, "現物株式"),
        ("6758.T", "ソニーグループ", 300, 3405, "JPY", 2980.50, "security", 8, "現物株式"),
        ("6857.T", "アドバンテスト", 200, 7020, "JPY", 6100, "security", 9, "現物株式"),
        ("ｅＭＡＸＩＳ Ｓｌｉｍ 全世界株式（オール・カントリー）",
         "ｅＭＡＸＩＳ Ｓｌｉｍ 全世界株式（オール・カントリー）", 500_000, 1_200_000 / 500_000, "JPY",
         20000 / 10_000, "fund", 14, "投資信託"),
    ]),
    "rakuten_assetbalance_cp932.csv": ("rakuten", [
        ("8035.T", "東京エレクトロン", 100, 23450, "JPY", 21500, "security", 3, "■ 保有商品一覧"),
        ("NVDA", "エヌビディア", 10, 142.62, "USD", 95.40, "security", 4, "■ 保有商品一覧"),
        ("eMAXIS Slim 全世界株式(オール・カントリー)", "eMAXIS Slim 全世界株式(オール・カントリー)",
         500_000, 1_200_000 / 500_000, "JPY", 20000 / 10_000, "fund", 5, "■ 保有商品一覧"),
    ]),
}


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-12, abs=0)


def assert_holdings(portfolio, expected):
    got = [tuple(r) for r in portfolio.holdings[
        ["ticker", "name", "shares", "price", "currency", "cost", "kind", "line", "section"]]
        .itertuples(index=False)]
    assert [g[0] for g in got] == [e[0] for e in expected]
    for g, e in zip(got, expected, strict=True):
        assert (g[0], g[1], g[4], g[6], g[7], g[8]) == (e[0], e[1], e[4], e[6], e[7], e[8]), (g, e)
        for gi, ei in zip((g[2], g[3], g[5]), (e[2], e[3], e[5]), strict=True):
            assert _same(float(gi), float(ei)), (g, e)


def test_every_broker_fixture_is_checked_and_every_profile_has_one():
    assert {p.name for p in DIR.glob("*.csv")} == set(EXPECTED)
    named = {profile for profile, _ in EXPECTED.values()}
    shipped = set(builtin_profiles()) - {"generic", "yahoo-finance", "jp-broker-us-stocks"}
    assert shipped == named


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broker_file_loads_to_the_expected_holdings(name):
    path = DIR / name
    before = path.read_bytes()
    profile, expected = EXPECTED[name]
    preview = inspect(path)
    assert preview.ok, preview.problems
    assert preview.settings.profile == profile
    portfolio = load(path)
    assert_holdings(portfolio, expected)
    assert any(f"built-in profile '{profile}'" in n.message for n in portfolio.notes)
    assert path.read_bytes() == before


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_jevons_run_reads_the_broker_file(name):
    path = DIR / name
    before = path.read_bytes()
    proc = run_cli("run", str(path), "--scenario", "deepseek-r1", "--format", "json")
    _, expected = EXPECTED[name]
    foreign = sorted({e[4] for e in expected} - set(BASE_CURRENCIES) - {""})
    if foreign:  # the model cannot value these yet: a clear message, not a wrong number
        err = proc.stderr.decode()
        assert proc.returncode == 2 and f"currency '{foreign[0]}'" in err, err
        assert "Traceback" not in err and path.read_bytes() == before
        return
    assert proc.returncode == 0, proc.stderr.decode()
    doc = json.loads(proc.stdout)
    assert [h["ticker"] for h in doc["holdings"]] == [e[0] for e in expected]
    assert [h["shares"] for h in doc["holdings"]] == pytest.approx([e[2] for e in expected],
                                                                    rel=1e-12)
    assert path.read_bytes() == before


def _notes(name):
    return [str(n) for n in load(DIR / name).notes]


def test_schwab_totals_match_and_the_quoting_is_explained():
    notes = _notes("schwab_all_accounts.csv")
    assert "line 10, column 'Mkt Val (Market Value)': the file's total 36,293.92 matches the " \
           "holdings loaded" in notes
    assert "line 17, column 'Mkt Val (Market Value)': the file's total 25,892.60 matches the " \
           "holdings loaded" in notes
    assert any("quoted per 100" in n and "lines 6;" in n for n in notes)
    assert any("×100 (an option contract's multiplier) on lines 7;" in n for n in notes)
    assert _notes("schwab_positions.csv").count(
        "line 8, column 'Mkt Val (Market Value)': the file's total 28,370.50 matches the "
        "holdings loaded") == 1


def test_a_total_that_the_rows_do_not_reach_is_a_warning(tmp_path):
    text = (DIR / "schwab_positions.csv").read_text(encoding="utf-8")
    path = tmp_path / "edited.csv"
    path.write_text(text.replace('"$28,370.50"', '"$29,370.50"'), encoding="utf-8")
    notes = load(path).notes
    bad = [n for n in notes if "total" in n.message and n.level == "warning"]
    assert [str(n) for n in bad] == [
        "line 8, column 'Mkt Val (Market Value)': the file's total is 29,370.50 but the holdings "
        "loaded add up to 28,370.50 (difference +1,000.00); a row may be missing or misread"]


def test_the_japanese_sections_keep_their_currencies_and_kinds():
    h = load(DIR / "sbi_portfolio_cp932.csv").holdings
    by_section = h.groupby("section", sort=False)["currency"].agg(lambda c: sorted(set(c)))
    assert by_section.to_dict() == {"株式（現物/特定預り）": ["JPY"],
                                    "外国株式（現物/NISA預り(成長投資枠)）": ["USD"],
                                    "投資信託（金額/特定預り）": ["JPY"]}
    # The fund is worth its 評価額, not 基準価額 × units.
    fund = h[h["kind"] == "fund"].iloc[0]
    assert fund["shares"] * fund["price"] == pytest.approx(3_100_000)


def test_a_history_with_a_split_is_refused_with_what_to_export(tmp_path):
    text = (DIR / "robinhood_activity.csv").read_text(encoding="utf-8")
    path = tmp_path / "split.csv"
    path.write_text(text.replace('"CDIV","",""', '"SPL","3",""'), encoding="utf-8")
    with pytest.raises(ImportFailed) as info:
        load(path)
    message = str(info.value)
    assert "'SPL' on lines 6" in message and "export the current positions instead" in message


def test_a_vanguard_transaction_table_is_not_added_to_the_holdings():
    notes = _notes("vanguard_download.csv")
    assert "line 8: a transaction history below the holdings; not used (the holdings table is " \
           "the current position)" in notes


# Lines count the sheets one after another, each under a line with its name.
WORKBOOK = [
    ("NVDA", "NVIDIA", 120, 142.62, "", NAN, "security", 3, "Taxable"),
    ("8035.T", "東京エレクトロン", 100, 23450, "", NAN, "security", 4, "Taxable"),
    ("AVGO", "Broadcom", 8.5, 221.27, "", NAN, "security", 8, "IRA"),
]


def test_an_xlsx_workbook_loads_every_sheet_and_is_not_changed():
    path = DIR / "holdings_workbook.xlsx"
    before = path.read_bytes()
    assert_holdings(load(path), WORKBOOK)
    proc = run_cli("run", str(path), "--scenario", "deepseek-r1", "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    assert [h["ticker"] for h in json.loads(proc.stdout)["holdings"]] == ["NVDA", "8035.T", "AVGO"]
    assert path.read_bytes() == before


@pytest.mark.parametrize(("head", "needle"), [
    (b"PK\x03\x04", "this .xlsx workbook cannot be read"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "this .xls workbook cannot be read"),
])
def test_a_damaged_workbook_gets_a_clear_message(tmp_path, head, needle):
    path = tmp_path / "book.bin"
    path.write_bytes(head + b"\x00garbage" * 50)
    with pytest.raises(ImportFailed) as info:
        load(path)
    assert needle in str(info.value) and "save" in str(info.value)


# file -> the account column of each holding, in order (特定 / 一般 / NISA kept as written)
ACCOUNTS = {
    "monex_stockposition_cp932.csv": ["特定", "NISA成長投資枠", "一般"],
    "matsui_balance_cp932.csv": ["特定", "NISA(成長投資枠)", "特定", "NISA(成長投資枠)",
                                 "NISA(つみたて投資枠)"],
    "kabucom_balance_cp932.csv": ["特定", "NISA成長", "一般", "NISAつみたて"],
}


@pytest.mark.parametrize("name", sorted(ACCOUNTS))
def test_japanese_broker_accounts_are_kept(name):
    assert list(load(DIR / name).holdings["account"]) == ACCOUNTS[name]


def test_japanese_broker_totals_are_checked():
    matsui = _notes("matsui_balance_cp932.csv")
    assert "line 8, column '評価額': the file's total 3,749,000.00 matches the holdings " \
           "loaded" in matsui
    assert "line 19, column '評価額': the file's total 3,100,000.00 matches the holdings " \
           "loaded" in matsui
    kabucom = _notes("kabucom_balance_cp932.csv")
    assert "line 10, column '評価金額': the file's total 4,770,500.00 matches the holdings " \
           "loaded" in kabucom


def test_a_dollar_value_column_in_a_foreign_stock_section_is_compared(tmp_path):
    # 米国株式 is valued in yen by default; '評価額(USD)' says otherwise, so the dollar
    # values are evidence: one that disagrees with price × quantity is a warning.
    assert not any("the market value is in JPY" in n for n in _notes("matsui_balance_cp932.csv"))
    raw = (DIR / "matsui_balance_cp932.csv").read_bytes()
    path = tmp_path / "matsui.csv"
    path.write_bytes(raw.replace('"1,426.20"'.encode("cp932"), '"1,526.20"'.encode("cp932")))
    assert "line 12, column '評価額(USD)': price × quantity is 1,426.20 but the market value " \
           "is 1,526.20; the price is used (check the file)" in [str(n) for n in load(path).notes]


def _degiro(tmp_path, rows: list[str]):
    path = tmp_path / "Portfolio.csv"
    path.write_text("Product,Symbol/ISIN,Amount,Closing,Local value,,Value in EUR\n"
                    + "".join(r + "\n" for r in rows), encoding="utf-8")
    portfolio = load(path)
    return list(portfolio.holdings["ticker"]), [str(n) for n in portfolio.notes]


@pytest.mark.parametrize(("row", "ticker", "note"), [
    # The master lacks NVIDIA's ISIN: its name gives the listing in the file's currency.
    ('NVIDIA CORP,US67066G1040,5,"150,00",USD,"750,00","700,00"', "NVDA",
     "line 2: ISIN US67066G1040 is not in the bundled security master; read by its name "
     "'NVIDIA CORP' as NVIDIA Corporation (NVDA, NASDAQ), which trades in USD as the file says"),
    ('NVIDIA CORP,US67066G1040,5,"140,00",EUR,"700,00","700,00"', "NVDA.MI",
     "line 2: ISIN US67066G1040 is not in the bundled security master; read by its name "
     "'NVIDIA CORP' as NVIDIA Corporation (NVDA.MI, BIT), which trades in EUR as the file says"),
    # No NVIDIA listing in francs: kept as written, with the warning.
    ('NVIDIA CORP,US67066G1040,5,"130,00",CHF,"650,00","690,00"', "US67066G1040",
     "line 2: ISIN US67066G1040 matches no security in the bundled master: use the ticker "
     "symbol instead; it is kept as US67066G1040 and valued at the file's price"),
    # A name the master does not know, and a mistyped ISIN: never guessed.
    ('NO SUCH COMPANY,US1234567899,5,"10,00",USD,"50,00","47,00"', "US1234567899",
     "line 2: ISIN US1234567899 matches no security in the bundled master: use the ticker "
     "symbol instead; it is kept as US1234567899 and valued at the file's price"),
    ('NVIDIA CORP,US67066G1041,5,"150,00",USD,"750,00","700,00"', "US67066G1041",
     "line 2: US67066G1041 looks like an ISIN but its check digit is wrong: check for a typo; "
     "it is kept as US67066G1041 and valued at the file's price"),
])
def test_an_isin_the_master_lacks_is_read_by_its_name_only_in_the_files_currency(
        tmp_path, row, ticker, note):
    tickers, notes = _degiro(tmp_path, [row])
    assert tickers == [ticker]
    assert note in notes
