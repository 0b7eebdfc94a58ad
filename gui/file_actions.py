"""What the File menu does besides opening a portfolio: scenario files saved and
loaded, prices updated, the report of what is shown exported; and which
dropped files are portfolios.

Each function takes the main window (its dialogs' parent; its status bar says
what was written) and the settings (the last folder used).  The texts keep
the ``MainWindow`` translation context they have always had.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMimeData
from PySide6.QtWidgets import QFileDialog, QMainWindow

from engine.errors import InputError
from gui.errors import show_input_error
from gui.settings import Settings

if TYPE_CHECKING:
    from engine.portfolio import Portfolio
    from engine.result import Result
    from engine.scenario import Scenario
    from gui.export_dialog import ExportDialog
    from gui.session import Session
    from gui.worker import TaskRunner

__all__ = ["PORTFOLIO_FILTER", "ask_scenario", "export_dialog", "export_to", "portfolio_file",
           "save_scenario", "update_prices", "write_scenario"]

# The files a portfolio is read from (the Open dialog's filter, the files a drop accepts).
_PORTFOLIO_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xls")
PORTFOLIO_FILTER = " ".join(f"*{s}" for s in _PORTFOLIO_SUFFIXES)


def portfolio_file(mime: QMimeData) -> Path | None:
    """The first local portfolio file among dropped ``mime`` data, or None."""
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.suffix.lower() in _PORTFOLIO_SUFFIXES:
                return path
    return None


def _show_write_error(window: QMainWindow, exc: InputError | OSError, path: Path) -> None:
    from engine.errors import os_error

    show_input_error(window, exc if isinstance(exc, InputError)
                     else os_error(exc, path, writing=True))


# -- scenario files ----------------------------------------------------------------
def save_scenario(window: QMainWindow, scenario: Scenario, settings: Settings) -> None:
    """Ask where, then write ``scenario`` there."""
    from gui.scenario_panel import scenario_file_name

    start = str(Path(settings.last_folder or Path.home()) / scenario_file_name(scenario))
    path, _ = QFileDialog.getSaveFileName(
        window, QCoreApplication.translate("MainWindow", "Save scenario"), start,
        QCoreApplication.translate("MainWindow", "Scenario files (*.toml)"))
    if path:
        write_scenario(window, scenario, path, settings)


def write_scenario(window: QMainWindow, scenario: Scenario, path: str | Path,
                   settings: Settings) -> None:
    """Write ``scenario`` to ``path`` (replacing it); a failure is shown, not raised."""
    from engine.atomic import atomic_write

    path = Path(path)
    try:
        atomic_write(path, scenario.to_toml(name=path.stem).encode("utf-8"), overwrite=True)
    except (InputError, OSError) as exc:
        _show_write_error(window, exc, path)
        return
    settings.last_folder = str(path.parent)
    window.statusBar().showMessage(QCoreApplication.translate(
        "MainWindow", "Scenario saved to {0}").format(path), 8000)


def ask_scenario(window: QMainWindow, settings: Settings,
                 path: str | Path | None = None) -> Scenario | None:
    """The scenario in ``path`` (asked for when None); None if cancelled or unreadable."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(
            window, QCoreApplication.translate("MainWindow", "Load scenario"),
            settings.last_folder, QCoreApplication.translate("MainWindow",
                                                             "Scenario files (*.toml)"))
        if not path:
            return None
    from engine.scenario import load_scenario

    try:
        return load_scenario(str(path))
    except InputError as exc:
        show_input_error(window, exc)
        return None


# -- prices --------------------------------------------------------------------
def update_prices(window: QMainWindow, runner: TaskRunner, session: Session,
                  reload: Callable[[Portfolio, str | None], object]) -> None:
    """Fetch the latest closes of the open holdings and the rates on ``runner``; then
    ``reload(portfolio, its source)`` and say what came (or why nothing did)."""
    from engine.marketdata.refresh import portfolio_symbols, refresh

    def done(outcome) -> None:
        cache, missing = outcome
        if session.portfolio is not None:
            reload(session.portfolio, session.portfolio.source)
        message = QCoreApplication.translate(
            "MainWindow", "Prices updated: {0} closes, {1} exchange rates").format(
            len(cache.closes), len(cache.fx))
        if missing:
            message += QCoreApplication.translate(
                "MainWindow", " (no close for {0})").format(", ".join(missing))
        window.statusBar().showMessage(message, 15000)

    runner.start(refresh, portfolio_symbols(session.portfolio),
                 label=QCoreApplication.translate("MainWindow", "Updating prices…"),
                 on_done=done, on_error=lambda exc: window.statusBar().showMessage(str(exc), 30000))


# -- the report -----------------------------------------------------------------
def export_dialog(window: QMainWindow, result: Result | None, lang: str,
                  settings: Settings) -> ExportDialog | None:
    """The report dialog for ``result`` (the model or a replay); None without one."""
    from engine.modelcheck import with_reference_check
    from gui.export_dialog import show_export_dialog

    if result is None:
        window.statusBar().showMessage(QCoreApplication.translate(
            "MainWindow", "Open a portfolio first, then export its report."), 8000)
        return None
    dialog = show_export_dialog(with_reference_check(result), window, lang=lang,
                                folder=settings.last_folder or None)
    dialog.exported.connect(lambda files: _exported(window, files, settings))
    return dialog


def export_to(window: QMainWindow, result: Result, path: str | Path, lang: str,
              settings: Settings) -> None:
    """Write the report of ``result`` to ``path`` (format from its suffix), replacing it."""
    from engine.modelcheck import with_reference_check
    from gui.report_export import export_report

    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    try:
        export_report(with_reference_check(result),
                      fmt if fmt in ("pdf", "html", "xlsx", "csv") else "json",
                      path, lang=lang, overwrite=True)
    except (InputError, OSError) as exc:
        _show_write_error(window, exc, path)
        return
    _exported(window, [str(path)], settings)


def _exported(window: QMainWindow, files: list[str], settings: Settings) -> None:
    if files:
        settings.last_folder = str(Path(files[0]).parent)
        window.statusBar().showMessage(QCoreApplication.translate(
            "MainWindow", "Exported to {0}").format(
            Path(files[0]).parent if len(files) > 1 else files[0]), 8000)
