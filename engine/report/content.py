"""The report's content: every table, number and sentence, in one language.

:func:`build_report` turns a :class:`~engine.result.Result` into a
:class:`ReportContent` of plain values.  Every writer (JSON, CSV, XLSX, HTML,
and the Qt-side PDF) reads the same content, so the CLI and the app produce
the same report.  Numbers stay numbers here (fractions, amounts in the base
currency); writers format them (:mod:`engine.formatting`) or give them a
spreadsheet number format.

Optional sections appear only when their data is there:

* ``distribution`` when the Result carries a Monte Carlo distribution
  (MODEL.md §6): its statistics, histogram, and the tornado of drivers when
  it was computed (``Result.drivers``);
* ``sensitivity`` when the Result carries a sensitivity grid or
  reverse-stress answers (``Result.heatmap``, ``Result.reverse_stress``,
  :mod:`engine.sensitivity`);
* ``model_check`` for the reference preset, checked against its event day
  (MODEL.md §9, :func:`engine.modelcheck.reference_check`).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from engine._version import __version__
from engine.coverage import source_label, source_labels, uncovered_share, warns
from engine.events import load_event
from engine.formatting import format_money, format_number, format_percent
from engine.library import FIELDS, MODEL_FIELDS, ExposureLibrary, load_library
from engine.modelcheck import DEFAULT_EVENT, spearman
from engine.names import display_name, short_name
from engine.outcomes import DriverBar, Grid, ModelCheck, PnlDistribution
from engine.parameters import PARAMETERS, parameter
from engine.prices import PriceSnapshot, load_snapshot
from engine.report.i18n import text
from engine.result import CHANNELS, Result
from engine.sensitivity import answer_text
from engine.vocabulary import (
    channel_label,
    parameter_description,
    parameter_label,
    unit_label,
)

__all__ = [
    "Column",
    "DistributionSection",
    "Kpi",
    "ModelCheckSection",
    "ParameterRow",
    "ReportContent",
    "Section",
    "SensitivitySection",
    "Stamp",
    "Table",
    "build_report",
    "default_model_check",
    "model_check_section",
]

#: Column kinds a writer knows how to format.
KINDS = ("text", "money", "percent", "share", "number", "shares", "price", "factor", "count")

#: The per-holding attribution chart draws at most this many rows: the largest
#: moves, the last row the rest summed; every holding is in the tables.
CHART_TOP_HOLDINGS = 15

_DIST_STATS = ("mean", "p05", "p50", "p95", "var95", "es95", "var99", "es99")


@dataclass(frozen=True)
class Column:
    """A table column: ``key`` into each row, its heading, and how to show it.

    ``kind`` is one of :data:`KINDS`; ``price`` values are in the row's own
    ``currency`` (every other money column is in the report's base currency).
    """

    key: str
    label: str
    kind: str = "text"


@dataclass(frozen=True)
class Table:
    """Rows of plain values (dicts keyed by :attr:`Column.key`) plus an optional total row."""

    columns: tuple[Column, ...]
    rows: tuple[dict[str, Any], ...]
    total: dict[str, Any] | None = None

    def to_records(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.rows]


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    value: Any
    kind: str  # as Column.kind


@dataclass(frozen=True)
class ParameterRow:
    name: str
    symbol: str
    label: str
    value: float
    value_text: str
    unit: str
    description: str
    distribution: str  # "" for a point value


@dataclass(frozen=True)
class Section:
    """A heading, paragraphs, and an optional equation line (methodology)."""

    heading: str
    paragraphs: tuple[str, ...]
    equation: str = ""


@dataclass(frozen=True)
class ValidationEvent:
    """One documented event of the validation appendix: its title line, table and notes."""

    title: str
    table: Table
    notes: tuple[str, ...]


@dataclass(frozen=True)
class ValidationSection:
    """The model beside naive baselines on every documented event (:mod:`engine.validation`)."""

    heading: str
    intro: tuple[str, ...]
    events: tuple[ValidationEvent, ...]


@dataclass(frozen=True)
class DistributionSection:
    """Monte Carlo results: statistics table, and the charts' data when computed.

    ``histogram`` is ``(edges, counts)`` of P&L at the horizon; ``tornado`` a
    Table of parameter, low/high values, P&L at each, swing and variance
    share; ``bars`` the tornado's raw bars and ``base_pnl`` the point P&L
    (for the chart).
    """

    draws: int
    seed: int | None
    stats: Table
    histogram: tuple[list[float], list[int]] | None = None
    tornado: Table | None = None
    note: str = ""
    bars: tuple[DriverBar, ...] = ()
    base_pnl: float = 0.0
    distribution: PnlDistribution | None = field(default=None, repr=False)


@dataclass(frozen=True)
class SensitivitySection:
    """Sensitivity grid and reverse stress (``engine.sensitivity``), when computed.

    ``grid`` is the :class:`~engine.outcomes.Grid`; ``questions`` one row per reverse-stress
    question (parameter, target, answer, reachable range) with ``answers``
    the same as sentences; ``break_even`` the break-even long-run elasticity
    per holding.
    """

    grid: Grid | None = None
    questions: Table | None = None
    answers: tuple[str, ...] = ()
    break_even: Table | None = None


@dataclass(frozen=True)
class ModelCheckSection:
    """Predicted vs realised day-one returns for one event day (MODEL.md §9)."""

    event_date: str
    table: Table
    n: int
    mean_abs_error: float
    rank_agreement: float  # Spearman rank correlation; NaN with fewer than 3 names
    direction_hits: int
    intro: str
    summary: str
    missing: tuple[str, ...] = ()
    missing_text: str = ""
    notes: tuple[str, ...] = ()  # the checker's own remarks, in the report's language


@dataclass(frozen=True)
class Stamp:
    """What it takes to reproduce the report."""

    app_version: str
    generated: str  # ISO timestamp, local time with offset
    input_sha256: str | None
    scenario_sha256: str | None
    scenario_fingerprint: str
    seed: int | None
    draws: int

    def rows(self, lang: str) -> list[tuple[str, str]]:
        none_file = text("stamp_no_file", lang)
        rows = [
            (text("stamp_version", lang), self.app_version),
            (text("stamp_generated", lang), self.generated),
            (text("stamp_input", lang), self.input_sha256 or none_file),
            (text("stamp_scenario", lang), self.scenario_sha256 or none_file),
            (text("stamp_fingerprint", lang), self.scenario_fingerprint),
        ]
        if self.draws > 1:
            rows += [(text("stamp_seed", lang), str(self.seed)),
                     (text("stamp_draws", lang), f"{self.draws:,}")]
        else:
            rows.append((text("stamp_draws", lang), text("stamp_none", lang)))
        return rows

    def footer(self, lang: str) -> str:
        """One short line for a page footer (hashes shortened to 12 characters)."""
        short = lambda h: (h or "—")[:12]  # noqa: E731
        mc = (text("stamp_footer_mc", lang, seed=self.seed, draws=f"{self.draws:,}")
              if self.draws > 1 else "")
        return text("stamp_footer", lang, version=self.app_version,
                    input=short(self.input_sha256),
                    scenario=short(self.scenario_sha256 or self.scenario_fingerprint), mc=mc)

    def to_dict(self) -> dict[str, Any]:
        return {"app_version": self.app_version, "generated": self.generated,
                "input_sha256": self.input_sha256, "scenario_sha256": self.scenario_sha256,
                "scenario_fingerprint": self.scenario_fingerprint, "seed": self.seed,
                "draws": self.draws}


@dataclass(frozen=True, eq=False)
class ReportContent:
    """Everything a report shows, in one language (``lang``: "en" or "ja").

    ``result`` is kept for the writers that draw charts from it.
    """

    lang: str
    title: str
    subtitle: str
    date: dt.date
    portfolio_name: str
    portfolio_file: str | None
    currency: str
    scenario_name: str
    scenario_title: str
    scenario_story: str
    parameters: tuple[ParameterRow, ...]
    kpis: tuple[Kpi, ...]
    holdings: Table
    attribution: Table  # channel totals, day one and horizon
    attribution_by_holding: Table
    demand: Table
    value_path: Table
    methodology: tuple[Section, ...]
    sources: Table
    notes: tuple[str, ...]
    stamp: Stamp
    disclaimer: str
    coverage: Table | None = None  # share of value by exposure source (engine.coverage)
    source_documents: Table | None = None  # ``sources`` folded to one row per document
    movers: Table | None = None  # the holdings with the largest day-one P&L, for page one
    coverage_warning: str = ""  # set when too much of the value is market-only or unpriced
    distribution: DistributionSection | None = None
    model_check: ModelCheckSection | None = None
    sensitivity: SensitivitySection | None = None
    validation: ValidationSection | None = None
    result: Result | None = field(default=None, repr=False)

    def t(self, key: str, **fields: object) -> str:
        """Report text in this report's language."""
        return text(key, self.lang, **fields)

    def format(self, value: Any, kind: str, *, currency: str | None = None) -> str:
        """``value`` as a person reads it, for a cell of ``kind``."""
        return format_value(value, kind, currency or self.currency, self.lang)

    def to_dict(self) -> dict[str, Any]:
        """The report sections as JSON-ready data (added to the Result's JSON)."""
        doc: dict[str, Any] = {
            "lang": self.lang,
            "title": self.title,
            "date": self.date.isoformat(),
            "kpis": [{"key": k.key, "label": k.label, "value": k.value} for k in self.kpis],
            "parameters": [{"name": p.name, "symbol": p.symbol, "label": p.label,
                            "value": p.value, "unit": p.unit, "description": p.description,
                            "distribution": p.distribution or None} for p in self.parameters],
            "attribution": self.attribution.to_records(),
            "methodology": [{"heading": s.heading, "text": list(s.paragraphs),
                             "equation": s.equation or None} for s in self.methodology],
            "sources": self.sources.to_records(),
            "notes": list(self.notes),
            "stamp": self.stamp.to_dict(),
            "disclaimer": self.disclaimer,
            "model_check": None,
        }
        mc = self.model_check
        if mc is not None:
            doc["model_check"] = {
                "event_date": mc.event_date, "holdings": mc.table.to_records(), "n": mc.n,
                "mean_abs_error": mc.mean_abs_error, "rank_agreement": mc.rank_agreement,
                "direction_hits": mc.direction_hits, "missing": list(mc.missing),
                "notes": list(mc.notes)}
        d = self.distribution
        if d is not None:
            doc["distribution_extra"] = {
                "histogram": None if d.histogram is None else {"edges": d.histogram[0],
                                                               "counts": d.histogram[1]},
                "tornado": None if d.tornado is None else d.tornado.to_records()}
        sv = self.sensitivity
        if sv is not None:
            doc["sensitivity"] = {
                "grid": None if sv.grid is None else sv.grid.to_dict(),
                "reverse_stress": None if sv.questions is None else sv.questions.to_records(),
                "answers": list(sv.answers),
                "break_even": None if sv.break_even is None else sv.break_even.to_records()}
        return doc


# --------------------------------------------------------------------------
# Formatting shared by the text writers
# --------------------------------------------------------------------------
def format_value(value: Any, kind: str, currency: str, lang: str) -> str:
    """A cell as text: money in ``currency``, fractions as %, shares with separators."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—" if kind != "text" else ""
    if kind == "text":
        return str(value)
    if kind in ("money", "price"):
        return format_money(float(value), currency, lang)
    if kind == "percent":
        return format_percent(float(value))
    if kind == "share":  # a part of a whole: no sign
        return format_percent(float(value), 1, sign=False)
    if kind == "shares":
        v = float(value)
        return format_number(v, 0 if v == int(v) else 4)
    if kind == "count":
        return format_number(float(value), 0)
    if kind == "factor":
        return format_number(float(value), 3)
    return format_number(float(value), 2)


def _pct(value: float) -> str:
    return format_percent(value, 1, sign=False)


def _num(value: float, decimals: int = 2) -> str:
    return format_number(value, decimals)


# --------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------
def _parameter_rows(result: Result, lang: str) -> tuple[ParameterRow, ...]:
    s = result.scenario
    rows = []
    for spec in PARAMETERS:
        value = float(s.parameters[spec.name])
        if spec.kind == "share":
            shown = _pct(value)
        elif spec.unit in ("fraction", "return"):
            shown = format_percent(value, 1)
        elif spec.unit == "×":
            shown = f"{_num(value, 1)}×"
        elif spec.integer:
            shown = f"{int(value)}"
        else:
            shown = _num(value, 2)
        label = parameter_label(spec.name, lang)
        description = parameter_description(spec.name, lang)
        dist = s.distributions.get(spec.name)
        rows.append(ParameterRow(spec.name, spec.symbol, label, value, shown,
                                 unit_label(spec.unit, lang), description,
                                 _distribution_text(dist) if dist is not None else ""))
    return tuple(rows)


def _distribution_text(spec: Any) -> str:
    """A distribution spec as one line: ``lognormal(median=10, sigma=0.5)``."""
    if hasattr(spec, "kind") and hasattr(spec, "spec"):  # engine.distributions.Distribution
        spec = {"kind": spec.kind, **dict(spec.spec)}
    if isinstance(spec, Mapping):
        spec = dict(spec)
        kind = spec.pop("kind", spec.pop("dist", spec.pop("type", "")))
        args = ", ".join(f"{k}={v:g}" if isinstance(v, int | float) else f"{k}={v}"
                         for k, v in spec.items())
        return f"{kind}({args})" if kind else args
    return str(spec)


def _kpis(result: Result, lang: str) -> tuple[Kpi, ...]:
    s = result.summary
    t = lambda key, **kw: text(key, lang, **kw)  # noqa: E731
    kpis = [
        Kpi("value_before", t("kpi_value_before"), s.value_before, "money"),
        Kpi("value_after", t("kpi_value_after"), s.value_after, "money"),
        Kpi("pnl", t("kpi_pnl"), s.pnl, "money"),
        Kpi("return_instant", t("kpi_return_instant"), s.return_instant, "percent"),
    ]
    if result.kind != "history":
        kpis += [
            Kpi("value_horizon", t("kpi_value_horizon", quarters=s.horizon_q),
                s.value_horizon, "money"),
            Kpi("pnl_horizon", t("kpi_pnl_horizon"), s.pnl_horizon, "money"),
            Kpi("return_horizon", t("kpi_return_horizon"), s.return_horizon, "percent"),
        ]
    for key, item in (("worst", s.worst), ("best", s.best)):
        if item is not None:
            kpis.append(Kpi(key, t(f"kpi_{key}"),
                            f"{item.ticker} {format_percent(item.return_instant)}", "text"))
    if result.history is not None:
        kpis.append(Kpi("not_covered_value", t("replay_not_covered"),
                        result.history.not_covered_value, "money"))
    else:
        shares = s.coverage or {}
        kpis.append(Kpi("coverage", t("kpi_coverage"),
                        t("kpi_coverage_value",
                          covered=format_percent(1.0 - uncovered_share(shares), 1, sign=False)),
                        "text"))
    dist = result.distribution
    if dist is not None:
        # A loss reads as a negative amount, as every other P&L in the report
        # (the JSON keeps VaR and ES as positive loss sizes, DESIGN.md).
        kpis.append(Kpi("var95", t("kpi_var95"), -dist.money.var95, "money"))
        kpis.append(Kpi("es95", t("kpi_es95"), -dist.money.es95, "money"))
    return tuple(kpis)


def _coverage_table(result: Result, lang: str) -> Table:
    """One row per exposure source: its name, the holdings under it and their share of value."""
    shares = result.summary.coverage or {}
    labels = source_labels(result.holdings["exposure"], result.holdings["category"])
    rows = tuple({"source": source_label(k, lang), "source_key": k,
                  "holdings": int((labels == k).sum()), "share": float(v)}
                 for k, v in shares.items())
    return Table((Column("source", text("col_exposure_source", lang)),
                  Column("holdings", text("col_holdings_count", lang), "count"),
                  Column("share", text("col_share_of_value", lang), "share")), rows)


#: The summary page lists this many of the biggest movers.
MOVERS_SHOWN = 6


def _movers_table(result: Result, lang: str) -> Table:
    """The holdings with the largest day-one P&L in size: the summary page's short list."""
    h = result.holdings
    names = h["name_ja"] if lang == "ja" and "name_ja" in h else None
    order = h["pnl"].abs().sort_values(ascending=False, kind="stable").index[:MOVERS_SHOWN]
    rows = []
    for i in order:
        name = display_name(str(h.at[i, "name"]),
                            "" if names is None else str(names.at[i] or ""), lang)
        rows.append({"ticker": str(h.at[i, "ticker"]), "name": short_name(name, 28),
                     "value_before": float(h.at[i, "value_before"]),
                     "return_instant": float(h.at[i, "return_instant"]),
                     "pnl": float(h.at[i, "pnl"])})
    t = lambda key: text(key, lang)  # noqa: E731
    return Table((Column("ticker", t("col_ticker")), Column("name", t("col_name")),
                  Column("value_before", t("col_value_before"), "money"),
                  Column("return_instant", t("col_return_instant"), "percent"),
                  Column("pnl", t("col_pnl"), "money")), tuple(rows))


def coverage_line(content: ReportContent) -> str:
    """The coverage table as one line: "library 92.2% (25) · market only 7.8% (5) · …"."""
    if content.coverage is None:
        return ""
    return " · ".join(f"{r['source']} {format_percent(r['share'], 1, sign=False)} "
                      f"({r['holdings']})" for r in content.coverage.rows)


def _coverage_warning(result: Result, lang: str) -> str:
    shares = result.summary.coverage or {}
    if not warns(shares):
        return ""
    return text("coverage_warning", lang,
                share=format_percent(uncovered_share(shares), 1, sign=False))


def _holdings_table(result: Result, lang: str) -> Table:
    t = lambda key: text(key, lang)  # noqa: E731
    cols = (
        Column("ticker", t("col_ticker")), Column("name", t("col_name")),
        Column("shares", t("col_shares"), "shares"), Column("price", t("col_price"), "price"),
        Column("currency", t("col_currency")),
        Column("value_before", t("col_value_before"), "money"),
        Column("value_after", t("col_value_after"), "money"),
        Column("pnl", t("col_pnl"), "money"),
        Column("return_instant", t("col_return_instant"), "percent"),
        Column("return_horizon", t("col_return_horizon"), "percent"),
        Column("exposure", t("col_exposure")),
    )
    h = result.holdings
    sources = source_labels(h["exposure"], h["category"])
    rows = []
    for source, r in zip(sources, h.itertuples(index=False), strict=True):
        d = r._asdict()
        rows.append({
            "ticker": str(d["ticker"]),
            "name": display_name(str(d["name"]), str(d.get("name_ja") or ""), lang),
            "shares": float(d["shares"]),
            "price": float(d["price"]), "currency": str(d["currency"]),
            "value_before": float(d["value_before"]), "value_after": float(d["value_after"]),
            "pnl": float(d["pnl"]), "return_instant": float(d["return_instant"]),
            "return_horizon": float(d["return_horizon"]),
            "exposure": source_label(str(source), lang),
            "exposure_key": str(d["exposure"]),
            "value_horizon": float(d["value_horizon"]), "pnl_horizon": float(d["pnl_horizon"]),
            "category": str(d["category"]),
        })
    s = result.summary
    total = {"ticker": t("col_total"), "name": "", "value_before": s.value_before,
             "value_after": s.value_after, "pnl": s.pnl,
             "return_instant": s.return_instant, "return_horizon": s.return_horizon}
    return Table(cols, tuple(rows), total)


def _attribution_tables(result: Result, lang: str) -> tuple[Table, Table]:
    t = lambda key: text(key, lang)  # noqa: E731
    s = result.summary
    pnl, pnl_h = s.pnl, s.pnl_horizon
    cols = (Column("label", t("col_channel")), Column("pnl", t("col_day_one"), "money"),
            Column("share", t("col_share"), "percent"),
            Column("pnl_horizon", t("col_horizon"), "money"))
    history = result.kind == "history"
    # A replay's realised move is history, not the model's market channel.
    label = lambda ch: text("channel_realised", lang) if history and ch == "market" \
        else channel_label(ch, lang, form="long")  # noqa: E731
    rows = tuple({"channel": ch, "label": label(ch),
                  "pnl": s.attribution[ch],
                  "share": s.attribution[ch] / pnl + 0.0 if pnl else float("nan"),
                  "pnl_horizon": s.attribution_horizon[ch]} for ch in CHANNELS)
    channels = Table(cols, rows, {"label": t("col_total"), "pnl": pnl,
                                  "share": 1.0 if pnl else float("nan"), "pnl_horizon": pnl_h})

    short = {ch: channel_label(ch, lang, form="short") for ch in CHANNELS}
    if history:  # a replay's price move is realised, not the model's market channel
        short["market"] = text("channel_realised_short", lang)
    by_cols = (Column("ticker", t("col_ticker")),
               *(Column(ch, short[ch], "money") for ch in CHANNELS),
               Column("pnl", t("col_total"), "money"))
    h = result.holdings
    by_rows = []
    for r in h.itertuples(index=False):
        d = r._asdict()
        by_rows.append({"ticker": str(d["ticker"]), **{ch: float(d[f"attr_{ch}"])
                                                      for ch in CHANNELS},
                        "pnl": float(d["pnl"])})
    by_total = {"ticker": t("col_total"), **{ch: s.attribution[ch] for ch in CHANNELS},
                "pnl": pnl}
    return channels, Table(by_cols, tuple(by_rows), by_total)


def _demand_table(result: Result, lang: str) -> tuple[Table, Table]:
    keys = ("D", "G", "A", "I", "Q", "c")
    if not all(k in result.demand for k in keys):  # a replay has no demand chain
        keys = ()
    cols = (Column("quarter", text("col_quarter", lang), "text"),
            *(Column(k, text(f"demand_{k}", lang), "factor") for k in keys))
    rows = tuple({"quarter": int(q), **{k: float(result.demand[k][i]) for k in keys}}
                 for i, q in enumerate(result.quarters)) if keys else ()
    demand = Table(cols, rows)
    vcols = (Column("quarter", text("col_quarter", lang), "text"),
             Column("value", text("col_portfolio_value", lang), "money"))
    vrows = tuple({"quarter": int(q), "value": float(v)}
                  for q, v in zip(result.quarters, result.value_path, strict=True))
    return demand, Table(vcols, vrows)


def _replay_methodology(result: Result, lang: str) -> tuple[Section, ...]:
    h = result.history
    paras = [text("replay_text", lang)]
    window = "" if h is None else (load_event(h.event).window_note_ja if lang == "ja"
                                   else h.window)
    if window:
        paras.append(f"{text('replay_window', lang)}: {window}")
    if h is not None and h.no_data:
        paras.append(text("replay_no_data", lang, tickers=", ".join(h.no_data)))
    return (Section(text("h_replay", lang), tuple(paras)),)


def _methodology(result: Result, lang: str) -> tuple[Section, ...]:
    if result.kind == "history":
        return _replay_methodology(result, lang)
    s = result.scenario
    p = s.parameters
    st = result.settings
    T = s.horizon_q
    d = result.demand
    t = lambda key, **kw: text(key, lang, **kw)  # noqa: E731
    eps_l = p["elasticity_long"]
    jevons = t("meth_jevons_up") if eps_l > 1 else (
        t("meth_jevons_down") if eps_l < 1 else t("meth_jevons_flat"))
    sections = [
        Section(t("meth_h_chain"), (t("meth_chain"),)),
        Section(t("meth_h_cost"), (t("meth_cost", adoption=_pct(p["adoption"]),
                                     k=f"{p['efficiency_multiple']:g}",
                                     tau_a=_num(p["adoption_halflife_q"], 1),
                                     c0=_num(d["c"][0], 3), cT=_num(d["c"][-1], 3), T=T),),
                t("meth_cost_eq")),
        Section(t("meth_h_demand"), (t("meth_demand", eps_s=_num(p["elasticity_short"]),
                                       eps_l=_num(eps_l),
                                       tau_e=_num(p["elasticity_halflife_q"], 1),
                                       D0=_num(d["D"][0], 3), DT=_num(d["D"][-1], 3),
                                       jevons=jevons),),
                t("meth_demand_eq")),
        Section(t("meth_h_pools"), (t("meth_pools", pi=format_percent(p["gpu_price_change"], 1),
                                      sigma=_pct(p["asic_shift"]),
                                      g0=_pct(st.gpu_share_baseline),
                                      GT=_num(d["G"][-1], 3), AT=_num(d["A"][-1], 3),
                                      IT=_num(d["I"][-1], 3)),),
                t("meth_pools_eq")),
        Section(t("meth_h_company"), (t("meth_company", floor=_pct(st.earnings_floor)),),
                t("meth_company_eq")),
        Section(t("meth_h_value"), (t("meth_value", T=T, r=_pct(st.discount_rate),
                                      g=_pct(st.terminal_growth),
                                      s=_num(p["sentiment_shock"], 2),
                                      tau_s=_num(p["sentiment_halflife_q"], 2),
                                      sent0=_pct(math.exp(-p["sentiment_shock"])),
                                      M=format_percent(p["market_shock"], 1),
                                      base=result.currency,
                                      fx=format_percent(p["usd_jpy_change"], 1),
                                      p=_pct(p["priced_share"])),),
                t("meth_value_eq")),
        Section(t("meth_h_attribution"), (t("meth_attribution"),)),
    ]
    limits = [t("meth_limits")]
    dist = result.distribution
    if dist is not None:
        limits.append(t("meth_mc", draws=f"{dist.draws:,}", seed=dist.seed))
    sections.append(Section(t("meth_h_limits"), tuple(limits)))
    return tuple(sections)


def _bundle_source(ticker: str) -> str:
    from engine.marketdata import price_history, security_master

    sec = security_master().resolve(ticker).security
    symbol = sec.symbol if sec else ticker
    return "resources/marketdata/closes.npz: " + price_history().sources.get(symbol, "")


def _fx_rows(result: Result, currencies: set[str], t) -> list[dict[str, Any]]:
    """One row per currency other than the USD: its rate per USD on the day used."""
    from engine.marketdata import MarketDataError, fx_history
    from engine.marketdata.refresh import PriceCache, load_cache

    fx = fx_history()
    when = dt.date.fromisoformat(result.book.as_of) if result.book.as_of else None
    cache = load_cache() if when is None else PriceCache()
    rows = []
    for c in sorted(currencies - {"USD"}):
        try:
            rate, day = fx.rate(c, when)
        except MarketDataError:
            continue
        src = str(fx.sources.get(pd.Timestamp(day), ""))
        cached = cache.fx.get(c)
        if cached is not None and cached[1] > day:
            rate, day = cached
            src = "price refresh cache (Yahoo Finance daily close, 'jevons prices update')"
        where = src if src.startswith("price refresh") else f"resources/marketdata/fx.csv.gz: {src}"
        rows.append({"what": t("src_fx", pair=f"USD{c}", rate=f"{rate:g}"),
                     "source": where, "as_of": f"{day:%Y-%m-%d}"})
    return rows


def _sources(result: Result, lang: str, library: ExposureLibrary,
             snapshot: PriceSnapshot) -> Table:
    """The data rows this portfolio used: prices, FX, exposures, ETF baskets, categories."""
    t = lambda key, **kw: text(key, lang, **kw)  # noqa: E731
    rows: list[dict[str, Any]] = []
    h = result.holdings
    seen: set[str] = set()
    for r in h.itertuples(index=False):
        d = r._asdict()
        ticker = str(d["ticker"])
        if d["price_source"] == "cash" or ticker in seen:
            continue
        seen.add(ticker)
        what = t("src_price_file", ticker=ticker)
        if d["price_source"] == "snapshot" and ticker in snapshot.prices.index:
            row = snapshot.prices.loc[ticker]
            rows.append({"what": what, "source": f"resources/prices.csv: {row['source']}",
                         "as_of": str(row["as_of"]), "document": _document(str(row["source"])),
                         "subject": t("src_subject_price", ticker=ticker)})
        elif d["price_source"] == "bundle":
            source = _bundle_source(ticker)
            rows.append({"what": what, "source": source, "as_of": str(d["price_as_of"]),
                         "document": _document(source) or source,
                         "subject": t("src_subject_price", ticker=ticker)})
        elif d["price_source"] == "refresh":
            rows.append({"what": what, "source": "price refresh cache (Yahoo Finance daily "
                                                  "close, 'jevons prices update')",
                         "as_of": str(d["price_as_of"]),
                         "document": "price refresh cache (Yahoo Finance)",
                         "subject": t("src_subject_price", ticker=ticker)})
        else:
            rows.append({"what": what, "source": t("src_from_file"), "as_of": "",
                         "document": t("src_from_file"),
                         "subject": t("src_subject_price", ticker=ticker)})
    currencies = set(h["currency"]) | {result.currency}
    if not (h["price_source"] == "snapshot").any():
        rows += _fx_rows(result, currencies, t)
    else:
        for pair, row in snapshot.fx.iterrows():
            if {pair[:3], pair[3:]} <= currencies:
                rows.append({"what": t("src_fx", pair=pair, rate=f"{float(row['rate']):g}"),
                             "source": f"resources/fx.csv: {row['source']}",
                             "as_of": str(row["as_of"]),
                             "document": _document(str(row["source"])), "subject": pair})
    # A replay uses realised returns, not the exposure library.
    keys = () if result.kind == "history" else result.book.company_keys
    fields = FIELDS if result.distribution is not None else MODEL_FIELDS
    ex = library.exposures
    stocks = [k for k in keys if not k.startswith("category:") and k != "cash"]
    estimated = (getattr(result.book, "estimated", None) or {}) if keys else {}
    used = ex[ex["ticker"].isin(stocks) & ex["field"].isin(fields)].copy()
    # Fields estimated from prices replace the library's rows for them.
    replaced = [(k, f) for k, note in estimated.items() for f in note["fields"]]
    if replaced:
        pairs = pd.MultiIndex.from_tuples(replaced)
        used = used[~pd.MultiIndex.from_arrays([used["ticker"], used["field"]]).isin(pairs)]
    used["_t"] = used["ticker"].map({k: i for i, k in enumerate(stocks)})
    used["_f"] = used["field"].map({f: i for i, f in enumerate(fields)})
    for r in used.sort_values(["_t", "_f"]).itertuples(index=False):
        rows.append({"what": t("src_exposure", ticker=r.ticker, field=r.field,
                               value=f"{float(r.value):g}"),
                     "source": f"resources/exposures.csv: {r.source} ({r.confidence})",
                     "as_of": str(r.as_of),
                     "document": _document(str(r.source)) or t("src_judgement"),
                     "subject": str(r.ticker)})
    for key in stocks:
        note = estimated.get(key)
        if note is None:
            continue
        values = ", ".join(f"{f} {v:.3g}" for f, v in note["values"].items() if f in fields)
        rows.append({"what": f"{note['symbol']}: {values}", "source": note["source"],
                     "as_of": note["as_of"], "document": "engine/estimate.py",
                     "subject": str(note["symbol"])})
    etfs = [] if result.kind == "history" else [
        str(x) for x in dict.fromkeys(h["ticker"]) if x in set(library.etf_holdings["etf"])]
    for r in library.etf_holdings[library.etf_holdings["etf"].isin(etfs)].itertuples(index=False):
        rows.append({"what": t("src_etf", etf=r.etf, constituent=r.constituent,
                               weight=format_percent(float(r.weight), 2, sign=False)),
                     "source": f"resources/etf_holdings.csv: {r.source}", "as_of": str(r.as_of),
                     "document": _document(str(r.source)) or "resources/etf_holdings.csv",
                     "subject": str(r.etf)})
    cats = [k.split(":", 1)[1] for k in keys if k.startswith("category:")]
    cat_rows = library.categories[library.categories["category"].isin(cats)
                                  & library.categories["field"].isin(fields)]
    for r in cat_rows.itertuples(index=False):
        rows.append({"what": t("src_category", category=r.category, field=r.field,
                               value=f"{float(r.value):g}"),
                     "source": f"resources/categories.csv: {r.rationale}", "as_of": "",
                     "document": "resources/categories.csv", "subject": str(r.category)})
    hist = result.history
    if hist is not None:
        rows.append({"what": t("src_event", event=hist.title),
                     "source": f"resources/events/{hist.event}.csv", "as_of": hist.event})
        if hist.usd_jpy_source:
            rows.append({"what": f"USD/JPY {format_percent(hist.usd_jpy_change, 2)}",
                         "source": f"{hist.usd_jpy_source} ({hist.usd_jpy_confidence})",
                         "as_of": hist.event})
    else:
        rows.append({"what": t("src_settings"), "source": t("src_settings_where"),
                     "as_of": "", "document": "resources/model_settings.toml",
                     "subject": t("src_settings")})
    cols = (Column("what", t("col_what")), Column("source", t("col_source")),
            Column("as_of", t("col_as_of")))
    return Table(cols, tuple(rows))


# Filings and data sets named inside a source note: "NVIDIA 10-K FY2025 (…): …".
_FILING = re.compile(r"([A-Z][\w.&-]*(?: [A-Z][\w.&-]*){0,2}) "
                     r"(10-K|20-F|有価証券報告書|Annual Report)((?: FY)?(?: ?\d{4}))?")
_OTHER_DOC = re.compile(r"(FACTS\.md|heliar-k/[\w.-]+|(?<=github )[\w.-]+/[\w.-]+"
                        r"|[\w-]+(?:\.[\w-]+)*\.(?:com|org|io|net)|resources/[\w./-]+)")


def _document(source: str) -> str:
    """The document a source note cites ("NVIDIA 10-K FY2025"), or "" for a reasoned note."""
    filing = _FILING.search(source)
    if filing:
        return f"{filing.group(1)} {filing.group(2)}{filing.group(3) or ''}".strip()
    other = _OTHER_DOC.search(source)
    return other.group(1) if other else ""


#: A compact source table names this many subjects per document at most.
_SUBJECTS_SHOWN = 12


def _source_documents(sources: Table, lang: str) -> Table:
    """The sources table folded to one row per document: what it supports, and as of when.

    The per-number table (``sources``) stays for the spreadsheet and JSON; a
    printed report lists each document once.
    """
    groups: dict[str, dict[str, Any]] = {}
    for row in sources.rows:
        doc = row.get("document") or row["source"]
        g = groups.setdefault(doc, {"subjects": {}, "as_of": set(), "count": 0})
        g["count"] += 1
        subject = str(row.get("subject") or row["what"])
        g["subjects"][subject] = g["subjects"].get(subject, 0) + 1
        if row.get("as_of"):
            g["as_of"].add(str(row["as_of"]))
    rows = []
    for doc, g in groups.items():
        names = [f"{k} ×{n}" if n > 1 else k for k, n in g["subjects"].items()]
        shown = ", ".join(names[:_SUBJECTS_SHOWN])
        if len(names) > _SUBJECTS_SHOWN:
            shown += " " + text("src_more", lang, n=len(names) - _SUBJECTS_SHOWN)
        dates = sorted(g["as_of"])
        rows.append({"document": doc, "supports": shown, "count": g["count"],
                     "as_of": "" if not dates else dates[0] if len(dates) == 1
                     else f"{dates[0]} – {dates[-1]}"})
    cols = (Column("document", text("col_document", lang)),
            Column("supports", text("col_supports", lang)),
            Column("count", text("col_numbers", lang), "count"),
            Column("as_of", text("col_as_of", lang)))
    return Table(cols, tuple(rows))


def _distribution_section(result: Result, lang: str) -> DistributionSection | None:
    dist = result.distribution
    if dist is None:
        return None
    t = lambda key, **kw: text(key, lang, **kw)  # noqa: E731
    cols = (Column("label", t("col_statistic")), Column("value", t("col_value"), "money"))
    # VaR and ES as P&L: negative for a loss, like the mean and the percentiles beside them.
    stats = tuple({"key": k, "label": t(f"stat_{k}"),
                   "value": (-1.0 if k.startswith(("var", "es")) else 1.0)
                   * float(getattr(dist.money, k))} for k in _DIST_STATS)
    histogram = ([float(x) for x in dist.histogram.edges], [int(c) for c in dist.histogram.counts])
    tornado = None
    bars = result.drivers.bars if result.drivers is not None else ()
    if bars:
        share = any(b.variance_share is not None for b in bars)
        tcols = (Column("label", t("col_parameter")), Column("low", t("col_low"), "number"),
                 Column("high", t("col_high"), "number"),
                 Column("pnl_low", t("col_pnl_low"), "money"),
                 Column("pnl_high", t("col_pnl_high"), "money"),
                 Column("swing", t("col_swing"), "money"))
        if share:
            tcols += (Column("variance_share", t("col_variance_share"), "share"),)
        trows = []
        for bar in bars:
            row = {"parameter": bar.parameter, "label": parameter_label(bar.parameter, lang),
                   "low": bar.low_value, "high": bar.high_value, "pnl_low": bar.pnl_low,
                   "pnl_high": bar.pnl_high, "swing": abs(bar.pnl_high - bar.pnl_low)}
            if share:
                row["variance_share"] = bar.variance_share
            trows.append(row)
        trows.sort(key=lambda r: -r["swing"])
        tornado = Table(tcols, tuple(trows))
    return DistributionSection(dist.draws, dist.seed, Table(cols, stats), histogram, tornado,
                               t("distribution_note", draws=f"{dist.draws:,}", seed=dist.seed),
                               bars=bars, base_pnl=result.summary.pnl_horizon,
                               distribution=dist)


def _parameter_value(name: str, value: float | None) -> str:
    return "—" if value is None else parameter(name).value_text(value)


def _sensitivity_section(result: Result, lang: str) -> SensitivitySection | None:
    grid = result.heatmap
    rs = result.reverse_stress
    if grid is None and rs is None:
        return None
    t = lambda key, **kw: text(key, lang, **kw)  # noqa: E731
    questions = None
    answers: tuple[str, ...] = ()
    if rs is not None and rs.questions:
        qcols = (Column("label", t("col_parameter")), Column("who", t("col_of")),
                 Column("target", t("col_target"), "percent"),
                 Column("answer", t("col_answer")),
                 Column("reached_low", t("col_reached_low"), "percent"),
                 Column("reached_high", t("col_reached_high"), "percent"))
        rows = []
        for q in rs.questions:
            name = q.parameter
            rows.append({"parameter": name, "label": parameter_label(name, lang),
                         "who": q.holding or t("rs_portfolio"),
                         "target": q.target_return,
                         "answer": (", ".join(_parameter_value(name, v) for v in q.solutions)
                                    if q.found else t("rs_no_value")),
                         "value": q.solutions[0] if q.found else None,
                         "reached_low": q.reached[0], "reached_high": q.reached[1]})
        questions = Table(qcols, tuple(rows))
        answers = tuple(answer_text(q, lang) for q in rs.questions)
    break_even = None
    if rs is not None and rs.break_even:
        bcols = (Column("ticker", t("col_ticker")),
                 Column("value_text", t("col_break_even")),
                 Column("reached_low", t("col_reached_low"), "percent"),
                 Column("reached_high", t("col_reached_high"), "percent"))
        break_even = Table(bcols, tuple(
            {"ticker": b.ticker, "value": b.value,
             "value_text": (_parameter_value("elasticity_long", b.value)
                            if b.value is not None else t("rs_no_value")),
             "reached_low": b.reached[0], "reached_high": b.reached[1]}
            for b in rs.break_even))
    return SensitivitySection(grid, questions, answers, break_even)


def model_check_section(check: Any, lang: str, holdings: Sequence[str] | None = None,
                        event_date: str = DEFAULT_EVENT) -> ModelCheckSection | None:
    """Predicted vs realised day-one returns, with the error and the rank agreement.

    ``check`` is a DataFrame (or anything with ``to_frame()``, or a list of
    mappings) with columns ``ticker``, ``predicted`` and ``realised``
    (fractions; ``realised`` NaN when the day has no data for that ticker).
    ``holdings`` lists the portfolio's tickers so that the ones without a
    realised return can be named.  Returns ``None`` when nothing can be
    compared.
    """
    if check is None:
        return None
    event_date = str(getattr(check, "event_date", event_date))
    notes = check.notes_in(lang) if isinstance(check, ModelCheck) else ()
    if isinstance(getattr(check, "table", None), pd.DataFrame):  # engine.modelcheck.ModelCheck
        check = check.table
    elif hasattr(check, "to_frame"):
        check = check.to_frame()
    frame = check if isinstance(check, pd.DataFrame) else pd.DataFrame(list(check))
    frame = frame.drop_duplicates("ticker")
    have = frame[np.isfinite(frame["realised"].astype(float))
                 & np.isfinite(frame["predicted"].astype(float))]
    missing = tuple(str(x) for x in dict.fromkeys(holdings or frame["ticker"])
                    if str(x) not in set(have["ticker"].astype(str)))
    if have.empty:
        return None
    pred = have["predicted"].to_numpy(float)
    real = have["realised"].to_numpy(float)
    err = pred - real
    n = len(have)
    rank = spearman(pred, real)  # the model check's own statistic
    hits = int(np.sum(np.sign(pred) == np.sign(real)))
    mae = float(np.mean(np.abs(err)))
    t = lambda key, **kw: text(key, lang, **kw)  # noqa: E731
    cols = (Column("ticker", t("col_ticker")), Column("predicted", t("col_predicted"), "percent"),
            Column("realised", t("col_realised"), "percent"),
            Column("error", t("col_error"), "percent"))
    rows = tuple({"ticker": str(tk), "predicted": float(p), "realised": float(r),
                  "error": float(e)}
                 for tk, p, r, e in zip(have["ticker"], pred, real, err, strict=True))
    rank_text = "—" if math.isnan(rank) else format_number(rank, 2)
    return ModelCheckSection(
        event_date, Table(cols, rows), n, mae, rank, hits, t("model_check_intro", event=_event_title(event_date, lang)),
        t("model_check_summary", n=n, mae=format_percent(mae, 2, sign=False), rank=rank_text,
          hits=hits),
        missing, t("model_check_missing", tickers=", ".join(missing)) if missing else "",
        notes)


def _event_title(date: str, lang: str) -> str:
    """The title an event's file gives it, in ``lang``."""
    event = load_event(date)
    return (event.title_ja or event.title) if lang == "ja" else event.title


def default_model_check(result: Result) -> Any:
    """The per-holding model check a result carries (or its reference check), or ``None``."""
    from engine.modelcheck import reference_check

    check = result.model_check or reference_check(result)
    return None if check is None else check.holdings


def default_validation(result: Result) -> Any:
    """The validation a result carries, else the shipped data's, or ``None``."""
    from engine.validation import Validation, shipped_validation

    if isinstance(result.validation, Validation):
        return result.validation
    return shipped_validation()


def _generation_time() -> dt.datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set (reproducible output, as in reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now().astimezone()


def _stamp(result: Result, generated: dt.datetime) -> Stamp:
    dist = result.distribution
    return Stamp(__version__, generated.isoformat(timespec="seconds"),
                 result.book.portfolio.source_sha256, result.scenario.source_sha256,
                 result.scenario.fingerprint(), None if dist is None else dist.seed,
                 1 if dist is None else dist.draws)


def build_report(result: Result, lang: str = "en", *, model_check: Any = "auto",
                 validation: Any = "auto",
                 generated: dt.datetime | None = None,
                 library: ExposureLibrary | None = None,
                 snapshot: PriceSnapshot | None = None) -> ReportContent:
    """The report content of ``result`` in ``lang`` ("en" or "ja").

    ``model_check`` (see :func:`model_check_section`) adds the model-check
    section; by default (``"auto"``) the reference preset ``deepseek-r1`` is
    checked against its day, per holding (:mod:`engine.modelcheck`), and other
    scenarios have none; ``None`` leaves it out.  ``validation`` (an
    :class:`engine.validation.Validation`) adds the appendix that sets every
    preset beside naive baselines on every documented event; by default the
    result's own validation, else the one of the shipped data (computed once
    per process; none without the bundled price history); ``None`` leaves it
    out.  ``generated`` fixes the report's time stamp (default: now).
    """
    if isinstance(model_check, str) and model_check == "auto":
        model_check = default_model_check(result)
    if isinstance(validation, str) and validation == "auto":
        validation = default_validation(result)
    text("report_title", lang, scenario="")  # validates lang
    generated = generated or _generation_time()
    library = library or load_library()
    snapshot = snapshot or load_snapshot()
    s = result.scenario
    title_ja = s.title_ja or s.title or s.name
    scenario_title = title_ja if lang == "ja" else (s.title or s.name)
    story = (s.story_ja or s.story) if lang == "ja" else s.story
    channels, by_holding = _attribution_tables(result, lang)
    demand, value_path = _demand_table(result, lang)
    portfolio = result.book.portfolio
    # unpriced holdings and stale closes first: they change what the totals cover
    notes = tuple(result.book.warnings) + tuple(str(n) for n in portfolio.notes)
    check = model_check_section(model_check, lang, list(result.holdings["ticker"]))
    history = result.kind == "history"
    title = (text("replay_title", lang, scenario=scenario_title, event=scenario_title)
             if history else text("report_title", lang, scenario=scenario_title))
    sources = _sources(result, lang, library, snapshot)
    return ReportContent(
        lang=lang,
        title=title,
        subtitle=text("app_line", lang, version=__version__),
        date=generated.date(),
        portfolio_name=portfolio.name,
        portfolio_file=portfolio.source,
        currency=result.currency,
        scenario_name=s.name,
        scenario_title=scenario_title,
        scenario_story=story,
        parameters=() if history else _parameter_rows(result, lang),
        kpis=_kpis(result, lang),
        holdings=_holdings_table(result, lang),
        coverage=_coverage_table(result, lang),
        coverage_warning=_coverage_warning(result, lang),
        attribution=channels,
        attribution_by_holding=by_holding,
        demand=demand,
        value_path=value_path,
        methodology=_methodology(result, lang),
        sources=sources,
        source_documents=_source_documents(sources, lang),
        movers=_movers_table(result, lang),
        notes=notes,
        stamp=_stamp(result, generated),
        disclaimer=text("disclaimer", lang),
        distribution=_distribution_section(result, lang),
        model_check=check,
        sensitivity=_sensitivity_section(result, lang),
        validation=None if validation is None else report_section(validation, lang),
        result=result,
    )


def report_section(v: Any, lang: str = "en") -> ValidationSection:
    """The validation (:class:`engine.validation.Validation`) as a report appendix.

    One table per event (every preset and baseline: Spearman, sign agreement,
    mean absolute error; the event's own preset marked *), the event's place
    against the calibration period, and a line naming the baselines that rank
    the day better than the event's preset, or saying none does.
    """
    from engine.estimate import WINDOW
    from engine.formatting import format_date
    from engine.validation import CALIBRATION_END

    def t(key: str, **fields: object) -> str:
        return text(key, lang, **fields)

    cutoff = format_date(CALIBRATION_END, lang)
    cols = (Column("label", t("col_model_or_baseline")),
            Column("spearman", t("col_spearman"), "factor"),
            Column("sign", t("col_sign_agreement"), "share"),
            Column("mae", t("col_mae"), "share"))
    events = []
    for e in v.events:
        rows = [{"label": t("validation_model", preset=p)
                 + (" *" if p == e.matching_preset else ""),
                 "spearman": s["spearman"], "sign": s["sign_agreement"], "mae": s["mae"]}
                for p, s in e.presets.items()]
        rows += [{"label": t("validation_baseline", baseline=t(f"baseline_{b}")),
                  "spearman": s["spearman"], "sign": s["sign_agreement"], "mae": s["mae"]}
                 for b, s in e.baselines.items()]
        wins = e.to_dict().get("baselines_that_win") or []
        notes = [t("validation_in_sample" if dt.date.fromisoformat(e.date) <= CALIBRATION_END
                   else "validation_out_of_sample", cutoff=cutoff)]
        if e.matching_preset:
            notes.append(t("validation_wins", baselines=", ".join(
                t(f"baseline_{b}") for b in wins)) if wins else t("validation_holds"))
        events.append(ValidationEvent(
            t("validation_event", event=_validated_event_title(e, lang), names=e.names,
              window=e.window.replace(" to ", "〜") if lang == "ja" else e.window),
            Table(cols, tuple(rows)), tuple(notes)))
    return ValidationSection(t("h_validation"), (t("validation_intro", window=WINDOW),),
                             tuple(events))


def _validated_event_title(e: Any, lang: str) -> str:
    """The title the event's file gives it, in ``lang``, with its date when the title has none."""
    from engine.errors import InputError
    from engine.formatting import format_date

    day = format_date(dt.date.fromisoformat(e.date), lang)
    try:
        event = load_event(e.date)
        title = ((event.title_ja or event.title) if lang == "ja" else event.title) or ""
    except InputError:
        title = ""
    title = title or e.name
    return title if day in title else f"{day} {title}"
