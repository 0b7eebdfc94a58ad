"""Drawing a chart offscreen as a PNG image or an SVG drawing.

The report writers and the charts' "Save as…" menu use the same functions, so
a report shows exactly what the window shows.  A chart is laid out at the
size it would have on a 96-dpi screen and then painted at ``dpi / 96`` times
that, so text, lines and bars are drawn as vectors at the full resolution
(crisp when printed), not scaled up from a screen grab.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter, QResizeEvent
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QGraphicsView

from engine.atomic import atomic_write

__all__ = ["SCREEN_DPI", "chart_png_bytes", "chart_svg_bytes", "render_chart_image",
           "save_chart"]

#: The resolution a chart's layout (font sizes, margins) is designed for.
SCREEN_DPI = 96.0
_INCH_PER_METRE = 39.3700787


def _lay_out(chart: QGraphicsView, size: QSize) -> QSize:
    """Resize ``chart`` to ``size`` (shown or not) and settle its layout; returns the old size."""
    old = chart.size()
    chart.resize(size)
    # A hidden widget gets its resize event only when shown, and a scroll area
    # routes a sent one past resizeEvent: call it so pyqtgraph lays its plot
    # out at the new size.
    chart.resizeEvent(QResizeEvent(size, old))
    # Axes size themselves to their tick labels while painting; one throwaway
    # paint lets them settle before the real one.
    for _ in range(2):
        QApplication.sendPostedEvents()
        scratch = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(scratch)
        chart.scene().prepareForPaint()
        chart.scene().render(painter, QRectF(scratch.rect()), QRectF(0, 0, size.width(),
                                                                      size.height()))
        painter.end()
    QApplication.sendPostedEvents()
    return old


def _restore(chart: QGraphicsView, old: QSize) -> None:
    if old != chart.size():
        _lay_out(chart, old)


def _background(chart: QGraphicsView) -> QColor:
    brush = chart.backgroundBrush()
    return brush.color() if brush.style() != 0 else QColor("white")


def render_chart_image(chart: QGraphicsView, width_px: int, height_px: int, *,
                       dpi: float = 200.0) -> QImage:
    """Paint ``chart`` into a ``width_px`` × ``height_px`` image meant for ``dpi``.

    The chart is laid out at ``width_px · 96 / dpi`` logical pixels, so at 200 dpi
    a 1600-pixel-wide image prints 8 inches wide with screen-sized text.  The
    image carries ``dpi`` as its physical resolution.  Works offscreen; the
    chart's on-screen size is restored afterwards.
    """
    if width_px <= 0 or height_px <= 0:
        raise ValueError(f"image size must be positive, not {width_px}×{height_px}")
    if dpi <= 0:
        raise ValueError(f"dpi must be positive, not {dpi}")
    scale = dpi / SCREEN_DPI
    logical = QSize(max(1, round(width_px / scale)), max(1, round(height_px / scale)))
    old = _lay_out(chart, logical)
    try:
        # Paint at logical coordinates on an image whose device pixel ratio is
        # the scale: Qt rasterises lines and text at full resolution, and the
        # layout (tick spacing, label sizes) is the one the screen shows.
        image = QImage(width_px, height_px, QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(width_px / logical.width())
        image.fill(_background(chart))
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            source = QRectF(0, 0, logical.width(), logical.height())
            chart.scene().render(painter, source, source)
        finally:
            painter.end()
    finally:
        _restore(chart, old)
    image.setDevicePixelRatio(1.0)
    dots_per_metre = round(dpi * _INCH_PER_METRE)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    return image


def chart_png_bytes(chart: QGraphicsView, width_px: int, height_px: int, *,
                    dpi: float = 200.0) -> bytes:
    """:func:`render_chart_image` encoded as PNG."""
    return png_bytes(render_chart_image(chart, width_px, height_px, dpi=dpi))


def png_bytes(image: QImage) -> bytes:
    """``image`` encoded as PNG bytes."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("Qt could not encode the chart as PNG")
    buffer.close()
    return bytes(data.data())


def chart_svg_bytes(chart: QGraphicsView, width: int, height: int, *,
                    title: str = "") -> bytes:
    """``chart`` as an SVG drawing of ``width`` × ``height`` CSS pixels."""
    size = QSize(width, height)
    old = _lay_out(chart, size)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(size)
    generator.setViewBox(QRectF(0, 0, width, height))
    generator.setResolution(round(SCREEN_DPI))
    if title:
        generator.setTitle(title)
    try:
        painter = QPainter(generator)
        try:
            painter.fillRect(QRectF(0, 0, width, height), _background(chart))
            chart.scene().render(painter, QRectF(0, 0, width, height),
                                 QRectF(0, 0, width, height))
        finally:
            painter.end()
    finally:
        buffer.close()
        _restore(chart, old)
    return bytes(data.data())


def save_chart(chart: QGraphicsView, path: str | Path, *, width: int | None = None,
               height: int | None = None, dpi: float = 200.0) -> Path:
    """Write ``chart`` to ``path`` (``.png`` or ``.svg``) atomically.

    The size defaults to the chart's on-screen size (a PNG at ``dpi``).
    """
    path = Path(path)
    w = width or max(chart.width(), 480)
    h = height or max(chart.height(), 320)
    suffix = path.suffix.lower()
    if suffix == ".svg":
        data = chart_svg_bytes(chart, w, h)
    elif suffix == ".png":
        scale = dpi / SCREEN_DPI
        data = chart_png_bytes(chart, round(w * scale), round(h * scale), dpi=dpi)
    else:
        raise ValueError(f"cannot save a chart as {suffix or 'a file without a suffix'}; "
                         "use .png or .svg")
    atomic_write(path, data, overwrite=True)
    return path
