"""Take the documentation's screenshots of the main window.

Usage (from the repository root; offscreen unless a display is set)::

    python scripts/screenshots.py OUT.png [--portfolio CSV] [--lang en|ja]
        [--theme light|dark] [--size 1366x768] [--tab distribution] [--run]

``--tab distribution --run`` opens the Distribution tab and waits for its
Monte Carlo run.  The window uses a private settings folder, so the user's
own settings are neither read nor changed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output")
    parser.add_argument("--portfolio", default=str(ROOT / "tests/fixtures/portfolio30.csv"))
    parser.add_argument("--lang", choices=("en", "ja"), default="en")
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--tab", default="")
    parser.add_argument("--run", action="store_true", help="press Run on the tab")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A private settings folder: the user's own settings stay as they are.
    os.environ["JEVONS_CONFIG_DIR"] = tempfile.mkdtemp(prefix="jevons-shots-")

    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    from gui.app import build_window

    app, window = build_window(deferred=False)
    width, height = (int(v) for v in args.size.split("x"))
    window.resize(width, height)
    window.set_language(args.lang)
    window._apply_theme(args.theme, save=False)
    window.show()
    if not window.open_path(args.portfolio, preview=False):
        return 1
    window.flush()
    if args.tab:
        tabs = window.chart_tabs
        names = {tabs.widget(i).objectName() or "": i for i in range(tabs.count())}
        index = names.get(args.tab, next((i for i in range(tabs.count())
                                          if args.tab.lower() in tabs.tabText(i).lower()), -1))
        if index < 0:
            print(f"no tab {args.tab!r}; tabs: {[tabs.tabText(i) for i in range(tabs.count())]}")
            return 2
        tabs.setCurrentIndex(index)
        if args.run:
            page = tabs.widget(index)
            page = getattr(page, "widget", lambda: page)()  # the page inside its scroll area
            loop = QEventLoop()
            window.analysis.results_changed.connect(loop.quit)
            QTimer.singleShot(120_000, loop.quit)
            page.run_button.click()
            loop.exec()
    for _ in range(5):
        QCoreApplication.processEvents()
    window.flush()
    window.grab().save(args.output)
    print(f"wrote {args.output}")
    window.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
