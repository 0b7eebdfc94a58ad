"""Writing a report file: the formats, their suffixes, and the Qt-free writers.

JSON, CSV and XLSX are produced here; HTML here too when its chart images are
given.  PDF (and the chart images) need Qt: :mod:`gui.report_export`.
Every file is written through :func:`engine.atomic.atomic_write`, so a crash,
a cancel or a full disk never leaves part of a report where the user asked for
one, and an existing file is replaced only when ``overwrite`` is set.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

from engine.atomic import atomic_write
from engine.report import to_csv_bytes, to_json_bytes
from engine.report.content import ReportContent

__all__ = ["FORMATS", "QT_FORMATS", "SUFFIX", "report_bytes", "write_report"]

FORMATS = ("pdf", "html", "xlsx", "csv", "json")
#: Formats whose writer (or charts) need Qt.
QT_FORMATS = ("pdf", "html")
SUFFIX = {"pdf": ".pdf", "html": ".html", "xlsx": ".xlsx", "csv": ".csv", "json": ".json"}


def report_bytes(content: ReportContent, fmt: str, *,
                 charts: Mapping[str, tuple[str, bytes]] | None = None,
                 paper: str = "a4") -> bytes:
    """The report in ``fmt`` (json, csv, xlsx or html) as bytes.

    ``charts`` are the HTML's images (see :func:`engine.report.html.to_html_bytes`).
    """
    if content.result is None:
        raise ValueError("the report content carries no Result")
    if fmt == "json":
        return to_json_bytes(content.result, content=content)
    if fmt == "csv":
        return to_csv_bytes(content.result)
    if fmt == "xlsx":
        from engine.report.xlsx import write_xlsx

        buffer = io.BytesIO()
        write_xlsx(content, buffer)
        return buffer.getvalue()
    if fmt == "html":
        from engine.report.html import to_html_bytes

        return to_html_bytes(content, charts, paper=paper)
    if fmt == "pdf":
        raise ValueError("the PDF report is written by gui.report_export (it needs Qt)")
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")


def write_report(content: ReportContent, fmt: str, path: str | Path, *,
                 overwrite: bool = False, **kwargs: object) -> Path:
    """Write the report to ``path`` atomically; see :func:`report_bytes` for ``kwargs``."""
    data = report_bytes(content, fmt, **kwargs)  # type: ignore[arg-type]
    atomic_write(path, data, overwrite=overwrite)
    return Path(path)
