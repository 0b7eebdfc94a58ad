"""The importer's parts: numbers, detection, mapping, settings and profiles."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import InputError, load_portfolio
from engine.importer import (
    ImportFailed,
    ImportSettings,
    builtin_profiles,
    inspect,
    load,
    load_profile,
    save_profile,
)
from engine.importer.detect import decode, number_style, sniff_delimiter
from engine.importer.mapping import auto_map, header_key
from engine.importer.values import NumberProblem, parse_number
from tests.conftest import run_cli


@pytest.mark.parametrize(("text", "decimal", "thousands", "expected"), [
    ("$1,234.50", ".", ",", (1234.5, "USD")),
    ("¥12,345", ".", ",", (12345.0, "JPY")),
    ("￥12,345", ".", ",", (12345.0, "JPY")),
    ("12,345円", ".", ",", (12345.0, "JPY")),
    ("USD 10", ".", ",", (10.0, "USD")),
    ("10 USD", ".", ",", (10.0, "USD")),
    ("(12.50)", ".", ",", (-12.5, None)),
    ("($12.50)", ".", ",", (-12.5, "USD")),
    ("-$5", ".", ",", (-5.0, "USD")),
    ("−5", ".", ",", (-5.0, None)),
    ("▲1,000", ".", ",", (-1000.0, None)),
    ("+195,000", ".", ",", (195000.0, None)),
    ("1.234,56", ",", ".", (1234.56, None)),
    ("1 234,56", ",", " ", (1234.56, None)),
    ("1\u00a0234,56", ",", " ", (1234.56, None)),
    ("1'234.5", ".", "'", (1234.5, None)),
    ("１２３", ".", ",", (123.0, None)),
    ("1.5e3", ".", ",", (1500.0, None)),
    (".5", ".", ",", (0.5, None)),
    ("1234.5", ".", "", (1234.5, None)),
])
def test_numbers_as_written(text, decimal, thousands, expected):
    assert parse_number(text, decimal, thousands) == expected


@pytest.mark.parametrize("text", ["", "  ", "--", "-", "N/A"])
def test_empty_cells_are_missing_not_zero(text):
    value, currency = parse_number(text)
    assert math.isnan(value) and currency is None


@pytest.mark.parametrize(("text", "decimal", "thousands", "needle"), [
    ("1.5k", ".", ",", "unit suffix"),
    ("2万", ".", ",", "unit suffix"),
    ("12%", ".", ",", "percentage"),
    ("12,5", ".", ",", "'12,5' looks like a decimal comma; this file uses '.' for decimals"),
    ("12.50", ",", ".", "looks like a decimal point; this file uses ','"),
    ("1,234", ".", "", "thousands separator"),
    ("lots", ".", ",", "'lots' is not a number"),
    ("1,2,3", ".", ",", "not a number"),
    ("inf", ".", ",", "not a number"),
    ("nan", ".", ",", "not a number"),
    ("1e999", ".", ",", "too large"),
])
def test_numbers_refused_with_a_reason(text, decimal, thousands, needle):
    with pytest.raises(NumberProblem, match=None) as info:
        parse_number(text, decimal, thousands)
    assert needle in str(info.value)


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
       st.sampled_from([(".", ","), (",", "."), (",", " "), (".", "")]))
def test_formatted_numbers_round_trip(value, style):
    decimal, thousands = style
    text = f"{value:,.2f}" if thousands else f"{value:.2f}"
    text = text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)
    parsed, _ = parse_number(text, decimal, thousands)
    assert parsed == pytest.approx(round(value, 2), abs=1e-6)


def test_decode_prefers_marks_then_utf8_then_charset_normalizer():
    assert decode(b"\xef\xbb\xbfa,b\r\n")[:2] == ("a,b\n", "utf-8-sig")
    assert decode("a,b".encode("utf-16"))[:2] == ("a,b", "utf-16")
    assert decode("銘柄,数量\n".encode())[1:] == ("utf-8", 1.0)
    text, enc, conf = decode("銘柄コード,保有株数\n8035,100\n東京エレクトロン\n".encode("cp932"))
    assert enc == "cp932" and text.startswith("銘柄コード") and 0 < conf <= 1
    with pytest.raises(ValueError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


def test_delimiter_and_number_style():
    assert sniff_delimiter("a;b;c\n1,5;2;3\n4;5,25;6\n")[0] == ";"
    assert sniff_delimiter("Report\n\na\tb\n1,234\t5\n")[0] == "\t"
    assert number_style(["1.234,56", "12,5"], ";")[:2] == (",", ".")
    assert number_style(["1,234.56", "7.5"], ",")[:2] == (".", ",")
    assert number_style(["1 234,56"], ";")[:2] == (",", " ")
    assert number_style(["100", "200"], ",") == (".", ",", 0.5)


def test_headers_map_in_english_and_japanese_with_units():
    assert header_key("時価評価額[円]") == ("時価評価額", "JPY")
    assert header_key(" Current  Price ") == ("current price", None)
    assert header_key("Price ($)") == ("price", "USD")
    m = auto_map(["銘柄コード", "銘柄名", "保有数量", "現在値(円)", "評価額", "通貨"])
    assert m == {"ticker": "銘柄コード", "name": "銘柄名", "shares": "保有数量",
                 "price": "現在値(円)", "market_value": "評価額", "currency": "通貨"}
    # Without a unit on the price, the first value column wins: a profile decides.
    m = auto_map(["Symbol", "Qty", "Last", "Value[円]", "Value[USD]"])
    assert m["price"] == "Last" and m["market_value"] == "Value[円]"
    m = auto_map(["Symbol", "Qty", "Price (USD)", "Value[円]", "Value[USD]"])
    assert m["market_value"] == "Value[USD]"


def test_settings_validate_and_round_trip_through_toml():
    s = ImportSettings(encoding="cp932", delimiter="\t", decimal=",", thousands=" ",
                       header_line=3, mapping={"ticker": "コード", "name": None},
                       profile='my "broker"', skip_bad_rows=True)
    assert ImportSettings.from_toml(s.to_toml()) == s
    assert ImportSettings.from_toml("") == ImportSettings()
    for bad in ({"delimiter": ":"}, {"decimal": ","}, {"encoding": "klingon"},
                {"header_line": 0}, {"mapping": {"shares ": "x"}}):
        kwargs = {"thousands": ","} | bad
        with pytest.raises(InputError):
            ImportSettings(**kwargs)
    with pytest.raises(InputError, match="unknown setting 'colour'"):
        ImportSettings.from_toml('colour = "red"\n')
    with pytest.raises(InputError) as info:
        ImportSettings.from_toml('delimiter = ";"\nheader_line = = 2\n', file="p.toml")
    assert info.value.file == "p.toml" and info.value.line == 2


def test_builtin_profiles_and_saved_profiles(tmp_path):
    profiles = builtin_profiles()
    assert {"generic", "yahoo-finance", "jp-broker-us-stocks"} <= set(profiles)
    assert profiles["jp-broker-us-stocks"].encoding == "cp932"
    path = tmp_path / "mine.toml"
    corrected = ImportSettings(delimiter=";", mapping={"ticker": "Wertpapier", "shares": "Stück"})
    save_profile(corrected, path)
    assert load_profile(path) == corrected.replace(profile="mine")
    data = tmp_path / "depot.csv"
    data.write_text("Wertpapier;Stück;Kurs\nNVDA;3;120,5\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="no ticker column"):
        load(data)
    p = load(data, load_profile(path))
    assert list(p.holdings["ticker"]) == ["NVDA"] and p.holdings["shares"].iat[0] == 3
    bad = tmp_path / "bad.toml"
    bad.write_text('[mapping]\nticker = "Nope"\n', encoding="utf-8")
    with pytest.raises(ImportFailed, match="'Nope' chosen for ticker is not in the header"):
        load(data, load_profile(bad))


def _write(tmp_path, text: str, name: str = "p.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_market_value_derives_the_price_and_a_disagreement_is_a_warning(tmp_path):
    path = _write(tmp_path, "Ticker,Shares,Price,Market Value\nNVDA,10,,1200.70\n"
                            "AMD,10,100,1500\nMETA,3,689.18,2067.54\n")
    p = load(path)
    assert p.holdings["price"].tolist() == pytest.approx([120.07, 100, 689.18])
    notes = [str(n) for n in p.notes]
    assert any("price taken as market value ÷ quantity on lines 2" in n for n in notes)
    warn = [n for n in p.notes if n.level == "warning"]
    assert [(n.line, n.column) for n in warn] == [(3, "Market Value")]
    assert "price × quantity is 1,000.00 but the market value is 1,500.00" in warn[0].message


def test_many_problems_are_all_listed(tmp_path):
    rows = "".join(f"T{i},{'x' if i % 2 else i},1\n" for i in range(3000))
    path = _write(tmp_path, "Ticker,Shares,Price\n" + rows)
    with pytest.raises(ImportFailed) as info:
        load(path)
    problems = info.value.problems
    assert problems[0].line == 3 and "'x' is not a number" in problems[0].message
    assert "(and 1499 more problems)" in str(info.value)
    assert problems[-1].message.startswith("and ") and "more rows like these" in problems[-1].message


def test_rows_that_are_not_holdings_are_skipped_and_listed(tmp_path):
    path = _write(tmp_path, "Code,Name,Qty,Price\n■米国株式,,,\nNVDA,NVIDIA,5,120\n"
                            "Code,Name,Qty,Price\n,,,\nAAPL,Apple,,\n小計,,,\n")
    p = load(path)
    assert p.tickers == ["NVDA"]
    assert [(n.line, n.level) for n in p.notes] == [(2, "warning"), (4, "info"), (6, "warning"),
                                                     (7, "info")]


def test_errors_name_the_row(tmp_path):
    cases = {
        "Ticker,Shares\n,5\n": "a row with numbers but no ticker",
        "Ticker,Name,Shares\n,Foo Corp,5\n": "no ticker for 'Foo Corp'",
        "Ticker,Shares,Price\nNVDA,5,-3\n": "the price must be positive",
        "Ticker,Shares,Currency\nNVDA,5,Dollarz\n": "'Dollarz' is not a currency",
        "Ticker,Shares\nNVDA,1.5k\n": "unit suffix",
        "Ticker,Shares\nthis is not a ticker at all,5\n": "does not look like a ticker",
        "Ticker,Shares\n": "no holdings",
        "Ticker,Name\nNVDA,x\n": "no shares column",
    }
    for text, needle in cases.items():
        with pytest.raises(InputError) as info:
            load_portfolio(_write(tmp_path, text))
        assert needle in str(info.value), (text, str(info.value))


def test_inspect_never_raises_for_a_bad_file_and_never_touches_it(tmp_path):
    path = _write(tmp_path, "garbage")
    before = path.read_bytes()
    preview = inspect(path)
    assert not preview.ok and preview.problems[0].level == "error"
    assert path.read_bytes() == before
    missing = inspect(tmp_path / "nope.csv")
    assert not missing.ok and "cannot read the file" in missing.problems[0].message
    assert not inspect(tmp_path).ok


def test_quoted_line_breaks_keep_line_numbers(tmp_path):
    path = _write(tmp_path, 'Ticker,Name,Shares\nNVDA,"NVIDIA\nCorp",5\nAMD,AMD,x\n')
    with pytest.raises(ImportFailed) as info:
        load(path)
    assert info.value.line == 4


def test_wide_rows_and_trailing_delimiters(tmp_path):
    path = _write(tmp_path, "Ticker,Shares,Price\nNVDA,5,120,,,\nAMD,3,100\n")
    p = load(path)
    assert p.tickers == ["NVDA", "AMD"] and p.holdings["line"].tolist() == [2, 3]


def test_cash_labels_name_their_currency(tmp_path):
    path = _write(tmp_path, "コード,銘柄,数量\n,米ドル預り金,1000\nCASH (JPY),,5000\n"
                            "8035,東京エレクトロン,100\n")
    p = load(path)
    cash = p.holdings[p.holdings["kind"] == "cash"]
    assert cash[["ticker", "shares", "price", "currency"]].values.tolist() == [
        ["USD", 1000.0, 1.0, "USD"], ["JPY", 5000.0, 1.0, "JPY"]]


_TICKERISH = st.one_of(
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=24),  # plain
    st.sampled_from(["USD", "JPY", "CASH", "TOTAL", "TOTALS", "SUM", "SUBTOTAL", "GRANDTOTAL",
                     "SUMX", "TOTALX", "CASHUSD", "USDCASH", "MONEYMARKET", "8035", "285A",
                     "BRK.B", "brk.b", "東証:8035", "現金", "Total:", "T", "", "GOOGL"]),
    st.text(max_size=12),
)


@given(st.lists(_TICKERISH, max_size=40))
def test_ticker_facts_agree_with_the_general_functions(cells):
    from engine.importer.mapping import vocabulary
    from engine.importer.positions import (
        _TICKER_OK,
        _cash_currency,
        _is_total,
        _ticker_facts,
    )
    from engine.tickers import normalise_ticker

    vocab = vocabulary()
    facts = _ticker_facts(cells, vocab)
    norm = [normalise_ticker(t) for t in cells]
    assert facts.normalised == norm
    assert facts.valid.tolist() == [bool(_TICKER_OK.fullmatch(t)) for t in norm]
    assert facts.total.tolist() == [_is_total(t, vocab.total_labels) for t in cells]
    cash = [_cash_currency(t, vocab) for t in cells]
    assert facts.cash.tolist() == [c[0] for c in cash]
    assert facts.cash_code == [c[1] or "" for c in cash]
    ids: dict[str, int] = {}
    assert facts.key.tolist() == [ids.setdefault(t, len(ids)) for t in norm]


def test_several_dated_snapshots_load_the_latest_naming_the_others(tmp_path):
    path = _write(tmp_path, "As of,Symbol,Quantity,Price\n2025-01-17,NVDA,100,137.71\n"
                            "2025-01-17,AMD,50,119.10\n2025/01/24,NVDA,120,142.62\n"
                            "2025-01-24,AVGO,10,221.27\n20250110,NVDA,100,135.91\n")
    p = load(path)
    assert p.tickers == ["NVDA", "AVGO"] and list(p.holdings["shares"]) == [120, 10]
    assert [str(n) for n in p.notes] == [
        "column 'As of': the file holds snapshots dated 2025-01-10, 2025-01-17 and 2025-01-24; "
        "the latest (2025-01-24) is loaded and the 3 rows of the others (lines 2, 3, 6) are "
        "left out"]


def test_snapshot_dates_that_do_not_read_load_everything_with_a_warning(tmp_path):
    path = _write(tmp_path, "As of,Symbol,Quantity\n2025-01-17,NVDA,100\nlast week,AMD,50\n")
    p = load(path)
    assert p.tickers == ["NVDA", "AMD"]
    assert any(n.level == "warning" and "several snapshots" in n.message for n in p.notes)


def test_purchase_dates_are_not_snapshots(tmp_path):
    path = _write(tmp_path, "Symbol,Trade Date,Quantity,Purchase Price\nNVDA,20230105,10,14.3\n"
                            "NVDA,20240105,5,49.1\n")
    assert list(load(path).holdings["shares"]) == [15]


def test_a_market_value_only_file_derives_quantities_with_a_note(tmp_path):
    from engine.prices import load_snapshot

    snap = load_snapshot()
    path = _write(tmp_path, 'Symbol,Market Value,Price\nNVDA,"$14,262.00",142.62\nMSFT,4150.60,\n')
    p = load(path)
    h = p.holdings
    assert list(h["shares"]) == pytest.approx([100, 4150.60 / snap.price("MSFT")[0]], rel=1e-12)
    assert list(h["shares"] * h["price"]) == pytest.approx([14262.00, 4150.60], rel=1e-12)
    notes = [str(n) for n in p.notes]
    assert "column 'Market Value': quantities taken as market value ÷ price on lines 2" in notes
    assert any("snapshot's close" in n and "lines 3" in n for n in notes)


def test_a_value_without_any_price_is_an_error(tmp_path):
    path = _write(tmp_path, "Symbol,Market Value\nZZZZQ,1000\n")
    with pytest.raises(InputError, match="no price in the file or the bundled snapshot"):
        load(path)


def test_weights_need_the_total_value_and_then_give_values(tmp_path):
    from engine.prices import load_snapshot

    path = _write(tmp_path, "Symbol,Weight\nNVDA,50%\n8035.T,30%\nAVGO,20%\n")
    with pytest.raises(InputError, match=r"weights only .*--total-value 250000 USD"):
        load(path)
    p = load(path, ImportSettings(total_value=100_000.0, total_currency="USD"))
    h = p.holdings
    snap = load_snapshot()
    usd = h["shares"] * h["price"] * [snap.rate(c, "USD") for c in h["currency"]]
    assert list(usd) == pytest.approx([50_000, 30_000, 20_000], rel=1e-9)
    assert list(h["currency"]) == ["USD", "JPY", "USD"]
    assert any("weights read as per cent" in n.message for n in p.notes)
    with pytest.raises(InputError, match="positive amount"):
        ImportSettings(total_value=-5.0, total_currency="USD")


def test_jevons_run_takes_the_total_value(tmp_path):
    path = _write(tmp_path, "Symbol,Weight\nNVDA,0.6\nAVGO,0.4\n")
    proc = run_cli("run", str(path), "--scenario", "deepseek-r1", "--format", "json",
                   "--total-value", "50000", "USD")
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"weights read as fractions" in proc.stderr
    bad = run_cli("run", str(path), "--scenario", "deepseek-r1", "--format", "json")
    assert bad.returncode == 2 and b"--total-value" in bad.stderr


def test_many_combined_holdings_give_one_note_and_every_account_is_named(tmp_path):
    rows = [f"{acct},T{chr(65 + i // 26)}{chr(65 + i % 26)},1,{10 + i}"
            for i in range(40) for acct in ("IRA", "Joint")]
    path = _write(tmp_path, "Account,Symbol,Quantity,Price\n" + "\n".join(rows) + "\n")
    p = load(path)
    assert len(p) == 40 and (p.holdings["account"] == "IRA, Joint").all()
    combined = [n.message for n in p.notes if "appear on several lines" in n.message]
    assert len(combined) == 1 and combined[0].startswith("40 holdings appear on several lines")
    assert "TAA (lines 2, 3)" in combined[0] and combined[0].endswith("and 10 more")


@pytest.mark.parametrize("reader", ["fast", "records"])
def test_text_columns_of_digits_keep_their_text(reader, monkeypatch):
    """An account number or a Hong Kong code is text: ``0700`` stays ``0700``
    and ``12345678`` does not become ``12345678.0`` when a stray line holds a
    decimal in the same column, whichever reader takes the file."""
    from engine.importer import table as table_module

    monkeypatch.setattr(table_module, "FAST_MIN_CHARS", 0 if reader == "fast" else 10**12)
    text = "Account,Symbol,Shares\n12345678,0700,10\n9040.51,,\n12345678,0005,4\n"
    got = table_module.read_table(text, 2, ",", 3, [0, 1], [2], ".")
    assert list(got.cells[0].astype(object)) == ["12345678", "9040.51", "12345678"]
    assert list(got.cells[1].astype(object)[[0, 2]]) == ["0700", "0005"]


def test_a_zero_quantity_with_a_total_cost_is_not_a_division_fault():
    """A row of zero shares beside a total cost has no cost per share; the rest loads."""
    from engine.importer import load_bytes

    raw = b"Symbol,Quantity,Cost Basis Total,Last Price\nNVDA,0,100,5\nAAPL,2,100,5\n"
    try:
        portfolio = load_bytes(raw)
    except InputError as exc:  # refusing the zero row is fine; a RuntimeWarning is not
        assert "NVDA" in str(exc)
    else:
        assert "AAPL" in set(portfolio.holdings["ticker"])
