"""SAM frames: build/parse, checksum and damage detection, reading one frame out of a byte stream."""
from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.base import CardReadError
from drivers.idcard.messages import DAMAGED_ANSWER
from drivers.idcard.samframe import HEADER, FrameTimeout, build_frame, checksum, parse_frame, read_frame
from tests.helpers.clock import ManualClock

payloads = st.binary(max_size=1400)


@pytest.mark.parametrize(
    ("payload", "wire"),
    [
        ("11FF", "AAAAAA9669 0003 11FF ED"),  # status
        ("2001", "AAAAAA9669 0003 2001 22"),  # find card
        ("2002", "AAAAAA9669 0003 2002 21"),  # select card
        ("3001", "AAAAAA9669 0003 3001 32"),  # read base
    ],
)
def test_commands_match_the_documented_bytes(payload: str, wire: str) -> None:
    assert build_frame(bytes.fromhex(payload)) == bytes.fromhex(wire)


def test_len_counts_payload_and_chk() -> None:
    frame = build_frame(bytes(1287))  # the read-base answer
    assert frame[5:7] == bytes.fromhex("0508")
    assert len(frame) == 5 + 2 + 1287 + 1


@given(payloads)
def test_round_trip(payload: bytes) -> None:
    frame = build_frame(payload)
    assert frame.startswith(HEADER)
    assert checksum(frame[5:]) == 0  # XOR over Len..CHK cancels out
    assert parse_frame(frame) == payload


@given(payloads, st.data())
def test_any_single_byte_change_is_detected(payload: bytes, data: st.DataObject) -> None:
    frame = bytearray(build_frame(payload))
    index = data.draw(st.integers(0, len(frame) - 1))
    frame[index] ^= data.draw(st.integers(1, 255))
    with pytest.raises(CardReadError) as info:
        parse_frame(bytes(frame))
    assert info.value.message == DAMAGED_ANSWER


@pytest.mark.parametrize(
    ("frame", "detail"),
    [
        (b"", "too short"),
        (bytes.fromhex("AAAAAA9669 0003 3001"), "length"),
        (bytes.fromhex("AAAAAA9669 0004 3001 32"), "length"),
        (bytes.fromhex("AAAAAA9669 0000 32"), "length"),
        (bytes.fromhex("AAAAAA9668 0003 3001 32"), "header"),
        (bytes.fromhex("AAAAAA9669 0003 3001 33"), "checksum"),
    ],
)
def test_damaged_frames(frame: bytes, detail: str) -> None:
    with pytest.raises(CardReadError) as info:
        parse_frame(frame)
    assert info.value.message == DAMAGED_ANSWER
    assert detail in info.value.detail


def test_payload_too_long() -> None:
    with pytest.raises(ValueError):
        build_frame(bytes(0xFFFF))


class Trickle:
    """A byte source that hands out at most `chunk` bytes a call, then nothing (like a serial timeout)."""

    def __init__(self, data: bytes, chunk: int) -> None:
        self._data = io.BytesIO(data)
        self._chunk = chunk

    def read(self, size: int = 1) -> bytes:
        return self._data.read(min(size, self._chunk))


@settings(max_examples=50)
@given(payloads, st.binary(max_size=40), st.integers(1, 64))
def test_read_frame_skips_noise_and_reassembles_chunks(payload: bytes, noise: bytes, chunk: int) -> None:
    noise = noise.replace(b"\xaa", b"")  # noise must not hold a header start
    frame = build_frame(payload)
    source = Trickle(noise + frame + build_frame(b"next"), chunk)
    assert read_frame(source, 1.0, clock=ManualClock(0.0, step=0.0)) == frame
    assert parse_frame(read_frame(source, 1.0, clock=ManualClock(0.0, step=0.0))) == b"next"


def test_read_frame_silence_is_a_timeout() -> None:
    with pytest.raises(FrameTimeout):
        read_frame(Trickle(b"", 1), 1.0, clock=ManualClock(0.0, step=0.1))


def test_read_frame_cut_short_is_damaged() -> None:
    frame = build_frame(bytes(100))
    with pytest.raises(CardReadError) as info:
        read_frame(Trickle(frame[:50], 8), 1.0, clock=ManualClock(0.0, step=0.1))
    assert info.value.message == DAMAGED_ANSWER
    assert "incomplete" in info.value.detail


def test_read_frame_zero_length_is_damaged() -> None:
    with pytest.raises(CardReadError):
        read_frame(Trickle(HEADER + b"\x00\x00\x00", 8), 1.0, clock=ManualClock(0.0, step=0.0))
