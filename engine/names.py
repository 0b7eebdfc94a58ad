"""Company names as a person reads them: in the reader's language, and short where space is short.

The table, the charts and the reports all name holdings through these two
functions, so a name reads the same everywhere.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["display_name", "short_name"]

# Legal forms and share-class notes that say nothing a reader of a holdings
# list needs; the full name stays in tooltips and the reports' holdings table.
_SUFFIX = re.compile(
    r"(?:,?\s+(?:Inc\.?|Incorporated|Corporation|Corp\.?|Co\.?|Ltd\.?|Limited|plc|PLC|N\.V\.|"
    r"S\.A\.|SE|AG|Holdings?|Group|Company|Trust)"
    r"|\s*\((?:ADR|ADS|Class [A-Z]|NY registry shares)\))+\s*$")


def display_name(name: str, name_ja: str, lang: str) -> str:
    """``name_ja`` in Japanese when the security master has one, else ``name``."""
    return name_ja if lang == "ja" and name_ja else name


def _width(text: str) -> int:
    """Display width in columns: a Japanese (wide) character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def short_name(name: str, limit: int = 24) -> str:
    """``name`` without its legal form, cut to ``limit`` columns at a word if still longer.

    A column is a Latin letter's width; a Japanese character takes two.

    >>> short_name("NVIDIA Corporation")
    'NVIDIA'
    >>> short_name("Taiwan Semiconductor Manufacturing Co. (ADR)")
    'Taiwan Semiconductor…'
    """
    short = _SUFFIX.sub("", name).strip() or name.strip()
    if _width(short) <= limit:
        return short
    cut, used = "", 0
    for ch in short:
        used += _width(ch)
        if used > limit - 1:
            break
        cut += ch
    space = cut.rfind(" ")
    return (cut[:space] if space > len(cut) // 2 else cut).rstrip(" ,-・") + "…"
