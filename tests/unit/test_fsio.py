"""atomic_write_text: atomic, and never over a file it was not told to replace."""

from __future__ import annotations

import errno
import os
import tempfile

import pytest

from advisor import fsio
from advisor.errors import InputError


def _race(monkeypatch, target):
    """Create `target` right after the existence check, while the temporary file is written."""
    real = tempfile.mkstemp

    def mkstemp(*args, **kwargs):
        made = real(*args, **kwargs)
        target.write_text("someone else's\n")
        return made

    monkeypatch.setattr(fsio.tempfile, "mkstemp", mkstemp)


def _no_links(monkeypatch):
    def link(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(fsio.os, "link", link)


def test_writes_a_new_file_with_the_usual_mode(tmp_path):
    target = tmp_path / "report.txt"
    fsio.atomic_write_text(target, "hello\n")
    assert target.read_text() == "hello\n"
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_refuses_an_existing_file_and_force_replaces_it(tmp_path):
    target = tmp_path / "report.txt"
    target.write_text("old\n")
    with pytest.raises(InputError, match="already exists; pass --force"):
        fsio.atomic_write_text(target, "new\n")
    assert target.read_text() == "old\n"
    fsio.atomic_write_text(target, "new\n", overwrite=True)
    assert target.read_text() == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


@pytest.mark.parametrize("links", [True, False], ids=["hard-link", "no-hard-links"])
def test_a_file_created_after_the_check_is_not_clobbered(tmp_path, monkeypatch, links):
    target = tmp_path / "report.txt"
    _race(monkeypatch, target)
    if not links:
        _no_links(monkeypatch)
    with pytest.raises(InputError, match=f"{target} already exists; pass --force"):
        fsio.atomic_write_text(target, "mine\n")
    assert target.read_text() == "someone else's\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]  # no temporary file left


def test_without_hard_links_a_new_file_is_still_written(tmp_path, monkeypatch):
    _no_links(monkeypatch)
    target = tmp_path / "report.txt"
    fsio.atomic_write_text(target, "hello\n")
    assert target.read_text() == "hello\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_force_replaces_a_file_created_after_the_check(tmp_path, monkeypatch):
    target = tmp_path / "report.txt"
    _race(monkeypatch, target)
    fsio.atomic_write_text(target, "mine\n", overwrite=True)
    assert target.read_text() == "mine\n"
