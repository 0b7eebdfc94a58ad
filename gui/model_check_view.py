"""The model check: ``deepseek-r1``'s day-one prediction against its reference day.

:class:`ModelCheckView` shows :func:`engine.modelcheck.model_check` as a
table (ticker, predicted day-one return, realised return, error) and a
scatter chart (predicted against realised, with the 45° line of a perfect
prediction), with the mean absolute error and the rank correlation, and the
plain notes on what the model leaves out.  Three bases:

* the user's holdings (the preset evaluated on the open portfolio);
* the calibration set (the shared reference names the preset was set with);
* every name of the exposure library with data for the day.

The figures are the engine's own (``ModelCheck.mae``/``spearman``, and
``calibration`` for the calibration set); this module only draws them.
:class:`ModelCheckDialog` puts the view in a window of its own.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine import evaluate, load_scenario
from engine.events import load_event
from engine.formatting import format_date, format_number, format_percent
from engine.modelcheck import (
    DEFAULT_EVENT,
    MODEL_CHECK_SCENARIO,
    ModelCheck,
    check_notes,
    model_check,
)
from gui.charts import ChartWidget, _NumberAxis
from gui.i18n import current_language, language_notifier
from gui.theme import (
    SERIES_COLOURS,
    chart_colours,
    gain_loss_colours,
    is_dark,
    theme_notifier,
)

__all__ = ["BASES", "ModelCheckChart", "ModelCheckDialog", "ModelCheckView"]

# The views a user can choose: their holdings, the calibration set, every name with data.
BASES = ("holdings", "calibration", "library")
_SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_LABEL_LIMIT = 40  # more points than this: labels only under the mouse


class ModelCheckChart(ChartWidget):
    """Predicted (x) against realised (y) day-one returns in %, with the 45° line."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent, left_axis=_NumberAxis("left", percent=True),
                         bottom_axis=_NumberAxis("bottom", percent=True))
        self._table = pd.DataFrame(columns=["ticker", "name", "predicted", "realised", "error"])
        self._labels: list[pg.TextItem] = []
        self.diagonal = self.plotItem.plot([], [])
        self.diagonal.setZValue(-5)
        self.points = pg.ScatterPlotItem(size=10)
        self.points.setZValue(10)
        self.plotItem.addItem(self.points)
        self.plotItem.showGrid(x=True, y=True)
        self.set_dark(self._dark)  # colours, then the texts in them (retranslate)

    def set_dark(self, dark: bool) -> None:
        super().set_dark(dark)
        self.plotItem.showGrid(x=True, y=True, alpha=chart_colours(dark).grid_alpha)
        for label in getattr(self, "_labels", ()):
            label.setColor(chart_colours(dark).foreground)

    def _apply_colours(self, c) -> None:
        if hasattr(self, "points"):
            self.diagonal.setPen(pg.mkPen(c.reference, width=1.5, style=Qt.PenStyle.DashLine))
            colour = SERIES_COLOURS["value"]
            self.points.setPen(pg.mkPen(c.background, width=1))
            self.points.setBrush(pg.mkBrush(colour))

    def retranslate(self) -> None:
        if not hasattr(self, "points"):
            return
        self._retranslate_menu()
        self.plotItem.setTitle(self.tr("Predicted against realised, day one"),
                               color=chart_colours(self._dark).foreground)
        self._label_axis("bottom", self.tr("Predicted by the model (%)"))
        self._label_axis("left", self.tr("Realised (%)"))

    def set_table(self, table: pd.DataFrame) -> None:
        """One point per row of a :class:`ModelCheck` table (fractions)."""
        self._table = table.reset_index(drop=True)
        x = table["predicted"].to_numpy(float) * 100
        y = table["realised"].to_numpy(float) * 100
        self.points.setData(x=x, y=y)
        for label in self._labels:
            self.plotItem.removeItem(label)
        self._labels = []
        if len(table) <= _LABEL_LIMIT:
            colour = chart_colours(self._dark).foreground
            for ticker, xi, yi in zip(table["ticker"], x, y, strict=True):
                label = pg.TextItem(str(ticker), color=colour, anchor=(-0.15, 0.5))
                if len(table) > 12:
                    font = label.textItem.font()
                    font.setPointSizeF(font.pointSizeF() * 0.85)
                    label.setFont(font)
                label.setPos(float(xi), float(yi))
                self.plotItem.addItem(label)
                self._labels.append(label)
        if len(x):
            low = float(min(x.min(), y.min(), 0.0))
            high = float(max(x.max(), y.max(), 0.0))
            pad = max(1.0, 0.08 * (high - low))
            low, high = low - pad, high + pad
            self.diagonal.setData([low, high], [low, high])
            self.plotItem.setXRange(low, high + 0.12 * (high - low), padding=0)
            self.plotItem.setYRange(low, high, padding=0)
        else:
            self.diagonal.setData([], [])

    def point_labels(self) -> list[str]:
        """The tickers written beside the points (for tests)."""
        return [label.textItem.toPlainText() for label in self._labels]

    def hover_text(self, x: float, y: float) -> str:
        t = self._table
        if not len(t):
            return ""
        px = t["predicted"].to_numpy(float) * 100
        py = t["realised"].to_numpy(float) * 100
        (x0, x1), (y0, y1) = self.plotItem.vb.viewRange()
        # Distance in fractions of the visible range, so both axes count alike.
        d = np.hypot((px - x) / max(x1 - x0, 1e-9), (py - y) / max(y1 - y0, 1e-9))
        i = int(np.argmin(d))
        if d[i] > 0.03:
            return ""
        row = t.iloc[i]
        return (f"<b>{row['ticker']}</b> {row['name']}<br>"
                f"{self.tr('Predicted')}: {format_percent(float(row['predicted']))}<br>"
                f"{self.tr('Realised')}: {format_percent(float(row['realised']))}<br>"
                f"{self.tr('Error')}: {_points(float(row['error']))}")


def _points(error: float) -> str:
    """An error in percentage points: +4.21 pp."""
    return QCoreApplication.translate("ModelCheckView", "{0} pp").format(
        format_number(100 * error, 2, sign=True))


class _Item(QTableWidgetItem):
    """A cell that sorts by its raw value, not by its text."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        a, b = self.data(_SORT_ROLE), other.data(_SORT_ROLE)
        if a is None or b is None:
            return super().__lt__(other)
        return a < b


class ModelCheckView(QWidget):
    """Table, scatter chart, figures and notes of the model check."""

    basis_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lang = current_language()
        self._dark = is_dark()
        self._book = None
        self._holdings_check: ModelCheck | None = None
        self._library_check: ModelCheck | None = None
        self._basis = "calibration"

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.buttons = QButtonGroup(self)
        self.basis_buttons: dict[str, QRadioButton] = {}
        row = QHBoxLayout()
        for key in BASES:
            button = QRadioButton()
            self.buttons.addButton(button)
            self.basis_buttons[key] = button
            button.toggled.connect(lambda on, key=key: on and self.set_basis(key))
            row.addWidget(button)
        row.addStretch(1)
        self.figures = QLabel()
        self.figures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.figures.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.figures.setFont(font)

        self.table = QTableWidget(0, 4)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setSortIndicator(2, Qt.SortOrder.AscendingOrder)  # by realised, as the engine
        self.chart = ModelCheckChart()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.chart)
        split.setSizes([420, 560])
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(row)
        layout.addWidget(self.figures)
        layout.addWidget(split, 1)
        layout.addWidget(self.notes)
        self.retranslate()
        self.set_book(None)
        # The chart follows language and theme itself; the table, figures and notes here.
        language_notifier().changed.connect(self.set_language)
        theme_notifier().changed.connect(self.set_dark)

    # -- feeding -------------------------------------------------------------
    def set_book(self, book) -> None:
        """The open portfolio's prepared book (None: no portfolio, no holdings basis)."""
        self._book = book
        self._holdings_check = None
        self.basis_buttons["holdings"].setEnabled(book is not None)
        if book is None and self._basis == "holdings":
            self._basis = "calibration"
        self._refresh()

    def set_basis(self, basis: str) -> None:
        """Show ``basis`` (one of :data:`BASES`)."""
        if basis not in BASES:
            raise ValueError(f"unknown basis {basis!r}; use one of {', '.join(BASES)}")
        if basis == "holdings" and self._book is None:
            return
        changed = basis != self._basis
        self._basis = basis
        self._refresh()
        if changed:
            self.basis_changed.emit(basis)

    @property
    def basis(self) -> str:
        return self._basis

    def check(self) -> ModelCheck:
        """The engine's model check behind the shown basis."""
        if self._basis == "holdings":
            if self._holdings_check is None:
                scenario = load_scenario(MODEL_CHECK_SCENARIO)
                self._holdings_check = model_check(evaluate(self._book, scenario), DEFAULT_EVENT)
            return self._holdings_check
        if self._library_check is None:
            self._library_check = model_check(load_scenario(MODEL_CHECK_SCENARIO), DEFAULT_EVENT)
        return self._library_check

    def shown(self) -> tuple[pd.DataFrame, dict]:
        """The rows shown and their figures (``count``, ``mae``, ``spearman``)."""
        check = self.check()
        if self._basis == "calibration":
            return (check.table[check.table["set"] == "calibration"].reset_index(drop=True),
                    dict(check.calibration))
        return check.table, {"count": check.count, "mae": check.mae,
                             "spearman": check.spearman}

    # -- look ----------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        self._lang = lang
        self.retranslate()

    def set_dark(self, dark: bool) -> None:
        self._dark = dark
        self._refresh()

    def retranslate(self) -> None:
        self.heading.setText(self.tr(
            "<b>Model check.</b> The <i>{0}</i> preset's day-one price move for each name "
            "(in its own currency, without the exchange rate) against what the market did "
            "on {1}.").format(MODEL_CHECK_SCENARIO, format_date(DEFAULT_EVENT, self._lang)))
        self.basis_buttons["holdings"].setText(self.tr("Your holdings"))
        self.basis_buttons["calibration"].setText(self.tr("Calibration set"))
        self.basis_buttons["library"].setText(self.tr("All names with data"))
        self.basis_buttons["holdings"].setToolTip(
            self.tr("Open a portfolio to check the model on its holdings")
            if self._book is None else "")
        self.table.setHorizontalHeaderLabels([self.tr("Ticker"), self.tr("Predicted day one"),
                                              self.tr("Realised"), self.tr("Error")])
        self.table.horizontalHeaderItem(3).setToolTip(
            self.tr("Predicted minus realised, in percentage points"))
        self._refresh()

    # -- drawing -------------------------------------------------------------
    def _refresh(self) -> None:
        with_signals = self.basis_buttons[self._basis]
        if not with_signals.isChecked():
            with_signals.blockSignals(True)
            with_signals.setChecked(True)
            with_signals.blockSignals(False)
        table, figures = self.shown()
        self.figures.setText(self.figures_text(figures))
        self._fill_table(table)
        self.chart.set_table(table)
        self.notes.setText(self._notes_html(table))

    def figures_text(self, figures: dict) -> str:
        """"Mean absolute error 3.76 pp · rank correlation 0.71 · 12 names"."""
        rho = figures["spearman"]
        rank = format_number(rho, 2) if rho is not None and math.isfinite(rho) else "—"
        mae = figures["mae"]
        mae_text = _points(mae).lstrip("+") if mae is not None and math.isfinite(mae) else "—"
        return self.tr("Mean absolute error {0} · rank correlation {1} · {2} names").format(
            mae_text, rank, figures["count"])

    def _fill_table(self, table: pd.DataFrame) -> None:
        gain, loss = gain_loss_colours(self._dark)
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(table))
        for r, row in enumerate(table.itertuples(index=False)):
            cells = [(str(row.ticker), str(row.ticker).casefold()),
                     (format_percent(row.predicted), float(row.predicted)),
                     (format_percent(row.realised), float(row.realised)),
                     (_points(row.error), float(row.error))]
            for c, (text, key) in enumerate(cells):
                item = _Item(text)
                item.setData(_SORT_ROLE, key)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if c in (1, 2) and key:
                    item.setForeground(gain if key > 0 else loss)
                item.setToolTip(f"{row.name}\n{self.tr('Source')}: {row.source} "
                                f"({self.tr('confidence')}: {row.confidence})")
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(True)

    def _notes_html(self, table: pd.DataFrame) -> str:
        no_data = ()
        if self._basis == "holdings" and self._holdings_check is not None:
            no_data = self._holdings_check.no_data
        reference = self._basis != "library" or bool(len(table[table["set"] == "calibration"]))
        notes = check_notes(table, load_event(DEFAULT_EVENT), self._lang, reference=reference,
                            no_data=no_data, figures=False)
        return "<ul style='margin-left:-20px'>" + "".join(
            f"<li>{_escape(n)}</li>" for n in notes) + "</ul>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ModelCheckDialog(QDialog):
    """The model check in a window of its own (modeless)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = ModelCheckView()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(1000, 680)
        self.retranslate()
        language_notifier().changed.connect(self.retranslate)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Model check: {0} against {1}").format(
            MODEL_CHECK_SCENARIO, format_date(DEFAULT_EVENT, current_language())))
