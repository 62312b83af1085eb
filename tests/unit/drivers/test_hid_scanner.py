"""The HID (keyboard-wedge) scanner backend (drivers/scanner/hid_scanner.py), chosen by scanner.kind = "hid".

/dev/uinput is absent here, so no virtual input device can be made and grabbed: the scanner's device path is
a FIFO and a recorded-format evdev stream (raw `struct input_event` bytes, tests/helpers/evdev_stream.py) is
written into it, the way the kernel delivers a real scanner's key events. The grab of a real /dev/input node
through python-evdev is therefore not exercised here.
"""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from domain import regcode
from domain.kiosksettings import ConfigError, ScannerSettings, Settings
from drivers.base import Health, NoScan, PaymentCode, ReceiptCode, Scanner
from drivers.scanner.hid_scanner import HidScanner
from drivers.scanner.scanqueue import NOT_CONNECTED
from tests.helpers.evdev_stream import recording

TRACK = "https://zwfw.example.gov.cn/track"
CODE = regcode.make("440105", 1, date(2026, 11, 26), 17)


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "event-kbd"
    os.mkfifo(path)
    return path


def _play(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY)
    try:
        for at in range(0, len(data), 100):  # in pieces that cut events in two, as reads may
            os.write(fd, data[at:at + 100])
    finally:
        os.close(fd)


def test_a_recorded_stream_through_the_backend_is_a_scan(tmp_path: Path) -> None:
    path = _fifo(tmp_path)
    with HidScanner(str(path), track_base_url=TRACK) as scanner:
        assert isinstance(scanner, Scanner)
        assert scanner.status().health is Health.OK
        heard: list[object] = []
        scanner.subscribe(heard.append)
        _play(path, recording("134567890123456789", f"{TRACK}/{CODE}"))
        first, second = scanner.next_scan(5), scanner.next_scan(5)
        assert isinstance(first, PaymentCode) and first.code == "134567890123456789"
        assert isinstance(second, ReceiptCode) and second.code == CODE
        assert heard == [first, second]
        assert scanner.status().health is Health.OK  # the player closing is not a scanner pulled out
        with pytest.raises(NoScan):
            scanner.next_scan(0.2)


def test_a_missing_device_says_not_connected_until_it_appears(tmp_path: Path) -> None:
    path = tmp_path / "event-kbd"
    with HidScanner(str(path), track_base_url=TRACK, reopen_interval=0.05) as scanner:
        assert (scanner.status().health, scanner.status().reason) == (Health.ERROR, NOT_CONNECTED)
        os.mkfifo(path)
        _play(path, recording("ABC-12"))
        assert scanner.next_scan(5).text == "ABC-12"  # type: ignore[union-attr]  # an UnknownScan has text
        assert scanner.status().health is Health.OK


def test_settings_choose_the_hid_backend(tmp_path: Path) -> None:
    from kiosk.wiring import build_devices

    path = _fifo(tmp_path)
    settings = Settings(region="440117", device_number=42, track_base_url=TRACK,
                        scanner=ScannerSettings(kind="hid", device=str(path))).validate()
    devices = build_devices(settings)
    try:
        devices.manager.probe()
        assert isinstance(devices.manager.get("scanner"), HidScanner)
        assert devices.scanner is not None
        _play(path, recording("134567890123456789"))
        assert isinstance(devices.scanner.next_scan(5), PaymentCode)
    finally:
        devices.close()
    with pytest.raises(ConfigError, match="scanner.device"):
        Settings(region="440117", device_number=42, scanner=ScannerSettings(kind="hid")).validate()
