"""Any bytes at all end as a Portfolio or an InputError: never another exception.

Two sources of inputs, together well over 10,000 per run:

* hypothesis builds CSV-like files from the parts real files are made of
  (known and unknown headers, numbers in every style, junk, quotes,
  delimiters, encodings);
* a seeded mutation fuzzer damages the real fixtures: truncation, byte flips,
  a wrong or random encoding, NUL bytes, huge cells, a line of a million
  columns, shuffled and repeated lines.

Each input goes through the same in-process pipeline ``load`` uses
(``load_bytes``); a sample also goes through ``inspect`` from a file, which
must not raise at all.  Memory is checked with the peak resident size.
"""

from __future__ import annotations

import random
import resource
import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.errors import InputError
from engine.importer import ImportSettings, inspect, load_bytes
from engine.importer import table as table_module
from engine.portfolio import HOLDING_COLUMNS, KINDS, Portfolio
from tests.conftest import FIXTURES

FIXTURE_FILES = sorted(p for p in (FIXTURES / "import").rglob("*.*")
                       if p.suffix in (".csv", ".txt", ".tsv", ".xlsx"))
MUTATIONS = 8_500
HYPOTHESIS_EXAMPLES = 1_500
#: Peak memory may grow by at most this much over the whole fuzz run.
MEMORY_BUDGET_MB = 600


def check(raw: bytes, settings: ImportSettings | None = None) -> str:
    """Load ``raw``; the outcome must be a sound Portfolio or an InputError."""
    return _check(raw, settings)[0]


def _check(raw: bytes, settings: ImportSettings | None = None):
    try:
        portfolio = load_bytes(raw, settings, name="fuzz", source="fuzz.csv")
    except InputError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        return "error", str(exc)
    assert isinstance(portfolio, Portfolio) and len(portfolio) > 0
    h = portfolio.holdings
    assert list(h.columns) == list(HOLDING_COLUMNS)
    assert np.isfinite(h["shares"].to_numpy(dtype=float)).all()
    price = h["price"].to_numpy(dtype=float)
    assert ((price > 0) | np.isnan(price)).all()
    assert set(h["kind"]) <= set(KINDS)
    assert (h["ticker"] != "").all() and (h["line"] >= 1).all()
    cost = h["cost"].to_numpy(dtype=float)
    assert ((cost >= 0) | np.isnan(cost)).all()
    return "ok", h


def both_readers(raw: bytes) -> str:
    """The pandas reader and the record reader must agree on every input."""
    default = table_module.FAST_MIN_CHARS
    try:
        table_module.FAST_MIN_CHARS = 0
        fast = _check(raw)
    finally:
        table_module.FAST_MIN_CHARS = default
    table_module.FAST_MIN_CHARS = 10**12
    try:
        slow = _check(raw)
    finally:
        table_module.FAST_MIN_CHARS = default
    assert fast[0] == slow[0], (raw, fast, slow)
    if fast[0] == "ok":
        pd.testing.assert_frame_equal(fast[1], slow[1], check_exact=True)
    else:
        assert fast[1] == slow[1]
    return fast[0]


def _mutate(data: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(12)
    if not data:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(64)))
    if kind == 0:  # truncation
        return data[:rng.randrange(len(data))]
    if kind == 1:  # byte flips
        b = bytearray(data)
        for _ in range(rng.randrange(1, 8)):
            i = rng.randrange(len(b))
            b[i] ^= 1 << rng.randrange(8)
        return bytes(b)
    if kind == 2:  # random bytes overwritten
        b = bytearray(data)
        i = rng.randrange(len(b))
        b[i:i + 4] = bytes(rng.randrange(256) for _ in range(4))
        return bytes(b)
    if kind == 3:  # re-encoded in another encoding (or decoded wrongly)
        text = data.decode("utf-8", errors="replace")
        enc = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "cp932", "cp1252", "latin-1",
                          "utf-32", "euc_jp", "utf-8-sig"])
        return text.encode(enc, errors="replace")
    if kind == 4:  # NUL bytes
        b = bytearray(data)
        b.insert(rng.randrange(len(b) + 1), 0)
        return bytes(b)
    if kind == 5:  # a huge cell
        i = rng.randrange(len(data) + 1)
        return data[:i] + b"9" * rng.choice([1000, 70_000, 200_000]) + data[i:]
    if kind == 6:  # lines shuffled, repeated or dropped
        lines = data.split(b"\n")
        op = rng.randrange(3)
        if op == 0:
            rng.shuffle(lines)
        elif op == 1:
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(lines))
        else:
            lines.pop(rng.randrange(len(lines)))
        return b"\n".join(lines)
    if kind == 7:  # delimiters and quotes swapped in
        b = bytearray(data)
        for _ in range(rng.randrange(1, 6)):
            b[rng.randrange(len(b))] = rng.choice(b',;\t|"\n\r')
        return bytes(b)
    if kind == 8:  # a cell replaced by a tricky number
        cell = rng.choice([b"1.5k", b"(3)", b"-0", b"1e308", b"1e999", b"nan", b"inf", b"--",
                           b"\xe2\x88\x925", b"12,5", b"1.234,5", b"$", b"\xef\xbf\xa5",
                           b"99999999999999999999999", b"0x10", b"1_000", b"%", b"()"])
        i = rng.randrange(len(data) + 1)
        return data[:i] + cell + data[i:]
    if kind == 9:  # a preamble or footer of junk
        junk = bytes(rng.randrange(32, 127) for _ in range(rng.randrange(1, 80)))
        return junk + b"\n" + data if rng.random() < 0.5 else data + b"\n" + junk
    if kind == 10:  # CRs and BOMs in odd places
        i = rng.randrange(len(data) + 1)
        return data[:i] + rng.choice([b"\r", b"\xef\xbb\xbf", b"\xff\xfe", b"\r\r\n"]) + data[i:]
    # mutations stacked
    return _mutate(_mutate(data, rng), rng)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.fuzz
def test_mutated_fixtures_never_crash_the_importer(tmp_path):
    rng = random.Random(20250127)
    seeds = [p.read_bytes() for p in FIXTURE_FILES]
    before = {p: p.read_bytes() for p in FIXTURE_FILES}
    peak0 = _peak_mb()
    t0 = time.perf_counter()
    outcomes = {"ok": 0, "error": 0}
    for i in range(MUTATIONS):
        data = _mutate(rng.choice(seeds), rng)
        outcomes[both_readers(data) if i % 16 == 0 else check(data)] += 1
        if i % 300 == 0:  # the file-based dry run must not raise at all
            path = tmp_path / "m.csv"
            path.write_bytes(data)
            preview = inspect(path)
            assert preview.ok == (outcomes_of(data) == "ok")
    # A million columns on one line, and a big clean file, once each.
    wide = b"Ticker,Shares\n" + b"," * 1_000_000 + b"\nNVDA,5\n"
    outcomes[check(wide)] += 1
    outcomes[check(seeds[0] + b"\n" + b"x" * 5_000_000)] += 1
    elapsed = time.perf_counter() - t0
    assert outcomes["ok"] > MUTATIONS // 10 and outcomes["error"] > MUTATIONS // 10, outcomes
    assert _peak_mb() - peak0 < MEMORY_BUDGET_MB
    assert all(p.read_bytes() == b for p, b in before.items())
    print(f"\n{MUTATIONS + 2} mutated inputs in {elapsed:.1f} s: {outcomes}")


def outcomes_of(data: bytes) -> str:
    try:
        load_bytes(data)
    except InputError:
        return "error"
    return "ok"


_HEADERS = ["Ticker", "Symbol", "銘柄コード", "Shares", "Quantity", "保有数量", "Price", "現在値(円)",
            "Market Value", "評価額[USD]", "Cost Basis", "Currency", "通貨", "Name", "Account",
            "Comment", "", "Date", "Price ($)"]
_CELLS = st.one_of(
    st.sampled_from(["NVDA", "8035", "東証:8035", "brk.b", "CASH", "現金", "USD", "JPY", "合計",
                     "Total", "", " ", "--", "N/A", "¥12,345", "$1,234.50", "(12.50)", "−5",
                     "1.5k", "12,5", "1.234,56", "1 234,56", "1'234.5", "12%", "▲3", "1e5",
                     "inf", "nan", "0", "-0", "+7", '"', '""', "a\nb", "\t", ";", "|"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-10**20, max_value=10**20).map(str),
    st.text(max_size=12),
)


@st.composite
def csv_files(draw) -> bytes:
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    width = draw(st.integers(1, 7))
    header = draw(st.lists(st.sampled_from(_HEADERS), min_size=width, max_size=width))
    rows = draw(st.lists(st.lists(_CELLS, min_size=0, max_size=width + 2), max_size=8))
    quote = draw(st.booleans())

    def line(cells):
        if quote:
            cells = ['"' + c.replace('"', '""') + '"' for c in cells]
        return delimiter.join(cells)

    preamble = draw(st.lists(st.text(max_size=20), max_size=2))
    text = "\n".join([*preamble, line(header), *(line(r) for r in rows)])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp932", "cp1252"]))
    return text.encode(encoding, errors="replace")


_SETTINGS = st.one_of(
    st.none(),
    st.builds(ImportSettings,
              delimiter=st.sampled_from([None, ",", ";", "\t", "|"]),
              decimal=st.sampled_from([None, "."]),
              thousands=st.sampled_from([None, ",", " ", "'", ""]),
              header_line=st.sampled_from([None, 1, 2, 5, 1000]),
              skip_bad_rows=st.booleans()),
)


@pytest.mark.fuzz
@settings(max_examples=HYPOTHESIS_EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(csv_files(), _SETTINGS)
def test_generated_files_end_as_a_portfolio_or_an_input_error(raw, import_settings):
    check(raw, import_settings)


def test_the_check_tells_a_portfolio_from_an_error():
    assert check(b"Ticker,Shares\nNVDA,5\n") == "ok"
    assert check(b"Ticker,Shares\nNVDA,five\n") == "error"
