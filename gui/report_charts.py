"""The report's charts, drawn by the same chart classes the main window shows.

:func:`report_chart_images` builds each chart offscreen, feeds it the
report's Result and paints it with :func:`gui.chart_export.render_chart_image`
at print resolution.  The PDF draws the images; the HTML embeds them as PNG.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage

from engine.report.content import CHART_TOP_HOLDINGS, ReportContent
from engine.result import Result
from gui.refcount_guard import keep_none_alive

__all__ = ["MAX_BARS", "chart_png", "report_chart_images"]

MAX_BARS = CHART_TOP_HOLDINGS


def _largest_moves(result: Result, n: int) -> Result:
    """``result`` restricted to its ``n`` holdings with the largest |P&L|, in portfolio order."""
    h = result.holdings
    if len(h) <= n:
        return result
    keep = h["pnl"].abs().sort_values(ascending=False, kind="stable").index[:n]
    return dataclasses.replace(result, holdings=h.loc[sorted(keep)].reset_index(drop=True))


def report_chart_images(content: ReportContent, width_px: int, height_px: int, *,
                        dpi: float = 200.0,
                        should_stop: Callable[[], bool] | None = None) -> dict[str, QImage]:
    """The charts of ``content`` as images of ``width_px`` × ``height_px`` at ``dpi``.

    Keys follow :data:`engine.report.html.CHART_KEYS`; charts with no data are
    left out.  Needs a QApplication.
    """
    from gui.chart_export import render_chart_image
    from gui.charts import AttributionChart, DemandChart, ValuePathChart

    result = content.result
    if result is None:
        return {}
    images: dict[str, QImage] = {}
    makers = [("attribution", AttributionChart, _largest_moves(result, MAX_BARS))]
    if content.demand.rows and len(result.quarters) > 1:  # a replay has no path
        makers += [("value_path", ValuePathChart, result), ("demand", DemandChart, result)]
    for key, cls, data in makers:
        if should_stop is not None and should_stop():
            break
        chart = cls()
        try:
            chart.set_language(content.lang)
            chart.set_result(data)
            with keep_none_alive():
                images[key] = render_chart_image(chart, width_px, height_px, dpi=dpi)
        finally:
            chart.deleteLater()
    return images


def chart_png(image: QImage) -> bytes:
    """``image`` encoded as PNG bytes."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("Qt could not encode a chart as PNG")
    buffer.close()
    return bytes(data.data())
