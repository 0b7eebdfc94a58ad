"""Portfolios: the holdings a user brings, as a frozen value object.

``engine.load_portfolio`` reads a file through the importer (:mod:`engine.importer`),
which detects the file's encoding and layout; this module only defines what a
loaded portfolio *is*.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["CASH_KINDS", "HOLDING_COLUMNS", "KINDS", "OPTIONAL_COLUMNS", "Note", "Portfolio",
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
        return Portfolio(h, self.name, self.source, self.source_sha256, self.notes)


def portfolio_from_records(records: list[dict], *, name: str = "Portfolio",
                           source: str | None = None) -> Portfolio:
    """Build a portfolio from dicts with at least ``ticker`` and ``shares``."""
    defaults = {"name": "", "price": np.nan, "currency": "", "cost": np.nan,
                "kind": "security", "line": -1, "category": "", **OPTIONAL_COLUMNS}
    rows = [defaults | r for r in records]
    frame = pd.DataFrame(rows, columns=list(HOLDING_COLUMNS))
    frame = frame.astype({"shares": float, "price": float, "cost": float, "line": int})
    return Portfolio(frame, name=name, source=source)

