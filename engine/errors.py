"""Exceptions raised by the engine.

Everything a user can cause (a bad file, an unknown preset, a parameter out of
range) is an :class:`InputError`; the command line turns it into exit status 2
and one ``error: …`` line.  Anything else escaping the engine is a bug.
"""

from __future__ import annotations

import errno
import os

__all__ = ["CancelledError", "InputError", "JevonsError", "display_name", "os_error"]


def display_name(path: object) -> str:
    """A file name as text that can always be printed, logged and saved.

    A name that is not valid UTF-8 (``caf\\xe9.csv`` on Linux) arrives from
    the OS with lone surrogates, which no UTF-8 stream accepts; they are
    shown as ``\\xe9`` escapes instead.
    """
    text = os.fspath(path) if isinstance(path, os.PathLike) else str(path)
    if isinstance(text, bytes):
        return text.decode("utf-8", "backslashreplace")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


class JevonsError(Exception):
    """Base class of every error the engine raises on purpose."""


class InputError(JevonsError, ValueError):
    """Bad input from the user: a file, a scenario or a parameter.

    Parameters
    ----------
    message
        A sentence a person understands: what is wrong and how to fix it.
    file, line, column
        Where the problem is, when it has a place.  ``line`` is 1-based as an
        editor shows it; ``column`` is a header name or a 1-based number.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: str | int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = None if file is None else display_name(file)
        self.line = line
        self.column = column

    def where(self) -> str:
        """``file, line 3, column 'Shares'`` (only the parts that are known)."""
        parts = []
        if self.file:
            parts.append(str(self.file))
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column is not None:
            col = self.column
            parts.append(f"column {col!r}" if isinstance(col, str) else f"column {col}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


class CancelledError(JevonsError):
    """A long computation stopped because its ``should_stop`` callback said so."""


#: What to tell the user for the OS errors a user can cause or fix.
_OS_ADVICE = {
    errno.ENOSPC: "the disk is full; free some space or choose another disk",
    errno.EDQUOT: "the disk quota is used up; free some space or choose another disk",
    errno.EROFS: "the disk is read-only; choose a folder on a writable disk",
    errno.EACCES: "permission denied; choose a file and folder you may {verb}",
    errno.EPERM: "the operation is not permitted; choose a file and folder you may {verb}",
    errno.ELOOP: "a symbolic link points to itself (a loop); remove it or give another name",
    errno.ENAMETOOLONG: "the file name is too long; give a shorter one",
    errno.ENOENT: "no such file or folder; check the path",
    errno.ENOTDIR: "a part of the path is not a folder; check the path",
    errno.EISDIR: "this is a folder; give a file name",
    errno.EFBIG: "the file is too large for this disk",
    errno.EIO: "the disk reported an input/output error; check the disk or choose another",
    errno.ETXTBSY: "the file is in use by a program; close it or give another name",
    errno.EBUSY: "the file is busy; close it or give another name",
}


def os_error(exc: OSError, path: object, *, writing: bool, what: str = "the file") -> InputError:
    """An :class:`InputError` saying in words why ``path`` could not be read or written.

    ``what`` names the thing in the sentence ("cannot write the file: the disk
    is full").  ``exc`` is kept as the cause; a condition with no advice of its own falls
    back to the system's words (``strerror``).
    """
    verb = "write" if writing else "read"
    advice = _OS_ADVICE.get(exc.errno or 0)
    reason = advice.format(verb=verb) if advice else (exc.strerror or str(exc))
    return InputError(f"cannot {verb} {what}: {reason}", file=display_name(path))
