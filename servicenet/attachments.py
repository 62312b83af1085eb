"""Attachment slots named by the sha256 of their bytes: created with a length, appended at the offset, verified.

A slot is filled when offset == length and the bytes hash to its name; a mismatch empties it for a fresh
upload. Filling a slot again is harmless: a full slot answers with its length and keeps its bytes. The wire
protocol over these slots is tus 1.0 (servicenet/tus.py).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from servicenet.db import attachment_chunks, attachments
from servicenet.refusal import Refusal

MAX_LENGTH = 32 * 1024 * 1024


class UploadError(Refusal):
    """An upload servicenet refuses; `error` is a stable word, `offset` what the slot holds when it matters."""

    def __init__(self, status: int, message: str, offset: int | None = None, error: str = "upload") -> None:
        super().__init__(status, message)
        self.offset = offset
        self.error = error


@dataclass(frozen=True)
class Slot:
    sha256: str
    length: int
    offset: int
    complete: bool


def valid_sha(sha: str) -> bool:
    return len(sha) == 64 and all(c in "0123456789abcdef" for c in sha)


def _slot(row: sa.Row) -> Slot:
    return Slot(row.sha256, int(row.length), int(row.offset), bool(row.complete))


def slot(engine: Engine, sha: str) -> Slot | None:
    with engine.connect() as conn:
        row = conn.execute(sa.select(attachments).where(attachments.c.sha256 == sha)).first()
    return _slot(row) if row else None


def create(engine: Engine, sha: str, length: int, now: str) -> Slot:
    """The slot named `sha` of `length` bytes: a new empty one, or the one already there (deduplicated)."""
    if not 0 < length <= MAX_LENGTH:
        raise UploadError(413, f"附件大小须为 1..{MAX_LENGTH} 字节 / an attachment is 1..{MAX_LENGTH} bytes",
                          error="too_large")
    for _ in range(2):
        current = slot(engine, sha)
        if current is not None:
            if current.length != length:
                raise UploadError(400, f"Upload-Length {length} differs from the slot's {current.length}",
                                  error="length")
            return current
        try:
            with engine.begin() as conn:
                conn.execute(sa.insert(attachments).values(sha256=sha, length=length, offset=0, complete=False,
                                                           created_at=now))
            return Slot(sha, length, 0, False)
        except sa.exc.IntegrityError:
            continue  # created at the same moment by another upload of the same bytes: use that one
    raise UploadError(409, "another upload of this attachment is being created", error="busy")


def append(engine: Engine, sha: str, offset: int, data: bytes) -> Slot:
    """Append `data` at `offset` of an existing slot; verify the whole when it is full."""
    with engine.begin() as conn:
        row = conn.execute(sa.select(attachments).where(attachments.c.sha256 == sha)).first()
        if row is None:
            raise UploadError(404, "未找到该上传 / no such upload (create it with POST first)", error="missing")
        current = _slot(row)
        if current.complete:
            return current  # already filled: the same bytes again change nothing
        if offset != current.offset:
            raise UploadError(409, f"Upload-Offset {offset} is not the slot's offset {current.offset}",
                              current.offset, error="offset")
        end = offset + len(data)
        if end > current.length:
            raise UploadError(400, "the body runs past Upload-Length", error="length")
        if not data:
            return current
        conn.execute(sa.insert(attachment_chunks).values(sha256=sha, offset=offset, data=data))
        moved = conn.execute(sa.update(attachments)
                             .where(attachments.c.sha256 == sha, attachments.c.offset == offset)
                             .values(offset=end))
        if moved.rowcount != 1:
            raise UploadError(409, "another upload of this attachment moved on", None, error="offset")
        if end < current.length:
            return Slot(sha, current.length, end, False)
        digest = hashlib.sha256(_bytes(conn, sha)).hexdigest()
        if digest == sha:
            conn.execute(sa.update(attachments).where(attachments.c.sha256 == sha).values(complete=True))
            return Slot(sha, current.length, end, True)
    with engine.begin() as conn:  # the bytes do not match their name: empty the slot for a fresh upload
        conn.execute(sa.delete(attachment_chunks).where(attachment_chunks.c.sha256 == sha))
        conn.execute(sa.update(attachments).where(attachments.c.sha256 == sha).values(offset=0, complete=False))
    raise UploadError(460, f"附件校验失败 / sha256 mismatch: the bytes hash to {digest}, not {sha}", 0,
                      error="content_hash")


def terminate(engine: Engine, sha: str) -> bool:
    """Drop an unfinished slot and its bytes (tus termination). False when there is none.

    A filled slot is kept: cases of any channel may reference the same bytes."""
    with engine.begin() as conn:
        row = conn.execute(sa.select(attachments.c.complete).where(attachments.c.sha256 == sha)).first()
        if row is None:
            return False
        if row.complete:
            raise UploadError(403, "已完成的附件不能删除 / a filled attachment is kept (cases may reference it)",
                              error="filled")
        conn.execute(sa.delete(attachment_chunks).where(attachment_chunks.c.sha256 == sha))
        conn.execute(sa.delete(attachments).where(attachments.c.sha256 == sha, attachments.c.complete.is_(False)))
    return True


def _bytes(conn: sa.Connection, sha: str) -> bytes:
    rows = conn.execute(sa.select(attachment_chunks.c.data).where(attachment_chunks.c.sha256 == sha)
                        .order_by(attachment_chunks.c.offset)).all()
    return b"".join(bytes(r.data) for r in rows)


def read(engine: Engine, sha: str) -> bytes | None:
    """The bytes of a filled slot, or None."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(attachments.c.complete).where(attachments.c.sha256 == sha)).first()
        if row is None or not row.complete:
            return None
        return _bytes(conn, sha)
