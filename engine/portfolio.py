"""Portfolios: the holdings a user brings, as a frozen value object.

``engine.load_portfolio`` reads a file through the importer (:mod:`engine.importer`),
which detects the file's encoding and layout; this module only defines what a
loaded portfolio *is*.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["CASH_KINDS", "HOLDING_COLUMNS", "KINDS", "OPTIONAL_COLUMNS", "Note", "Portfolio", "ProblemGroup", "group_problems", "line_spans",
           "portfolio_from_records"]

#: Columns of :attr:`Portfolio.holdings`, in order.
HOLDING_COLUMNS = ("ticker", "name", "shares", "price", "currency", "cost", "kind", "line",
                   "category", "account", "section")
#: Columns a caller may leave out; they default to these values.
OPTIONAL_COLUMNS = {"account": "", "section": ""}
#: Holding kinds: stocks and ETFs are ``security``; the others are kept at the
#: file's value and labelled (never priced from a stock quote).
KINDS = ("security", "cash", "money_market", "bond", "option", "fund")
#: Kinds that behave as cash in the model (their value moves only with the exchange rate).
CASH_KINDS = ("cash", "money_market")


def placed(message: str, line: int | None, column: str | None) -> str:
    """``line 3, column 'Shares': message`` (only the parts that are known)."""
    where = []
    if line is not None:
        where.append(f"line {line}")
    if column:
        where.append(f"column {column!r}")
    return f"{', '.join(where)}: {message}" if where else message


def line_spans(lines: Sequence[int]) -> str:
    """``"4, 9–12, 15"``: every line, consecutive ones as a range."""
    out: list[str] = []
    start = prev = None
    for n in sorted(set(lines)):
        if prev is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            out.append(str(start) if start == prev else f"{start}–{prev}")
        start = prev = n
    if start is not None:
        out.append(str(start) if start == prev else f"{start}–{prev}")
    return ", ".join(out)


#: The parts of a message that name the row (a quoted cell, a number, the ticker
#: a message starts with); what is left is the kind of problem.
_ROW_PARTS = re.compile(r"'[^']*'|\"[^\"]*\"|-?\d[\d,]*(?:\.\d+)?|^\S+(?= has )")

#: At most this many of a group's differing values are quoted.
_SHOWN_VALUES = 12


@dataclass(frozen=True)
class ProblemGroup:
    """Problems of one kind (same level, column and wording) on several lines.

    ``message`` is the wording with what differs from line to line written as
    ``…``; ``values`` are those parts, in line order.
    """

    message: str
    lines: tuple[int, ...]
    column: str | None
    level: str
    values: tuple[str, ...] = ()

    @property
    def line(self) -> int | None:
        """The first line (where a viewer jumps to)."""
        return self.lines[0] if self.lines else None

    def __str__(self) -> str:
        if len(self.lines) <= 1:
            return placed(self.message, self.line, self.column)
        where = f"lines {line_spans(self.lines)}"
        if self.column:
            where += f", column {self.column!r}"
        text = f"{where}: {self.message}"
        if self.values:
            shown = ", ".join(self.values[:_SHOWN_VALUES])
            more = len(self.values) - _SHOWN_VALUES
            text += f" ({shown}{f' and {more:,} more' if more > 0 else ''})"
        return text


def _kind(message: str) -> tuple[str, tuple[str, ...]]:
    parts = tuple(m.group(0) for m in _ROW_PARTS.finditer(message))
    return _ROW_PARTS.sub("\x00", message), parts


def group_problems(items: Iterable) -> list[ProblemGroup]:
    """One entry per kind of problem, naming every line it occurs on.

    ``items`` are notes or import problems (``message``, ``line``, ``column``,
    ``level``).  Errors and warnings with the same level and column whose
    wording differs only in what names the row (a quoted cell, a number, the
    ticker it starts with), and notes worded alike, become one :class:`ProblemGroup`, in the order of their first
    occurrence: ``lines 3, 5, 7, column 'shares': … has no quantity; skipped
    (MSFT, AMD, INTC)``.  Problems without a line stay on their own.
    """
    groups: dict[tuple, list] = {}
    for n, item in enumerate(items):
        # Notes of what was done are merged only when worded alike.
        template, parts = (_kind(item.message) if item.level != "info"
                           else (item.message, ()))
        key = ((item.level, item.column, template) if item.line is not None
               else (item.level, item.column, template, n))
        groups.setdefault(key, []).append((item.line, item.message, parts))
    out = []
    for key, members in groups.items():
        level, column, template = key[:3]
        if len({m for _, m, _ in members}) == 1:
            message, values = members[0][1], ()
        else:
            slots = list(zip(*(p for _, _, p in members), strict=True))
            same = [len(set(s)) == 1 for s in slots]
            pieces = template.split("\x00")
            message = pieces[0] + "".join(
                (slot[0] if keep else "…") + piece
                for slot, keep, piece in zip(slots, same, pieces[1:], strict=True))
            values = tuple(" / ".join(v for v, keep in zip(p, same, strict=True) if not keep)
                           for _, _, p in sorted(members, key=lambda m: m[0]))
        lines = tuple(sorted({ln for ln, _, _ in members if ln is not None}))
        out.append(ProblemGroup(message, lines, column, level, values))
    return out


@dataclass(frozen=True)
class Note:
    """Something the loader wants the user to know (a skipped row, an aggregation)."""

    message: str
    line: int | None = None
    column: str | None = None
    level: str = "info"  # "info" or "warning"

    def __str__(self) -> str:
        return placed(self.message, self.line, self.column)


@dataclass(frozen=True, eq=False)
class Portfolio:
    """Holdings plus where they came from.

    ``holdings`` has the columns of :data:`HOLDING_COLUMNS`: ``ticker``
    (canonical, see :func:`engine.tickers.normalise_ticker`), ``name``,
    ``shares`` (negative for a short), ``price`` per share in ``currency``
    (NaN when the file has none: the snapshot is used), ``currency`` (``""``
    when unknown), ``cost`` per share (NaN when unknown), ``kind`` (one of
    :data:`KINDS`; a cash row's shares are the amount and its price 1; a
    bond, option, fund or money-market row is valued at the file's market
    value), ``line`` (the file line, for messages), ``category`` (a
    fallback category the user chose, or ``""``), ``account`` (the file's
    account column; several joined with ", " when lots were combined) and
    ``section`` (the title of the table the row came from, e.g.
    "投資信託（金額/特定預り）"), both ``""`` when the file has none.
    """

    holdings: pd.DataFrame
    name: str = "Portfolio"
    source: str | None = None
    source_sha256: str | None = None
    notes: tuple[Note, ...] = field(default_factory=tuple)
    #: How the importer read the file: the profile it chose and why, and the
    #: columns it used ("" when the holdings did not come from a file).
    reading: str = ""

    def __post_init__(self) -> None:
        missing = [c for c in HOLDING_COLUMNS
                   if c not in self.holdings.columns and c not in OPTIONAL_COLUMNS]
        if missing:
            raise ValueError(f"holdings lack columns {missing}")
        frame = self.holdings
        absent = {c: v for c, v in OPTIONAL_COLUMNS.items() if c not in frame.columns}
        if absent:
            frame = frame.assign(**{c: pd.Series([v] * len(frame), index=frame.index, dtype=object)
                                    for c, v in absent.items()})
        index = frame.index
        if (list(frame.columns) == list(HOLDING_COLUMNS) and isinstance(index, pd.RangeIndex)
                and index.start == 0 and index.step == 1 and index.name is None):
            # Already in shape (the importer makes it so): a shallow copy, which
            # copy-on-write keeps apart from the caller's frame, is the same.
            frame = frame.copy(deep=False)
        else:
            frame = frame.loc[:, list(HOLDING_COLUMNS)].reset_index(drop=True)
        object.__setattr__(self, "holdings", frame)

    def __len__(self) -> int:
        return len(self.holdings)

    @property
    def tickers(self) -> list[str]:
        return list(self.holdings["ticker"])

    def with_category(self, ticker: str, category: str) -> Portfolio:
        """A copy where ``ticker`` (a fallback holding) uses ``category``."""
        h = self.holdings.copy()
        h.loc[h["ticker"] == ticker, "category"] = category
        return Portfolio(h, self.name, self.source, self.source_sha256, self.notes, self.reading)


def portfolio_from_records(records: list[dict], *, name: str = "Portfolio",
                           source: str | None = None) -> Portfolio:
    """Build a portfolio from dicts with at least ``ticker`` and ``shares``."""
    defaults = {"name": "", "price": np.nan, "currency": "", "cost": np.nan,
                "kind": "security", "line": -1, "category": "", **OPTIONAL_COLUMNS}
    rows = [defaults | r for r in records]
    frame = pd.DataFrame(rows, columns=list(HOLDING_COLUMNS))
    frame = frame.astype({"shares": float, "price": float, "cost": float, "line": int})
    return Portfolio(frame, name=name, source=source)

