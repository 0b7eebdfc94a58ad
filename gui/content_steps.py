"""The window's content built in steps, one per turn of the event loop.

Each step (importing the engine, the charts, reading the scenarios, building
the widgets) holds the event loop for a few hundred milliseconds; between
them the window stays responsive and its status bar shows which step runs
next (:class:`gui.status_area.StatusArea`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from gui.status_area import StatusArea

__all__ = ["ContentSteps"]

Step = tuple[str, Callable[[], object]]  # its label, and the call


class ContentSteps(QObject):
    """Runs ``steps`` in order: all at once (:meth:`run_all`) or one per turn of the
    event loop from :meth:`start` on.  ``failed(message)``: a step raised (the
    exception goes on to the error dialog and the log file, :mod:`gui.errors`)."""

    failed = Signal(str)

    def __init__(self, steps: list[Step], status: StatusArea, parent: QObject) -> None:
        super().__init__(parent)
        self.steps = steps  # what is left to run (a list: tests replace a step)
        self._status = status
        self.started = False

    def run_all(self) -> None:
        while self.steps:
            self.steps.pop(0)[1]()

    def show_progress(self) -> None:
        """The status bar counts the steps, and names the first."""
        self._status.start_steps(len(self.steps))
        self._show_step()

    def start(self) -> None:
        """Run the steps one per turn of the event loop (once; later calls do nothing)."""
        if not self.started:
            self.started = True
            self._next_step()

    def _next_step(self) -> None:
        try:
            self.steps.pop(0)[1]()
        except Exception as exc:
            self._status.show_failure(exc)
            self.failed.emit(str(exc))
            raise
        if self.steps:
            self._show_step()
            QTimer.singleShot(0, self, self._next_step)

    def _show_step(self) -> None:
        self._status.show_step(self.steps[0][0], len(self.steps))
