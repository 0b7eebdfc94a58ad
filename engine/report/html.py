"""The HTML report: one self-contained file that prints well.

Charts arrive as image bytes (drawn by the app's chart code on the Qt side)
and are embedded as ``data:`` URIs; the page loads nothing from anywhere
(a Content-Security-Policy says so to the browser).  Every string from the
user or the data files goes through :func:`html.escape`.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from html import escape

from engine.report.content import CHART_TOP_HOLDINGS, ReportContent, Table

__all__ = ["CHART_KEYS", "to_html_bytes"]

#: Charts a report can carry, keyed as the writers and the chart renderer agree.
CHART_KEYS = ("attribution", "value_path", "demand", "distribution", "tornado", "heatmap",
              "model_check")

_CSS = """
:root { --ink:#1b2330; --muted:#5b6675; --rule:#cfd6df; --head:#eef2f7; --neg:#b42318;
        --pos:#17723a; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", "Hiragino Sans", "Yu Gothic", "IPAGothic", "Noto Sans CJK JP",
       Helvetica, Arial, sans-serif; color: var(--ink); margin: 2rem auto; max-width: 68rem;
       padding: 0 1.5rem; font-size: 14px; line-height: 1.45; }
h1 { font-size: 1.7rem; margin: 0 0 .2rem; }
h2 { font-size: 1.2rem; border-bottom: 2px solid var(--ink); padding-bottom: .2rem;
     margin-top: 2rem; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 1rem; margin: 1.2rem 0 .3rem; break-after: avoid; }
.sub, .note, .muted { color: var(--muted); }
.note { font-size: .85rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr));
        gap: .6rem; margin: 1rem 0; }
.kpi { border: 1px solid var(--rule); border-radius: 6px; padding: .5rem .7rem;
       break-inside: avoid; }
.kpi .label { font-size: .8rem; color: var(--muted); }
.kpi .value { font-size: 1.25rem; font-weight: 600; font-variant-numeric: tabular-nums; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .85rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .25rem .45rem; vertical-align: top; }
th { background: var(--head); text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
.neg { color: var(--neg); }
.pos { color: var(--pos); }
figure { margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--rule); }
figcaption { font-size: .85rem; color: var(--muted); }
.eq { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .85rem;
      background: var(--head); padding: .3rem .5rem; overflow-wrap: anywhere; }
.story { font-size: 1.05rem; font-style: italic; }
.disclaimer { border: 1px solid var(--rule); background: #fbf7e9; padding: .6rem .8rem;
              font-size: .85rem; margin-top: 2rem; }
.stamp td { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .8rem;
            overflow-wrap: anywhere; }
td.src { overflow-wrap: anywhere; }
@media print {
  @page { size: %(paper)s; margin: 14mm 12mm 16mm; }
  body { margin: 0; max-width: none; padding: 0; font-size: 9.5pt; }
  thead { display: table-header-group; }
  tr, .kpi { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-before: auto; }
  section.break { break-before: page; page-break-before: always; }
  a { color: inherit; text-decoration: none; }
}
"""


def _cell(content: ReportContent, value: object, kind: str, currency: str | None = None) -> str:
    text = escape(content.format(value, kind, currency=currency))
    if kind in ("money", "percent") and isinstance(value, int | float) and value == value:
        cls = "num neg" if value < 0 else "num"
        return f'<td class="{cls}">{text}</td>'
    if kind != "text":
        return f'<td class="num">{text}</td>'
    return f"<td>{text}</td>"


def _table(content: ReportContent, table: Table, css: str = "",
           text_class: dict[str, str] | None = None) -> str:
    head = "".join(f'<th class="{"num" if c.kind != "text" else ""}">{escape(c.label)}</th>'
                   for c in table.columns)
    body = []
    for r in table.rows:
        cells = []
        for c in table.columns:
            if c.kind == "price":
                cells.append(_cell(content, r.get(c.key), "price", r.get("currency")))
            elif c.kind == "text" and text_class and c.key in text_class:
                cells.append(f'<td class="{text_class[c.key]}">'
                             f'{escape(str(r.get(c.key, "")))}</td>')
            else:
                cells.append(_cell(content, r.get(c.key), c.kind))
        body.append("<tr>" + "".join(cells) + "</tr>")
    if table.total:
        cells = []
        for c in table.columns:
            v = table.total.get(c.key)
            cells.append("<td></td>" if v is None else _cell(content, v, c.kind))
        body.append('<tr class="total">' + "".join(cells) + "</tr>")
    return (f'<table class="{css}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def _figure(charts: Mapping[str, tuple[str, bytes]], key: str, caption: str) -> str:
    if key not in charts:
        return ""
    mime, data = charts[key]
    if mime not in ("image/png", "image/svg+xml"):
        raise ValueError(f"chart {key!r} has an unsupported type {mime!r}")
    uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return (f'<figure><img src="{uri}" alt="{escape(caption)}">'
            f"<figcaption>{escape(caption)}</figcaption></figure>")


def to_html_bytes(content: ReportContent, charts: Mapping[str, tuple[str, bytes]] | None = None,
                  *, paper: str = "A4") -> bytes:
    """The report as one UTF-8 HTML page.

    ``charts`` maps keys of :data:`CHART_KEYS` to ``(mime type, bytes)``
    (PNG or SVG); a chart that is absent is simply left out.  ``paper`` is
    the CSS page size for printing ("A4" or "letter").
    """
    charts = charts or {}
    c = content
    t = c.t
    e = escape
    out: list[str] = []
    add = out.append
    add(f'<!DOCTYPE html>\n<html lang="{e(c.lang)}"><head><meta charset="utf-8">')
    add('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        'img-src data:; style-src \'unsafe-inline\'">')
    add('<meta name="viewport" content="width=device-width, initial-scale=1">')
    add(f'<meta name="generator" content="{e(c.subtitle)}">')
    css = _CSS.replace("%(paper)s", "letter" if paper.lower() == "letter" else "A4")
    add(f"<title>{e(c.title)}</title><style>{css}</style></head><body>")
    add(f'<header><h1>{e(c.title)}</h1><p class="sub">{e(c.subtitle)}</p>')
    meta = [(t("portfolio"), c.portfolio_name), (t("file"), c.portfolio_file or t("no_file")),
            (t("date"), _date(c)),
            (t("base_currency"), c.currency),
            (t("scenario"), f"{c.scenario_title} ({c.scenario_name})"),
            (t("prices_as_of"), _date(c, c.result.summary.price_as_of)
             if c.result is not None else "")]
    add('<dl class="meta">' + "".join(f"<dt>{e(k)}</dt><dd>{e(str(v))}</dd>" for k, v in meta)
        + "</dl></header>")
    add(f'<p class="story">{e(c.scenario_story)}</p>')

    add(f'<section><h2>{e(t("h_summary"))}</h2><div class="kpis">')
    for k in c.kpis:
        value = c.format(k.value, k.kind)
        neg = isinstance(k.value, int | float) and k.kind in ("money", "percent") and k.value < 0
        add(f'<div class="kpi"><div class="label">{e(k.label)}</div>'
            f'<div class="value{" neg" if neg else ""}">{e(value)}</div></div>')
    add("</div>")
    add(f'<h3>{e(t("h_attribution"))}</h3>')
    add(_table(c, c.attribution))
    add(f'<p class="note">{e(t("attribution_note"))}</p>')
    top = CHART_TOP_HOLDINGS
    add(_figure(charts, "attribution", t("chart_attribution") if len(c.holdings.rows) <= top
                else t("chart_attribution_top", n=top)))
    add("</section>")

    if c.notes:
        add(f'<section><h2>{e(t("h_notes"))}</h2><ul>'
            + "".join(f"<li>{e(n)}</li>" for n in c.notes) + "</ul></section>")

    add(f'<section><h2>{e(t("h_scenario"))}</h2>')
    pt = "" if not c.parameters else ("<table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in (
        t("col_parameter"), t("col_symbol"), t("col_value"), t("col_distribution"),
        t("col_meaning"))) + "</tr></thead><tbody>")
    for p in c.parameters:
        pt += (f"<tr><td>{e(p.label)}</td><td>{e(p.symbol)}</td>"
               f'<td class="num">{e(p.value_text)}</td>'
               f"<td>{e(p.distribution or t('uncertain_none'))}</td>"
               f"<td>{e(p.description)}</td></tr>")
    add((pt + "</tbody></table>" if pt else "") + "</section>")

    add(f'<section class="break"><h2>{e(t("h_holdings"))}</h2>')
    add(f'<p class="note">{e(t("holdings_note", currency=c.currency))}</p>')
    add(_table(c, c.holdings))
    add(f'<h3>{e(t("h_attribution_holdings"))}</h3>')
    add(_table(c, c.attribution_by_holding))
    add("</section>")

    if c.demand.rows:
        add(f'<section><h2>{e(t("h_value_path"))}</h2>')
        add(_figure(charts, "value_path", t("chart_value_path")))
        add(f'<h3>{e(t("h_demand"))}</h3>')
        add(_figure(charts, "demand", t("chart_demand")))
        add(_table(c, c.demand))
        add(f'<p class="note">{e(t("demand_note"))}</p></section>')

    d = c.distribution
    if d is not None:
        add(f'<section><h2>{e(t("h_distribution"))}</h2><p class="note">{e(d.note)}</p>')
        add(_table(c, d.stats))
        add(_figure(charts, "distribution", t("chart_distribution")))
        if d.tornado is not None:
            add(f'<h3>{e(t("h_tornado"))}</h3>')
            add(_figure(charts, "tornado", t("chart_tornado")))
            add(_table(c, d.tornado))
        add("</section>")

    sv = c.sensitivity
    if sv is not None:
        add(f'<section><h2>{e(t("h_sensitivity"))}</h2>')
        if sv.grid is not None:
            add(f'<h3>{e(t("h_heatmap"))}</h3>')
            add(_figure(charts, "heatmap", t("chart_heatmap")))
        if sv.questions is not None:
            add(f'<h3>{e(t("h_reverse"))}</h3><p class="note">{e(t("reverse_note"))}</p>')
            add("<ul>" + "".join(f"<li>{e(a)}</li>" for a in sv.answers) + "</ul>")
            add(_table(c, sv.questions))
        if sv.break_even is not None:
            add(f'<h3>{e(t("h_break_even"))}</h3><p class="note">{e(t("break_even_note"))}</p>')
            add(_table(c, sv.break_even))
        add("</section>")

    mc = c.model_check
    if mc is not None:
        add(f'<section><h2>{e(t("h_model_check"))}</h2><p>{e(mc.intro)}</p>')
        add(f"<p><strong>{e(mc.summary)}</strong></p>")
        add(_figure(charts, "model_check", t("h_model_check")))
        add(_table(c, mc.table))
        for line in ((mc.missing_text,) if mc.missing_text else ()) + mc.notes:
            add(f'<p class="note">{e(line)}</p>')
        add("</section>")

    add(f'<section class="break"><h2>{e(t("h_methodology"))}</h2>')
    for s in c.methodology:
        add(f"<h3>{e(s.heading)}</h3>" + "".join(f"<p>{e(p)}</p>" for p in s.paragraphs))
        if s.equation:
            add(f'<p class="eq">{e(s.equation)}</p>')
    add("</section>")

    add(f'<section><h2>{e(t("h_sources"))}</h2><p class="note">{e(t("sources_intro"))}</p>')
    add(_table(c, c.sources, text_class={"source": "src"}))
    add("</section>")

    add(f'<section><h2>{e(t("h_reproducibility"))}</h2><table class="stamp"><tbody>')
    add("".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in c.stamp.rows(c.lang)))
    add("</tbody></table></section>")
    add(f'<p class="disclaimer">{e(c.disclaimer)}</p>')
    add("</body></html>\n")
    return "".join(out).encode("utf-8")


def _date(content: ReportContent, iso: str | None = None) -> str:
    from engine.formatting import format_date

    return format_date(iso if iso is not None else content.date, content.lang)
