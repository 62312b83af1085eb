"""Property tests: random bytes never crash the SAM frame parser nor the ESC/POS emulator's interpreter.

"Never crash" means: the SAM parser raises nothing but CardReadError (FrameTimeout for silence), and the
interpreter raises nothing at all, whatever the bytes and however they are cut into chunks.
"""
from __future__ import annotations

import io
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivers.base import CardReadError
from drivers.idcard.samframe import HEADER, FrameTimeout, build_frame, parse_frame, read_frame
from drivers.scanner.classify import classify
from drivers.sim.escpos_parser import EscposInterpreter

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class Source:
    """A byte source like pyserial: read(n) returns at most n bytes, b"" when drained."""

    def __init__(self, data: bytes) -> None:
        self._io = io.BytesIO(data)

    def read(self, size: int = 1) -> bytes:
        return self._io.read(size)


class Steps:
    """A clock that moves on at each call, so read_frame's deadline comes on a drained source."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 0.001
        return self.now


@FAST
@given(st.binary(max_size=2048))
def test_parse_frame_random_bytes(data: bytes) -> None:
    try:
        payload = parse_frame(data)
    except CardReadError:
        return
    assert build_frame(payload) == data  # whatever it accepts is exactly a well-formed frame


@FAST
@given(st.binary(max_size=64), st.binary(max_size=600))
def test_parse_frame_after_a_real_header(prefix: bytes, rest: bytes) -> None:
    try:
        parse_frame(HEADER + prefix + rest)
    except CardReadError:
        pass


@FAST
@given(st.binary(max_size=1500))
def test_read_frame_random_stream(data: bytes) -> None:
    try:
        frame = read_frame(Source(data), timeout=0.5, clock=Steps())
    except (CardReadError, FrameTimeout):
        return
    assert frame.startswith(HEADER)
    try:
        parse_frame(frame)
    except CardReadError:
        pass


@FAST
@given(st.binary(max_size=64))
def test_bit_flips_in_a_good_frame_are_caught_or_harmless(noise: bytes) -> None:
    frame = bytearray(build_frame(bytes.fromhex("000090") + bytes(range(40))))
    for i, b in enumerate(noise):
        frame[(i * 7) % len(frame)] ^= b
    try:
        parse_frame(bytes(frame))
    except CardReadError:
        pass


def interpreter() -> tuple[EscposInterpreter, list[Any], list[bytes]]:
    pages: list[Any] = []
    replies: list[bytes] = []
    interp = EscposInterpreter(replies.append, lambda *a: pages.append(a), lambda n, c: b"\x12")
    return interp, pages, replies


@FAST
@given(st.binary(max_size=4096), st.integers(1, 64))
def test_escpos_interpreter_random_bytes(data: bytes, chunk: int) -> None:
    interp, pages, _ = interpreter()
    for i in range(0, len(data), chunk):
        interp.feed(data[i:i + chunk])
    interp.finish()
    for _elements, texts, _qrs, cut in pages:
        assert isinstance(texts, list) and isinstance(cut, bool)


# ESC/POS-shaped noise: real command bytes with random parameters find the length-driven paths
_COMMAND_HEADS = [b"\x1b", b"\x1d", b"\x1c", b"\x10", b"\x1d(k", b"\x1d(L", b"\x1dv0", b"\x1b*", b"\x1d8L",
                  b"\x1b&", b"\x1bD", b"\x1c&", b"\x1cq", b"\x1dk", b"\x1dV", b"\x10\x04", b"\n", b"\x1b@"]


@FAST
@given(st.lists(st.tuples(st.sampled_from(_COMMAND_HEADS), st.binary(max_size=12)), max_size=60))
def test_escpos_interpreter_command_shaped_noise(parts: list[tuple[bytes, bytes]]) -> None:
    interp, _, _ = interpreter()
    interp.feed(b"".join(head + tail for head, tail in parts))
    interp.finish()


@FAST
@given(st.text(max_size=200))
def test_scan_routing_never_raises(text: str) -> None:
    classify(text, "https://zwfw.example.gov.cn/track")
