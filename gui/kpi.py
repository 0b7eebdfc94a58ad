"""The strip of key figures above the charts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from engine.coverage import uncovered_share, warns
from engine.formatting import format_date, format_money, format_percent
from engine.result import Result
from gui.i18n import current_language, language_notifier
from gui.theme import gain_loss_colours, is_dark, theme_notifier

__all__ = ["KpiStrip"]


class _Figure(QFrame):
    """A caption over a large value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.setSpacing(0)
        self.caption = QLabel()
        self.value = QLabel()
        self.detail = QLabel()
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.value.setFont(font)
        for label in (self.caption, self.value, self.detail):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        self._sign = 0

    def set_sign(self, sign: int, dark: bool) -> None:
        """Colour the value green/red by ``sign`` (0: the palette's text colour)."""
        key = (sign, dark)
        if key == self._sign:
            return
        self._sign = key
        # Only the colour set here overrides the theme's palette: with no sign the
        # labels inherit its text colour, and follow the next theme by themselves
        # (widgets' own palettes catch up with a new theme only after it is announced).
        palette = QPalette()
        if sign:
            gain, loss = gain_loss_colours(dark)
            palette.setColor(QPalette.ColorRole.WindowText, gain if sign > 0 else loss)
        self.value.setPalette(palette)
        self.detail.setPalette(palette)


class KpiStrip(QWidget):
    """Value before → after, P&L day one and at the horizon, worst and best holding, coverage.

    For a historical replay (``result.kind == "history"``) the horizon figure
    becomes the value the event data does not cover, and the captions say
    the numbers are realised, not modelled.  In Japanese, yen sums of 1万 or
    more are written in 万/億.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.value = _Figure()
        self.day_one = _Figure()
        self.horizon = _Figure()
        self.worst = _Figure()
        self.best = _Figure()
        self.coverage = _Figure()
        for f in (self.value, self.day_one, self.horizon, self.worst, self.best, self.coverage):
            layout.addWidget(f, 1)
        self._lang = current_language()
        self._dark = is_dark()
        self._result: Result | None = None
        self.retranslate()
        language_notifier().changed.connect(self.set_language)
        theme_notifier().changed.connect(self.set_dark)

    def set_language(self, lang: str) -> None:
        self._lang = lang
        self.retranslate()

    def set_dark(self, dark: bool) -> None:
        self._dark = dark
        if self._result is not None:
            self.set_result(self._result)

    def retranslate(self) -> None:
        self._set_captions()
        if self._result is not None:
            self.set_result(self._result)

    def _set_captions(self) -> None:
        result = self._result
        self.coverage.caption.setText(self.tr("Exposure data"))
        self.coverage.setToolTip(self.tr(
            "Share of the value whose exposures come from data (the library, an estimate, "
            "an industry or a fund) rather than from the market alone"))
        if result is not None and result.kind == "history":
            self.value.caption.setText(self.tr("Portfolio value, before → event day"))
            self.day_one.caption.setText(self.tr("P&L on the event day (realised)"))
            self.horizon.caption.setText(self.tr("Not covered by the event data"))
            self.worst.caption.setText(self.tr("Worst holding, event day"))
            self.best.caption.setText(self.tr("Best holding, event day"))
            return
        self.value.caption.setText(self.tr("Portfolio value, before → day one"))
        self.day_one.caption.setText(self.tr("P&L on day one"))
        self.worst.caption.setText(self.tr("Worst holding, day one"))
        self.best.caption.setText(self.tr("Best holding, day one"))
        q = result.summary.horizon_q if result is not None else None
        self.horizon.caption.setText(
            self.tr("P&L at the horizon ({0} quarters)").format(q) if q is not None
            else self.tr("P&L at the horizon"))

    def _money(self, value: float, currency: str, *, sign: bool = False) -> str:
        return format_money(value, currency, self._lang, sign=sign, large_units=True)

    def set_result(self, result: Result | None) -> None:
        old = self._result
        captions_changed = (result is None) != (old is None) or (
            result is not None and old is not None
            and (result.kind, result.summary.horizon_q) != (old.kind, old.summary.horizon_q))
        self._result = result
        if captions_changed:
            self._set_captions()
        if result is None:
            for f in (self.value, self.day_one, self.horizon, self.worst, self.best,
                      self.coverage):
                f.value.setText("—")
                f.detail.setText("")
            return
        s, cur = result.summary, result.currency
        history = result.history
        self.value.value.setText(f"{self._money(s.value_before, cur)} → "
                                 f"{self._money(s.value_after, cur)}")
        self.day_one.value.setText(self._money(s.pnl, cur, sign=True))
        self.day_one.detail.setText(format_percent(s.return_instant))
        self.day_one.set_sign(_sign(s.pnl), self._dark)
        if history is not None:
            event = history.event
            self.value.detail.setText(self.tr("realised on {0}, not modelled").format(
                format_date(event, self._lang)) if event else "")
            missing = history.no_data
            self.horizon.value.setText(self._money(history.not_covered_value, cur))
            self.horizon.detail.setText(
                self.tr("{0} of the value · {1} holding(s) with no data").format(
                    format_percent(history.not_covered_share, sign=False), len(missing)))
            self.horizon.set_sign(0, self._dark)
        else:
            self.value.detail.setText(self.tr("at the horizon: {0}").format(
                self._money(s.value_horizon, cur)))
            self.horizon.value.setText(self._money(s.pnl_horizon, cur, sign=True))
            self.horizon.detail.setText(format_percent(s.return_horizon))
            self.horizon.set_sign(_sign(s.pnl_horizon), self._dark)
        shares = s.coverage or {}
        weak = uncovered_share(shares)
        self.coverage.value.setText(self.tr("{0} covered").format(
            format_percent(1.0 - weak, 0, sign=False)) if shares else "—")
        self.coverage.detail.setText(self.tr("{0} market only or unpriced").format(
            format_percent(weak, 1, sign=False)) if shares else "")
        self.coverage.set_sign(-1 if warns(shares) else 0, self._dark)
        for figure, item in ((self.worst, s.worst), (self.best, s.best)):
            if item is None:
                figure.value.setText("—")
                figure.detail.setText("")
                figure.set_sign(0, self._dark)
            else:
                figure.value.setText(item.ticker)
                figure.detail.setText(format_percent(item.return_instant))
                figure.set_sign(_sign(item.return_instant), self._dark)

    def texts(self) -> dict[str, str]:
        """The figures as shown (for tests and the self-test)."""
        return {name: f"{f.value.text()} {f.detail.text()}".strip()
                for name, f in (("value", self.value), ("day_one", self.day_one),
                                ("horizon", self.horizon), ("worst", self.worst),
                                ("best", self.best), ("coverage", self.coverage))}


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)
