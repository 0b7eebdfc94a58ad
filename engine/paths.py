"""Where the shipped data lives.

Resources resolve relative to the package, never the working directory, so
the same code works from a checkout, an installed wheel and a PyInstaller
bundle (whose ``datas`` mirror the ``resources/`` folder beside ``engine/``).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["RESOURCES_DIR", "resource"]

#: ``resources/`` beside this package; ``JEVONS_RESOURCES`` overrides it (tests).
RESOURCES_DIR = Path(
    os.environ.get("JEVONS_RESOURCES") or Path(__file__).resolve().parent.parent / "resources"
)


def resource(*parts: str) -> Path:
    """Path of a file under ``resources/``."""
    return RESOURCES_DIR.joinpath(*parts)
