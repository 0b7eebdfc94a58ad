"""Colours and palettes: one place for every colour the app and its charts use.

Channel colours follow the Okabe–Ito palette (readable with the common forms
of colour blindness); FX is grey because it is not an AI effect.  Gain/loss
colours come in a light and a dark variant so they stay readable on either
palette.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QColor, QPalette

__all__ = [
    "CHANNEL_COLOURS",
    "REALISED_COLOUR",
    "SERIES_COLOURS",
    "THEMES",
    "ChartColours",
    "ThemeNotifier",
    "announce_palette",
    "apply_theme",
    "badge_colour",
    "chart_colours",
    "dark_palette",
    "gain_loss_colours",
    "is_dark",
    "light_palette",
    "theme_notifier",
]

#: Attribution channel → colour (hex), used by every chart and report.
CHANNEL_COLOURS: dict[str, str] = {
    "demand": "#D55E00",     # vermillion
    "ai_upside": "#009E73",  # bluish green
    "ai_cost": "#56B4E9",    # sky blue
    "sentiment": "#CC79A7",  # reddish purple
    "market": "#0072B2",     # blue
    "fx": "#8C8C8C",         # grey
}

#: A replay's realised price move (indigo): history, not one of the model's channels.
REALISED_COLOUR = "#332288"

#: Line series of the demand and value charts.
SERIES_COLOURS: dict[str, str] = {
    "D": "#0072B2",          # compute demand
    "G": "#D55E00",          # GPU pool
    "A": "#009E73",          # ASIC pool
    "value": "#0072B2",      # portfolio value
    "day_one": "#E69F00",    # compare chart: day one
    "horizon": "#0072B2",    # compare chart: horizon
}

#: Exposure source → badge tint (hex, drawn at low opacity): green for curated data,
#: amber for estimates, red for market-only or unpriced; none for cash.
_BADGE_COLOURS: dict[str, str] = {
    "library": "#009E73",
    "estimated": "#E69F00", "industry": "#E69F00", "fund": "#E69F00",
    "market-only": "#D55E00", "unpriced": "#D55E00",
}


def badge_colour(kind: str, dark: bool) -> QColor | None:
    """The background of an exposure-source badge (None: no tint).

    ``kind`` is a source as :func:`engine.coverage.source_labels` gives it.
    """
    hex_colour = _BADGE_COLOURS.get(kind)
    if hex_colour is None:
        return None
    colour = QColor(hex_colour)
    colour.setAlpha(70 if dark else 45)
    return colour


#: Names of the View → Theme choices.
THEMES = ("system", "light", "dark")


def is_dark(palette: QPalette | None = None) -> bool:
    """True when the window background of ``palette`` (default: the app's) is dark."""
    if palette is None:
        from PySide6.QtGui import QGuiApplication

        palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def gain_loss_colours(dark: bool) -> tuple[QColor, QColor]:
    """(gain, loss) text colours with enough contrast on a light or dark background."""
    if dark:
        return QColor("#56D364"), QColor("#FF7B72")
    return QColor("#1A7F37"), QColor("#C62828")


@dataclass(frozen=True)
class ChartColours:
    background: str
    foreground: str
    grid_alpha: float
    reference: str  # the no-shock / value-before reference lines


def chart_colours(dark: bool) -> ChartColours:
    if dark:
        return ChartColours("#1E1E1E", "#D8D8D8", 0.25, "#A0A0A0")
    return ChartColours("#FFFFFF", "#303030", 0.2, "#606060")


def dark_palette() -> QPalette:
    """A dark Fusion palette (used by View → Theme → Dark)."""
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colours = {
        role.Window: "#2B2B2B", role.WindowText: "#E6E6E6", role.Base: "#1E1E1E",
        role.AlternateBase: "#262626", role.ToolTipBase: "#3A3A3A",
        role.ToolTipText: "#F0F0F0", role.PlaceholderText: "#8A8A8A", role.Text: "#E6E6E6",
        role.Button: "#353535", role.ButtonText: "#E6E6E6", role.BrightText: "#FF6B6B",
        role.Light: "#4A4A4A", role.Midlight: "#3F3F3F", role.Mid: "#2F2F2F",
        role.Dark: "#1A1A1A", role.Shadow: "#000000", role.Highlight: "#2F6FB3",
        role.HighlightedText: "#FFFFFF", role.Link: "#6CB4FF", role.LinkVisited: "#C08CFF",
    }
    for r, c in colours.items():
        p.setColor(r, QColor(c))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, QColor("#7A7A7A"))
    return p


def light_palette() -> QPalette:
    """Fusion's own light palette."""
    from PySide6.QtWidgets import QStyleFactory

    return QStyleFactory.create("Fusion").standardPalette()


_system: dict[str, object] = {}


class ThemeNotifier(QObject):
    """Says when the palette turns dark or light, so every chart can recolour itself."""

    changed = Signal(bool)  # dark


_notifier: list[ThemeNotifier] = []


def theme_notifier() -> ThemeNotifier:
    """The one notifier (created on first use); connect to its ``changed`` signal."""
    if not _notifier:
        _notifier.append(ThemeNotifier(QCoreApplication.instance()))
    return _notifier[0]


def apply_theme(app, theme: str) -> None:
    """Apply ``theme`` ("system", "light" or "dark") to a QApplication.

    "system" restores the style and palette the application started with.
    :func:`theme_notifier` then says whether the palette is dark.
    """
    _apply_theme(app, theme)
    announce_palette(app.palette())


_announced: list[bool] = []


def announce_palette(palette: QPalette | None = None) -> None:
    """Tell :func:`theme_notifier` the palette's darkness, if it differs from the last told.

    :func:`apply_theme` calls it; so does the main window when the system's own
    palette changes (a ``PaletteChange``), so every widget follows either.
    """
    dark = is_dark(palette)
    if _announced == [dark]:
        return
    _announced[:] = [dark]
    if _notifier:
        _notifier[0].changed.emit(dark)


def _apply_theme(app, theme: str) -> None:
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}; use one of {', '.join(THEMES)}")
    if theme == "system" and not _system:
        return  # nothing changed yet (and app.style() costs ~15 ms at start-up)
    if not _system:
        _system["style"] = app.style().name()
        _system["palette"] = QPalette(app.palette())
    if theme == "system":
        app.setStyle(str(_system["style"]))
        app.setPalette(_system["palette"])
        return
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if theme == "dark" else light_palette())
