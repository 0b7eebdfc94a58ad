"""Spreadsheet workbooks (.xlsx, .xls) as the text the CSV pipeline reads.

Each sheet becomes rows of comma-separated cells; a workbook with several
non-empty sheets gets each sheet's name as a title row above it, so each is
its own table (see :func:`engine.importer.detect.find_sections`).  Numbers
are written as plain decimals (``1234.5``), dates as ``YYYY-MM-DD``, formula
cells as their last computed value.  The workbook is read from bytes already
in memory: the user's file is never opened by the reader libraries.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

__all__ = ["WorkbookProblem", "is_workbook", "workbook_text"]

_XLSX = b"PK\x03\x04"
_XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: A holdings workbook is small; more rows than this in one sheet is not one.
MAX_ROWS = 200_000


class WorkbookProblem(ValueError):
    """The workbook cannot be read (damaged, encrypted, not a spreadsheet)."""


def is_workbook(raw: bytes) -> str | None:
    """``"xlsx"`` or ``"xls"`` for a workbook's first bytes, else ``None``."""
    if raw.startswith(_XLSX):
        return "xlsx"
    if raw.startswith(_XLS):
        return "xls"
    return None


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _write(sheets: list[tuple[str, list[list[object]]]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    kept = [(name, rows) for name, rows in sheets if any(any(c not in (None, "") for c in r)
                                                          for r in rows)]
    for k, (name, rows) in enumerate(kept):
        if len(kept) > 1:
            if k:
                out.write("\n")
            writer.writerow([name])
        for r in rows:
            writer.writerow([_cell(c) for c in r])
    return out.getvalue()


def workbook_text(raw: bytes, kind: str) -> str:
    """The workbook's sheets as CSV text; raises :class:`WorkbookProblem`."""
    if kind == "xlsx":
        import openpyxl

        # A damaged workbook makes the zip and XML readers raise many kinds of
        # errors; every one means the same to the user.
        try:
            book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
            try:
                sheets = []
                for ws in book.worksheets:
                    rows = []
                    for r in ws.iter_rows(values_only=True):
                        rows.append(list(r))
                        if len(rows) > MAX_ROWS:
                            raise WorkbookProblem(f"sheet {ws.title!r} has more than "
                                                  f"{MAX_ROWS:,} rows; this is not a holdings "
                                                  "workbook")
                    sheets.append((ws.title, rows))
            finally:
                book.close()
        except WorkbookProblem:
            raise
        except Exception as exc:
            raise WorkbookProblem(f"this .xlsx workbook cannot be read ({type(exc).__name__}); "
                                  "open it in a spreadsheet and save it again, or save the "
                                  "sheet as CSV") from None
        return _write(sheets)
    try:
        return _write(_xls_sheets(raw))
    except WorkbookProblem:
        raise
    except Exception as exc:
        raise WorkbookProblem(f"this .xls workbook cannot be read ({type(exc).__name__}); save "
                              "it as .xlsx or CSV from the spreadsheet") from None


def _xls_sheets(raw: bytes) -> list[tuple[str, list[list[object]]]]:
    import xlrd

    book = xlrd.open_workbook(file_contents=raw, on_demand=True)
    try:
        sheets = []
        for sh in book.sheets():
            if sh.nrows > MAX_ROWS:
                raise WorkbookProblem(f"sheet {sh.name!r} has more than {MAX_ROWS:,} rows; this "
                                      "is not a holdings workbook")
            rows = []
            for i in range(sh.nrows):
                row = []
                for c in sh.row(i):
                    if c.ctype == xlrd.XL_CELL_DATE:
                        row.append(xlrd.xldate.xldate_as_datetime(c.value, book.datemode))
                    elif c.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                        row.append(None)
                    else:
                        row.append(c.value)
                rows.append(row)
            sheets.append((sh.name, rows))
    finally:
        book.release_resources()
    return sheets
