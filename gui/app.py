"""The desktop app's entry point (a first window: real numbers, one slider)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from engine.paths import resource

SAMPLE = resource("sample_portfolio.csv")


def run_app(portfolio: str | None = None, *, self_test: bool = False,
            screenshot: str | None = None) -> int:
    if self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Jevons")
    app.setDesktopFileName("jevons")  # matches the installed jevons.desktop (Wayland, docks)
    app.setWindowIcon(QIcon(str(resource("icons", "jevons.svg"))))
    window = MainWindow(Path(portfolio) if portfolio else SAMPLE)
    window.show()
    if self_test and os.environ.get("JEVONS_SELFTEST_TIMING"):
        # Start-up timing (benchmarks/bench_bundle.py): the wall clock once the
        # window has been laid out and painted, for the caller to subtract its
        # own launch time from.
        app.processEvents()
        print(f"self-test: window shown at {time.time():.6f}", flush=True)
    if self_test:
        return window.self_test(screenshot)
    return app.exec()
