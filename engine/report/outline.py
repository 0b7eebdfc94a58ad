"""The report as an outline of typed blocks, in reading order.

:func:`outline` turns a :class:`~engine.report.content.ReportContent` into a
tuple of blocks (title, headings, paragraphs, key figures, tables, figures,
page breaks).  The HTML writer (:mod:`engine.report.html`) and the PDF
writer (``gui.report_pdf``) are renderers of this one outline, so the two
formats show the same things in the same order; only how a block looks
differs.  Like pyqtgraph's exporters: one interface, small renderers.

Page one stands alone: title, key figures, coverage, the attribution chart
and the biggest movers.  Layout hints a paged writer may use (relative
column widths, type size, a soft page break) travel on the blocks; the HTML
renderer ignores them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from engine.report.content import (
    CHART_TOP_HOLDINGS,
    Column,
    Kpi,
    ReportContent,
    Table,
    coverage_line,
)

__all__ = [
    "Block",
    "Figure",
    "Heading",
    "KeyFigures",
    "KeyValues",
    "PageBreak",
    "Paragraph",
    "TableBlock",
    "Title",
    "outline",
]

@dataclass(frozen=True)
class Title:
    """The report's title line and the app line above it."""

    text: str
    subtitle: str


@dataclass(frozen=True)
class Heading:
    """A section (level 1) or sub-section (level 2) heading."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """Text in one of a few styles.

    ``style``: ``body``, ``story`` (the scenario's one-line story), ``note``
    (muted small print), ``strong``, ``warning`` (the coverage warning),
    ``bullet``, ``equation`` (monospaced), ``disclaimer``.
    """

    text: str
    style: str = "body"


@dataclass(frozen=True)
class KeyValues:
    """Label–value pairs: the cover's facts (``meta``) or the reproducibility stamp (``stamp``)."""

    rows: tuple[tuple[str, str], ...]
    style: str = "meta"


@dataclass(frozen=True)
class KeyFigures:
    """The key figures as cards."""

    kpis: tuple[Kpi, ...]


@dataclass(frozen=True)
class TableBlock:
    """A table; ``title`` names it where it continues on a new page.

    ``widths`` (column key → relative width) and ``size`` (points) are hints
    for a paged writer.
    """

    table: Table
    title: str
    widths: Mapping[str, float] = field(default_factory=dict)
    size: float = 7.5


@dataclass(frozen=True)
class Figure:
    """A chart by key (:data:`engine.report.html.CHART_KEYS`); left out when not drawn."""

    key: str
    caption: str


@dataclass(frozen=True)
class PageBreak:
    """A new page; ``soft``: only when little room is left on the current one."""

    soft: bool = False


Block = Title | Heading | Paragraph | KeyValues | KeyFigures | TableBlock | Figure | PageBreak


def _parameter_table(c: ReportContent) -> Table:
    t = c.t
    cols = (Column("label", t("col_parameter")), Column("symbol", t("col_symbol")),
            Column("value_text", t("col_value")), Column("distribution", t("col_distribution")),
            Column("description", t("col_meaning")))
    rows = tuple({"label": p.label, "symbol": p.symbol, "value_text": p.value_text,
                  "distribution": p.distribution or t("uncertain_none"),
                  "description": p.description} for p in c.parameters)
    return Table(cols, rows)


def outline(c: ReportContent) -> tuple[Block, ...]:
    """The report's blocks in reading order (see the module docstring)."""
    from engine.formatting import format_date

    t = c.t
    s = c.result.summary if c.result is not None else None
    blocks: list[Block] = [
        Title(c.title, c.subtitle),
        KeyValues(((t("portfolio"), c.portfolio_name),
                   (t("file"), c.portfolio_file or t("no_file")),
                   (t("date"), format_date(c.date, c.lang)),
                   (t("base_currency"), c.currency),
                   (t("scenario"), f"{c.scenario_title} ({c.scenario_name})"),
                   (t("prices_as_of"), format_date(s.price_as_of, c.lang) if s else ""))),
        Paragraph(c.scenario_story, "story"),
        Paragraph(c.disclaimer, "disclaimer"),
        # -- page one: stands alone ------------------------------------------------
        Heading(t("h_summary")),
        KeyFigures(c.kpis),
    ]
    if c.coverage is not None and c.coverage.rows:
        blocks.append(Paragraph(f"{t('coverage_lead')} {coverage_line(c)}"))
        if c.coverage_warning:
            blocks.append(Paragraph(c.coverage_warning, "warning"))
    n = len(c.holdings.rows)
    blocks.append(Figure("attribution", t("chart_attribution") if n <= CHART_TOP_HOLDINGS
                         else t("chart_attribution_top", n=CHART_TOP_HOLDINGS - 1)))
    if c.movers is not None and c.movers.rows:
        blocks += [Heading(t("h_movers"), 2),
                   TableBlock(c.movers, t("h_movers"), {"ticker": 12, "name": 40}, 8)]
    # -- attribution, scenario, notes --------------------------------------------------
    blocks += [PageBreak(),
               Heading(t("h_attribution")),
               TableBlock(c.attribution, t("h_attribution"),
                          {"label": 46, "pnl": 18, "share": 14, "pnl_horizon": 18}, 8.5),
               Paragraph(t("attribution_note"), "note")]
    if c.parameters:  # a replay has no scenario parameters
        blocks += [Heading(t("h_scenario")),
                   Paragraph(f"{c.scenario_title} ({c.scenario_name})", "strong"),
                   Paragraph(c.scenario_story),
                   TableBlock(_parameter_table(c), t("h_scenario"),
                              {"label": 18, "symbol": 6, "value_text": 9, "distribution": 22,
                               "description": 45}, 8)]
    if c.notes:
        blocks.append(Heading(t("h_notes"), 2))
        blocks += [Paragraph(note, "bullet") for note in c.notes]
    # -- paths (a replay has none) ---------------------------------------------------
    if c.demand.rows:
        blocks += [Heading(t("h_value_path")),
                   Figure("value_path", t("chart_value_path")),
                   Heading(t("h_demand"), 2),
                   Figure("demand", t("chart_demand")),
                   TableBlock(c.demand, t("h_demand"), size=7.5),
                   Paragraph(t("demand_note"), "note")]
    # -- holdings ------------------------------------------------------------------------
    blocks += [PageBreak(),
               Heading(t("h_holdings")),
               Paragraph(t("holdings_note", currency=c.currency), "note"),
               TableBlock(c.holdings, t("h_holdings"), _HOLDINGS_WIDTHS, 7),
               Heading(t("h_attribution_holdings"), 2),
               Paragraph(t("attribution_note"), "note"),
               TableBlock(c.attribution_by_holding, t("h_attribution_holdings"),
                          {"ticker": 10}, 7)]
    blocks += _optional_sections(c)
    blocks += _validation(c)
    # -- appendix: follows on (a forced break could leave a page with two lines) -------
    blocks += [PageBreak(soft=True), Heading(t("h_methodology"))]
    for section in c.methodology:
        blocks.append(Heading(section.heading, 2))
        blocks += [Paragraph(p) for p in section.paragraphs]
        if section.equation:
            blocks.append(Paragraph(section.equation, "equation"))
    documents = c.source_documents if c.source_documents is not None else c.sources
    blocks += [Heading(t("h_sources")),
               Paragraph(t("sources_intro_documents"), "note"),
               TableBlock(documents, t("h_sources"),
                          {"document": 34, "supports": 52, "as_of": 14}, 7),
               Heading(t("h_reproducibility")),
               KeyValues(tuple(c.stamp.rows(c.lang)), "stamp"),
               Paragraph(c.disclaimer, "disclaimer")]
    return tuple(blocks)


#: The holdings table's text columns, relative widths.
_HOLDINGS_WIDTHS: Mapping[str, float] = MappingProxyType({"ticker": 7.5, "name": 17,
                                                          "currency": 4.5, "exposure": 8})


def _validation(c: ReportContent) -> list[Block]:
    """Every preset beside naive baselines on every documented event (engine.validation)."""
    v = c.validation
    if v is None or not v.events:
        return []
    blocks: list[Block] = [Heading(v.heading), *(Paragraph(p) for p in v.intro)]
    for event in v.events:
        blocks += [Heading(event.title, 2),
                   TableBlock(event.table, event.title,
                              {"label": 40, "spearman": 20, "sign": 20, "mae": 20}, 8)]
        blocks += [Paragraph(note, "note") for note in event.notes]
    return blocks


def _optional_sections(c: ReportContent) -> list[Block]:
    t = c.t
    blocks: list[Block] = []
    d = c.distribution
    if d is not None:
        blocks += [Heading(t("h_distribution")), Paragraph(d.note, "note"),
                   TableBlock(d.stats, t("h_distribution"), {"label": 60, "value": 40}, 8.5),
                   Figure("distribution", t("chart_distribution"))]
        if d.tornado is not None:
            blocks += [Heading(t("h_tornado"), 2), Figure("tornado", t("chart_tornado")),
                       TableBlock(d.tornado, t("h_tornado"), {"label": 30}, 8)]
    sv = c.sensitivity
    if sv is not None:
        blocks.append(Heading(t("h_sensitivity")))
        if sv.grid is not None:
            blocks += [Heading(t("h_heatmap"), 2), Figure("heatmap", t("chart_heatmap"))]
        if sv.questions is not None:
            blocks += [Heading(t("h_reverse"), 2), Paragraph(t("reverse_note"), "note")]
            blocks += [Paragraph(a, "bullet") for a in sv.answers]
            blocks.append(TableBlock(sv.questions, t("h_reverse"),
                                     {"label": 22, "who": 14, "answer": 22}, 7.5))
        if sv.break_even is not None:
            blocks += [Heading(t("h_break_even"), 2), Paragraph(t("break_even_note"), "note"),
                       TableBlock(sv.break_even, t("h_break_even"), size=7.5)]
    mc = c.model_check
    if mc is not None:
        blocks += [Heading(t("h_model_check")), Paragraph(mc.intro),
                   Paragraph(mc.summary, "strong"),
                   Figure("model_check", t("h_model_check")),
                   TableBlock(mc.table, t("h_model_check"), size=8)]
        blocks += [Paragraph(line, "note")
                   for line in ((mc.missing_text,) if mc.missing_text else ()) + mc.notes]
    return blocks
