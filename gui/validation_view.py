"""The validation window: every preset on every documented event, beside naive baselines.

The figures come from :func:`engine.validation.validate`, run off the GUI
thread with a progress bar and a Cancel button.  Baselines that rank an event
day better than its own preset are shown as such, never hidden.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.formatting import format_percent
from gui.i18n import language_notifier
from gui.worker import TaskRunner

__all__ = ["ValidationDialog"]


class ValidationDialog(QDialog):
    """Runs the validation on demand and shows its table (modeless)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.validation = None
        self.runner = TaskRunner(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.run_button = QPushButton()
        self.cancel_button = QPushButton()
        self.cancel_button.setEnabled(False)
        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.runner.progress.connect(lambda f: self.progress.setValue(int(1000 * f)))
        self.runner.cancelled.connect(self._on_cancelled)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.run_button)
        row.addWidget(self.cancel_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(820, 520)
        self.retranslate()
        language_notifier().changed.connect(self._on_language_changed)

    def _on_language_changed(self) -> None:
        self.retranslate()
        if self.validation is not None:
            self._fill(self.validation)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Validation against naive baselines"))
        self.intro.setText(self.tr(
            "Each preset's day-one prediction for every US stock with data, set against what "
            "the stock did on each documented event day. Exposures are estimated from the 250 "
            "trading days before the day only. Baselines: a one-factor beta to the SOX, to the "
            "Nasdaq-100 and to the market, times the index's realised move that day."))
        self.table.setHorizontalHeaderLabels([
            self.tr("Event / model or baseline"), self.tr("Names"), self.tr("Spearman"),
            self.tr("Sign agreement"), self.tr("Mean abs. error")])
        self.run_button.setText(self.tr("Run"))
        self.cancel_button.setText(self.tr("Cancel"))
        if self.validation is None and self.run_button.isEnabled():  # nothing run yet
            self.status.setText(self.tr(
                "Press Run to score each preset and the baselines on every documented "
                "event day."))

    def run(self) -> None:
        from engine.validation import validate

        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.status.setText(self.tr("Estimating exposures and scoring every preset…"))
        self.runner.start(validate, label="validation", on_done=self.show_validation,
                          on_error=self._on_error)

    def _on_cancelled(self) -> None:
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.status.setText(self.tr("Cancelled."))

    def _on_error(self, exc: BaseException) -> None:
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.status.setText(self.tr("The validation could not run: {0}").format(exc))

    def show_validation(self, validation) -> None:
        """Fill the table from an :class:`engine.validation.Validation`."""
        self.validation = validation
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setValue(1000)
        self._fill(validation)

    def _fill(self, validation) -> None:
        from engine.validation import BASELINE_LABELS

        rows = []
        notes = []
        for e in validation.events:
            rows.append((f"{e.date}  {e.name}", None))
            for p, s in e.presets.items():
                mark = self.tr(" (event preset)") if p == e.matching_preset else ""
                rows.append((self.tr("model: {0}").format(p) + mark, s))
            for b, s in e.baselines.items():
                rows.append((self.tr("baseline: {0}").format(BASELINE_LABELS[b]), s))
            wins = e.to_dict().get("baselines_that_win") or []
            if wins:
                notes.append(self.tr("{0}: ranked better than the event preset by {1}.").format(
                    e.date, ", ".join(BASELINE_LABELS[b] for b in wins)))
        self.table.setRowCount(len(rows))
        for i, (label, s) in enumerate(rows):
            cells = [label] if s is None else [
                label, str(s["n"]), f"{s['spearman']:.3f}",
                format_percent(s["sign_agreement"], 0, sign=False),
                format_percent(s["mae"], 2, sign=False)]
            for j in range(5):
                self.table.setItem(i, j, QTableWidgetItem(cells[j] if j < len(cells) else ""))
        self.status.setText(" ".join(notes) or self.tr(
            "Every event preset ranks its day at least as well as every baseline."))
