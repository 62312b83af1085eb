"""A keyboard-wedge (HID) code scanner read from its evdev device, not from the screen's keyboard focus.

The scanner types each code as key presses and ends it with Enter. `KeyDecoder` turns the kernel's input
events (EV_KEY press/release, shift held) into text lines; `read_events` parses the raw `struct input_event`
stream a device node (or a recording of one: `cat /dev/input/eventN > scan.bin`) delivers;
drivers/scanner/hid_scanner.py is the kiosk's Scanner backend on top of them.
US key layout, which is what scanners send by default.
"""
from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from evdev import ecodes

from drivers.scanner.scanqueue import MAX_LINE

EVENT = struct.Struct("llHHi")  # struct input_event on 64-bit Linux: timeval (sec, usec), type, code, value
PRESS, RELEASE, REPEAT = 1, 0, 2

_PLAIN = {**{getattr(ecodes, f"KEY_{c}"): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
          **{getattr(ecodes, f"KEY_{d}"): d for d in "0123456789"},
          ecodes.KEY_MINUS: "-", ecodes.KEY_EQUAL: "=", ecodes.KEY_LEFTBRACE: "[", ecodes.KEY_RIGHTBRACE: "]",
          ecodes.KEY_SEMICOLON: ";", ecodes.KEY_APOSTROPHE: "'", ecodes.KEY_GRAVE: "`", ecodes.KEY_BACKSLASH: "\\",
          ecodes.KEY_COMMA: ",", ecodes.KEY_DOT: ".", ecodes.KEY_SLASH: "/", ecodes.KEY_SPACE: " ",
          **{getattr(ecodes, f"KEY_KP{d}"): d for d in "0123456789"}, ecodes.KEY_KPMINUS: "-",
          ecodes.KEY_KPDOT: ".", ecodes.KEY_KPSLASH: "/", ecodes.KEY_KPPLUS: "+", ecodes.KEY_KPASTERISK: "*"}
_SHIFTED = {**{getattr(ecodes, f"KEY_{c}"): c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
            **dict(zip((getattr(ecodes, f"KEY_{d}") for d in "1234567890"), "!@#$%^&*()", strict=True)),
            ecodes.KEY_MINUS: "_", ecodes.KEY_EQUAL: "+", ecodes.KEY_LEFTBRACE: "{", ecodes.KEY_RIGHTBRACE: "}",
            ecodes.KEY_SEMICOLON: ":", ecodes.KEY_APOSTROPHE: '"', ecodes.KEY_GRAVE: "~", ecodes.KEY_BACKSLASH: "|",
            ecodes.KEY_COMMA: "<", ecodes.KEY_DOT: ">", ecodes.KEY_SLASH: "?", ecodes.KEY_SPACE: " "}
_SHIFT = {ecodes.KEY_LEFTSHIFT, ecodes.KEY_RIGHTSHIFT}
_ENTER = {ecodes.KEY_ENTER, ecodes.KEY_KPENTER}


class KeyDecoder:
    """Feed (type, code, value) events; `feed` returns a line when Enter completes one."""

    def __init__(self) -> None:
        self._shift: set[int] = set()
        self._caps = False
        self._buf: list[str] = []

    def feed(self, etype: int, code: int, value: int) -> str | None:
        if etype != ecodes.EV_KEY:
            return None  # EV_SYN, EV_MSC scancodes, LEDs
        if code in _SHIFT:
            (self._shift.add if value != RELEASE else self._shift.discard)(code)
            return None
        if value != PRESS:
            return None  # a release, or a key repeat a scanner does not send
        if code == ecodes.KEY_CAPSLOCK:
            self._caps = not self._caps
            return None
        if code in _ENTER:
            line, self._buf = "".join(self._buf), []
            return line or None
        shifted = bool(self._shift)
        char = _SHIFTED.get(code) if shifted else _PLAIN.get(code)
        if char is not None and char.isalpha() and self._caps:
            char = char.swapcase()
        if char is not None and len(self._buf) < MAX_LINE:
            self._buf.append(char)
        return None


def take_events(buf: bytearray) -> list[tuple[int, int, int]]:
    """(type, code, value) of the whole events at the front of `buf`, removed from it (a part event stays)."""
    whole = len(buf) - len(buf) % EVENT.size
    out = [(etype, code, value) for _sec, _usec, etype, code, value in EVENT.iter_unpack(bytes(buf[:whole]))]
    del buf[:whole]
    return out


def read_events(stream: BinaryIO) -> Iterator[tuple[int, int, int]]:
    """(type, code, value) of every whole struct input_event in a raw evdev byte stream."""
    while chunk := stream.read(EVENT.size):
        if len(chunk) < EVENT.size:
            return
        _sec, _usec, etype, code, value = EVENT.unpack(chunk)
        yield etype, code, value


def lines(events: Iterable[tuple[int, int, int]]) -> Iterator[str]:
    """The scanned lines in a stream of events."""
    decoder = KeyDecoder()
    for etype, code, value in events:
        line = decoder.feed(etype, code, value)
        if line is not None:
            yield line
