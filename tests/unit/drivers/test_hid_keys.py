"""A keyboard-wedge scanner's key events decoded into the scanned text (drivers/scanner/hid_keys.py).

/dev/uinput is absent here, so no virtual input device can be made and read back: the tests feed byte
streams in the kernel's `struct input_event` format (what `cat /dev/input/eventN` records from a scanner:
EV_MSC scancode, EV_KEY press, EV_SYN, EV_KEY release, EV_SYN for each key, shift held around capitals).
"""
from __future__ import annotations

import io

from evdev import ecodes

from drivers.scanner.classify import classify
from drivers.scanner.hid_keys import EVENT, KeyDecoder, lines, read_events

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


def test_a_payment_code_and_a_receipt_url_from_a_recorded_stream() -> None:
    url = "https://zwfw.example.gov.cn/track/440105-001-261126-0007?x=Y_z"
    got = list(lines(read_events(io.BytesIO(recording("134567890123456789", url)))))
    assert got == ["134567890123456789", url]
    assert type(classify(got[0], "https://zwfw.example.gov.cn/track")).__name__ == "PaymentCode"


def test_a_cut_stream_keeps_whole_events_only() -> None:
    data = recording("12345")
    cut = data[:-(4 * EVENT.size + 7)]  # the recording ends part-way through the Enter press
    assert list(lines(read_events(io.BytesIO(cut)))) == []  # no whole Enter: no line


def test_caps_lock_and_repeats() -> None:
    d = KeyDecoder()
    for etype, code, value in [(ecodes.EV_KEY, ecodes.KEY_CAPSLOCK, 1), (ecodes.EV_KEY, ecodes.KEY_A, 1),
                               (ecodes.EV_KEY, ecodes.KEY_A, 2), (ecodes.EV_KEY, ecodes.KEY_A, 0),
                               (ecodes.EV_KEY, ecodes.KEY_1, 1)]:
        assert d.feed(etype, code, value) is None
    assert d.feed(ecodes.EV_KEY, ecodes.KEY_KPENTER, 1) == "A1"
