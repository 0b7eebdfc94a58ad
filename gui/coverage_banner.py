"""The banner that warns when much of the portfolio has no exposure data of its own.

Shown while more than :data:`engine.coverage.WARN_SHARE` of the value is
market-only or unpriced (:func:`engine.coverage.warns`): those holdings move
with the market alone, so the stress test understates their AI exposure.
The warning's sentence is the reports' (:mod:`engine.report.i18n`), so the app
and the PDF say the same thing.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from engine.coverage import MARKET_ONLY, UNPRICED, source_labels, uncovered_share, warns
from engine.formatting import format_percent
from engine.report.i18n import text
from engine.result import Result
from gui.i18n import current_language, language_notifier
from gui.theme import is_dark, theme_notifier

__all__ = ["CoverageBanner"]

# Amber, as the replay banner: a notice, neither a gain nor a loss.
_BACKGROUND = {False: "#FFF3CD", True: "#4A3B10"}
_TEXT = {False: "#3D2E00", True: "#FFE8A3"}
#: Holdings named in the banner at most (the rest as "…").
_NAMED = 6


class CoverageBanner(QFrame):
    """Visible only while the shown result's coverage warns."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.text = QLabel()
        self.text.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.addWidget(self.text, 1)
        self._lang = current_language()
        self._result: Result | None = None
        self._key: tuple | None = None
        self.set_dark(is_dark())
        self.setVisible(False)
        # Follows the interface's language and theme itself.
        language_notifier().changed.connect(self.set_language)
        theme_notifier().changed.connect(self.set_dark)

    def set_language(self, lang: str) -> None:
        self._lang = lang
        self._key = None
        self.set_result(self._result)

    def set_dark(self, dark: bool) -> None:
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(_BACKGROUND[dark]))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(_TEXT[dark]))
        self.setPalette(palette)
        self.text.setPalette(palette)

    def set_result(self, result: Result | None) -> None:
        # Coverage depends on the book, not the scenario: a slider move changes nothing here.
        key = None if result is None else (result.book, result.kind, self._lang)
        if key is not None and key == self._key:
            self._result = result
            return
        self._key = key
        self._result = result
        shares = (result.summary.coverage or {}) if result is not None else {}
        show = result is not None and result.kind != "history" and warns(shares)
        self.setVisible(show)
        if not show:
            self.text.clear()
            return
        h = result.holdings
        sources = source_labels(h["exposure"], h["category"])
        weak = [str(t) for t, s in zip(h["ticker"], sources, strict=True)
                if s in MARKET_ONLY or s in UNPRICED]
        names = ", ".join(weak[:_NAMED]) + (" …" if len(weak) > _NAMED else "")
        sentence = text("coverage_warning", self._lang,
                        share=format_percent(uncovered_share(shares), 1, sign=False))
        self.text.setText(f"{sentence} ({names}) " + self.tr(
            "Right-click a holding to give it a category."))

    def message(self) -> str:
        """The banner's text (empty while hidden)."""
        return self.text.text()
