"""The app's version, read from the installed metadata or pyproject.toml."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path


def _read_version() -> str:
    if getattr(sys, "frozen", False):  # a PyInstaller bundle: build.spec writes VERSION
        from engine.paths import resource

        return resource("VERSION").read_text(encoding="utf-8").strip()
    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    if pyproject.is_file():  # a checkout (editable or not): the source of truth
        with pyproject.open("rb") as fh:
            return str(tomllib.load(fh)["project"]["version"])
    from importlib import metadata  # only when there is no pyproject.toml (installed, frozen)

    try:
        return metadata.version("jevons")
    except metadata.PackageNotFoundError:  # a frozen bundle without metadata
        from engine.paths import resource

        return resource("VERSION").read_text(encoding="utf-8").strip()


__version__ = _read_version()
