"""Uncaught exceptions: a short message on screen, the traceback in the log.

:func:`install_excepthook` replaces ``sys.excepthook`` so an error in a slot
shows a dialog naming the log file and the app keeps running.  Bad input
(:class:`~engine.errors.InputError`) never reaches here: callers show it with
:func:`show_input_error`, without a traceback.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from engine.errors import InputError, display_name
from gui.logfile import setup_logging

__all__ = ["install_excepthook", "show_input_error", "show_internal_error"]

_log = logging.getLogger("jevons")
_showing = False
_open: list[QMessageBox] = []  # dialogs without a parent stay alive while shown


def _show(box: QMessageBox) -> None:
    _open.append(box)
    box.finished.connect(lambda _result: _open.remove(box) if box in _open else None)
    box.open()


def show_input_error(parent: QWidget | None, exc: InputError,
                     title: str | None = None) -> QMessageBox:
    """A friendly message box for bad input: what, where, how to fix."""
    box = QMessageBox(QMessageBox.Icon.Warning, title or QCoreApplication.translate("Errors", "Cannot use this file"),
                      exc.message, QMessageBox.StandardButton.Ok, parent)
    where = exc.where()
    if where:
        box.setInformativeText(QCoreApplication.translate("Errors", "Where: {0}").format(where))
    problems = getattr(exc, "problems", None)
    if problems:
        box.setDetailedText("\n".join(str(p) for p in problems))
    box.setObjectName("inputErrorBox")
    _show(box)
    return box


def show_internal_error(exc: BaseException, parent: QWidget | None = None) -> QMessageBox:
    """Log ``exc`` with its traceback and show a non-blocking dialog naming the log."""
    path = setup_logging()
    _log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("Errors", "Something went wrong"),
                      QCoreApplication.translate("Errors", "Jevons hit an unexpected error and carried on: {0}").format(
                          f"{type(exc).__name__}: {exc}"),
                      QMessageBox.StandardButton.Ok, parent)
    if path is not None:
        box.setInformativeText(QCoreApplication.translate("Errors", "The details are in the log file:\n{0}").format(
            display_name(path)))
    else:
        box.setInformativeText(QCoreApplication.translate("Errors", "The log folder cannot be written; the details are below."))
    box.setDetailedText("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    box.setObjectName("internalErrorBox")
    _show(box)
    return box


def _hook(exc_type: type[BaseException], exc: BaseException,
          tb: TracebackType | None) -> None:
    global _showing
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if exc.__traceback__ is None and tb is not None:
        exc = exc.with_traceback(tb)
    app = QApplication.instance()
    if app is None or _showing:
        setup_logging()
        _log.error("unexpected error", exc_info=(exc_type, exc, tb))
        return
    _showing = True
    try:
        if isinstance(exc, InputError):
            show_input_error(app.activeWindow(), exc)
        else:
            show_internal_error(exc, app.activeWindow())
    finally:
        _showing = False


def install_excepthook() -> None:
    """Route uncaught exceptions to :func:`show_internal_error`."""
    sys.excepthook = _hook
