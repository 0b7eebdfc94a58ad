"""The settings object and the background worker."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from engine.errors import CancelledError
from gui.settings import MAX_RECENT_FILES, Settings
from gui.worker import TaskRunner, TaskStatusWidget


def test_settings_live_in_the_test_folder_and_round_trip(tmp_path):
    s = Settings()
    assert Path(s.path).parent == Path(os.environ["JEVONS_CONFIG_DIR"])
    assert s.language == "" and s.theme == "system" and s.recent_files == []
    s.language = "ja"
    s.theme = "dark"
    for i in range(MAX_RECENT_FILES + 2):
        s.add_recent_file(tmp_path / f"p{i}.csv")
    s.add_recent_file(tmp_path / "p3.csv")  # again: moves to the top, no duplicate
    s.sync()
    again = Settings()
    assert again.language == "ja" and again.theme == "dark"
    files = again.recent_files
    assert len(files) == MAX_RECENT_FILES and files[0].endswith("p3.csv")
    assert len(set(files)) == len(files)
    assert again.last_folder == str(tmp_path.resolve())
    with pytest.raises(ValueError, match="unknown language"):
        again.language = "fr"


def _slow(n: int, *, progress, should_stop):
    for i in range(n):
        if should_stop():
            raise CancelledError("stopped")
        progress((i + 1) / n)
        time.sleep(0.005)
    return n


def test_worker_reports_progress_and_result(qtbot):
    runner = TaskRunner()
    fractions = []
    runner.progress.connect(fractions.append)
    with qtbot.waitSignal(runner.finished, timeout=5000) as done:
        runner.start(_slow, 20, label="counting")
    assert done.args == [20]
    assert fractions and fractions[-1] == 1.0
    assert not runner.busy


def _echo(value, *, progress, should_stop):
    progress(1.0)
    return value


def test_worker_lets_finished_tasks_go(qtbot):
    runner = TaskRunner()
    for i in range(50):
        with qtbot.waitSignal(runner.finished, timeout=5000) as done:
            runner.start(_echo, [i] * 1000)
        assert done.args[0][0] == i
        runner.wait()
    assert runner.kept_tasks <= 1  # at most the last one, until the next start or end


def test_worker_cancel_drops_the_result(qtbot):
    runner = TaskRunner()
    status = TaskStatusWidget(runner)
    qtbot.addWidget(status)
    results = []
    runner.finished.connect(results.append)
    gate = threading.Event()

    def wait_for_gate(*, progress, should_stop):
        gate.wait(5)
        return "late"

    runner.start(wait_for_gate, label="waiting")
    assert runner.busy and not status.isHidden()
    with qtbot.waitSignal(runner.cancelled, timeout=1000):
        status.cancel_button.click()
    assert not runner.busy and status.isHidden()
    gate.set()
    runner.wait(5000)
    qtbot.wait(50)  # let any queued signal arrive
    assert results == []  # the cancelled task's result never reaches the window


def test_starting_a_task_cancels_the_running_one(qtbot):
    runner = TaskRunner()
    seen = []
    runner.finished.connect(seen.append)
    first = runner.start(_slow, 200)
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.start(_slow, 3)
    assert first.cancel_requested
    runner.wait(5000)
    qtbot.wait(50)
    assert seen == [3]


def test_worker_failure_is_reported(qtbot):
    runner = TaskRunner()

    def broken(*, progress, should_stop):
        raise RuntimeError("boom")

    with qtbot.waitSignal(runner.failed, timeout=5000) as failed:
        runner.start(broken)
    assert isinstance(failed.args[0], RuntimeError)
