"""A grammar-based generator of hostile portfolio CSVs and scenario/profile TOMLs.

Each generator draws one case of a named category with a seeded
``random.Random``, so a failure is reproduced from its seed and index.  The
grammar: a file is an optional preamble, a header row and data rows; each
part is drawn from realistic pieces (English and Japanese headers, tickers,
numbers in every style) and then made hostile in the category's way.  The
categories are the ones an outside adversarial pass used (issue list of the
robustness work): random and Japanese headers, quoting, BOMs, mixed
encodings, NUL bytes, CR-only line ends, 10k-column lines, a 50 MB cell,
``1e309``, ``-0``, ``NaN``, full-width digits, duplicate and empty headers;
for TOML: nesting bombs, huge files, wrong types, out-of-range and
non-finite numbers, unknown keys, bad encodings and codec names.
"""

from __future__ import annotations

import random
from collections.abc import Callable

TICKERS = ["NVDA", "TSLA", "META", "AMD", "8035", "7203.T", "6857.T", "ZZZQ", "brk.b", "USD",
           "CASH", "現金", "ｎｖｄａ", "=HYPERLINK(\"x\")", "<b>x</b>", "", " "]
HEADERS = ["Ticker", "Symbol", "銘柄コード", "銘柄", "Shares", "Quantity", "保有数量", "数量",
           "Price", "現在値(円)", "Market Value", "評価額[USD]", "Cost Basis", "Currency", "通貨",
           "Name", "Account", "", "Date", "ｔｉｃｋｅｒ", "ＳＨＡＲＥＳ"]
NUMBERS = ["100", "-30", "0", "-0", "1e309", "-1e309", "1e308", "1e300", "NaN", "nan", "inf",
           "-inf", "1e-320", "１００", "１，２３４", "$1,234.50", "(12.5)", "12,5", "1.234,56",
           "1'234.5", "▲3", "12%", "1e5", "+7", "0x10", "1_000", "９９９９９９９９９９９９９９９９９",
           "99999999999999999999999", ""]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp932", "euc_jp",
             "cp1252"]


SANE_TICKERS = ["NVDA", "TSLA", "META", "AMD", "8035", "ZZZQ", "USD"]
SANE_NUMBERS = ["100", "-30", "12.5", "0.5", "1,000", "250"]


def _row(rng: random.Random, width: int) -> list[str]:
    """A data row: mostly ordinary cells, one in four from the hostile lists."""
    def pick(sane: list[str], hostile: list[str]) -> str:
        return rng.choice(hostile if rng.random() < 0.25 else sane)

    return [pick(SANE_TICKERS, TICKERS)] + [pick(SANE_NUMBERS, NUMBERS)
                                             for _ in range(max(0, width - 1))]


_TEXT_COLUMNS = {"Currency": ["USD", "JPY", "usd", "", "EUR", "XXX", "100"],
                 "通貨": ["USD", "JPY", "円", ""],
                 "Name": ["NVIDIA", "トヨタ自動車", "=1+1", "", "<i>x</i>", "a\nb"],
                 "Account": ["NISA", "特定", ""], "Date": ["2025-01-27", "27/01/2025", ""]}


def _table(rng: random.Random, header: list[str], rows: int) -> list[list[str]]:
    """``header`` and ``rows`` data rows; text columns get text, the others numbers."""
    out = [header]
    for _ in range(rows):
        row = _row(rng, len(header))
        for j, name in enumerate(header[1:], start=1):
            if name in _TEXT_COLUMNS:
                row[j] = rng.choice(_TEXT_COLUMNS[name])
        out.append(row)
    return out


def _join(rows: list[list[str]], delimiter: str = ",", end: str = "\n",
          quote: bool = False) -> str:
    def cell(c: str) -> str:
        return '"' + c.replace('"', '""') + '"' if quote else c

    return end.join(delimiter.join(cell(c) for c in r) for r in rows) + end


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


def _base(rng: random.Random) -> list[list[str]]:
    header = ["Ticker", "Shares", *rng.sample(["Price", "Currency", "Name"], rng.randint(0, 3))]
    return _table(rng, header, rng.randint(1, 6))


# -- CSV categories -----------------------------------------------------------------
def csv_random_headers(rng: random.Random) -> bytes:
    header = [rng.choice(HEADERS) for _ in range(rng.randint(1, 7))]
    return _encode(_join(_table(rng, header, rng.randint(0, 6))), rng.choice(ENCODINGS))


def csv_quoting(rng: random.Random) -> bytes:
    rows = _base(rng)
    text = _join(rows, quote=True)
    pos = rng.randrange(len(text))
    text = text[:pos] + rng.choice(['"', '""', '"\n"', '\\"', '"a"b"']) + text[pos:]
    return text.encode("utf-8")


def csv_boms(rng: random.Random) -> bytes:
    boms = [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\xef\xbb\xbf"]
    data = _join(_base(rng)).encode("utf-8")
    pos = rng.choice([0, 0, rng.randrange(len(data))])
    return data[:pos] + rng.choice(boms) + data[pos:]


def csv_mixed_encodings(rng: random.Random) -> bytes:
    rows = _base(rng)
    rows[-1][0] = rng.choice(["トヨタ", "東京エレクトロン", "Société", "ｎｖｄａ", "😀"])
    lines = [_join([r]) for r in rows]
    return b"".join(_encode(line, rng.choice(ENCODINGS)) for line in lines)


def csv_nul(rng: random.Random) -> bytes:
    data = bytearray(_join(_base(rng)).encode("utf-8"))
    for _ in range(rng.randint(1, 4)):
        data.insert(rng.randrange(len(data) + 1), 0)
    return bytes(data)


def csv_cr_only(rng: random.Random) -> bytes:
    return _join(_base(rng), end=rng.choice(["\r", "\r\r\n", "\n\r"])).encode("utf-8")


def csv_wide_line(rng: random.Random) -> bytes:
    width = rng.choice([10_000, 20_000])
    header = ["Ticker", "Shares"] + [f"c{i}" for i in range(width)]
    return (_join([header]) + "NVDA,5" + "," * width + "\n").encode("utf-8")


def csv_big_cell(rng: random.Random, size: int = 50 * 2**20 + 1) -> bytes:
    return b"Ticker,Shares,Name\nNVDA,5," + b"x" * size + b"\n"


def csv_extreme_numbers(rng: random.Random) -> bytes:
    rows = [["Ticker", "Shares", "Price"]]
    for _ in range(rng.randint(1, 5)):
        rows.append([rng.choice(["NVDA", "TSLA", "ZZZQ"]),
                     rng.choice(["1e309", "-0", "NaN", "1e308", "-1e308", "1e300", "1e15", "0",
                                 "5e-324", "100"]),
                     rng.choice(["", "1e309", "1e-300", "0", "-5", "NaN", "1e300", "12.5"])])
    return _join(rows).encode("utf-8")


def csv_full_width_digits(rng: random.Random) -> bytes:
    digits = "０１２３４５６７８９"
    rows = [["ｔｉｃｋｅｒ", "ＳＨＡＲＥＳ"]]
    for _ in range(rng.randint(1, 5)):
        n = "".join(rng.choice(digits) for _ in range(rng.randint(1, 6)))
        rows.append([rng.choice(["ＮＶＤＡ", "NVDA", "８０３５", "トヨタ"]), rng.choice([n, "－" + n,
                                                                               n + "．５"])])
    return _encode(_join(rows), rng.choice(["utf-8", "cp932", "utf-16-le", "utf-16-be"]))


def csv_duplicate_empty_headers(rng: random.Random) -> bytes:
    header = rng.choice([["Ticker", "Ticker", "Shares"], ["", "", ""], ["Ticker", "", "Shares", ""],
                         ["Shares", "Shares", "Ticker", "Ticker"], [""], ["Ticker", "Shares",
                                                                         "Shares"]])
    return _join(_table(rng, header, rng.randint(0, 4))).encode("utf-8")


def csv_long_short(rng: random.Random) -> bytes:
    """Long and short legs, some cancelling to the cent: the signs and totals must hold."""
    rows = [["Ticker", "Shares", "Price"]]
    for _ in range(rng.randint(1, 8)):
        ticker = rng.choice(["NVDA", "TSLA", "META", "AMD", "AVGO", "ZZZQ"])
        shares, price = rng.choice([1, 10, 100, 1234]), rng.choice(["", "0.01", "99.99", "500"])
        rows.append([ticker, str(shares * rng.choice([1, -1])), price])
        if rng.random() < 0.3:  # the same position the other way round
            rows.append([ticker, str(-shares), price])
    return _join(rows).encode("utf-8")


CSV_CATEGORIES: dict[str, Callable[[random.Random], bytes]] = {
    "random_headers": csv_random_headers,
    "quoting": csv_quoting,
    "boms": csv_boms,
    "mixed_encodings": csv_mixed_encodings,
    "nul_bytes": csv_nul,
    "cr_line_ends": csv_cr_only,
    "wide_line": csv_wide_line,
    "extreme_numbers": csv_extreme_numbers,
    "full_width_digits": csv_full_width_digits,
    "duplicate_empty_headers": csv_duplicate_empty_headers,
    "long_short": csv_long_short,
}
#: Drawn once per run (50 MB): too big to repeat.
CSV_ONCE = {"big_cell": csv_big_cell}


# -- TOML categories ----------------------------------------------------------------
PARAMETERS = ["efficiency_multiple", "adoption", "elasticity_short", "elasticity_long",
              "asic_shift", "sentiment_shock", "market_shock", "usd_jpy_change", "horizon_q"]
VALUES = ["1", "-1", "0", "1e308", "-1e308", "inf", "-inf", "nan", "1e999", '"ten"', "[]", "{}",
          "true", "1979-05-27", "0.5", "100000", "-0.0"]


def toml_nested_arrays(rng: random.Random) -> bytes:
    depth = rng.choice([20, 1_000, 10_000, 100_000])
    return f"a = {'[' * depth}{']' * depth}\n".encode()


def toml_nested_tables(rng: random.Random) -> bytes:
    depth = rng.choice([20, 1_000, 10_000])
    return ("a = " + "{b = " * depth + "1" + "}" * depth + "\n").encode()


def toml_dotted_keys(rng: random.Random) -> bytes:
    depth = rng.choice([20, 500, 5_000])
    return ("[" + ".".join(f"k{i}" for i in range(depth)) + "]\nx = 1\n").encode()


def toml_huge(rng: random.Random) -> bytes:
    return ("name = \"big\"\n" + "".join(f"k{i} = {i}\n" for i in range(rng.choice([30_000,
                                                                                  60_000])))
            ).encode()


def toml_bad_values(rng: random.Random) -> bytes:
    lines = ['name = "hostile"', "[parameters]"]
    for p in rng.sample(PARAMETERS, rng.randint(1, len(PARAMETERS))):
        lines.append(f"{p} = {rng.choice(VALUES)}")
    if rng.random() < 0.5:
        lines.append("[distributions." + rng.choice(PARAMETERS) + "]")
        lines.append(f'kind = "{rng.choice(["lognormal", "beta", "truncnormal", "cauchy", ""])}"')
        for key in rng.sample(["median", "sigma", "sd", "low", "high", "concentration"], 3):
            lines.append(f"{key} = {rng.choice(VALUES)}")
    return ("\n".join(lines) + "\n").encode()


def toml_unknown_keys(rng: random.Random) -> bytes:
    key = rng.choice(["zzz", "parameters.zzz", "[parameters]\nzzz"])
    return ('name = "x"\n' + key + " = 1\n").encode()


def toml_bad_encoding(rng: random.Random) -> bytes:
    return rng.choice([b'name = "\xff\xfe"\n', 'name = "日本"\n'.encode("cp932"),
                       b'name = "a\x00b"\n', b"\xef\xbb\xbf\xef\xbb\xbfname = 1\n",
                       'name = "x"\n'.encode("utf-16")])


def toml_profile_codec(rng: random.Random) -> bytes:
    codec = rng.choice(["punycode", "undefined", "rot13", "idna", "base64", "zlib", "utf-7",
                        "hex", "utf-8", "cp932", "no-such-codec", ""])
    return f'profile = "p"\nencoding = "{codec}"\ndelimiter = "{rng.choice([",", ";", "xx"])}"\n'\
        .encode()


TOML_CATEGORIES: dict[str, Callable[[random.Random], bytes]] = {
    "nested_arrays": toml_nested_arrays,
    "nested_tables": toml_nested_tables,
    "dotted_keys": toml_dotted_keys,
    "huge": toml_huge,
    "bad_values": toml_bad_values,
    "unknown_keys": toml_unknown_keys,
    "bad_encoding": toml_bad_encoding,
    "profile_codec": toml_profile_codec,
}
