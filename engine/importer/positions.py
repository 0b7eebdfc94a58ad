"""From table rows to positions: what each row is, and what is wrong with it.

Each row becomes exactly one of: a holding (``ok``, or ``warning`` when
something deserves a look), ``skipped`` (a total line, a repeated header, a
row with no holding in it: always listed), or ``error`` (a holding the
importer cannot read without guessing: the import stops, unless the user
asked to skip such rows).  The work is vectorised over rows; text cells are
interpreted once per distinct value, so 100,000 rows of a few thousand
tickers cost a few thousand look-ups.

Cash rows ("CASH", "USD", "現金", "預り金", …) become a ``kind="cash"`` holding
whose ticker is the currency code, shares the amount and price 1.  Rows of
the same ticker (lots, accounts) are combined by :func:`combine` with a note
naming their lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from engine.importer.mapping import MONEY_FIELDS, Vocabulary, column_unit, vocabulary
from engine.importer.settings import Problem
from engine.importer.table import Table
from engine.importer.values import parse_column
from engine.tickers import normalise_ticker

__all__ = ["Positions", "combine", "interpret"]

NUMBER_FIELDS = ("shares", "price", "cost", "cost_total", "market_value")
TEXT_FIELDS = ("ticker", "name", "currency", "account")
#: At most this many rows are listed one by one; the rest are summarised.
MAX_LISTED = 1000
_TICKER_OK = re.compile(r"[A-Z0-9^][A-Z0-9.\-=&]{0,19}")
_TOTAL_SEPARATORS = " :：(（[［-=・"
#: Relative slack when a market value is compared with price × shares.
VALUE_TOLERANCE = 0.002


@dataclass
class Positions:
    """The interpreted rows.

    ``frame`` has one row per non-blank table row: the holdings columns
    (ticker, name, shares, price, currency, cost, kind, line, category) plus
    ``account``, ``status`` (ok, warning, skipped, error) and ``message``.
    """

    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)

    @property
    def usable(self) -> pd.DataFrame:
        return self.frame[self.frame["status"].isin(("ok", "warning"))]


def _map_unique(values: pd.Series, fn: Callable[[str], object]) -> np.ndarray:
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    mapped = np.empty(len(uniques), dtype=object)
    mapped[:] = [fn(u) for u in uniques]
    return mapped[codes]


_PLACEHOLDERS = frozenset(("-", "--", "---", "—", "－", "n/a", "N/A"))


def _clean(text: str) -> str:
    t = re.sub(r"\s+", " ", text).strip()
    return "" if t in _PLACEHOLDERS else t


def _is_total(text: str, labels: tuple[str, ...]) -> bool:
    t = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().lower()
    if not t:
        return False
    for label in labels:
        if t == label or (t.startswith(label) and t[len(label)] in _TOTAL_SEPARATORS):
            return True
    return t.endswith((" total", " totals")) or t.startswith("total ")


def _cash_currency(text: str, vocab: Vocabulary) -> tuple[bool, str | None]:
    """``(is cash, its currency if the label names one)``: "米ドル預り金" → (True, "USD")."""
    label = unicodedata.normalize("NFKC", text).strip().upper()
    if not label:
        return False, None
    if label in vocab.cash_labels:
        return True, None
    if label in vocab.cash_currencies:
        return True, label
    for word in sorted(vocab.cash_labels, key=len, reverse=True):
        if word in label:
            rest = re.sub(r"[\s_\-:()（）\[\]［］/]+", "", label.replace(word, "", 1))
            code = vocab.currency_of(rest) if rest else None
            if code is not None:
                return True, code
    return False, None


def interpret(table: Table, columns: list[str], col_of: Mapping[str, int | None],
              decimal: str, thousands: str, *, skip_bad_rows: bool = False) -> Positions:
    """Classify and read every row of ``table`` (``col_of``: field → 0-based column)."""
    vocab = vocabulary()
    n = len(table)
    header = {f: (columns[i] if i is not None else None) for f, i in col_of.items()}

    def text(f: str) -> pd.Series:
        i = col_of.get(f)
        if i is None:
            return pd.Series([""] * n, dtype=object)
        return table.cells[i].astype(object)

    raw_ticker = _map_unique(text("ticker"), _clean)
    name = _map_unique(text("name"), _clean)
    account = _map_unique(text("account"), _clean)
    raw_currency = _map_unique(text("currency"), _clean)
    first_i = 0 if 0 in table.cells else None
    first = _map_unique(table.cells[0].astype(object), _clean) if first_i is not None else name

    numbers: dict[str, np.ndarray] = {}
    hints: dict[str, np.ndarray | None] = {}
    bad: dict[str, dict[int, str]] = {}
    for f in NUMBER_FIELDS:
        i = col_of.get(f)
        if i is None:
            numbers[f], hints[f], bad[f] = np.full(n, np.nan), None, {}
        else:
            numbers[f], hints[f], bad[f] = parse_column(table.cells[i], decimal, thousands)

    has_number = np.zeros(n, dtype=bool)
    number_error = np.zeros(n, dtype=bool)
    for f in NUMBER_FIELDS:
        has_number |= np.isfinite(numbers[f])
        if bad[f]:
            number_error[np.fromiter(bad[f], dtype=np.int64)] = True
    has_number |= number_error
    has_text = (raw_ticker != "") | (name != "") | (account != "") | (raw_currency != "")
    if first_i is not None:
        has_text |= first != ""
    blank = ~has_text & ~has_number

    ticker = _map_unique(pd.Series(raw_ticker), normalise_ticker)
    valid = _map_unique(pd.Series(ticker), lambda t: bool(_TICKER_OK.fullmatch(t)))
    valid = valid.astype(bool)
    total = _map_unique(pd.Series(raw_ticker), lambda t: _is_total(t, vocab.total_labels))
    total = total.astype(bool)
    no_ticker = raw_ticker == ""
    for other in (name, first):
        total |= no_ticker & _map_unique(pd.Series(other),
                                         lambda t: _is_total(t, vocab.total_labels)).astype(bool)
    repeated_header = np.zeros(n, dtype=bool)
    if header.get("ticker"):
        repeated_header = raw_ticker == header["ticker"].split(" #")[0]
    cash_key = np.where(no_ticker, name, raw_ticker)
    cash_info = _map_unique(pd.Series(cash_key), lambda t: _cash_currency(t, vocab))
    is_cash = np.fromiter((c[0] for c in cash_info), dtype=bool, count=n)
    cash_code = np.fromiter((c[1] or "" for c in cash_info), dtype=object, count=n)

    currency, currency_bad = _currencies(raw_currency, hints, header, vocab)

    status = np.full(n, "ok", dtype=object)
    message = np.full(n, "", dtype=object)
    column = np.full(n, None, dtype=object)
    decided = blank.copy()

    def mark(mask: np.ndarray, state: str, why: Callable[[int], str] | str,
             col: Callable[[int], str | None] | str | None = None) -> None:
        nonlocal decided
        rows = np.flatnonzero(mask & ~decided)
        if not len(rows):
            return
        status[rows] = state
        for i in rows[:MAX_LISTED * 4]:
            message[i] = why(i) if callable(why) else why
            column[i] = col(i) if callable(col) else col
        decided |= mask

    def cell(i: int) -> str:
        return raw_ticker[i] or name[i] or first[i] or table.line_text(int(table.lines[i])).strip()

    mark(total, "skipped", lambda i: f"a total or summary row ({cell(i)!r}); skipped")
    mark(repeated_header, "skipped", "the header row repeated; skipped")

    def first_bad(i: int) -> str:
        return next(f for f in NUMBER_FIELDS if i in bad[f])

    bad_state = "skipped" if skip_bad_rows else "error"
    mark(number_error, bad_state, lambda i: bad[first_bad(i)][i],
         lambda i: header[first_bad(i)])
    mark(no_ticker & ~is_cash & has_number, bad_state,
         lambda i: (f"no ticker for {name[i]!r}; add its ticker" if name[i] else
                    "a row with numbers but no ticker; add the ticker or delete the row"),
         header.get("ticker"))
    mark(no_ticker & ~is_cash, "skipped",
         lambda i: f"not a holding (no ticker and no numbers: {cell(i)!r}); skipped")

    shares, price = numbers["shares"], numbers["price"]
    cost, cost_total, value = numbers["cost"], numbers["cost_total"], numbers["market_value"]
    amount = np.where(np.isfinite(shares), shares, value)
    mark(is_cash & ~np.isfinite(amount), "skipped",
         lambda i: f"a cash row ({cell(i)!r}) without an amount; skipped")
    mark(currency_bad != "", bad_state, lambda i: currency_bad[i], header.get("currency"))
    decided_before_cash = decided.copy()
    cash = is_cash & ~decided_before_cash
    decided |= cash

    mark(~valid & has_number, bad_state,
         lambda i: f"{raw_ticker[i]!r} does not look like a ticker", header.get("ticker"))
    mark(~valid, "skipped",
         lambda i: f"not a holding ({raw_ticker[i]!r} is not a ticker and the row has no "
                   f"numbers); skipped", header.get("ticker"))
    mark(~np.isfinite(shares), "skipped",
         lambda i: f"{ticker[i]} has no quantity; skipped (a watch-list entry?)",
         header.get("shares"))
    mark(price <= 0, bad_state, lambda i: f"the price must be positive, not {price[i]:g}",
         header.get("price"))
    mark((cost < 0) | (cost_total < 0), bad_state,
         lambda i: "a cost cannot be negative", header.get("cost") or header.get("cost_total"))

    security = ~decided
    per_share_cost = np.where(np.isfinite(cost), cost,
                              np.where(np.abs(shares) > 0, cost_total / np.abs(shares), np.nan))
    derive = security & ~np.isfinite(price) & np.isfinite(value) & (shares != 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        price = np.where(derive, np.abs(value / shares), price)
        expected = np.abs(shares * price)
        slack = np.abs(shares) * 0.005 + 0.5 + VALUE_TOLERANCE * np.abs(value)
    disagree = (security & ~derive & np.isfinite(price) & np.isfinite(value)
                & (np.abs(expected - np.abs(value)) > slack))
    mark_warning = np.flatnonzero(disagree)
    status[mark_warning] = "warning"
    for i in mark_warning[:MAX_LISTED]:
        message[i] = (f"price × quantity is {expected[i]:,.2f} but the market value is "
                      f"{abs(value[i]):,.2f}; the price is used (check the file)")
        column[i] = header.get("market_value")

    cash_currency, guessed = _cash_currencies(cash, cash_code, currency, ticker, security, name)
    name = np.where(cash & (name == ""), cash_key, name)
    final_currency = np.where(cash, cash_currency, currency)
    frame = pd.DataFrame({
        "ticker": np.where(cash, cash_currency, np.where(valid | no_ticker, ticker, raw_ticker)),
        "name": name,
        "shares": np.where(cash, amount, shares),
        "price": np.where(cash, 1.0, price),
        "currency": final_currency,
        "cost": np.where(cash, np.nan, per_share_cost),
        "kind": np.where(cash, "cash", "security"),
        "line": table.lines,
        "category": "",
        "account": account,
        "status": status,
        "message": message,
        "column": column,
    })
    frame = frame[~blank].reset_index(drop=True)
    problems = _problems(frame, table)
    problems += _notes(frame, derive[~blank], guessed[~blank], header)
    return Positions(frame, problems)


def _currencies(raw: np.ndarray, hints: Mapping[str, np.ndarray | None],
                header: Mapping[str, str | None], vocab: Vocabulary
                ) -> tuple[np.ndarray, np.ndarray]:
    """Each row's currency (``""`` when unknown) and a message where it is unreadable."""

    def code(word: str) -> tuple[str, str]:
        if not word:
            return "", ""
        c = vocab.currency_of(word)
        if c is None:
            return "", f"{word!r} is not a currency; write a code such as USD or JPY"
        return c, ""

    pairs = _map_unique(pd.Series(raw), code)
    currency = np.fromiter((p[0] for p in pairs), dtype=object, count=len(raw))
    bad = np.fromiter((p[1] for p in pairs), dtype=object, count=len(raw))
    unit = next((u for u in (column_unit(header.get(f)) for f in ("price", "market_value",
                                                                   "cost", "cost_total")) if u),
                None)
    fill = currency == ""
    if unit is not None:
        currency[fill] = unit
    else:
        for f in MONEY_FIELDS:
            h = hints.get(f)
            if h is not None:
                take = fill & pd.notna(h)
                currency[take] = h[take]
                fill &= ~take
    return currency, bad


def _cash_currencies(cash: np.ndarray, code: np.ndarray, currency: np.ndarray,
                     ticker: np.ndarray, security: np.ndarray, name: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Cash currency: the label's, else the row's, else the file's usual one (guessed)."""
    out = np.where(code != "", code, currency)
    missing = cash & (out == "")
    if missing.any():
        known = pd.Series(currency[security & (currency != "")])
        if len(known):
            usual = str(known.mode().iloc[0])
        else:
            tokyo = pd.Series(ticker[security]).str.endswith(".T")
            usual = "JPY" if len(tokyo) and tokyo.mean() > 0.5 else None
        for i in np.flatnonzero(missing):
            label = name[i] or ""
            guess = usual or ("JPY" if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", label)
                              or re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", str(ticker[i]))
                              else "USD")
            out[i] = guess
    return out, missing


def _problems(frame: pd.DataFrame, table: Table) -> list[Problem]:
    out: list[Problem] = []
    flagged = frame[frame["status"] != "ok"]
    level = {"error": "error", "warning": "warning", "skipped": "warning"}
    for r in flagged.head(MAX_LISTED).itertuples(index=False):
        lvl = level[r.status]
        if r.status == "skipped" and r.message.startswith(("a total", "the header row")):
            lvl = "info"
        out.append(Problem(int(r.line), r.column, r.message, lvl))
    rest = flagged.iloc[MAX_LISTED:]
    if len(rest):
        lines = rest["line"]
        worst = "error" if (rest["status"] == "error").any() else "warning"
        out.append(Problem(None, None, f"and {len(rest):,} more rows like these (lines "
                           f"{lines.min()}–{lines.max()})", worst))
    return out


def _lines(lines: np.ndarray, limit: int = 20) -> str:
    shown = ", ".join(str(int(x)) for x in lines[:limit])
    return shown + (f" and {len(lines) - limit:,} more" if len(lines) > limit else "")


def _notes(frame: pd.DataFrame, derived: np.ndarray, guessed_currency: np.ndarray,
           header: Mapping[str, str | None]) -> list[Problem]:
    out = []
    usable = frame["status"].isin(("ok", "warning")).to_numpy()
    d = derived & usable
    if d.any():
        out.append(Problem(None, header.get("price"),
                           f"price taken as market value ÷ quantity on lines "
                           f"{_lines(frame['line'].to_numpy()[d])}", "info"))
    guessed = guessed_currency & usable
    for i in np.flatnonzero(guessed)[:MAX_LISTED]:
        out.append(Problem(int(frame["line"].iat[i]), None,
                           f"cash without a currency, taken as {frame['currency'].iat[i]} "
                           f"(add a currency column if that is wrong)", "info"))
    return out


def combine(usable: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """One row per (ticker, kind, currency): shares summed, price and cost weighted.

    Weights are absolute share counts, so a long lot and a short lot of the
    same ticker net out in shares but keep a sensible price.  Returns the
    combined rows (in first-appearance order) and one note per combined
    ticker naming its lines (the first :data:`MAX_LISTED`, then a summary).
    """
    keys = usable["ticker"] + "\x1f" + usable["kind"] + "\x1f" + usable["currency"]
    codes, uniques = pd.factorize(keys)
    k = len(uniques)
    if k == len(usable):
        return usable, []
    shares = usable["shares"].to_numpy(dtype=float)
    weight = np.abs(shares)
    out_shares = np.bincount(codes, weights=shares, minlength=k)

    def weighted(values: np.ndarray) -> np.ndarray:
        have = np.isfinite(values)
        w = np.where(have, np.where(weight > 0, weight, 1e-300), 0.0)
        num = np.bincount(codes, weights=np.where(have, values, 0.0) * w, minlength=k)
        den = np.bincount(codes, weights=w, minlength=k)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(den > 0, num / den, np.nan)

    price = usable["price"].to_numpy(dtype=float)
    first = np.flatnonzero(~pd.Series(codes).duplicated().to_numpy())
    out = usable.iloc[first].copy()
    out["shares"] = out_shares
    out["price"] = weighted(price)
    out["cost"] = weighted(usable["cost"].to_numpy(dtype=float))
    names = usable["name"].to_numpy(dtype=object)
    empty_name = out["name"].to_numpy() == ""
    if empty_name.any():
        for j in np.flatnonzero(empty_name):
            found = names[(codes == j) & (names != "")]
            if len(found):
                out.iloc[j, out.columns.get_loc("name")] = found[0]

    counts = np.bincount(codes, minlength=k)
    dup = np.flatnonzero(counts > 1)
    order = np.argsort(codes, kind="stable")
    starts = np.concatenate(([0], np.cumsum(counts)))
    lines = usable["line"].to_numpy()
    accounts = usable["account"].to_numpy(dtype=object)
    grouped_price = pd.Series(price).groupby(codes)
    spread = (grouped_price.max() / grouped_price.min() - 1.0).reindex(range(k)).to_numpy()
    notes = []
    for j in dup[:MAX_LISTED]:
        rows = order[starts[j]:starts[j + 1]]
        ticker = out["ticker"].iat[j]
        acc = sorted({a for a in accounts[rows] if a})
        where = f" (accounts: {', '.join(acc)})" if len(acc) > 1 else ""
        what = "amounts added" if out["kind"].iat[j] == "cash" else (
            f"combined into {out_shares[j]:,.10g} shares, price and cost weighted by shares")
        notes.append(Problem(int(lines[rows[0]]), None,
                             f"{ticker} appears on lines {_lines(lines[rows])}{where}; {what}",
                             "info"))
        if np.isfinite(spread[j]) and spread[j] > 0.005:
            notes.append(Problem(int(lines[rows[0]]), None,
                                 f"{ticker} has different prices on lines {_lines(lines[rows])}; "
                                 f"their share-weighted average is used", "warning"))
    if len(dup) > MAX_LISTED:
        notes.append(Problem(None, None, f"and {len(dup) - MAX_LISTED:,} more tickers on several "
                             f"lines, combined the same way", "info"))
    return out.reset_index(drop=True), notes
