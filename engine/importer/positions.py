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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from engine.importer.mapping import (
    MONEY_FIELDS,
    SectionRule,
    Vocabulary,
    column_unit,
    vocabulary,
)
from engine.importer.settings import Problem
from engine.importer.table import Table
from engine.importer.values import parse_column
from engine.portfolio import HOLDING_COLUMNS
from engine.tickers import normalise_ticker

__all__ = ["OTHER_KINDS", "Positions", "combine", "concat_positions", "holdings_frame",
           "interpret"]

NUMBER_FIELDS = ("shares", "price", "cost", "cost_total", "market_value")
TEXT_FIELDS = ("ticker", "name", "currency", "account", "kind", "weight")
#: At most this many rows are listed one by one; the rest are summarised.
MAX_LISTED = 1000
#: Up to this many combined holdings get a note each; more get one note
#: naming the first :data:`NOTED_IN_SUMMARY` with their lines.
NOTED_EACH = 20
NOTED_IN_SUMMARY = 30
_TICKER_OK = re.compile(r"[A-Z0-9^][A-Z0-9.\-=&]{0,19}")
_TOTAL_SEPARATORS = " :：(（[［-=・"
#: "株式（現物/特定預り）合計": a Japanese section's total names the section first.
_TOTAL_ENDINGS = ("合計", "小計", "総計")
#: Relative slack when a market value is compared with price × shares.
VALUE_TOLERANCE = 0.002


@dataclass
class Positions:
    """The interpreted rows, one per non-blank table row, as parallel arrays.

    ``columns`` holds the holdings columns (ticker, name, shares, price,
    currency, cost, kind, line, category) plus ``account``, ``status`` (ok,
    warning, skipped, error), ``message`` and ``column``.  DataFrames are made
    only of what is shown (:meth:`head`) or kept (:func:`combine`): at 100,000
    rows building them is a large part of the cost.  For the same reason the
    text columns of :func:`interpret` are :class:`_Coded` (``np.asarray``
    spreads one over the rows).
    """

    columns: dict[str, np.ndarray | _Coded]
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
    index = pd.RangeIndex(len(columns["line"]))
    data = {}
    for k, v in columns.items():
        if isinstance(v, _Coded):
            v = np.asarray(v)  # (a fresh array: no copy needed)
        if k == "status":
            v = STATUS_NAMES[v]
        elif k == "message":
            v = np.where(pd.isna(v), "", v) if len(v) else v
        data[k] = pd.Series(v, index=index, dtype=object, copy=True) if v.dtype == object else v
    for extra in ("category", "section"):
        if extra not in data:
            data[extra] = pd.Series(_filled(len(index), ""), index=index, dtype=object,
                                    copy=False)
    return pd.DataFrame(data, index=index, copy=True)


def holdings_frame(columns: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """The holdings as :class:`~engine.portfolio.Portfolio` keeps them: the
    columns of :data:`~engine.portfolio.HOLDING_COLUMNS` in order, numbers as
    floats (``line`` as integers), text as pandas infers it from the objects;
    ``category`` (and ``section`` when the file has none) empty.

    Made once, from arrays the caller made for it (they are not copied).
    """
    n = len(columns["line"])
    types = {"shares": np.float64, "price": np.float64, "cost": np.float64, "line": np.int64}
    return pd.DataFrame({c: (np.asarray(columns[c], dtype=types.get(c, object)) if c in columns
                             else _filled(n, "")) for c in HOLDING_COLUMNS}, copy=False)


#: Below this many rows plain Python beats pandas' per-call overhead.
SMALL = 2000


def _factorize(values: np.ndarray | pd.Categorical) -> tuple[np.ndarray, list]:
    """``(codes, uniques)`` of text cells (plain Python below :data:`SMALL` rows).

    A categorical's codes are taken in its own small integer type (a quarter
    of the memory or less; the code added for a missing cell fits it): a
    caller that writes other codes into them widens them first.
    """
    if isinstance(values, pd.Categorical):
        codes = values.codes
        uniques = values.categories.to_numpy(dtype=object).tolist()
        if not isinstance(values.categories.dtype, pd.StringDtype):
            uniques = list(map(str, uniques))
        uniques.append("")
        if codes.min(initial=0) < 0:
            codes = np.where(codes < 0, codes.dtype.type(len(uniques) - 1), codes)
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


class _Lazy:
    """An array made the first time one of its cells is asked for."""

    def __init__(self, make: Callable[[], np.ndarray]) -> None:
        self._make: Callable[[], np.ndarray] | None = make
        self._values: np.ndarray | None = None

    def __getitem__(self, index: object) -> object:
        if self._values is None:
            assert self._make is not None
            self._values, self._make = self._make(), None
        return self._values[index]


class _Coded:
    """Text per row as a code per row and the text of each code (``texts[codes]``).

    Most rows' text is read at a few rows only (a holding's first row, a row
    with a message), and spreading it over 100,000 rows costs more than
    working it out per distinct cell: it is spread where it is read.  It is
    indexed like an array (a position gives its text, anything else the rows
    it selects, still coded); ``np.asarray`` spreads it.
    """

    __slots__ = ("codes", "texts")

    def __init__(self, codes: np.ndarray, texts: np.ndarray | list) -> None:
        self.codes = codes
        if not isinstance(texts, np.ndarray):
            array = np.empty(len(texts), dtype=object)
            array[:] = texts
            texts = array
        self.texts = texts

    @classmethod
    def of(cls, values: np.ndarray) -> _Coded:
        """Per-row text as it is (each row its own code)."""
        return cls(np.arange(len(values)), values)

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, index: object) -> object:
        if isinstance(index, (int, np.integer)):
            return self.texts[self.codes[index]]
        return _Coded(self.codes[index], self.texts)

    def __array__(self, dtype: object = None, copy: object = None) -> np.ndarray:
        out = self.texts[self.codes]
        return out if dtype is None else out.astype(dtype)

    def map(self, fn: Callable[[str], object], dtype: object = object) -> np.ndarray:
        """``fn`` of each row's text, worked out once per code."""
        return _apply(self.codes, [fn(t) for t in self.texts.tolist()], dtype)

    def assign(self, rows: np.ndarray, texts: np.ndarray | list | str) -> _Coded:
        """A copy with ``rows`` (positions) holding ``texts`` (one per row, or one for all)."""
        added_codes = 1 if isinstance(texts, str) else len(rows)
        # (The codes stay in the smallest integer type that holds the new ones.)
        codes = self.codes.astype(np.promote_types(
            self.codes.dtype, np.min_scalar_type(len(self.texts) + added_codes)))
        if isinstance(texts, str):
            codes[rows] = len(self.texts)
            added = _filled(1, texts)
        else:
            codes[rows] = len(self.texts) + np.arange(len(rows))
            added = np.empty(len(rows), dtype=object)
            added[:] = texts
        return _Coded(codes, np.concatenate([self.texts, added]))


def _filled(n: int, value: object) -> np.ndarray:
    """An object array of ``n`` times ``value`` (``np.full`` converts each cell: slow)."""
    out = np.empty(n, dtype=object)
    out.fill(value)
    return out


def _replaced(values: np.ndarray, rows: np.ndarray, new: np.ndarray | float) -> np.ndarray:
    """A copy of ``values`` with ``new`` at ``rows`` (a few rows: cheaper than ``np.where``)."""
    out = values.copy()
    out[rows] = new
    return out


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


def _clean_all(cells: list[str]) -> list[str]:
    """:func:`_clean` of each cell; tested on all of them at once first.

    Joined with line breaks (which no cell then holds), the cells are all
    clean when the whole is printable but for the breaks (so the only space
    is the ASCII one), with no double space and no space next to a break or
    at either end, and no cell is a placeholder: then each is its own
    cleaned form.
    """
    joined = "\n".join(cells)
    if (joined.count("\n") == len(cells) - 1 and "  " not in joined
            and " \n" not in joined and "\n " not in joined
            and not joined.startswith(" ") and not joined.endswith(" ")
            and joined.replace("\n", "").isprintable() and _PLACEHOLDERS.isdisjoint(cells)):
        return list(cells)
    # A cell of letters and digits only is clean already (no spaces, no placeholder).
    return [u if u.isalnum() else _clean(u) for u in cells]


@lru_cache(maxsize=8)
def _total_re(labels: tuple[str, ...]) -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(labels, key=len, reverse=True))
    seps = re.escape(_TOTAL_SEPARATORS)
    return re.compile(rf"(?:{words})(?:$|[{seps}])|total |.* totals?$|.*(?:合計|小計|総計)$")


@lru_cache(maxsize=8)
def _total_starts(labels: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w[0] for w in labels) | {"t"}


def _is_total(text: str, labels: tuple[str, ...]) -> bool:
    if not text:
        return False
    head = text.lstrip()[:1].lower()
    if (head not in _total_starts(labels) and "otal" not in text and "OTAL" not in text
            and not text.endswith(_TOTAL_ENDINGS)):
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


@dataclass
class _TickerFacts:
    """What each distinct (cleaned) ticker cell is; lists and arrays over the cells."""

    normalised: list[str]
    valid: np.ndarray
    total: np.ndarray
    cash: np.ndarray
    cash_code: list[str]
    key: np.ndarray  # one id per distinct normalised ticker


def _ticker_facts(cells: list[str], vocab: Vocabulary) -> _TickerFacts:
    """:func:`normalise_ticker`, the ticker pattern, :func:`_is_total` and
    :func:`_cash_currency` for each cell.

    Most cells are plain tickers (1 to 20 upper-case ASCII letters) or Tokyo
    codes (four ASCII digits).  For those the answers follow from array tests
    (each is what the general function does with such a cell), so a file of
    thousands of tickers does not pay for Unicode normalisation and regular
    expressions on each; every other cell goes through the general functions.
    """
    m = len(cells)
    lengths = np.fromiter(map(len, cells), dtype=np.int64, count=m)
    # Unicode arrays hold one code point per uint32; longer cells are cut
    # here but are never plain (their length says so).
    letters = np.array(cells, dtype=f"<U{_PLAIN_MAX}").view(np.uint32).reshape(m, _PLAIN_MAX)
    plain = ((lengths >= 1) & (lengths <= _PLAIN_MAX)
             & (((letters >= ord("A")) & (letters <= ord("Z")))
                | (np.arange(_PLAIN_MAX) >= lengths[:, None])).all(axis=1))
    head = letters[:, :4]
    tokyo = (lengths == 4) & ((head >= ord("0")) & (head <= ord("9"))).all(axis=1)
    simple = plain | tokyo
    words = letters.view(f"<U{_PLAIN_MAX}").reshape(m)
    # A simple cell has no space or separator: _is_total finds a total label
    # in it only when the whole cell (in lower case) is one.
    total = simple & np.isin(words, _upper_labels(tuple(vocab.total_labels)))
    # _cash_currency on a simple cell of up to six characters: a currency code or a cash label.
    short = simple & (lengths <= 6)
    is_code = short & np.isin(words, sorted(vocab.cash_currencies))
    cash = is_code | (short & np.isin(words, sorted(vocab.cash_labels)))
    valid = simple.copy()
    cash_code = [""] * m
    for i in np.flatnonzero(is_code).tolist():
        cash_code[i] = cells[i]
    normalised = list(cells)  # a plain cell is its own normal form
    for i in np.flatnonzero(tokyo).tolist():
        normalised[i] = cells[i] + ".T"
    for i in np.flatnonzero(simple & ~short).tolist():
        cash[i], code = _cash_currency(cells[i], vocab)
        cash_code[i] = code or ""
    labels = vocab.total_labels
    for i in np.flatnonzero(~simple).tolist():
        t = cells[i]
        normalised[i] = norm = normalise_ticker(t)
        valid[i] = bool(_TICKER_OK.fullmatch(norm))
        total[i] = _is_total(t, labels)
        cash[i], code = _cash_currency(t, vocab)
        cash_code[i] = code or ""
    key = pd.factorize(np.array(normalised, dtype=object))[0] if m else np.zeros(0, np.int64)
    return _TickerFacts(normalised, valid, total, cash, cash_code, key.astype(np.int64))


@lru_cache(maxsize=8)
def _upper_labels(labels: tuple[str, ...]) -> list[str]:
    """The total labels a cell of upper-case letters and digits can be, in upper case
    (such a cell in lower case is one of ``labels`` only if it is one of these)."""
    return sorted(w.upper() for w in labels if re.fullmatch(r"[a-z0-9]+", w))


def _split_cells(cells: list[str]) -> tuple[list[str], list[str]]:
    """Ticker cells without a name written after the code ("6758 ソニー") or a
    footnote mark ("SPAXX**"); and those names (``""`` where none)."""
    out, named = list(cells), [""] * len(cells)
    if "".join(cells).isalnum():  # the usual case: plain tickers and codes only
        return out, named
    for j, u in enumerate(cells):
        if not u or u.isalnum():
            continue
        both = _CODE_AND_NAME.match(unicodedata.normalize("NFKC", u))
        listed = _EXCHANGE_PREFIX.match(u)
        if both:
            out[j], named[j] = both.group(1), both.group(2).strip()
        elif listed:
            out[j] = listed.group(1)
        elif u.endswith("*") and u.rstrip("*"):
            out[j] = u.rstrip("*")
    return out, named


#: A Japanese broker's "6758 ソニー" / "AAPL アップル": a code, a space, a name in Japanese.
_CODE_AND_NAME = re.compile(r"^(\d{4}|\d{3}[A-Z]|[A-Z][A-Z.\-]{0,5})\s+(.*[^\x00-\x7f].*)$")
#: A spreadsheet's GOOGLEFINANCE symbol for a US listing: "NASDAQ:NVDA".
_EXCHANGE_PREFIX = re.compile(r"^(?:NASDAQ|NYSE|NYSEARCA|NYSEAMERICAN|AMEX|BATS|OTCMKTS|OTC)\s*:\s*"
                              r"([A-Za-z][A-Za-z.\-]{0,9})$", re.IGNORECASE)
#: Kinds that are not stocks: kept at the file's value, never priced from a stock quote.
OTHER_KINDS = ("bond", "option", "fund", "money_market")
#: Market value ÷ (price × quantity) ratios that explain themselves, and what they mean.
SCALES = {
    0.01: ("bond", "quoted per 100 (a bond's price per 100 of face value, or pence)"),
    0.0001: ("fund", "quoted per 10,000 units (a fund's 基準価額)"),
    100.0: ("option", "×100 (an option contract's multiplier)"),
}
#: A stated total and the holdings' sum agree within this fraction (and one unit).
TOTAL_TOLERANCE = 0.0005


_PLAIN_MAX = 20


def interpret(table: Table, columns: list[str], col_of: Mapping[str, int | None],
              decimal: str, thousands: str, *, skip_bad_rows: bool = False,
              section: str = "", rule: SectionRule | None = None,
              snapshot_col: int | None = None,
              portfolio_total: tuple[float, str] | None = None) -> Positions:
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
            cleaned[i] = codes, _clean_all(uniques)
        return cleaned[i]

    def present(i: int | None) -> np.ndarray:
        codes, uniques = text(i)
        if uniques.count("") == 1:  # (usually the code of empty cells only: one comparison)
            return codes != uniques.index("")
        return _apply(codes, [u != "" for u in uniques], bool)

    def spread(i: int | None) -> tuple[_Coded, np.ndarray]:
        codes, uniques = text(i)
        return _Coded(codes, uniques), present(i)

    t_codes, t_clean = text(col_of.get("ticker"))
    t_clean, t_named = _split_cells(t_clean)
    has_ticker = present(col_of.get("ticker"))
    name, has_name = spread(col_of.get("name"))
    kind_code, kind_currency = _row_kinds(text(col_of.get("kind")), n, rule, vocab)
    # A fund or bond without a ticker (a Japanese broker's 投資信託) is known by its name.
    borrow = ~has_ticker & has_name & _other(kind_code)
    if borrow.any():
        t_clean, t_codes = list(t_clean), t_codes.astype(np.intp)
        index = {u: j for j, u in enumerate(t_clean)}
        for i in np.flatnonzero(borrow).tolist():
            t_codes[i] = index.setdefault(name[i], len(t_clean))
            if t_codes[i] == len(t_clean):
                t_clean.append(name[i])
                t_named.append("")
        has_ticker = has_ticker | borrow
    # The account of each row as a code per distinct cleaned text (two cells
    # may clean to one), so that combining lots compares codes, not texts.
    a_codes, a_clean = text(col_of.get("account"))
    if len(set(a_clean)) < len(a_clean):
        a_ids = _Ids()
        a_codes = _apply(a_codes, [a_ids[u] for u in a_clean], np.intp)
        a_clean = list(a_ids)
    account, has_account = _Coded(a_codes, a_clean), present(col_of.get("account"))
    has_currency = present(col_of.get("currency"))
    first_i = 0 if 0 in table.cells else None
    if first_i is None or first_i == col_of.get("name"):
        first, has_first = name, has_name
    elif first_i == col_of.get("account"):
        first, has_first = account, has_account
    else:  # (the cells are made only if a message or a row without a ticker needs them)
        first, has_first = _Lazy(lambda: spread(first_i)[0]), present(first_i)

    numbers: dict[str, np.ndarray] = {}
    hints: dict[str, np.ndarray | None] = {}
    bad: dict[str, dict[int, str]] = {}
    # A field without a column is NaN on every row: one array (read-only) for all of them.
    nowhere = np.full(n, np.nan)
    nowhere.setflags(write=False)
    for f in NUMBER_FIELDS:
        i = col_of.get(f)
        if i is None:
            numbers[f], hints[f], bad[f] = nowhere, None, {}
        else:
            numbers[f], hints[f], bad[f] = parse_column(table.cells[i], decimal, thousands)

    has_number = np.zeros(n, dtype=bool)
    number_error = np.zeros(n, dtype=bool)
    for f in NUMBER_FIELDS:
        if numbers[f] is not nowhere:
            has_number |= np.isfinite(numbers[f])
        if bad[f]:
            number_error[np.fromiter(bad[f], dtype=np.int64)] = True
    has_number |= number_error
    has_text = has_ticker | has_name | has_account | has_currency | has_first
    blank = ~has_text & ~has_number

    # Everything about a ticker cell is worked out once per distinct cell, and
    # spread over the rows as flags; text is spread only where it is shown.
    facts = _ticker_facts(t_clean, vocab)
    t_norm = facts.normalised
    other_kind = _other(kind_code)
    if vocab.money_market_tickers.isdisjoint(t_norm):
        money_market = np.zeros(n, dtype=bool)
    else:
        money_market = _apply(t_codes, [t in vocab.money_market_tickers for t in t_norm], bool)
    name_i = col_of.get("name")
    if name_i is not None:
        n_codes, n_uniques = text(name_i)
        # One pass over all the names first: most files name no money-market fund.
        joined = unicodedata.normalize("NFKC", "\n".join(n_uniques)).lower()
        if any(w in joined for w in vocab.money_market_names):
            money_market |= _apply(n_codes, [bool(t) and any(
                w in unicodedata.normalize("NFKC", t).lower()
                for w in vocab.money_market_names) for t in n_uniques], bool)
    if money_market.any():
        money_market &= np.isin(kind_code, [KIND_CODE[k] for k in ("", "security", "fund",
                                                                    "money_market")])
        kind_code = np.where(money_market, KIND_CODE["money_market"], kind_code)
        other_kind |= money_market
    valid = facts.valid[t_codes] | (other_kind & has_ticker)
    if any(t_named):
        in_cell = ~has_name & _apply(t_codes, [u != "" for u in t_named], bool)
        name = name.assign(np.flatnonzero(in_cell), _apply(t_codes[in_cell], t_named))
    total = facts.total[t_codes]
    is_cash = facts.cash[t_codes] | (kind_code == KIND_CODE["cash"])
    # The currency a cash label names (only cash rows' are ever read).
    cash_code = _Coded(t_codes, facts.cash_code)
    no_ticker = ~has_ticker
    if no_ticker.any():  # rows without a ticker: a total, or cash, named elsewhere
        rows = np.flatnonzero(no_ticker)
        for other in (name, first):
            total[rows] |= _map_unique(np.asarray(other[rows]),
                                       lambda t: _is_total(t, vocab.total_labels), bool)
        by_name = _map_unique(np.asarray(name[rows]), lambda t: _cash_currency(t, vocab))
        is_cash[rows] = [c[0] for c in by_name]
        cash_code = cash_code.assign(rows, [c[1] or "" for c in by_name])
    repeated_header = np.zeros(n, dtype=bool)
    if header.get("ticker"):
        own = header["ticker"].split(" #")[0]
        if own in t_clean:
            repeated_header = _apply(t_codes, [u == own for u in t_clean], bool)

    def raw_ticker(i: int) -> str:
        return t_clean[t_codes[i]]

    currency, currency_bad, currency_is_bad, currency_id, currency_ids = _currencies(
        text(col_of.get("currency")), hints, header, vocab)

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
        if statement_total is not None and statement_total[i]:
            return f"{first[i]} {table.cells[1][i]}"  # "Open Positions Total"
        return raw_ticker(i) or name[i] or first[i] or table.line_text(int(table.lines[i])).strip()

    statement_total = None
    if 1 in table.cells and columns[1].strip().lower() == "header":
        # A statement whose second column says what each row is (Data, Total, SubTotal).
        codes, uniques = text(1)
        statement_total = _apply(codes, [u.lower() in ("total", "subtotal") for u in uniques],
                                 bool)
        total |= statement_total
    mark(total, SKIPPED, lambda i: f"a total or summary row ({cell(i)!r}); skipped")
    mark(repeated_header, SKIPPED, "the header row repeated; skipped")
    snapshot_note = None
    if snapshot_col is not None and snapshot_col in table.cells:
        older, snapshot_note = _older_snapshots(text(snapshot_col), ~decided & ~blank,
                                                table.lines, columns[snapshot_col])
        if older is not None:
            mark(older, SKIPPED, _OLDER, columns[snapshot_col])

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

    value_unit = column_unit(header.get("market_value"))
    if value_unit is not None and np.isfinite(numbers["market_value"]).any():
        # "時価評価額[円]" beside dollar prices: not a value of the row's own currency.
        elsewhere = currency.map(lambda t: t != "" and t != value_unit, bool)
        numbers["market_value"] = np.where(elsewhere, np.nan, numbers["market_value"])
    shares, price = numbers["shares"], numbers["price"]
    cost, cost_total, value = numbers["cost"], numbers["cost_total"], numbers["market_value"]
    # A cash row's amount: its quantity, else its market value (with none, the quantity).
    amount = shares if value is nowhere else np.where(np.isfinite(shares), shares, value)
    # A money-market position written as a value only ("SPAXX**"): units at 1.
    unit_priced = ((kind_code == KIND_CODE["money_market"]) & ~np.isfinite(shares)
                   & np.isfinite(value))
    if unit_priced.any():
        shares = np.where(unit_priced, value, shares)
        price = np.where(unit_priced & ~np.isfinite(price), 1.0, price)
    mark(is_cash & ~np.isfinite(amount), SKIPPED,
         lambda i: f"a cash row ({cell(i)!r}) without an amount; skipped")
    mark(currency_is_bad, bad_state, lambda i: currency_bad[i], header.get("currency"))
    decided_before_cash = decided.copy()
    cash = is_cash & ~decided_before_cash
    decided |= cash

    mark(~valid & has_number, bad_state,
         lambda i: f"{raw_ticker(i)!r} does not look like a ticker", header.get("ticker"))
    mark(~valid, SKIPPED,
         lambda i: f"not a holding ({raw_ticker(i)!r} is not a ticker and the row has no "
                   f"numbers); skipped", header.get("ticker"))
    derived_notes: list[Problem] = []
    weight_i = col_of.get("weight")
    if col_of.get("shares") is None and col_of.get("market_value") is None and weight_i is not None \
            and portfolio_total is not None:
        value, currency = _weights_to_values(table.cells[weight_i], decimal, thousands,
                                             portfolio_total,
                                             ~decided, derived_notes, header["weight"])
        currency = _Coded.of(currency)
    if col_of.get("shares") is None:
        shares, price, currency, value = _quantities_from_values(
            ~decided & ~is_cash & np.isfinite(value), value, price, np.asarray(currency),
            [t_norm[c] for c in t_codes], table.lines, derived_notes, header)
        currency = _Coded.of(currency)
    mark(~np.isfinite(shares), bad_state if col_of.get("shares") is None else SKIPPED,
         lambda i: (f"{t_norm[t_codes[i]]} has a market value but no quantity, and no price in "
                    f"the file or the bundled snapshot; add its quantity"
                    if col_of.get("shares") is None else
                    f"{t_norm[t_codes[i]]} has no quantity; skipped (a watch-list entry?)"),
         header.get("shares") or header.get("market_value"))
    mark(price <= 0, bad_state, lambda i: f"the price must be positive, not {price[i]:g}",
         header.get("price"))
    mark((cost < 0) | (cost_total < 0), bad_state,
         lambda _i: "a cost cannot be negative", header.get("cost") or header.get("cost_total"))

    mark(other_kind & ~np.isfinite(price) & ~np.isfinite(value), bad_state,
         lambda i: f"{t_clean[t_codes[i]]!r} is a {KIND_NAMES[kind_code[i]].replace('_', '-')} "
                   f"holding with "
                   f"neither a price nor a market value; it is never valued from a stock price, "
                   f"so add its market value", header.get("market_value") or header.get("price"))
    security = ~decided
    if col_of.get("cost_total") is None:  # (no total-cost column: nothing to divide)
        per_share_cost = cost
    else:
        with np.errstate(divide="ignore", invalid="ignore"):  # (zero shares: the NaN branch)
            per_share_cost = np.where(np.isfinite(cost), cost,
                                      np.where(np.abs(shares) > 0, cost_total / np.abs(shares),
                                               np.nan))
    has_value = np.isfinite(value)
    if has_value.any():
        derive = security & ~np.isfinite(price) & has_value & (shares != 0)
        # over: shares × price beyond a float (1e300 × 1e10) is inf here and refused
        # with its row when the book is priced (engine.returns.check_position_value).
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            price = np.where(derive, np.abs(value / shares), price)
            expected = np.abs(shares * price)
            slack = np.abs(shares) * 0.005 + 0.5 + VALUE_TOLERANCE * np.abs(value)
        disagree = (security & ~derive & np.isfinite(price) & has_value
                    & (np.abs(expected - np.abs(value)) > slack))
    else:  # no market values: nothing to derive a price from or to compare
        derive = np.zeros(n, dtype=bool)
        disagree = derive.copy()
        expected = value
    # A market value that is price × quantity × 1/100, 1/10,000 or 100 is a
    # quoting convention, not a disagreement: the market value is the evidence.
    scale_notes = []
    if disagree.any():
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.abs(value) / expected
        for scale, (implied, what) in SCALES.items():
            hit = disagree & (np.abs(ratio / scale - 1.0) <= 0.005)
            if not hit.any():
                continue
            disagree &= ~hit
            with np.errstate(divide="ignore", invalid="ignore"):
                price = np.where(hit, np.abs(value / shares), price)
            # A per-unit cost is quoted the same way as the price.
            per_share_cost = np.where(hit & np.isfinite(cost), cost * scale, per_share_cost)
            plain = hit & ~other_kind
            kind_code = np.where(plain, KIND_CODE[implied], kind_code)
            other_kind |= plain
            scale_notes.append((hit, what))
    mark_warning = np.flatnonzero(disagree)
    status[mark_warning] = WARNING
    for i in mark_warning[:MAX_LISTED]:
        message[i] = (f"price × quantity is {expected[i]:,.2f} but the market value is "
                      f"{abs(value[i]):,.2f}; the price is used (check the file)")
        column[i] = header.get("market_value")

    # Cash rows (few) take their currency and, without a name, their label.
    cash_rows = np.flatnonzero(cash)
    guessed = np.zeros(n, dtype=bool)
    final_currency = currency
    if len(cash_rows):
        label = np.where(no_ticker[cash_rows], np.asarray(name[cash_rows]),
                         [t_clean[c] for c in t_codes[cash_rows]])
        cash_currency, guessed[cash_rows] = _cash_currencies(
            cash_rows, cash_code, currency, t_norm, t_codes, security, name)
        unnamed = np.asarray(name[cash_rows]) == ""
        if unnamed.any():
            name = name.assign(cash_rows[unnamed], label[unnamed])
        final_currency = final_currency.assign(cash_rows, cash_currency)
        currency_id[cash_rows] = [currency_ids[c] for c in cash_currency]
    # Rows with the same key are one holding: a code per distinct normalised
    # ticker (cash: per currency, negative), computed on distinct cells only.
    key = facts.key[t_codes]
    shown_texts = list(t_norm)  # a cell that is no ticker is shown as written
    for j in np.flatnonzero(~facts.valid).tolist():
        shown_texts[j] = t_clean[j] or t_norm[j]
    shown = _Coded(t_codes, shown_texts)
    kind = _Coded(np.where(other_kind, kind_code, KIND_CODE["security"]) if other_kind.any()
                  else np.full(n, KIND_CODE["security"], dtype=np.int8), list(KIND_NAMES))
    if kind_currency is not None:
        fill = np.flatnonzero((np.asarray(final_currency) == "") & (kind_currency != ""))
        final_currency = final_currency.assign(fill, kind_currency[fill])
    if len(cash_rows):
        cash_ids: dict[str, int] = {}
        key[cash_rows] = [-1 - cash_ids.setdefault(c, len(cash_ids)) for c in cash_currency]
        shown = shown.assign(cash_rows, cash_currency)
        kind.codes[cash_rows] = KIND_CODE["cash"]
    total_value = (np.where(total & np.isfinite(value), value, np.nan) if total.any()
                   else nowhere)
    if blank.any():
        total_value = total_value[~blank]
    columns = {
        "_key": key,
        "_currency": currency_id,
        "ticker": shown,
        "name": name,
        "shares": _replaced(shares, cash_rows, amount[cash_rows]) if len(cash_rows) else shares,
        "price": _replaced(price, cash_rows, 1.0) if len(cash_rows) else price,
        "currency": final_currency,
        "cost": (_replaced(per_share_cost, cash_rows, np.nan) if len(cash_rows)
                 else per_share_cost),
        "kind": kind,
        "line": table.lines,
        "account": account,
        "status": status,
        "message": message,
        "column": column,
    }
    if blank.any():
        columns = {k: v[~blank] for k, v in columns.items()}
        derive, guessed = derive[~blank], guessed[~blank]
    if section:  # (without a title, frame_of adds the empty column)
        columns["section"] = np.full(len(columns["line"]), section, dtype=object)
    positions = Positions(columns)
    positions.problems = _problems(columns) + _notes(positions, derive, guessed, header)
    lines_of = positions.columns["line"]
    usable = positions.usable
    for hit, what in scale_notes:
        h = hit[~blank] & usable if blank.any() else hit & usable
        if h.any():
            positions.problems.append(Problem(
                None, header.get("market_value"),
                f"market value is price × quantity {what} on lines {_lines(lines_of[h])}; "
                f"valued at the market value", "info"))
    positions.problems += _check_totals(positions, total_value, header)
    positions.problems += derived_notes
    if snapshot_note is not None:
        positions.problems.append(snapshot_note)
    return positions


def concat_positions(parts: list[Positions]) -> Positions:
    """The rows of several tables of one file as one :class:`Positions`.

    The grouping keys are made again from the ticker, kind and currency text,
    so the same holding in two sections (特定 and NISA) is combined.
    """
    if len(parts) == 1:
        return parts[0]
    for p in parts:
        if "section" not in p.columns:
            p.columns["section"] = np.full(len(p), "", dtype=object)
    columns = {k: np.concatenate([np.asarray(p.columns[k]) for p in parts])
               for k in parts[0].columns}
    kind = columns["kind"].astype(object)
    columns["_key"] = pd.factorize(kind + "\x00" + columns["ticker"].astype(object))[0]
    columns["_currency"] = pd.factorize(columns["currency"].astype(object))[0]
    out = Positions(columns)
    out.problems = [p for part in parts for p in part.problems]
    return out


#: Row kinds as small codes (the text is made only for the rows kept).
KIND_NAMES = ("", "security", "cash", "money_market", "bond", "option", "fund")
KIND_CODE = {k: i for i, k in enumerate(KIND_NAMES)}


def _other(kind_code: np.ndarray) -> np.ndarray:
    """Mask of the rows whose kind is one of :data:`OTHER_KINDS`."""
    return kind_code >= KIND_CODE["money_market"]


def _row_kinds(raw: tuple[np.ndarray, list[str]], n: int, rule: SectionRule | None,
               vocab: Vocabulary) -> tuple[np.ndarray, np.ndarray | None]:
    """Each row's kind code and the currency its kind word or section implies
    (``None`` when nothing says one)."""
    codes, uniques = raw
    if rule is None and not any(uniques):
        return np.zeros(n, dtype=np.int8), None
    pairs = [vocab.kind_of(u) or ("", "") for u in uniques]
    if rule is not None:
        pairs = [(k or rule.kind, c or rule.currency) for k, c in pairs]
    kind = _apply(codes, [KIND_CODE.get(p[0], 0) for p in pairs], np.int8)
    if not any(p[1] for p in pairs):
        return kind, None
    return kind, _apply(codes, [p[1] for p in pairs])


def _weights_to_values(cells: np.ndarray, decimal: str, thousands: str, total: tuple[float, str],
                       rows: np.ndarray, notes: list[Problem], header: str | None
                       ) -> tuple[np.ndarray, np.ndarray]:
    """Market values from weights (``12.5``, ``12.5%`` or ``0.125``) and the total value."""
    text = np.array([str(c).strip().removesuffix("%") if c == c else "" for c in cells],
                    dtype=object)
    weights, _, bad = parse_column(text, decimal, thousands)
    weights = np.where(rows & ~np.isin(np.arange(len(weights)), list(bad)), weights, np.nan)
    amount, code = total
    s = float(np.nansum(weights))
    if s <= 0:
        return np.full(len(weights), np.nan), np.full(len(weights), code, dtype=object)
    if abs(s - 100) <= 0.5 or abs(s - 1) <= 0.005:
        what = "per cent" if abs(s - 100) <= 0.5 else "fractions"
        notes.append(Problem(None, header, f"weights read as {what} of the total value "
                             f"{amount:,.2f} {code} you gave; each holding's value is its share "
                             f"of that total", "info"))
    else:
        notes.append(Problem(None, header, f"the weights add up to {s:g}, not 100 % or 1; each "
                             f"holding is valued at its share of their sum times the total "
                             f"value {amount:,.2f} {code}", "warning"))
    return weights / s * amount, np.full(len(weights), code, dtype=object)


def _quantities_from_values(rows: np.ndarray, value: np.ndarray, price: np.ndarray,
                            currency: np.ndarray, tickers: list[str], lines: np.ndarray,
                            notes: list[Problem], header: Mapping[str, str | None]
                            ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Quantities (and prices, currencies, values in those currencies) for rows with a market value and no quantity: value ÷ the file's
    price, else ÷ the bundled snapshot's close (converted at its rate).  Rows
    with neither keep a NaN quantity (an error the caller reports)."""
    shares = np.full(len(value), np.nan)
    price, currency, value = price.copy(), currency.copy(), value.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        own = rows & np.isfinite(price) & (price > 0)
        shares[own] = value[own] / price[own]
    if own.any():
        notes.append(Problem(None, header.get("market_value"), f"quantities taken as market "
                             f"value ÷ price on lines {_lines(lines[own])}", "info"))
    need = np.flatnonzero(rows & ~own)
    if not len(need):
        return shares, price, currency, value
    from engine.prices import load_snapshot

    snap = load_snapshot()
    used = []
    for i in need.tolist():
        quote = snap.price(tickers[i])
        if quote is None:
            continue
        p, quote_currency, _ = quote
        try:
            rate = snap.rate(currency[i] or quote_currency, quote_currency)
        except KeyError:
            continue
        value[i] *= rate
        shares[i] = value[i] / p
        price[i], currency[i] = p, quote_currency
        used.append(i)
    if used:
        notes.append(Problem(None, header.get("market_value") or header.get("weight"),
                             f"quantities taken as market value ÷ the bundled snapshot's close "
                             f"(as of {snap.as_of}, converted at its exchange rates) on lines "
                             f"{_lines(lines[used])}", "warning"))
    return shares, price, currency, value


def _older_snapshots(raw: tuple[np.ndarray, list[str]], rows: np.ndarray, lines: np.ndarray,
                     header: str) -> tuple[np.ndarray | None, Problem | None]:
    """Rows of earlier snapshots than the latest, and a note naming the dates.

    Dates are read as year-month-day (``2025-01-24``, ``2025/01/24``,
    ``20250124``); a file whose snapshot dates are not all readable that way
    is not split (a note says so).
    """
    codes, uniques = raw
    parsed = [_ymd(u) for u in uniques]
    present = sorted({codes[i] for i in np.flatnonzero(rows).tolist()})
    dates = {parsed[c] for c in present if uniques[c]}
    if len(dates) < 2:
        return None, None
    if None in dates:
        return None, Problem(None, header, "the file seems to hold several snapshots, but not "
                             "every date in this column reads as year-month-day; all rows are "
                             "loaded (delete the older ones if that is wrong)", "warning")
    latest = max(dates)
    older = _apply(codes, [p is not None and p < latest for p in parsed], bool) & rows
    others = ", ".join(sorted(d for d in dates if d < latest))
    return older, Problem(None, header, f"the file holds snapshots dated {others} and {latest}; "
                          f"the latest ({latest}) is loaded and the {int(older.sum())} rows of "
                          f"the others (lines {_lines(lines[older])}) are left out", "info")


_OLDER = "an older snapshot; skipped"
_YMD = re.compile(r"(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?(?:[ T].*)?")


def _ymd(text: str) -> str | None:
    m = _YMD.fullmatch(unicodedata.normalize("NFKC", text.strip()))
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _check_totals(positions: Positions, total_value: np.ndarray,
                  header: Mapping[str, str | None]) -> list[Problem]:
    """The file's own total rows against the holdings loaded above them.

    A total matches the rows since the previous total (a subtotal) or since
    the start of the table (a grand total).  Rows in several currencies are
    not added up; a mismatch is a warning naming both amounts.
    """
    rows = np.flatnonzero(np.isfinite(total_value))
    if not len(rows):
        return []
    c = positions.columns | {"currency": np.asarray(positions.columns["currency"])}
    usable = positions.usable
    value = np.where(usable, c["shares"] * c["price"], 0.0)
    if not np.isfinite(value).all():  # a price to come from the snapshot: no sum to compare
        return []
    cum = np.concatenate(([0.0], np.cumsum(value)))
    out = []
    previous = 0
    for t in rows.tolist():
        stated = float(total_value[t])
        ranges = [(a, t) for a in dict.fromkeys((previous, 0))
                  if len({x for x in c["currency"][a:t][usable[a:t]] if x}) <= 1]
        currencies = {x for x in c["currency"][previous:t][usable[previous:t]] if x}
        previous = t + 1
        if not ranges:
            out.append(Problem(int(c["line"][t]), header.get("market_value"),
                               f"the file's total {stated:,.2f} is not checked: the rows above "
                               f"it are in {', '.join(sorted(currencies))}", "info"))
            continue
        sums = [cum[b] - cum[a] for a, b in ranges]
        tol = max(1.0, TOTAL_TOLERANCE * abs(stated))
        if any(abs(abs(s) - abs(stated)) <= tol for s in sums):
            out.append(Problem(int(c["line"][t]), header.get("market_value"),
                               f"the file's total {stated:,.2f} matches the holdings loaded",
                               "info"))
            continue
        loaded = min(sums, key=lambda x: abs(x - stated))
        out.append(Problem(int(c["line"][t]), header.get("market_value"),
                           f"the file's total is {stated:,.2f} but the holdings loaded add up to "
                           f"{loaded:,.2f} (difference {stated - loaded:+,.2f}); a row may be "
                           f"missing or misread", "warning"))
    return out


def _currencies(raw: tuple[np.ndarray, list[str]], hints: Mapping[str, np.ndarray | None],
                header: Mapping[str, str | None], vocab: Vocabulary
                ) -> tuple[_Coded, np.ndarray | None, np.ndarray, np.ndarray, _Ids]:
    """Each row's currency (``""`` when unknown); where it is unreadable, the
    message per row (``None`` when no row is) and a mask of those rows; and an
    int per row for the currency (the same for the same text), with its ids."""

    def code(word: str) -> tuple[str, str]:
        if not word:
            return "", ""
        c = vocab.currency_of(word)
        if c is None:
            return "", f"{word!r} is not a currency; write a code such as USD or JPY"
        return c, ""

    codes, uniques = raw
    pairs = [code(u) for u in uniques]
    currency = _Coded(codes, [p[0] for p in pairs])
    ids = _Ids()
    currency_id = _apply(codes, [ids[p[0]] for p in pairs], np.int64)
    is_bad = (_apply(codes, [p[1] != "" for p in pairs], bool) if any(p[1] for p in pairs)
              else np.zeros(len(codes), dtype=bool))
    bad = _apply(codes, [p[1] for p in pairs]) if is_bad.any() else None
    unit = next((u for u in (column_unit(header.get(f)) for f in ("price", "market_value",
                                                                   "cost", "cost_total")) if u),
                None)
    if unit is None and all(hints.get(f) is None for f in MONEY_FIELDS):
        return currency, bad, is_bad, currency_id, ids  # nothing fills an unknown currency
    fill = _apply(codes, [p[0] == "" for p in pairs], bool)
    if unit is not None:
        currency = currency.assign(np.flatnonzero(fill), unit)
        currency_id[fill] = ids[unit]
    else:
        for f in MONEY_FIELDS:
            h = hints.get(f)
            if h is not None:
                take = fill & pd.notna(h)
                currency = currency.assign(np.flatnonzero(take), h[take])
                if take.any():
                    hint_codes, hint_uniques = pd.factorize(h[take])
                    currency_id[take] = _apply(hint_codes, [ids[u] for u in hint_uniques],
                                               np.int64)
                fill &= ~take
    return currency, bad, is_bad, currency_id, ids


class _Ids(dict):
    """A small int per distinct text, in order of first request (``ids["USD"]``)."""

    def __missing__(self, text: str) -> int:
        self[text] = len(self)
        return self[text]


def _cash_currencies(rows: np.ndarray, code: _Coded, currency: _Coded,
                     t_norm: list[str], t_codes: np.ndarray, security: np.ndarray,
                     name: _Coded) -> tuple[np.ndarray, np.ndarray]:
    """Currency of the cash ``rows``: the label's, else the row's, else the file's usual one.

    Returns the currencies and a mask of those guessed (both aligned with ``rows``).
    """
    named = np.asarray(code[rows])
    out = np.where(named != "", named, np.asarray(currency[rows]))
    missing = out == ""
    if missing.any():
        known = pd.Series(np.asarray(currency[security & currency.map(bool, bool)]))
        if len(known):
            usual = str(known.mode().iloc[0])
        else:
            tokyo = pd.Series([t_norm[c] for c in t_codes[security]],
                              dtype=object).str.endswith(".T")
            usual = "JPY" if len(tokyo) and tokyo.mean() > 0.5 else None
        for j in np.flatnonzero(missing):
            i = rows[j]
            label = name[i] or ""
            guess = usual or ("JPY" if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", label)
                              or re.search(r"[\u3040-\u30ff\u4e00-\u9fff]",
                                           str(t_norm[t_codes[i]]))
                              else "USD")
            out[j] = guess
    return out, missing


def _problems(columns: Mapping[str, np.ndarray]) -> list[Problem]:
    out: list[Problem] = []
    status = columns["status"]
    flagged = np.flatnonzero(status != OK)
    level = {ERROR: "error", WARNING: "warning", SKIPPED: "warning"}
    lines, message, column = columns["line"], columns["message"], columns["column"]
    if len(flagged):  # rows of older snapshots are listed once, in the snapshot note
        flagged = flagged[[m != _OLDER for m in message[flagged]]]
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
    return _line_list(lines[:limit].tolist(), len(lines), limit)


def _line_list(lines: list[int], total: int | None = None, limit: int = 20) -> str:
    """``1, 5, 9`` (the first ``limit`` of ``total`` lines, then how many more)."""
    total = len(lines) if total is None else total
    shown = ", ".join(map(str, lines[:limit]))
    return shown + (f" and {total - limit:,} more" if total > limit else "")


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


def _joined_accounts(codes: np.ndarray, names: Sequence[object], begins: np.ndarray,
                     lengths: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """The groups of consecutive rows (``begins``, ``lengths``) that hold more
    than one account, and for each its accounts joined (``"IRA, Individual"``).

    ``codes``: each row's account, an index into ``names`` (its text)."""
    width = len(names)
    if width > 62:  # only the accounts of these rows, numbered 0 … width − 1
        seen = np.zeros(width, dtype=bool)
        seen[codes] = True
        codes = (np.cumsum(seen) - 1)[codes]
        names = [names[k] for k in np.flatnonzero(seen).tolist()]
        width = len(names)
    if width <= 1:
        return np.zeros(0, dtype=np.intp), []
    names = [str(n) for n in names]
    if width <= 62:  # each group's set of accounts as one bit mask: joined once per set
        masks = np.bitwise_or.reduceat(np.left_shift(np.int64(1), codes.astype(np.int64)),
                                       begins)
        sets, which = np.unique(masks, return_inverse=True)
        text = []
        for m in sets.tolist():
            acc = sorted({names[k] for k in range(width) if m >> k & 1 and names[k]})
            text.append(", ".join(acc) if len(acc) > 1 else None)
        groups = np.flatnonzero(np.array([t is not None for t in text], dtype=bool)[which])
        return groups, [text[w] for w in which[groups].tolist()]
    groups, texts = [], []
    for g, (b, n) in enumerate(zip(begins.tolist(), lengths.tolist(), strict=True)):
        acc = sorted({names[c] for c in codes[b:b + n].tolist() if names[c]})
        if len(acc) > 1:
            groups.append(g)
            texts.append(", ".join(acc))
    return np.array(groups, dtype=np.intp), texts


def _first_seen(key: np.ndarray) -> tuple[np.ndarray, int]:
    """``pandas.factorize`` codes of integer keys (0 … k−1 in order of first
    appearance) and k; by direct addressing when the keys span a short range."""
    if not len(key):
        return np.zeros(0, dtype=np.intp), 0
    low = int(key.min())
    span = int(key.max()) - low + 1
    if span > 4 * len(key):
        codes, uniques = pd.factorize(key)
        return codes, len(uniques)
    shifted = key - low
    first = np.full(span, len(key), dtype=np.intp)
    first[shifted[::-1]] = np.arange(len(key) - 1, -1, -1)  # the last write (first row) wins
    seen = np.flatnonzero(first < len(key))
    code_of = np.empty(span, dtype=np.intp)
    code_of[seen[np.argsort(first[seen])]] = np.arange(len(seen))
    return code_of[shifted], len(seen)


def combine(positions: Positions) -> tuple[dict[str, np.ndarray], list[Problem]]:
    """One row per (ticker, kind, currency): shares summed, price and cost weighted.

    Weights are absolute share counts, so a long lot and a short lot of the
    same ticker net out in shares but keep a sensible price.  Returns the
    combined rows' holdings columns (in first-appearance order; arrays of
    their own, for :func:`holdings_frame`) and one note per combined ticker
    naming its lines (the first :data:`MAX_LISTED`, then a summary).
    """
    mask = positions.usable
    usable = (positions.columns if mask.all()
              else {c: v[mask] for c, v in positions.columns.items()})
    key = usable["_key"]
    currency = usable["_currency"]  # an int per currency text
    if len(currency) and (currency != currency[0]).any():
        key = key * (int(currency.max()) + 1) + currency
    codes, k = _first_seen(key)
    if k == len(codes):
        return {c: np.array(v) for c, v in usable.items() if c in HOLDING_COLUMNS}, []
    # Group codes are 0 … k−1 in order of first appearance.
    shares = usable["shares"]
    weight = np.abs(shares)
    weight = np.where(weight > 0, weight, 1e-300)
    out_shares = np.bincount(codes, weights=shares, minlength=k)
    all_weight = np.bincount(codes, weights=weight, minlength=k)

    def weighted(values: np.ndarray) -> np.ndarray:
        have = np.isfinite(values)
        if have.all():  # (the usual case: nothing to leave out)
            num, den = np.bincount(codes, weights=values * weight, minlength=k), all_weight
        else:
            w = np.where(have, weight, 0.0)
            num = np.bincount(codes, weights=np.where(have, values, 0.0) * w, minlength=k)
            den = np.bincount(codes, weights=w, minlength=k)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(den > 0, num / den, np.nan)

    price = usable["price"]
    counts = np.bincount(codes, minlength=k)
    # Rows grouped by holding, in file order within each (numpy's stable sort
    # is a radix sort for 16-bit integers).
    order = np.argsort(codes.astype(np.uint16) if k <= 1 << 16 else codes, kind="stable")
    starts = np.concatenate(([0], np.cumsum(counts)))
    first = order[starts[:-1]]
    out = {c: np.asarray(v[first]) for c, v in usable.items() if c in HOLDING_COLUMNS}
    out["shares"] = out_shares
    out["price"] = weighted(price)
    out["cost"] = weighted(usable["cost"])
    out_names = out["name"]
    unnamed = np.flatnonzero(out_names == "")  # the first lot with a name names the holding
    if len(unnamed):
        names = np.asarray(usable["name"])
        named = names[order].astype(bool)
        if named.any():
            at = np.minimum.reduceat(np.where(named, np.arange(len(order)), len(order)),
                                     starts[:-1])
            for j in unnamed[at[unnamed] < starts[unnamed + 1]].tolist():
                out_names[j] = names[order[at[j]]]
    dup = np.flatnonzero(counts > 1)
    lines = usable["line"]
    accounts = usable["account"]
    sorted_price = price[order]
    if np.isfinite(sorted_price).all():
        high = np.maximum.reduceat(sorted_price, starts[:-1])
        low = np.minimum.reduceat(sorted_price, starts[:-1])
    else:
        finite = np.isfinite(sorted_price)
        high = np.maximum.reduceat(np.where(finite, sorted_price, -np.inf), starts[:-1])
        low = np.minimum.reduceat(np.where(finite, sorted_price, np.inf), starts[:-1])
    with np.errstate(invalid="ignore", divide="ignore"):
        spread = high / low - 1.0
    notes = []
    tickers, kinds = out["ticker"], out["kind"]
    if len(dup):
        # The rows of the combined holdings, group after group, and their accounts.
        lengths = counts[dup]
        ends = np.cumsum(lengths)
        begins = ends - lengths
        rows = order[np.repeat(starts[dup] - begins, lengths) + np.arange(ends[-1])]
        if isinstance(accounts, _Coded):  # (from interpret: one code per distinct text)
            account_codes, account_names = accounts.codes[rows], accounts.texts.tolist()
        else:
            account_codes, account_names = pd.factorize(np.asarray(accounts[rows]))
        groups, joined_texts = _joined_accounts(account_codes, account_names, begins, lengths)
        if len(groups):
            out["account"] = out["account"].copy()
            texts = np.empty(len(groups), dtype=object)
            texts[:] = joined_texts
            out["account"][dup[groups]] = texts
        with np.errstate(invalid="ignore"):
            uneven = np.isfinite(spread) & (spread > 0.005)
        shown = min(len(dup), NOTED_EACH if len(dup) <= NOTED_EACH else NOTED_IN_SUMMARY)
        group_lines = lines[rows[:int(ends[shown - 1])]].tolist()

        def on_lines(g: int) -> str:
            return _line_list(group_lines[int(begins[g]):int(ends[g])])

        if len(dup) <= NOTED_EACH:
            joined = dict(zip(dup[groups].tolist(), joined_texts, strict=True))
            for g, j in enumerate(dup.tolist()):
                ticker = tickers[j]
                first_line = group_lines[int(begins[g])]
                where = f" (accounts: {joined[j]})" if j in joined else ""
                what = "amounts added" if kinds[j] == "cash" else (
                    f"combined into {out_shares[j]:,.10g} shares, price and cost weighted by "
                    f"shares")
                notes.append(Problem(first_line, None,
                                     f"{ticker} appears on lines {on_lines(g)}{where}; {what}",
                                     "info"))
                if uneven[j]:
                    notes.append(Problem(first_line, None,
                                         f"{ticker} has different prices on lines {on_lines(g)}; "
                                         f"their share-weighted average is used", "warning"))
        else:
            listed = ", ".join(f"{tickers[j]} (lines {on_lines(g)})"
                               for g, j in enumerate(dup[:shown].tolist()))
            more = f" and {len(dup) - shown:,} more" if len(dup) > shown else ""
            notes.append(Problem(None, None,
                                 f"{len(dup):,} holdings appear on several lines (lots or "
                                 f"accounts) and were combined, shares added and price and cost "
                                 f"weighted by shares (accounts named in the account column): "
                                 f"{listed}{more}", "info"))
            odd = dup[uneven[dup]]
            if len(odd):
                names = ", ".join(str(tickers[j]) for j in odd[:NOTED_IN_SUMMARY].tolist())
                rest = (f" and {len(odd) - NOTED_IN_SUMMARY:,} more"
                        if len(odd) > NOTED_IN_SUMMARY else "")
                notes.append(Problem(None, None,
                                     f"{len(odd):,} combined holdings have different prices on "
                                     f"their lines; their share-weighted averages are used: "
                                     f"{names}{rest}", "warning"))
    sections = usable.get("section")
    if sections is not None and len(sections) and (sections != sections[0]).any():
        out["section"] = out["section"].copy()
        for j in dup.tolist():
            seen = dict.fromkeys(sections[order[starts[j]:starts[j + 1]]].tolist())
            out["section"][j] = " / ".join(t for t in seen if t)
    return out, notes
