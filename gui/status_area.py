"""The main window's status bar: the open file, the start-up progress, the task
running (with its Cancel button) and the prices' date.

It follows the interface language itself (:func:`gui.i18n.language_notifier`).
Its texts keep the ``MainWindow`` translation context they have always had.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar

from gui.i18n import current_language, language_notifier
from gui.worker import TaskRunner, TaskStatusWidget

if TYPE_CHECKING:
    from engine.model import Book
    from engine.portfolio import Portfolio

__all__ = ["StatusArea"]

#: Pairs with a name of their own in some language (ドル円 for USD/JPY), marked for
#: lupdate; a pair without a translation is shown by its codes.
_PAIR_NAMES = (
    QT_TRANSLATE_NOOP("FX", "USD/JPY"), QT_TRANSLATE_NOOP("FX", "EUR/JPY"),
    QT_TRANSLATE_NOOP("FX", "GBP/JPY"), QT_TRANSLATE_NOOP("FX", "AUD/JPY"),
    QT_TRANSLATE_NOOP("FX", "CHF/JPY"), QT_TRANSLATE_NOOP("FX", "CAD/JPY"),
    QT_TRANSLATE_NOOP("FX", "HKD/JPY"), QT_TRANSLATE_NOOP("FX", "EUR/USD"),
    QT_TRANSLATE_NOOP("FX", "GBP/USD"), QT_TRANSLATE_NOOP("FX", "AUD/USD"))


def _pair_name(pair: str) -> str:
    """A currency pair as the interface language names it."""
    return QCoreApplication.translate("FX", pair)


def _rate_text(rate: float) -> str:
    """A rate as dealers quote it: two decimals from 20 up (158.94), else four (1.1678)."""
    return f"{rate:.2f}" if rate >= 20 else f"{rate:.4f}"


class StatusArea(QObject):
    """The status bar's widgets (``file_status``, ``load_progress``, ``task_status``,
    ``asof_status``), filled from what the window shows."""

    def __init__(self, bar: QStatusBar, runner: TaskRunner) -> None:
        super().__init__(bar)
        self.bar = bar
        self.file_status = QLabel()
        self.asof_status = QLabel()
        self.task_status = TaskStatusWidget(runner)
        self.load_progress = QProgressBar()
        self.load_progress.setTextVisible(False)
        self.load_progress.setMaximumWidth(160)
        self.load_progress.setVisible(False)
        bar.addWidget(self.file_status, 1)
        bar.addPermanentWidget(self.load_progress)
        bar.addPermanentWidget(self.task_status)
        bar.addPermanentWidget(self.asof_status)
        self._shown: tuple[Portfolio | None, Book | None] | None = None  # None: still starting
        language_notifier().changed.connect(self._on_language_changed)
        # A message covers the file's name: hidden explicitly, since the bar hides it
        # only until its next re-layout (a new font after a language switch), which
        # would draw the two on top of each other.
        bar.messageChanged.connect(lambda message: self.file_status.setVisible(not message))

    # -- start-up ----------------------------------------------------------------
    def start_steps(self, count: int) -> None:
        self.load_progress.setRange(0, count)
        self.load_progress.setVisible(True)

    def show_step(self, label: str, left: int) -> None:
        """Which step runs next, and how many are done (``left`` still to run)."""
        self.file_status.setText(
            QCoreApplication.translate("MainWindow", "Starting: {0}…").format(label))
        self.load_progress.setValue(self.load_progress.maximum() - left)
        # Draw it now: the step holds the event loop for a few hundred milliseconds.
        self.bar.repaint()

    def show_failure(self, exc: BaseException) -> None:
        self.load_progress.setVisible(False)
        self.file_status.setText(
            QCoreApplication.translate("MainWindow", "Could not start: {0}").format(exc))

    # -- what is shown -----------------------------------------------------------
    def show_portfolio(self, portfolio: Portfolio | None, book: Book | None, *,
                       notes: bool = False) -> None:
        """The file and its number of holdings; the date of the prices and the rate.

        ``notes`` (a portfolio just opened): say for a while what came up while
        pricing it, or else while reading it.
        """
        from engine.formatting import format_date

        self.load_progress.setVisible(False)
        self._shown = (portfolio, book)
        lang = current_language()
        if portfolio is None:
            self.file_status.setText(QCoreApplication.translate(
                "MainWindow", "No portfolio loaded: File → Open, or drop a CSV file here"))
        else:
            self.file_status.setText(QCoreApplication.translate(
                "MainWindow", "{0} — {1} holdings").format(portfolio.source or portfolio.name,
                                                           len(portfolio)))
            self.file_status.setToolTip(portfolio.source or "")
        if book is not None:
            prices = (QCoreApplication.translate("MainWindow", "Prices from the file")
                      if not book.price_as_of else  # every price from the file
                      QCoreApplication.translate("MainWindow", "Prices as of {0}").format(
                          format_date(book.price_as_of, lang)))
            rates = book.quoted_rates()
            if rates:  # the rates the book was converted at, and their day
                prices = QCoreApplication.translate("MainWindow", "{0} · {1} ({2})").format(
                    prices, " · ".join(f"{_pair_name(pair)} {_rate_text(rate)}"
                                       for pair, rate in rates),
                    format_date(book.fx_as_of, lang))
            self.asof_status.setText(prices)
            self.asof_status.setToolTip(book.price_sources)
        if notes and portfolio is not None and book is not None:
            if book.warnings:  # unpriced holdings first: they change the totals
                self.bar.showMessage(book.warnings[0], 30000)
            elif portfolio.notes:
                self.bar.showMessage(QCoreApplication.translate(
                    "MainWindow", "{0} note(s) from the import: {1}").format(
                    len(portfolio.notes), str(portfolio.notes[0])), 15000)

    def _on_language_changed(self) -> None:
        if self._shown is not None:
            self.show_portfolio(*self._shown)
