"""Import profiles: saved :class:`ImportSettings` as small TOML files.

Built-in profiles live in ``resources/import/profiles/*.toml``.  A built-in
profile with a ``[match]`` table (``headers = [...]``) is chosen
automatically for a file whose header has all of those columns; its mapping
then replaces the alias guess.  A user's profile is the same format, written
by :func:`save_profile` (detected settings plus their corrections).
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from engine.atomic import atomic_write
from engine.errors import InputError
from engine.importer.settings import ImportSettings
from engine.paths import resource
from engine.userfiles import read_user_file

__all__ = ["builtin_profiles", "load_profile", "match_headers", "match_profile", "save_profile"]

#: A profile file larger than this is not a profile.
_MAX_PROFILE_BYTES = 64 * 1024


@cache
def _builtin() -> tuple[tuple[str, ImportSettings, tuple[str, ...]], ...]:
    out = []
    for path in sorted(resource("import", "profiles").glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        settings = ImportSettings.from_toml(text, file=str(path))
        match = tuple(tomllib.loads(text).get("match", {}).get("headers", ()))
        out.append((settings.profile or path.stem, settings, match))
    return tuple(out)


def builtin_profiles() -> dict[str, ImportSettings]:
    """The shipped profiles by name (``generic``, Yahoo Finance, a Japanese broker)."""
    return {name: settings for name, settings, _ in _builtin()}


def match_profile(columns: Sequence[str]) -> ImportSettings | None:
    """The built-in profile whose ``[match]`` headers all appear in ``columns``."""
    have = {c.strip() for c in columns}
    best = None
    for _, settings, headers in _builtin():
        if headers and set(headers) <= have and (best is None or len(headers) > best[0]):
            best = (len(headers), settings)
    return best[1] if best else None


def match_headers(name: str) -> tuple[str, ...]:
    """The ``[match]`` headers of the built-in profile ``name`` (empty if none)."""
    return next((h for n, _, h in _builtin() if n == name), ())


def save_profile(settings: ImportSettings, path: str | Path, *, overwrite: bool = True) -> None:
    """Write ``settings`` as a profile file (atomically)."""
    atomic_write(Path(path), settings.to_toml().encode("utf-8"), overwrite=overwrite)


def load_profile(path: str | Path) -> ImportSettings:
    """Read a profile file written by :func:`save_profile` (or by hand)."""
    path = Path(path)
    raw = read_user_file(path, limit=_MAX_PROFILE_BYTES, what="import profile", protect=False)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("a profile must be UTF-8 text", file=str(path)) from None
    settings = ImportSettings.from_toml(text, file=str(path))
    return settings if settings.profile else settings.replace(profile=path.stem)
