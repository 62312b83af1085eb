"""Resumable attachment uploads by content hash (tus-style): HEAD gives the offset, PATCH appends at it.

A slot is filled when offset == length and the bytes hash to its name; a mismatch empties it for a fresh
upload. Filling a slot again is harmless: a full slot answers with its length and keeps its bytes.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from servicenet.db import attachment_chunks, attachments

MAX_LENGTH = 32 * 1024 * 1024


class UploadError(Exception):
    """A PATCH servicenet refuses; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str, offset: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.offset = offset


@dataclass(frozen=True)
class Slot:
    sha256: str
    length: int
    offset: int
    complete: bool


def valid_sha(sha: str) -> bool:
    return len(sha) == 64 and all(c in "0123456789abcdef" for c in sha)


def slot(engine: Engine, sha: str) -> Slot | None:
    with engine.connect() as conn:
        row = conn.execute(sa.select(attachments).where(attachments.c.sha256 == sha)).first()
    return Slot(row.sha256, int(row.length), int(row.offset), bool(row.complete)) if row else None


def append(engine: Engine, sha: str, offset: int, length: int | None, data: bytes, now: str) -> Slot:
    """Append `data` at `offset` (creating the slot at offset 0 with its length); verify when full."""
    with engine.begin() as conn:
        row = conn.execute(sa.select(attachments).where(attachments.c.sha256 == sha)).first()
        if row is None:
            if offset != 0 or length is None:
                raise UploadError(409 if offset else 400, "a new upload starts at offset 0 with Upload-Length", 0)
            if not 0 < length <= MAX_LENGTH:
                raise UploadError(413, f"an attachment is 1..{MAX_LENGTH} bytes")
            conn.execute(sa.insert(attachments).values(sha256=sha, length=length, offset=0, complete=False,
                                                       created_at=now))
            current = Slot(sha, length, 0, False)
        else:
            current = Slot(row.sha256, int(row.length), int(row.offset), bool(row.complete))
        if length is not None and length != current.length:
            raise UploadError(400, f"Upload-Length {length} differs from the slot's {current.length}")
        if current.complete:
            return current  # already filled: the same bytes again change nothing
        if offset != current.offset:
            raise UploadError(409, f"Upload-Offset {offset} is not the slot's offset {current.offset}",
                              current.offset)
        end = offset + len(data)
        if end > current.length:
            raise UploadError(400, "the body runs past Upload-Length")
        if not data:
            return current
        conn.execute(sa.insert(attachment_chunks).values(sha256=sha, offset=offset, data=data))
        moved = conn.execute(sa.update(attachments)
                             .where(attachments.c.sha256 == sha, attachments.c.offset == offset)
                             .values(offset=end))
        if moved.rowcount != 1:
            raise UploadError(409, "another upload of this attachment moved on", None)
        if end < current.length:
            return Slot(sha, current.length, end, False)
        digest = hashlib.sha256(_bytes(conn, sha)).hexdigest()
        if digest == sha:
            conn.execute(sa.update(attachments).where(attachments.c.sha256 == sha).values(complete=True))
            return Slot(sha, current.length, end, True)
    with engine.begin() as conn:  # the bytes do not match their name: empty the slot for a fresh upload
        conn.execute(sa.delete(attachment_chunks).where(attachment_chunks.c.sha256 == sha))
        conn.execute(sa.update(attachments).where(attachments.c.sha256 == sha).values(offset=0, complete=False))
    raise UploadError(460, f"附件校验失败 / sha256 mismatch: the bytes hash to {digest}, not {sha}", 0)


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
