"""The analysis tabs: Distribution, Drivers, Sensitivity and Reverse stress.

:class:`AnalysisPanel` owns four pages that the main window shows beside its
charts (:meth:`AnalysisPanel.install`).  The computations are the engine's
(:mod:`engine.analysis`); each runs on the window's
:class:`gui.worker.TaskRunner` (progress and Cancel in the status bar;
starting a run cancels the one before), and the pages only draw the results.

Staleness.  Each result remembers the inputs it was computed for (the book
and the scenario's parameters and distributions; a grid ignores its own two
axes, which it spans).  When the scenario changes afterwards the page keeps
the numbers but says plainly that they are out of date.  A run whose
scenario changed *while it ran* is dropped, never shown (the page says so);
the user runs it again.  A new portfolio clears every result.

:meth:`AnalysisPanel.attach` adds the current (not stale) results to a
:class:`~engine.result.Result`, so an export carries the distribution, the
tornado, the grid and the reverse-stress answers that the tabs show.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from engine.analysis import UncertaintyRun, run_grid, run_reverse, run_uncertainty
from engine.formatting import format_money, format_number, format_percent
from engine.outcomes import (
    PnlDistribution,
    ReverseStress,
)
from engine.parameters import PARAMETERS, parameter
from engine.result import Result
from engine.scenario import Scenario
from engine.sensitivity import answer_text
from gui.analysis_charts import DistributionChart, HeatmapChart, TornadoChart
from gui.flow_layout import FlowLayout, pair
from gui.i18n import current_language, language_notifier
from gui.labels import parameter_label
from gui.worker import TaskHandle, TaskRunner

__all__ = ["AnalysisPanel"]

_DEFAULT_DRAWS = 20_000
_DEFAULT_SEED = 7
_SOLVABLE = tuple(s.name for s in PARAMETERS if not s.integer)


def _parameters_key(book, scenario: Scenario, skip: tuple[str, ...] = ()) -> tuple:
    return (id(book), *((k, float(v)) for k, v in sorted(scenario.parameters.items())
                        if k not in skip))


def _scenario_key(book, scenario: Scenario) -> tuple:
    return (id(book), scenario.fingerprint())


# -- shared bits of the pages --------------------------------------------------
class _StaleBanner(QLabel):
    """A yellow line that says the numbers below are for earlier settings."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet("QLabel { background: #FFF4CE; color: #5C4400; padding: 3px 6px;"
                           " border: 1px solid #E8D48A; border-radius: 3px; }")
        self.setVisible(False)


class _EmptyState(QStackedWidget):
    """A page's content, or a sentence saying what to press before there is any.

    Empty axes read as "something broke"; a sentence reads as "your turn".
    """

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt.setEnabled(False)  # the palette's muted text colour
        font = self.prompt.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.prompt.setFont(font)
        self.addWidget(self.prompt)
        self.addWidget(content)

    def show_prompt(self, text: str) -> None:
        self.prompt.setText(text)
        self.setCurrentIndex(0)

    def show_content(self) -> None:
        self.setCurrentIndex(1)

    @property
    def is_empty(self) -> bool:
        return self.currentIndex() == 0


def _controls_row() -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    return row


def _holding_box() -> QComboBox:
    box = QComboBox()
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return box


def _fill_holdings(box: QComboBox, book) -> None:
    current = box.currentData()
    box.clear()
    box.addItem(QCoreApplication.translate("AnalysisPanel", "Portfolio"), None)
    if book is not None:
        for i, t in enumerate(book.holdings["ticker"]):
            box.addItem(str(t), i)
    index = box.findData(current)
    box.setCurrentIndex(max(index, 0))


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _item(text: str, *, number: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


# -- the pages -------------------------------------------------------------------
class DistributionPage(QWidget):
    """Draws, seed and noise; the histogram with VaR/ES markers; a short statistics table."""

    run_requested = Signal()
    _STATS = ("mean", "p50", "p05", "p95", "var95", "es95", "var99", "es99")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lang = current_language()
        self._dist: PnlDistribution | None = None
        self.draws_label, self.seed_label = QLabel(), QLabel()
        self.draws = QSpinBox()
        self.draws.setRange(100, 10_000_000)
        self.draws.setSingleStep(10_000)
        self.draws.setGroupSeparatorShown(True)
        self.draws.setValue(_DEFAULT_DRAWS)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2_147_483_647)
        self.seed.setValue(_DEFAULT_SEED)
        self.noise = QCheckBox()
        self.noise.setChecked(True)
        self.run_button = QPushButton()
        self.run_button.clicked.connect(self.run_requested)
        self.status = QLabel()
        self.status.setWordWrap(True)
        row = FlowLayout()  # wraps where the chart column is narrow
        for w in (pair(self.draws_label, self.draws), pair(self.seed_label, self.seed),
                  self.noise, self.run_button):
            row.addWidget(w)
        self.stale = _StaleBanner()
        self.chart = DistributionChart()
        self.stats = _table(2)
        self.stats.setMinimumHeight(90)
        # The statistics under the histogram: side by side, both were too narrow to read.
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.chart)
        split.addWidget(self.stats)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([300, 200])
        split.setChildrenCollapsible(False)
        self.content = _EmptyState(split)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.stale)
        layout.addWidget(self.content, 1)

    def retranslate(self) -> None:
        self.draws_label.setText(self.tr("Draws"))
        self.seed_label.setText(self.tr("Seed"))
        self.seed.setToolTip(self.tr("The same seed and number of draws give the same numbers"))
        self.noise.setText(self.tr("Stock noise"))
        self.noise.setToolTip(self.tr("Add each stock's own documented volatility (market and "
                                      "AI factors plus its own part), not only the uncertain "
                                      "assumptions"))
        self.run_button.setText(self.tr("Run Monte Carlo"))
        self.stats.setHorizontalHeaderLabels([self.tr("Statistic"), self.tr("P&L (return)")])
        self.stale.setText(QCoreApplication.translate("AnalysisPanel", "The scenario has changed since these numbers were computed; "
                               "they are for the earlier settings. Run again to update them."))
        self.chart.set_language(self._lang)
        self._fill_stats()

    def _stat_label(self, key: str) -> str:
        return {"mean": self.tr("Mean"), "p50": self.tr("Median"),
                "p05": self.tr("5th percentile"), "p95": self.tr("95th percentile"),
                "var95": self.tr("VaR 95%"), "es95": self.tr("ES 95%"),
                "var99": self.tr("VaR 99%"), "es99": self.tr("ES 99%")}[key]

    def _stat_tip(self, key: str) -> str:
        return {"var95": self.tr("The P&L that 95% of the draws do better than"),
                "es95": self.tr("The mean P&L of the worst 5% of the draws"),
                "var99": self.tr("The P&L that 99% of the draws do better than"),
                "es99": self.tr("The mean P&L of the worst 1% of the draws")}.get(key, "")

    def show_distribution(self, dist: PnlDistribution | None) -> None:
        self._dist = dist
        self.chart.set_distribution(dist)
        self._fill_stats()

    def _fill_stats(self) -> None:
        d = self._dist
        self.stats.setRowCount(0)
        if d is None:
            return
        cur = d.currency
        rows = []
        for k in self._STATS:
            # VaR and ES are kept as positive loss sizes; a person reads a loss as a
            # negative P&L, as everywhere else in the app.
            sign = -1.0 if k.startswith(("var", "es")) else 1.0
            rows.append((self._stat_label(k),
                         f"{format_money(sign * getattr(d.money, k), cur, self._lang, sign=True)} "
                         f"({format_percent(sign * getattr(d.returns, k), 1)})"))
        for level in (0.0, 0.1, 0.2):
            p = d.probability_of_loss.get(level)
            if p is None:
                continue
            label = (self.tr("Chance of any loss") if level == 0 else
                     self.tr("Chance of losing {0} or more").format(
                         format_percent(level, 0, sign=False)))
            rows.append((label, format_percent(p, 1, sign=False)))
        self.stats.setRowCount(len(rows))
        for i, (label, value) in enumerate(rows):
            self.stats.setItem(i, 0, _item(label, number=False))
            self.stats.setItem(i, 1, _item(value))
            if i < len(self._STATS) and self._stat_tip(self._STATS[i]):
                for j in (0, 1):
                    self.stats.item(i, j).setToolTip(self._stat_tip(self._STATS[i]))

    def stats_texts(self) -> dict[str, str]:
        """Statistic label → money text (for tests)."""
        return {self.stats.item(i, 0).text(): self.stats.item(i, 1).text()
                for i in range(self.stats.rowCount())}


class DriversPage(QWidget):
    """The tornado: each uncertain parameter's low/high swing, with its variance share."""

    run_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lang = current_language()
        self.run_button = QPushButton()
        self.run_button.clicked.connect(self.run_requested)
        self.status = QLabel()
        self.status.setWordWrap(True)
        row = _controls_row()
        row.addWidget(self.run_button)
        row.addWidget(self.status, 1)
        self.stale = _StaleBanner()
        self.chart = TornadoChart()
        self.split = QLabel()  # assumptions against ordinary market noise
        self.split.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self._shares: tuple[float, bool] | None = None
        self.content = _EmptyState(self.chart)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.stale)
        layout.addWidget(self.split)
        layout.addWidget(self.content, 1)
        layout.addWidget(self.note)

    def show_split(self, assumptions: float | None, noise: bool) -> None:
        """Say how much of the spread the assumptions explain, and how much is market noise."""
        self._shares = None if assumptions is None else (assumptions, noise)
        self._show_split()

    def _show_split(self) -> None:
        if self._shares is None:
            self.split.clear()
            self.split.setVisible(False)
            return
        share, noise = self._shares
        rest = format_percent(max(0.0, 1.0 - share), 0, sign=False)
        if noise:
            text = self.tr("<b>Assumptions: {0} of the spread of outcomes.</b> Ordinary market "
                           "noise (each stock's own day-to-day moves) and the interplay of the "
                           "assumptions: {1}. Each bar's percentage is its part of the "
                           "assumptions' {0}.")
        else:
            text = self.tr("<b>Assumptions: {0} of the spread of outcomes</b> (stock noise "
                           "is off); their interplay: {1}. Each bar's percentage is its part "
                           "of the assumptions' {0}.")
        self.split.setText(text.format(format_percent(share, 0, sign=False), rest))
        self.split.setVisible(True)

    def retranslate(self) -> None:
        self.run_button.setText(self.tr("Run Monte Carlo and tornado"))
        self.run_button.setToolTip(self.tr("Uses the draws, seed and noise of the Distribution "
                                           "tab"))
        self.note.setText(self.tr(
            "Each bar: the P&L at the horizon with one parameter at its 5% or 95% quantile and "
            "the others at their medians. The shares of the spread come from the Monte Carlo "
            "draws."))
        self._show_split()
        self.stale.setText(QCoreApplication.translate("AnalysisPanel", "The scenario has changed since these numbers were computed; "
                               "they are for the earlier settings. Run again to update them."))
        self.chart.set_language(self._lang)


class SensitivityPage(QWidget):
    """The heat map over two parameters; a click sets the two sliders."""

    run_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lang = current_language()
        self.x_label, self.y_label, self.of_label = QLabel(), QLabel(), QLabel()
        self.x_box, self.y_box = QComboBox(), QComboBox()
        for box in (self.x_box, self.y_box):
            for name in _SOLVABLE:
                box.addItem(name, name)
        self.x_box.setCurrentIndex(self.x_box.findData("efficiency_multiple"))
        self.y_box.setCurrentIndex(self.y_box.findData("elasticity_long"))
        self.holding_box = _holding_box()
        self.measure_box = QComboBox()
        self.measure_box.addItem("", "horizon")
        self.measure_box.addItem("", "day_one")
        self.run_button = QPushButton()
        self.run_button.clicked.connect(self.run_requested)
        self.status = QLabel()
        self.status.setWordWrap(True)
        row = FlowLayout()  # wraps where the chart column is narrow
        for w in (pair(self.x_label, self.x_box), pair(self.y_label, self.y_box),
                  pair(self.of_label, self.holding_box), self.measure_box, self.run_button):
            row.addWidget(w)
        self.stale = _StaleBanner()
        self.chart = HeatmapChart()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.stale)
        layout.addWidget(self.chart, 1)

    def retranslate(self) -> None:
        self.x_label.setText(self.tr("Across"))
        self.y_label.setText(self.tr("Up"))
        self.of_label.setText(self.tr("Return of"))
        for box in (self.x_box, self.y_box):
            for i in range(box.count()):
                box.setItemText(i, parameter_label(parameter(box.itemData(i))))
        self.measure_box.setItemText(0, self.tr("at the horizon"))
        self.measure_box.setItemText(1, self.tr("on day one"))
        self.holding_box.setItemText(0, QCoreApplication.translate("AnalysisPanel", "Portfolio"))
        self.run_button.setText(self.tr("Compute grid"))
        self.chart.setToolTip(self.tr("Click a cell to set these two parameters in the "
                                      "scenario"))
        self.stale.setText(self.tr("Parameters other than these two have changed since the "
                                   "grid was computed. Compute it again to update it."))
        self.chart.set_language(self._lang)


class ReverseStressPage(QWidget):
    """Target return and parameter → the value that reaches it; break-even elasticity per holding."""

    run_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lang = current_language()
        self._data: ReverseStress | None = None
        self.target_label, self.param_label, self.of_label = QLabel(), QLabel(), QLabel()
        self.target = QDoubleSpinBox()
        self.target.setRange(-99.0, 500.0)
        self.target.setDecimals(1)
        self.target.setSingleStep(5.0)
        self.target.setValue(-20.0)
        self.target.setSuffix(" %")
        self.param_box = QComboBox()
        for name in _SOLVABLE:
            self.param_box.addItem(name, name)
        self.param_box.setCurrentIndex(self.param_box.findData("elasticity_long"))
        self.holding_box = _holding_box()
        self.run_button = QPushButton()
        self.run_button.clicked.connect(self.run_requested)
        row = FlowLayout()  # wraps where the chart column is narrow
        for w in (pair(self.target_label, self.target), pair(self.param_label, self.param_box),
                  pair(self.of_label, self.holding_box), self.run_button):
            row.addWidget(w)
        self.stale = _StaleBanner()
        self.answer = QLabel()
        self.answer.setWordWrap(True)
        self.answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.answer.setFrameShape(QFrame.Shape.StyledPanel)
        self.answer.setMargin(6)
        font = self.answer.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.answer.setFont(font)
        self.break_even_title = QLabel()
        self.break_even_title.setWordWrap(True)  # a long sentence: never wider than the column
        self.table = _table(3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.stale)
        layout.addWidget(self.answer)
        layout.addWidget(self.break_even_title)
        layout.addWidget(self.table, 1)

    def retranslate(self) -> None:
        self.target_label.setText(self.tr("Target return"))
        self.param_label.setText(self.tr("by moving"))
        self.of_label.setText(self.tr("for"))
        for i in range(self.param_box.count()):
            self.param_box.setItemText(i, parameter_label(parameter(self.param_box.itemData(i))))
        self.holding_box.setItemText(0, QCoreApplication.translate("AnalysisPanel", "Portfolio"))
        self.run_button.setText(self.tr("Solve"))
        self.break_even_title.setText(self.tr(
            "Break-even long-run elasticity per holding (return at the horizon is 0%, other "
            "parameters as in the scenario)"))
        self.table.setHorizontalHeaderLabels([self.tr("Holding"),
                                              self.tr("Break-even elasticity"),
                                              self.tr("Return over the elasticity's range")])
        self.stale.setText(QCoreApplication.translate("AnalysisPanel", "The scenario has changed since these numbers were computed; "
                               "they are for the earlier settings. Run again to update them."))
        self.show_answer(self._data)

    def show_answer(self, data: ReverseStress | None) -> None:
        self._data = data
        if data is None:
            self.answer.setText(self.tr("Choose a target return and a parameter, then Solve."))
            self.table.setRowCount(0)
            return
        self.answer.setText(answer_text(data.questions[0], current_language()))
        rows = data.break_even
        self.table.setRowCount(len(rows))
        spec = parameter("elasticity_long")
        for i, r in enumerate(rows):
            lo, hi = r.reached
            value = (spec.value_text(r.value) if r.value is not None
                     else self.tr("none in range"))
            self.table.setItem(i, 0, _item(r.ticker, number=False))
            self.table.setItem(i, 1, _item(value))
            self.table.setItem(i, 2, _item(f"{format_percent(lo, 1)} … {format_percent(hi, 1)}"))


# -- the panel -------------------------------------------------------------------
class AnalysisPanel(QObject):
    """The four analysis pages, their runs on the worker, and what is current.

    The main window calls :meth:`set_book`, :meth:`set_scenario` and
    :meth:`attach`; :attr:`parameters_requested` asks it to set parameters
    (a heat-map click); :attr:`results_changed` says a run finished.
    """

    parameters_requested = Signal(dict)
    results_changed = Signal()

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._book = None
        self._scenario: Scenario | None = None
        self._lang = current_language()
        self._uncertainty: UncertaintyRun | None = None
        self._uncertainty_key: tuple | None = None
        self._grid = None
        self._grid_key: tuple | None = None
        self._reverse: ReverseStress | None = None
        self._reverse_key: tuple | None = None
        self._handle: TaskHandle | None = None
        self._running: str | None = None
        self._tabs: QTabWidget | None = None
        self._holders: dict[QWidget, QScrollArea] = {}
        self.distribution = DistributionPage()
        self.drivers = DriversPage()
        self.sensitivity = SensitivityPage()
        self.reverse = ReverseStressPage()
        self.pages = (self.distribution, self.drivers, self.sensitivity, self.reverse)
        self.distribution.run_requested.connect(self.run_uncertainty)
        self.drivers.run_requested.connect(self.run_uncertainty)
        self.sensitivity.run_requested.connect(self.run_grid)
        self.reverse.run_requested.connect(self.run_reverse)
        self.sensitivity.chart.cell_clicked.connect(self._on_cell_clicked)
        runner.cancelled.connect(self._on_cancelled)
        self.retranslate()
        self._show_all()
        # The pages follow the language; their charts follow language and theme themselves.
        language_notifier().changed.connect(self.set_language)

    # -- wiring --------------------------------------------------------------------
    def install(self, tabs: QTabWidget) -> None:
        """Add the four pages as tabs of ``tabs`` (titles follow :meth:`retranslate`).

        Each page sits in a scroll area, so its row of controls never forces the
        chart column wider than the window can give (the page scrolls instead).
        """
        self._tabs = tabs
        for page in self.pages:
            holder = QScrollArea()
            holder.setWidgetResizable(True)
            holder.setFrameShape(QFrame.Shape.NoFrame)
            holder.setWidget(page)
            self._holders[page] = holder
            tabs.addTab(holder, "")
        self.retranslate()

    def tab_of(self, page: QWidget) -> QWidget:
        """The widget that holds ``page`` in the tab widget (for setCurrentWidget)."""
        return self._holders.get(page, page)

    def titles(self) -> tuple[str, ...]:
        return (self.tr("Distribution"), self.tr("Drivers"), self.tr("Sensitivity"),
                self.tr("Reverse stress"))

    def set_language(self, lang: str) -> None:
        self._lang = lang
        for page in self.pages:
            page._lang = lang
        self.retranslate()

    def retranslate(self) -> None:
        for page in self.pages:
            page.retranslate()
        if self._tabs is not None:
            for page, title in zip(self.pages, self.titles(), strict=True):
                self._tabs.setTabText(self._tabs.indexOf(self.tab_of(page)), title)
        self._show_all()

    @property
    def charts(self):
        return (self.distribution.chart, self.drivers.chart, self.sensitivity.chart)

    def set_book(self, book) -> None:
        """A new portfolio (or base currency): every result is cleared."""
        if self._handle is not None:
            self._runner.cancel()
        self._book = book
        self._uncertainty = self._grid = self._reverse = None
        self._uncertainty_key = self._grid_key = self._reverse_key = None
        for box in (self.sensitivity.holding_box, self.reverse.holding_box):
            _fill_holdings(box, book)
        self._show_all()

    def set_scenario(self, scenario: Scenario) -> None:
        """The scenario changed: results computed for another one are marked out of date."""
        self._scenario = scenario
        grid = self._grid
        if grid is not None and self._grid_is_current():
            self.sensitivity.chart.set_point(float(scenario.parameters[grid.x_name]),
                                             float(scenario.parameters[grid.y_name]))
        self._show_staleness()

    # -- what is current -----------------------------------------------------------
    def _uncertainty_is_current(self) -> bool:
        return (self._uncertainty is not None and self._scenario is not None
                and self._uncertainty_key == _scenario_key(self._book, self._scenario))

    def _grid_is_current(self) -> bool:
        g = self._grid
        return (g is not None and self._scenario is not None and self._grid_key
                == _parameters_key(self._book, self._scenario, (g.x_name, g.y_name)))

    def _reverse_is_current(self) -> bool:
        return (self._reverse is not None and self._scenario is not None
                and self._reverse_key == _parameters_key(self._book, self._scenario))

    def attach(self, result: Result) -> Result:
        """``result`` with the current (not out-of-date) distribution and analysis sections."""
        if self._book is None or result.book is not self._book:
            return result
        parts: dict[str, Any] = {}
        if self._uncertainty_is_current():
            parts["distribution"] = self._uncertainty.distribution
            parts["drivers"] = self._uncertainty.drivers
        if self._reverse_is_current():
            parts["reverse_stress"] = self._reverse
        if self._grid_is_current():
            parts["heatmap"] = self._grid
        return dataclasses.replace(result, **parts) if parts else result

    # -- runs ------------------------------------------------------------------------
    def _start(self, kind: str, fn, *args, label: str, on_done, **kwargs) -> None:
        if self._book is None or self._scenario is None:
            return
        # Starting cancels the task before (ours or not): its page hears of it first.
        handle = self._runner.start(fn, *args, label=label, on_done=on_done,
                                    on_error=self._on_failed, **kwargs)
        self._running, self._handle = kind, handle
        self._status(kind, self.tr("Running…"))

    def run_uncertainty(self) -> None:
        """Monte Carlo with the Distribution tab's settings, then the tornado."""
        page = self.distribution
        draws, seed = page.draws.value(), page.seed.value()
        key = _scenario_key(self._book, self._scenario) if self._scenario else None

        def done(run: UncertaintyRun) -> None:
            self._finish()
            if key != _scenario_key(self._book, self._scenario):
                self._status("uncertainty", QCoreApplication.translate("AnalysisPanel", "The scenario changed during the run, so its "
                                                "result was dropped. Run again."))
                return
            self._uncertainty, self._uncertainty_key = run, key
            self._show_all()
            self.results_changed.emit()

        self._start("uncertainty", run_uncertainty, self._book, self._scenario, draws,
                    seed=seed, noise=page.noise.isChecked(),
                    label=self.tr("Monte Carlo: {0} draws").format(format_number(draws, 0)),
                    on_done=done)

    def run_grid(self) -> None:
        page = self.sensitivity
        x, y = page.x_box.currentData(), page.y_box.currentData()
        if x == y:
            self._status("grid", self.tr("Choose two different parameters."))
            return
        key = _parameters_key(self._book, self._scenario, (x, y)) if self._scenario else None

        def done(grid) -> None:
            self._finish()
            if key != _parameters_key(self._book, self._scenario, (x, y)):
                self._status("grid", QCoreApplication.translate("AnalysisPanel", "The scenario changed during the run, so its "
                                         "result was dropped. Run again."))
                return
            self._grid, self._grid_key = grid, key
            self._show_all()
            self.results_changed.emit()

        self._start("grid", run_grid, self._book, self._scenario, x, y,
                    holding=page.holding_box.currentData(),
                    measure=page.measure_box.currentData(), label=self.tr("Sensitivity grid"), on_done=done)

    def run_reverse(self) -> None:
        page = self.reverse
        key = _parameters_key(self._book, self._scenario) if self._scenario else None

        def done(data) -> None:
            self._finish()
            if key != _parameters_key(self._book, self._scenario):
                self._status("reverse", QCoreApplication.translate("AnalysisPanel", "The scenario changed during the run, so its "
                                            "result was dropped. Run again."))
                return
            self._reverse, self._reverse_key = data, key
            self._show_all()
            self.results_changed.emit()

        self._start("reverse", run_reverse, self._book, self._scenario,
                    page.param_box.currentData(), page.target.value() / 100.0,
                    holding=page.holding_box.currentData(), label=self.tr("Reverse stress"), on_done=done)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker is idle (tests)."""
        return self._runner.wait(msecs)

    @property
    def busy(self) -> bool:
        return self._handle is not None

    def _finish(self) -> None:
        self._handle = None
        self._running = None

    def _on_failed(self, exc: BaseException) -> None:
        kind = self._running or "uncertainty"
        self._finish()
        self._status(kind, self.tr("The run failed: {0}").format(exc))

    def _on_cancelled(self) -> None:
        if self._handle is None:
            return
        kind = self._running or "uncertainty"
        self._finish()
        self._status(kind, self.tr("Cancelled."))

    def _status(self, kind: str, text: str) -> None:
        pages = {"uncertainty": (self.distribution, self.drivers), "grid": (self.sensitivity,),
                 "reverse": (self.reverse,)}[kind]
        for page in pages:
            if hasattr(page, "status"):
                page.status.setText(text)
            elif text:
                page.answer.setText(text)

    # -- showing ---------------------------------------------------------------------
    def _show_all(self) -> None:
        u = self._uncertainty
        self.distribution.show_distribution(None if u is None else u.distribution)
        if u is None:
            self.drivers.chart.set_drivers([], 0.0, "")
            self.drivers.show_split(None, False)
            self.distribution.status.clear()
            self.drivers.status.clear()
            draws = format_number(self.distribution.draws.value(), 0)
            self.distribution.content.show_prompt(self.tr(
                "Press “Run Monte Carlo” to draw the scenario's uncertain parameters "
                "{0} times and see the range of outcomes at the horizon.").format(draws))
            self.drivers.content.show_prompt(self.tr(
                "Press “Run Monte Carlo and tornado” to see which assumptions move the P&L "
                "most, and how much of the spread is ordinary market noise."))
        else:
            self.distribution.content.show_content()
            self.drivers.content.show_content()
            self.drivers.chart.set_drivers(u.drivers.bars, u.base_pnl, u.mc.currency)
            self.drivers.show_split(self.drivers.chart.assumptions_share(), u.mc.noise)
            text = self.tr("{0} draws, seed {1}, stock noise {2}.").format(
                format_number(u.mc.draws, 0), u.mc.seed,
                self.tr("on") if u.mc.noise else self.tr("off"))
            self.distribution.status.setText(text)
            if not u.drivers.bars:
                text = self.tr("This scenario has no uncertain parameters: give some a "
                               "distribution in a scenario file (see docs/uncertainty.md).")
            self.drivers.status.setText(text)
        self.sensitivity.chart.set_grid(self._grid)
        if self._grid is None:
            self.sensitivity.status.setText(self.tr("Choose two parameters and press "
                                                    "Compute grid."))
        else:
            self.sensitivity.status.setText(self.tr("Hover for the exact value; click a cell "
                                                    "to use it."))
            if self._scenario is not None and self._grid_is_current():
                self.sensitivity.chart.set_point(
                    float(self._scenario.parameters[self._grid.x_name]),
                    float(self._scenario.parameters[self._grid.y_name]))
        self.reverse.show_answer(self._reverse)
        self._show_staleness()

    def _show_staleness(self) -> None:
        stale = self.is_stale()
        self.distribution.stale.setVisible(stale["uncertainty"])
        self.drivers.stale.setVisible(stale["uncertainty"])
        self.sensitivity.stale.setVisible(stale["grid"])
        self.reverse.stale.setVisible(stale["reverse"])

    def is_stale(self) -> dict[str, bool]:
        """Which results are out of date (for tests and the status line)."""
        return {"uncertainty": self._uncertainty is not None and not self._uncertainty_is_current(),
                "grid": self._grid is not None and not self._grid_is_current(),
                "reverse": self._reverse is not None and not self._reverse_is_current()}

    def _on_cell_clicked(self, x_name: str, x_value: float, y_name: str, y_value: float) -> None:
        self.parameters_requested.emit({x_name: x_value, y_name: y_value})
