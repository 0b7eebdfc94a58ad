"""The window's chart column: the attribution chart over a row of tabbed charts.

The tabs hold the value path, the compute-demand chain, every preset side by
side, and the analysis pages (installed by :class:`gui.analysis_panel.AnalysisPanel`).
Only the chart on the current tab follows every slider move; another is
brought up to date when its tab is shown.  A historical replay has no
demand chain and no path beyond its day, so those two tabs rest meanwhile.
The charts follow language and theme changes themselves (:mod:`gui.charts`);
this widget names its tabs on a ``LanguageChange``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QSplitter, QTabWidget, QWidget

from engine.result import Result
from gui.charts import AttributionChart, DemandChart, PresetCompareChart, ValuePathChart
from gui.i18n import language_notifier

__all__ = ["ChartArea"]

#: Tabs before the analysis pages: value path, demand, all presets.
_CHART_TABS = 3


class ChartArea(QSplitter):
    """Attribution chart above, tabs below; ``set_result`` draws a new result."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.attribution_chart = AttributionChart()
        self.demand_chart = DemandChart()
        self.value_chart = ValuePathChart()
        self.compare_chart = PresetCompareChart()
        self.charts = (self.attribution_chart, self.demand_chart, self.value_chart,
                       self.compare_chart)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.value_chart, "")
        self.tabs.addTab(self.demand_chart, "")
        self.tabs.addTab(self.compare_chart, "")
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.addWidget(self.attribution_chart)
        self.addWidget(self.tabs)
        self.setSizes([420, 360])
        self._result: Result | None = None
        self._retranslate()
        language_notifier().changed.connect(self._on_language_changed)

    def _on_language_changed(self, _lang: str) -> None:
        self._retranslate()

    def _retranslate(self) -> None:
        self.tabs.setTabText(0, self.tr("Value over time"))
        self.tabs.setTabText(1, self.tr("Compute demand"))
        self.tabs.setTabText(2, self.tr("All scenarios"))

    # -- content ---------------------------------------------------------------
    def set_result(self, result: Result) -> None:
        """Draw ``result``: the attribution now, the tab on show now, the others when shown."""
        self._result = result
        history = result.kind == "history"
        self.attribution_chart.set_result(result)
        if history:
            self.demand_chart.set_result(None)
            self.value_chart.set_result(None)
        for tab in (0, 1):
            self.tabs.setTabEnabled(tab, not history)
        if history and self.tabs.currentIndex() in (0, 1):
            self.tabs.setCurrentIndex(2)
        self._redraw_tab_chart()

    def set_presets(self, results: list[Result]) -> None:
        """Every preset's result on the same portfolio, for the comparison tab."""
        self.compare_chart.set_results(results)

    def set_horizon(self, horizon: bool) -> None:
        """Attribution at the horizon (True) or on day one."""
        self.attribution_chart.set_horizon(horizon)

    def _on_tab_changed(self, index: int) -> None:
        # An analysis page (controls, chart and table) needs more height than a
        # chart: give it most of the column once; the user's splitter wins after.
        if index >= _CHART_TABS:
            top, bottom = self.sizes()
            if bottom < 0.6 * (top + bottom):
                self.setSizes([round(0.35 * (top + bottom)), round(0.65 * (top + bottom))])
        self._redraw_tab_chart()

    def _redraw_tab_chart(self) -> None:
        chart = self.tabs.currentWidget()
        result = self._result
        if chart in (self.demand_chart, self.value_chart) and result is not None \
                and result.kind != "history" and chart.result is not result:
            chart.set_result(result)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
