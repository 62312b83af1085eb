"""SAM ID reader frames: header AA AA AA 96 69, Len (2 bytes big-endian), payload, CHK.

Len counts the bytes after itself, CHK included. CHK is the XOR of every byte from Len up to CHK.
Commands and replies use the same framing; `read_frame` pulls exactly one frame out of a byte stream.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from functools import reduce
from operator import xor
from typing import NoReturn, Protocol

from drivers.base import CardReadError
from drivers.idcard.messages import DAMAGED_ANSWER

HEADER = bytes.fromhex("AAAAAA9669")
PREFIX_SIZE = len(HEADER) + 2  # header + Len
MAX_PAYLOAD = 0xFFFF - 1  # Len is 2 bytes and counts CHK too


class FrameTimeout(TimeoutError):
    """Not a single byte came back before the deadline: the device is silent (absent, off)."""


class ByteSource(Protocol):
    """Anything with `read(n)` that returns at most n bytes and gives up after a short timeout (pyserial)."""

    def read(self, size: int = 1) -> bytes: ...


def checksum(data: bytes) -> int:
    """XOR of all bytes."""
    return reduce(xor, data, 0)


def damaged(detail: str) -> NoReturn:
    raise CardReadError(DAMAGED_ANSWER, detail=detail)


def build_frame(payload: bytes) -> bytes:
    """Wrap a payload (command + parameter, or SW1 SW2 SW3 + data) into a frame."""
    if len(payload) > MAX_PAYLOAD:
        raise ValueError(f"payload too long for a SAM frame: {len(payload)} bytes")
    body = (len(payload) + 1).to_bytes(2, "big") + bytes(payload)
    return HEADER + body + bytes([checksum(body)])


def parse_frame(frame: bytes) -> bytes:
    """Return the payload of one complete frame; raise CardReadError if it is damaged."""
    frame = bytes(frame)
    if len(frame) < PREFIX_SIZE + 1:
        damaged(f"frame too short: {len(frame)} bytes")
    if not frame.startswith(HEADER):
        damaged(f"bad frame header {frame[:len(HEADER)].hex(' ')}")
    length = int.from_bytes(frame[len(HEADER):PREFIX_SIZE], "big")
    if length < 1 or len(frame) != PREFIX_SIZE + length:
        damaged(f"length field says {length}, frame has {len(frame) - PREFIX_SIZE} bytes after it")
    body = frame[len(HEADER):-1]
    expected = checksum(body)
    if expected != frame[-1]:
        damaged(f"checksum {frame[-1]:02x}, computed {expected:02x}")
    return frame[PREFIX_SIZE:-1]


def read_frame(
    source: ByteSource, timeout: float, *, clock: Callable[[], float] = time.monotonic
) -> bytes:
    """Read exactly one frame (header to CHK) from `source` within `timeout` seconds.

    Bytes before the header are skipped. Nothing at all before the deadline raises FrameTimeout; a frame
    begun but not finished raises CardReadError. The frame is returned unchecked: pass it to parse_frame.
    `source.read` must return after a short timeout of its own (pyserial `timeout=`), or the deadline
    cannot be kept.
    """
    deadline = clock() + timeout
    received = 0

    def take(count: int) -> bytes:
        nonlocal received
        out = bytearray()
        while len(out) < count:
            if clock() >= deadline:
                if received == 0:
                    raise FrameTimeout(f"no answer within {timeout:.2f} s")
                damaged(f"incomplete frame: {received} bytes arrived before the deadline")
            chunk = source.read(count - len(out))
            received += len(chunk)
            out += chunk
        return bytes(out)

    window = bytearray(take(len(HEADER)))
    while window != HEADER:
        del window[0]
        window += take(1)
    length_bytes = take(2)
    length = int.from_bytes(length_bytes, "big")
    if length < 1:
        damaged("length field is 0")
    return HEADER + length_bytes + take(length)
