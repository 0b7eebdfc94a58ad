"""Holdings from a transaction history (a Trading 212 or broker "activity" export).

A history is recognised by its header (a date column and an action column,
``resources/import/aliases.toml`` ``[transactions]``).  Holdings are derived
only under assumptions that are stated in a note: the history is complete
from the account's opening, each buy adds and each sell removes its quantity,
and cash movements (deposits, dividends, fees) change no share count.  A row
with a quantity whose action is neither a buy, a sell nor a cash movement
(a split, a transfer, a corporate action) makes the derivation a guess: the
file is then refused with what to export instead.  Prices are not taken from
the trades (a trade price is not today's price): they come from the
snapshot when the portfolio is valued.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

import numpy as np

from engine.importer.mapping import vocabulary
from engine.importer.positions import OK, Positions, _line_list
from engine.importer.settings import Problem
from engine.importer.table import Table
from engine.importer.values import parse_column
from engine.tickers import normalise_ticker

__all__ = ["EXPORT_INSTEAD", "derive"]

#: What to export instead, said when a history cannot be used.
EXPORT_INSTEAD = ("export the current positions instead (the broker's Positions, Holdings or "
                  "Portfolio page, not its history or activity)")


def _word(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def derive(table: Table, columns: list[str], col_of: Mapping[str, int | None], action_col: int,
           decimal: str, thousands: str, section: str = "") -> Positions | list[Problem]:
    """The holdings a buy/sell history leaves, or the problems that stop it."""
    words = vocabulary().transactions
    n = len(table)
    lines = table.lines
    ticker_i, shares_i = col_of.get("ticker"), col_of.get("shares")
    if ticker_i is None or shares_i is None:
        return [Problem(None, None, f"this is a transaction history, without a ticker and a "
                                    f"quantity column to derive holdings from; {EXPORT_INSTEAD}")]
    tickers = table.cells[ticker_i]
    actions = table.cells[action_col]
    names = table.cells[col_of["name"]] if col_of.get("name") is not None else None
    currencies = table.cells[col_of["currency"]] if col_of.get("currency") is not None else None
    shares, _, bad = parse_column(table.cells[shares_i], decimal, thousands)
    if bad:
        rows = sorted(bad)
        return [Problem(int(lines[rows[0]]), columns[shares_i],
                        f"unreadable quantities on lines {_line_list([int(lines[r]) for r in rows])}"
                        f"; {bad[rows[0]]}")]
    net: dict[str, float] = {}
    first: dict[str, int] = {}
    other: dict[str, list[int]] = {}
    used = 0
    for i in range(n):
        q = shares[i]
        t = str(tickers[i]) if tickers[i] == tickers[i] else ""  # NaN from the fast reader
        a = _word(str(actions[i])) if actions[i] == actions[i] else ""
        if not np.isfinite(q) or q == 0 or not t.strip():
            continue
        if a in words["buy"] or a.endswith(" buy"):
            sign = 1.0
        elif a in words["sell"] or a.endswith(" sell"):
            sign = -1.0
        elif a in words["ignore"] or a.split(" (")[0] in words["ignore"]:
            continue
        else:
            other.setdefault(str(actions[i]).strip() or "(empty)", []).append(int(lines[i]))
            continue
        key = normalise_ticker(t)
        net[key] = net.get(key, 0.0) + sign * abs(q)
        first.setdefault(key, i)
        used += 1
    if other:
        kinds = "; ".join(f"{a!r} on lines {_line_list(ls)}" for a, ls in other.items())
        return [Problem(other[next(iter(other))][0], columns[action_col],
                        f"this is a transaction history with rows that change holdings in a way "
                        f"Jevons does not replay ({kinds}); holdings would be a guess: "
                        f"{EXPORT_INSTEAD}")]
    short = [k for k, v in net.items() if v < -1e-9]
    if short:
        return [Problem(int(lines[first[short[0]]]), columns[shares_i],
                        f"this history sells more {', '.join(short)} than it buys (it does not "
                        f"start when the account opened); {EXPORT_INSTEAD}")]
    held = [k for k, v in net.items() if v > 1e-9]
    if not held:
        return [Problem(None, None, f"this transaction history leaves no holdings (every buy "
                                    f"is sold); {EXPORT_INSTEAD}")]
    m = len(held)
    rows = [first[k] for k in held]
    columns_out = {
        "_key": np.arange(m, dtype=np.int64),
        "_currency": np.zeros(m, dtype=np.int64),
        "ticker": np.array(held, dtype=object),
        "name": np.array([str(names[r]).split("\n")[0].strip()
                          if names is not None and names[r] == names[r] else "" for r in rows],
                         dtype=object),
        "shares": np.array([net[k] for k in held]),
        "price": np.full(m, np.nan),
        "currency": np.array([_currency(currencies[r]) if currencies is not None else ""
                              for r in rows], dtype=object),
        "cost": np.full(m, np.nan),
        "kind": np.full(m, "security", dtype="<U12"),
        "line": np.array([int(lines[r]) for r in rows], dtype=np.int64),
        "account": np.full(m, "", dtype=object),
        "section": np.full(m, section, dtype=object),
        "status": np.full(m, OK, dtype=np.int8),
        "message": np.empty(m, dtype=object),
        "column": np.empty(m, dtype=object),
    }
    _, ids = np.unique(columns_out["currency"].astype(str), return_inverse=True)
    columns_out["_currency"] = ids.astype(np.int64)
    positions = Positions(columns_out)
    positions.problems = [Problem(
        None, columns[action_col],
        f"holdings derived from a transaction history: {used} buy and sell rows replayed "
        f"(lines {int(lines[0])}–{int(lines[-1])}), assuming the history starts when the "
        f"account opened; cash movements are left out and prices come from the snapshot, "
        f"not the trades", "warning")]
    return positions


def _currency(cell: object) -> str:
    if cell != cell or not str(cell).strip():
        return ""
    return vocabulary().currency_of(str(cell)) or ""
