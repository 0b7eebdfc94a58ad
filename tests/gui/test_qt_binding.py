"""The Qt binding itself: a defect that would crash a long session."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    ping = Signal()


def test_signal_emit_keeps_true_alive():
    # PySide6 6.12.0 on Python 3.11 returns True from emit() without a new
    # reference; after a few thousand emits the interpreter aborts
    # ("bool_dealloc").  constraints.txt pins a release without the defect.
    emitter = _Emitter()
    before = sys.getrefcount(True)
    for _ in range(200):
        emitter.ping.emit()
    assert sys.getrefcount(True) - before > -100
