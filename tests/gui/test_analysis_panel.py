"""The analysis tabs, driven as a user would: runs on the worker, Cancel, stale marks,
heat-map clicks, reverse-stress answers, and the report that an export writes."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PySide6.QtCore import QPointF, Qt

from engine.formatting import format_money
from engine.paths import resource
from engine.report.content import build_report
from engine.sensitivity import heatmap, reverse_stress
from gui.main_window import MainWindow
from tests.conftest import run_cli

SAMPLE = resource("sample_portfolio.csv")


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.open_path(SAMPLE, preview=False)
    w.select_preset("deepseek-r1")
    w.flush()
    yield w
    w.runner.cancel()
    w.runner.wait(10_000)


def _finish(qtbot, w: MainWindow) -> None:
    qtbot.waitUntil(lambda: not w.analysis.busy, timeout=20_000)
    w.flush()


def test_distribution_and_drivers_run_on_the_worker(window, qtbot):
    a = window.analysis
    # Before a run: a sentence saying what to press, not empty axes.
    assert a.distribution.content.is_empty and a.drivers.content.is_empty
    assert "Run Monte Carlo" in a.distribution.content.prompt.text()
    a.distribution.draws.setValue(2_000)
    a.distribution.noise.setChecked(False)
    with qtbot.waitSignal(window.runner.started, timeout=2000):
        a.distribution.run_button.click()
    assert window.task_status.isVisibleTo(window)  # progress and Cancel in the status bar
    _finish(qtbot, window)
    stats = a.distribution.stats_texts()
    dist = window.result.distribution
    assert dist.draws == 2_000 and dist.seed == 7
    # A loss reads as a negative amount and a negative return.
    assert stats["VaR 95%"].startswith(format_money(-dist.money.var95, "USD", sign=True))
    assert "(−" in stats["VaR 95%"] and "(−" in stats["ES 99%"]
    assert not a.distribution.content.is_empty and not a.drivers.content.is_empty
    bars = window.result.drivers.bars
    uncertain = [n for n, d in window.result.scenario.distributions.items() if not d.is_point]
    assert len(bars) == len(uncertain) and len(a.drivers.chart._bars) == len(bars)
    assert all(b.variance_share is not None for b in bars)
    # The tornado labels share the assumptions' part among them (they add up to ~100%).
    total = sum(b.variance_share for b in bars)
    assert a.drivers.chart.assumptions_share() == pytest.approx(total)
    labels = [t for _, t in a.drivers.chart.plotItem.getAxis("left")._tickLevels[0]]
    parts = [float(t.rsplit("·", 1)[1].strip().rstrip("%")) for t in labels]
    assert sum(parts) == pytest.approx(100, abs=len(parts))
    assert a.drivers.split.isVisibleTo(a.drivers) and "Assumptions:" in a.drivers.split.text()
    assert "2,000 draws, seed 7" in a.distribution.status.text()
    assert not a.distribution.stale.isVisibleTo(a.distribution)


def test_cancel_stops_the_monte_carlo(window, qtbot):
    a = window.analysis
    a.distribution.draws.setValue(10_000_000)
    a.run_uncertainty()
    assert a.busy
    with qtbot.waitSignal(window.runner.cancelled, timeout=2000):
        window.task_status.cancel_button.click()
    assert not a.busy and a.distribution.status.text() == "Cancelled."
    assert window.runner.wait(5_000)  # the engine stops within a block (16,384 draws)
    qtbot.wait(50)
    assert window.result.distribution is None


def test_results_are_marked_stale_and_runs_overtaken_by_a_change_are_dropped(window, qtbot):
    a = window.analysis
    a.distribution.draws.setValue(2_000)
    a.run_uncertainty()
    _finish(qtbot, window)
    assert not a.is_stale()["uncertainty"]
    window.scenario_panel.controls["adoption"].spin.setValue(0.5)
    window.flush()
    assert a.is_stale()["uncertainty"] and a.distribution.stale.isVisibleTo(a.distribution)
    assert window.result.distribution is None  # an export never carries stale numbers
    # A change while the run is under way: its result is dropped, and the page says so.
    a.distribution.draws.setValue(400_000)
    a.run_uncertainty()
    window.scenario_panel.controls["adoption"].spin.setValue(0.4)
    _finish(qtbot, window)
    assert "dropped" in a.distribution.status.text()
    assert a.is_stale()["uncertainty"]


def test_heatmap_click_sets_the_two_sliders(window, qtbot):
    a = window.analysis
    window.chart_tabs.setCurrentWidget(a.tab_of(a.sensitivity))
    window.show()
    qtbot.waitExposed(window)
    a.sensitivity.run_button.click()
    _finish(qtbot, window)
    chart = a.sensitivity.chart
    grid = heatmap(window.result.book, window.result.scenario, nx=61, ny=61)
    assert chart._returns.shape == (61, 61)
    assert chart._returns == pytest.approx(grid.returns)
    i, j = 45, 12
    text = chart.hover_text(j + 0.5, i + 0.5)
    assert f"{100 * grid.returns[i, j]:.2f}%".replace("-", "−") in text
    # A real mouse click on the middle of cell (i, j).
    vb = chart.plotItem.vb
    pos = chart.mapFromScene(vb.mapViewToScene(QPointF(j + 0.5, i + 0.5)))
    with qtbot.waitSignal(window.scenario_panel.scenario_changed, timeout=2000):
        qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    k = window.scenario_panel.controls["efficiency_multiple"].value()
    eps = window.scenario_panel.controls["elasticity_long"].value()
    assert k == pytest.approx(grid.x[j], abs=0.05) and eps == pytest.approx(grid.y[i], abs=0.005)
    window.flush()
    assert window.result.scenario.parameters["elasticity_long"] == eps
    assert not a.is_stale()["grid"]  # its own two axes moved: the grid still holds
    window.scenario_panel.controls["adoption"].spin.setValue(0.6)
    assert a.is_stale()["grid"] and a.sensitivity.stale.isVisibleTo(a.sensitivity)


@pytest.mark.parametrize(("target", "reachable"), [(0.0, True), (-20.0, False)])
def test_reverse_stress_answers(window, qtbot, target, reachable):
    a = window.analysis
    page = a.reverse
    page.target.setValue(target)
    page.param_box.setCurrentIndex(page.param_box.findData("elasticity_long"))
    page.run_button.click()
    _finish(qtbot, window)
    expected = reverse_stress(window.result.book, window.result.scenario, "elasticity_long",
                              target / 100)
    assert expected.found is reachable
    text = page.answer.text()
    if reachable:
        assert text.startswith("Elasticity, long run = ")
        assert f"{expected.solutions[0]:.2f}" in text
    else:
        assert text.startswith("No value of Elasticity, long run in its range")
    assert page.table.rowCount() == 3  # break-even per holding
    assert window.result.reverse_stress.questions[0].found is reachable


def test_export_after_a_run_carries_the_analysis(window, qtbot):
    a = window.analysis
    a.distribution.draws.setValue(2_000)
    a.run_uncertainty()
    _finish(qtbot, window)
    a.run_grid()
    _finish(qtbot, window)
    a.run_reverse()
    _finish(qtbot, window)
    content = build_report(window.result, "ja")
    assert content.distribution is not None and content.distribution.tornado is not None
    sv = content.sensitivity
    assert sv.grid is not None and sv.answers and len(sv.break_even.rows) == 3
    from gui.report_charts import report_chart_images

    images = report_chart_images(content, 800, 340, dpi=96)
    assert {"distribution", "tornado", "heatmap"} <= set(images)


def test_japanese_tabs(window):
    window.set_language("ja")
    titles = [window.chart_tabs.tabText(window.chart_tabs.indexOf(window.analysis.tab_of(p)))
              for p in window.analysis.pages]
    assert titles == ["分布", "要因", "感応度", "リバース・ストレス"]
    window.set_language("en")


def test_cli_pdf_with_draws_has_the_new_charts(tmp_path):
    if not (shutil.which("pdftotext") and shutil.which("pdfimages")):
        pytest.skip("poppler-utils are not installed")
    out = tmp_path / "r.pdf"
    proc = run_cli("run", str(SAMPLE), "--scenario", "deepseek-r1", "--draws", "2000",
                   "--seed", "3", "--format", "pdf", "-o", str(out),
                   env={"QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    for heading in ("Distribution of outcomes (Monte Carlo)", "Sensitivity to each parameter",
                    "Sensitivity and reverse stress", "Two-parameter grid",
                    "Break-even long-run elasticity per holding"):
        assert heading in text
    assert "No value of Elasticity, long run in its range" in text
    images = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert len(images) == 6  # attribution, value, demand + histogram, tornado, heat map
