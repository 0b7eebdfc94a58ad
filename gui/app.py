"""The desktop app's entry point (a first window: real numbers, one slider)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from engine.paths import resource

SAMPLE = resource("sample_portfolio.csv")


def run_app(portfolio: str | None = None, *, self_test: bool = False,
            screenshot: str | None = None) -> int:
    if self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Jevons")
    window = MainWindow(Path(portfolio) if portfolio else SAMPLE)
    window.show()
    if self_test:
        return window.self_test(screenshot)
    return app.exec()
