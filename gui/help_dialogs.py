"""Help → About and Help → Methodology: two message boxes (their texts keep the
``MainWindow`` translation context they have always had)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from engine import __version__

__all__ = ["show_about", "show_methodology"]


def show_about(parent: QWidget, lang: str) -> QMessageBox:
    """The version, the date of the bundled prices and rates, where the numbers come from."""
    from engine.formatting import format_date
    from engine.prices import load_snapshot

    snap = load_snapshot()
    text = QCoreApplication.translate(
        "MainWindow",
        "<h3>Jevons {0}</h3><p>Stress-tests a stock portfolio against DeepSeek-style "
        "AI-efficiency shocks.</p><p>Prices as of {1}; exchange rates as of {2}.<br>"
        "Exposure numbers: resources/exposures.csv, each with its source.</p>"
        "<p>A what-if calculator, not investment advice.</p>").format(
        __version__, format_date(snap.as_of, lang),
        format_date(getattr(snap, "fx_as_of", snap.as_of), lang))
    return _open_rich(QMessageBox.Icon.Information,
                      QCoreApplication.translate("MainWindow", "About Jevons"), text, parent)


def show_methodology(parent: QWidget) -> QMessageBox:
    """How the model computes, in five steps."""
    text = QCoreApplication.translate(
        "MainWindow",
        "<h3>How Jevons computes</h3>"
        "<p><b>1. Cheaper AI.</b> An efficiency gain k, adopted by a share α of AI "
        "workloads over time, lowers the cost of a unit of AI capability.</p>"
        "<p><b>2. Demand answers.</b> With price elasticity ε, capability demanded rises "
        "as it gets cheaper. Compute demanded D = c^(1−ε): below ε = 1 less compute is "
        "bought; above 1 more (the Jevons paradox). ε drifts from its short-run to its "
        "long-run value.</p>"
        "<p><b>3. Where the money goes.</b> Accelerator spend splits into GPUs, custom "
        "ASICs (a share σ moves there) and infrastructure.</p>"
        "<p><b>4. Each company.</b> Revenue moves with its documented exposures (GPU, "
        "ASIC, infrastructure, AI upside); buyers of compute save on AI cost. Earnings "
        "follow with operating leverage; a discounted earnings path gives the value.</p>"
        "<p><b>5. Price.</b> Sentiment on the AI-infrastructure narrative (fading with a "
        "half-life), the broad market (beta) and the US dollar against your base "
        "currency move the price on top.</p>"
        "<p>The P&amp;L of every holding is split into these causes, which add up exactly "
        "to the total. Holdings outside the library take exposures estimated from their "
        "own price history and industry, funds are seen through to what they hold, and a "
        "holding with neither moves with the market only.</p>")
    return _open_rich(QMessageBox.Icon.NoIcon,
                      QCoreApplication.translate("MainWindow", "Methodology"), text, parent)


def _open_rich(icon: QMessageBox.Icon, title: str, text: str, parent: QWidget) -> QMessageBox:
    """A window-modal box showing ``text`` as rich text, with an OK button."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.open()
    return box
