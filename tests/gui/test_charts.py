"""The charts: stacking, tooltips, offscreen rendering and export."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QSize

from engine.formatting import format_money
from engine.result import CHANNELS
from gui.chart_export import chart_svg_bytes, render_chart_image, save_chart
from gui.charts import AttributionChart, DemandChart, PresetCompareChart, ValuePathChart


def _bar_spans(chart: AttributionChart, ch: str) -> tuple[np.ndarray, np.ndarray]:
    opts = chart.bars[ch].opts
    x0 = np.asarray(opts["x0"], float)
    return x0, x0 + np.asarray(opts["width"], float)


def test_attribution_stacks_gains_right_and_losses_left(qtbot, deepseek_result):
    chart = AttributionChart()
    qtbot.addWidget(chart)
    chart.set_result(deepseek_result)
    rows = chart.row_holdings()
    values = deepseek_result.holdings[[f"attr_{c}" for c in CHANNELS]].to_numpy()[rows]
    # TSLA and META gain on AI upside/cost and lose on sentiment: mixed signs.
    assert ((values > 0).any(axis=1) & (values < 0).any(axis=1)).any()
    for i in range(len(values)):
        ups = sorted((_bar_spans(chart, c)[0][i], _bar_spans(chart, c)[1][i])
                     for j, c in enumerate(CHANNELS) if values[i, j] > 0)
        downs = sorted((_bar_spans(chart, c)[0][i], _bar_spans(chart, c)[1][i])
                       for j, c in enumerate(CHANNELS) if values[i, j] < 0)
        # Positive parts tile [0, sum of gains]; negative parts tile [sum of losses, 0].
        edge = 0.0
        for lo, hi in ups:
            assert lo == pytest.approx(edge)
            edge = hi
        assert edge == pytest.approx(values[i][values[i] > 0].sum())
        edge = values[i][values[i] < 0].sum()
        for lo, hi in downs:
            assert lo == pytest.approx(edge)
            edge = hi
        assert edge == pytest.approx(0.0, abs=1e-9)
    np.testing.assert_allclose(chart.net.getData()[0], deepseek_result.holdings["pnl"].iloc[rows])
    # Sorted: the largest move (in size) on top.
    net = np.abs(chart.net.getData()[0])
    assert list(net) == sorted(net, reverse=True)
    lo, hi = chart.stack_extents().T
    np.testing.assert_allclose(hi - lo, np.abs(values).sum(axis=1))


def test_attribution_tooltip_has_exact_numbers(qtbot, deepseek_result):
    chart = AttributionChart()
    qtbot.addWidget(chart)
    chart.set_result(deepseek_result)
    text = chart.hover_text(0, 0.1)  # the top row: NVDA loses most on day one
    nvda_pnl = float(deepseek_result.holdings["pnl"].iloc[0])
    assert "NVDA" in text and format_money(nvda_pnl, "USD", sign=True) in text  # its net P&L
    assert chart.hover_text(0, 0.5) == ""  # between bars
    chart.set_horizon(True)
    top = chart.row_holdings()[0]
    pnl_h = deepseek_result.holdings["pnl_horizon"].iloc[top]
    assert f"${abs(pnl_h):,.2f}" in chart.hover_text(0, 0)


def test_attribution_keeps_the_largest_and_sums_the_rest(qtbot, deepseek_result):
    import dataclasses

    import pandas as pd

    # 50 holdings: the sample's three repeated, scaled apart so every net P&L differs.
    h = deepseek_result.holdings
    many = pd.concat([h] * 17, ignore_index=True).iloc[:50].copy()
    scale = np.linspace(1.0, 0.02, 50)
    money = [c for c in many.columns if c.startswith(("attr_", "pnl"))]
    many[money] = many[money].to_numpy() * scale[:, None]
    many["ticker"] = [f"T{i:02d}" for i in range(50)]
    result = dataclasses.replace(deepseek_result, holdings=many)
    chart = AttributionChart()
    qtbot.addWidget(chart)
    chart.set_result(result)
    rows = chart.row_holdings()
    assert len(rows) == chart.max_rows and rows[-1] == -1
    values = many[[f"attr_{c}" for c in CHANNELS]].to_numpy()
    shown = rows[:-1]
    np.testing.assert_allclose(chart.net.getData()[0].sum(), values.sum())  # nothing lost
    others = np.setdiff1d(np.arange(50), shown)
    assert np.abs(values[shown].sum(axis=1)).min() >= np.abs(values[others].sum(axis=1)).max()
    assert "Others (36)" in chart.hover_text(0, len(rows) - 1)
    labels = [t for _, t in chart.plotItem.getAxis("left")._tickLevels[0]]
    assert labels[-1] == "Others (36)" and len(set(labels)) == len(labels)


def test_attribution_labels_name_holdings_in_japanese(qtbot, deepseek_result):
    chart = AttributionChart()
    qtbot.addWidget(chart)
    chart.set_result(deepseek_result)
    labels = [t for _, t in chart.plotItem.getAxis("left")._tickLevels[0]]
    assert labels[0] == "NVDA  NVIDIA"
    chart.set_language("ja")
    labels = [t for _, t in chart.plotItem.getAxis("left")._tickLevels[0]]
    assert labels[0] == "NVDA  エヌビディア"


def test_line_charts_follow_the_result(qtbot, deepseek_result):
    demand = DemandChart()
    value = ValuePathChart()
    qtbot.addWidget(demand)
    qtbot.addWidget(value)
    demand.set_result(deepseek_result)
    value.set_result(deepseek_result)
    np.testing.assert_allclose(demand.lines["G"].getData()[1], deepseek_result.demand["G"])
    np.testing.assert_allclose(demand.no_shock.getData()[1], 1.0)
    np.testing.assert_allclose(value.path.getData()[1], deepseek_result.value_path)
    assert "Quarter 2" in demand.hover_text(2.1, 1.0)
    day_one = format_money(float(deepseek_result.value_path[0]), "USD")
    assert day_one in value.hover_text(0, 0)  # day-one value of the sample


def test_compare_chart_has_every_preset(qtbot, preset_results):
    chart = PresetCompareChart()
    qtbot.addWidget(chart)
    chart.set_results(preset_results)
    widths = np.asarray(chart.horizon.opts["width"])
    x0 = np.asarray(chart.horizon.opts["x0"])
    expected = [100 * r.summary.return_horizon for r in preset_results]
    # A bar spans [min(v, 0), max(v, 0)]: its signed end is the horizon return.
    np.testing.assert_allclose(np.where(x0 < 0, x0, x0 + widths), expected)
    chart.set_language("ja")
    assert "ジェボンズ" in chart.hover_text(0, 1)


def test_render_offscreen_at_print_resolution(qtbot, deepseek_result, tmp_path):
    chart = AttributionChart()
    qtbot.addWidget(chart)
    chart.resize(500, 300)
    chart.set_result(deepseek_result)
    image = render_chart_image(chart, 1600, 1000, dpi=200)
    assert (image.width(), image.height()) == (1600, 1000)
    assert image.dotsPerMeterX() == pytest.approx(200 / 0.0254, rel=1e-3)
    assert chart.size() == QSize(500, 300)  # the on-screen size is restored
    # Not blank: the vermillion NVDA demand bar is in the picture.
    colours = {image.pixelColor(x, y).name() for x in range(0, 1600, 16)
               for y in range(0, 1000, 16)}
    assert "#d55e00" in colours
    svg = chart_svg_bytes(chart, 640, 400)
    assert b"<svg" in svg and b"NVDA" in svg
    png = save_chart(chart, tmp_path / "chart.png")
    assert png.read_bytes().startswith(b"\x89PNG")
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        save_chart(chart, tmp_path / "chart.gif")


def _auto_range(chart, axis: int) -> list[float]:
    """The range pyqtgraph's own auto-range picks for the chart's items (0: x, 1: y)."""
    vb = chart.plotItem.vb
    vb.enableAutoRange(**{"xy"[axis]: True})
    vb.updateAutoRange()
    return list(vb.viewRange()[axis])


@pytest.mark.parametrize("make", [AttributionChart, DemandChart, ValuePathChart])
def test_charts_fit_their_value_range_as_auto_range_would(qtbot, preset_results, make):
    chart = make()
    qtbot.addWidget(chart)
    chart.resize(560, 400)
    chart.show()
    qtbot.waitExposed(chart)
    axis = 0 if make is AttributionChart else 1  # the attribution's values run along x
    for result in preset_results:
        chart.set_result(result)
        ours = list(chart.plotItem.vb.viewRange()[axis])
        assert chart.plotItem.vb.state["autoRange"][axis] is False  # nothing left for the paint
        assert ours == pytest.approx(_auto_range(chart, axis), rel=1e-9, abs=1e-12)
        chart.set_result(result)  # fits again, and turns auto-range back off


def test_a_new_result_settles_the_view_before_the_paint(qtbot, preset_results):
    # A range or transform that changes while the view paints makes Qt paint
    # it a second time: a slider move would cost two paints.
    from PySide6.QtWidgets import QApplication

    for make in (AttributionChart, DemandChart, ValuePathChart):
        chart = make()
        qtbot.addWidget(chart)
        chart.resize(560, 400)
        chart.show()
        qtbot.waitExposed(chart)
        vb = chart.plotItem.vb
        settled = 0
        for result in preset_results * 2:
            chart.set_result(result)
            size = vb.size()
            changes = []
            vb.sigRangeChanged.connect(lambda *a, changes=changes: changes.append("range"))
            vb.sigTransformChanged.connect(lambda *a, changes=changes: changes.append("transform"))
            chart.viewport().repaint()
            QApplication.processEvents()
            vb.sigRangeChanged.disconnect()
            vb.sigTransformChanged.disconnect()
            if vb.size() != size:
                continue  # tick labels of a new width resized the view: a new layout
            settled += 1
            assert changes == [], make.__name__
        assert settled >= len(preset_results)


def test_a_legend_takes_the_columns_its_chart_has_room_for(qtbot, deepseek_result):
    chart = AttributionChart()  # a legend of three columns, seven entries
    qtbot.addWidget(chart)
    chart.set_result(deepseek_result)
    legend = chart.legend
    chart.resize(1200, 400)
    chart.show()
    qtbot.waitExposed(chart)
    assert legend.columnCount == 3
    chart.resize(300, 400)  # too narrow for three: fewer columns, never wider than the chart
    assert legend.columnCount < 3
    assert legend.minimumWidth() <= 300
    chart.resize(1200, 400)  # room again: back to three
    assert legend.columnCount == 3
