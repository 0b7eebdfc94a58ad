"""The banner over a historical replay: history, not the model, and what it leaves out."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from engine.formatting import format_money, format_percent
from engine.result import Result
from gui.i18n import current_language, language_notifier
from gui.theme import is_dark, theme_notifier

__all__ = ["ReplayBanner"]

# Amber: a notice, neither a gain nor a loss.
_BACKGROUND = {False: "#FFF3CD", True: "#4A3B10"}
_TEXT = {False: "#3D2E00", True: "#FFE8A3"}


class ReplayBanner(QFrame):
    """Shown only while a replay is: names the event and the value it does not cover."""

    back_requested = Signal()
    model_check_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.check_button = QPushButton()
        self.back_button = QPushButton()
        self.check_button.clicked.connect(self.model_check_requested)
        self.back_button.clicked.connect(self.back_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.check_button)
        layout.addWidget(self.back_button)
        self._lang = current_language()
        self._result: Result | None = None
        self.set_dark(is_dark())
        self.retranslate()
        self.setVisible(False)
        # Follows the interface's language and theme itself.
        language_notifier().changed.connect(self.set_language)
        theme_notifier().changed.connect(self.set_dark)

    def set_language(self, lang: str) -> None:
        self._lang = lang
        self.retranslate()

    def set_dark(self, dark: bool) -> None:
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(_BACKGROUND[dark]))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(_TEXT[dark]))
        self.setPalette(palette)
        self.text.setPalette(palette)

    def retranslate(self) -> None:
        self.check_button.setText(self.tr("Model check…"))
        self.check_button.setToolTip(self.tr("How well the deepseek-r1 scenario predicted "
                                             "this day"))
        self.back_button.setText(self.tr("Back to the model"))
        self.set_result(self._result)

    def set_result(self, result: Result | None) -> None:
        """Show the banner for a replay, hide it for anything else."""
        self._result = result
        history = result.history if result is not None else None
        self.setVisible(history is not None)
        if history is None:
            return
        s_title = result.scenario.title_ja if self._lang == "ja" and result.scenario.title_ja \
            else result.scenario.title
        missing = list(history.no_data)
        text = self.tr(
            "<b>History, not the model.</b> The realised returns of {0} applied to today's "
            "holdings; nothing here is estimated.").format(_html(s_title))
        if missing:
            text += " " + self.tr(
                "{0} holding(s) have no data for that day ({1}): they keep their value and "
                "{2} ({3} of the portfolio) is not covered.").format(
                len(missing), _html(", ".join(missing[:8]) + (" …" if len(missing) > 8 else "")),
                format_money(history.not_covered_value, result.currency, self._lang,
                             large_units=True),
                format_percent(history.not_covered_share, sign=False))
        else:
            text += " " + self.tr("Every holding has data for that day.")
        self.text.setText(text)


def _html(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
