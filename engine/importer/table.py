"""Reading the data rows below the header into columns, with each row's file line.

Two readers give the same result.  The fast one is pandas' C parser, which
also reads plain numbers natively; it is used when every record is one line
and no row is wider than the sample (checked, not assumed).  Otherwise the
standard ``csv`` module reads the file record by record, so quoted line
breaks, ragged rows and odd quoting still get exact line numbers.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["Table", "TableProblem", "line_offset", "read_record", "read_table"]


#: Smaller bodies go through the record reader: pandas' fixed cost is not worth it.
FAST_MIN_CHARS = 32 * 1024
#: Up to this size pandas parses the body in one pass (faster: its categories
#: are built once, not per chunk and merged); larger bodies go in chunks, which
#: bounds the parser's memory.
ONE_PASS_BYTES = 16 * 1024 * 1024


class TableProblem(ValueError):
    """The rows cannot be split into cells (e.g. a field too long); ``line`` is where."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class Table:
    """Data rows: ``lines[i]`` is the file line where row ``i`` starts.

    ``cells`` maps a 0-based source column to its values: text with ``""``
    for empty (an object array, or on the fast path a ``pandas.Categorical``
    with missing values for empty), or (fast path) numbers with NaN for empty.
    """

    lines: np.ndarray
    cells: dict[int, np.ndarray]
    text: str = field(repr=False)
    fast: bool = False

    def __len__(self) -> int:
        return len(self.lines)

    def line_text(self, line: int) -> str:
        """The text of one file line (for messages about rows that are skipped)."""
        start = line_offset(self.text, line)
        end = self.text.find("\n", start)
        return self.text[start:end if end >= 0 else len(self.text)]


def line_offset(text: str, line: int) -> int:
    """Character offset where 1-based ``line`` starts (``len(text)`` past the end)."""
    pos = 0
    for _ in range(line - 1):
        nxt = text.find("\n", pos)
        if nxt < 0:
            return len(text)
        pos = nxt + 1
    return pos


def read_record(text: str, line: int, delimiter: str) -> tuple[list[str], int]:
    """The record starting at ``line`` and the line after it."""
    start = line_offset(text, line)
    # A header is short: read a bounded slice, not a copy of the whole file.
    # A small slice first; it gives the same record when the record ends on
    # a line the slice holds whole (else the larger slice decides).
    for size in (16 * 1024, 1024 * 1024):
        chunk = text[start:start + size]
        reader = csv.reader(io.StringIO(chunk), delimiter=delimiter)
        try:
            cells = next(reader, [])
        except csv.Error as exc:
            if size < 1024 * 1024:
                continue
            raise TableProblem(f"the header row cannot be read: {exc}", line) from None
        if len(chunk) < size or chunk.count("\n") >= reader.line_num:
            break
    return cells, line + max(reader.line_num, 1)


def read_table(text: str, first_line: int, delimiter: str, width: int,
               text_columns: Iterable[int], number_columns: Iterable[int], decimal: str,
               encoded: bytes | None = None) -> Table:
    """Rows from ``first_line`` on, only the columns asked for (0-based).

    ``encoded``: the file's bytes when ``text`` is a prefix of them read as
    ASCII (one byte per character), so that the parser reads them as they are.
    """
    text_cols = sorted(set(text_columns))
    number_cols = sorted(set(number_columns) - set(text_cols))
    start = line_offset(text, first_line)
    # (No slice of a large body here: a copy of the file costs fresh pages.)
    if start >= len(text) or (len(text) - start < FAST_MIN_CHARS and text[start:].isspace()):
        return Table(np.zeros(0, dtype=np.int64), {c: _object_array([])
                                                   for c in text_cols + number_cols}, text)
    table = None
    if len(text) - start >= FAST_MIN_CHARS:
        source = (encoded if encoded is not None and text.isascii() and len(encoded) >= len(text)
                  else None)
        table = _read_fast(text, start, first_line, delimiter, width, text_cols, number_cols,
                           decimal, source)
    if table is None:
        body = text[start:]
        if body.isspace():
            return Table(np.zeros(0, dtype=np.int64), {c: _object_array([])
                                                       for c in text_cols + number_cols}, text)
        table = _read_records(body, first_line, delimiter, text_cols + number_cols)
    table.text = text
    return table


class _Utf8Stream(io.RawIOBase):
    """``text[start:]`` as UTF-8 bytes, read a piece at a time.

    The parser asks for pieces of a few hundred kilobytes; encoding each when
    asked spares a copy of the whole body in both forms.
    """

    def __init__(self, text: str, start: int) -> None:
        self._text, self._pos = text, start
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        want = len(buffer)
        if not self._pending:
            if self._pos >= len(self._text):
                return 0
            # A character is at most four bytes: a quarter of the room always fits.
            piece = self._text[self._pos:self._pos + max(want // 4, 1)]
            self._pos += len(piece)
            self._pending = piece.encode("utf-8")
        n = min(want, len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


class _BytesSlice(io.RawIOBase):
    """``data[start:end]`` read a piece at a time (no copy of the whole)."""

    def __init__(self, data: bytes, start: int, end: int) -> None:
        self._data, self._pos, self._end = memoryview(data), start, end

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        n = max(min(len(buffer), self._end - self._pos), 0)
        buffer[:n] = self._data[self._pos:self._pos + n]
        self._pos += n
        return n


def _body_stream(text: str, start: int, encoded: bytes | None) -> io.BufferedReader:
    """``text[start:]`` as UTF-8 bytes for the parser (``encoded``: see :func:`read_table`)."""
    raw = (_Utf8Stream(text, start) if encoded is None
           else _BytesSlice(encoded, start, len(text)))
    return io.BufferedReader(raw, 1 << 18)


def _parse(text: str, start: int, encoded: bytes | None, delimiter: str, width: int,
           decimal: str, size: int, **columns: object) -> pd.DataFrame | None:
    """``text[start:]`` through pandas' C parser (``columns``: its ``dtype`` and
    ``usecols``), or None when pandas refuses or warns (the record reader takes over)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return pd.read_csv(
                _body_stream(text, start, encoded), sep=delimiter, header=None,
                names=list(range(width)), keep_default_na=False, na_values=[""],
                skip_blank_lines=False, decimal=decimal, thousands=None, engine="c",
                index_col=False, encoding="utf-8", quotechar='"', doublequote=True,
                on_bad_lines="error", low_memory=size > ONE_PASS_BYTES, **columns)
    except (ValueError, OverflowError, Warning, pd.errors.ParserError):
        return None


def _read_fast(text: str, start: int, first_line: int, delimiter: str, width: int,
               text_cols: list[int], number_cols: list[int], decimal: str,
               encoded: bytes | None = None) -> Table | None:
    # With blank lines kept, every line is a row unless a quoted cell spans
    # lines; then the counts differ and the record reader takes over.  Without
    # a quote character no cell can span lines (and counting takes a while).
    expected = None
    if text.find('"', start) >= 0:
        expected = text.count("\n", start) + (0 if text.endswith("\n") else 1)
    used = sorted(set(text_cols) | set(number_cols))
    if not used or max(used) >= width:
        return None
    size = len(text) - start  # characters: as many bytes or more
    # No ``usecols``: with it, pandas refuses some ragged files that it reads without.
    frame = _parse(text, start, encoded, delimiter, width, decimal, size,
                   dtype=dict.fromkeys(text_cols, "category"))
    if frame is None or (expected is not None and len(frame) != expected):
        return None
    # A text column of numbers only comes back with numeric categories
    # (``0700`` → 700, ``12345678`` → 12345678.0): read those again as text.
    numeric = [c for c in text_cols if frame[c].cat.categories.dtype.kind in "iufb"]
    if numeric:
        again = _parse(text, start, encoded, delimiter, width, decimal, size,
                       usecols=numeric, dtype=dict.fromkeys(numeric, object))
        if again is None or len(again) != len(frame):
            return None
        for c in numeric:
            frame[c] = again[c].astype("category")
    cells = {}
    for c in used:
        col = frame[c]
        if c in text_cols:
            # Text as categories: the parser hands over each distinct cell once.
            cells[c] = col.array
        elif col.dtype.kind not in "iuf":
            cells[c] = col.to_numpy(dtype=object, na_value="")
            if col.dtype.kind == "b":  # pandas read TRUE/FALSE as booleans: back to text
                cells[c] = np.array([str(v) if v != "" else "" for v in cells[c]], dtype=object)
        else:
            cells[c] = col.to_numpy()
            if col.dtype.kind == "f" and np.isinf(cells[c]).any():
                return None  # the record reader keeps the text for the message
    lines = np.arange(first_line, first_line + len(frame), dtype=np.int64)
    return Table(lines, cells, "", fast=True)


def _read_records(body: str, first_line: int, delimiter: str, used: list[int]) -> Table:
    # Cells as long as pandas reads them (the whole file at most), so both readers agree.
    limit = csv.field_size_limit(max(len(body), csv.field_size_limit()))
    try:
        return _records(body, first_line, delimiter, used)
    finally:
        csv.field_size_limit(limit)


def _records(body: str, first_line: int, delimiter: str, used: list[int]) -> Table:
    reader = csv.reader(io.StringIO(body), delimiter=delimiter)
    columns: dict[int, list[str]] = {c: [] for c in used}
    lines: list[int] = []
    start = first_line
    try:
        for cells in reader:
            lines.append(start)
            n = len(cells)
            for c in used:
                columns[c].append(cells[c] if c < n else "")
            start = first_line + reader.line_num
    except csv.Error as exc:
        message = str(exc)
        if "field larger than field limit" in message:
            message = (f"a cell is longer than {csv.field_size_limit():,} characters; "
                       "this does not look like a portfolio file")
        raise TableProblem(f"the row cannot be split into cells ({message})", start) from None
    cells = {c: _object_array(v) for c, v in columns.items()}
    return Table(np.asarray(lines, dtype=np.int64), cells, "")


def _object_array(values: list[str]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out
