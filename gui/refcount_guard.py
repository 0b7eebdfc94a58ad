"""A guard against a reference-count bug in PySide6 6.12 on CPython 3.11.

Calling a ``void`` QPainter method (``setPen``, ``setFont``, ``drawLine``,
``drawRect``, ``fillRect`` …) from Python drops one reference to ``None``
without taking it.  CPython 3.12 and later make ``None`` immortal, so nothing
happens there; on 3.11 a few tens of thousands of such calls (one large PDF
report) bring ``None``'s count to zero and the interpreter aborts with
"none_dealloc: deallocating None".  :func:`keep_none_alive` measures what a
block of painting lost and gives it back.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
from collections.abc import Iterator

__all__ = ["keep_none_alive"]

_AFFECTED = sys.version_info < (3, 12) and hasattr(ctypes, "pythonapi")


@contextlib.contextmanager
def keep_none_alive() -> Iterator[None]:
    """Restore the references to ``None`` lost by the painting done in the block."""
    if not _AFFECTED:
        yield
        return
    before = sys.getrefcount(None)
    try:
        yield
    finally:
        lost = before - sys.getrefcount(None)
        if lost > 0:
            incref = ctypes.pythonapi.Py_IncRef
            incref.argtypes = [ctypes.py_object]
            incref.restype = None
            for _ in range(lost):
                incref(None)
