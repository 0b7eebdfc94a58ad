"""The importer's fast paths give what the plain ones give.

Finding the lines a table may start at works on the file's bytes at once; the
body reaches the parser as a stream; lots take their holding's name from the
first lot that has one.  Each is checked against the plain definition.
"""

from __future__ import annotations

import csv
import random
import re

import numpy as np
import pytest

from engine.importer import detect, load
from engine.importer.detect import _candidate_rows
from engine.importer.table import FAST_MIN_CHARS, read_table
from engine.portfolio import Portfolio


def _candidates_by_regex(text: str, delimiter: str, header_line: int):
    """The plain definition: every line with text and no digit 0-9, the line above
    each, and the header line."""
    lines = {}
    split = text.split("\n")
    for k, line in enumerate(split):
        if line and not re.search(r"[0-9]", line):
            lines[k + 1] = line
            if k >= 1 and k not in lines:
                lines[k] = split[k - 1]
    if header_line not in lines:
        lines[header_line] = split[header_line - 1] if header_line <= len(split) else ""
    out = []
    for ln in sorted(lines):
        try:
            cells = next(csv.reader([lines[ln]], delimiter=delimiter), [])
        except csv.Error:
            continue
        if any(c.strip() for c in cells):
            out.append((ln, cells))
    return out


@pytest.mark.parametrize("bytes_scan_min", [0, 10**9])  # the byte scan, the regex
def test_candidate_rows_are_the_digit_free_lines_and_those_above(monkeypatch, bytes_scan_min):
    monkeypatch.setattr(detect, "BYTES_SCAN_MIN", bytes_scan_min)
    rng = random.Random(7)
    alphabet = ["a", "B", "1", "9", ",", " ", "\n", "\n", "é", "株", "０", '"', "\n\n", "\t"]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        for header_line in (1, 2, 5, 40):
            assert _candidate_rows(text, ",", header_line) == \
                _candidates_by_regex(text, ",", header_line), (text, header_line)


def test_the_streamed_body_reads_like_the_record_reader():
    # Non-ASCII cells (several bytes a character) across the parser's pieces.
    rows = [f"{1000 + i % 900},銘柄{i}・ＡＢＣ{'é' * (i % 5)},{i % 700 + 1},{i * 1.25:.2f}"
            for i in range(4000)]
    text = "コード,銘柄名,数量,現在値\n" + "\n".join(rows) + "\n"
    assert len(text) > FAST_MIN_CHARS
    fast = read_table(text, 2, ",", 4, [0, 1], [2, 3], ".")
    assert fast.fast
    assert list(fast.lines) == list(range(2, 4002))
    names = np.asarray(fast.cells[1].astype(object))
    assert names[0] == "銘柄0・ＡＢＣ" and names[3999] == "銘柄3999・ＡＢＣ" + "é" * 4
    assert fast.cells[3][-1] == 3999 * 1.25


def test_the_first_lot_with_a_name_names_the_holding(tmp_path):
    path = tmp_path / "lots.csv"
    lots = ["Symbol,Description,Quantity"]
    for i in range(3000):  # large enough for the fast reader
        lots.append(f"T{i % 50:02d},{'' if i < 100 else f'Name {i % 50} from {i}'},1")
    path.write_text("\n".join(lots) + "\n", encoding="utf-8")
    holdings = load(path).holdings.set_index("ticker")
    assert len(holdings) == 50
    # Lines 2..101 have no name; T00's first named lot is row 100 (i = 100).
    assert holdings.at["T00", "name"] == "Name 0 from 100"
    assert holdings.at["T49", "name"] == "Name 49 from 149"
    assert holdings.at["T07", "shares"] == 60


def test_accounts_are_joined_when_some_account_has_no_usable_row(tmp_path):
    # The IRA row is skipped (no quantity): the codes of the rows left are not 0, 1, 2.
    path = tmp_path / "accounts.csv"
    path.write_text("Account,Symbol,Quantity\nIndividual,NVDA,10\nIRA,AMD,\n"
                    "Roth IRA,NVDA,5\n", encoding="utf-8")
    holdings = load(path).holdings
    assert list(holdings["ticker"]) == ["NVDA"]
    assert holdings.at[0, "account"] == "Individual, Roth IRA"
    assert holdings.at[0, "shares"] == 15


@pytest.mark.parametrize("amd_accounts", [2, 64])
def test_accounts_are_joined_among_more_than_62_accounts(tmp_path, amd_accounts):
    # 70 accounts, but only two (one written two ways) hold NVDA's lots; AMD's
    # lots are in a few accounts, or in more than one bit mask holds.
    rows = [f"Acct {i},T{i},1" for i in range(70)]
    rows += ["Acct 2,NVDA,1", "  Acct 1,NVDA,2", "Acct  1,NVDA,3"]
    rows += [f"Acct {i},AMD,1" for i in range(amd_accounts)]
    path = tmp_path / "accounts.csv"
    path.write_text("Account,Symbol,Quantity\n" + "\n".join(rows) + "\n", encoding="utf-8")
    holdings = load(path).holdings.set_index("ticker")
    assert holdings.at["NVDA", "account"] == "Acct 1, Acct 2"
    assert holdings.at["NVDA", "shares"] == 6
    assert holdings.at["AMD", "account"] == ", ".join(sorted(f"Acct {i}"
                                                             for i in range(amd_accounts)))
    assert holdings.at["T5", "account"] == "Acct 5"


def test_a_portfolio_is_apart_from_the_frame_it_was_made_from(tmp_path):
    # The importer's frame is in shape already: the portfolio keeps a shallow copy of it.
    path = tmp_path / "two.csv"
    path.write_text("Symbol,Quantity\nNVDA,10\nAMD,5\n", encoding="utf-8")
    frame = load(path).holdings
    for given in (frame, frame[::-1]):  # (reversed: put in shape, a new frame)
        portfolio = Portfolio(given)
        kept = portfolio.holdings.copy()
        given.iloc[0, given.columns.get_loc("shares")] = 99.0
        assert portfolio.holdings.equals(kept)
        portfolio.holdings.iloc[1, portfolio.holdings.columns.get_loc("shares")] = 7.0
        assert given.iloc[1]["shares"] != 7.0


def test_a_total_cost_with_zero_shares_is_a_clear_row_not_a_crash(tmp_path):
    path = tmp_path / "zero.csv"
    path.write_text("Symbol,Quantity,Total Cost\nNVDA,10,1000\nAMD,0,500\n", encoding="utf-8")
    holdings = load(path).holdings.set_index("ticker")
    assert holdings.at["NVDA", "cost"] == 100
    assert np.isnan(holdings.at["AMD", "cost"])
