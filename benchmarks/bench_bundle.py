"""Desktop bundle figures: ``bundle_mb`` and ``startup_ratio``.

Both need the one-dir bundle in ``dist/``; it is built first (about a
minute, ``scripts/build.py``) when it is missing.  ``JEVONS_BENCH_REBUILD=1``
rebuilds it anyway, so the figures follow the current checkout.
"""

from __future__ import annotations

import importlib.util
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("jevons_build", ROOT / "scripts" / "build.py")
bundle = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bundle)

SHOWN = re.compile(rb"window shown at (\d+(?:\.\d+)?)")

#: The floor: the smallest PySide6 program that shows a window, run by the
#: venv's Python, timed exactly like the app.
BARE_WINDOW = """
import time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1000, 600)
window.show()
app.processEvents()
print(f"window shown at {time.time():.6f}", flush=True)
"""


def _ensure_bundle() -> tuple[Path, float | None]:
    """The bundle's folder, and the build's seconds when this run built it."""
    exe = bundle.executable()
    if exe.is_file() and os.environ.get("JEVONS_BENCH_REBUILD") != "1":
        return bundle.bundle_dir(), None
    seconds = bundle.build()
    return bundle.bundle_dir(), seconds


def _seconds_to_window(cmd: list[str], env: dict[str, str]) -> float:
    """Wall time from launching ``cmd`` to its "window shown at T" line."""
    start = time.time()
    proc = subprocess.run(cmd, capture_output=True, env=env, timeout=120, check=False, cwd=ROOT)
    match = SHOWN.search(proc.stdout)
    if proc.returncode != 0 or not match:
        raise RuntimeError(f"{cmd[0]} failed (exit {proc.returncode}): "
                           f"{proc.stdout.decode(errors='replace')}"
                           f"{proc.stderr.decode(errors='replace')}")
    return float(match.group(1)) - start


def startup(repeat: int = 7) -> dict:
    folder, _ = _ensure_bundle()
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "JEVONS_SELFTEST_TIMING": "1"}
    frozen_cmd = [str(bundle.executable()), "--self-test"]
    bare_cmd = [sys.executable, "-c", BARE_WINDOW]
    _seconds_to_window(frozen_cmd, env)  # first runs fill the file cache
    _seconds_to_window(bare_cmd, env)
    frozen, bare = [], []
    for _ in range(repeat):  # interleaved, so a busy moment hits both
        frozen.append(_seconds_to_window(frozen_cmd, env))
        bare.append(_seconds_to_window(bare_cmd, env))
    f, b = statistics.median(frozen), statistics.median(bare)
    ratio = f / b
    return {"startup_ratio": {
        "value": ratio, "unit": "x", "goal": 2.0, "ok": ratio <= 2.0,
        "note": f"frozen app launch to main window shown {f * 1e3:.0f} ms / bare PySide6 "
                f"QMainWindow {b * 1e3:.0f} ms (median of {repeat}, offscreen, warm file "
                f"cache; {folder.relative_to(ROOT)})"}}


def size() -> dict:
    folder, seconds = _ensure_bundle()
    mb = bundle.bundle_mb(folder)
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    built = f"; built in {seconds:.0f} s" if seconds is not None else ""
    return {"bundle_mb": {
        "value": mb, "unit": "MB", "goal": 250.0, "ok": mb <= 250.0,
        "note": f"{folder.relative_to(ROOT)}: {files} files{built}"}}


def run(only: list[str] | None = None) -> dict:
    figures: dict = {}
    if not only or "bundle_mb" in only:
        figures.update(size())
    if not only or "startup_ratio" in only:
        figures.update(startup())
    return figures
