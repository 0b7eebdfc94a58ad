"""The XLSX report: a workbook an auditor can trace.

Sheets: Summary, Holdings, Attribution, Distribution, Scenario, Sources (and
Paths; Model check and Validation when present).  Totals, P&L and returns are live formulas
over the Holdings and Attribution rows, written with their computed values
cached so a viewer that does not recalculate still shows the numbers.  Every
string comes in through ``write_string``: a holding named ``=HYPERLINK(…)``
stays text, never a formula.
"""

from __future__ import annotations

import math
from typing import Any, BinaryIO

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from engine.report.content import ReportContent, Table
from engine.result import CHANNELS

__all__ = ["SHEETS", "write_xlsx"]

SHEETS = ("Summary", "Holdings", "Attribution", "Distribution", "Scenario", "Sources")

_MONEY = {"USD": '"$"#,##0.00;[Red]-"$"#,##0.00', "JPY": '"¥"#,##0;[Red]-"¥"#,##0'}
_PRICE = {"USD": "#,##0.00", "JPY": "#,##0"}


def _money_format(currency: str) -> str:
    return _MONEY.get(currency, f'#,##0.00" {currency}";[Red]-#,##0.00" {currency}"')


class _Book:
    """The workbook plus its cell formats."""

    def __init__(self, fh: BinaryIO, currency: str, lang: str) -> None:
        self.sheets: dict[str, Any] = {}
        self.wb = xlsxwriter.Workbook(fh, {"strings_to_formulas": False,
                                           "strings_to_urls": False,
                                           "strings_to_numbers": False,
                                           "nan_inf_to_errors": True})
        font = {"font_name": "Yu Gothic" if lang == "ja" else "Calibri", "font_size": 10}
        f = lambda **kw: self.wb.add_format(font | kw)  # noqa: E731
        self.text = f()
        self.wrap = f(text_wrap=True, valign="top")
        self.bold = f(bold=True)
        self.title = f(bold=True, font_size=14)
        self.header = f(bold=True, bg_color="#DDE4EE", bottom=1, text_wrap=True, valign="top")
        self.money = f(num_format=_money_format(currency))
        self.money_bold = f(num_format=_money_format(currency), bold=True, top=1)
        self.percent = f(num_format="0.00%;[Red]-0.00%")
        self.percent_bold = f(num_format="0.00%;[Red]-0.00%", bold=True, top=1)
        self.factor = f(num_format="0.000")
        self.number = f(num_format="#,##0.00")
        self.shares = f(num_format="#,##0.####")
        self.rate = f(num_format="0.000000")
        self.total_label = f(bold=True, top=1)
        self.small = f(font_size=8, italic=True, text_wrap=True, valign="top")
        self.prices = {c: f(num_format=fmt) for c, fmt in _PRICE.items()}
        self.price_other = f(num_format="#,##0.00")

    def fmt(self, kind: str) -> Any:
        return {"money": self.money, "percent": self.percent, "share": self.percent, "factor": self.factor,
                "number": self.number, "shares": self.shares}.get(kind, self.text)


def _put(ws: Any, row: int, col: int, value: Any, fmt: Any) -> None:
    """A plain value: strings always as strings, NaN as an empty cell."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, str):
        ws.write_string(row, col, value, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    else:
        ws.write_number(row, col, float(value), fmt)


def _formula(ws: Any, row: int, col: int, formula: str, fmt: Any, value: Any = None) -> None:
    """A formula with its computed value cached; a value with no meaning (None, NaN,
    infinity) is cached as an empty string, never as ``nan`` (which Excel cannot read)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        value = ""
    elif not isinstance(value, str | bool):
        value = float(value)
    ws.write_formula(row, col, formula, fmt, value)


def _gross(values: str) -> str:
    """Gross exposure of a range of values before (engine.returns.gross_exposure)."""
    return f"SUMPRODUCT(ABS({values}))"


def _portfolio_return(pnl: str, values: str) -> str:
    """engine.returns.portfolio_return as a formula: empty when nothing is at stake."""
    return f'=IF({_gross(values)}=0,"",{pnl}/{_gross(values)})'


def _header(ws: Any, book: _Book, row: int, labels: list[str]) -> None:
    for col, label in enumerate(labels):
        ws.write_string(row, col, label, book.header)


def _plain_table(ws: Any, book: _Book, row: int, table: Table,
                 widths: list[int] | None = None) -> int:
    """Write ``table`` with its header at ``row``; return the next free row."""
    _header(ws, book, row, [c.label for c in table.columns])
    for i, r in enumerate(table.rows, start=row + 1):
        for j, c in enumerate(table.columns):
            _put(ws, i, j, r.get(c.key), book.wrap if c.kind == "text" else book.fmt(c.kind))
    for j, w in enumerate(widths or []):
        ws.set_column(j, j, w)
    return row + 1 + len(table.rows)


def _holdings(book: _Book, content: ReportContent) -> dict[str, str]:
    """Holdings sheet; returns the ranges other sheets' formulas sum over."""
    ws = book.sheets["Holdings"]
    t = content.t
    h = content.result.holdings if content.result is not None else None
    cols = [t("col_ticker"), t("col_name"), t("col_shares"), t("col_price"), t("col_currency"),
            "FX", t("col_value_before"), t("col_value_after"), t("col_pnl"),
            t("col_return_instant"), t("kpi_value_horizon", quarters=_horizon(content)),
            t("kpi_pnl_horizon"), t("col_return_horizon"), t("col_exposure")]
    _header(ws, book, 0, cols)
    n = len(content.holdings.rows)
    rates = h["rate"].to_numpy(float) if h is not None else [1.0] * n
    for i, r in enumerate(content.holdings.rows):
        row = i + 1
        cell = lambda c, row=row: xl_rowcol_to_cell(row, c)  # noqa: E731
        ws.write_string(row, 0, r["ticker"], book.text)
        ws.write_string(row, 1, r["name"], book.text)
        _put(ws, row, 2, r["shares"], book.shares)
        _put(ws, row, 3, r["price"], book.prices.get(r["currency"], book.price_other))
        ws.write_string(row, 4, r["currency"], book.text)
        _put(ws, row, 5, float(rates[i]), book.rate)
        _formula(ws, row, 6, f"={cell(2)}*{cell(3)}*{cell(5)}", book.money,
                         r["value_before"])
        _put(ws, row, 7, r["value_after"], book.money)
        _formula(ws, row, 8, f"={cell(7)}-{cell(6)}", book.money, r["pnl"])
        _formula(ws, row, 9, f"=IF({cell(6)}=0,0,{cell(8)}/ABS({cell(6)}))", book.percent,
                         r["return_instant"])
        _put(ws, row, 10, r["value_horizon"], book.money)
        _formula(ws, row, 11, f"={cell(10)}-{cell(6)}", book.money, r["pnl_horizon"])
        _formula(ws, row, 12, f"=IF({cell(6)}=0,0,{cell(11)}/ABS({cell(6)}))",
                         book.percent, r["return_horizon"])
        ws.write_string(row, 13, r["exposure"], book.text)
    last = n  # last data row (0-based)
    total_row = n + 1
    ws.write_string(total_row, 0, t("col_total"), book.total_label)
    s = content.result.summary if content.result is not None else None
    sums = {6: s and s.value_before, 7: s and s.value_after, 8: s and s.pnl,
            10: s and s.value_horizon, 11: s and s.pnl_horizon}
    ranges = {}
    for col, value in sums.items():
        letter = xl_col_to_name(col)
        rng = f"{letter}2:{letter}{last + 1}"
        ranges[col] = f"Holdings!${letter}$2:${letter}${last + 1}"
        _formula(ws, total_row, col, f"=SUM({rng})", book.money_bold, value)
    tot = lambda c: xl_rowcol_to_cell(total_row, c)  # noqa: E731
    values = f"G2:G{last + 1}"
    _formula(ws, total_row, 9, _portfolio_return(tot(8), values), book.percent_bold,
             s and s.return_instant)
    _formula(ws, total_row, 12, _portfolio_return(tot(11), values), book.percent_bold,
             s and s.return_horizon)
    ws.freeze_panes(1, 1)
    ws.set_row(0, 30)
    for col, width in enumerate((10, 28, 11, 11, 6, 10, 15, 15, 14, 9, 16, 14, 9, 11)):
        ws.set_column(col, col, width)
    ws.autofilter(0, 0, last, 13)
    return {"value_before": ranges[6], "value_after": ranges[7], "pnl": ranges[8],
            "value_horizon": ranges[10], "pnl_horizon": ranges[11],
            "total_row": str(total_row + 1)}


def _horizon(content: ReportContent) -> int:
    return int(content.result.scenario.horizon_q) if content.result is not None else 0


def _attribution(book: _Book, content: ReportContent) -> dict[str, str]:
    ws = book.sheets["Attribution"]
    t = content.t
    table = content.attribution_by_holding
    h = content.result.holdings
    labels = [t("col_ticker")] + [f"{c.label} ({t('col_day_one')})" for c in table.columns[1:-1]]
    labels += [t("col_total")] + [f"{c.label} ({t('col_horizon')})"
                                  for c in table.columns[1:-1]] + [t("col_total")]
    _header(ws, book, 0, labels)
    nch = len(CHANNELS)
    for i, r in enumerate(table.rows):
        row = i + 1
        ws.write_string(row, 0, r["ticker"], book.text)
        for j, ch in enumerate(CHANNELS):
            _put(ws, row, 1 + j, r[ch], book.money)
            _put(ws, row, 2 + nch + j, float(h[f"attr_h_{ch}"].iloc[i]), book.money)
        a, b = xl_rowcol_to_cell(row, 1), xl_rowcol_to_cell(row, nch)
        _formula(ws, row, 1 + nch, f"=SUM({a}:{b})", book.money_bold, r["pnl"])
        a, b = xl_rowcol_to_cell(row, 2 + nch), xl_rowcol_to_cell(row, 1 + 2 * nch)
        _formula(ws, row, 2 + 2 * nch, f"=SUM({a}:{b})", book.money_bold,
                         float(h["pnl_horizon"].iloc[i]))
    n = len(table.rows)
    total_row = n + 1
    ws.write_string(total_row, 0, t("col_total"), book.total_label)
    s = content.result.summary
    cached = ([s.attribution[ch] for ch in CHANNELS] + [s.pnl]
              + [s.attribution_horizon[ch] for ch in CHANNELS] + [s.pnl_horizon])
    refs = {}
    for k, col in enumerate(range(1, 3 + 2 * nch)):
        letter = xl_col_to_name(col)
        _formula(ws, total_row, col, f"=SUM({letter}2:{letter}{n + 1})", book.money_bold,
                         cached[k])
        refs[col] = f"Attribution!${letter}${total_row + 1}"
    ws.freeze_panes(1, 1)
    ws.set_row(0, 45)
    ws.set_column(0, 0, 10)
    ws.set_column(1, 2 + 2 * nch, 15)
    note_row = total_row + 2
    ws.write_string(note_row, 0, t("attribution_note"), book.text)
    out = {}
    for j, ch in enumerate(CHANNELS):
        out[ch] = refs[1 + j]
        out[f"h_{ch}"] = refs[2 + nch + j]
    return out


def _summary(book: _Book, content: ReportContent, hold: dict[str, str],
             attr: dict[str, str]) -> None:
    ws = book.sheets["Summary"]
    t = content.t
    ws.write_string(0, 0, content.title, book.title)
    ws.write_string(1, 0, content.subtitle, book.text)
    info = [(t("portfolio"), content.portfolio_name),
            (t("file"), content.portfolio_file or t("no_file")),
            (t("date"), content.date.isoformat()),
            (t("base_currency"), content.currency),
            (t("scenario"), f"{content.scenario_title} ({content.scenario_name})")]
    row = 3
    for label, value in info:
        ws.write_string(row, 0, label, book.bold)
        ws.write_string(row, 1, value, book.text)
        row += 1
    row += 1
    s = content.result.summary
    _header(ws, book, row, [t("h_summary"), t("col_value")])
    row += 1
    cells: dict[str, str] = {}
    formulas = {"value_before": f"=SUM({hold['value_before']})",
                "value_after": f"=SUM({hold['value_after']})",
                "value_horizon": f"=SUM({hold['value_horizon']})"}
    for kpi in content.kpis:
        ws.write_string(row, 0, kpi.label, book.text)
        here = xl_rowcol_to_cell(row, 1)
        if kpi.key in formulas:
            _formula(ws, row, 1, formulas[kpi.key], book.money, kpi.value)
        elif kpi.key == "pnl":
            _formula(ws, row, 1, f"=SUM({hold['pnl']})", book.money, kpi.value)
        elif kpi.key == "return_instant":
            _formula(ws, row, 1, _portfolio_return(cells["pnl"], hold["value_before"]),
                     book.percent, kpi.value)
        elif kpi.key == "pnl_horizon":
            _formula(ws, row, 1, f"=SUM({hold['pnl_horizon']})", book.money, kpi.value)
        elif kpi.key == "return_horizon":
            _formula(ws, row, 1, _portfolio_return(cells["pnl_horizon"], hold["value_before"]),
                     book.percent, kpi.value)
        else:
            _put(ws, row, 1, kpi.value, book.fmt(kpi.kind))
        cells[kpi.key] = here
        row += 1
    row += 1
    _header(ws, book, row, [t("h_attribution"), t("col_day_one"), t("col_share"),
                            t("col_horizon")])
    row += 1
    first = row
    for r in content.attribution.rows:
        ch = r["channel"]
        ws.write_string(row, 0, r["label"], book.text)
        _formula(ws, row, 1, f"={attr[ch]}", book.money, r["pnl"])
        _formula(ws, row, 2, f"=IF({cells['pnl']}=0,\"\",{xl_rowcol_to_cell(row, 1)}/"
                                 f"{cells['pnl']})", book.percent, r["share"])
        _formula(ws, row, 3, f"={attr['h_' + ch]}", book.money, r["pnl_horizon"])
        row += 1
    ws.write_string(row, 0, t("col_total"), book.total_label)
    _formula(ws, row, 1, f"=SUM(B{first + 1}:B{row})", book.money_bold, s.pnl)
    _formula(ws, row, 2, f"=IF({cells['pnl']}=0,\"\",SUM(C{first + 1}:C{row}))",
             book.percent_bold, 1.0 if s.pnl else None)
    _formula(ws, row, 3, f"=SUM(D{first + 1}:D{row})", book.money_bold, s.pnl_horizon)
    row += 2
    ws.write_string(row, 0, t("h_reproducibility"), book.bold)
    row += 1
    for label, value in content.stamp.rows(content.lang):
        ws.write_string(row, 0, label, book.text)
        ws.write_string(row, 1, value, book.text)
        row += 1
    row += 1
    if content.notes:
        ws.write_string(row, 0, t("h_notes"), book.bold)
        row += 1
        for note in content.notes:
            ws.write_string(row, 0, note, book.text)
            row += 1
        row += 1
    ws.merge_range(row, 0, row + 1, 3, "", book.small)
    ws.write_string(row, 0, content.disclaimer, book.small)
    ws.set_column(0, 0, 42)
    ws.set_column(1, 1, 22)
    ws.set_column(2, 3, 18)
    ws.activate()


def _distribution(book: _Book, content: ReportContent) -> None:
    ws = book.sheets["Distribution"]
    t = content.t
    ws.write_string(0, 0, t("h_distribution"), book.title)
    d = content.distribution
    if d is None:
        ws.write_string(2, 0, _NO_MC[content.lang], book.text)
        ws.set_column(0, 0, 90)
        _sensitivity(ws, book, content, 4)
        return
    ws.write_string(1, 0, d.note, book.text)
    row = _plain_table(ws, book, 3, d.stats, [34, 18, 18, 18, 18])
    ws.freeze_panes(4, 0)
    if d.tornado is not None:
        row += 1
        ws.write_string(row, 0, t("h_tornado"), book.bold)
        row = _plain_table(ws, book, row + 1, d.tornado)
    if d.histogram is not None:
        row += 1
        ws.write_string(row, 0, t("chart_distribution"), book.bold)
        row += 1
        edges, counts = d.histogram
        _header(ws, book, row, [t("col_low"), t("col_high"), "n"])
        for i, c in enumerate(counts):
            row += 1
            _put(ws, row, 0, edges[i], book.money)
            _put(ws, row, 1, edges[i + 1], book.money)
            _put(ws, row, 2, c, book.text)
    _sensitivity(ws, book, content, row + 2)


def _sensitivity(ws: Any, book: _Book, content: ReportContent, row: int) -> int:
    """Reverse-stress answers and break-even elasticities under the distribution."""
    sv = content.sensitivity
    if sv is None:
        return row
    t = content.t
    if sv.questions is not None:
        ws.write_string(row, 0, t("h_reverse"), book.bold)
        row = _plain_table(ws, book, row + 1, sv.questions)
        for answer in sv.answers:
            ws.write_string(row, 0, answer, book.text)
            row += 1
        row += 1
    if sv.break_even is not None:
        ws.write_string(row, 0, t("h_break_even"), book.bold)
        row = _plain_table(ws, book, row + 1, sv.break_even) + 1
    return row


_NO_MC = {"en": "No Monte Carlo in this run: the scenario was evaluated at its point values. "
                "Run with --draws N (or the app's uncertainty panel) to fill this sheet.",
          "ja": "この実行ではモンテカルロを行っていません（パラメータの点推定で計算）。"
                "--draws N（またはアプリの不確実性パネル）で実行するとこのシートに結果が入ります。"}


def _scenario(book: _Book, content: ReportContent) -> None:
    ws = book.sheets["Scenario"]
    t = content.t
    ws.write_string(0, 0, f"{content.scenario_title} ({content.scenario_name})", book.title)
    ws.write_string(1, 0, content.scenario_story, book.text)
    _header(ws, book, 3, [t("col_parameter"), t("col_symbol"), "name", t("col_value"),
                          "unit", t("col_distribution"), t("col_meaning")])
    row = 4
    for p in content.parameters:
        ws.write_string(row, 0, p.label, book.text)
        ws.write_string(row, 1, p.symbol, book.text)
        ws.write_string(row, 2, p.name, book.text)
        _put(ws, row, 3, p.value, book.number)
        ws.write_string(row, 4, p.unit, book.text)
        ws.write_string(row, 5, p.distribution or t("uncertain_none"), book.text)
        ws.write_string(row, 6, p.description, book.wrap)
        row += 1
    ws.freeze_panes(4, 0)
    row += 1
    ws.write_string(row, 0, t("h_methodology"), book.title)
    row += 1
    for section in content.methodology:
        ws.write_string(row, 0, section.heading, book.bold)
        row += 1
        for para in section.paragraphs:
            ws.merge_range(row, 0, row, 6, "", book.wrap)
            ws.write_string(row, 0, para, book.wrap)
            ws.set_row(row, 15 * max(2, len(para) // (110 if content.lang == "en" else 55) + 1))
            row += 1
        if section.equation:
            ws.write_string(row, 0, section.equation, book.text)
            row += 1
    ws.set_column(0, 0, 26)
    ws.set_column(1, 1, 7)
    ws.set_column(2, 2, 22)
    ws.set_column(3, 3, 10)
    ws.set_column(4, 4, 11)
    ws.set_column(5, 5, 22)
    ws.set_column(6, 6, 80)


def _paths(book: _Book, content: ReportContent) -> None:
    ws = book.sheets["Paths"]
    demand = content.demand
    labels = [c.label for c in demand.columns] + [content.value_path.columns[1].label]
    _header(ws, book, 0, labels)
    for i, (r, v) in enumerate(zip(demand.rows, content.value_path.rows, strict=True), start=1):
        _put(ws, i, 0, r["quarter"], book.text)
        for j, c in enumerate(demand.columns[1:], start=1):
            _put(ws, i, j, r[c.key], book.factor)
        _put(ws, i, len(demand.columns), v["value"], book.money)
    ws.write_string(len(demand.rows) + 2, 0, content.t("demand_note"), book.text)
    ws.freeze_panes(1, 1)
    ws.set_row(0, 30)
    ws.set_column(0, 0, 9)
    ws.set_column(1, len(labels), 16)


def _model_check(book: _Book, content: ReportContent) -> None:
    mc = content.model_check
    if mc is None:
        return
    ws = book.sheets["Model check"]
    ws.write_string(0, 0, content.t("h_model_check"), book.title)
    ws.write_string(1, 0, mc.intro, book.text)
    ws.write_string(2, 0, mc.summary, book.text)
    row = _plain_table(ws, book, 4, mc.table, [12, 12, 12, 12])
    ws.freeze_panes(5, 0)
    for line in ((mc.missing_text,) if mc.missing_text else ()) + mc.notes:
        row += 1
        ws.write_string(row, 0, line, book.text)


def _validation(book: _Book, content: ReportContent) -> None:
    v = content.validation
    if v is None:
        return
    ws = book.sheets["Validation"]
    ws.write_string(0, 0, v.heading, book.title)
    row = 1
    for line in v.intro:
        ws.write_string(row, 0, line, book.text)
        row += 1
    for event in v.events:
        ws.write_string(row + 1, 0, event.title, book.bold)
        row = _plain_table(ws, book, row + 2, event.table, [34, 12, 14, 18])
        for line in event.notes:
            ws.write_string(row, 0, line, book.text)
            row += 1


def _sources(book: _Book, content: ReportContent) -> None:
    ws = book.sheets["Sources"]
    ws.write_string(0, 0, content.t("sources_intro"), book.text)
    _plain_table(ws, book, 2, content.sources, [34, 110, 12])
    ws.freeze_panes(3, 0)


def write_xlsx(content: ReportContent, fh: BinaryIO) -> None:
    """Write the workbook of ``content`` to the binary file ``fh``."""
    if content.result is None:
        raise ValueError("the XLSX report needs the content's Result")
    book = _Book(fh, content.currency, content.lang)
    order = (list(SHEETS) + ["Paths"] + (["Model check"] if content.model_check else [])
             + (["Validation"] if content.validation else []))
    for name in order:
        book.sheets[name] = book.wb.add_worksheet(name)
    hold = _holdings(book, content)
    attr = _attribution(book, content)
    _summary(book, content, hold, attr)
    _distribution(book, content)
    _scenario(book, content)
    _sources(book, content)
    _paths(book, content)
    _model_check(book, content)
    _validation(book, content)
    book.wb.set_properties({"title": content.title, "subject": content.scenario_name,
                            "comments": content.stamp.footer("en")})
    book.wb.close()
