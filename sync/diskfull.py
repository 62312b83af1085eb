"""A full disk: recognised in any write's error (ENOSPC, EDQUOT, SQLite's SQLITE_FULL), turned into one typed
error, and remembered as the kiosk's "磁盘已满" state until a write succeeds again with space to spare."""
from __future__ import annotations

import errno
import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

DISK_FULL = "磁盘已满"
MIN_FREE = 1024 * 1024  # below this many free bytes the disk still counts as full after a failed write


class DiskFull(Exception):
    """A write failed because the kiosk's disk is full; the transaction was rolled back, nothing of it kept."""


def is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    if isinstance(exc, sqlite3.Error):
        return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "disk is full" in str(exc)
    return False


class DiskWatch:
    """The disk state of one folder: full from a failed write until a later write succeeds with MIN_FREE free."""

    def __init__(self, folder: Path, min_free: int = MIN_FREE,
                 free: Callable[[Path], int] | None = None) -> None:
        self.folder = Path(folder)
        self.min_free = min_free
        self._free = free or (lambda p: os.statvfs(p).f_bavail * os.statvfs(p).f_frsize)
        self._where = ""
        self._lock = threading.Lock()

    def failed(self, where: str) -> None:
        with self._lock:
            self._where = where or "write"

    def succeeded(self) -> None:
        with self._lock:
            if self._where and self._free(self.folder) >= self.min_free:
                self._where = ""

    @property
    def full(self) -> bool:
        with self._lock:
            if self._where and self._free(self.folder) >= self.min_free:
                self._where = ""  # space came back (a technician cleared it): the next write may go
            return bool(self._where)
