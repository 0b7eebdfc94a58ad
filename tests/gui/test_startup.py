"""Start-up: the main window's frame first, its content after the first paint."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from engine.paths import resource
from gui.main_window import MainWindow
from tests.conftest import ROOT

SAMPLE = resource("sample_portfolio.csv")
#: The offscreen platform cannot pass on the new minimum size when the content replaces
#: the placeholder (a real window system can).
shows_windows = pytest.mark.qt_log_ignore("propagateSizeHints")


@shows_windows
def test_deferred_window_paints_its_frame_then_builds_its_content(qtbot):
    w = MainWindow(deferred=True)
    qtbot.addWidget(w)
    w.when_ready(lambda: w.open_path(SAMPLE, preview=False))
    assert not w.is_ready and w.result is None
    assert w.centralWidget() is w.placeholder
    assert w.placeholder_label.text() == "Loading the portfolio…"
    assert w.file_status.text().startswith("Starting: ")
    assert not w.open_action.isEnabled() and not w.export_action.isEnabled()
    assert w.about_action.isEnabled() and w.quit_action.isEnabled()

    with qtbot.waitSignal(w.frame_painted, timeout=10_000):
        w.show()
    assert not w.is_ready  # painted before the content is built
    assert w.load_progress.isVisible()

    with qtbot.waitSignal(w.content_ready, timeout=60_000):
        pass
    assert w.is_ready and w.placeholder is None
    assert not w.load_progress.isVisible()
    assert w.open_action.isEnabled() and w.export_action.isEnabled()
    assert not w.model_action.isEnabled()  # no replay shown yet
    assert len(w.replay_menu.actions()) == len(w.session.events) > 0
    # The queued sample is open: its holdings in the table, its numbers in the key figures.
    assert w.result is not None and w.model.rowCount() == len(w.result.holdings) > 0
    assert "holdings" in w.file_status.text()
    before = w.kpis.texts()["day_one"]
    control = w.scenario_panel.controls["efficiency_multiple"]
    with qtbot.waitSignal(w.result_changed, timeout=2000):
        control.slider.setValue(control.slider.value() + 150)
    assert w.kpis.texts()["day_one"] != before


def test_the_default_window_is_complete_at_once(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.is_ready and w.placeholder is None
    assert w.open_action.isEnabled()
    ran = []
    w.when_ready(lambda: ran.append(True))
    assert ran == [True]


@shows_windows
def test_a_file_dropped_on_the_frame_opens_once_the_content_is_there(qtbot, monkeypatch):
    w = MainWindow(deferred=True)
    qtbot.addWidget(w)
    opened = []
    monkeypatch.setattr(w, "open_path", lambda p, **k: opened.append((p, w.is_ready)))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(SAMPLE))])
    w.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                           Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    with qtbot.waitSignal(w.content_ready, timeout=60_000):
        w.show()
    assert opened == [(SAMPLE, True)]


def test_the_app_modules_leave_the_heavy_imports_for_later():
    """gui.cli, gui.app and gui.main_window import Qt but no numpy, pandas, pyqtgraph
    or engine model module, so the frame can be shown before they load."""
    code = ("import sys, gui.cli, gui.app, gui.main_window; "
            "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('numpy', 'pandas', 'pyqtgraph', 'engine'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, timeout=60, check=True).stdout.split()
    assert sorted(out) == ["engine", "engine._version", "engine.errors", "engine.paths"]


def test_the_frame_is_built_without_the_heavy_imports(tmp_path):
    """Building the deferred window (menus, currencies, settings) loads no numpy or
    pandas either: the frame shows before they are imported."""
    code = ("import sys; from PySide6.QtWidgets import QApplication; "
            "from gui.main_window import MainWindow; app = QApplication([]); "
            "w = MainWindow(deferred=True); "
            "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('numpy', 'pandas', 'pyqtgraph'))))")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "JEVONS_CONFIG_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, env=env, timeout=60, check=True).stdout.split()
    assert out == []


@shows_windows
def test_a_step_that_fails_says_so_instead_of_leaving_the_frame_waiting(qtbot):
    w = MainWindow(deferred=True)
    qtbot.addWidget(w)

    def broken() -> None:
        raise OSError("resources/scenarios is not readable")

    w.content_steps.steps[2] = ("reading the scenarios", broken)
    with qtbot.capture_exceptions() as raised, \
            qtbot.waitSignal(w.content_failed, timeout=60_000) as failed:
        w.show()
    assert failed.args == ["resources/scenarios is not readable"]
    assert [type(e[1]) for e in raised] == [OSError]
    assert not w.is_ready and not w.open_action.isEnabled()
    assert w.file_status.text() == "Could not start: resources/scenarios is not readable"
