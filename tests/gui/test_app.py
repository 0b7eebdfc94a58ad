"""The app as a whole: translations shipped, --self-test, and the real xcb platform."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli


def test_compiled_translations_match_their_sources():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_translations.py"),
                             "--check"], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr


def test_every_japanese_string_is_translated():
    text = (ROOT / "resources" / "i18n" / "jevons_ja.ts").read_text(encoding="utf-8")
    assert text.count("<message>") > 150
    assert 'type="unfinished"' not in text


def test_self_test_writes_a_screenshot(tmp_path):
    shot = tmp_path / "shot.png"
    result = run_cli("--self-test", "--screenshot", str(shot),
                     env={"QT_QPA_PLATFORM": "offscreen", "JEVONS_SELFTEST_TIMING": "1"})
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "self-test: ok" in out and "window_shown_s=" in out
    assert shot.read_bytes().startswith(b"\x89PNG")


@pytest.mark.xvfb
def test_self_test_on_the_real_xcb_platform(tmp_path):
    if shutil.which("xvfb-run") is None:
        pytest.skip("xvfb-run is not installed (apt-get install xvfb xauth)")
    shot = tmp_path / "xcb.png"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env |= {"QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1400x900x24", sys.executable, "-c",
         "import sys; from gui.cli import main; "
         "from PySide6.QtGui import QGuiApplication; "
         f"rc = main(['--self-test', '--screenshot', {str(shot)!r}]); "
         "print('platform=' + QGuiApplication.platformName()); sys.exit(rc)"],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "platform=xcb" in result.stdout
    assert Path(shot).stat().st_size > 10_000
