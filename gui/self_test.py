"""``jevons-gui --self-test``: move a slider in the open window and check the numbers move."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMainWindow

__all__ = ["self_test"]


def self_test(window: QMainWindow, screenshot: str | None = None) -> int:
    """Move the efficiency slider of ``window`` (a :class:`gui.main_window.MainWindow`);
    0 if the numbers changed and stay finite."""
    window.flush()
    before = window.result.summary.value_after if window.result else math.nan
    kpi_before = window.kpis.texts()["day_one"]
    control = window.scenario_panel.controls["efficiency_multiple"]
    control.slider.setValue(control.slider.value() + 150)
    window.flush()
    after = window.result.summary.value_after if window.result else math.nan
    kpi_after = window.kpis.texts()["day_one"]
    QCoreApplication.processEvents()
    if screenshot:
        window.grab().save(screenshot)
    ok = math.isfinite(after) and after != before and kpi_after != kpi_before
    print("self-test: ok" if ok else "self-test: FAILED (numbers did not change)")
    return 0 if ok else 1
