"""Where the app writes its log (full tracebacks of internal faults)."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

__all__ = ["log_path", "setup_logging"]


def log_path() -> Path:
    """``jevons.log`` in the user's log folder (``JEVONS_LOG_DIR`` overrides it)."""
    folder = os.environ.get("JEVONS_LOG_DIR")
    if not folder:
        from platformdirs import user_log_dir

        folder = user_log_dir("Jevons", appauthor=False)
    return Path(folder) / "jevons.log"


def setup_logging() -> Path | None:
    """Send log records to the log file; returns its path.

    When the log folder cannot be made or written, records go to stderr
    instead (no traceback about the log itself) and ``None`` is returned, so
    no message points to a log that was never written.  File names that are
    not valid UTF-8 are written with ``\\x`` escapes.
    """
    path = log_path()
    logger = logging.getLogger("jevons")
    for handler in logger.handlers:
        if isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
        if getattr(handler, "_jevons_fallback", False):
            return None
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8", errors="backslashreplace")
        result: Path | None = path
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
        handler._jevons_fallback = True  # type: ignore[attr-defined]
        result = None
    handler.setFormatter(formatter)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return result
