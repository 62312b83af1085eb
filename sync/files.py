"""Attachment files named by their sha256 under the store's data dir, written and fsynced before any commit."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path


class AttachmentDamaged(RuntimeError):
    """An attachment file is missing or its bytes no longer match its name."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class FileStore:
    """Content-addressed files: <root>/<sha[:2]>/<sha>; the same bytes are stored once."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, digest: str) -> Path:
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ValueError(f"not a sha256: {digest!r}")
        return self.root / digest[:2] / digest

    def put(self, data: bytes) -> str:
        """Store the bytes durably (write, fsync, rename, fsync the folder); return their sha256."""
        digest = sha256(data)
        target = self.path(digest)
        if target.exists() and self._matches(target, digest):
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{digest}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        except OSError:  # a full disk: leave no half-written file taking what space is left
            tmp.unlink(missing_ok=True)
            raise
        os.replace(tmp, target)
        _fsync_dir(target.parent)
        return digest

    @staticmethod
    def _matches(path: Path, digest: str) -> bool:
        try:
            return sha256(path.read_bytes()) == digest
        except OSError:
            return False

    def read(self, digest: str) -> bytes:
        """The file's bytes, checked against its name."""
        try:
            data = self.path(digest).read_bytes()
        except OSError as exc:
            raise AttachmentDamaged(f"attachment {digest[:12]}… is missing on this kiosk") from exc
        if sha256(data) != digest:
            raise AttachmentDamaged(f"attachment {digest[:12]}… is damaged on this kiosk (hash mismatch)")
        return data

    def exists(self, digest: str) -> bool:
        return self.path(digest).exists()

    def delete(self, digest: str) -> None:
        try:
            self.path(digest).unlink()
        except FileNotFoundError:
            pass
