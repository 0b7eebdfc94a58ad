"""Reading the portfolio files people actually have.

Brokers, spreadsheets and Yahoo Finance write holdings in many ways: UTF-8,
CP932 or UTF-16; commas, semicolons or tabs; "1,234.56" or "1.234,56";
preamble lines and total rows; English or Japanese headers; cash rows; the
same ticker on several lines.  The importer detects all of this (with a
confidence per guess), shows it (:func:`inspect`), lets the user correct it
(:class:`ImportSettings`, saved as a profile) and then loads the file
(:func:`load`).  Every row it does not turn into a holding is listed.

Modules: :mod:`.settings` (the choices), :mod:`.detect` (guessing them),
:mod:`.mapping` (header aliases), :mod:`.values` (numbers), :mod:`.table`
(splitting rows), :mod:`.positions` (rows → holdings), :mod:`.profiles`
(saved settings), :mod:`.preview` (the pipeline).
"""

from __future__ import annotations

from engine.importer.preview import (
    ImportFailed,
    ImportPreview,
    inspect,
    load,
    load_bytes,
    load_portfolio,
)
from engine.importer.profiles import builtin_profiles, load_profile, save_profile
from engine.importer.settings import FIELDS, ImportSettings, Problem

__all__ = ["FIELDS", "ImportFailed", "ImportPreview", "ImportSettings", "Problem",
           "builtin_profiles", "inspect", "load", "load_bytes", "load_portfolio", "load_profile",
           "save_profile"]
