"""The main window's content: the banners and key figures over the holdings
table, the chart column and the scenario panel, side by side.

Each part follows the interface language and theme itself; this widget only
builds and lays them out, remembers the splitters, and hands a new result to
every part (:meth:`WindowContent.show_result`).  The window connects the
parts' signals to what it does.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from engine.events import Event
from engine.result import Result
from engine.scenario import Scenario
from gui.analysis_panel import AnalysisPanel
from gui.chart_area import ChartArea
from gui.coverage_banner import CoverageBanner
from gui.holdings_view import HoldingsView
from gui.i18n import language_notifier
from gui.kpi import KpiStrip
from gui.replay_banner import ReplayBanner
from gui.scenario_panel import ScenarioPanel
from gui.settings import Settings
from gui.worker import TaskRunner

__all__ = ["WindowContent"]

# The splitters whose positions are remembered, by their name in the settings.
_SPLITTERS = ("main", "charts")


class WindowContent(QWidget):
    """Banners, key figures, and table | charts | scenario panel."""

    def __init__(self, settings: Settings, runner: TaskRunner, presets: list[Scenario],
                 events: list[Event], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.banner = ReplayBanner()
        self.coverage_banner = CoverageBanner()
        self.kpis = KpiStrip()
        self.table = HoldingsView(settings)
        self.chart_area = ChartArea()
        self.scenario_panel = ScenarioPanel(presets, events=events)
        self.scenario_panel.setMinimumWidth(290)
        self.analysis = AnalysisPanel(runner, self)
        self.analysis.install(self.chart_area.tabs)
        self.analysis.set_scenario(presets[0])
        self.analysis.parameters_requested.connect(self.scenario_panel.set_parameters)

        self.main_split = QSplitter(Qt.Orientation.Horizontal)
        self.main_split.addWidget(self.table)
        self.main_split.addWidget(self.chart_area)
        self.main_split.addWidget(self.scenario_panel)
        self.main_split.setStretchFactor(0, 3)
        self.main_split.setStretchFactor(1, 4)
        self.main_split.setStretchFactor(2, 0)
        self.main_split.setSizes([560, 480, 320])
        for name, split in zip(_SPLITTERS, self._splitters(), strict=True):
            saved = settings.splitter_state(name)
            if not saved.isEmpty():
                split.restoreState(saved)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.coverage_banner)
        layout.addWidget(self.kpis)
        layout.addWidget(self.main_split, 1)
        self._retranslate()
        language_notifier().changed.connect(self._retranslate)

    def _retranslate(self) -> None:
        self.table.setToolTip(QCoreApplication.translate(
            "MainWindow", "Right-click a holding on fallback to choose its category"))

    def _splitters(self) -> tuple[QSplitter, QSplitter]:
        return self.main_split, self.chart_area

    def save_state(self, settings: Settings) -> None:
        """Remember the splitters' positions."""
        for name, split in zip(_SPLITTERS, self._splitters(), strict=True):
            settings.set_splitter_state(name, split.saveState())

    def show_result(self, result: Result) -> None:
        """Draw ``result`` in the table, the banners, the key figures and the charts."""
        self.table.set_result(result)
        self.banner.set_result(result)
        self.coverage_banner.set_result(result)
        self.kpis.set_result(result)
        self.chart_area.set_result(result)
