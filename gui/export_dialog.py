"""File → Export…: choose a format (or all of them into a folder), a language
and a paper size; the export runs off the GUI thread (a
:class:`gui.worker.TaskRunner` of the dialog's own, so it never cancels the
window's work) with a progress bar and a Cancel button, asks before replacing
files, and opens the folder when done.

The main window calls :func:`show_export_dialog` with its current Result
(a model result or a historical replay), with the sections it carries (the
model check of the reference preset: :func:`engine.modelcheck.with_reference_check`).
"""

from __future__ import annotations

import os
import shutil
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QThreadPool, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.errors import InputError
from engine.report.content import ReportContent, build_report
from engine.report.export import FORMATS, SUFFIX
from engine.result import Result
from gui.report_export import (
    ALL_FORMATS,
    existing_targets,
    export_report,
    targets,
)
from gui.report_pdf import chart_images, default_paper
from gui.worker import TaskHandle, TaskRunner

__all__ = ["ExportDialog", "show_export_dialog"]


def _export(result: Result, fmt: str, path: Path, *, content: ReportContent, images: dict,
            paper: str, progress, should_stop) -> list[str]:
    """The export proper (on a pool thread): the files written, as text."""
    # The user has agreed to replace any existing file before the task starts.
    written = export_report(result, fmt, path, lang=content.lang, paper=paper, overwrite=True,
                            content=content, images=images, progress=progress,
                            should_stop=should_stop)
    return [str(p) for p in written]


class ExportDialog(QDialog):
    """Export the current result as PDF, HTML, XLSX, CSV, JSON, or all of them."""

    exported = Signal(list)  # the files written

    def __init__(self, result: Result, parent: QWidget | None = None, *, lang: str = "en",
                 folder: str | Path | None = None, open_folder: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export report"))
        self._result = result
        self._open_folder = open_folder
        self._job: TaskHandle | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self.runner = TaskRunner(self, pool=self._pool)
        self.runner.progress.connect(self._on_progress)
        self.runner.cancelled.connect(self._on_cancelled)

        self.format_box = QComboBox()
        names = {"pdf": self.tr("PDF (print-ready)"), "html": self.tr("HTML (one file)"),
                 "xlsx": self.tr("Excel workbook (XLSX)"), "csv": self.tr("CSV (tidy table)"),
                 "json": self.tr("JSON (machine-readable)")}
        for f in FORMATS:
            self.format_box.addItem(names[f], f)
        self.format_box.addItem(self.tr("All formats into a folder"), ALL_FORMATS)
        self.lang_box = QComboBox()
        self.lang_box.addItem("English", "en")
        self.lang_box.addItem("日本語", "ja")
        self.lang_box.setCurrentIndex(1 if lang == "ja" else 0)
        self.paper_box = QComboBox()
        self.paper_box.addItem("A4", "a4")
        self.paper_box.addItem("US Letter", "letter")
        self.paper_box.setCurrentIndex(1 if default_paper() == "letter" else 0)
        self.path_edit = QLineEdit()
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._on_browse_clicked)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)

        form = QFormLayout()
        form.addRow(self.tr("Format"), self.format_box)
        form.addRow(self.tr("Language"), self.lang_box)
        form.addRow(self.tr("Paper"), self.paper_box)
        form.addRow(self.tr("Save to"), path_row)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(self.tr("Export"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.clicked.connect(self.start_export)
        self.buttons.rejected.connect(self._on_cancel_clicked)
        layout = QVBoxLayout(self)
        if result.kind == "history":
            note = QLabel(self.tr("This is a historical replay: the report says so on every "
                                  "page and shows the value the event data does not cover."))
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        self._folder = Path(folder) if folder else Path.home()
        self.format_box.currentIndexChanged.connect(self._on_format_changed)
        self._on_format_changed()

    # -- choices -------------------------------------------------------------
    @property
    def fmt(self) -> str:
        return str(self.format_box.currentData())

    def _default_path(self) -> Path:
        if self.fmt == ALL_FORMATS:
            return self._folder
        return targets(self._result, "all", self._folder)[self.fmt]

    def _show_path(self, path: str) -> None:
        """Put ``path`` in the field, wide enough to read whole (up to most of the screen)."""
        self.path_edit.setText(path)
        metrics = self.path_edit.fontMetrics()
        screen = self.screen().availableGeometry().width() if self.screen() else 1366
        wanted = metrics.horizontalAdvance(path) + 3 * metrics.averageCharWidth() + 16
        self.path_edit.setMinimumWidth(min(wanted, int(0.7 * screen)))
        self.path_edit.setCursorPosition(0)  # the start of a path says where it goes
        self.path_edit.setToolTip(path)

    @Slot()
    def _on_format_changed(self) -> None:
        self.paper_box.setEnabled(self.fmt in ("pdf", "html", ALL_FORMATS))
        current = Path(self.path_edit.text()) if self.path_edit.text() else None
        if current is not None and current.suffix and self.fmt != ALL_FORMATS:
            self._folder = current.parent
        self._show_path(str(self._default_path()))

    @Slot()
    def _on_browse_clicked(self) -> None:
        if self.fmt == ALL_FORMATS:
            path = QFileDialog.getExistingDirectory(self, self.tr("Folder for the reports"),
                                                    str(self._folder))
        else:
            suffix = SUFFIX[self.fmt]
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save report"), str(self._default_path()),
                f"{self.fmt.upper()} (*{suffix})",
                options=QFileDialog.Option.DontConfirmOverwrite)  # asked once, below
            if path and not path.lower().endswith(suffix):
                path += suffix
        if path:
            self._show_path(path)

    # -- running ---------------------------------------------------------------
    @Slot()
    def start_export(self) -> None:
        """Check the target, ask before replacing files, then export on the worker."""
        if self._job is not None:
            return
        text = self.path_edit.text().strip()
        if not text:
            self.status.setText(self.tr("Choose where to save the report."))
            return
        path = Path(text)
        folder = path if self.fmt == ALL_FORMATS else path.parent
        if not folder.is_dir():
            self.status.setText(self.tr("The folder {0} does not exist.").format(folder))
            return
        clash = existing_targets(self._result, self.fmt, path)
        if clash and not self.confirm_overwrite(clash):
            return
        lang, paper = str(self.lang_box.currentData()), str(self.paper_box.currentData())
        self.status.setText(self.tr("Drawing the charts…"))
        # Content and charts are made here: the charts are widgets (GUI thread only).
        content = build_report(self._result, lang)
        images = (chart_images(content, paper)
                  if self.fmt in ("pdf", "html", ALL_FORMATS) else {})
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.export_button.setEnabled(False)
        self.status.setText(self.tr("Exporting…"))
        self._job = self.runner.start(
            _export, self._result, self.fmt, path, content=content, images=images, paper=paper,
            label=self.tr("Exporting…"), on_done=self._on_finished,
            on_error=self._on_failed)

    def confirm_overwrite(self, files: list[Path]) -> bool:
        names = "\n".join(p.name for p in files)
        answer = QMessageBox.question(
            self, self.tr("Replace files?"),
            self.tr("These files exist already and will be replaced:\n{0}").format(names),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    @Slot()
    def _on_cancel_clicked(self) -> None:
        if self._job is not None:
            self.runner.cancel()
        else:
            self.reject()

    @Slot(float)
    def _on_progress(self, fraction: float) -> None:
        self.progress.setValue(round(100 * fraction))

    def _done(self) -> None:
        self._job = None
        self.export_button.setEnabled(True)

    def _on_finished(self, files: list[str]) -> None:
        self._done()
        self.progress.setValue(100)
        self.status.setText(self.tr("Saved {0} file(s).").format(len(files)))
        self.exported.emit(files)
        if self._open_folder and files and can_open_folders():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(files[0]).parent)))
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, InputError):
            message = str(exc)
        elif isinstance(exc, OSError):
            message = exc.strerror or str(exc)
        else:  # a bug: show it rather than lose it
            message = "".join(traceback.format_exception(exc, limit=3))
        self._done()
        self.progress.setVisible(False)
        self.status.setText(self.tr("The export failed: {0}").format(message))

    @Slot()
    def _on_cancelled(self) -> None:
        self._done()
        self.progress.setVisible(False)
        self.status.setText(self.tr("Export cancelled; no partial file was left."))

    def done(self, code: int) -> None:
        if self._job is not None:  # closing the window cancels a running export
            self.runner.cancel()
        self.runner.wait()
        super().done(code)


def can_open_folders() -> bool:
    """Whether the desktop can show a folder: not on a Linux system with no opener.

    Qt hands a local folder to ``xdg-open`` (or the desktop portal) on Linux;
    with neither, ``openUrl`` only logs "Unable to detect a launcher", so the
    app does not try (the status bar names the file instead).
    """
    if not sys.platform.startswith("linux"):
        return True
    return any(shutil.which(tool) for tool in ("xdg-open", "gio", "kde-open", "gnome-open")) \
        or bool(os.environ.get("FLATPAK_ID"))


def show_export_dialog(result: Result, parent: QWidget | None = None, *,
                       lang: str = "en", folder: str | Path | None = None) -> ExportDialog:
    """Open the export dialog (window-modal) for ``result``; returns it."""
    dialog = ExportDialog(result, parent, lang=lang, folder=folder)
    dialog.setModal(True)
    dialog.show()
    return dialog
