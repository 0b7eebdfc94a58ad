"""Shared test set-up: Qt offscreen, logs and settings in temporary folders."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test writes its log, settings and price cache to a temporary folder."""
    base = tmp_path_factory.mktemp("appdirs")
    monkeypatch.setenv("JEVONS_LOG_DIR", str(base / "log"))
    monkeypatch.setenv("JEVONS_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("JEVONS_DATA_DIR", str(base / "data"))  # the price refresh cache


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None):
    """Run ``jevons`` as a separate process; returns the CompletedProcess."""
    import subprocess

    full_env = os.environ | {"PYTHONPATH": str(ROOT)} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "gui.cli", *args],
        capture_output=True, cwd=cwd or ROOT, env=full_env, timeout=120, check=False,
    )


def assert_xlsx_readable(data: bytes) -> None:
    """The workbook opens with openpyxl in ``data_only`` mode (cached values, as Excel shows
    them) and no cell holds NaN, infinity or a spreadsheet error."""
    import io
    import math

    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                assert not (isinstance(v, float) and not math.isfinite(v)), (ws.title, cell)
                assert not (isinstance(v, str) and v.startswith("#") and v.endswith(("!", "?",
                            "/A"))), (ws.title, cell, v)


@pytest.fixture(autouse=True)
def _every_xlsx_reads_back(monkeypatch: pytest.MonkeyPatch):
    """Every XLSX a test writes in this process is read back (see assert_xlsx_readable)."""
    import io

    import engine.report.xlsx as xlsx

    real = xlsx.write_xlsx

    def checked(content, fh):
        real(content, fh)
        if isinstance(fh, io.BytesIO):
            assert_xlsx_readable(fh.getvalue())

    monkeypatch.setattr(xlsx, "write_xlsx", checked)
