"""Writing files so that a crash, a kill or a cancel never leaves half of one.

Output goes to a temporary file in the target folder, is flushed to disk,
then renamed over the target in one step (``os.replace``).  If anything fails
before the rename, the temporary file is removed and the target is untouched.

Rules a writer keeps (each one a way a user once lost a file):

* the files the program has read (the portfolio, a scenario, a profile:
  :func:`mark_input`) are never written, under any name that leads to them
  (a symbolic link, a hard link, ``./``), with or without ``overwrite``;
* a symbolic link at the target is never followed into another file: it is
  refused, or with ``overwrite`` the link itself is replaced by the new file;
  a link to a device (``/dev/stdout``) is written through;
* the temporary files have one pattern, ``.<name>.jevons-<pid>-<random>.part``;
  one left behind by a killed run (its process gone, older than this one) is
  removed on the next write to that folder;
* a condition of the disk or the folder (full, read-only, no permission, a
  link loop) is an :class:`~engine.errors.InputError` that says so, not a fault.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from engine.errors import InputError, display_name, os_error

__all__ = ["TEMP_PATTERN", "atomic_write", "atomic_writer", "check_target", "is_input",
           "mark_input", "sweep_stale"]

#: The name of every temporary file this module makes (group 1: the writer's pid).
TEMP_PATTERN = re.compile(r"^\..*\.jevons-(\d+)-[A-Za-z0-9_]+\.part$")
_NAME_KEPT = 80  # of the target's name in the temporary name (the whole must fit 255 bytes)
_STARTED = time.time()
_inputs: set[tuple[int, int]] = set()


def mark_input(path: str | Path) -> None:
    """Remember ``path`` as a file the user gave us to read: no writer may replace it."""
    with contextlib.suppress(OSError):
        st = os.stat(path)
        _inputs.add((st.st_dev, st.st_ino))


def is_input(path: str | Path) -> bool:
    """Whether ``path`` is, or leads to (links followed), a file marked as an input."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return (st.st_dev, st.st_ino) in _inputs


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def sweep_stale(folder: str | Path) -> list[Path]:
    """Remove this module's temporary files left in ``folder`` by killed runs.

    A file counts as stale when its name has :data:`TEMP_PATTERN`, it is older
    than this process and the process that made it is gone.  Returns what was
    removed; a file that cannot be removed is left alone.
    """
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    me = os.getpid()
    for entry in entries:
        m = TEMP_PATTERN.match(entry.name)
        if not m or int(m.group(1)) == me:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode) or st.st_mtime >= _STARTED or _alive(int(m.group(1))):
                continue
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _is_stream(mode: int) -> bool:
    """A device or a pipe: written straight through (renaming over it would replace it)."""
    return stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


@contextlib.contextmanager
def _through(target: Path) -> Iterator[BinaryIO]:
    try:
        with target.open("wb") as fh:
            yield fh
    except OSError as exc:
        raise os_error(exc, target, writing=True) from exc


def check_target(path: str | Path, *, overwrite: bool = False) -> bool:
    """Check that ``path`` may be written, before any work is done for it.

    Returns ``True`` when it is a device or a pipe (written straight through),
    ``False`` for a file (written atomically).  Raises :class:`InputError`
    for every refusal listed in the module's docstring.
    """
    target = Path(path)
    name = display_name(target)
    if is_input(target):
        raise InputError("this is an input file; the report must go to another file "
                         "(even with --force)", file=name)
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise os_error(exc, target, writing=True) from exc
    link = st is not None and stat.S_ISLNK(st.st_mode)
    if link:
        try:
            st = os.stat(target)
        except FileNotFoundError:  # a dangling link
            st = None
        except OSError as exc:  # a loop
            raise os_error(exc, target, writing=True) from exc
        if st is not None and _is_stream(st.st_mode):
            return True
        if not overwrite:
            raise InputError("a symbolic link is in the way; give another name, or use --force "
                             "to replace the link itself (the file it points to is kept)",
                             file=name)
    elif st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise InputError("this is a folder; give a file name", file=name)
        if _is_stream(st.st_mode):
            return True
        if not overwrite:
            raise InputError("the output file exists; use --force to overwrite it", file=name)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError("the output folder does not exist", file=display_name(folder))
    return False


@contextlib.contextmanager
def atomic_writer(path: str | Path, *, overwrite: bool = False) -> Iterator[BinaryIO]:
    """Yield a binary file object; on success it replaces ``path`` atomically.

    Raises :class:`InputError` if ``path`` is an input file, exists and
    ``overwrite`` is false (a symbolic link counts as existing), its folder
    does not exist, or the disk or folder refuses the write.
    """
    target = Path(path)
    if check_target(target, overwrite=overwrite):
        with _through(target) as fh:
            yield fh
        return
    folder = target.parent if str(target.parent) else Path(".")
    sweep_stale(folder)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:_NAME_KEPT]}.jevons-{os.getpid()}-",
                                   suffix=".part", dir=folder)
    except OSError as exc:
        raise os_error(exc, target, writing=True) from exc
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
        os.replace(tmp, target)  # a link at ``target`` is replaced, never followed
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and exc.filename in (None, tmp, str(target)):
            raise os_error(exc, target, writing=True) from exc
        raise


def atomic_write(path: str | Path, data: bytes | Callable[[BinaryIO], None], *,
                 overwrite: bool = False) -> None:
    """Write ``data`` (bytes, or a function that writes to the file) atomically."""
    with atomic_writer(path, overwrite=overwrite) as fh:
        if callable(data):
            data(fh)
        else:
            fh.write(data)
