"""Writing files so that a crash or a cancel never leaves half of one.

Output goes to a temporary file in the target folder, is flushed to disk,
then renamed over the target in one step (``os.replace``).  If anything fails
before the rename, the temporary file is removed and the target is untouched.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from engine.errors import InputError

__all__ = ["atomic_write", "atomic_writer"]


@contextlib.contextmanager
def atomic_writer(path: str | Path, *, overwrite: bool = False) -> Iterator[BinaryIO]:
    """Yield a binary file object; on success it replaces ``path`` atomically.

    Raises :class:`InputError` if ``path`` exists and ``overwrite`` is false,
    or if its folder does not exist.
    """
    target = Path(path)
    if target.exists() and not overwrite:
        raise InputError("the output file exists; use --force to overwrite it", file=str(target))
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError("the output folder does not exist", file=str(folder))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    try:
        # mkstemp makes the file private (0600); give it the mode a new file gets.
        umask = os.umask(0)
        os.umask(umask)
        with contextlib.suppress(OSError):
            os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write(path: str | Path, data: bytes | Callable[[BinaryIO], None], *,
                 overwrite: bool = False) -> None:
    """Write ``data`` (bytes, or a function that writes to the file) atomically."""
    with atomic_writer(path, overwrite=overwrite) as fh:
        if callable(data):
            data(fh)
        else:
            fh.write(data)
