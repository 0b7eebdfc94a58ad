"""The PDF report, laid out with QPainter on a QPdfWriter.

A small flow layout places blocks (headings, paragraphs, KPI cards, tables,
charts) down the page:

* a table breaks only between rows and repeats its header row on each page;
* a chart and its caption are one block, moved whole to the next page when
  they do not fit; a heading never ends a page (it keeps the next block);
* every page carries a footer with the reproducibility stamp and
  "page N of M" (the layout runs first, so M is known when painting).

Text is drawn as text (fonts embedded by Qt, so ``pdftotext`` reads it and
Japanese renders with the CJK font found by fallback); charts are images at
200 dpi from the same chart code the app shows (:mod:`gui.report_charts`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLocale, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from engine.report.content import ReportContent, Table
from gui.refcount_guard import keep_none_alive

__all__ = ["PAPERS", "chart_images", "default_paper", "to_pdf_bytes"]

PAPERS = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
DPI = 300
CHART_DPI = 200
_MARGIN_MM = (16.0, 15.0, 16.0, 18.0)  # left, top, right, bottom (footer inside bottom)

_SANS = ["Noto Sans", "DejaVu Sans", "Segoe UI", "Helvetica Neue", "Arial"]
_CJK = ["IPAGothic", "IPAexGothic", "Noto Sans CJK JP", "Yu Gothic", "Hiragino Sans", "Meiryo"]
_INK = QColor("#1b2330")
_MUTED = QColor("#5b6675")
_WARN = QColor("#9a4a00")  # the coverage warning: dark orange, readable in grey print
_RULE = QColor("#cfd6df")
_HEAD = QColor("#eef2f7")
_NEG = QColor("#b42318")


def chart_images(content: ReportContent, paper: str = "a4", *,
                 should_stop: Callable[[], bool] | None = None) -> dict[str, QImage]:
    """The report's charts as images sized for ``paper`` (GUI thread only: they are widgets)."""
    from gui.report_charts import report_chart_images

    w_px = round(text_width_mm(paper) / 25.4 * CHART_DPI)
    return report_chart_images(content, w_px, round(w_px * 0.42), dpi=CHART_DPI,
                               should_stop=should_stop)


def text_width_mm(paper: str) -> float:
    """Width of the text column on ``paper`` ("a4" or "letter"), in millimetres."""
    full = {"a4": 210.0, "letter": 215.9}[paper.lower()]
    return full - _MARGIN_MM[0] - _MARGIN_MM[2]


def default_paper(locale: QLocale | None = None) -> str:
    """"letter" where Letter is the norm (US, Canada, …), else "a4"."""
    locale = locale or QLocale.system()
    return ("letter" if locale.measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
            or locale.territory() in (QLocale.Country.UnitedStates, QLocale.Country.Canada,
                                      QLocale.Country.Mexico, QLocale.Country.Philippines)
            else "a4")


# --------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------
Op = Callable[[QPainter], None]


@dataclass
class _Page:
    ops: list[Op] = field(default_factory=list)


class _Layout:
    """Places blocks on pages; measures with the PDF device's metrics."""

    def __init__(self, writer: QPdfWriter, lang: str) -> None:
        self.writer = writer
        self.lang = lang
        rect = writer.pageLayout().fullRectPixels(DPI)
        mm = DPI / 25.4
        left, top, right, bottom = (m * mm for m in _MARGIN_MM)
        self.page_w, self.page_h = rect.width(), rect.height()
        self.x0 = left
        self.width = self.page_w - left - right
        self.top = top
        self.bottom = self.page_h - bottom
        self.pages: list[_Page] = [_Page()]
        self.y = self.top
        self.pt = DPI / 72.0
        self._fonts: dict[tuple, QFont] = {}

    # -- fonts and text -------------------------------------------------------
    def font(self, size: float, *, bold: bool = False, italic: bool = False,
             mono: bool = False) -> QFont:
        key = (size, bold, italic, mono)
        if key not in self._fonts:
            f = QFont()
            families = (["DejaVu Sans Mono", "Menlo", "Consolas"] if mono else [])
            # Latin text in a Latin face, Japanese by fallback to the CJK face.
            families += _SANS + _CJK
            f.setFamilies(families)
            f.setPointSizeF(size)
            f.setBold(bold)
            f.setItalic(italic)
            f.setStyleStrategy(QFont.StyleStrategy.PreferQuality)
            self._fonts[key] = f
        return self._fonts[key]

    def text_height(self, text: str, font: QFont, width: float) -> float:
        fm = QFontMetricsF(font, self.writer)
        if not text:
            return fm.height()
        r = fm.boundingRect(QRectF(0, 0, width, 1e6), self.wrap_flags(text, font, width), text)
        return max(r.height(), fm.height())

    def wrap_flags(self, text: str, font: QFont, width: float) -> int:
        """Wrap at spaces; anywhere only when one word is wider than the cell (never cut)."""
        fm = QFontMetricsF(font, self.writer)
        widest = max((fm.horizontalAdvance(w) for w in text.split()), default=0.0)
        return _WRAP if widest <= width else _WRAP_ANYWHERE

    # -- pages ----------------------------------------------------------------
    @property
    def page(self) -> _Page:
        return self.pages[-1]

    def room(self) -> float:
        return self.bottom - self.y

    def new_page(self) -> None:
        self.pages.append(_Page())
        self.y = self.top

    def ensure(self, height: float) -> None:
        """Start a new page unless ``height`` fits below the current position."""
        if height > self.room() and self.y > self.top:
            self.new_page()

    def space(self, points: float) -> None:
        self.y = min(self.y + points * self.pt, self.bottom)

    # -- blocks ---------------------------------------------------------------
    def text(self, text: str, size: float = 9.5, *, bold: bool = False, italic: bool = False,
             colour: QColor = _INK, mono: bool = False, after: float = 4.0,
             keep: float = 0.0, indent: float = 0.0) -> None:
        """A wrapped paragraph; ``keep`` extra points must fit below it (keep-with-next)."""
        font = self.font(size, bold=bold, italic=italic, mono=mono)
        width = self.width - indent * self.pt
        h = self.text_height(text, font, width)
        self.ensure(h + keep * self.pt)
        rect = QRectF(self.x0 + indent * self.pt, self.y, width, h)
        flags = self.wrap_flags(text, font, width)

        def op(p: QPainter, rect=rect, font=font, text=text, colour=colour) -> None:
            p.setFont(font)
            p.setPen(colour)
            p.drawText(rect, flags, text)

        self.page.ops.append(op)
        self.y += h + after * self.pt

    def heading(self, text: str, level: int = 1, *, keep: float | None = None) -> None:
        """A heading that stays with what follows: ``keep`` device pixels of it
        (default about eight lines of text) must fit on the same page."""
        size = {0: 18.0, 1: 13.0, 2: 10.5}[level]
        self.space(6 if level == 1 else 3)
        font = self.font(size, bold=True)
        h = self.text_height(text, font, self.width)
        self.ensure(h + (90 * self.pt if keep is None else keep) + 8 * self.pt)
        self.text(text, size, bold=True, after=2 if level else 1)
        if level == 1:
            y = self.y

            def rule(p: QPainter, y=y) -> None:
                p.setPen(QPen(_INK, 1.2 * self.pt))
                p.drawLine(int(self.x0), int(y), int(self.x0 + self.width), int(y))

            self.page.ops.append(rule)
            self.y += 5 * self.pt

    def key_values(self, rows: list[tuple[str, str]], size: float = 9.0) -> None:
        key_font, val_font = self.font(size, bold=True), self.font(size)
        fm = QFontMetricsF(key_font, self.writer)
        kw = min(max(fm.horizontalAdvance(k) for k, _ in rows) + 10 * self.pt, self.width * 0.35)
        for k, v in rows:
            h = max(self.text_height(k, key_font, kw), self.text_height(v, val_font,
                                                                       self.width - kw))
            self.ensure(h)
            y = self.y

            def op(p: QPainter, k=k, v=v, y=y, h=h) -> None:
                p.setPen(_INK)
                p.setFont(key_font)
                p.drawText(QRectF(self.x0, y, kw, h), _WRAP, k)
                p.setFont(val_font)
                p.drawText(QRectF(self.x0 + kw, y, self.width - kw, h), _WRAP, v)

            self.page.ops.append(op)
            self.y += h + 1.5 * self.pt

    def kpis(self, cards: list[tuple[str, str, bool]], columns: int = 3) -> None:
        """KPI cards (label, value, negative?) in a grid; rows never split."""
        gap = 5 * self.pt
        w = (self.width - gap * (columns - 1)) / columns
        label_font = self.font(8)
        pad = 5 * self.pt
        # Figures never wrap: the value type shrinks (13 pt down to 9) until the widest fits.
        size = 13.0
        while size > 9.0:
            metrics = QFontMetricsF(self.font(size, bold=True), self.writer)
            if all(metrics.horizontalAdvance(c[1]) <= w - 2 * pad for c in cards):
                break
            size -= 0.5
        value_font = self.font(size, bold=True)
        for start in range(0, len(cards), columns):
            row = cards[start:start + columns]
            lh = max(self.text_height(c[0], label_font, w - 2 * pad) for c in row)
            vh = max(self.text_height(c[1], value_font, w - 2 * pad) for c in row)
            h = lh + vh + 2 * pad + 2 * self.pt
            self.ensure(h)
            y = self.y
            for i, (label, value, neg) in enumerate(row):
                x = self.x0 + i * (w + gap)

                def op(p: QPainter, x=x, y=y, label=label, value=value, neg=neg, h=h, lh=lh,
                       vh=vh) -> None:
                    p.setPen(QPen(_RULE, 0.8 * self.pt))
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    p.drawRoundedRect(QRectF(x, y, w, h), 3 * self.pt, 3 * self.pt)
                    p.setFont(label_font)
                    p.setPen(_MUTED)
                    p.drawText(QRectF(x + pad, y + pad, w - 2 * pad, lh), _WRAP, label)
                    p.setFont(value_font)
                    p.setPen(_NEG if neg else _INK)
                    p.drawText(QRectF(x + pad, y + pad + lh + 2 * self.pt, w - 2 * pad, vh),
                               _WRAP, value)

                self.page.ops.append(op)
            self.y += h + gap

    def table(self, columns: list[tuple[str, float, bool]], rows: list[list[str]], *,
              title: str = "", size: float = 7.5, total: list[str] | None = None,
              negative: list[list[bool]] | None = None) -> None:
        """A table: ``columns`` are (heading, relative width, right-aligned).

        Breaks between rows only; on each new page the header row is repeated
        under "<title> (continued)".
        """
        pad_x, pad_y = 2.5 * self.pt, 1.6 * self.pt
        widths = None
        while widths is None:  # numbers never wrap: a smaller type when they cannot fit
            font, head_font = self.font(size), self.font(size, bold=True)
            widths = self._column_widths(columns, rows + ([total] if total else []),
                                         head_font, pad_x, last_fit=size <= 5.5)
            size -= 0.5
        xs = [self.x0 + sum(widths[:i]) for i in range(len(widths))]

        def row_height(cells: list[str], f: QFont) -> float:
            return max(self.text_height(c, f, w - 2 * pad_x)
                       for c, w in zip(cells, widths, strict=True)) + 2 * pad_y

        header = [c[0] for c in columns]
        head_h = row_height(header, head_font)

        def draw_row(cells: list[str], y: float, h: float, f: QFont, *, fill: QColor | None,
                     neg: list[bool] | None, rule_above: bool = False) -> Op:
            def op(p: QPainter) -> None:
                if fill is not None:
                    p.fillRect(QRectF(self.x0, y, self.width, h), fill)
                p.setFont(f)
                for i, text in enumerate(cells):
                    align = (Qt.AlignmentFlag.AlignRight if columns[i][2]
                             else Qt.AlignmentFlag.AlignLeft)
                    p.setPen(_NEG if neg and neg[i] else _INK)
                    inner = widths[i] - 2 * pad_x
                    wrap = Qt.TextFlag.TextWordWrap if self.wrap_flags(text, f, inner) == _WRAP \
                        else Qt.TextFlag.TextWrapAnywhere
                    p.drawText(QRectF(xs[i] + pad_x, y + pad_y, inner, h - 2 * pad_y),
                               int(align) | int(Qt.AlignmentFlag.AlignTop) | int(wrap), text)
                p.setPen(QPen(_INK if rule_above else _RULE,
                              (1.0 if rule_above else 0.5) * self.pt))
                yy = y if rule_above else y + h
                p.drawLine(int(self.x0), int(yy), int(self.x0 + self.width), int(yy))
            return op

        def start(continued: bool) -> None:
            if continued and title:
                sep = "" if self.lang == "ja" else " "
                self.text(f"{title}{sep}{_continued(self.lang)}", 8, italic=True, colour=_MUTED,
                          after=1)
            self.page.ops.append(draw_row(header, self.y, head_h, head_font, fill=_HEAD,
                                          neg=None))
            self.y += head_h

        first_h = row_height(rows[0], font) if rows else 0.0
        self.ensure(head_h + first_h)
        start(False)
        all_rows = [(r, font, False, negative[i] if negative else None)
                    for i, r in enumerate(rows)]
        if total is not None:
            all_rows.append((total, head_font, True, None))
        for cells, f, is_total, neg in all_rows:
            h = row_height(cells, f)
            if h > self.room():
                self.new_page()
                start(True)
            self.page.ops.append(draw_row(cells, self.y, h, f, fill=None, neg=neg,
                                          rule_above=is_total))
            self.y += h
        self.y += 6 * self.pt

    def _column_widths(self, columns: list[tuple[str, float, bool]], rows: list[list[str]],
                       head_font: QFont, pad_x: float,
                       last_fit: bool) -> list[float] | None:
        """A numeric column is as wide as its widest cell (and the longest word of its
        heading), measured in the bold heading font (as wide as a bold total row);
        text columns share the rest by weight.  ``None`` when the numbers
        leave too little room for the text (unless ``last_fit``)."""
        hfm = QFontMetricsF(head_font, self.writer)
        fixed: dict[int, float] = {}
        for i, (label, _, numeric) in enumerate(columns):
            if numeric:
                widest = max((hfm.horizontalAdvance(r[i]) for r in rows), default=0.0)
                word = max((hfm.horizontalAdvance(w) for w in label.split()), default=0.0)
                fixed[i] = max(widest, word) + 2 * pad_x + self.pt
        text_cols = [i for i in range(len(columns)) if i not in fixed]
        rest = self.width - sum(fixed.values())
        need = 0.09 * self.width * len(text_cols)
        if rest < need and not last_fit:
            return None
        if rest < need:  # last resort: scale the numeric columns down
            scale = (self.width - need) / sum(fixed.values())
            fixed = {i: w * scale for i, w in fixed.items()}
            rest = need
        weights = sum(columns[i][1] for i in text_cols)
        widths = [fixed.get(i, rest * c[1] / weights if weights else 0.0)
                  for i, c in enumerate(columns)]
        # A text column is never narrower than the longest word of its heading or
        # of any of its cells (a word wider than its cell would be cut anywhere,
        # even inside a number): the room comes from the text column with the
        # most to spare.
        for i in text_cols:
            texts = [columns[i][0], *(r[i] for r in rows)]
            word = max((hfm.horizontalAdvance(w) for cell in texts for w in cell.split()),
                       default=0.0)
            short = word + 2 * pad_x + self.pt - widths[i]
            if short > 0:
                donor = max((j for j in text_cols if j != i), default=None,
                            key=lambda j: widths[j])
                if donor is not None and widths[donor] - short > 0.09 * self.width:
                    widths[donor] -= short
                    widths[i] += short
        return widths

    def image_height(self, image: QImage, caption: str) -> float:
        h = self.width * image.height() / max(image.width(), 1)
        return h + self.text_height(caption, self.font(8, italic=True), self.width) + 4 * self.pt

    def image(self, image: QImage, caption: str, *, reserve: float = 0.0) -> None:
        """A chart at the full text width with its caption; never split across pages.

        ``reserve`` (device units) must stay free below it on this page: the chart
        shrinks (keeping its shape, down to two thirds) rather than push what
        follows onto a page of its own.
        """
        w = self.width
        h = w * image.height() / max(image.width(), 1)
        cap_font = self.font(8, italic=True)
        cap_h = self.text_height(caption, cap_font, self.width)
        if reserve:
            room = self.room() - reserve - cap_h - 10 * self.pt
            if room < h and room >= 2 / 3 * h:
                w, h = w * room / h, room
        total = h + cap_h + 4 * self.pt
        self.ensure(total)
        y = self.y
        x = self.x0 + (self.width - w) / 2

        def op(p: QPainter, y=y) -> None:
            p.drawImage(QRectF(x, y, w, h), image)
            p.setPen(QPen(_RULE, 0.6 * self.pt))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(x, y, w, h))
            p.setFont(cap_font)
            p.setPen(_MUTED)
            p.drawText(QRectF(self.x0, y + h + 2 * self.pt, self.width, cap_h), _WRAP, caption)

        self.page.ops.append(op)
        self.y += total + 6 * self.pt


_WRAP = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignTop) | int(
    Qt.TextFlag.TextWordWrap)
_WRAP_ANYWHERE = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignTop) | int(
    Qt.TextFlag.TextWrapAnywhere)


def _continued(lang: str) -> str:
    from engine.report.i18n import text

    return text("continued", lang)


# --------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------


def _cells(content: ReportContent, table: Table, row: dict) -> list[str]:
    out = []
    for c in table.columns:
        if c.kind == "price":
            out.append(content.format(row.get(c.key), "price", currency=row.get("currency")))
        else:
            out.append(content.format(row.get(c.key), c.kind))
    return out


def _negatives(table: Table, row: dict) -> list[bool]:
    return [c.kind in ("money", "percent") and isinstance(row.get(c.key), int | float)
            and row.get(c.key) < 0 for c in table.columns]


def _put_table(lay: _Layout, content: ReportContent, table: Table, title: str, *,
               widths: dict[str, float] | None = None, size: float = 7.5) -> None:
    cols = [(c.label, (widths or {}).get(c.key, 10.0), c.kind != "text") for c in table.columns]
    rows = [_cells(content, table, r) for r in table.rows]
    negs = [_negatives(table, r) for r in table.rows]
    total = None
    if table.total:
        total = [("" if table.total.get(c.key) is None
                  else content.format(table.total[c.key], c.kind)) for c in table.columns]
    lay.table(cols, rows, title=title, size=size, total=total, negative=negs)


def _layout(lay: _Layout, content: ReportContent, charts: dict[str, QImage]) -> None:
    """Render the report's outline (:func:`engine.report.outline.outline`) onto pages."""
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

    c = content
    blocks = [b for b in outline(c) if not (isinstance(b, Figure) and b.key not in charts)]
    for i, block in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if isinstance(block, Title):
            lay.text(block.subtitle, 8.5, colour=_MUTED, after=2)
            lay.text(block.text, 18, bold=True, after=6)
        elif isinstance(block, KeyValues):
            if block.style == "stamp":
                lay.key_values(list(block.rows), size=8)
                lay.space(8)
            else:
                lay.key_values(list(block.rows))
                lay.space(4)
        elif isinstance(block, Heading):
            # A heading stays with the chart under it (never alone at a page's foot),
            # and with the headings under it and what they keep (a section's title
            # over its first subsection's chart).
            j, under = i + 1, 0.0
            while j < len(blocks) and isinstance(blocks[j], Heading):
                under += 30 * lay.pt
                j += 1
            first = blocks[j] if j < len(blocks) else None
            keep = (lay.image_height(charts[first.key], "") if isinstance(first, Figure)
                    else None if not under else 90 * lay.pt)
            lay.heading(block.text, block.level, keep=None if keep is None else keep + under)
        elif isinstance(block, Paragraph):
            _paragraph(lay, block, first_page=len(lay.pages) == 1)
        elif isinstance(block, KeyFigures):
            lay.kpis([(k.label, c.format(k.value, k.kind),
                       isinstance(k.value, int | float) and k.kind in ("money", "percent")
                       and k.value < 0) for k in block.kpis], columns=4)
        elif isinstance(block, TableBlock):
            _put_table(lay, c, block.table, block.title, widths=dict(block.widths),
                       size=block.size)
        elif isinstance(block, Figure):
            # Keep a table that follows under a heading (page one's movers) on this page.
            after = blocks[i + 2] if isinstance(nxt, Heading) and i + 2 < len(blocks) else None
            reserve = 0.0
            if isinstance(after, TableBlock):
                row = lay.text_height("0", lay.font(after.size), lay.width) + 3.2 * lay.pt
                reserve = (len(after.table.rows) + 1) * row + 30 * lay.pt
            lay.image(charts[block.key], block.caption, reserve=reserve)
        elif isinstance(block, PageBreak) and (
                # A soft break only when less than about a third of the page is left.
                not block.soft or lay.room() < 0.35 * (lay.bottom - lay.top)):
            lay.new_page()


def _paragraph(lay: _Layout, block, *, first_page: bool) -> None:
    style = block.style
    if style == "story":
        lay.text(block.text, 10, italic=True, after=3)
    elif style == "disclaimer":
        # Small under the title on page one; full size to close the report.
        if first_page:
            lay.text(block.text, 7.5, italic=True, colour=_MUTED, after=4)
        else:
            lay.text(block.text, 9, italic=True)
    elif style == "note":
        lay.text(block.text, 8, colour=_MUTED, after=2)
    elif style == "strong":
        lay.text(block.text, 9.5, bold=True, after=2)
    elif style == "warning":
        lay.text(block.text, 8.5, bold=True, colour=_WARN)
    elif style == "bullet":
        lay.text("• " + block.text, 8.5, after=1)
    elif style == "equation":
        lay.text(block.text, 8.5, mono=True, colour=_INK, after=5, indent=8)
    else:
        lay.text(block.text, 9, after=3)


def _paint(writer: QPdfWriter, lay: _Layout, footer: str, lang: str) -> None:
    from engine.report.i18n import text

    painter = QPainter(writer)
    if not painter.isActive():
        raise OSError("could not start drawing the PDF")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        pages = len(lay.pages)
        foot_font = lay.font(7)
        fm = QFontMetricsF(foot_font, writer)
        foot_y = lay.page_h - (_MARGIN_MM[3] - 6) * DPI / 25.4
        for n, page in enumerate(lay.pages, start=1):
            if n > 1:
                writer.newPage()
            for op in page.ops:
                op(painter)
            painter.setPen(QPen(_RULE, 0.5 * lay.pt))
            painter.drawLine(int(lay.x0), int(foot_y - 2 * lay.pt),
                             int(lay.x0 + lay.width), int(foot_y - 2 * lay.pt))
            painter.setFont(foot_font)
            painter.setPen(_MUTED)
            number = text("page_of", lang, page=n, pages=pages)
            nw = fm.horizontalAdvance(number) + 4 * lay.pt
            painter.drawText(QRectF(lay.x0, foot_y, lay.width - nw, fm.height() * 2),
                             int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignTop),
                             fm.elidedText(footer, Qt.TextElideMode.ElideRight,
                                           lay.width - nw))
            painter.drawText(QRectF(lay.x0, foot_y, lay.width, fm.height() * 2),
                             int(Qt.AlignmentFlag.AlignRight) | int(Qt.AlignmentFlag.AlignTop),
                             number)
    finally:
        painter.end()


def to_pdf_bytes(content: ReportContent, *, paper: str = "a4",
                 charts: dict[str, QImage] | None = None,
                 should_stop: Callable[[], bool] | None = None) -> bytes:
    """The PDF report of ``content`` on ``paper`` ("a4" or "letter").

    ``charts`` (key → image) defaults to the charts of
    :func:`gui.report_charts.report_chart_images`.  Needs a QApplication.
    Raises :class:`engine.errors.CancelledError` when ``should_stop`` says so.
    """
    from engine.errors import CancelledError

    paper = paper.lower()
    if paper not in PAPERS:
        raise ValueError(f"unknown paper size {paper!r}; use one of {', '.join(PAPERS)}")
    if charts is None:
        charts = chart_images(content, paper, should_stop=should_stop)
    if should_stop is not None and should_stop():
        raise CancelledError("the export was cancelled")
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setPageLayout(QPageLayout(QPageSize(PAPERS[paper]), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter))
    writer.setTitle(content.title)
    writer.setCreator(content.subtitle)
    with keep_none_alive():
        lay = _Layout(writer, content.lang)
        _layout(lay, content, charts)
        if should_stop is not None and should_stop():
            raise CancelledError("the export was cancelled")
        _paint(writer, lay, content.stamp.footer(content.lang), content.lang)
    buffer.close()
    if math.isclose(data.size(), 0):
        raise OSError("Qt wrote an empty PDF")
    return bytes(data.data())
