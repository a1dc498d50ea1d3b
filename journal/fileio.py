"""Writing the few files amends writes in the clear: exports the user asked for."""

from __future__ import annotations

import os
from pathlib import Path

from journal.errors import AmendsError


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` mode 0600, atomically: temp file, fsync, rename."""
    folder = path.parent
    tmp = folder / f".{path.name}.{os.getpid()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise AmendsError(f"cannot write {path}: {exc.strerror}") from exc


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
