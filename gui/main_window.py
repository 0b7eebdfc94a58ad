"""The main window: holdings, scenario controls, charts, key figures.

The window holds the current Portfolio, its prepared Book and the Scenario;
the engine computes, the window draws.  A slider move reprices at once
(``engine.model.evaluate`` on a prepared book takes well under a
millisecond) and schedules one redraw for the next turn of the event loop, so
a burst of slider events costs one redraw.

Besides the model, the window can show a historical replay
(:func:`engine.events.replay`, chosen in the Scenario menu or the preset
picker): the same table, key figures and attribution chart, under a banner
that says it is history; the sliders are disabled meanwhile.

The window is built in two parts.  Its frame (title, menus, status bar, a
placeholder) needs Qt alone; its content (table, charts, scenario panel)
needs the engine, pandas and pyqtgraph, which take about a second to import
and set up.  ``MainWindow()`` builds both at once.  ``MainWindow(deferred=True)``
builds the frame only; once the frame has been painted the content is built
in a few steps, the status bar showing the progress, and ``content_ready`` is
emitted.  So this module imports no engine module but ``engine.errors`` and
``engine._version``: the heavy ones are imported inside the methods that use
them, all of which run after the content exists.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

# Not Qt (the namespace): its enums take ~20 ms to set up, so the frame does without.
from PySide6.QtCore import QCoreApplication, QEvent, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from engine import __version__
from engine.errors import InputError
from gui.errors import show_input_error
from gui.i18n import install_language, resolve_language
from gui.settings import Settings
from gui.theme import apply_theme, is_dark
from gui.worker import TaskRunner, TaskStatusWidget

if TYPE_CHECKING:
    from engine.events import Event
    from engine.portfolio import Portfolio
    from engine.result import Result
    from engine.scenario import Scenario
    from gui.import_dialog import ImportDialog
    from gui.model_check_view import ModelCheckDialog

__all__ = ["MainWindow"]

_PORTFOLIO_FILTER = "*.csv *.txt *.tsv *.xlsx *.xls"


class MainWindow(QMainWindow):
    """Jevons' main window.

    ``deferred=True`` shows the frame first and builds the content after its
    first paint (see the module docstring); :meth:`when_ready` runs a call
    once the content is there.
    """

    result_changed = Signal(object)  # Result, after every redraw
    frame_painted = Signal()  # deferred mode: the frame has been painted once
    content_ready = Signal()  # the table, charts and panels exist
    content_failed = Signal(str)  # deferred mode: a step raised (the error follows as usual)

    def __init__(self, settings: Settings | None = None, *, deferred: bool = False) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self._presets: list[Scenario] = []
        self._events: list[Event] = []
        self._event: Event | None = None  # the replay shown, or None for the model
        self._model_check: ModelCheckDialog | None = None
        self._validation = None  # gui.validation_view.ValidationDialog, made when first shown
        self._portfolio: Portfolio | None = None
        self._book = None
        self._scenario: Scenario | None = None
        self.result: Result | None = None
        self._lang = resolve_language(self.settings.language)
        self._dark = False
        self._ready = False
        self._deferred = deferred
        self._queued: list[Callable[[], object]] = []
        self._building = False  # deferred mode: the content steps have started
        self._painted = False
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.setInterval(0)
        self._redraw_timer.timeout.connect(self._redraw)
        self.runner = TaskRunner(self)

        self._build_frame()
        self._build_menus()
        self.setAcceptDrops(True)
        self.resize(1360, 860)
        self._restore_state()
        install_language(self._lang)
        self._apply_theme(self.settings.theme, save=False)
        self.retranslate()
        self._steps = self._content_steps()
        if deferred:
            self.load_progress.setRange(0, len(self._steps))
            self.load_progress.setVisible(True)
            self._show_step()
        else:
            while self._steps:
                self._steps.pop(0)[1]()

    # ------------------------------------------------------------------ build
    def _build_frame(self) -> None:
        self.placeholder = QWidget()
        self.placeholder_label = QLabel()
        self.placeholder_label.setEnabled(False)  # drawn in the palette's muted text colour
        row = QHBoxLayout(self.placeholder)  # centred between stretches
        row.addStretch(1)
        row.addWidget(self.placeholder_label)
        row.addStretch(1)
        self.setCentralWidget(self.placeholder)

        self.file_status = QLabel()
        self.asof_status = QLabel()
        self.task_status = TaskStatusWidget(self.runner)
        self.load_progress = QProgressBar()
        self.load_progress.setTextVisible(False)
        self.load_progress.setMaximumWidth(160)
        self.load_progress.setVisible(False)
        bar = self.statusBar()
        bar.addWidget(self.file_status, 1)
        bar.addPermanentWidget(self.load_progress)
        bar.addPermanentWidget(self.task_status)
        bar.addPermanentWidget(self.asof_status)

    def _content_steps(self) -> list[tuple[str, Callable[[], None]]]:
        """The content build in steps of a few hundred milliseconds, each with its label."""
        return [(self.tr("loading the model"), self._import_engine),
                (self.tr("loading the charts"), self._import_charts),
                (self.tr("reading the scenarios"), self._read_scenarios),
                (self.tr("building the window"), self._build_content)]

    @staticmethod
    def _import_engine() -> None:
        import engine.events
        import engine.model  # noqa: F401  (numpy, pandas, the exposure library's code)

    @staticmethod
    def _import_charts() -> None:
        import gui.analysis_panel
        import gui.charts  # noqa: F401  (pyqtgraph)

    def _read_scenarios(self) -> None:
        from engine.events import list_events
        from engine.scenario import list_presets

        self._presets = list_presets()
        self._events = list_events()
        self._scenario = self._presets[0]

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._deferred and not self._building:
            # A window that is not exposed (another desktop, minimised) gets no
            # paint event: build its content anyway, a moment later.
            QTimer.singleShot(300, self, self._start_build)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._deferred and not self._painted:
            self._painted = True
            # Next turn of the event loop: this paint has then reached the screen.
            QTimer.singleShot(0, self, self._on_first_paint)

    def _on_first_paint(self) -> None:
        self.frame_painted.emit()
        self._start_build()

    def _start_build(self) -> None:
        if not self._building:
            self._building = True
            self._next_step()

    def _next_step(self) -> None:
        """Run one content step, then come back for the next on the next turn of the loop."""
        try:
            self._steps.pop(0)[1]()
        except Exception as exc:
            self.load_progress.setVisible(False)
            self.file_status.setText(self.tr("Could not start: {0}").format(exc))
            self.content_failed.emit(str(exc))
            raise  # to the error dialog and the log file (gui.errors)
        if self._steps:
            self._show_step()
            QTimer.singleShot(0, self, self._next_step)

    def _show_step(self) -> None:
        """The status bar: which step runs next, and how many are done."""
        self.file_status.setText(self.tr("Starting: {0}…").format(self._steps[0][0]))
        self.load_progress.setValue(self.load_progress.maximum() - len(self._steps))
        # Draw it now: the step holds the event loop for a few hundred milliseconds.
        self.statusBar().repaint()

    def _build_content(self) -> None:
        from PySide6.QtCore import Qt

        from gui.analysis_panel import AnalysisPanel
        from gui.chart_area import ChartArea
        from gui.coverage_banner import CoverageBanner
        from gui.holdings_view import HoldingsView
        from gui.kpi import KpiStrip
        from gui.replay_banner import ReplayBanner
        from gui.scenario_panel import ScenarioPanel

        self.banner = ReplayBanner()
        self.banner.back_requested.connect(self.show_model)
        self.banner.model_check_requested.connect(self.show_model_check)
        self.coverage_banner = CoverageBanner()
        self.kpis = KpiStrip()
        self.table = HoldingsView(self.settings)
        self.model, self.proxy = self.table.holdings_model, self.table.proxy
        self.table.holding_menu_requested.connect(self._on_holding_menu)

        self.chart_area = ChartArea()
        # The charts, under the names the window has always given them.
        self.chart_split = self.chart_area
        self.chart_tabs = self.chart_area.tabs
        self.attribution_chart = self.chart_area.attribution_chart
        self.demand_chart = self.chart_area.demand_chart
        self.value_chart = self.chart_area.value_chart
        self.compare_chart = self.chart_area.compare_chart
        self.charts = self.chart_area.charts

        self.scenario_panel = ScenarioPanel(self._presets, events=self._events)
        self.scenario_panel.event_selected.connect(self.show_event)
        self.scenario_panel.scenario_changed.connect(self._on_scenario_changed)
        self.scenario_panel.save_requested.connect(self.save_scenario)
        self.scenario_panel.load_requested.connect(self.load_scenario_file)
        self.scenario_panel.setMinimumWidth(290)
        self.analysis = AnalysisPanel(self.runner, self)
        self.analysis.install(self.chart_tabs)
        self.analysis.set_scenario(self._scenario)
        self.analysis.parameters_requested.connect(self.scenario_panel.set_parameters)
        self.analysis.results_changed.connect(self._reprice)

        self.main_split = QSplitter(Qt.Orientation.Horizontal)
        self.main_split.addWidget(self.table)
        self.main_split.addWidget(self.chart_split)
        self.main_split.addWidget(self.scenario_panel)
        self.main_split.setStretchFactor(0, 3)
        self.main_split.setStretchFactor(1, 4)
        self.main_split.setStretchFactor(2, 0)
        self.main_split.setSizes([560, 480, 320])
        for name, split in (("main", self.main_split), ("charts", self.chart_split)):
            saved = self.settings.splitter_state(name)
            if not saved.isEmpty():
                split.restoreState(saved)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.coverage_banner)
        layout.addWidget(self.kpis)
        layout.addWidget(self.main_split, 1)
        self.setCentralWidget(central)  # deletes the placeholder
        self.placeholder = self.placeholder_label = None

        self.event_actions: dict[str, QAction] = {}
        for event in self._events:
            a = QAction(self)
            a.triggered.connect(lambda _c=False, e=event: self.show_event(e))
            self.replay_menu.addAction(a)
            self.event_actions[event.date] = a
        self._ready = True
        self.load_progress.setVisible(False)
        for action in self._content_actions():
            action.setEnabled(True)
        self.model_action.setEnabled(False)  # until a replay is shown
        self._set_dark(self._dark)
        self.retranslate()
        self.content_ready.emit()
        queued, self._queued = self._queued, []
        for call in queued:
            call()

    @property
    def is_ready(self) -> bool:
        """True once the content (table, charts, panels) exists."""
        return self._ready

    def when_ready(self, call: Callable[[], object]) -> None:
        """Run ``call`` now if the content exists, else as soon as it does (in order)."""
        if self._ready:
            call()
        else:
            self._queued.append(call)

    def _content_actions(self) -> tuple[QAction, ...]:
        """The actions that need the content: disabled until it is built (gui.menus)."""
        return (*self._needs_content, *self.currency_actions.values())

    def _build_menus(self) -> None:
        # The plain actions and the submenus are data (gui.menus); the choices
        # inside the submenus are filled here.
        from gui.menus import build_menus

        self._needs_content = build_menus(self)
        self.event_actions = {}
        self.currency_group = QActionGroup(self)
        self.currency_actions = {}
        from engine.currencies import BASE_CURRENCIES

        for code in BASE_CURRENCIES:
            a = QAction(code, self, checkable=True)
            a.triggered.connect(lambda _c=False, code=code: self.set_base_currency(code))
            self.currency_group.addAction(a)
            self.currency_menu.addAction(a)
            self.currency_actions[code] = a
        self.currency_actions[self.settings.base_currency].setChecked(True)
        self.theme_group = QActionGroup(self)
        self.theme_actions = {}
        for key in ("system", "light", "dark"):
            a = QAction(self, checkable=True)
            a.triggered.connect(lambda _c=False, key=key: self._apply_theme(key))
            self.theme_group.addAction(a)
            self.theme_menu.addAction(a)
            self.theme_actions[key] = a
        self.language_group = QActionGroup(self)
        self.language_actions = {}
        for key in ("", "en", "ja"):
            a = QAction(self, checkable=True)
            a.triggered.connect(lambda _c=False, key=key: self.set_language(key))
            self.language_group.addAction(a)
            self.language_menu.addAction(a)
            self.language_actions[key] = a
        self.language_actions[self.settings.language].setChecked(True)
        for action in self._content_actions():
            action.setEnabled(False)

    # ------------------------------------------------------------- language
    def retranslate(self) -> None:
        from engine.formatting import format_date
        from gui.menus import retranslate_menus

        retranslate_menus(self)
        for event in self._events:
            title = (event.title_ja or event.title) if self._lang == "ja" else event.title
            self.event_actions[event.date].setText(self.tr("{0} (history)").format(title))
        if self._events:  # the engine is loaded: name the reference day
            from engine.modelcheck import DEFAULT_EVENT

            self.model_check_action.setText(self.model_check_action.text().format(
                format_date(DEFAULT_EVENT, self._lang)))
        else:
            self.model_check_action.setText(self.tr("&Model check…"))
        if self._validation is not None:
            self._validation.retranslate()
        self.theme_actions["system"].setText(self.tr("System"))
        self.theme_actions["light"].setText(self.tr("Light"))
        self.theme_actions["dark"].setText(self.tr("Dark"))
        self.language_actions[""].setText(self.tr("System language"))
        self.language_actions["en"].setText("English")
        self.language_actions["ja"].setText("日本語")
        self.task_status.retranslate()
        self._update_recent_menu()
        self._update_title()
        if not self._ready:
            self.placeholder_label.setText(self.tr("Loading the portfolio…"))
            return
        self.table.setToolTip(self.tr("Right-click a holding on fallback to choose its category"))
        # The table, key figures, charts and banners follow the language themselves
        # (gui.i18n.language_notifier); the scenario panel is told.
        self.scenario_panel.set_language(self._lang)
        if self._model_check is not None:
            self._model_check.set_language(self._lang)
        self.analysis.set_language(self._lang)
        self._update_status()

    def set_language(self, choice: str) -> None:
        """Switch the interface language now ("" follows the system) and remember it."""
        self.settings.language = choice
        self._lang = resolve_language(choice)
        install_language(self._lang)
        self.language_actions[choice].setChecked(True)
        self.retranslate()
        self._schedule_redraw()
        if self._book is not None:
            self.flush()

    @property
    def language(self) -> str:
        return self._lang

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            dark = is_dark(self.palette())
            if dark != self._dark:
                self._set_dark(dark)
        super().changeEvent(event)

    # ---------------------------------------------------------------- theme
    def _apply_theme(self, theme: str, *, save: bool = True) -> None:
        app = QApplication.instance()
        apply_theme(app, theme)
        self.theme_actions[theme].setChecked(True)
        if save:
            self.settings.theme = theme
        self._set_dark(is_dark(app.palette()))

    def _set_dark(self, dark: bool) -> None:
        self._dark = dark
        if not self._ready:
            return
        # The table, key figures, charts and banners follow the theme themselves
        # (gui.theme.theme_notifier); the analysis pages and the model check are told.
        if self._model_check is not None:
            self._model_check.view.set_dark(dark)
        self.analysis.set_dark(dark)

    # ------------------------------------------------------------- loading
    def load_portfolio(self, portfolio: Portfolio, path: str | Path | None = None) -> bool:
        """Show ``portfolio`` (already read) and remember its file; False if it cannot be priced."""
        from engine.model import prepare

        try:
            book = prepare(portfolio, base_currency=self.settings.base_currency)
        except InputError as exc:  # e.g. a holding with no price in the file or the snapshot
            show_input_error(self, exc)
            return False
        self._portfolio = portfolio
        self._book = book
        self.analysis.set_book(book)
        if self._model_check is not None:
            self._model_check.view.set_book(book)
        if path is not None:
            self.settings.add_recent_file(path)
            self._update_recent_menu()
        self._update_compare()
        self._reprice()
        self._redraw()
        self.table.show_new_portfolio()
        self._update_title()
        self._update_status()
        if book.warnings:  # unpriced holdings first: they change the totals
            self.statusBar().showMessage(book.warnings[0], 30000)
        elif portfolio.notes:
            self.statusBar().showMessage(
                self.tr("{0} note(s) from the import: {1}").format(
                    len(portfolio.notes), str(portfolio.notes[0])), 15000)
        return True

    def open_path(self, path: str | Path, *, preview: bool = True) -> bool:
        """Open a portfolio file, through the import preview unless ``preview`` is False."""
        from gui.import_dialog import ImportDialog

        path = Path(path)
        if not preview:
            from engine.importer import load

            try:
                portfolio = load(path)
            except InputError as exc:
                show_input_error(self, exc)
                return False
            return self.load_portfolio(portfolio, path)
        dialog = self.import_dialog(path)
        if dialog.exec() != ImportDialog.DialogCode.Accepted or dialog.portfolio is None:
            return False
        return self.load_portfolio(dialog.portfolio, path)

    def import_dialog(self, path: str | Path) -> ImportDialog:
        from gui.import_dialog import ImportDialog

        return ImportDialog(path, self, profile_folder=self.settings.last_folder)

    def open_file_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a portfolio"), self.settings.last_folder,
            self.tr("Portfolio files ({0});;All files (*)").format(_PORTFOLIO_FILTER))
        if path:
            self.open_path(path)

    def _update_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.settings.recent_files
        for f in files:
            a = self.recent_menu.addAction(Path(f).name)
            a.setToolTip(f)
            a.setStatusTip(f)
            a.triggered.connect(lambda _c=False, f=f: self.open_path(f))
        if not files:
            empty = self.recent_menu.addAction(self.tr("(no recent files)"))
            empty.setEnabled(False)

    # ------------------------------------------------------ drag and drop
    def dragEnterEvent(self, event) -> None:
        if self._dropped_file(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        path = self._dropped_file(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            # Leave the drop handler before the modal preview opens; a file dropped
            # while the content is being built opens once it is there.
            QTimer.singleShot(0, self, lambda: self.when_ready(lambda: self.open_path(path)))

    @staticmethod
    def _dropped_file(mime) -> Path | None:
        if not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile():
                path = Path(url.toLocalFile())
                if path.suffix.lower() in (".csv", ".txt", ".tsv", ".xlsx", ".xls"):
                    return path
        return None

    # ------------------------------------------------------------ scenario
    def _on_scenario_changed(self, scenario: Scenario) -> None:
        self._scenario = scenario
        self.analysis.set_scenario(scenario)
        if self._event is not None:
            self._leave_replay()
        self._reprice()

    # ------------------------------------------------------------- history
    @property
    def event(self) -> Event | None:
        """The event replayed now, or None while the model is shown."""
        return self._event

    def show_event(self, event: Event | str) -> None:
        """Replay ``event`` (an Event or its date) on the open holdings."""
        from engine.events import Event

        if not isinstance(event, Event):
            event = next(e for e in self._events if e.date == str(event).removeprefix("event:"))
        self._event = event
        self.scenario_panel.set_replay(event)
        self.model_action.setEnabled(True)
        self._reprice()
        self._update_title()

    def show_model(self) -> None:
        """Leave the replay and show the model scenario the sliders hold."""
        if self._event is None:
            return
        self._leave_replay()
        self._reprice()

    def _leave_replay(self) -> None:
        self._event = None
        self.scenario_panel.set_replay(None)
        self.model_action.setEnabled(False)
        self._update_title()

    def show_validation(self):
        """The validation window (one, reused): every preset on every event, beside baselines."""
        if self._validation is None:
            from gui.validation_view import ValidationDialog

            self._validation = ValidationDialog(self)
        self._validation.show()
        self._validation.raise_()
        return self._validation

    def show_model_check(self) -> ModelCheckDialog:
        """The model-check window (one, reused), raised to the front."""
        if self._model_check is None:
            from gui.model_check_view import ModelCheckDialog

            self._model_check = ModelCheckDialog(self)
            self._model_check.set_language(self._lang)
            self._model_check.view.set_dark(self._dark)
            self._model_check.view.set_book(self._book)
            if self._book is not None:
                self._model_check.view.set_basis("holdings")
        self._model_check.show()
        self._model_check.raise_()
        self._model_check.activateWindow()
        return self._model_check

    def select_preset(self, name: str) -> None:
        self.scenario_panel.select_preset(name)

    def save_scenario(self) -> None:
        from gui.scenario_panel import scenario_file_name

        start = str(Path(self.settings.last_folder or Path.home())
                    / scenario_file_name(self._scenario))
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save scenario"), start,
                                              self.tr("Scenario files (*.toml)"))
        if path:
            self.write_scenario(path)

    def write_scenario(self, path: str | Path) -> None:
        from engine.atomic import atomic_write

        path = Path(path)
        try:
            atomic_write(path, self._scenario.to_toml(name=path.stem).encode("utf-8"),
                         overwrite=True)
        except (InputError, OSError) as exc:
            show_input_error(self, exc if isinstance(exc, InputError)
                             else InputError(exc.strerror or str(exc), file=str(path)))
            return
        self.settings.last_folder = str(path.parent)
        self.statusBar().showMessage(self.tr("Scenario saved to {0}").format(path), 8000)

    def load_scenario_file(self, path: str | Path | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Load scenario"),
                                                  self.settings.last_folder,
                                                  self.tr("Scenario files (*.toml)"))
            if not path:
                return
        from engine.scenario import load_scenario

        try:
            scenario = load_scenario(str(path))
        except InputError as exc:
            show_input_error(self, exc)
            return
        self.scenario_panel.set_scenario(scenario)

    def set_base_currency(self, code: str) -> None:
        self.settings.base_currency = code
        self.currency_actions[code].setChecked(True)
        if self._portfolio is not None:
            self.load_portfolio(self._portfolio)

    # -------------------------------------------------------- categories
    def _on_holding_menu(self, row: int, global_pos) -> None:
        from engine.library import CATEGORIES
        from gui.labels import category_label

        holding = self.model.holding(row)
        if holding["exposure"] != "fallback":
            return
        menu = QMenu(self)
        menu.setTitle(self.tr("Treat {0} as").format(holding["ticker"]))
        header = menu.addAction(self.tr("Treat {0} as:").format(holding["ticker"]))
        header.setEnabled(False)
        for category in CATEGORIES:
            a = menu.addAction(category_label(category))
            a.setCheckable(True)
            a.setChecked(holding["category"] == category)
            a.triggered.connect(lambda _c=False, c=category, t=holding["ticker"]:
                                self.assign_category(t, c))
        menu.popup(global_pos)

    def assign_category(self, ticker: str, category: str) -> None:
        """Use ``category`` for a holding the library does not know, and reprice."""
        if self._portfolio is None:
            return
        self.load_portfolio(self._portfolio.with_category(ticker, category))

    # ---------------------------------------------------- repricing, redraw
    def _reprice(self) -> None:
        if self._book is None:
            return
        from engine.events import replay
        from engine.model import evaluate

        # A model result carries the analysis tabs' current results (for the export).
        self.result = (replay(self._book, self._event) if self._event is not None
                       else self.analysis.attach(evaluate(self._book, self._scenario)))
        self._schedule_redraw()

    def _schedule_redraw(self) -> None:
        if not self._redraw_timer.isActive():
            self._redraw_timer.start()

    def flush(self) -> None:
        """Redraw now if a redraw is pending (tests, self-test, benchmarks)."""
        if self._redraw_timer.isActive():
            self._redraw_timer.stop()
            self._redraw()

    def _redraw(self) -> None:
        result = self.result
        if result is None:
            return
        self.table.set_result(result)
        self.banner.set_result(result)
        self.coverage_banner.set_result(result)
        self.kpis.set_result(result)
        self.chart_area.set_result(result)
        self.result_changed.emit(result)

    def _update_compare(self) -> None:
        if self._book is None:
            return
        from engine.model import evaluate

        self.chart_area.set_presets([evaluate(self._book, s) for s in self._presets])

    def _on_horizon_toggled(self) -> None:
        self.chart_area.set_horizon(self.horizon_action.isChecked())

    # --------------------------------------------------------------- status
    def _update_title(self) -> None:
        from engine.formatting import format_date

        name = Path(self._portfolio.source).name if self._portfolio and \
            self._portfolio.source else (self._portfolio.name if self._portfolio else "")
        title = f"Jevons — {name}" if name else "Jevons"
        if self._event is not None:
            title += " — " + self.tr("history: {0}").format(format_date(self._event.date,
                                                                        self._lang))
        self.setWindowTitle(title)

    def _update_status(self) -> None:
        from engine.formatting import format_date

        p = self._portfolio
        if p is None:
            self.file_status.setText(self.tr("No portfolio loaded: File → Open, or drop a CSV "
                                             "file here"))
        else:
            self.file_status.setText(self.tr("{0} — {1} holdings").format(
                p.source or p.name, len(p)))
            self.file_status.setToolTip(p.source or "")
        if self._book is not None:
            self.asof_status.setText(self.tr("Prices as of {0} · USD/JPY {1:.2f} ({2})").format(
                format_date(self._book.price_as_of, self._lang), self._book.usd_jpy,
                format_date(self._book.fx_as_of, self._lang)))
            self.asof_status.setToolTip(self._book.price_sources)

    # --------------------------------------------------------------- prices
    def update_prices(self) -> None:
        """Fetch the latest closes of the holdings and the rates into the user's cache (only
        when asked; offline it fails within seconds and changes nothing), then reprice."""
        from engine.marketdata import security_master
        from engine.marketdata.refresh import refresh

        if self._portfolio is None or self.runner.busy:
            return
        held = self._portfolio.holdings
        held = held[held["kind"] != "cash"]["ticker"]
        symbols = [r.security.symbol for r in security_master().resolve_many(list(held))
                   if r.security is not None]
        self.runner.start(refresh, symbols, label=self.tr("Updating prices…"),
                          on_done=self._on_prices_updated, on_error=self._on_prices_failed)

    def _on_prices_updated(self, outcome) -> None:
        cache, missing = outcome
        if self._portfolio is not None:
            self.load_portfolio(self._portfolio, self._portfolio.source)
        message = self.tr("Prices updated: {0} closes, {1} exchange rates").format(
            len(cache.closes), len(cache.fx))
        if missing:
            message += self.tr(" (no close for {0})").format(", ".join(missing))
        self.statusBar().showMessage(message, 15000)

    def _on_prices_failed(self, exc) -> None:
        self.statusBar().showMessage(str(exc), 30000)

    # --------------------------------------------------------------- export
    def export_dialog(self):
        """File → Export…: the report dialog for what is shown (model or replay)."""
        from engine.modelcheck import with_reference_check
        from gui.export_dialog import show_export_dialog

        if self.result is None:
            self.statusBar().showMessage(self.tr("Open a portfolio first, then export its "
                                                 "report."), 8000)
            return None
        dialog = show_export_dialog(with_reference_check(self.result), self, lang=self._lang,
                                    folder=self.settings.last_folder or None)
        dialog.exported.connect(self._on_exported)
        return dialog

    def _on_exported(self, files: list[str]) -> None:
        if files:
            self.settings.last_folder = str(Path(files[0]).parent)
            self.statusBar().showMessage(self.tr("Exported to {0}").format(
                Path(files[0]).parent if len(files) > 1 else files[0]), 8000)

    def export_to(self, path: str | Path) -> None:
        """Write the report of what is shown to ``path`` (format from its suffix), replacing it."""
        from engine.modelcheck import with_reference_check
        from gui.report_export import export_report

        path = Path(path)
        fmt = path.suffix.lower().lstrip(".")
        try:
            export_report(with_reference_check(self.result),
                          fmt if fmt in ("pdf", "html", "xlsx", "csv") else "json",
                          path, lang=self._lang, overwrite=True)
        except (InputError, OSError) as exc:
            show_input_error(self, exc if isinstance(exc, InputError)
                             else InputError(exc.strerror or str(exc), file=str(path)))
            return
        self._on_exported([str(path)])

    # ------------------------------------------------------------------ help
    def show_about(self) -> QMessageBox:
        from PySide6.QtCore import Qt

        from engine.formatting import format_date
        from engine.prices import load_snapshot

        snap = load_snapshot()
        text = self.tr(
            "<h3>Jevons {0}</h3><p>Stress-tests a stock portfolio against DeepSeek-style "
            "AI-efficiency shocks.</p><p>Prices as of {1}; exchange rates as of {2}.<br>"
            "Exposure numbers: resources/exposures.csv, each with its source.</p>"
            "<p>A what-if calculator, not investment advice.</p>").format(
            __version__, format_date(snap.as_of, self._lang),
            format_date(getattr(snap, "fx_as_of", snap.as_of), self._lang))
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("About Jevons"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.open()
        return box

    def show_methodology(self) -> QMessageBox:
        from PySide6.QtCore import Qt

        text = self.tr(
            "<h3>How Jevons computes</h3>"
            "<p><b>1. Cheaper AI.</b> An efficiency gain k, adopted by a share α of AI "
            "workloads over time, lowers the cost of a unit of AI capability.</p>"
            "<p><b>2. Demand answers.</b> With price elasticity ε, capability demanded rises "
            "as it gets cheaper. Compute demanded D = c^(1−ε): below ε = 1 less compute is "
            "bought; above 1 more (the Jevons paradox). ε drifts from its short-run to its "
            "long-run value.</p>"
            "<p><b>3. Where the money goes.</b> Accelerator spend splits into GPUs, custom "
            "ASICs (a share σ moves there) and infrastructure.</p>"
            "<p><b>4. Each company.</b> Revenue moves with its documented exposures (GPU, "
            "ASIC, infrastructure, AI upside); buyers of compute save on AI cost. Earnings "
            "follow with operating leverage; a discounted earnings path gives the value.</p>"
            "<p><b>5. Price.</b> Sentiment on the AI-infrastructure narrative (fading with a "
            "half-life), the broad market (beta) and USD/JPY move the price on top.</p>"
            "<p>The P&amp;L of every holding is split into these causes, which add up exactly "
            "to the total. Holdings the library does not know move with the market only, "
            "unless you give them a category.</p>")
        box = QMessageBox(QMessageBox.Icon.NoIcon, self.tr("Methodology"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.open()
        return box

    # -------------------------------------------------------- window state
    def _restore_state(self) -> None:
        geometry = self.settings.geometry
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = self.settings.window_state
        if not state.isEmpty():
            self.restoreState(state)

    def save_state(self) -> None:
        self.settings.geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        if self._ready:
            self.settings.set_splitter_state("main", self.main_split.saveState())
            self.settings.set_splitter_state("charts", self.chart_split.saveState())
        self.settings.sync()

    def closeEvent(self, event) -> None:
        self.runner.cancel()
        if self._validation is not None:
            self._validation.runner.cancel()
        self.save_state()
        super().closeEvent(event)

    # ------------------------------------------------------------ self-test
    def self_test(self, screenshot: str | None = None) -> int:
        """Move the efficiency slider; 0 if the numbers changed and stay finite."""
        self.flush()
        before = self.result.summary.value_after if self.result else math.nan
        kpi_before = self.kpis.texts()["day_one"]
        control = self.scenario_panel.controls["efficiency_multiple"]
        control.slider.setValue(control.slider.value() + 150)
        self.flush()
        after = self.result.summary.value_after if self.result else math.nan
        kpi_after = self.kpis.texts()["day_one"]
        QCoreApplication.processEvents()
        if screenshot:
            self.grab().save(screenshot)
        ok = math.isfinite(after) and after != before and kpi_after != kpi_before
        print("self-test: ok" if ok else "self-test: FAILED (numbers did not change)")
        return 0 if ok else 1
