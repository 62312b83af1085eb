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
from tests.helpers.evdev_stream import recording


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
