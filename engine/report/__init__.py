"""Reports: one content (:mod:`engine.report.content`), several writers.

This package needs no Qt: JSON, CSV, XLSX and HTML are written here.  The
PDF writer and the chart images (Qt) live in ``gui/``; the HTML writer takes
the chart images as bytes.
"""

from __future__ import annotations

import csv
import io
import json
import math
from typing import TYPE_CHECKING

from engine.result import CHANNELS, Result

if TYPE_CHECKING:
    from engine.report.content import ReportContent

__all__ = ["safe_cell", "to_csv_bytes", "to_json_bytes"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Neutralise a user-supplied string a spreadsheet would run as a formula.

    OWASP CSV-injection guidance: prefix a cell that starts with ``= + - @``,
    tab or carriage return with a single quote.  Numbers pass unchanged.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _number(value: object) -> str:
    """A CSV number: its shortest exact form, or an empty cell where it has no value."""
    x = float(value)  # type: ignore[arg-type]
    return repr(x) if math.isfinite(x) else ""


def to_json_bytes(result: Result, *, content: ReportContent | None = None) -> bytes:
    """The DESIGN.md JSON document.

    ``content`` adds the report's own sections (text, KPIs, methodology,
    sources, stamp) under ``report``.
    """
    from engine.result import _clean

    doc = result.to_dict()
    if content is not None:
        doc["report"] = _clean(content.to_dict())
    return (json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")


def to_csv_bytes(result: Result) -> bytes:
    """One row per holding and channel (tidy): ticker, scenario, values, channel, channel P&L."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["ticker", "name", "scenario", "currency", "value_before", "value_after", "pnl",
                "return_instant", "return_horizon", "exposure", "channel", "channel_pnl"])
    name = result.scenario.name
    for row in result.holdings.itertuples(index=False):
        r = row._asdict()
        for ch in CHANNELS:
            w.writerow([safe_cell(r["ticker"]), safe_cell(r["name"]), safe_cell(name),
                        result.currency, _number(r["value_before"]),
                        _number(r["value_after"]), _number(r["pnl"]),
                        _number(r["return_instant"]), _number(r["return_horizon"]),
                        r["exposure"], ch, _number(r[f"attr_{ch}"])])
    return out.getvalue().encode("utf-8")
