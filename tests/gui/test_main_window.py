"""The main window, driven as a user would: sliders, presets, language, categories."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from engine.formatting import format_date
from engine.importer import load
from engine.paths import resource
from gui.holdings_model import COLUMNS
from gui.main_window import MainWindow
from gui.settings import Settings
from tests.conftest import FIXTURES

SAMPLE = resource("sample_portfolio.csv")


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.open_path(SAMPLE, preview=False)
    w.flush()
    return w


def _cell(w: MainWindow, ticker: str, column: str) -> str:
    model = w.model
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == ticker:
            return model.index(row, COLUMNS.index(column)).data()
    raise KeyError(ticker)


def _message_boxes(name: str) -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == name and w.isVisible()]


def test_slider_reprices_table_and_kpis(window, qtbot):
    nvda_before = _cell(window, "NVDA", "value_after")
    kpi_before = window.kpis.texts()
    control = window.scenario_panel.controls["efficiency_multiple"]
    with qtbot.waitSignal(window.result_changed, timeout=2000):
        control.slider.setValue(control.slider.maximum())  # k = 100
    assert window.result.scenario["efficiency_multiple"] == pytest.approx(100)
    assert control.spin.value() == pytest.approx(100)
    nvda_after = _cell(window, "NVDA", "value_after")
    assert nvda_after != nvda_before
    kpis = window.kpis.texts()
    assert kpis["value"] != kpi_before["value"] and kpis["day_one"] != kpi_before["day_one"]
    # The table shows the engine's number, formatted.
    row = window.result.holdings.set_index("ticker").loc["NVDA"]
    assert nvda_after == f"${row['value_after']:,.0f}"  # whole dollars; exact in the tooltip
    rows = {window.model.index(r, 0).data(): r for r in range(window.model.rowCount())}
    tip = window.model.index(rows["NVDA"], COLUMNS.index("value_after")).data(
        Qt.ItemDataRole.ToolTipRole)
    assert tip == f"${row['value_after']:,.2f}"


def test_spin_box_and_log_slider_agree(window):
    control = window.scenario_panel.controls["efficiency_multiple"]
    control.spin.setValue(10.0)
    # Log scale: 10 is half-way between 1 and 100.
    assert control.slider.value() == pytest.approx(control.slider.maximum() / 2, abs=1)
    window.flush()
    assert window.result.scenario["efficiency_multiple"] == 10.0


def test_preset_switch_and_reset(window):
    window.select_preset("jevons-boom")
    window.flush()
    assert window.result.scenario.name == "jevons-boom"
    boom = window.result.scenario
    for name, control in window.scenario_panel.controls.items():
        assert control.value() == pytest.approx(boom[name], abs=1e-3)
    assert window.scenario_panel.story.text() == boom.story  # the preset's own story is shown
    window.scenario_panel.controls["adoption"].spin.setValue(0.0)
    window.flush()
    assert window.result.scenario["adoption"] == 0.0
    window.scenario_panel.reset_button.click()
    window.flush()
    assert window.result.scenario["adoption"] == pytest.approx(boom["adoption"])


def test_language_switch_is_live_and_remembered(window):
    window.set_language("ja")
    window.flush()
    assert window.file_menu.title() == "ファイル(&F)"
    assert window.model.headerData(0, Qt.Orientation.Horizontal) == "ティッカー"
    assert window.scenario_panel.reset_button.text() == "リセット"
    assert "DeepSeek R1（2025年1月27日）" in window.scenario_panel.preset_box.currentText()
    assert "年" in window.asof_status.text()
    # The names of things come from the engine's vocabulary, in the language now shown.
    labels = window.scenario_panel._labels
    assert labels["elasticity_long"].text().startswith("長期の需要弾力性")
    assert Settings().language == "ja"
    window.set_language("en")
    assert labels["elasticity_long"].text().startswith("Elasticity, long run")
    assert window.file_menu.title() == "&File"
    assert window.model.headerData(0, Qt.Orientation.Horizontal) == "Ticker"


def test_fallback_holding_gets_a_category(qtbot, tmp_path):
    csv = tmp_path / "mixed.csv"
    csv.write_text("ticker,shares,price,currency\nZZZQ,10,100,USD\nNVDA,5,,\n", encoding="utf-8")
    w = MainWindow()
    qtbot.addWidget(w)
    w.open_path(csv, preview=False)
    w.flush()
    assert _cell(w, "ZZZQ", "exposure") == "Market only"
    before = float(w.result.holdings.set_index("ticker").at["ZZZQ", "return_instant"])
    w.assign_category("ZZZQ", "gpu_vendor")
    w.flush()
    row = w.result.holdings.set_index("ticker").loc["ZZZQ"]
    assert row["category"] == "gpu_vendor"
    assert float(row["return_instant"]) != before  # a GPU vendor falls under DeepSeek R1
    assert _cell(w, "ZZZQ", "exposure") == "Industry: GPU vendor"
    tip = w.model.index(0, COLUMNS.index("exposure")).data(Qt.ItemDataRole.ToolTipRole)
    assert tip


def test_table_sorts_by_numbers_not_text(window):
    proxy = window.proxy
    proxy.sort(COLUMNS.index("pnl"), Qt.SortOrder.AscendingOrder)
    pnl = [window.result.holdings.set_index("ticker").at[proxy.index(r, 0).data(), "pnl"]
           for r in range(proxy.rowCount())]
    assert pnl == sorted(pnl)
    assert proxy.index(0, 0).data() == "NVDA"  # the biggest loser on day one
    proxy.sort(COLUMNS.index("ticker"), Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 0).data() for r in range(3)] == ["META", "NVDA", "TSLA"]


def test_gain_and_loss_colours(qtbot, window):
    # In a Jevons boom the GPU maker rises on day one; the sample's losers are red.
    model = window.model
    col = COLUMNS.index("return_instant")

    def colours():
        return {model.index(r, 0).data(): model.index(r, col).data(Qt.ItemDataRole.ForegroundRole)
                for r in range(model.rowCount())}

    loss = colours()["NVDA"]  # deepseek-r1: NVDA falls
    window.select_preset("jevons-boom")
    qtbot.waitUntil(lambda: colours()["NVDA"] != loss, timeout=5000)
    assert window.result.holdings.set_index("ticker").at["NVDA", "return_instant"] > 0


def test_import_dialog_previews_and_loads(qtbot, window):
    path = Path(__file__).parent.parent / "fixtures" / "import" / \
        "semicolon_decimal_comma_cp1252.csv"
    dialog = window.import_dialog(path)
    qtbot.addWidget(dialog)
    assert dialog.delimiter_box.currentData() == ";"
    assert dialog.decimal_box.currentData() == ","
    assert dialog.header_spin.value() == 4
    assert "%" in dialog._confidence["delimiter"].text()
    assert dialog.rows_model.rowCount() > 0
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok.isEnabled()
    # Unmapping the ticker makes the file unloadable: OK is disabled, the problem listed.
    ticker = dialog.mapping_boxes["ticker"]
    ticker.setCurrentIndex(0)
    ticker.activated.emit(0)
    assert not ok.isEnabled() and dialog.problems.count() > 0
    dialog.mapping_boxes["ticker"].setCurrentIndex(dialog.mapping_boxes["ticker"].findData(
        "Symbol"))
    dialog.mapping_boxes["ticker"].activated.emit(0)
    assert ok.isEnabled()
    ok.click()
    assert dialog.portfolio is not None
    window.load_portfolio(dialog.portfolio, path)
    window.flush()
    assert "NVDA" in set(window.result.holdings["ticker"])
    assert Settings().recent_files[0].endswith(path.name)


def test_import_dialog_cancel_changes_nothing(qtbot, window):
    before = window.result
    dialog = window.import_dialog(SAMPLE)
    qtbot.addWidget(dialog)
    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
    assert dialog.portfolio is None
    assert window.result is before


def test_import_dialog_save_profile(qtbot, tmp_path, monkeypatch):
    from engine.importer import load_profile
    from gui import import_dialog

    dialog = import_dialog.ImportDialog(SAMPLE)
    qtbot.addWidget(dialog)
    target = tmp_path / "mine.toml"
    monkeypatch.setattr(import_dialog.QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    dialog.save_profile_button.click()
    assert load_profile(target).delimiter == ","


def test_bad_file_gets_a_friendly_message(qtbot, window, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("hello,world\n1,2\n", encoding="utf-8")
    before = window.result
    assert not window.open_path(bad, preview=False)
    boxes = _message_boxes("inputErrorBox")
    assert boxes and "Traceback" not in boxes[-1].text() + boxes[-1].informativeText()
    assert window.result is before  # nothing changed
    for b in boxes:
        b.close()


def test_uncaught_exception_shows_dialog_and_logs(qtbot, window):
    from gui.errors import install_excepthook
    from gui.logfile import log_path

    install_excepthook()
    try:
        raise RuntimeError("simulated fault")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    boxes = _message_boxes("internalErrorBox")
    assert boxes
    assert str(log_path()) in boxes[-1].informativeText()
    assert "Traceback" in log_path().read_text(encoding="utf-8")
    assert "simulated fault" in boxes[-1].text()
    for b in boxes:
        b.close()
    control = window.scenario_panel.controls["adoption"]  # the app carries on
    control.spin.setValue(0.3)
    window.flush()
    assert window.result.scenario["adoption"] == pytest.approx(0.3)
    sys.excepthook = sys.__excepthook__


def test_scenario_file_round_trip(window, tmp_path):
    window.scenario_panel.controls["elasticity_long"].spin.setValue(1.7)
    window.flush()
    saved = window.result.scenario
    assert saved.distributions  # the preset's spreads are saved too, not only the sliders
    path = tmp_path / "mine.toml"
    window.write_scenario(path)
    window.select_preset("demand-collapse")
    window.flush()
    window.load_scenario_file(path)
    window.flush()
    assert window.result.scenario["elasticity_long"] == pytest.approx(1.7)
    assert window.result.scenario.name == "mine"
    assert window.result.scenario.fingerprint() == saved.fingerprint()
    assert window.result.scenario.story == saved.story


def test_export_writes_json(window, tmp_path):
    out = tmp_path / "result.json"
    window.export_to(out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["summary"]["value_before"] == pytest.approx(window.result.summary.value_before)


def test_drop_a_csv_opens_it(qtbot, window, monkeypatch):
    opened = []
    monkeypatch.setattr(window, "open_path", lambda p, **k: opened.append(Path(p)))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(SAMPLE))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: bool(opened), timeout=1000)
    assert opened == [SAMPLE]


def test_window_remembers_geometry_and_recent_files(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.open_path(SAMPLE, preview=False)
    w.resize(760, 560)  # the offscreen screen is 800 × 800
    w.close()
    s = Settings()
    assert not s.geometry.isEmpty()
    assert s.recent_files and s.recent_files[0] == str(SAMPLE.resolve())
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.size().width() == 760
    assert again.recent_menu.actions()[0].text() == SAMPLE.name


def test_dark_theme_switches_colours(window):
    light_gain = window.model._gain
    window._apply_theme("dark")
    assert window.model._gain != light_gain
    assert window.attribution_chart.backgroundBrush().color().lightness() < 128
    window._apply_theme("system")


def test_loaded_portfolio_matches_engine(window):
    expected = load(SAMPLE)
    assert list(window.result.holdings["ticker"]) == list(expected.holdings["ticker"])


def test_slider_move_updates_values_in_place_and_a_new_book_resets(window, qtbot, tmp_path):
    model = window.model
    resets, changes = [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda tl, br, roles: changes.append((tl.column(), br.column())))
    control = window.scenario_panel.controls["efficiency_multiple"]
    control.slider.setValue(control.slider.value() + 100)
    window.flush()
    value_columns = [COLUMNS.index(c) for c in ("value_after", "pnl", "return_instant",
                                                "return_horizon")]
    # One signal per run of neighbouring value columns, none for the others.
    assert resets == [] and sorted(changes) == [(3, 5), (7, 7)]
    assert {c for first, last in changes for c in range(first, last + 1)} == set(value_columns)
    row = window.result.holdings.set_index("ticker").loc["NVDA"]
    assert _cell(window, "NVDA", "value_after") == f"${row['value_after']:,.0f}"
    # Another file with as many rows: a reset, and its own tickers and names.
    other = tmp_path / "other.csv"
    other.write_text("ticker,shares\nAMD,10\nGOOGL,5\nMSFT,2\n", encoding="utf-8")
    window.open_path(other, preview=False)
    window.flush()
    assert resets and {_cell(window, t, "ticker") for t in ("AMD", "GOOGL", "MSFT")} \
        == {"AMD", "GOOGL", "MSFT"}


def test_chart_on_a_hidden_tab_catches_up_when_shown(window):
    window.chart_tabs.setCurrentWidget(window.value_chart)
    control = window.scenario_panel.controls["efficiency_multiple"]
    control.slider.setValue(control.slider.value() + 100)
    window.flush()
    assert window.value_chart.result is window.result
    assert window.demand_chart.result is not window.result  # not drawn while hidden
    window.chart_tabs.setCurrentWidget(window.demand_chart)
    assert window.demand_chart.result is window.result
    np.testing.assert_allclose(window.demand_chart.lines["D"].getData()[1],
                               window.result.demand["D"])


def test_import_dialog_asks_for_the_total_value_of_a_weights_only_file(qtbot, window, tmp_path):
    path = tmp_path / "weights.csv"
    path.write_text("Symbol,Weight\nNVDA,60%\nAVGO,40%\n", encoding="utf-8")
    dialog = window.import_dialog(path)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled() and not dialog.total_spin.isHidden()
    assert any("Total value" in dialog.problems.item(i).text()
               for i in range(dialog.problems.count()))
    dialog.total_spin.setValue(50_000)
    dialog.total_currency_box.setCurrentText("USD")
    dialog.total_spin.editingFinished.emit()
    assert ok.isEnabled()
    assert dialog.current_settings().total_value == 50_000
    assert dialog.current_settings().total_currency == "USD"


def test_the_base_currency_follows_the_language_until_one_is_chosen(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.set_language("en")
    w.open_path(SAMPLE, preview=False)
    w.flush()
    assert not w.settings.base_currency_chosen and w.result.currency == "USD"
    w.set_language("ja")  # a Japanese interface values in yen
    w.flush()
    assert w.result.currency == "JPY" and w.currency_actions["JPY"].isChecked()
    assert not w.settings.base_currency_chosen
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.settings.base_currency == "JPY"  # and so does the next start
    assert again.currency_actions["JPY"].isChecked()
    w.currency_actions["EUR"].trigger()  # a choice is kept, whatever the language
    w.set_language("en")
    w.flush()
    assert w.settings.base_currency_chosen and w.result.currency == "EUR"
    assert w.currency_actions["EUR"].isChecked()


def test_a_status_message_is_never_drawn_over_the_file_name(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.set_language("ja")  # a new font: the bar lays itself out again once events run
    w.open_path(FIXTURES / "import" / "brokers" / "schwab_all_accounts.csv", preview=False)
    assert w.statusBar().currentMessage().startswith("読み込み時の注意")  # the import's notes
    for _ in range(5):
        QApplication.processEvents()
    assert not w.file_status.isVisible()  # under the message, it stays hidden
    w.statusBar().clearMessage()
    assert w.file_status.isVisible() and w.file_status.text().endswith("7銘柄")
    w.set_language("en")


def test_a_file_that_gives_every_price_says_so_in_the_status_bar(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.open_path(FIXTURES / "import" / "brokers" / "degiro_portfolio_en.csv", preview=False)
    w.flush()
    # Euro, dollar and yen lines in a dollar book: the two rates it was converted at.
    book = w.result.book
    usd_jpy = 1.0 / dict(zip(book.holdings["currency"], book.holdings["rate"], strict=True))["JPY"]
    date = format_date(book.fx_as_of)
    assert re.fullmatch(rf"Prices from the file · EUR/USD \d\.\d{{4}} · USD/JPY "
                        rf"{usd_jpy:.2f} \({re.escape(date)}\)", w.asof_status.text()), \
        w.asof_status.text()
    w.set_language("ja")  # no base currency chosen: the book is valued in yen now
    assert re.fullmatch(r"価格はファイルの値 · ユーロ円 \d+\.\d\d · ドル円 \d+\.\d\d（.+）",
                        w.asof_status.text()), w.asof_status.text()
    w.currency_actions["USD"].trigger()
    assert re.fullmatch(r"価格はファイルの値 · ユーロドル \d\.\d{4} · ドル円 \d+\.\d\d（.+）",
                        w.asof_status.text()), w.asof_status.text()
    w.set_language("en")
    w.open_path(SAMPLE, preview=False)  # the sample's prices come from the bundle, all in dollars
    w.flush()
    assert re.fullmatch(r"Prices as of \d+ \w+ \d{4}", w.asof_status.text()), \
        w.asof_status.text()
