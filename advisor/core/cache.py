"""A per-user cache of validated rules, so most runs never import YAML or pydantic.

Parsing and validating the YAML costs more than the whole `advisor roi` time budget. The first
run validates and pickles the resulting frozen dataclasses; later runs unpickle them in about a
millisecond. The key covers the file (path, size, mtime), the target type, advisor's version, the
Python version and the core's source files, so an edit to either the data or the code misses the
cache. The cache only ever holds objects advisor built itself after validation.

`ADVISOR_CACHE_DIR` moves it (default `$XDG_CACHE_HOME/advisor` or `~/.cache/advisor`);
`ADVISOR_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

try:  # the built-in hash module: hashlib would first start OpenSSL (~2 ms per run)
    from _sha256 import sha256
except ImportError:  # pragma: no cover - other Pythons name it differently
    from hashlib import sha256

_CORE = Path(__file__).resolve().parent


def cache_dir() -> Path | None:
    """Where cached files live, or None when caching is off."""
    if os.environ.get("ADVISOR_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("ADVISOR_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "advisor"


@functools.cache
def _code_stamp() -> str:
    newest = 0
    for entry in os.scandir(_CORE):
        if entry.name.endswith(".py"):
            newest = max(newest, entry.stat().st_mtime_ns)
    return str(newest)


def key_for(kind: str, files: list[Path]) -> str:
    """A cache key over `kind` and the identity (path, size, mtime) of `files`."""
    from advisor import __version__

    parts = [kind, __version__, sys.version, _code_stamp()]
    for file in files:
        try:
            st = file.stat()
            parts.append(f"{file.resolve()}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{file}:missing")
    return sha256("|".join(parts).encode()).hexdigest()[:32]


def cached(kind: str, files: list[Path], build: Callable[[], T]) -> T:
    """Return the cached result of `build()` for these files, building and storing on a miss."""
    directory = cache_dir()
    if directory is None:
        return build()
    target = directory / f"{kind}-{key_for(kind, files)}.pickle"
    try:
        with open(target, "rb") as handle:
            return pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
        pass
    value = build()
    store(target, value)
    return value


def store(target: Path, value: Any) -> None:
    """Write a cache entry atomically; a cache that cannot be written is simply skipped."""
    import tempfile  # only on a miss: its import (random, shutil) costs ~2.5 ms

    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".pickle")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(Exception):
            os.unlink(tmp)  # type: ignore[possibly-undefined]
