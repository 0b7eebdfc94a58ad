"""The desktop app's entry point: ``jevons`` / ``jevons gui [FILE]`` / ``jevons --self-test``."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from engine.paths import resource

SAMPLE = resource("sample_portfolio.csv")
_START = time.perf_counter()


def build_window(*, deferred: bool = False):
    """Create the application (if needed) and the main window.

    ``deferred``: the window shows its frame first and builds its content
    after the first paint (see :class:`gui.main_window.MainWindow`).
    """
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Jevons")
    app.setOrganizationName("Jevons")
    app.setDesktopFileName("jevons")  # matches the installed jevons.desktop (Wayland, docks)
    from PySide6.QtGui import QIcon

    app.setWindowIcon(QIcon(str(resource("icons", "jevons.svg"))))
    from engine import __version__

    app.setApplicationVersion(__version__)
    from gui.errors import install_excepthook
    from gui.logfile import setup_logging
    from gui.main_window import MainWindow

    setup_logging()
    install_excepthook()
    window = MainWindow(deferred=deferred)
    return app, window


def run_app(portfolio: str | None = None, *, self_test: bool = False,
            screenshot: str | None = None) -> int:
    if self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if portfolio and not Path(portfolio).is_file():
        from engine.errors import InputError

        raise InputError("no such file; give the path of a portfolio CSV file", file=portfolio)
    # The frame shows first; the table, charts and panels follow (MainWindow's
    # deferred mode), and the portfolio opens once they are there.
    app, window = build_window(deferred=True)
    timing = os.environ.get("JEVONS_SELFTEST_TIMING") == "1"
    if timing:
        window.frame_painted.connect(_print_frame_timing)

    def open_portfolio() -> None:
        if portfolio:
            window.open_path(portfolio, preview=not self_test)
        else:
            window.open_path(SAMPLE, preview=False)
        if timing:  # the content built, the portfolio computed and handed to the widgets
            window.flush()
            print(f"content_ready_s={time.perf_counter() - _process_start():.3f}", flush=True)
            print(f"self-test: content ready at {time.time():.6f}", flush=True)

    window.when_ready(open_portfolio)
    window.show()
    if self_test:
        if not window.is_ready:
            from PySide6.QtCore import QEventLoop

            loop = QEventLoop()
            window.content_ready.connect(loop.quit)
            window.content_failed.connect(loop.quit)
            loop.exec()
        if window.is_ready:
            rc = window.self_test(screenshot)
        else:
            print("self-test: FAILED (the window's content could not be built)", flush=True)
            rc = 1
    else:
        rc = app.exec()
    _tear_down(app, window)
    return rc


def _print_frame_timing() -> None:
    """Start-up timing, printed once the frame has been painted: seconds since the
    process started, and the wall clock for a caller that times the launch itself
    (benchmarks/bench_bundle.py)."""
    print(f"window_shown_s={time.perf_counter() - _process_start():.3f}", flush=True)
    print(f"self-test: window shown at {time.time():.6f}", flush=True)


def _tear_down(app, window) -> None:
    """Destroy the window and its charts while Qt is still fully alive.

    Left to the interpreter's exit, the C++ objects of pyqtgraph's scene and
    the QApplication are freed in no particular order, which crashes now and
    then on X11.  Deleting the window first, then the application, is orderly.
    """
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent

    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
    if shiboken6.isValid(window):
        shiboken6.delete(window)


def _process_start() -> float:
    """perf_counter() value at process start (Linux: from /proc; else module import)."""
    try:
        with open(f"/proc/{os.getpid()}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        ticks = int(fields[19])  # starttime, clock ticks after boot
        with open("/proc/uptime", "rb") as fh:
            uptime = float(fh.read().split()[0])
        age = uptime - ticks / os.sysconf("SC_CLK_TCK")
        return time.perf_counter() - age
    except (OSError, ValueError, IndexError):
        return _START
