"""The main window: it assembles the parts and connects them; it computes nothing.

Its content (banners, key figures, table, chart column, scenario panel) is
:class:`gui.window_content.WindowContent`; its status bar
:class:`gui.status_area.StatusArea`; its menus are data (:mod:`gui.menus`);
what it shows as numbers (portfolio, book, scenario, replay, result) is a
:class:`gui.session.Session`, which calls the engine; the File menu's work is
in :mod:`gui.file_actions`.  Every part follows the interface language and
theme itself (:func:`gui.i18n.language_notifier`, :func:`gui.theme.theme_notifier`).

A slider move reprices at once (well under a millisecond on a prepared book)
and schedules one redraw for the next turn of the event loop, so a burst of
slider events costs one redraw.  A historical replay (Scenario menu or the
preset picker) shows the same table, key figures and attribution chart under
a banner that says it is history; the sliders are off meanwhile.

The window is built in two parts.  Its frame (title, menus, status bar, a
placeholder) needs Qt alone; its content needs the engine, pandas and
pyqtgraph, which take about a second to import and set up.  ``MainWindow()``
builds both at once.  ``MainWindow(deferred=True)`` builds the frame only;
once the frame has been painted the content is built in a few steps, the
status bar showing the progress, and ``content_ready`` is emitted.  So this
module imports no engine module but ``engine.errors``: the heavy ones are
imported inside the methods that use them (and by the parts it assembles),
all of which run after the content exists.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

# Not Qt (the namespace): its enums take ~20 ms to set up, so the frame does without.
from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from engine.errors import InputError
from gui.content_steps import ContentSteps
from gui.errors import show_input_error
from gui.file_actions import PORTFOLIO_FILTER, portfolio_file
from gui.i18n import install_language, language_notifier, resolve_language
from gui.session import Session
from gui.settings import Settings
from gui.status_area import StatusArea
from gui.theme import announce_palette, apply_theme
from gui.worker import TaskRunner

if TYPE_CHECKING:
    from engine.events import Event
    from engine.portfolio import Portfolio
    from engine.result import Result
    from engine.scenario import Scenario
    from gui.import_dialog import ImportDialog
    from gui.model_check_view import ModelCheckDialog
    from gui.validation_view import ValidationDialog
    from gui.window_content import WindowContent

__all__ = ["MainWindow"]


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
        self.session = Session()
        self.content: WindowContent | None = None
        self._model_check: ModelCheckDialog | None = None  # made when first shown
        self._validation: ValidationDialog | None = None  # made when first shown
        self._lang = resolve_language(self.settings.language)
        self._ready = False
        self._deferred = deferred
        self._queued: list[Callable[[], object]] = []
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
        language_notifier().changed.connect(self._on_language_changed)
        self.content_steps = ContentSteps(self._build_steps(), self.status, self)
        self.content_steps.failed.connect(self.content_failed)
        if deferred:
            self.content_steps.show_progress()
        else:
            self.content_steps.run_all()

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

        self.status = StatusArea(self.statusBar(), self.runner)
        # The status bar's parts, under the names the window has always given them.
        self.file_status, self.asof_status = self.status.file_status, self.status.asof_status
        self.task_status, self.load_progress = self.status.task_status, self.status.load_progress

    def _build_steps(self) -> list[tuple[str, Callable[[], None]]]:
        """The content build in steps of a few hundred milliseconds, each with its label."""
        return [(self.tr("loading the model"), self._import_engine),
                (self.tr("loading the charts"), self._import_charts),
                (self.tr("reading the scenarios"), self.session.read_scenarios),
                (self.tr("building the window"), self._build_content)]

    @staticmethod
    def _import_engine() -> None:
        import engine.events
        import engine.model  # noqa: F401  (numpy, pandas, the exposure library's code)

    @staticmethod
    def _import_charts() -> None:
        import gui.analysis_panel
        import gui.charts  # noqa: F401  (pyqtgraph)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._deferred and not self.content_steps.started:
            # A window that is not exposed (another desktop, minimised) gets no
            # paint event: build its content anyway, a moment later.
            QTimer.singleShot(300, self, self.content_steps.start)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._deferred and not self._painted:
            self._painted = True
            # Next turn of the event loop: this paint has then reached the screen.
            QTimer.singleShot(0, self, self._on_first_paint)

    def _on_first_paint(self) -> None:
        self.frame_painted.emit()
        self.content_steps.start()

    def _build_content(self) -> None:
        from gui.window_content import WindowContent

        session = self.session
        self.content = content = WindowContent(self.settings, self.runner, session.presets,
                                               session.events)
        # The parts, under the names the window has always given them.
        self.banner, self.coverage_banner, self.kpis = (content.banner, content.coverage_banner,
                                                        content.kpis)
        self.table, self.scenario_panel, self.analysis = (content.table, content.scenario_panel,
                                                          content.analysis)
        self.model, self.proxy = self.table.holdings_model, self.table.proxy
        self.chart_area = content.chart_area
        self.chart_tabs = self.chart_area.tabs
        self.charts = self.chart_area.charts
        (self.attribution_chart, self.demand_chart, self.value_chart,
         self.compare_chart) = self.charts

        self.banner.back_requested.connect(self.show_model)
        self.banner.model_check_requested.connect(self.show_model_check)
        self.table.holding_menu_requested.connect(self._on_holding_menu)
        self.scenario_panel.event_selected.connect(self.show_event)
        self.scenario_panel.scenario_changed.connect(self._on_scenario_changed)
        self.scenario_panel.save_requested.connect(self.save_scenario)
        self.scenario_panel.load_requested.connect(self.load_scenario_file)
        self.analysis.results_changed.connect(self._reprice)
        self.setCentralWidget(content)  # deletes the placeholder
        self.placeholder = self.placeholder_label = None

        for event in session.events:  # into the (empty) event_actions of _build_menus
            a = QAction(self)
            a.triggered.connect(lambda _c=False, e=event: self.show_event(e))
            self.replay_menu.addAction(a)
            self.event_actions[event.date] = a
        self._ready = True
        self.status.show_portfolio(None, None)
        for action in self._content_actions():
            action.setEnabled(True)
        self.model_action.setEnabled(False)  # until a replay is shown
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
        from gui.menus import add_choices, build_menus

        self._needs_content = build_menus(self)
        self.event_actions: dict[str, QAction] = {}
        from engine.currencies import BASE_CURRENCIES

        self.currency_actions = add_choices(self, self.currency_menu, BASE_CURRENCIES,
                                            self.set_base_currency,
                                            checked=self.settings.base_currency)
        self.theme_actions = add_choices(self, self.theme_menu, ("system", "light", "dark"),
                                         self._apply_theme)
        self.language_actions = add_choices(self, self.language_menu, ("", "en", "ja"),
                                            self.set_language, checked=self.settings.language)
        for action in self._content_actions():
            action.setEnabled(False)

    # ------------------------------------------------------------- language
    def retranslate(self) -> None:
        from gui.menus import retranslate_choices, retranslate_menus

        retranslate_menus(self)
        retranslate_choices(self, self.session.events, self._lang)
        self._update_recent_menu()
        self._update_title()
        if not self._ready:
            self.placeholder_label.setText(self.tr("Loading the portfolio…"))
        # Every panel, chart, dialog and the status bar follow the language themselves.

    def set_language(self, choice: str) -> None:
        """Switch the interface language now ("" follows the system) and remember it.

        A base currency never chosen follows the language (yen for Japanese):
        the open portfolio is valued again in it.
        """
        before = self.settings.base_currency
        self.settings.language = choice
        install_language(resolve_language(choice))  # every widget follows (the notifier)
        self.language_actions[choice].setChecked(True)
        after = self.settings.base_currency
        if after != before:
            self.currency_actions[after].setChecked(True)
            if self.session.portfolio is not None:
                self.load_portfolio(self.session.portfolio)
        self._schedule_redraw()
        if self.session.book is not None:
            self.flush()

    @property
    def language(self) -> str:
        return self._lang

    def _on_language_changed(self, lang: str) -> None:
        self._lang = lang
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:  # the system's palette, or a theme chosen
            announce_palette(self.palette())  # every widget follows (gui.theme.theme_notifier)
        super().changeEvent(event)

    # ---------------------------------------------------------------- theme
    def _apply_theme(self, theme: str, *, save: bool = True) -> None:
        app = QApplication.instance()
        apply_theme(app, theme)
        self.theme_actions[theme].setChecked(True)
        if save:
            self.settings.theme = theme

    # ------------------------------------------------------------- loading
    def load_portfolio(self, portfolio: Portfolio, path: str | Path | None = None) -> bool:
        """Show ``portfolio`` (already read) and remember its file; False if it cannot be priced."""
        try:
            book = self.session.open(portfolio, self.settings.base_currency)
        except InputError as exc:  # e.g. a holding with no price in the file or the snapshot
            show_input_error(self, exc)
            return False
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
        self.status.show_portfolio(portfolio, book, notes=True)
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
            self.tr("Portfolio files ({0});;All files (*)").format(PORTFOLIO_FILTER))
        if path:
            self.open_path(path)

    def _update_recent_menu(self) -> None:
        from gui.menus import fill_recent_menu

        fill_recent_menu(self.recent_menu, self.settings.recent_files, self.open_path)

    # ------------------------------------------------------ drag and drop
    def dragEnterEvent(self, event) -> None:
        if portfolio_file(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        path = portfolio_file(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            # Leave the drop handler before the modal preview opens; a file dropped
            # while the content is being built opens once it is there.
            QTimer.singleShot(0, self, lambda: self.when_ready(lambda: self.open_path(path)))

    # ------------------------------------------------------------ scenario
    def _on_scenario_changed(self, scenario: Scenario) -> None:
        self.session.scenario = scenario
        self.analysis.set_scenario(scenario)
        if self.session.event is not None:
            self._leave_replay()
        self._reprice()

    # ------------------------------------------------------------- history
    @property
    def event(self) -> Event | None:
        """The event replayed now, or None while the model is shown."""
        return self.session.event

    def show_event(self, event: Event | str) -> None:
        """Replay ``event`` (an Event or its date) on the open holdings."""
        from engine.events import Event

        if not isinstance(event, Event):
            event = self.session.event_for(event)
        self.session.event = event
        self.scenario_panel.set_replay(event)
        self.model_action.setEnabled(True)
        self._reprice()
        self._update_title()

    def show_model(self) -> None:
        """Leave the replay and show the model scenario the sliders hold."""
        if self.session.event is None:
            return
        self._leave_replay()
        self._reprice()

    def _leave_replay(self) -> None:
        self.session.event = None
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

            self._model_check = ModelCheckDialog(self)  # follows language and theme itself
            self._model_check.view.set_book(self.session.book)
            if self.session.book is not None:
                self._model_check.view.set_basis("holdings")
        self._model_check.show()
        self._model_check.raise_()
        self._model_check.activateWindow()
        return self._model_check

    def select_preset(self, name: str) -> None:
        self.scenario_panel.select_preset(name)

    def save_scenario(self) -> None:
        from gui.file_actions import save_scenario

        save_scenario(self, self.session.scenario, self.settings)

    def write_scenario(self, path: str | Path) -> None:
        from gui.file_actions import write_scenario

        write_scenario(self, self.session.scenario, path, self.settings)

    def load_scenario_file(self, path: str | Path | None = None) -> None:
        from gui.file_actions import ask_scenario

        scenario = ask_scenario(self, self.settings, path)
        if scenario is not None:
            self.scenario_panel.set_scenario(scenario)

    def set_base_currency(self, code: str) -> None:
        self.settings.base_currency = code
        self.currency_actions[code].setChecked(True)
        if self.session.portfolio is not None:
            self.load_portfolio(self.session.portfolio)

    # -------------------------------------------------------- categories
    def _on_holding_menu(self, row: int, global_pos) -> None:
        menu = self.table.category_menu(row, self.assign_category)
        if menu is not None:
            menu.popup(global_pos)

    def assign_category(self, ticker: str, category: str) -> None:
        """Use ``category`` for a holding the library does not know, and reprice."""
        if self.session.portfolio is not None:
            self.load_portfolio(self.session.portfolio.with_category(ticker, category))

    # ---------------------------------------------------- repricing, redraw
    @property
    def result(self) -> Result | None:
        """What is shown: the model scenario's result, or the replay's."""
        return self.session.result

    def _reprice(self) -> None:
        # A model result carries the analysis tabs' current results (for the export).
        if self.session.reprice(self.analysis.attach) is not None:
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
        self.content.show_result(result)
        self.result_changed.emit(result)

    def _update_compare(self) -> None:
        if self.session.book is not None:
            self.chart_area.set_presets(self.session.preset_results())

    def _on_horizon_toggled(self) -> None:
        self.chart_area.set_horizon(self.horizon_action.isChecked())

    def _update_title(self) -> None:
        from engine.formatting import format_date

        p, event = self.session.portfolio, self.session.event
        name = (Path(p.source).name if p.source else p.name) if p is not None else ""
        title = f"Jevons — {name}" if name else "Jevons"
        if event is not None:
            title += " — " + self.tr("history: {0}").format(format_date(event.date, self._lang))
        self.setWindowTitle(title)

    # --------------------------------------------------------------- prices
    def update_prices(self) -> None:
        """Fetch the latest closes of the holdings and the rates into the user's cache (only
        when asked; offline it fails within seconds and changes nothing), then reprice."""
        from gui.file_actions import update_prices

        if self.session.portfolio is not None and not self.runner.busy:
            update_prices(self, self.runner, self.session, self.load_portfolio)

    # --------------------------------------------------------------- export
    def export_dialog(self):
        """File → Export…: the report dialog for what is shown (model or replay)."""
        from gui.file_actions import export_dialog

        return export_dialog(self, self.result, self._lang, self.settings)

    def export_to(self, path: str | Path) -> None:
        """Write the report of what is shown to ``path`` (format from its suffix), replacing it."""
        from gui.file_actions import export_to

        export_to(self, self.result, path, self._lang, self.settings)

    # ------------------------------------------------------------------ help
    def show_about(self) -> QMessageBox:
        from gui.help_dialogs import show_about

        return show_about(self, self._lang)

    def show_methodology(self) -> QMessageBox:
        from gui.help_dialogs import show_methodology

        return show_methodology(self)

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
        if self.content is not None:
            self.content.save_state(self.settings)
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
        from gui.self_test import self_test

        return self_test(self, screenshot)
