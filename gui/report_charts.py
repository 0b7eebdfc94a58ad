"""The report's charts, drawn by the same chart classes the main window shows.

:func:`report_chart_images` builds each chart offscreen, feeds it the
report's Result and paints it with :func:`gui.chart_export.render_chart_image`
at print resolution.  The PDF draws the images; the HTML embeds them as PNG.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QImage

from engine.report.content import CHART_TOP_HOLDINGS, ReportContent
from engine.result import Result
from gui.refcount_guard import keep_none_alive

__all__ = ["MAX_BARS", "report_chart_images"]

#: Rows of the attribution chart: the largest moves, the last row the rest summed.
MAX_BARS = CHART_TOP_HOLDINGS


def _feed_attribution(chart, result: Result) -> None:
    chart.fit_rows_to_height = False  # the caption promises MAX_BARS rows
    chart.max_rows = MAX_BARS
    chart.set_result(result)


def report_chart_images(content: ReportContent, width_px: int, height_px: int, *,
                        dpi: float = 200.0,
                        should_stop: Callable[[], bool] | None = None) -> dict[str, QImage]:
    """The charts of ``content`` as images of ``width_px`` × ``height_px`` at ``dpi``.

    Keys follow :data:`engine.report.html.CHART_KEYS`; charts with no data are
    left out.  Needs a QApplication.
    """
    from gui.analysis_charts import DistributionChart, HeatmapChart, TornadoChart
    from gui.chart_export import render_chart_image
    from gui.charts import AttributionChart, DemandChart, ValuePathChart

    result = content.result
    if result is None:
        return {}
    images: dict[str, QImage] = {}
    # key, chart class, how to feed it, height relative to the others
    makers: list[tuple[str, type, Callable[[Any], None], float]] = [
        ("attribution", AttributionChart, lambda ch: _feed_attribution(ch, result),
         # Tall enough for a legible row per holding (up to MAX_BARS rows).
         min(1.25, max(0.9, (0.16 + 0.026 * min(len(result.holdings), MAX_BARS)) / 0.42)))]
    if content.demand.rows and len(result.quarters) > 1:  # a replay has no path
        makers += [("value_path", ValuePathChart, lambda ch: ch.set_result(result), 1.0),
                   ("demand", DemandChart, lambda ch: ch.set_result(result), 1.0)]
    d = content.distribution
    if d is not None and d.distribution is not None:
        makers.append(("distribution", DistributionChart,
                       lambda ch: ch.set_distribution(d.distribution), 1.0))
    if d is not None and d.bars:
        makers.append(("tornado", TornadoChart,
                       lambda ch: ch.set_drivers(d.bars, d.base_pnl, content.currency),
                       min(1.4, 0.45 + 0.09 * len(d.bars))))
    sv = content.sensitivity
    if sv is not None and sv.grid is not None:
        makers.append(("heatmap", HeatmapChart, lambda ch: ch.set_grid(sv.grid), 1.5))
    from gui.i18n import language

    with language(content.lang):  # the chart's words in the report's language
        for key, cls, feed, tall in makers:
            if should_stop is not None and should_stop():
                break
            chart = cls()
            try:
                chart.set_dark(False)  # a report is printed on white, whatever the window's theme
                chart.set_language(content.lang)
                feed(chart)
                with keep_none_alive():
                    images[key] = render_chart_image(chart, width_px, round(height_px * tall),
                                                     dpi=dpi)
            finally:
                chart.deleteLater()
    return images
