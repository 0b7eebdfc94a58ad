"""History in the app: replay an event, the model check, the base currency,
Japanese formats and File → Export, driven as a user would."""

from __future__ import annotations

import json
import subprocess

import numpy as np
import pytest
from PySide6.QtCore import Qt

from engine import evaluate, load_scenario
from engine.formatting import format_date, format_money, format_number
from engine.modelcheck import model_check
from engine.paths import resource
from gui.holdings_model import COLUMNS, HoldingsModel
from gui.main_window import MainWindow
from gui.settings import Settings
from gui.theme import REALISED_COLOUR

EVENT = "2025-01-27"
#: The offscreen platform says it cannot do these for a shown top-level window.
shows_windows = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


@pytest.fixture
def tokyo_file(tmp_path):
    """Tokyo names with prices in the file, US names, one name without event data or history, yen cash."""
    path = tmp_path / "tokyo.csv"
    path.write_text("ticker,name,shares,price,currency\n"
                    "8035,Tokyo Electron,100,31500,JPY\n"
                    "9984,SoftBank Group,300,9100,JPY\n"
                    "NVDA,NVIDIA,50,,\n"
                    "3350,Metaplanet,500,2800,JPY\n"
                    "JPY,Cash,1500000,,\n", encoding="utf-8")
    return path


@pytest.fixture
def window(qtbot, tokyo_file):
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(tokyo_file, preview=False)
    w.flush()
    return w


def _cell(w: MainWindow, ticker: str, column: str, role=Qt.ItemDataRole.DisplayRole):
    for row in range(w.model.rowCount()):
        if w.model.index(row, 0).data() == ticker:
            return w.model.index(row, COLUMNS.index(column)).data(role)
    raise KeyError(ticker)


def test_replay_is_labelled_history_and_flags_no_data(window):
    window.show_event(EVENT)
    window.flush()
    result = window.result
    assert result.kind == "history" and result.history.no_data == ("3350.T",)
    # Labelled as history: banner, window title, KPI captions.
    assert window.banner.isVisibleTo(window)
    assert "History, not the model" in window.banner.text.text()
    assert "3350.T" in window.banner.text.text()
    assert "history" in window.windowTitle()
    assert "event day" in window.kpis.day_one.caption.text()
    # The holding without data is flagged, not given a made-up return.
    assert _cell(window, "3350.T", "exposure") == "No data"
    assert _cell(window, "3350.T", "return_instant") == "no data"
    assert _cell(window, "3350.T", "ticker", Qt.ItemDataRole.BackgroundRole) is not None
    assert _cell(window, "8035.T", "exposure") == "Realised"
    assert _cell(window, "8035.T", "return_instant") != "no data"
    # The value not covered is in the key figures.
    missing = format_money(result.history.not_covered_value, "USD", "en", large_units=True)
    assert window.kpis.horizon.caption.text() == "Not covered by the event data"
    assert window.kpis.texts()["horizon"].startswith(missing)
    assert "1 holding(s) with no data" in window.kpis.texts()["horizon"]
    # Sliders are disabled (not hidden) while the replay is shown.
    control = window.scenario_panel.controls["efficiency_multiple"]
    assert not control.slider.isEnabled() and control.slider.isVisibleTo(window)
    assert window.table.isColumnHidden(COLUMNS.index("return_horizon"))
    # The chart calls the realised move what it is, in a colour of its own.
    chart = window.attribution_chart
    names = [label.text for _sample, label in chart.legend.items]
    assert "Realised price move" in names and "Market" not in names
    assert "Compute demand" not in names  # no model channel in a replay
    brush = chart.bars["market"].opts["brush"]
    assert brush.color().name() == REALISED_COLOUR.lower()
    nvda = chart.row_holdings().index(
        int(np.flatnonzero(result.holdings["ticker"] == "NVDA")[0]))
    assert "Realised price move" in chart.hover_text(0, nvda)
    window.show_model()
    window.flush()
    names = [label.text for _sample, label in chart.legend.items]
    assert "Market" in names and "Realised price move" not in names


def test_one_event_after_another_shows_the_second_events_data(qtbot, tokyo_file):
    # The same book under two events: the table updates in place, and the
    # event-data column follows the event shown.  Disco has a realised return
    # on 2025-01-27 and none in the 2025-01-22 file; that event is shown
    # without a window, so the bundled closes do not fill Disco in either.
    from dataclasses import replace

    from engine.events import load_event

    tokyo_file.write_text(tokyo_file.read_text(encoding="utf-8") + "6146,Disco,10,40000,JPY\n",
                          encoding="utf-8")
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(tokyo_file, preview=False)
    shown = {}
    for event in (EVENT, "2025-01-22"):
        w.show_event(event if event == EVENT else replace(load_event(event), window=None))
        w.flush()
        shown[event] = (_cell(w, "6146.T", "exposure"), _cell(w, "6146.T", "return_instant"))
        fresh = HoldingsModel()
        fresh.set_result(w.result)
        for row in range(fresh.rowCount()):
            ticker = fresh.index(row, 0).data()
            assert [_cell(w, ticker, c) for c in COLUMNS] == \
                [fresh.index(row, i).data() for i in range(len(COLUMNS))]
    assert shown[EVENT][0] == "Realised" and shown[EVENT][1] != "no data"
    assert shown["2025-01-22"] == ("No data", "no data")


def test_back_to_the_model_from_the_picker_and_the_menu(window):
    box = window.scenario_panel.preset_box
    box.setCurrentIndex(box.findData(f"event:{EVENT}"))  # the preset picker lists the event
    window.flush()
    assert window.result.kind == "history" and window.model_action.isEnabled()
    window.model_action.trigger()
    window.flush()
    assert window.result.kind == "model" and not window.banner.isVisibleTo(window)
    assert window.scenario_panel.controls["adoption"].slider.isEnabled()
    assert box.currentData() == window.result.scenario.name
    window.show_event(EVENT)
    window.select_preset("jevons-boom")
    window.flush()
    assert window.result.kind == "model" and window.result.scenario.name == "jevons-boom"
    assert window.event is None and not window.table.isColumnHidden(
        COLUMNS.index("return_horizon"))


@shows_windows
def test_model_check_view_shows_the_engine_figures(window, qtbot):
    dialog = window.show_model_check()
    qtbot.addWidget(dialog)
    view = dialog.view
    assert view.basis == "holdings"
    expected = model_check(evaluate(window.session.book, load_scenario("deepseek-r1")))
    assert view.figures.text() == (
        f"Mean absolute error {format_number(100 * expected.mae, 2)} pp · rank correlation "
        f"{format_number(expected.spearman, 2)} · {expected.count} names")
    assert view.table.rowCount() == expected.count
    assert sorted(view.chart.point_labels()) == sorted(expected.table["ticker"])
    assert "3350.T" in view.notes.text()  # no data, named
    assert "does not explain" in view.notes.text()
    # The calibration set: the engine's calibration figures.
    view.basis_buttons["calibration"].click()
    library = model_check(load_scenario("deepseek-r1"))
    cal = library.calibration
    assert view.basis == "calibration" and view.table.rowCount() == cal["count"]
    assert f"{format_number(100 * cal['mae'], 2)} pp" in view.figures.text()
    assert f"rank correlation {format_number(cal['spearman'], 2)}" in view.figures.text()
    view.basis_buttons["library"].click()
    assert view.table.rowCount() == library.count
    # Hover over a point names it with its numbers.
    row = library.table.iloc[0]
    text = view.chart.hover_text(100 * row["predicted"], 100 * row["realised"])
    assert str(row["ticker"]) in text and "Realised" in text


def test_base_currency_switch_is_shown_and_remembered(window, qtbot, tokyo_file):
    assert window.result.currency == "USD" and "$" in window.kpis.texts()["value"]
    window.currency_actions["JPY"].trigger()
    window.flush()
    assert window.result.currency == "JPY" and window.result.book.base_currency == "JPY"
    assert "¥" in window.kpis.texts()["value"] and "$" not in window.kpis.texts()["value"]
    assert window.model.headerData(COLUMNS.index("value_before"),
                                   Qt.Orientation.Horizontal) == "Value (JPY)"
    book = window.result.book
    assert f"USD/JPY {book.usd_jpy:.2f} ({format_date(book.fx_as_of)})" in \
        window.asof_status.text()
    assert Settings().base_currency == "JPY"
    again = MainWindow()
    qtbot.addWidget(again)
    again.open_path(tokyo_file, preview=False)
    again.flush()
    assert again.currency_actions["JPY"].isChecked() and again.result.currency == "JPY"
    # A replay follows the base currency too.
    again.show_event(EVENT)
    again.flush()
    assert again.result.kind == "history" and again.result.currency == "JPY"


def test_japanese_formats_in_the_key_figures(window):
    window.set_base_currency("JPY")
    window.set_language("ja")
    window.flush()
    value = window.kpis.texts()["value"]
    assert "万円" in value and "¥" not in value  # 1,483万円 → …
    assert format_money(window.result.summary.value_before, "JPY", "ja",
                        large_units=True) in value
    assert "年" in window.asof_status.text() and "月" in window.asof_status.text()
    assert "円" in _cell(window, "8035.T", "value_before")


@shows_windows
def test_file_export_writes_a_pdf_through_the_dialog(window, qtbot, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr("gui.export_dialog.QDesktopServices.openUrl",
                        lambda url: opened.append(url.toLocalFile()))
    window.show_event(EVENT)
    window.flush()
    window.export_action.trigger()  # File → Export… (Ctrl+E)
    from gui.export_dialog import ExportDialog

    dialog = window.findChildren(ExportDialog)[-1]
    assert dialog.isVisible() and window.export_action.shortcut().toString() == "Ctrl+E"
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("pdf"))
    target = tmp_path / "replay.pdf"
    dialog.path_edit.setText(str(target))
    with qtbot.waitSignal(dialog.exported, timeout=60_000) as done:
        dialog.export_button.click()
    assert done.args[0] == [str(target)]
    assert target.read_bytes().startswith(b"%PDF")
    assert opened == [str(tmp_path)]
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Historical replay" in text and "3350.T" in text


def test_export_json_includes_the_model_check_as_the_command_line_does(window, tmp_path):
    window.select_preset("deepseek-r1")
    window.flush()
    out = tmp_path / "r.json"
    window.export_to(out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert set(doc["model_check"]) == {"holdings", "library"}
    assert doc["model_check"]["holdings"]["mae"] == pytest.approx(
        model_check(window.result).mae)
    window.show_event(EVENT)
    window.flush()
    window.export_to(out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["scenario"]["kind"] == "history" and "model_check" not in doc


def test_sample_still_opens_with_every_holding_covered(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.open_path(resource("sample_portfolio.csv"), preview=False)
    w.show_event(EVENT)
    w.flush()
    assert w.result.history.no_data == ()
    assert "Every holding has data" in w.banner.text.text()


def test_export_dialog_cancel_leaves_no_partial_file(window, qtbot, tmp_path):
    from gui.export_dialog import ExportDialog

    dialog = ExportDialog(window.result, window, folder=tmp_path, open_folder=False)
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("all"))
    dialog.path_edit.setText(str(tmp_path))
    with qtbot.waitSignal(dialog.runner.cancelled, timeout=5000):
        dialog.start_export()
        dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
    dialog.runner.wait()
    assert "cancelled" in dialog.status.text() and dialog.export_button.isEnabled()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".") or "tmp" in p.name]
