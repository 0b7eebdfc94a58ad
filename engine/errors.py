"""Exceptions raised by the engine.

Everything a user can cause (a bad file, an unknown preset, a parameter out of
range) is an :class:`InputError`; the command line turns it into exit status 2
and one ``error: …`` line.  Anything else escaping the engine is a bug.
"""

from __future__ import annotations

__all__ = ["CancelledError", "InputError", "JevonsError"]


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
        self.file = file
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
