"""Reading the files a user gives us: bounded, never blocking, never written.

Every portfolio, scenario and import profile is read through
:func:`read_user_file` (a regular file only: a FIFO or a device is refused at
once instead of blocking for ever; a size limit; the file is remembered so no
writer can replace a portfolio, :func:`engine.atomic.mark_input`) and every TOML text
through :func:`parse_toml` (a size and a nesting limit, so a "TOML bomb" of
deeply nested arrays is a clear error, not a crash).
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

from engine.atomic import mark_input
from engine.errors import InputError, display_name, os_error

__all__ = ["MAX_TOML_BYTES", "MAX_TOML_DEPTH", "parse_toml", "read_user_file"]

#: A scenario or a profile is a few KB; anything far larger is not one.
MAX_TOML_BYTES = 256 * 1024
#: Tables and arrays nested deeper than this are refused (ours nest 2–3 deep).
MAX_TOML_DEPTH = 16
_CHUNK = 1 << 20


def read_user_file(path: str | Path, *, limit: int, what: str, protect: bool = True) -> bytes:
    """The bytes of the regular file ``path`` (at most ``limit``); ``what`` names it in errors.

    ``protect`` marks the file so no writer of this process may replace it
    (a portfolio); a scenario or a profile the app may save back is read
    with ``protect=False`` (the command line protects those of its run).

    Raises :class:`InputError` for a folder, a device or a pipe, a file over
    the limit, or a file that cannot be read (missing, no permission …).
    """
    name = display_name(path)
    try:
        # O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise InputError(f"this is a folder, not a {what} file", file=name) from None
    except OSError as exc:
        raise os_error(exc, path, writing=False) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"this is a folder, not a {what} file", file=name)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"this is a device or a pipe, not a {what} file; save the data to "
                             "a file and give that", file=name)
        if st.st_size > limit:
            raise InputError(f"the file is larger than {_size(limit)}; is it really a {what}?",
                             file=name)
        parts, total = [], 0
        # The whole file in one read (chunks joined afterwards cost a copy and
        # fresh pages: more than the read itself); then on in chunks, as a file
        # still growing is read on, up to the limit.
        size = st.st_size + 1
        while total <= limit:
            chunk = os.read(fd, min(size, limit + 1 - total))
            size = _CHUNK
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
        if total > limit:
            raise InputError(f"the file is larger than {_size(limit)}; is it really a {what}?",
                             file=name)
    except OSError as exc:
        raise os_error(exc, path, writing=False) from None
    finally:
        os.close(fd)
    if protect:
        mark_input(path)
    return b"".join(parts)


def _size(limit: int) -> str:
    return f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit // 1024} KB"


def parse_toml(text: str, *, file: str | None = None, what: str = "TOML") -> dict[str, Any]:
    """``tomllib.loads`` with the limits above; errors name the file, line and column."""
    if len(text) > MAX_TOML_BYTES:
        raise InputError(f"too large to be a {what} file (over {_size(MAX_TOML_BYTES)})",
                         file=file)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python < 3.14 has no lineno attribute: read "(at line 3, column 12)".
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = getattr(exc, "lineno", None) or (int(m.group(1)) if m else None)
        col = getattr(exc, "colno", None) or (int(m.group(2)) if m else None)
        msg = getattr(exc, "msg", None) or re.sub(r"\s*\(at line.*\)$", "", str(exc))
        raise InputError(f"not valid TOML: {msg}", file=file, line=line, column=col) from None
    except RecursionError:
        raise InputError(f"arrays or tables nested too deeply (more than {MAX_TOML_DEPTH} "
                         f"levels); this is not a {what} file", file=file) from None
    if _depth(data) > MAX_TOML_DEPTH:
        raise InputError(f"arrays or tables nested too deeply (more than {MAX_TOML_DEPTH} "
                         f"levels); this is not a {what} file", file=file)
    return data


def _depth(value: Any) -> int:
    """Nesting depth of parsed TOML, without recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_TOML_DEPTH:
            break
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest
