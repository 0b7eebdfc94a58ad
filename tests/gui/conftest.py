"""Fixtures for the Qt tests: real results on the sample portfolio, and the
window as a person with 30 holdings sees it."""

from __future__ import annotations

import pytest

from engine import evaluate, list_presets, load_portfolio, load_scenario, prepare
from engine.paths import resource
from tests.conftest import FIXTURES

PORTFOLIO30 = FIXTURES / "portfolio30.csv"


@pytest.fixture(scope="session")
def sample_book():
    return prepare(load_portfolio(resource("sample_portfolio.csv")))


@pytest.fixture(scope="session")
def deepseek_result(sample_book):
    return evaluate(sample_book, load_scenario("deepseek-r1"))


@pytest.fixture(scope="session")
def preset_results(sample_book):
    return [evaluate(sample_book, s) for s in list_presets()]


@pytest.fixture
def window30(qtbot):
    """The main window at 1366×768, shown, with the 30-holding portfolio open (light, English after)."""
    from PySide6.QtWidgets import QApplication

    from gui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    assert w.open_path(PORTFOLIO30, preview=False)
    w.flush()
    QApplication.processEvents()
    yield w
    w._apply_theme("light", save=False)
    w.set_language("en")
