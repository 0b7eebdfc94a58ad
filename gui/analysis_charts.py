"""The uncertainty charts: Monte Carlo histogram, tornado of drivers, sensitivity heat map.

Like :mod:`gui.charts` they are :class:`~gui.charts.ChartWidget` subclasses
fed plain data, so the window's analysis tabs and the report writers
(:mod:`gui.report_charts`, offscreen through
:func:`gui.chart_export.render_chart_image`) draw the same pictures:

* :class:`DistributionChart` takes a :class:`engine.outcomes.PnlDistribution`
  (``Result.distribution``);
* :class:`TornadoChart` takes :class:`engine.outcomes.DriverBar` bars
  (``Result.drivers``) and the point P&L;
* :class:`HeatmapChart` takes an :class:`engine.outcomes.Grid`, and emits :attr:`HeatmapChart.cell_clicked` when a cell is
  clicked.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal

from engine.formatting import format_number, format_percent
from engine.outcomes import DriverBar, Grid, Measure, PnlDistribution
from engine.parameters import parameter
from gui.charts import ChartWidget, _NumberAxis, _reference_line
from gui.labels import parameter_label, parameter_unit
from gui.theme import chart_colours

__all__ = ["DistributionChart", "HeatmapChart", "TornadoChart", "grid_ticks"]

_LOSS = "#C0392B"      # tail of the distribution, the 99% markers
_LOSS_95 = "#E69F00"   # the 95% markers
_BODY = "#6A9FCF"
_LOW = "#D55E00"       # tornado: parameter at its low quantile
_HIGH = "#0072B2"      # tornado: parameter at its high quantile
# Diverging colours for the grid (ColorBrewer RdBu): losses red, gains blue.
_HEAT = ("#B2182B", "#EF8A62", "#FDDBC7", "#F7F7F7", "#D1E5F0", "#67A9CF", "#2166AC")


def _vertical(item: pg.PlotDataItem, x: float, top: float) -> None:
    item.setData([x, x], [0.0, top])


class DistributionChart(ChartWidget):
    """Histogram of the Monte Carlo P&L at the horizon, with VaR and ES markers.

    Bars in the worst 5% (left of −VaR 95%) are drawn in the loss colour.
    Heights are shares of the draws (%), so charts of different N compare.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent, legend_columns=3, left_axis=_NumberAxis("left"),
                         bottom_axis=_NumberAxis("bottom"))
        self._dist: PnlDistribution | None = None
        self._edges = np.zeros(0)
        self._share = np.zeros(0)
        self.body = pg.BarGraphItem(x0=[], x1=[], height=[], brush=pg.mkBrush(_BODY),
                                    pen=pg.mkPen(_BODY))
        self.tail = pg.BarGraphItem(x0=[], x1=[], height=[], brush=pg.mkBrush(_LOSS),
                                    pen=pg.mkPen(_LOSS))
        self.plotItem.addItem(self.body)
        self.plotItem.addItem(self.tail)
        dash, dot = Qt.PenStyle.DashLine, Qt.PenStyle.DotLine
        self.markers = {
            "var95": self.plotItem.plot([], [], pen=pg.mkPen(_LOSS_95, width=2, style=dash)),
            "es95": self.plotItem.plot([], [], pen=pg.mkPen(_LOSS_95, width=2, style=dot)),
            "var99": self.plotItem.plot([], [], pen=pg.mkPen(_LOSS, width=2, style=dash)),
            "es99": self.plotItem.plot([], [], pen=pg.mkPen(_LOSS, width=2, style=dot)),
        }
        self.mean = self.plotItem.plot([], [])
        for item in (*self.markers.values(), self.mean):
            item.setZValue(10)
        self.zero = _reference_line(90)
        self.plotItem.addItem(self.zero)
        self.set_dark(self._dark)  # colours, then the texts in them (retranslate)

    def _apply_colours(self, c) -> None:
        if hasattr(self, "mean"):
            self.mean.setPen(pg.mkPen(c.foreground, width=2))
            self.zero.setPen(pg.mkPen(c.reference, width=1))

    def retranslate(self) -> None:
        if not hasattr(self, "mean"):
            return
        self._retranslate_menu()
        fg = chart_colours(self._dark).foreground
        cur = self._dist.currency if self._dist else ""
        # Short enough for the tab's width: the draws are in the page's status line
        # and the report's note.
        title = self.tr("Range of outcomes at the horizon")
        self.plotItem.setTitle(title, color=fg)
        self._label_axis("bottom", self.tr("P&L at the horizon ({0})").format(cur) if cur
                         else self.tr("P&L at the horizon"))
        self._label_axis("left", self.tr("Share of draws (%)"))
        self._rename_legend([(self.tail, self.tr("Worst 5% of draws")),
                             (self.mean, self.tr("Mean")),
                             (self.markers["var95"], self.tr("VaR 95%")),
                             (self.markers["es95"], self.tr("ES 95%")),
                             (self.markers["var99"], self.tr("VaR 99%")),
                             (self.markers["es99"], self.tr("ES 99%"))])

    def set_distribution(self, dist: PnlDistribution | None) -> None:
        """Show a Monte Carlo distribution (``None`` clears)."""
        self._dist = dist
        if dist is None:
            self._edges, self._share = np.zeros(0), np.zeros(0)
            for bar in (self.body, self.tail):
                bar.setOpts(x0=[], x1=[], height=[])
            for item in (*self.markers.values(), self.mean):
                item.setData([], [])
            self.retranslate()
            return
        edges = np.asarray(dist.histogram.edges, float)
        counts = np.asarray(dist.histogram.counts, float)
        total = counts.sum() or 1.0
        self._edges, self._share = edges, 100.0 * counts / total
        money = dist.money
        cut = -money.var95
        tail = edges[1:] <= cut
        for bar, keep in ((self.body, ~tail), (self.tail, tail)):
            bar.setOpts(x0=edges[:-1][keep], x1=edges[1:][keep], height=self._share[keep])
        top = float(self._share.max()) * 1.05 if len(self._share) else 1.0
        for key, item in self.markers.items():
            _vertical(item, -float(getattr(money, key)), top)
        _vertical(self.mean, money.mean, top)
        lo = min(edges[0], -money.es99)
        hi = edges[-1]
        self.plotItem.setXRange(lo, hi, padding=0.02)
        self.plotItem.setYRange(0, top, padding=0.02)
        self.retranslate()

    def hover_text(self, x: float, _y: float) -> str:
        e = self._edges
        if not len(e) or not e[0] <= x <= e[-1] or self._dist is None:
            return ""
        i = int(min(np.searchsorted(e, x, side="right") - 1, len(e) - 2))
        cur = self._dist.currency
        span = self.tr("P&L from {0} to {1}").format(self._money(e[i], cur, sign=True),
                                                    self._money(e[i + 1], cur, sign=True))
        share = format_percent(self._share[i] / 100, 2, sign=False)
        return f"{span}<br>{self.tr('{0} of draws').format(share)}"


class TornadoChart(ChartWidget):
    """One row per uncertain parameter, widest swing on top.

    Each row has two bars from the point P&L (the vertical line): to the P&L
    with the parameter at its low quantile and at its high quantile, the
    others at their medians.  The tick label carries the parameter's part of
    the variance the assumptions explain together, when known (its share of
    the whole variance is in the tooltip).
    """

    _grid_lines = (True, False)  # horizontal bars: values run along x

    def __init__(self, parent=None) -> None:
        super().__init__(parent, legend_columns=3, bottom_axis=_NumberAxis("bottom"))
        self._bars: list[DriverBar] = []
        self._base = 0.0
        self._currency = ""
        self.low = pg.BarGraphItem(x0=[], y=[], width=[], height=0.6, brush=pg.mkBrush(_LOW),
                                   pen=pg.mkPen(_LOW))
        self.high = pg.BarGraphItem(x0=[], y=[], width=[], height=0.6, brush=pg.mkBrush(_HIGH),
                                    pen=pg.mkPen(_HIGH))
        self.plotItem.addItem(self.low)
        self.plotItem.addItem(self.high)
        self.base = self.plotItem.plot([], [])
        self.base.setZValue(10)
        self.plotItem.invertY(True)
        self.plotItem.getAxis("left").setStyle(autoExpandTextSpace=True)
        self.set_dark(self._dark)  # colours, then the texts in them (retranslate)

    def _apply_colours(self, c) -> None:
        if hasattr(self, "base"):
            self.base.setPen(pg.mkPen(c.foreground, width=2))

    def retranslate(self) -> None:
        if not hasattr(self, "base"):
            return
        self._retranslate_menu()
        fg = chart_colours(self._dark).foreground
        self.plotItem.setTitle(self.tr("What drives the P&L at the horizon"), color=fg)
        cur = self._currency
        self._label_axis("bottom", self.tr("P&L at the horizon ({0})").format(cur) if cur
                         else self.tr("P&L at the horizon"))
        self._rename_legend([(self.low, self.tr("Parameter at its 5% quantile")),
                             (self.high, self.tr("at its 95% quantile")),
                             (self.base, self.tr("All at their medians"))])
        self._set_ticks()

    def assumptions_share(self) -> float | None:
        """The share of the Monte Carlo variance the assumptions explain together (first order)."""
        shares = [b.variance_share for b in self._bars if b.variance_share is not None]
        return sum(shares) if shares else None

    def _row_label(self, bar: DriverBar) -> str:
        # The share within the assumptions' part: with stock noise on, shares of the
        # whole variance all read ~0% and say nothing about which assumption matters.
        label = parameter_label(parameter(bar.parameter))
        share, total = bar.variance_share, self.assumptions_share()
        if share is None or not total:
            return label
        return f"{label} · {format_percent(share / total, 0, sign=False)}"

    def _set_ticks(self) -> None:
        self.plotItem.getAxis("left").setTicks(
            [[(i, self._row_label(b)) for i, b in enumerate(self._bars)]])

    def set_drivers(self, bars: Sequence[DriverBar], base_pnl: float,
                    currency: str) -> None:
        """``bars`` as :func:`engine.sensitivity.tornado` returns them (any order)."""
        self._bars = sorted(bars, key=lambda b: -b.swing)
        self._base = float(base_pnl)
        self._currency = currency
        y = np.arange(len(self._bars), dtype=float)
        for item, key in ((self.low, "pnl_low"), (self.high, "pnl_high")):
            v = np.array([float(getattr(b, key)) for b in self._bars])
            item.setOpts(x0=np.minimum(v, self._base) if len(v) else v,
                         width=np.abs(v - self._base), y=y, height=0.6)
        n = max(len(self._bars), 1)
        self.base.setData([self._base, self._base], [-0.5, n - 0.5])
        self.plotItem.setYRange(-0.6, n - 0.4, padding=0)
        if self._bars:
            values = [self._base] + [float(getattr(b, k)) for b in self._bars
                                     for k in ("pnl_low", "pnl_high")]
            self.plotItem.setXRange(min(values), max(values), padding=0.06)
        self.retranslate()

    def hover_text(self, _x: float, y: float) -> str:
        i = round(y)
        if not (0 <= i < len(self._bars)) or abs(y - i) > 0.4:
            return ""
        b = self._bars[i]
        cur = self._currency
        spec = parameter(b.parameter)
        lines = [f"<b>{parameter_label(spec)}</b>",
                 self.tr("5% quantile {0}: P&L {1}").format(
                     spec.value_text(b.low_value),
                     self._money(b.pnl_low, cur, sign=True)),
                 self.tr("95% quantile {0}: P&L {1}").format(
                     spec.value_text(b.high_value),
                     self._money(b.pnl_high, cur, sign=True)),
                 self.tr("Swing: {0}").format(self._money(b.swing, cur))]
        if b.variance_share is not None:
            lines.append(self.tr("Share of the Monte Carlo variance: {0}").format(
                format_percent(b.variance_share, 1, sign=False)))
            total = self.assumptions_share()
            if total:
                lines.append(self.tr("Part of the assumptions' share: {0}").format(
                    format_percent(b.variance_share / total, 0, sign=False)))
        return "<br>".join(lines)


def grid_ticks(values: np.ndarray, log: bool, count: int = 6) -> list[tuple[float, str]]:
    """Round parameter values to label an axis whose cells are ``values``.

    Returns ``(position, text)`` in cell coordinates (cell ``j`` spans
    ``[j, j + 1]``), interpolating linearly, or in log space for ``log`` axes.
    """
    v = np.asarray(values, float)
    lo, hi = float(v[0]), float(v[-1])
    if log and lo > 0:
        candidates = [m * 10.0 ** e for e in range(math.floor(math.log10(lo)) - 1,
                                                  math.ceil(math.log10(hi)) + 1)
                      for m in (1, 2, 5)]
        ticks = [t for t in candidates if lo <= t <= hi]
        pos = np.interp(np.log(ticks), np.log(v), np.arange(len(v))) if ticks else []
    else:
        raw = (hi - lo) / max(count - 1, 1)
        mag = 10.0 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
        step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
        start = math.ceil(lo / step - 1e-9) * step
        ticks = [start + k * step for k in range(int((hi - start) / step + 1e-9) + 1)]
        pos = np.interp(ticks, v, np.arange(len(v))) if ticks else []
    out = []
    for t, p in zip(ticks, pos, strict=True):
        fraction = f"{t:.3f}".rstrip("0").split(".")[1] if "." in f"{t:.3f}" else ""
        out.append((float(p) + 0.5, format_number(t, len(fraction))))
    return out


class HeatmapChart(ChartWidget):
    """Return over a grid of two parameters, with a colour bar and contour lines.

    Cells are drawn in cell coordinates (cell ``(i, j)`` spans ``[j, j+1] ×
    [i, i+1]``), with round parameter values as tick labels, so log-spaced
    axes (the efficiency multiple) show as even cells.  Contours at the grid's
    ``levels`` (−20%, −10% and the 0% break-even); a marker at the scenario's
    own point.  Hover shows the exact value; a click emits
    :attr:`cell_clicked` with the cell's two parameter values.
    """

    _grid_lines = (False, False)  # the colours are the values

    cell_clicked = Signal(str, float, str, float)  # x name, x value, y name, y value

    def __init__(self, parent=None) -> None:
        super().__init__(parent, legend_columns=4)
        self._grid: Grid | None = None
        self._returns = np.zeros((0, 0))
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plotItem.addItem(self.image)
        cmap = pg.ColorMap(np.linspace(0.0, 1.0, len(_HEAT)), list(_HEAT))
        self.colorbar = pg.ColorBarItem(values=(-1, 1), colorMap=cmap, interactive=False,
                                        width=14)
        self.colorbar.setImageItem(self.image, insert_in=self.plotItem)
        self.colorbar.axis.setStyle(maxTickLevel=0)
        self.isocurves: dict[float, pg.IsocurveItem] = {}
        self._legend_items: dict[float, pg.PlotDataItem] = {}
        self.point = pg.ScatterPlotItem(symbol="+", size=16)
        self.point.setZValue(20)
        self.plotItem.addItem(self.point)
        self.scene().sigMouseClicked.connect(self._on_mouse_clicked)
        self.set_dark(self._dark)  # colours, then the texts in them (retranslate)

    # -- look ----------------------------------------------------------------
    def _level_pen(self, level: float, colours) -> Any:
        if level == 0.0:
            return pg.mkPen(colours.foreground, width=2.5)
        style = Qt.PenStyle.DashLine if level <= -0.2 + 1e-12 else Qt.PenStyle.DotLine
        return pg.mkPen(colours.foreground, width=1.8, style=style)

    def _apply_colours(self, c) -> None:
        if not hasattr(self, "point"):
            return
        for level, curve in self.isocurves.items():
            curve.setPen(self._level_pen(level, c))
            self._legend_items[level].setPen(self._level_pen(level, c))
        self.point.setPen(pg.mkPen(c.foreground, width=2.5))
        self.point.setBrush(pg.mkBrush(c.foreground))
        self.colorbar.axis.setPen(pg.mkPen(c.foreground))
        self.colorbar.axis.setTextPen(pg.mkPen(c.foreground))

    def retranslate(self) -> None:
        if not hasattr(self, "point"):
            return
        self._retranslate_menu()
        fg = chart_colours(self._dark).foreground
        g = self._grid
        if g is None:
            self.plotItem.setTitle(self.tr("Return over two parameters"), color=fg)
            self._rename_legend([])
            return
        when = (self.tr("on day one") if g.measure == Measure.DAY_ONE
                else self.tr("at the horizon"))
        who = g.holding or self.tr("the portfolio")
        self.plotItem.setTitle(self.tr("Return of {0} {1} (%)").format(who, when), color=fg)
        self._label_axis("bottom", self._axis_text(g.x_name))
        self._label_axis("left", self._axis_text(g.y_name))
        items = [(self._legend_items[lv], self._level_text(lv)) for lv in sorted(self.isocurves)]
        self._rename_legend([*items, (self.point, self.tr("The scenario now"))])

    def _axis_text(self, name: str) -> str:
        spec = parameter(name)
        unit = parameter_unit(spec)
        label = f"{parameter_label(spec)} ({spec.symbol})"
        return f"{label}, {unit}" if unit and unit != "×" else label

    def _level_text(self, level: float) -> str:
        if level == 0.0:
            return self.tr("Break-even (0%)")
        return self.tr("{0} return").format(format_percent(level, 0))

    # -- data ----------------------------------------------------------------
    def set_grid(self, grid: Grid | None) -> None:
        """Show a sensitivity grid (``None`` clears)."""
        self._grid = grid
        if grid is None:
            self._returns = np.zeros((0, 0))
            self.image.clear()
            for curve in self.isocurves.values():
                curve.setData(None)
            self.point.setData([], [])
            self.retranslate()
            return
        r = np.asarray(grid.returns, float)
        self._returns = r
        pct = 100.0 * r
        span = float(np.nanmax(np.abs(pct))) if pct.size else 1.0
        span = max(span, 1.0)
        self.image.setImage(pct, autoLevels=False)
        self.image.setRect(0, 0, r.shape[1], r.shape[0])
        self.colorbar.setLevels((-span, span))
        levels = tuple(float(v) for v in grid.levels)
        for level in list(self.isocurves):
            if level not in levels:
                self.plotItem.removeItem(self.isocurves.pop(level))
                self._legend_items.pop(level)
        colours = chart_colours(self._dark)
        for level in levels:
            if level not in self.isocurves:
                curve = pg.IsocurveItem(level=100.0 * level, axisOrder="row-major")
                curve.setZValue(15)
                # The contour is traced through cell centres.
                curve.setPos(0.5, 0.5)
                self.plotItem.addItem(curve)
                self.isocurves[level] = curve
                self._legend_items[level] = pg.PlotDataItem([], [])
            self.isocurves[level].setPen(self._level_pen(level, colours))
            self._legend_items[level].setPen(self._level_pen(level, colours))
            self.isocurves[level].setData(pct, 100.0 * level)
        self.set_point(*grid.point)
        x_spec, y_spec = parameter(grid.x_name), parameter(grid.y_name)
        xv, yv = np.asarray(grid.x, float), np.asarray(grid.y, float)
        self.plotItem.getAxis("bottom").setTicks([grid_ticks(xv, x_spec.log)])
        self.plotItem.getAxis("left").setTicks([grid_ticks(yv, y_spec.log)])
        self.plotItem.setXRange(0, r.shape[1], padding=0)
        self.plotItem.setYRange(0, r.shape[0], padding=0)
        self.retranslate()

    def set_point(self, x_value: float, y_value: float) -> None:
        """Move the "scenario now" marker to parameter values (x, y)."""
        g = self._grid
        if g is None or not (math.isfinite(x_value) and math.isfinite(y_value)):
            self.point.setData([], [])
            return
        px = self._to_cell(np.asarray(g.x, float), x_value, parameter(g.x_name).log)
        py = self._to_cell(np.asarray(g.y, float), y_value, parameter(g.y_name).log)
        if px is None or py is None:
            self.point.setData([], [])
        else:
            self.point.setData([px], [py])

    @staticmethod
    def _to_cell(values: np.ndarray, v: float, log: bool) -> float | None:
        if not values[0] <= v <= values[-1]:
            return None
        if log and values[0] > 0:
            return float(np.interp(math.log(v), np.log(values), np.arange(len(values)))) + 0.5
        return float(np.interp(v, values, np.arange(len(values)))) + 0.5

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        """(row, column) of the cell under chart coordinates (x, y), or ``None``."""
        rows, cols = self._returns.shape
        i, j = math.floor(y), math.floor(x)
        if self._grid is None or not (0 <= i < rows and 0 <= j < cols):
            return None
        return i, j

    def cell_values(self, i: int, j: int) -> tuple[float, float, float]:
        """(x value, y value, return) of cell (row ``i``, column ``j``)."""
        g = self._grid
        return (float(g.x[j]), float(g.y[i]), float(self._returns[i, j]))

    def hover_text(self, x: float, y: float) -> str:
        cell = self.cell_at(x, y)
        if cell is None:
            return ""
        xv, yv, r = self.cell_values(*cell)
        g = self._grid
        xs, ys = parameter(g.x_name), parameter(g.y_name)
        return (f"{parameter_label(xs)} = {xs.value_text(xv)}<br>"
                f"{parameter_label(ys)} = {ys.value_text(yv)}<br>"
                f"<b>{self.tr('Return')}: {format_percent(r, 2)}</b><br>"
                f"<i>{self.tr('Click to set these two sliders')}</i>")

    def click_cell(self, i: int, j: int) -> None:
        """Act as a click on cell (row ``i``, column ``j``): emit :attr:`cell_clicked`."""
        xv, yv, _ = self.cell_values(i, j)
        self.cell_clicked.emit(self._grid.x_name, xv, self._grid.y_name, yv)

    def _on_mouse_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        vb = self.plotItem.vb
        pos: QPointF = event.scenePos()
        if not vb.sceneBoundingRect().contains(pos):
            return
        point = vb.mapSceneToView(pos)
        cell = self.cell_at(point.x(), point.y())
        if cell is not None:
            event.accept()
            self.click_cell(*cell)
