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

from engine.report.content import ReportContent, Table

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
.warning { font-weight: bold; color: #9a4a00; }
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
ul.bullet { margin: .2rem 0; }
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
    add(_render(c, charts))
    add("</body></html>\n")
    return "".join(out).encode("utf-8")


_TEXT_CLASS = {"supports": "src", "source": "src"}


def _render(c: ReportContent, charts: Mapping[str, tuple[str, bytes]]) -> str:
    """The outline (:func:`engine.report.outline.outline`) as HTML: a section per heading."""
    from engine.report.outline import (
        Figure,
        Heading,
        KeyFigures,
        KeyValues,
        PageBreak,
        Paragraph,
        TableBlock,
        Title,
        outline,
    )

    e = escape
    out: list[str] = []
    add = out.append
    open_section = False
    page_break = False
    for block in outline(c):
        if isinstance(block, Title):
            add(f'<header><h1>{e(block.text)}</h1><p class="sub">{e(block.subtitle)}</p>')
        elif isinstance(block, KeyValues) and block.style == "meta":
            add('<dl class="meta">' + "".join(f"<dt>{e(k)}</dt><dd>{e(str(v))}</dd>"
                                              for k, v in block.rows) + "</dl></header>")
        elif isinstance(block, KeyValues):
            add('<table class="stamp"><tbody>' + "".join(
                f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in block.rows)
                + "</tbody></table>")
        elif isinstance(block, PageBreak):
            page_break = page_break or not block.soft
        elif isinstance(block, Heading) and block.level == 1:
            if open_section:
                add("</section>")
            css = ' class="break"' if page_break else ""
            add(f"<section{css}><h2>{e(block.text)}</h2>")
            open_section, page_break = True, False
        elif isinstance(block, Heading):
            add(f"<h3>{e(block.text)}</h3>")
        elif isinstance(block, Paragraph):
            add(_paragraph(block.text, block.style))
        elif isinstance(block, KeyFigures):
            add('<div class="kpis">')
            for k in block.kpis:
                value = c.format(k.value, k.kind)
                neg = (isinstance(k.value, int | float) and k.kind in ("money", "percent")
                       and k.value < 0)
                add(f'<div class="kpi"><div class="label">{e(k.label)}</div>'
                    f'<div class="value{" neg" if neg else ""}">{e(value)}</div></div>')
            add("</div>")
        elif isinstance(block, TableBlock):
            add(_table(c, block.table, text_class=_TEXT_CLASS))
        elif isinstance(block, Figure):
            add(_figure(charts, block.key, block.caption))
    if open_section:
        add("</section>")
    return "".join(out)


_PARAGRAPH = {"story": '<p class="story">{}</p>', "note": '<p class="note">{}</p>',
              "strong": "<p><strong>{}</strong></p>", "warning": '<p class="warning">{}</p>',
              "bullet": '<ul class="bullet"><li>{}</li></ul>', "equation": '<p class="eq">{}</p>',
              "disclaimer": '<p class="disclaimer">{}</p>', "body": "<p>{}</p>"}


def _paragraph(text: str, style: str) -> str:
    return _PARAGRAPH.get(style, _PARAGRAPH["body"]).format(escape(text))
