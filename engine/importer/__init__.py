"""Reading portfolio files.

The first version understands a tidy CSV: a header row with a ticker column and
a share-count column (price, currency, name and cost optional), in UTF-8 with
or without a byte-order mark, comma-separated.  Blank lines, padding and case
are forgiven; everything else is a clear :class:`~engine.errors.InputError`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from pathlib import Path

from engine.errors import InputError
from engine.portfolio import Note, Portfolio, portfolio_from_records
from engine.tickers import normalise_ticker

__all__ = ["load"]

_ALIASES = {
    "ticker": ("ticker", "symbol", "code", "銘柄コード", "ティッカー", "コード"),
    "shares": ("shares", "quantity", "qty", "units", "数量", "保有数量", "保有株数", "株数"),
    "price": ("price", "last", "current price", "現在値", "時価"),
    "currency": ("currency", "通貨"),
    "name": ("name", "description", "銘柄名", "銘柄"),
    "cost": ("cost basis", "purchase price", "average cost", "取得単価", "平均取得価額"),
}
_MAX_BYTES = 50 * 1024 * 1024


def _column_map(header: list[str], file: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = cell.strip().lower()
        for field, aliases in _ALIASES.items():
            if key in aliases and field not in found:
                found[field] = i
    for need in ("ticker", "shares"):
        if need not in found:
            raise InputError(
                f"no {need} column; the header has {', '.join(repr(h) for h in header) or 'nothing'}"
                f" — name one column {_ALIASES[need][0].title()!r} (or {_ALIASES[need][1].title()!r})",
                file=file, line=1,
            )
    return found


def _number(text: str, *, file: str, line: int, column: str) -> float:
    t = text.strip().replace(",", "").replace("$", "").replace("¥", "")
    try:
        value = float(t)
    except ValueError:
        raise InputError(f"{text.strip()!r} is not a number", file=file, line=line,
                         column=column) from None
    if not math.isfinite(value):
        raise InputError(f"{text.strip()!r} is not a finite number", file=file, line=line,
                         column=column)
    return value


def load(path: Path, settings: object | None = None) -> Portfolio:
    """Read ``path`` as a portfolio CSV."""
    file = str(path)
    try:
        raw = path.read_bytes() if path.stat().st_size <= _MAX_BYTES else None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", file=file) from None
    if raw is None:
        raise InputError("the file is larger than 50 MB; is it really a portfolio?", file=file)
    if not raw.strip():
        raise InputError("the file is empty; expected a CSV with a header row", file=file)
    if b"\x00" in raw:
        raise InputError("this is not a text CSV file (it contains binary data)", file=file)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (bad byte at offset {exc.start})", file=file) from None
    rows = list(csv.reader(io.StringIO(text)))
    numbered = [(i + 1, r) for i, r in enumerate(rows) if any(c.strip() for c in r)]
    if not numbered:
        raise InputError("the file has no rows", file=file)
    header_line, header = numbered[0]
    cols = _column_map(header, file)
    names = {f: header[i].strip() for f, i in cols.items()}
    records: list[dict] = []
    notes: list[Note] = []
    for line, row in numbered[1:]:
        def cell(field: str, row: list[str] = row) -> str:
            i = cols.get(field)
            return row[i] if i is not None and i < len(row) else ""

        ticker = normalise_ticker(cell("ticker"))
        if not ticker:
            raise InputError("the ticker is empty", file=file, line=line, column=names["ticker"])
        if not re.fullmatch(r"[A-Z0-9.\-^=]{1,15}", ticker):
            raise InputError(f"{cell('ticker').strip()!r} does not look like a ticker",
                             file=file, line=line, column=names["ticker"])
        shares = _number(cell("shares"), file=file, line=line, column=names["shares"])
        price = math.nan
        if cell("price").strip():
            price = _number(cell("price"), file=file, line=line, column=names["price"])
            if price <= 0:
                raise InputError(f"the price must be positive, not {price:g}", file=file,
                                 line=line, column=names["price"])
        cost = math.nan
        if cell("cost").strip():
            cost = _number(cell("cost"), file=file, line=line, column=names["cost"])
        records.append({"ticker": ticker, "name": cell("name").strip(), "shares": shares,
                        "price": price, "currency": cell("currency").strip().upper(),
                        "cost": cost, "line": line})
    if not records:
        raise InputError("the file has a header but no holdings", file=file, line=header_line)
    portfolio = portfolio_from_records(records, name=path.stem, source=file)
    return Portfolio(portfolio.holdings, name=path.stem, source=file,
                     source_sha256=hashlib.sha256(raw).hexdigest(), notes=tuple(notes))
