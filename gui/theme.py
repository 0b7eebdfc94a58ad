"""Colours and palettes: one place for every colour the app and its charts use.

Channel colours follow the Okabe–Ito palette (readable with the common forms
of colour blindness); FX is grey because it is not an AI effect.  Gain/loss
colours come in a light and a dark variant so they stay readable on either
palette.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

__all__ = [
    "CHANNEL_COLOURS",
    "SERIES_COLOURS",
    "THEMES",
    "ChartColours",
    "apply_theme",
    "chart_colours",
    "dark_palette",
    "gain_loss_colours",
    "is_dark",
    "light_palette",
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

#: Line series of the demand and value charts.
SERIES_COLOURS: dict[str, str] = {
    "D": "#0072B2",          # compute demand
    "G": "#D55E00",          # GPU pool
    "A": "#009E73",          # ASIC pool
    "value": "#0072B2",      # portfolio value
    "day_one": "#E69F00",    # compare chart: day one
    "horizon": "#0072B2",    # compare chart: horizon
}

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


def apply_theme(app, theme: str) -> None:
    """Apply ``theme`` ("system", "light" or "dark") to a QApplication.

    "system" restores the style and palette the application started with.
    """
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
