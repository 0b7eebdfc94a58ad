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
from functools import lru_cache

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
    """The interpreted rows, one per non-blank table row, as parallel arrays.

    ``columns`` holds the holdings columns (ticker, name, shares, price,
    currency, cost, kind, line, category) plus ``account``, ``status`` (ok,
    warning, skipped, error), ``message`` and ``column``.  DataFrames are made
    only of what is shown (:meth:`head`) or kept (:func:`combine`): at 100,000
    rows building them is a large part of the cost.
    """

    columns: dict[str, np.ndarray]
    problems: list[Problem] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.columns["line"])

    @property
    def status(self) -> np.ndarray:
        """Each row's status as text (ok, warning, skipped, error)."""
        return STATUS_NAMES[self.columns["status"]]

    @property
    def usable(self) -> np.ndarray:
        """Mask of the rows that become holdings."""
        return self.columns["status"] <= WARNING

    def count(self, status: str) -> int:
        return int((self.columns["status"] == STATUS_NAMES.tolist().index(status)).sum())

    def head(self, rows: int | None = None) -> pd.DataFrame:
        """The first ``rows`` rows (all when ``None``) as a DataFrame."""
        return frame_of({k: v[:rows] for k, v in self.columns.items() if not k.startswith("_")})


OK, WARNING, SKIPPED, ERROR = range(4)
STATUS_NAMES = np.array(["ok", "warning", "skipped", "error"], dtype=object)


def frame_of(columns: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """A DataFrame that keeps text columns as Python objects (no dtype inference).

    Status codes become their names, missing messages ``""``; ``category`` is
    added empty (the user chooses categories later).
    """
    data = {}
    for k, v in columns.items():
        if k == "status":
            v = STATUS_NAMES[v]
        elif k == "message":
            v = np.where(pd.isna(v), "", v) if len(v) else v
        data[k] = pd.Series(v, dtype=object) if v.dtype == object else v
    if "category" not in data:
        data["category"] = pd.Series([""] * len(columns["line"]), dtype=object)
    return pd.DataFrame(data)


#: Below this many rows plain Python beats pandas' per-call overhead.
SMALL = 2000


def _factorize(values: np.ndarray | pd.Categorical) -> tuple[np.ndarray, list]:
    """``(codes, uniques)`` of text cells (plain Python below :data:`SMALL` rows)."""
    if isinstance(values, pd.Categorical):
        codes = values.codes.astype(np.intp)
        uniques = [*map(str, values.categories.to_numpy(dtype=object).tolist()), ""]
        codes[codes < 0] = len(uniques) - 1
        return codes, uniques
    if len(values) < SMALL:
        index: dict[object, int] = {}
        codes = np.fromiter((index.setdefault(v, len(index)) for v in values.tolist()),
                            dtype=np.intp, count=len(values))
        return codes, list(index)
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return codes, list(uniques)


def _map_unique(values: np.ndarray, fn: Callable[[str], object], dtype: object = object
                ) -> np.ndarray:
    """``fn`` applied to each distinct value once, as an array like ``values``."""
    codes, uniques = _factorize(values)
    return _apply(codes, [fn(u) for u in uniques], dtype)


def _apply(codes: np.ndarray, per_unique: list, dtype: object = object) -> np.ndarray:
    """Spread values computed per distinct cell back over the rows."""
    mapped = np.empty(len(per_unique), dtype=dtype)
    mapped[:] = per_unique
    return mapped[codes]


_PLACEHOLDERS = frozenset(("-", "--", "---", "—", "－", "n/a", "N/A"))


_SPACES = re.compile(r"\s+")


def _clean(text: str) -> str:
    t = text.strip()
    if "  " in t or not t.isprintable():
        t = _SPACES.sub(" ", t)
    return "" if t in _PLACEHOLDERS else t


@lru_cache(maxsize=8)
def _total_re(labels: tuple[str, ...]) -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(labels, key=len, reverse=True))
    seps = re.escape(_TOTAL_SEPARATORS)
    return re.compile(rf"(?:{words})(?:$|[{seps}])|total |.* totals?$")


@lru_cache(maxsize=8)
def _total_starts(labels: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w[0] for w in labels) | {"t"}


def _is_total(text: str, labels: tuple[str, ...]) -> bool:
    if not text:
        return False
    head = text.lstrip()[:1].lower()
    if head not in _total_starts(labels) and "otal" not in text and "OTAL" not in text:
        return False  # the usual case, answered without normalising
    t = unicodedata.normalize("NFKC", text).lower() if not text.isascii() else text.lower()
    return bool(_total_re(labels).match(re.sub(r"\s+", " ", t).strip()))


@lru_cache(maxsize=4)
def _longest_first(words: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


def _cash_currency(text: str, vocab: Vocabulary) -> tuple[bool, str | None]:
    """``(is cash, its currency if the label names one)``: "米ドル預り金" → (True, "USD")."""
    if not text:
        return False, None
    if text.isascii() and text.isalnum() and len(text) <= 6:
        key = text.upper()  # a plain ticker: cash only when it is a label itself
        if key in vocab.cash_currencies:
            return True, key
        return key in vocab.cash_labels, None
    label = unicodedata.normalize("NFKC", text).strip().upper()
    if not label:
        return False, None
    if label in vocab.cash_labels:
        return True, None
    if label in vocab.cash_currencies:
        return True, label
    for word in _longest_first(vocab.cash_labels):
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

    cleaned: dict[int, tuple[np.ndarray, list[str]]] = {}

    def text(i: int | None) -> tuple[np.ndarray, list[str]]:
        """(codes, cleaned distinct cells) of column ``i``; all empty without one."""
        if i is None:
            return np.zeros(n, dtype=np.intp), [""]
        if i not in cleaned:
            codes, uniques = _factorize(table.cells[i])
            cleaned[i] = codes, [_clean(u) for u in uniques]
        return cleaned[i]

    def spread(i: int | None) -> tuple[np.ndarray, np.ndarray]:
        codes, uniques = text(i)
        return _apply(codes, uniques), _apply(codes, [u != "" for u in uniques], bool)

    t_codes, t_clean = text(col_of.get("ticker"))
    raw_ticker, has_ticker = spread(col_of.get("ticker"))
    name, has_name = spread(col_of.get("name"))
    account, has_account = spread(col_of.get("account"))
    _, has_currency = spread(col_of.get("currency"))
    first_i = 0 if 0 in table.cells else None
    first, has_first = spread(first_i) if first_i is not None else (name, has_name)

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
    has_text = has_ticker | has_name | has_account | has_currency | has_first
    blank = ~has_text & ~has_number

    # Everything about a ticker cell is worked out once per distinct cell.
    t_norm = [normalise_ticker(t) for t in t_clean]
    ticker = _apply(t_codes, t_norm)
    valid = _apply(t_codes, [bool(_TICKER_OK.fullmatch(t)) for t in t_norm], bool)
    total = _apply(t_codes, [_is_total(t, vocab.total_labels) for t in t_clean], bool)
    t_cash = [_cash_currency(t, vocab) for t in t_clean]
    is_cash = _apply(t_codes, [c[0] for c in t_cash], bool)
    cash_code = _apply(t_codes, [c[1] or "" for c in t_cash])
    no_ticker = ~has_ticker
    if no_ticker.any():  # rows without a ticker: a total, or cash, named elsewhere
        rows = np.flatnonzero(no_ticker)
        for other in (name, first):
            total[rows] |= _map_unique(other[rows], lambda t: _is_total(t, vocab.total_labels),
                                       bool)
        by_name = _map_unique(name[rows], lambda t: _cash_currency(t, vocab))
        is_cash[rows] = [c[0] for c in by_name]
        cash_code[rows] = [c[1] or "" for c in by_name]
    repeated_header = np.zeros(n, dtype=bool)
    if header.get("ticker"):
        repeated_header = raw_ticker == header["ticker"].split(" #")[0]
    cash_key = np.where(no_ticker, name, raw_ticker)

    currency, currency_bad = _currencies(text(col_of.get("currency")), hints, header, vocab)

    status = np.zeros(n, dtype=np.int8)
    message = np.empty(n, dtype=object)  # None where there is nothing to say
    column = np.empty(n, dtype=object)
    decided = blank.copy()

    def mark(mask: np.ndarray, state: int, why: Callable[[int], str] | str,
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

    mark(total, SKIPPED, lambda i: f"a total or summary row ({cell(i)!r}); skipped")
    mark(repeated_header, SKIPPED, "the header row repeated; skipped")

    def first_bad(i: int) -> str:
        return next(f for f in NUMBER_FIELDS if i in bad[f])

    bad_state = SKIPPED if skip_bad_rows else ERROR
    mark(number_error, bad_state, lambda i: bad[first_bad(i)][i],
         lambda i: header[first_bad(i)])
    mark(no_ticker & ~is_cash & has_number, bad_state,
         lambda i: (f"no ticker for {name[i]!r}; add its ticker" if name[i] else
                    "a row with numbers but no ticker; add the ticker or delete the row"),
         header.get("ticker"))
    mark(no_ticker & ~is_cash, SKIPPED,
         lambda i: f"not a holding (no ticker and no numbers: {cell(i)!r}); skipped")

    shares, price = numbers["shares"], numbers["price"]
    cost, cost_total, value = numbers["cost"], numbers["cost_total"], numbers["market_value"]
    amount = np.where(np.isfinite(shares), shares, value)
    mark(is_cash & ~np.isfinite(amount), SKIPPED,
         lambda i: f"a cash row ({cell(i)!r}) without an amount; skipped")
    mark(currency_bad != "", bad_state, lambda i: currency_bad[i], header.get("currency"))
    decided_before_cash = decided.copy()
    cash = is_cash & ~decided_before_cash
    decided |= cash

    mark(~valid & has_number, bad_state,
         lambda i: f"{raw_ticker[i]!r} does not look like a ticker", header.get("ticker"))
    mark(~valid, SKIPPED,
         lambda i: f"not a holding ({raw_ticker[i]!r} is not a ticker and the row has no "
                   f"numbers); skipped", header.get("ticker"))
    mark(~np.isfinite(shares), SKIPPED,
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
    status[mark_warning] = WARNING
    for i in mark_warning[:MAX_LISTED]:
        message[i] = (f"price × quantity is {expected[i]:,.2f} but the market value is "
                      f"{abs(value[i]):,.2f}; the price is used (check the file)")
        column[i] = header.get("market_value")

    cash_currency, guessed = _cash_currencies(cash, cash_code, currency, ticker, security, name)
    name = np.where(cash & (name == ""), cash_key, name)
    final_currency = np.where(cash, cash_currency, currency)
    # Rows with the same key are one holding: a code per distinct normalised
    # ticker (cash: per currency, negative), computed on distinct cells only.
    norm_ids: dict[str, int] = {}
    key = _apply(t_codes, [norm_ids.setdefault(t, len(norm_ids)) for t in t_norm], np.int64)
    if cash.any():
        cash_ids: dict[str, int] = {}
        key[cash] = [-1 - cash_ids.setdefault(c, len(cash_ids)) for c in cash_currency[cash]]
    columns = {
        "_key": key,
        "ticker": np.where(cash, cash_currency, np.where(valid | no_ticker, ticker, raw_ticker)),
        "name": name,
        "shares": np.where(cash, amount, shares),
        "price": np.where(cash, 1.0, price),
        "currency": final_currency,
        "cost": np.where(cash, np.nan, per_share_cost),
        "kind": np.where(cash, "cash", "security"),
        "line": table.lines,
        "account": account,
        "status": status,
        "message": message,
        "column": column,
    }
    if blank.any():
        columns = {k: v[~blank] for k, v in columns.items()}
        derive, guessed = derive[~blank], guessed[~blank]
    positions = Positions(columns)
    positions.problems = _problems(columns) + _notes(positions, derive, guessed, header)
    return positions


def _currencies(raw: tuple[np.ndarray, list[str]], hints: Mapping[str, np.ndarray | None],
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

    codes, uniques = raw
    pairs = [code(u) for u in uniques]
    currency = _apply(codes, [p[0] for p in pairs])
    bad = _apply(codes, [p[1] for p in pairs])
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


def _problems(columns: Mapping[str, np.ndarray]) -> list[Problem]:
    out: list[Problem] = []
    status = columns["status"]
    flagged = np.flatnonzero(status != OK)
    level = {ERROR: "error", WARNING: "warning", SKIPPED: "warning"}
    lines, message, column = columns["line"], columns["message"], columns["column"]
    for i in flagged[:MAX_LISTED]:
        lvl = level[status[i]]
        if status[i] == SKIPPED and message[i].startswith(("a total", "the header row")):
            lvl = "info"
        out.append(Problem(int(lines[i]), column[i], message[i], lvl))
    rest = flagged[MAX_LISTED:]
    if len(rest):
        worst = "error" if (status[rest] == ERROR).any() else "warning"
        out.append(Problem(None, None, f"and {len(rest):,} more rows like these (lines "
                           f"{lines[rest].min()}–{lines[rest].max()})", worst))
    return out


def _lines(lines: np.ndarray, limit: int = 20) -> str:
    shown = ", ".join(map(str, lines[:limit].tolist()))
    return shown + (f" and {len(lines) - limit:,} more" if len(lines) > limit else "")


def _notes(positions: Positions, derived: np.ndarray, guessed_currency: np.ndarray,
           header: Mapping[str, str | None]) -> list[Problem]:
    out = []
    usable = positions.usable
    lines, currency = positions.columns["line"], positions.columns["currency"]
    d = derived & usable
    if d.any():
        out.append(Problem(None, header.get("price"),
                           f"price taken as market value ÷ quantity on lines {_lines(lines[d])}",
                           "info"))
    for i in np.flatnonzero(guessed_currency & usable)[:MAX_LISTED]:
        out.append(Problem(int(lines[i]), None,
                           f"cash without a currency, taken as {currency[i]} "
                           f"(add a currency column if that is wrong)", "info"))
    return out


def combine(positions: Positions) -> tuple[pd.DataFrame, list[Problem]]:
    """One row per (ticker, kind, currency): shares summed, price and cost weighted.

    Weights are absolute share counts, so a long lot and a short lot of the
    same ticker net out in shares but keep a sensible price.  Returns the
    combined rows (in first-appearance order) and one note per combined
    ticker naming its lines (the first :data:`MAX_LISTED`, then a summary).
    """
    mask = positions.usable
    usable = (positions.columns if mask.all()
              else {c: v[mask] for c, v in positions.columns.items()})
    key = usable["_key"]
    currency = usable["currency"]
    if len(currency) and not (currency == currency[0]).all():
        key = key * (len(currency) + 1) + pd.factorize(currency)[0]
    codes, uniques = pd.factorize(key)
    k = len(uniques)
    if k == len(codes):
        return frame_of({k: v for k, v in usable.items() if not k.startswith("_")}), []
    shares = usable["shares"]
    weight = np.abs(shares)
    out_shares = np.bincount(codes, weights=shares, minlength=k)

    def weighted(values: np.ndarray) -> np.ndarray:
        have = np.isfinite(values)
        w = np.where(have, np.where(weight > 0, weight, 1e-300), 0.0)
        num = np.bincount(codes, weights=np.where(have, values, 0.0) * w, minlength=k)
        den = np.bincount(codes, weights=w, minlength=k)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(den > 0, num / den, np.nan)

    price = usable["price"]
    counts = np.bincount(codes, minlength=k)
    order = np.argsort(codes, kind="stable")
    starts = np.concatenate(([0], np.cumsum(counts)))
    first = order[starts[:-1]]
    out = {c: v[first] for c, v in usable.items()}
    out["shares"] = out_shares
    out["price"] = weighted(price)
    out["cost"] = weighted(usable["cost"])
    names = usable["name"]
    out_names = out["name"]
    for j in np.flatnonzero(out_names == ""):  # the first lot with a name names the holding
        out_names[j] = next((names[i] for i in order[starts[j]:starts[j + 1]] if names[i]), "")
    dup = np.flatnonzero(counts > 1)
    lines = usable["line"]
    accounts = usable["account"]
    sorted_price = price[order]
    finite = np.isfinite(sorted_price)
    high = np.maximum.reduceat(np.where(finite, sorted_price, -np.inf), starts[:-1])
    low = np.minimum.reduceat(np.where(finite, sorted_price, np.inf), starts[:-1])
    with np.errstate(invalid="ignore", divide="ignore"):
        spread = high / low - 1.0
    notes = []
    tickers, kinds = out["ticker"], out["kind"]
    for j in dup[:MAX_LISTED]:
        rows = order[starts[j]:starts[j + 1]]
        ticker = tickers[j]
        acc = sorted({a for a in accounts[rows] if a})
        where = f" (accounts: {', '.join(acc)})" if len(acc) > 1 else ""
        what = "amounts added" if kinds[j] == "cash" else (
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
    return frame_of({k: v for k, v in out.items() if not k.startswith("_")}), notes
