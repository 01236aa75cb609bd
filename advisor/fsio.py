"""Writing files safely: atomically, and never over an existing file unless asked.

A report or an answers file is written to a temporary file in the same directory, flushed to
disk, then published under its name, so a crash or a full disk never leaves half a file behind.
Without `overwrite` the publishing step itself refuses an existing file (a hard link, which
fails if the name is taken), so a file created after the first check is never clobbered.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from advisor.errors import InputError

#: errno values meaning "this file system (or platform) cannot make hard links here".
_NO_LINKS = frozenset(
    getattr(errno, name)
    for name in ("EPERM", "EACCES", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EXDEV", "EMLINK")
    if hasattr(errno, name)
)


def _exists_error(path: Path) -> InputError:
    return InputError(f"{path} already exists; pass --force to overwrite it")


def atomic_write_text(path: Path, text: str, *, overwrite: bool = False) -> None:
    """Write `text` to `path` atomically; refuse to replace an existing file unless `overwrite`."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path} is a directory; give a file name to write to")
    if path.exists() and not overwrite:
        raise _exists_error(path)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"cannot write {path}: directory {parent} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite and path.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            # mkstemp creates 0600; a report should get the usual umask-derived mode.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        if overwrite:
            os.replace(tmp, path)
        else:
            _publish_new(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _publish_new(tmp: str, path: Path) -> None:
    """Give the finished `tmp` the name `path`, failing if that name is (now) taken.

    A hard link is created atomically or not at all, so nothing written under `path` in the
    meantime is lost; `tmp` is unlinked by the caller. Where hard links are not supported, the
    name is reserved with an exclusive create (which fails the same way), then replaced.
    """
    link = getattr(os, "link", None)
    if link is not None:
        try:
            link(tmp, path)
            return
        except FileExistsError:
            raise _exists_error(path) from None
        except OSError as exc:
            if exc.errno not in _NO_LINKS:
                raise
    try:
        reserved = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
    except FileExistsError:
        raise _exists_error(path) from None
    os.close(reserved)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
