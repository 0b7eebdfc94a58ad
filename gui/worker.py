"""Long work off the GUI thread: one task at a time, with progress and Cancel.

The pattern of Orange3's ``concurrent.py``: the computation is a plain engine
function that accepts ``progress(fraction)`` and ``should_stop()`` callbacks;
:class:`TaskRunner` runs it in a ``QThreadPool``, cancels the running task
before starting a new one, throttles progress, and hands results back through
queued signals.  A result from a task that was cancelled or replaced is
dropped, never shown.  :class:`TaskStatusWidget` is the progress bar and
Cancel button that live in the status bar.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from engine.errors import CancelledError
from gui.i18n import language_notifier

__all__ = ["Task", "TaskHandle", "TaskRunner", "TaskStatusWidget"]

_PROGRESS_INTERVAL_S = 0.05  # at most 20 progress updates a second reach the GUI


class _TaskSignals(QObject):
    progress = Signal(int, float)
    finished = Signal(int, object)
    failed = Signal(int, object)
    cancelled = Signal(int)


class Task(QRunnable):
    """``fn(*args, progress=…, should_stop=…, **kwargs)`` on a pool thread.

    The runner keeps the runnable until ``run`` has returned (``done``), then
    lets it go; the stop flag and the signals (owned by the runner, on the GUI
    thread) outlive it.
    """

    def __init__(self, task_id: int, fn: Callable[..., Any], args: tuple, kwargs: dict,
                 signals: _TaskSignals, stop: threading.Event) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.id = task_id
        self.signals = signals
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self._stop = stop
        self._last_progress = 0.0
        self.done = threading.Event()  # set as run() returns

    def _progress(self, fraction: float) -> None:
        now = time.monotonic()
        if fraction >= 1.0 or now - self._last_progress >= _PROGRESS_INTERVAL_S:
            self._last_progress = now
            self.signals.progress.emit(self.id, min(max(float(fraction), 0.0), 1.0))

    def run(self) -> None:
        try:
            self._run()
        finally:
            # Drop the inputs and the result (a book, a scenario, a Monte Carlo
            # tally) now: the runner may keep this object until its next call.
            self._fn = self._args = self._kwargs = None
            self.done.set()

    def _run(self) -> None:
        try:
            result = self._fn(*self._args, progress=self._progress,
                              should_stop=self._stop.is_set, **self._kwargs)
        except CancelledError:
            self.signals.cancelled.emit(self.id)
        except Exception as exc:  # handed to the GUI thread, which reports it
            if self._stop.is_set():
                self.signals.cancelled.emit(self.id)
            else:
                self.signals.failed.emit(self.id, exc)
        else:
            if self._stop.is_set():
                self.signals.cancelled.emit(self.id)
            else:
                self.signals.finished.emit(self.id, result)


class TaskHandle:
    """What the GUI keeps of a started task: its id and a way to stop it."""

    def __init__(self, task_id: int, stop: threading.Event) -> None:
        self.id = task_id
        self._stop = stop

    def cancel(self) -> None:
        """Ask the function to stop at its next ``should_stop()`` check."""
        self._stop.set()

    @property
    def cancel_requested(self) -> bool:
        return self._stop.is_set()


class TaskRunner(QObject):
    """Runs one task at a time; starting a new one cancels the old one.

    Signals carry only the current task's news: ``started(label)``,
    ``progress(fraction)``, ``finished(result)``, ``failed(exception)``,
    ``cancelled()``, and ``busy_changed(bool)``.
    """

    started = Signal(str)
    progress = Signal(float)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._ids = itertools.count(1)
        self._current: TaskHandle | None = None
        self._signals: dict[int, _TaskSignals] = {}
        self._tasks: dict[int, Task] = {}
        self._callbacks: dict[int, tuple[Callable | None, Callable | None]] = {}

    @property
    def busy(self) -> bool:
        return self._current is not None

    def start(self, fn: Callable[..., Any], *args: Any, label: str = "",
              on_done: Callable[[Any], None] | None = None,
              on_error: Callable[[BaseException], None] | None = None,
              **kwargs: Any) -> TaskHandle:
        """Cancel the running task (if any) and run ``fn`` in the pool."""
        self.cancel()
        self._forget_returned()
        task_id = next(self._ids)
        signals = _TaskSignals(self)
        signals.progress.connect(self._on_progress)
        signals.finished.connect(self._on_finished)
        signals.failed.connect(self._on_failed)
        signals.cancelled.connect(self._on_cancelled)
        stop = threading.Event()
        handle = TaskHandle(task_id, stop)
        self._current = handle
        self._signals[task_id] = signals
        self._callbacks[task_id] = (on_done, on_error)
        self.started.emit(label)
        self.busy_changed.emit(True)
        task = Task(task_id, fn, args, kwargs, signals, stop)
        self._tasks[task_id] = task
        self._pool.start(task)
        return handle

    @Slot()
    def cancel(self) -> None:
        """Cancel the current task; its result, if it still arrives, is dropped."""
        task = self._current
        if task is None:
            return
        task.cancel()
        self._current = None
        self.cancelled.emit()
        self.busy_changed.emit(False)

    def wait(self, msecs: int = -1) -> bool:
        """Block until every started task has returned (for shutdown and tests)."""
        return self._pool.waitForDone(msecs)

    def _forget_returned(self) -> None:
        """Let go of every task whose ``run`` has returned (the pool no longer uses it)."""
        for task_id in [i for i, t in self._tasks.items() if t.done.is_set()]:
            del self._tasks[task_id]

    @property
    def kept_tasks(self) -> int:
        """How many task objects the runner still holds (running or about to return)."""
        return len(self._tasks)

    def _end(self, task_id: int) -> tuple[bool, Callable | None, Callable | None]:
        self._forget_returned()
        signals = self._signals.pop(task_id, None)
        if signals is not None:
            signals.deleteLater()
        on_done, on_error = self._callbacks.pop(task_id, (None, None))
        current = self._current is not None and self._current.id == task_id
        if current:
            self._current = None
            self.busy_changed.emit(False)
        return current, on_done, on_error

    @Slot(int, float)
    def _on_progress(self, task_id: int, fraction: float) -> None:
        if self._current is not None and self._current.id == task_id:
            self.progress.emit(fraction)

    @Slot(int, object)
    def _on_finished(self, task_id: int, result: object) -> None:
        current, on_done, _ = self._end(task_id)
        if current:
            self.finished.emit(result)
            if on_done is not None:
                on_done(result)

    @Slot(int, object)
    def _on_failed(self, task_id: int, exc: object) -> None:
        current, _, on_error = self._end(task_id)
        if current:
            self.failed.emit(exc)
            if on_error is not None:
                on_error(exc)

    @Slot(int)
    def _on_cancelled(self, task_id: int) -> None:
        current, _, _ = self._end(task_id)
        if current:  # the function stopped by itself (CancelledError)
            self.cancelled.emit()


class TaskStatusWidget(QWidget):
    """A label, a progress bar and a Cancel button; visible only while busy."""

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setMaximumWidth(180)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(runner.cancel)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        runner.started.connect(self._on_started)
        runner.progress.connect(self._on_progress)
        runner.busy_changed.connect(self.setVisible)
        self.retranslate()
        self.setVisible(False)
        language_notifier().changed.connect(self.retranslate)

    def retranslate(self) -> None:
        self.cancel_button.setText(self.tr("Cancel"))

    @Slot(str)
    def _on_started(self, label: str) -> None:
        self.label.setText(label)
        self.bar.setValue(0)

    @Slot(float)
    def _on_progress(self, fraction: float) -> None:
        self.bar.setValue(round(1000 * fraction))
