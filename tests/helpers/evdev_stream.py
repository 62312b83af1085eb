"""Recorded-format evdev streams: the raw `struct input_event` bytes a US-layout wedge scanner produces.

/dev/uinput is absent here, so no virtual input device can be made: tests build the bytes `cat
/dev/input/eventN` records from a scanner (EV_MSC scancode, EV_KEY press, EV_SYN, EV_KEY release, EV_SYN for
each key, shift held around capitals) and feed them to the decoder or the scanner backend.
"""
from __future__ import annotations

from evdev import ecodes

from drivers.scanner.hid_keys import EVENT

_KEYS = {**{c: (f"KEY_{c.upper()}", False) for c in "abcdefghijklmnopqrstuvwxyz"},
         **{c: (f"KEY_{c}", True) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
         **{d: (f"KEY_{d}", False) for d in "0123456789"},
         ":": ("KEY_SEMICOLON", True), "/": ("KEY_SLASH", False), ".": ("KEY_DOT", False),
         "-": ("KEY_MINUS", False), "?": ("KEY_SLASH", True), "=": ("KEY_EQUAL", False), "_": ("KEY_MINUS", True)}


def recording(*texts: str) -> bytes:
    """The raw event bytes a US-layout wedge scanner produces for each text + Enter."""
    out, t = bytearray(), 1_733_300_000.0

    def ev(etype: int, code: int, value: int) -> None:
        nonlocal t
        t += 0.0008
        out.extend(EVENT.pack(int(t), int(t % 1 * 1e6), etype, code, value))

    def key(code: int, value: int) -> None:
        ev(ecodes.EV_MSC, ecodes.MSC_SCAN, 0x70000 + code)
        ev(ecodes.EV_KEY, code, value)
        ev(ecodes.EV_SYN, ecodes.SYN_REPORT, 0)

    for text in texts:
        for ch in [*text, "\n"]:
            name, shift = ("KEY_ENTER", False) if ch == "\n" else _KEYS[ch]
            code = getattr(ecodes, name)
            if shift:
                key(ecodes.KEY_LEFTSHIFT, 1)
            key(code, 1)
            key(code, 0)
            if shift:
                key(ecodes.KEY_LEFTSHIFT, 0)
    return bytes(out)
