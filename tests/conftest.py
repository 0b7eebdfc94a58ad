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
