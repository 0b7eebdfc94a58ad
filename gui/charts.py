"""The four charts of the main window (and of the reports), drawn with pyqtgraph.

Each chart creates its plot items once and updates them with ``setData`` /
``setOpts`` when a new :class:`~engine.result.Result` arrives, so a slider move
costs a few array copies, not a rebuild.  Lines and points are always inside
the fitted range, so pyqtgraph's clipping to the view (which prepares a line
again on every range change) is off (``dynamicRangeLimit=None``).  Every chart:

* takes ``set_result(result)`` (``set_results`` for the preset comparison);
* labels its axes with units, and shows the exact numbers under the mouse as a
  tooltip (``hover_text(x, y)`` returns that text, for tests and reports);
* draws offscreen, so the report writers render the same charts
  (:mod:`gui.chart_export`);
* offers "Save as PNG/SVG…" in its right-click menu;
* follows the interface's language and theme on its own
  (:func:`gui.i18n.language_notifier`, :func:`gui.theme.theme_notifier`),
  titles and legends included.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtGui import QAction, QCursor
from PySide6.QtWidgets import QFileDialog, QMessageBox, QToolTip

from engine.errors import InputError
from engine.formatting import format_money, format_number, format_percent
from engine.result import CHANNELS, Result
from engine.returns import portfolio_return
from gui.i18n import current_language, language_notifier
from gui.labels import channel_label
from gui.theme import (
    CHANNEL_COLOURS,
    REALISED_COLOUR,
    SERIES_COLOURS,
    chart_colours,
    is_dark,
    theme_notifier,
)

__all__ = [
    "AttributionChart",
    "ChartWidget",
    "DemandChart",
    "PresetCompareChart",
    "ValuePathChart",
]

_BAR_WIDTH = 0.6


class _NumberAxis(pg.AxisItem):
    """Tick labels with thousands separators (no SI prefix), or percentages."""

    def __init__(self, orientation: str, *, percent: bool = False) -> None:
        super().__init__(orientation)
        self.enableAutoSIPrefix(False)
        self._percent = percent

    def tickStrings(self, values, scale, spacing):
        decimals = 0 if spacing >= 1 else min(6, int(np.ceil(-np.log10(spacing))))
        texts = []
        for v in values:
            text = format_number(v * scale, decimals)
            texts.append(text + "%" if self._percent else text)
        return texts


class _RowLegend(pg.LegendItem):
    """A legend that lives in a layout row under the plot, not over the data.

    It takes as many columns (up to the chart's choice) as fit the width the
    chart gives it (:meth:`fit`): a legend wider than its chart would widen the
    whole chart past its pane, cutting off the right of the plot.
    """

    def __init__(self, *, colCount: int) -> None:
        self.max_columns = colCount
        self.room = math.inf  # the width the chart gives it
        super().__init__(colCount=colCount)

    def fit(self, room: float) -> None:
        """Lay the legend out for a chart ``room`` pixels wide."""
        self.room = room
        if self.columnCount != self.max_columns:
            self.setColumnCount(self.max_columns)  # its updateSize narrows it again
        else:
            self.updateSize()

    def setColumnCount(self, columnCount):
        """Entry ``i`` at row ``i // columns``, column ``i % columns``: placed by its
        index (pyqtgraph's own placement reads the grid's counts, which a grid keeps
        after its items are taken out, and so misplaces entries once columns change)."""
        if columnCount == self.columnCount:
            return
        self.columnCount = columnCount
        self.rowCount = math.ceil(len(self.items) / columnCount)
        for i in range(self.layout.count() - 1, -1, -1):
            self.layout.removeAt(i)
        for i, (sample, label) in enumerate(self.items):
            self._place(i, sample, label)
        self.updateSize()

    def _addItemToLayout(self, sample, label):
        self._place(len(self.items) - 1, sample, label)  # addItem has appended it

    def _place(self, i: int, sample, label) -> None:
        row, col = divmod(i, self.columnCount)
        self.layout.addItem(sample, row, 2 * col, alignment=Qt.AlignmentFlag.AlignVCenter)
        self.layout.addItem(label, row, 2 * col + 1)
        self.rowCount = max(self.rowCount, row + 1)

    def updateSize(self):
        # From the entries' own sizes (a laid-out entry is as wide as its column): each
        # column as wide as its widest entry, each row as tall as its tallest.
        columns = max(1, self.columnCount)
        col_width = [0.0] * columns
        row_height: dict[int, float] = {}
        for i, (sample, label) in enumerate(self.items):
            row, col = divmod(i, columns)
            col_width[col] = max(col_width[col], sample.minimumWidth() + label.minimumWidth() + 6)
            row_height[row] = max(row_height.get(row, 0.0), sample.minimumHeight(),
                                  label.minimumHeight())
        width, height = sum(col_width), sum(row_height.values())
        if width > getattr(self, "room", math.inf) and self.columnCount > 1:
            self.setColumnCount(self.columnCount - 1)  # lays out again and comes back here
            return
        # pyqtgraph's own legend sets its geometry (and so its position) here;
        # in a layout only the size may be suggested.
        self.setMinimumSize(width, height)
        self.setMaximumHeight(height)
        self.updateGeometry()


class ChartWidget(pg.GraphicsLayoutWidget):
    #: Which gridlines the chart draws, (x, y): values run up the y axis by default.
    _grid_lines: tuple[bool, bool] = (False, True)

    """A plot with an optional legend row beneath it; the base of every chart."""

    def __init__(self, parent=None, *, legend_columns: int = 0,
                 left_axis: pg.AxisItem | None = None,
                 bottom_axis: pg.AxisItem | None = None) -> None:
        super().__init__(parent)
        # Born in the interface's language and theme; then follows them (below).
        self._lang = current_language()
        self._dark = is_dark()
        axes = {}
        if left_axis is not None:
            axes["left"] = left_axis
        if bottom_axis is not None:
            axes["bottom"] = bottom_axis
        self.plotItem: pg.PlotItem = self.addPlot(row=0, col=0, axisItems=axes)
        self.plotItem.setMouseEnabled(False, False)
        self.plotItem.hideButtons()
        for name in ("left", "bottom"):
            # Major ticks only: labelled gridlines, and a third of the painting.
            self.plotItem.getAxis(name).setStyle(maxTickLevel=0)
        for name in ("top", "right"):
            # Hidden, but linked to the view: with an SI prefix to work out they
            # would re-typeset their (empty) label on every range change.
            self.plotItem.getAxis(name).enableAutoSIPrefix(False)
        self.plotItem.showGrid(*self._grid_lines)
        self.ci.setContentsMargins(8, 8, 12, 10)
        self.legend: pg.LegendItem | None = None
        if legend_columns:
            self.legend = _RowLegend(colCount=legend_columns)
            self.addItem(self.legend, row=1, col=0)
        self.setMinimumSize(240, 180)
        self._y_extents: tuple[tuple[float, float, float], ...] = ()
        self.plotItem.vb.sigResized.connect(self._apply_y_extents)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self._add_export_actions()
        self.set_dark(self._dark)
        # Each chart follows the interface's language and theme itself.
        language_notifier().changed.connect(self._on_language_changed)
        theme_notifier().changed.connect(self._on_theme_changed)

    @property
    def result(self) -> Result | None:
        """The result drawn (the last one given to ``set_result``)."""
        return getattr(self, "_result", None)

    # -- look ----------------------------------------------------------------
    def _on_language_changed(self, lang: str) -> None:
        if not self.closed:  # a closed pyqtgraph view has deleted its scene's items
            self.set_language(lang)

    def _on_theme_changed(self, dark: bool) -> None:
        if not self.closed:
            self.set_dark(dark)

    def set_language(self, lang: str) -> None:
        """Number formats and labels for ``lang`` ("en" or "ja")."""
        self._lang = lang
        self.retranslate()

    def set_dark(self, dark: bool) -> None:
        """Colours for a dark or light window palette."""
        self._dark = dark
        c = chart_colours(dark)
        self.setBackground(c.background)
        for name in ("left", "bottom"):
            axis = self.plotItem.getAxis(name)
            axis.setPen(pg.mkPen(c.foreground))
            axis.setTextPen(pg.mkPen(c.foreground))
        self.plotItem.showGrid(*self._grid_lines, alpha=c.grid_alpha)
        if self.legend is not None:
            self.legend.setLabelTextColor(c.foreground)
        self._apply_colours(c)
        # Titles, axis labels and legend entries carry their colour: set them again.
        self.retranslate()

    def _apply_colours(self, colours) -> None:
        """Subclasses recolour their reference lines here."""

    def retranslate(self) -> None:
        """Subclasses set their axis labels and legend names here."""

    def _label_axis(self, name: str, text: str) -> None:
        colour = chart_colours(self._dark).foreground
        self.plotItem.setLabel(name, text, color=colour)

    def _rename_legend(self, items: Sequence[tuple[object, str]]) -> None:
        if self.legend is None:
            return
        colour = chart_colours(self._dark).foreground
        entries = [(item, name) for item, name in items]
        last = getattr(self, "_legend_entries", None)
        if last is not None and last[1] == colour and len(last[0]) == len(entries) and all(
                a is b and m == n for (a, m), (b, n) in zip(last[0], entries, strict=True)):
            # The same items under the same names (the language and theme are set
            # several times while a window is built): redraw the samples only.
            for sample, _label in self.legend.items:
                sample.update()
            return
        self._legend_entries = (entries, colour)
        self.legend.clear()
        for item, name in entries:
            self.legend.addItem(item, name)
        self.legend.setLabelTextColor(colour)

    # -- range ---------------------------------------------------------------
    def fit_y(self, *extents: tuple[float, float, float]) -> None:
        """Fit the y axis to ``(low, high, pixel padding)`` extents, one per item.

        The result is the range pyqtgraph's auto-range gives (the items' span,
        widened by their symbols' pixel size and the view's default padding),
        but set once, here, before the paint.  Auto-range would search every
        item's bounds while the view paints, and a range or transform that
        changes during a paint makes Qt paint the view again.
        """
        vb = self.plotItem.vb
        if vb.autoRangeEnabled()[1] is not False:
            vb.disableAutoRange(pg.ViewBox.YAxis)
        self._y_extents = tuple((float(lo), float(hi), float(px)) for lo, hi, px in extents
                                if math.isfinite(lo) and math.isfinite(hi))
        self._apply_y_extents()

    def _apply_y_extents(self) -> None:
        # Also on resize: the padding depends on the view's height in pixels.
        if not self._y_extents:
            return
        vb = self.plotItem.vb
        low = min(e[0] for e in self._y_extents)
        high = max(e[1] for e in self._y_extents)
        height = vb.height()
        if height > 0:  # symbols reach past their data by a few pixels (as in childrenBounds)
            size = (high - low) / height
            low = min(low, *(lo - px * size for lo, _, px in self._y_extents))
            high = max(high, *(hi + px * size for _, hi, px in self._y_extents))
        vb.setYRange(low, high, padding=vb.suggestPadding(1))
        # The view maps data to pixels lazily, at the start of its next paint;
        # moving every item there makes Qt paint the view a second time.
        vb.updateMatrix()

    # -- hover ---------------------------------------------------------------
    def hover_text(self, x: float, y: float) -> str:  # noqa: ARG002 (the interface)
        """The exact numbers at data point (x, y), or ``""``."""
        return ""

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        vb = self.plotItem.vb
        if not vb.sceneBoundingRect().contains(scene_pos):
            QToolTip.hideText()
            return
        point = vb.mapSceneToView(scene_pos)
        text = self.hover_text(point.x(), point.y())
        if text:
            QToolTip.showText(QCursor.pos(), text, self)
        else:
            QToolTip.hideText()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # pyqtgraph resizes while it builds the view (no legend yet) and as it closes
        # it (the legend's layout already deleted with the scene).
        legend = getattr(self, "legend", None)
        if isinstance(legend, _RowLegend) and not getattr(self, "closed", False):
            left, _, right, _ = self.ci.getContentsMargins()
            legend.fit(self.width() - left - right - 4)

    # -- export --------------------------------------------------------------
    def _add_export_actions(self) -> None:
        menu = self.plotItem.vb.menu
        menu.addSeparator()
        self._png_action = QAction(menu)
        self._svg_action = QAction(menu)
        self._png_action.triggered.connect(lambda: self._on_save_requested("png"))
        self._svg_action.triggered.connect(lambda: self._on_save_requested("svg"))
        menu.addAction(self._png_action)
        menu.addAction(self._svg_action)
        self._retranslate_menu()

    def _retranslate_menu(self) -> None:
        # The base class names its own context: self.tr() would use the subclass's.
        self._png_action.setText(QCoreApplication.translate("ChartWidget", "Save chart as PNG…"))
        self._svg_action.setText(QCoreApplication.translate("ChartWidget", "Save chart as SVG…"))

    def _on_save_requested(self, kind: str) -> None:
        from gui.chart_export import save_chart

        filters = {"png": QCoreApplication.translate("ChartWidget", "PNG image (*.png)"),
                   "svg": QCoreApplication.translate("ChartWidget", "SVG image (*.svg)")}
        title = QCoreApplication.translate("ChartWidget", "Save chart")
        path, _ = QFileDialog.getSaveFileName(self, title, f"chart.{kind}", filters[kind])
        if not path:
            return
        try:
            save_chart(self, path)
        except (OSError, InputError) as exc:
            QMessageBox.warning(self, title, QCoreApplication.translate(
                                "ChartWidget", "Could not save the chart: {0}").format(
                                    getattr(exc, "strerror", None) or str(exc)))

    def _money(self, value: float, currency: str, *, sign: bool = False) -> str:
        return format_money(value, currency, self._lang, sign=sign)


def _reference_line(angle: int) -> pg.InfiniteLine:
    line = pg.InfiniteLine(angle=angle, movable=False)
    line.setZValue(-5)
    return line


class AttributionChart(ChartWidget):
    """Per-holding P&L as horizontal bars stacked by attribution channel.

    One row per holding, the largest net P&L (in size) on top; beyond
    :attr:`max_rows` the smallest are summed in a last "others" row, so the
    chart stays readable at 50 holdings or 500.  Positive parts stack right
    from zero and negative parts left, so a holding's bar spans its gains
    right of the axis and its losses left of it; a diamond marks the net P&L
    (the sum of the parts).  Rows are labelled with the ticker and a short
    name in the interface's language.

    A historical replay has no model channels: its realised price move is
    drawn and named as such ("realised"), beside the exchange rate.
    """

    _grid_lines = (True, False)  # horizontal bars: values run along x

    #: Rows drawn at most (the last one "others" when there are more holdings).
    max_rows = 15
    #: Fewer rows when the chart is short: each needs this many pixels to stay legible.
    _ROW_PIXELS = 15
    #: On screen the rows follow the height; a report sets False and draws :attr:`max_rows`.
    fit_rows_to_height = True

    def __init__(self, parent=None) -> None:
        super().__init__(parent, legend_columns=3, bottom_axis=_NumberAxis("bottom"))
        self._horizon = False
        self._history = False
        self._result: Result | None = None
        self._values = np.zeros((0, len(CHANNELS)))
        self._rows: list[int] = []  # holdings-frame row of each chart row (-1: others)
        self._labels: list[str] = []
        self._label_key: tuple | None = None
        self._holding_labels: list[str] = []
        self._currency = ""
        self._x_extents: tuple[tuple[float, float, float], ...] = ()
        self.bars: dict[str, pg.BarGraphItem] = {}
        for ch in CHANNELS:
            colour = CHANNEL_COLOURS[ch]
            bar = pg.BarGraphItem(x0=[], width=[], y=[], height=_BAR_WIDTH,
                                  brush=pg.mkBrush(colour), pen=pg.mkPen(colour))
            self.plotItem.addItem(bar)
            self.bars[ch] = bar
        self.net = pg.ScatterPlotItem(symbol="d", size=11)
        self.net.setZValue(10)
        self.plotItem.addItem(self.net)
        self.zero = _reference_line(90)
        self.plotItem.addItem(self.zero)
        self.plotItem.invertY(True)  # the largest P&L on top
        self._fit_rows = self.max_rows
        self.plotItem.vb.sigResized.connect(self._apply_x_extents)
        self.plotItem.vb.sigResized.connect(self._on_view_resized)
        self.set_dark(self._dark)  # colours, then the texts in them (retranslate)

    def _apply_colours(self, c) -> None:
        if hasattr(self, "net"):
            self.net.setPen(pg.mkPen(c.background, width=1))
            self.net.setBrush(pg.mkBrush(c.foreground))
            self.zero.setPen(pg.mkPen(c.reference, width=1))

    def retranslate(self) -> None:
        if not hasattr(self, "net"):
            return
        self._retranslate_menu()
        when = self.tr("at the horizon") if self._horizon else self.tr("on day one")
        cur = self._result.currency if self._result is not None else ""
        self.plotItem.setTitle(self.tr("P&L by cause, {0}").format(when),
                               color=chart_colours(self._dark).foreground)
        self._label_axis("bottom", self.tr("P&L ({0})").format(cur) if cur else self.tr("P&L"))
        shown = ("market", "fx") if self._history else CHANNELS
        self._rename_legend([(self.bars[ch], self._channel_name(ch)) for ch in shown]
                            + [(self.net, self.tr("Net P&L"))])
        if self._result is not None:  # row labels carry names in the interface's language
            self._labels = []
            self._update_rows()

    def _channel_name(self, channel: str) -> str:
        if self._history and channel == "market":
            return self.tr("Realised price move")
        return channel_label(channel)

    def set_horizon(self, horizon: bool) -> None:
        """Show the attribution at the horizon (True) or on day one (False)."""
        self._horizon = horizon
        self.retranslate()
        if self._result is not None:
            self.set_result(self._result)

    def set_result(self, result: Result | None) -> None:
        self._result = result
        currency = result.currency if result is not None else ""
        history = result is not None and result.kind == "history"
        if currency != self._currency or history != self._history:
            self._currency = currency
            if history != self._history:
                self._history = history
                colour = REALISED_COLOUR if history else CHANNEL_COLOURS["market"]
                self.bars["market"].setOpts(brush=pg.mkBrush(colour), pen=pg.mkPen(colour))
            self.retranslate()
        self._update_rows()

    def _update_rows(self) -> None:
        result = self._result
        if result is None:
            values, rows = np.zeros((0, len(CHANNELS))), []
        else:
            prefix = "attr_h_" if self._horizon else "attr_"
            # Column by column: a slider move is here, and pandas' selection of a
            # list of columns costs more than the rest of the update.
            h = result.holdings
            parts = np.column_stack([h[prefix + ch].to_numpy(float) for ch in CHANNELS])
            order = np.argsort(-np.abs(parts.sum(axis=1)), kind="stable")
            limit = max(2, min(self.max_rows, self._fit_rows))
            if len(order) > limit:
                shown, rest = order[:limit - 1], order[limit - 1:]
                values = np.vstack([parts[shown], parts[rest].sum(axis=0, keepdims=True)])
                rows = [*shown.tolist(), -1]
            else:
                values, rows = parts[order], order.tolist()
        self._values, self._rows = values, rows
        y = np.arange(len(values), dtype=float)
        pos_base = np.zeros(len(values))
        neg_base = np.zeros(len(values))
        for j, ch in enumerate(CHANNELS):
            v = values[:, j]
            positive = v >= 0
            x0 = np.where(positive, pos_base, neg_base + v)
            self.bars[ch].setOpts(x0=x0, width=np.abs(v), y=y, height=_BAR_WIDTH)
            pos_base = pos_base + np.where(positive, v, 0.0)
            neg_base = neg_base + np.where(positive, 0.0, v)
        net = values.sum(axis=1)
        self.net.setData(x=net, y=y)
        labels = self._row_labels()
        if labels != self._labels:  # a new order or a new portfolio, not every slider move
            self._labels = labels
            axis = self.plotItem.getAxis("left")
            axis.setTicks([list(enumerate(labels))])
            metrics = pg.QtGui.QFontMetrics(axis.style.get("tickFont") or self.font())
            axis.setWidth(max((metrics.horizontalAdvance(t) for t in labels), default=20) + 12)
            self.plotItem.setYRange(-0.6, max(len(values), 1) - 0.4, padding=0)
        if len(values):
            self.fit_x((0.0, 0.0, 0.0),  # the zero line
                       (float(neg_base.min()), float(pos_base.max()),
                        self.bars[CHANNELS[0]].pixelPadding()),
                       (float(net.min()), float(net.max()), self.net.pixelPadding()))

    def _row_labels(self) -> list[str]:
        if self._result is None:
            return []
        h = self._result.holdings
        key = (self._result.book, len(h), self._lang)
        if self._label_key != key:  # a new portfolio or language: a slider move keeps them
            self._label_key = key
            self._holding_labels = self._holding_label_list(h)
        labels = self._holding_labels
        return [labels[i] if i >= 0 else
                self.tr("Others ({0})").format(len(h) - len(self._rows) + 1)
                for i in self._rows]

    def _holding_label_list(self, h) -> list[str]:
        """"NVDA  NVIDIA" for every holding: ticker and short name in the interface's language."""
        from engine.names import display_name, short_name

        names_ja = h.get("name_ja", None)
        labels = []
        for i, (ticker, name) in enumerate(zip(h["ticker"], h["name"], strict=True)):
            name = display_name(str(name), "" if names_ja is None else str(names_ja.iat[i]),
                                self._lang)
            ticker = str(ticker)
            short = short_name(name, 14) if name and name != ticker else ""
            labels.append(f"{ticker}  {short}" if short else ticker)
        return labels

    def _on_view_resized(self) -> None:
        # The splitter or the window moved: as many rows as the height can label.
        height = self.plotItem.vb.height()
        rows = self.max_rows if height <= 0 or not self.fit_rows_to_height \
            else int(height // self._ROW_PIXELS)
        if rows != self._fit_rows:
            self._fit_rows = rows
            if (self._result is not None and len(self._result.holdings) > min(
                    rows, self.max_rows)) or len(self._rows) > rows:
                self._update_rows()

    def fit_x(self, *extents: tuple[float, float, float]) -> None:
        """As :meth:`ChartWidget.fit_y`, for the x axis (the values of horizontal bars)."""
        vb = self.plotItem.vb
        if vb.autoRangeEnabled()[0] is not False:
            vb.disableAutoRange(pg.ViewBox.XAxis)
        self._x_extents = tuple((float(lo), float(hi), float(px)) for lo, hi, px in extents
                                if math.isfinite(lo) and math.isfinite(hi))
        self._apply_x_extents()

    def _apply_x_extents(self) -> None:
        if not getattr(self, "_x_extents", ()):
            return
        vb = self.plotItem.vb
        low = min(e[0] for e in self._x_extents)
        high = max(e[1] for e in self._x_extents)
        width = vb.width()
        if width > 0:
            size = (high - low) / width
            low = min(low, *(lo - px * size for lo, _, px in self._x_extents))
            high = max(high, *(hi + px * size for _, hi, px in self._x_extents))
        vb.setXRange(low, high, padding=vb.suggestPadding(0))
        vb.updateMatrix()

    def stack_extents(self) -> np.ndarray:
        """``(rows, 2)``: the left and right end of each row's stacked bar."""
        v = self._values
        return np.column_stack([np.minimum(v, 0).sum(axis=1), np.maximum(v, 0).sum(axis=1)])

    def row_holdings(self) -> list[int]:
        """The holdings-frame row drawn in each chart row, top first (-1: the others)."""
        return list(self._rows)

    def hover_text(self, _x: float, y: float) -> str:
        if self._result is None:
            return ""
        i = round(y)
        if not (0 <= i < len(self._values)) or abs(y - i) > _BAR_WIDTH / 2:
            return ""
        cur = self._result.currency
        if self._rows[i] < 0:
            lines = [f"<b>{self._labels[i]}</b>"]
        else:
            row = self._result.holdings.iloc[self._rows[i]]
            lines = [f"<b>{row['ticker']}</b> {row['name']}"]
        for j, ch in enumerate(CHANNELS):
            if self._values[i, j] or not self._history:
                lines.append(f"{self._channel_name(ch)}: "
                             f"{self._money(self._values[i, j], cur, sign=True)}")
        lines.append(f"<b>{self.tr('Net P&L')}: "
                     f"{self._money(self._values[i].sum(), cur, sign=True)}</b>")
        return "<br>".join(lines)


class DemandChart(ChartWidget):
    """The compute-demand chain over quarters: D(t), G(t), A(t) against no shock = 1."""

    SERIES = ("D", "G", "A")

    def __init__(self, parent=None) -> None:
        super().__init__(parent, legend_columns=2, left_axis=_NumberAxis("left"))
        self._result: Result | None = None
        self._last_q = -1.0
        self.lines: dict[str, pg.PlotDataItem] = {}
        for key in self.SERIES:
            colour = SERIES_COLOURS[key]
            self.lines[key] = self.plotItem.plot(
                [], [], pen=pg.mkPen(colour, width=2.5), symbol="o", symbolSize=5,
                symbolBrush=pg.mkBrush(colour), symbolPen=pg.mkPen(colour),
                dynamicRangeLimit=None)
        # A data item, not an InfiniteLine, so the legend can show it.
        self.no_shock = self.plotItem.plot([], [], dynamicRangeLimit=None)
        self.no_shock.setZValue(-5)
        self.set_dark(self._dark)  # colours, then the texts in them (retranslate)

    def _apply_colours(self, c) -> None:
        if hasattr(self, "no_shock"):
            self.no_shock.setPen(pg.mkPen(c.reference, width=2, style=Qt.PenStyle.DashLine))

    def retranslate(self) -> None:
        if not hasattr(self, "no_shock"):
            return
        self._retranslate_menu()
        fg = chart_colours(self._dark).foreground
        self.plotItem.setTitle(self.tr("Compute demand after the shock"), color=fg)
        self._label_axis("left", self.tr("Index (no shock = 1)"))
        self._label_axis("bottom", self.tr("Quarters after the shock"))
        names = self._series_names()
        self._rename_legend([(self.lines[k], names[k]) for k in self.SERIES]
                            + [(self.no_shock, self.tr("No shock"))])

    def _series_names(self) -> dict[str, str]:
        return {"D": self.tr("Compute demand D(t)"), "G": self.tr("GPU spend G(t)"),
                "A": self.tr("ASIC spend A(t)")}

    def set_result(self, result: Result | None) -> None:
        self._result = result
        q = np.zeros(0) if result is None else np.asarray(result.quarters, float)
        for key, line in self.lines.items():
            line.setData(q, np.zeros(0) if result is None else np.asarray(result.demand[key]))
        self.no_shock.setData(q[[0, -1]] if len(q) else q, np.ones(2) if len(q) else q)
        if len(q) and q[-1] != self._last_q:
            self._last_q = q[-1]
            self.plotItem.setXRange(0, max(q[-1], 1), padding=0.03)
        if len(q):
            self.fit_y((1.0, 1.0, self.no_shock.pixelPadding()),
                       *((float(np.min(result.demand[k])), float(np.max(result.demand[k])),
                          self.lines[k].pixelPadding()) for k in self.SERIES))

    def hover_text(self, x: float, _y: float) -> str:
        if self._result is None:
            return ""
        q = np.asarray(self._result.quarters, float)
        i = int(np.clip(round(x), 0, len(q) - 1))
        if abs(x - q[i]) > 0.5:
            return ""
        names = self._series_names()
        lines = [f"<b>{self.tr('Quarter {0}').format(int(q[i]))}</b>"]
        lines += [f"{names[k]}: {format_number(float(self._result.demand[k][i]), 3)}"
                  for k in self.SERIES]
        return "<br>".join(lines)


class ValuePathChart(ChartWidget):
    """The portfolio's value in the base currency at quarters 0 … T."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent, legend_columns=2, left_axis=_NumberAxis("left"))
        self._result: Result | None = None
        self._last_q = -1.0
        colour = SERIES_COLOURS["value"]
        self.path = self.plotItem.plot([], [], pen=pg.mkPen(colour, width=2.5), symbol="o",
                                       symbolSize=6, symbolBrush=pg.mkBrush(colour),
                                       symbolPen=pg.mkPen(colour), dynamicRangeLimit=None)
        self.before = self.plotItem.plot([], [], dynamicRangeLimit=None)
        self._before_value = math.nan  # the level the dashed line is drawn at
        self.before.setZValue(-5)
        self.set_dark(self._dark)  # colours, then the texts in them (retranslate)

    def _apply_colours(self, c) -> None:
        if hasattr(self, "before"):
            self.before.setPen(pg.mkPen(c.reference, width=2, style=Qt.PenStyle.DashLine))

    def retranslate(self) -> None:
        if not hasattr(self, "before"):
            return
        self._retranslate_menu()
        fg = chart_colours(self._dark).foreground
        cur = self._result.currency if self._result is not None else ""
        self.plotItem.setTitle(self.tr("Portfolio value over the horizon"), color=fg)
        self._label_axis("left", self.tr("Value ({0})").format(cur) if cur else self.tr("Value"))
        self._label_axis("bottom", self.tr("Quarters after the shock (0 = day one)"))
        self._rename_legend([(self.path, self.tr("Portfolio value")),
                             (self.before, self.tr("Value before the shock"))])

    def set_result(self, result: Result | None) -> None:
        currency_changed = (result is not None and (self._result is None
                                                    or self._result.currency != result.currency))
        self._result = result
        if result is None:
            self.path.setData([], [])
            self.before.setData([], [])
            self._last_q = -1.0
            self._before_value = math.nan
            return
        q = np.asarray(result.quarters, float)
        path = np.asarray(result.value_path, float)
        before = float(result.summary.value_before)
        self.path.setData(q, path)
        if q[-1] != self._last_q or before != self._before_value:  # not on a slider move
            self._before_value = before
            self.before.setData(q[[0, -1]], np.full(2, before))
        if q[-1] != self._last_q:
            self._last_q = q[-1]
            self.plotItem.setXRange(0, max(q[-1], 1), padding=0.03)
        self.fit_y((float(path.min()), float(path.max()), self.path.pixelPadding()),
                   (before, before, self.before.pixelPadding()))
        if currency_changed:
            self.retranslate()

    def hover_text(self, x: float, _y: float) -> str:
        if self._result is None:
            return ""
        q = np.asarray(self._result.quarters, float)
        i = int(np.clip(round(x), 0, len(q) - 1))
        if abs(x - q[i]) > 0.5:
            return ""
        value = float(self._result.value_path[i])
        before = float(self._result.summary.value_before)
        cur = self._result.currency
        change = portfolio_return(value - before, self._result.book.value_before)
        return (f"<b>{self.tr('Quarter {0}').format(int(q[i]))}</b><br>"
                f"{self.tr('Value')}: {self._money(value, cur)}<br>"
                f"{self.tr('Change')}: {self._money(value - before, cur, sign=True)} "
                f"({format_percent(change)})")


#: A closing note in brackets at the end of a title, Latin or full-width.
_BRACKETED_END = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")


class PresetCompareChart(ChartWidget):
    """The portfolio's day-one and horizon return under every scenario, side by side.

    Horizontal bars, one pair per scenario, so long scenario titles stay readable.
    """

    _grid_lines = (True, False)  # horizontal bars: values run along x

    def __init__(self, parent=None) -> None:
        super().__init__(parent, legend_columns=2,
                         bottom_axis=_NumberAxis("bottom", percent=True))
        self._results: list[Result] = []
        self._returns = np.zeros((0, 2))
        self.day_one = pg.BarGraphItem(x0=[], y=[], width=[], height=0.38,
                                       brush=pg.mkBrush(SERIES_COLOURS["day_one"]),
                                       pen=pg.mkPen(SERIES_COLOURS["day_one"]))
        self.horizon = pg.BarGraphItem(x0=[], y=[], width=[], height=0.38,
                                       brush=pg.mkBrush(SERIES_COLOURS["horizon"]),
                                       pen=pg.mkPen(SERIES_COLOURS["horizon"]))
        self.plotItem.addItem(self.day_one)
        self.plotItem.addItem(self.horizon)
        self.zero = _reference_line(90)
        self.plotItem.addItem(self.zero)
        self.plotItem.invertY(True)  # the first scenario on top
        self.set_dark(self._dark)  # colours, then the texts in them (retranslate)

    def _apply_colours(self, c) -> None:
        if hasattr(self, "zero"):
            self.zero.setPen(pg.mkPen(c.reference, width=1))

    def retranslate(self) -> None:
        if not hasattr(self, "zero"):
            return
        self._retranslate_menu()
        fg = chart_colours(self._dark).foreground
        self.plotItem.setTitle(self.tr("Your portfolio under every scenario"), color=fg)
        self._label_axis("bottom", self.tr("Portfolio return (%)"))
        self._rename_legend([(self.day_one, self.tr("Day one")),
                             (self.horizon, self.tr("At the horizon"))])
        self._set_ticks()

    def _title(self, result: Result) -> str:
        """The scenario's title without a closing note in brackets ("DeepSeek R1",
        not "DeepSeek R1 (27 January 2025)"): the axis then leaves the bars room
        in a narrow chart column."""
        s = result.scenario
        title = (s.title_ja or s.title) if self._lang == "ja" else s.title
        short = _BRACKETED_END.sub("", title or "")
        return short or title or s.name

    def _set_ticks(self) -> None:
        self.plotItem.getAxis("left").setTicks(
            [[(i, self._title(r)) for i, r in enumerate(self._results)]])

    def set_results(self, results: Sequence[Result]) -> None:
        """One result per scenario (same portfolio), drawn in the given order."""
        self._results = list(results)
        self._returns = np.array([[r.summary.return_instant, r.summary.return_horizon]
                                  for r in self._results], dtype=float).reshape(-1, 2) * 100
        # A book with nothing at stake has no return (NaN): no bar, rather than a broken one.
        self._returns = np.nan_to_num(self._returns, nan=0.0, posinf=0.0, neginf=0.0)
        y = np.arange(len(self._results), dtype=float)
        for item, col, offset in ((self.day_one, 0, -0.2), (self.horizon, 1, 0.2)):
            v = self._returns[:, col]
            item.setOpts(x0=np.minimum(v, 0), width=np.abs(v), y=y + offset, height=0.38)
        self._set_ticks()
        self.plotItem.setYRange(-0.6, max(len(y), 1) - 0.4, padding=0)

    def set_result(self, result: Result | None) -> None:
        self.set_results([] if result is None else [result])

    def hover_text(self, _x: float, y: float) -> str:
        i = round(y)
        if not (0 <= i < len(self._results)) or abs(y - i) > 0.45:
            return ""
        r = self._results[i]
        s = r.summary
        cur = r.currency
        return (f"<b>{self._title(r)}</b><br>"
                f"{self.tr('Day one')}: {format_percent(s.return_instant)} "
                f"({self._money(s.pnl, cur, sign=True)})<br>"
                f"{self.tr('At the horizon')}: {format_percent(s.return_horizon)} "
                f"({self._money(s.pnl_horizon, cur, sign=True)})")

