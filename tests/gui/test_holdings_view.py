"""The window as a person with 30 holdings sees it: table columns, coverage, live theme."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFontDatabase
from PySide6.QtWidgets import QApplication

from gui.holdings_model import COLUMNS, DEFAULT_COLUMNS
from gui.holdings_view import HoldingsView
from gui.i18n import JAPANESE_FONTS
from gui.main_window import MainWindow
from gui.settings import Settings
from gui.theme import chart_colours
from tests.conftest import FIXTURES
from tests.gui.conftest import PORTFOLIO30


def _shown(view: HoldingsView) -> list[str]:
    return [c for i, c in enumerate(COLUMNS) if not view.isColumnHidden(i)]


def test_default_columns_fit_at_1366_by_768(window30):
    table = window30.table
    assert _shown(table) == list(DEFAULT_COLUMNS)
    viewport = table.viewport().width()
    for column in ("ticker", "name", "value_before", "return_instant", "pnl"):
        i = COLUMNS.index(column)
        left = table.columnViewportPosition(i)
        assert left >= 0 and left + table.columnWidth(i) <= viewport, column
    # The header text is never under the sort arrow: each column is wider than its header.
    header = table.horizontalHeader()
    for i, _ in enumerate(COLUMNS):
        if not table.isColumnHidden(i) and COLUMNS[i] != "name":
            assert table.columnWidth(i) >= header.sectionSizeHint(i), COLUMNS[i]


def test_column_chooser_is_remembered(qtbot):
    settings = Settings()
    view = HoldingsView(settings)
    qtbot.addWidget(view)
    menu = view.column_menu()
    actions = {a.data(): a for a in menu.actions() if a.data()}
    assert not actions["ticker"].isEnabled()  # the ticker always shows
    actions["price"].setChecked(True)
    actions["return_horizon"].setChecked(False)
    assert "price" in _shown(view) and "return_horizon" not in _shown(view)
    again = HoldingsView(Settings())
    qtbot.addWidget(again)
    assert _shown(again) == _shown(view)
    again.reset_columns()
    assert _shown(again) == list(DEFAULT_COLUMNS)


def test_a_new_file_starts_at_the_top_left(window30, tmp_path):
    table = window30.table
    table.horizontalScrollBar().setValue(table.horizontalScrollBar().maximum())
    table.verticalScrollBar().setValue(table.verticalScrollBar().maximum())
    assert table.horizontalScrollBar().value() > 0 and table.verticalScrollBar().value() > 0
    other = tmp_path / "other.csv"
    other.write_text(PORTFOLIO30.read_text(encoding="utf-8"), encoding="utf-8")
    window30.open_path(other, preview=False)
    assert table.horizontalScrollBar().value() == 0 and table.verticalScrollBar().value() == 0


def test_names_short_with_full_name_in_tooltip_and_japanese(window30):
    model = window30.model
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    name = model.index(rows["TSM"], COLUMNS.index("name"))
    assert name.data() == "Taiwan Semiconductor…"
    assert name.data(Qt.ItemDataRole.ToolTipRole) == "Taiwan Semiconductor Manufacturing Co. (ADR)"
    window30.set_language("ja")
    try:
        assert model.index(rows["NVDA"], COLUMNS.index("name")).data() == "エヌビディア"
        tip = model.index(rows["NVDA"], COLUMNS.index("name")).data(Qt.ItemDataRole.ToolTipRole)
        assert tip == "エヌビディア\nNVIDIA Corporation"
        assert model.index(rows["SAP"], COLUMNS.index("exposure")).data().startswith("業種")
        # Charts and key figures followed the language on their own.
        labels = [t for _, t in window30.attribution_chart.plotItem.getAxis("left")
                  ._tickLevels[0]]
        assert "NVDA  エヌビディア" in labels
        assert window30.kpis.coverage.caption.text() != "Exposure data"
        # One font for every character, digits included (a Japanese family with Latin).
        if set(JAPANESE_FONTS) & set(QFontDatabase.families()):
            assert QApplication.font().families()[0] in JAPANESE_FONTS
    finally:
        window30.set_language("en")
    assert QApplication.font().families()[0] not in JAPANESE_FONTS


def test_exposure_badges_and_coverage_figure(window30):
    model = window30.model
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    column = COLUMNS.index("exposure")
    assert model.index(rows["NVDA"], column).data() == "Curated"
    assert model.index(rows["TQQQ"], column).data() == "Fund"
    assert model.index(rows["7203.T"], column).data() == "Estimated"
    assert model.index(rows["USD"], column).data() == "Cash"
    curated = model.index(rows["NVDA"], column).data(Qt.ItemDataRole.BackgroundRole)
    cash = model.index(rows["USD"], column).data(Qt.ItemDataRole.BackgroundRole)
    assert curated != cash
    shares = window30.result.summary.coverage
    weak = shares.get("market-only", 0.0) + shares.get("unpriced", 0.0)
    assert window30.kpis.texts()["coverage"] == (
        f"{100 * (1 - weak):.0f}% covered {100 * weak:.1f}% market only or unpriced")
    assert not window30.coverage_banner.isVisible()  # every holding has an exposure


def test_exposure_tooltips_say_where_the_exposures_come_from_in_each_language(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.set_language("en")
    w.open_path(FIXTURES / "import" / "brokers" / "ibkr_activity_statement.csv", preview=False)
    w.flush()
    model = w.model
    column = COLUMNS.index("exposure")

    def tip(ticker):  # rows looked up each time: a new language may revalue and reorder
        rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
        return model.index(rows[ticker], column).data(Qt.ItemDataRole.ToolTipRole)

    assert tip("NVDA").startswith("Curated: fundamentals from filings")
    assert tip("NVDA 21MAR25 150 C").startswith("An option, kept at the file's value")
    w.set_language("ja")
    assert tip("NVDA").startswith("エクスポージャー・ライブラリの精査済み企業")
    assert tip("NVDA 21MAR25 150 C").startswith("オプション（ファイルの評価額のまま）")
    assert tip("USD") == "現金：為替の動きだけを反映。"
    w.open_path(FIXTURES / "import" / "brokers" / "ibkr_flex_positions.csv", preview=False)
    w.flush()
    assert tip("912797MS3").startswith("直接保有の債券：同じ種類の債券指数ファンドの値動きで代用")
    w.set_language("en")
    assert tip("912797MS3").startswith("A bond: moves like BIL (US Treasury bills")


def test_coverage_banner_when_much_is_market_only(qtbot, tmp_path):
    csv = tmp_path / "mixed.csv"
    csv.write_text("ticker,shares,price,currency\nZZZQ,10,100,USD\nNVDA,5,,\n", encoding="utf-8")
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.open_path(csv, preview=False)
    w.flush()
    assert w.coverage_banner.isVisible()
    assert "ZZZQ" in w.coverage_banner.message()
    assert "market-only" in w.coverage_banner.message()
    w.assign_category("ZZZQ", "gpu_vendor")  # now on its industry's exposures
    w.flush()
    assert not w.coverage_banner.isVisible()


def _title_colours(chart) -> set[str]:
    """The colours painted inside the chart's title."""
    chart.repaint()
    image = chart.grab().toImage()
    rect = chart.mapFromScene(chart.plotItem.titleLabel.sceneBoundingRect()).boundingRect()
    rect = rect.intersected(QRect(QPoint(0, 0), image.size()))
    return {image.pixelColor(x, y).name() for x in range(rect.left(), rect.right())
            for y in range(rect.top(), rect.bottom())}


def _contrast(colours: set[str], background: str) -> float:
    """The largest lightness difference between the background and any painted colour."""
    bg = QColor(background).lightness()
    return max(abs(QColor(c).lightness() - bg) for c in colours)


def test_live_theme_switch_repaints_chart_text(window30):
    charts = [window30.attribution_chart, window30.value_chart]
    for chart in charts:
        light = chart_colours(False)
        assert _contrast(_title_colours(chart), light.background) > 150
    window30._apply_theme("dark", save=False)
    QApplication.processEvents()
    dark = chart_colours(True)
    for chart in charts:
        colours = _title_colours(chart)
        # Light text on the dark background (the old dark ink would differ by ~18).
        assert _contrast(colours, dark.background) > 150, chart
        assert chart.plotItem.titleLabel.opts["color"] == dark.foreground
        axis = chart.plotItem.getAxis("bottom")
        assert axis.labelStyle["color"] == dark.foreground
        for _sample, label in chart.legend.items:
            assert label.opts["color"] == dark.foreground
    assert window30.model.index(0, COLUMNS.index("pnl")).data(
        Qt.ItemDataRole.ForegroundRole) is not None


def test_charts_resize_with_the_splitter_and_label_what_fits(window30):
    area = window30.chart_area
    chart = area.attribution_chart
    total = sum(area.sizes())
    area.setSizes([total - 250, 250])
    QApplication.processEvents()
    tall_rows = len(chart.row_holdings())
    assert abs(chart.height() - area.sizes()[0]) <= 2  # resized, not clipped
    area.setSizes([250, total - 250])
    QApplication.processEvents()
    assert abs(chart.height() - area.sizes()[0]) <= 2
    short_rows = len(chart.row_holdings())
    assert short_rows < tall_rows  # fewer rows, each still legible
    assert chart.plotItem.vb.height() / short_rows >= chart._ROW_PIXELS
    # Nothing is lost: the last row sums the holdings not drawn on their own.
    import numpy as np

    assert float(np.sum(chart.net.getData()[0])) == pytest.approx(
        float(window30.result.holdings["pnl"].sum()))


def test_a_slider_move_announces_only_the_value_columns(window30):
    # Selection and order survive, and the columns that did not change (ticker,
    # name, value, data) are left out of the repaint.
    model = window30.model
    table = window30.table
    table.selectRow(3)
    selected = table.selectionModel().selectedRows()[0].data()
    changed: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(lambda tl, br, _roles: changed.append(
        (tl.row(), br.row(), tl.column(), br.column())))
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    control = window30.scenario_panel.controls["efficiency_multiple"]
    control.slider.setValue(control.slider.value() + 100)
    window30.flush()
    assert changed and not resets
    columns = {c for *_, first, last in changed for c in range(first, last + 1)}
    assert columns == {COLUMNS.index(c) for c in
                       ("value_after", "pnl", "return_instant", "return_horizon")}
    assert all(top == 0 and bottom == model.rowCount() - 1 for top, bottom, *_ in changed)
    assert table.selectionModel().selectedRows()[0].data() == selected


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_analysis_controls_wrap_instead_of_being_cut_at_1366_by_768(window30, lang):
    # The chart column is narrow at this size: every page's controls, Run
    # included, stay inside the visible part of the page (they wrap).
    window30.set_language(lang)
    tabs = window30.chart_tabs
    for page in window30.analysis.pages:
        holder = window30.analysis.tab_of(page)
        tabs.setCurrentWidget(holder)
        QApplication.processEvents()
        visible = holder.viewport().width()
        assert page.width() <= visible, type(page).__name__
        button = page.run_button
        right = button.mapTo(page, button.rect().topRight()).x()
        assert 0 < right <= visible, (type(page).__name__, right, visible)
    window30.set_language("en")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_chart_fits_its_tab_at_1366_by_768(window30, lang):
    # A chart whose contents need more width than its tab is cut at the right
    # (the scenario comparison's long titles did that).
    from PySide6.QtCore import Qt

    from gui.charts import ChartWidget

    window30.set_language(lang)
    tabs = window30.chart_tabs
    for i in range(tabs.count()):
        tabs.setCurrentIndex(i)
        QApplication.processEvents()
        for chart in tabs.widget(i).findChildren(ChartWidget) or (
                [tabs.widget(i)] if isinstance(tabs.widget(i), ChartWidget) else []):
            if not chart.isVisible():
                continue
            need = chart.ci.effectiveSizeHint(Qt.SizeHint.MinimumSize).width()
            assert need <= chart.width(), (tabs.tabText(i), type(chart).__name__, need,
                                           chart.width())
    window30.set_language("en")
