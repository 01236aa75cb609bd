"""Writing files safely: atomically, and never over an existing file unless asked.

A report or an answers file is written to a temporary file in the same directory, flushed to
disk, then renamed over the target, so a crash or a full disk never leaves half a file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from advisor.errors import InputError


def atomic_write_text(path: Path, text: str, *, overwrite: bool = False) -> None:
    """Write `text` to `path` atomically; refuse to replace an existing file unless `overwrite`."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path} is a directory; give a file name to write to")
    if path.exists() and not overwrite:
        raise InputError(f"{path} already exists; pass --force to overwrite it")
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
        if path.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            # mkstemp creates 0600; a report should get the usual umask-derived mode.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
