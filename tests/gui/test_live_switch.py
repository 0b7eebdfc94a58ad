"""Live theme and language switches reach every chart and panel by themselves.

The window only switches (``_apply_theme``, ``set_language``); nothing is
pushed into its parts.  Each chart's title, axis labels, tick labels and
legend must take the new palette's text colour (the key figures too), and a
sample of texts in every panel must change language, and come back.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from gui.main_window import MainWindow
from gui.settings import Settings
from gui.theme import chart_colours, gain_loss_colours

# The model-check and validation dialogs are shown (the offscreen platform cannot raise them).
shows_windows = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

@pytest.fixture
def window(window30):
    """The 30-holding window with the model-check and validation dialogs open."""
    w = window30
    w.show_model_check()
    w.show_validation()
    QApplication.processEvents()
    yield w
    w.runner.cancel()
    w.runner.wait(10_000)


def _charts(w: MainWindow) -> list:
    return [*w.charts, *w.analysis.charts, w._model_check.view.chart]


def _name(colour) -> str:
    return QColor(colour).name().lower()


def _text_colours(chart) -> dict[str, str]:
    """Every text colour a chart draws with, by where it is drawn."""
    plot = chart.plotItem
    found = {"title": _name(plot.titleLabel.opts["color"])}
    for side in ("left", "bottom"):
        axis = plot.getAxis(side)
        found[f"{side} ticks"] = axis.textPen().color().name().lower()
        if axis.labelText:
            found[f"{side} label"] = _name(axis.labelStyle["color"])
    if chart.legend is not None:
        for i, (_sample, label) in enumerate(chart.legend.items):
            found[f"legend {i}"] = _name(label.opts["color"])
    return found


@shows_windows
@pytest.mark.parametrize("theme", ["dark", "light"])
def test_live_theme_switch_recolours_every_chart(window, theme):
    if theme == "light":
        window._apply_theme("dark", save=False)
    window._apply_theme(theme, save=False)
    window.flush()
    colours = chart_colours(theme == "dark")
    charts = _charts(window)
    assert len(charts) == 8
    for chart in charts:
        assert chart.backgroundBrush().color().name().lower() == colours.background.lower(), \
            type(chart).__name__
        texts = _text_colours(chart)
        assert "left ticks" in texts and "bottom ticks" in texts
        wrong = {where: c for where, c in texts.items() if c != colours.foreground.lower()}
        assert not wrong, (type(chart).__name__, wrong)
    # Text that reads on the background: the two differ in lightness by far.
    assert abs(QColor(colours.foreground).lightness()
               - QColor(colours.background).lightness()) > 150
    # The key figures: the gain or loss colour of the new theme, or its own text colour.
    QApplication.processEvents()  # widgets' palettes follow the application's on the next turn
    gain, loss = gain_loss_colours(theme == "dark")
    text = QApplication.palette().color(QPalette.ColorRole.WindowText).name()
    for name in ("value", "day_one", "horizon", "worst", "best", "coverage"):
        figure = getattr(window.kpis, name)
        for label in (figure.value, figure.detail):
            shown = label.palette().color(QPalette.ColorRole.WindowText).name()
            assert shown in {gain.name(), loss.name(), text}, (name, shown)


def _sample_texts(w: MainWindow) -> dict[str, str]:
    """One or two visible texts from every part of the window and its dialogs."""
    tabs = w.chart_tabs
    view = w._model_check.view
    return {
        "chart tab": tabs.tabText(0),
        "analysis tab": tabs.tabText(3),
        "attribution title": w.attribution_chart.plotItem.titleLabel.text,
        "value chart title": w.value_chart.plotItem.titleLabel.text,
        "distribution title": w.analysis.charts[0].plotItem.titleLabel.text,
        "tornado title": w.analysis.charts[1].plotItem.titleLabel.text,
        "scenario reset": w.scenario_panel.reset_button.text(),
        "scenario label": w.scenario_panel.preset_label.text(),
        "distribution run": w.analysis.distribution.run_button.text(),
        "sensitivity run": w.analysis.sensitivity.run_button.text(),
        "reverse run": w.analysis.reverse.run_button.text(),
        "kpi caption": w.kpis.day_one.caption.text(),
        "replay banner": w.banner.back_button.text(),
        "task cancel": w.task_status.cancel_button.text(),
        "status": w.file_status.text(),
        "table header": str(w.model.headerData(1, Qt.Orientation.Horizontal)),
        "menu": w.file_menu.title(),
        "model check heading": view.heading.text(),
        "model check basis": view.basis_buttons["library"].text(),
        "model check chart": view.chart.plotItem.titleLabel.text,
        "model check title": w._model_check.windowTitle(),
        "validation title": w._validation.windowTitle(),
        "validation run": w._validation.run_button.text(),
    }


@shows_windows
def test_live_language_switch_retranslates_every_panel(window):
    english = _sample_texts(window)
    window.set_language("ja")
    window.flush()
    japanese = _sample_texts(window)
    unchanged = [k for k in english if japanese[k] == english[k]]
    assert not unchanged, unchanged
    window.set_language("en")
    window.flush()
    assert _sample_texts(window) == english


def test_a_window_started_dark_and_in_japanese_draws_every_chart_so(qtbot):
    # Made after the switch, each chart reads the theme and language as it is born.
    settings = Settings()
    settings.theme, settings.language = "dark", "ja"
    w = MainWindow(settings)
    qtbot.addWidget(w)
    try:
        dark = chart_colours(True)
        for chart in (*w.charts, *w.analysis.charts):
            assert chart.backgroundBrush().color().name().lower() == dark.background.lower()
            assert set(_text_colours(chart).values()) == {dark.foreground.lower()}
            assert chart._lang == "ja"
        assert w.scenario_panel.reset_button.text() != "Reset"
    finally:
        w._apply_theme("light", save=False)
        w.set_language("en")
