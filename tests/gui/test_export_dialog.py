"""The export dialog as a person sees it: the whole path, and no launcher it does not have."""

from __future__ import annotations

import sys
import tempfile

from gui import export_dialog
from gui.export_dialog import ExportDialog, can_open_folders


def test_the_path_field_shows_the_whole_path(qtbot, deepseek_result):
    with tempfile.TemporaryDirectory(prefix="reports-") as folder:
        dialog = ExportDialog(deepseek_result, folder=folder, open_folder=False)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
    edit = dialog.path_edit
    text = edit.text()
    assert text.endswith("deepseek-r1-report.pdf")
    assert edit.width() >= edit.fontMetrics().horizontalAdvance(text)
    assert edit.cursorPosition() == 0 and edit.toolTip() == text


def test_no_folder_opening_without_a_launcher(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("FLATPAK_ID", raising=False)
    monkeypatch.setattr(export_dialog.shutil, "which", lambda _name: None)
    assert not can_open_folders()
    monkeypatch.setattr(export_dialog.shutil, "which",
                        lambda name: "/usr/bin/xdg-open" if name == "xdg-open" else None)
    assert can_open_folders()
