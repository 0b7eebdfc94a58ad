"""Exporting a report to a file: the one path the command line and the app share.

:func:`export_report` builds the report content once, draws the charts once
(for HTML and PDF) and writes each requested format atomically.  It is a
plain function with ``progress``/``should_stop`` callbacks, so the app runs
it on a worker thread and the command line calls it directly.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine.atomic import atomic_write
from engine.errors import CancelledError, InputError
from engine.report.content import ReportContent, build_report
from engine.report.export import FORMATS, QT_FORMATS, SUFFIX, report_bytes
from engine.result import Result

__all__ = ["ALL_FORMATS", "ensure_app", "existing_targets", "export_report", "targets"]

#: Pseudo-format: every format into one folder.
ALL_FORMATS = "all"


def ensure_app() -> Any:
    """The running QApplication, or a new one (offscreen when there is no display)."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) \
            and sys.platform.startswith("linux"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(sys.argv[:1])


def _default_paper() -> str:
    from gui.report_pdf import default_paper

    return default_paper()


def _stem(result: Result) -> str:
    """``<portfolio>-<scenario>-report``, safe as a file name on every system."""
    name = f"{result.book.portfolio.name}-{result.scenario.name}-report"
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "report"


def targets(result: Result, fmt: str, path: str | Path) -> dict[str, Path]:
    """Format → file each export writes: ``path`` itself, or one file per format in it."""
    if fmt == ALL_FORMATS:
        folder = Path(path)
        stem = _stem(result)
        return {f: folder / f"{stem}{SUFFIX[f]}" for f in FORMATS}
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
    return {fmt: Path(path)}


def existing_targets(result: Result, fmt: str, path: str | Path) -> list[Path]:
    """The files an export would replace (to ask before overwriting)."""
    return [p for p in targets(result, fmt, path).values() if p.exists()]


def export_report(result: Result, fmt: str, path: str | Path, *, lang: str = "en",
                  paper: str | None = None, overwrite: bool = False,
                  content: ReportContent | None = None,
                  images: dict[str, Any] | None = None,
                  progress: Callable[[float], None] | None = None,
                  should_stop: Callable[[], bool] | None = None) -> list[Path]:
    """Write ``result`` as ``fmt`` (one of FORMATS, or "all" into the folder ``path``).

    ``content`` and ``images`` (the charts, see :func:`chart_images`) may be
    made beforehand: the charts are widgets, so a caller running this on a
    worker thread draws them on the GUI thread first.  Returns the files
    written.  Raises :class:`InputError` when a target
    exists and ``overwrite`` is false (before anything is written), and
    :class:`CancelledError` when ``should_stop`` turns true; files already
    finished stay, none is left half-written.
    """
    plan = targets(result, fmt, path)
    if fmt == ALL_FORMATS and not Path(path).is_dir():
        raise InputError("the folder for the reports does not exist", file=str(path))
    if not overwrite:
        clash = [p for p in plan.values() if p.exists()]
        if clash:
            raise InputError("the output file exists; use --force to overwrite it",
                             file=str(clash[0]))

    def step(fraction: float) -> None:
        if should_stop is not None and should_stop():
            raise CancelledError("the export was cancelled")
        if progress is not None:
            progress(fraction)

    step(0.0)
    content = content or build_report(result, lang)
    step(0.1)
    if images is None and any(f in QT_FORMATS for f in plan):
        from gui.report_pdf import chart_images

        paper = paper or _default_paper()
        ensure_app()
        images = chart_images(content, paper, should_stop=should_stop)
    step(0.4)
    written: list[Path] = []
    for i, (f, target) in enumerate(plan.items()):
        if f == "pdf":
            from gui.report_pdf import to_pdf_bytes

            data = to_pdf_bytes(content, paper=paper or "a4", charts=images or {},
                                should_stop=should_stop)
        else:
            charts = None
            if f == "html":
                from gui.chart_export import png_bytes

                charts = {k: ("image/png", png_bytes(img)) for k, img in (images or {}).items()}
            data = report_bytes(content, f, charts=charts, paper=paper or "a4")
        step(0.4 + 0.6 * (i + 0.9) / len(plan))
        atomic_write(target, data, overwrite=overwrite)
        written.append(target)
    step(1.0)
    return written
