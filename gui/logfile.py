"""Where the app writes its log (full tracebacks of internal faults)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

__all__ = ["log_path", "setup_logging"]


def log_path() -> Path:
    """``jevons.log`` in the user's log folder (``JEVONS_LOG_DIR`` overrides it)."""
    folder = os.environ.get("JEVONS_LOG_DIR")
    if not folder:
        from platformdirs import user_log_dir

        folder = user_log_dir("Jevons", appauthor=False)
    return Path(folder) / "jevons.log"


def setup_logging() -> Path:
    """Send log records to the log file; returns its path."""
    path = log_path()
    logger = logging.getLogger("jevons")
    if not any(isinstance(h, logging.FileHandler) for h in logger.handlers):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handler = logging.FileHandler(path, encoding="utf-8")
        except OSError:
            return path
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    return path
