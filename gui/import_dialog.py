"""The import preview: what the importer detected, the rows as parsed, every problem.

Built on the importer's dry run (:func:`engine.importer.inspect`): nothing is
loaded until OK, and Cancel changes nothing.  Each correction (encoding,
delimiter, decimal mark, header line, a column's field) inspects the file again
with the corrected :class:`~engine.importer.ImportSettings`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from engine import importer
from engine.errors import InputError
from engine.portfolio import Portfolio, group_problems
from gui.errors import show_input_error

__all__ = ["FrameModel", "ImportDialog"]

_ENCODINGS = ("utf-8", "utf-8-sig", "cp932", "utf-16", "cp1252", "latin-1")
_DELIMITERS = (",", ";", "\t", "|")
_DECIMALS = (".", ",")
_PREVIEW_COLUMNS = ("line", "status", "ticker", "name", "shares", "price", "currency", "cost",
                    "kind", "account", "section", "message")


#: Currencies offered for a weights-only file's total value.
_TOTAL_CURRENCIES = ("USD", "JPY", "EUR", "GBP", "CHF", "CAD", "AUD", "HKD")


class FrameModel(QAbstractTableModel):
    """A read-only view of a small DataFrame (the preview's first rows)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._frame = pd.DataFrame()
        self.headers: dict[str, str] = {}
        #: Per column, the words shown for the engine's values (a row's status and kind).
        self.words: dict[str, dict[str, str]] = {}

    def set_frame(self, frame: pd.DataFrame) -> None:
        self.beginResetModel()
        self._frame = frame.reset_index(drop=True)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._frame)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._frame.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            name = str(self._frame.columns[section])
            return self.headers.get(name, name)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        value = self._frame.iat[index.row(), index.column()]
        column = self._frame.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None or (isinstance(value, float) and value != value):
                return ""
            if isinstance(value, float):
                return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.2f}"
            return self.words.get(column, {}).get(str(value), str(value))
        if role == Qt.ItemDataRole.BackgroundRole and "status" in self._frame.columns:
            status = self._frame.at[index.row(), "status"]
            colours = {"error": QColor(230, 60, 60, 60), "warning": QColor(230, 170, 30, 60),
                       "skipped": QColor(128, 128, 128, 50)}
            return colours.get(str(status))
        if role == Qt.ItemDataRole.ToolTipRole and column == "message" and value:
            return str(value)
        return None


class ImportDialog(QDialog):
    """Preview of one file; :attr:`portfolio` is set when the user presses OK."""

    def __init__(self, path: str | Path, parent: QWidget | None = None, *,
                 settings: importer.ImportSettings | None = None,
                 inspect: Callable[..., importer.ImportPreview] | None = None,
                 load: Callable[..., Portfolio] | None = None,
                 profile_folder: str = "") -> None:
        super().__init__(parent)
        self.path = Path(path)
        self._inspect = inspect or importer.inspect
        self._load = load or importer.load
        self._profile_folder = profile_folder
        self.portfolio: Portfolio | None = None
        self.preview: importer.ImportPreview | None = None
        self.setMinimumSize(820, 560)

        self.file_label = QLabel()
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.profile_box = QComboBox()
        self.profile_box.addItem("", None)
        for name in importer.builtin_profiles():
            self.profile_box.addItem(name, name)
        self.load_profile_button = QPushButton()
        self.save_profile_button = QPushButton()
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        self.profile_label = QLabel()
        top.addWidget(self.profile_label)
        top.addWidget(self.profile_box)
        top.addWidget(self.load_profile_button)
        top.addWidget(self.save_profile_button)

        self.detect_group = QGroupBox()
        grid = QGridLayout(self.detect_group)
        self.encoding_box = QComboBox()
        self.encoding_box.setEditable(True)
        self.encoding_box.addItems(_ENCODINGS)
        self.delimiter_box = QComboBox()
        for d in _DELIMITERS:
            self.delimiter_box.addItem("", d)
        self.decimal_box = QComboBox()
        for d in _DECIMALS:
            self.decimal_box.addItem("", d)
        self.header_spin = QSpinBox()
        self.header_spin.setRange(1, 9999)
        self._detect_labels = [QLabel() for _ in range(4)]
        self._confidence = {k: QLabel() for k in ("encoding", "delimiter", "decimal", "header")}
        for row, (label, widget, key) in enumerate(zip(
                self._detect_labels,
                (self.encoding_box, self.delimiter_box, self.decimal_box, self.header_spin),
                ("encoding", "delimiter", "decimal", "header"), strict=True)):
            grid.addWidget(label, row, 0)
            grid.addWidget(widget, row, 1)
            grid.addWidget(self._confidence[key], row, 2)
        # A file of weights only needs the portfolio's total value (shown only then).
        self.total_label = QLabel()
        self.total_spin = QDoubleSpinBox()
        self.total_spin.setRange(0, 1e13)
        self.total_spin.setDecimals(2)
        self.total_spin.setGroupSeparatorShown(True)
        self.total_currency_box = QComboBox()
        self.total_currency_box.addItems(_TOTAL_CURRENCIES)
        grid.addWidget(self.total_label, 4, 0)
        grid.addWidget(self.total_spin, 4, 1)
        grid.addWidget(self.total_currency_box, 4, 2)
        for w in (self.total_label, self.total_spin, self.total_currency_box):
            w.setVisible(False)
        grid.setColumnStretch(2, 1)

        self.mapping_group = QGroupBox()
        self.mapping_form = QFormLayout(self.mapping_group)
        self.mapping_boxes: dict[str, QComboBox] = {}
        self._mapping_labels: dict[str, QLabel] = {}
        for field in importer.FIELDS:
            box = QComboBox()
            label = QLabel()
            self.mapping_form.addRow(label, box)
            self.mapping_boxes[field] = box
            self._mapping_labels[field] = label
            box.activated.connect(self._on_settings_changed)

        upper = QHBoxLayout()
        upper.addWidget(self.detect_group, 1)
        upper.addWidget(self.mapping_group, 1)

        self.rows_model = FrameModel(self)
        self.rows_view = QTableView()
        self.rows_view.setModel(self.rows_model)
        self.rows_view.verticalHeader().setVisible(False)
        self.rows_view.setAlternatingRowColors(True)
        self.problems = QListWidget()
        self.rows_label = QLabel()
        self.problems_label = QLabel()
        rows_host, problems_host = QWidget(), QWidget()
        rl = QVBoxLayout(rows_host)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.rows_label)
        rl.addWidget(self.rows_view)
        pl = QVBoxLayout(problems_host)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.problems_label)
        pl.addWidget(self.problems)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(rows_host)
        split.addWidget(problems_host)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(upper)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)

        self.encoding_box.activated.connect(self._on_settings_changed)
        self.encoding_box.lineEdit().editingFinished.connect(self._on_settings_changed)
        self.delimiter_box.activated.connect(self._on_settings_changed)
        self.decimal_box.activated.connect(self._on_settings_changed)
        self.header_spin.editingFinished.connect(self._on_settings_changed)
        self.total_spin.editingFinished.connect(self._on_settings_changed)
        self.total_currency_box.activated.connect(self._on_settings_changed)
        self.profile_box.activated.connect(self._on_profile_chosen)
        self.save_profile_button.clicked.connect(self._on_save_profile)
        self.load_profile_button.clicked.connect(self._on_load_profile)
        self.retranslate()
        self.run_inspect(settings)

    # -- text ------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Import a portfolio"))
        self.file_label.setText(self.tr("File: {0}").format(self.path.name))
        self.file_label.setToolTip(str(self.path))
        self.profile_label.setText(self.tr("Profile:"))
        self.profile_box.setItemText(0, self.tr("(detect)"))
        self.load_profile_button.setText(self.tr("Load profile…"))
        self.save_profile_button.setText(self.tr("Save as profile…"))
        self.detect_group.setTitle(self.tr("How the file is written"))
        self.total_label.setText(self.tr("Total value"))
        self.total_spin.setToolTip(self.tr("The file gives weights only: the portfolio's total "
                                           "value makes them amounts"))
        for label, text in zip(self._detect_labels, (
                self.tr("Encoding"), self.tr("Delimiter"), self.tr("Decimal mark"),
                self.tr("Header on line")), strict=True):
            label.setText(text)
        for i, text in enumerate((self.tr("comma  ,"), self.tr("semicolon  ;"),
                                  self.tr("tab"), self.tr("bar  |"))):
            self.delimiter_box.setItemText(i, text)
        self.decimal_box.setItemText(0, self.tr("point  1,234.56"))
        self.decimal_box.setItemText(1, self.tr("comma  1.234,56"))
        self.mapping_group.setTitle(self.tr("Columns"))
        names = {"ticker": self.tr("Ticker"), "name": self.tr("Name"), "shares": self.tr("Shares"),
                 "price": self.tr("Price"), "cost": self.tr("Cost per share"),
                 "cost_total": self.tr("Total cost"), "market_value": self.tr("Market value"),
                 "currency": self.tr("Currency"), "account": self.tr("Account"),
                 "kind": self.tr("Kind"), "section": self.tr("Section"),
                 "weight": self.tr("Weight")}
        for field, label in self._mapping_labels.items():
            label.setText(names.get(field, field))
        self.rows_model.headers = names | {
            "line": self.tr("Line"), "status": self.tr("Status"), "message": self.tr("Message")}
        self.rows_model.words = {
            "status": {"ok": self.tr("ok"), "warning": self.tr("warning"),
                       "skipped": self.tr("skipped"), "error": self.tr("error")},
            "kind": {"security": self.tr("security"), "cash": self.tr("cash"),
                     "money_market": self.tr("money market"), "bond": self.tr("bond"),
                     "option": self.tr("option"), "fund": self.tr("fund")}}
        for box in self.mapping_boxes.values():
            if box.count():
                box.setItemText(0, self.tr("(not used)"))
        if self.preview is not None:
            self._show(self.preview)

    # -- inspecting ------------------------------------------------------------
    def run_inspect(self, settings: importer.ImportSettings | None) -> None:
        """Inspect the file with ``settings`` and show the outcome."""
        try:
            preview = self._inspect(self.path, settings)
        except InputError as exc:  # the settings themselves are invalid
            show_input_error(self, exc, self.tr("Cannot use this setting"))
            return
        self.preview = preview
        self._show(preview)

    def _show(self, p: importer.ImportPreview) -> None:
        s = p.settings
        with QSignalBlocker(self.encoding_box):
            self.encoding_box.setCurrentText(s.encoding or "")
        with QSignalBlocker(self.delimiter_box):
            self.delimiter_box.setCurrentIndex(max(0, self.delimiter_box.findData(s.delimiter)))
        with QSignalBlocker(self.decimal_box):
            self.decimal_box.setCurrentIndex(max(0, self.decimal_box.findData(s.decimal)))
        with QSignalBlocker(self.header_spin):
            self.header_spin.setValue(s.header_line or 1)
        weights_only = bool(p.mapping.get("weight")) and not p.mapping.get("shares") \
            and not p.mapping.get("market_value")
        for w in (self.total_label, self.total_spin, self.total_currency_box):
            w.setVisible(weights_only)
        if s.total_value is not None:
            with QSignalBlocker(self.total_spin), QSignalBlocker(self.total_currency_box):
                self.total_spin.setValue(s.total_value)
                self.total_currency_box.setCurrentText(s.total_currency or "USD")
        for key, label in self._confidence.items():
            c = p.confidence.get(key)
            label.setText("" if c is None else self.tr("confidence {0}%").format(round(100 * c)))
            label.setToolTip(self.tr("How sure the detection is; pick another value if it "
                                     "is wrong"))
        for field, box in self.mapping_boxes.items():
            with QSignalBlocker(box):
                box.clear()
                box.addItem(self.tr("(not used)"), None)
                for column in p.columns:
                    box.addItem(column, column)
                chosen = p.mapping.get(field)
                box.setCurrentIndex(max(0, box.findData(chosen)) if chosen else 0)
        cols = [c for c in _PREVIEW_COLUMNS if c in p.rows.columns]
        self.rows_model.set_frame(p.rows[cols] if cols else p.rows)
        self.rows_view.resizeColumnsToContents()
        self.rows_label.setText(self.tr("First {0} of {1} rows, as they will be read").format(
            len(p.rows), p.total_rows))
        self.problems.clear()
        style = self.style()
        icons = {"error": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
                 "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
                 "info": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)}
        for group in group_problems(p.problems):  # one entry per kind, naming every line
            item = QListWidgetItem(icons.get(group.level, icons["info"]), str(group))
            item.setData(Qt.ItemDataRole.UserRole, group.line)
            self.problems.addItem(item)
        self.problems_label.setText(
            self.tr("Problems: none") if not p.problems else
            self.tr("Problems: {0} error(s), {1} other note(s)").format(
                len(p.errors), len(p.problems) - len(p.errors)))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(p.ok))
        ok.setToolTip("" if p.ok else self.tr("Fix the errors listed below first"))

    def current_settings(self) -> importer.ImportSettings:
        """The settings the controls show (the preview's, with the user's changes)."""
        base = self.preview.settings if self.preview is not None else importer.ImportSettings()
        mapping = {f: box.currentData() for f, box in self.mapping_boxes.items()}
        return base.replace(
            encoding=self.encoding_box.currentText().strip() or None,
            delimiter=self.delimiter_box.currentData(),
            decimal=self.decimal_box.currentData(),
            thousands=None if base.thousands == self.decimal_box.currentData()
            else base.thousands,
            header_line=self.header_spin.value(),
            mapping=mapping,
            total_value=self.total_spin.value() or None,
            total_currency=self.total_currency_box.currentText() if self.total_spin.value()
            else None,
        )

    def _on_settings_changed(self, *_args) -> None:
        try:
            settings = self.current_settings()
        except InputError as exc:
            show_input_error(self, exc, self.tr("Cannot use this setting"))
            return
        self.run_inspect(settings)

    def _on_profile_chosen(self, index: int) -> None:
        name = self.profile_box.itemData(index)
        self.run_inspect(importer.builtin_profiles()[name] if name else None)

    def _on_save_profile(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save import profile"),
            str(Path(self._profile_folder or self.path.parent) / f"{self.path.stem}-profile.toml"),
            self.tr("Import profiles (*.toml)"))
        if not path:
            return
        try:
            importer.save_profile(self.current_settings(), path)
        except (InputError, OSError) as exc:
            show_input_error(self, exc if isinstance(exc, InputError)
                             else InputError(str(exc), file=path))

    def _on_load_profile(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Load import profile"), str(self._profile_folder or self.path.parent),
            self.tr("Import profiles (*.toml)"))
        if not path:
            return
        try:
            self.run_inspect(importer.load_profile(path))
        except InputError as exc:
            show_input_error(self, exc)

    # -- OK ------------------------------------------------------------------------
    def accept(self) -> None:
        try:
            self.portfolio = self._load(self.path, self.current_settings())
        except InputError as exc:
            show_input_error(self, exc)
            return
        super().accept()
