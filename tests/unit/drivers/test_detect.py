"""The wizard's serial search sends bytes only to a port that looks like a printer's or reader's (a known USB
serial bridge) or that is named; any other port - a modem, a UPS - is listed without a byte written to it.

A pty has no USB identity, and this machine has no USB serial port, so the identity sysfs would give a USB port
(pyserial's vid/pid) is put on a pty's entry in pyserial's list: the bytes then really go (or do not go) down the
pty to a real ESC/POS emulator, or to a pty end the test reads."""
from __future__ import annotations

import os
import select
from collections.abc import Iterator
from pathlib import Path

import pytest
from serial.tools import list_ports, list_ports_linux

from drivers.detect import find_serial
from drivers.sim.escpos_emulator import EscposEmulator
from drivers.sim.pty_bridge import PtyBridge


@pytest.fixture
def listed(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """{pty path: "vvvv:pppp" or ""}: pyserial lists these ptys (only these), with that USB identity."""
    ports: dict[str, str] = {}

    def comports() -> list[list_ports_linux.SysFS]:
        out = []
        for path, usb in ports.items():
            info = list_ports_linux.SysFS(path)
            info.vid, info.pid = (int(usb[:4], 16), int(usb[5:], 16)) if usb else (None, None)
            out.append(info)
        return out

    monkeypatch.setattr(list_ports, "comports", comports)
    yield ports


@pytest.fixture
def pty() -> Iterator[tuple[int, str]]:
    """A pty pair: (the end the test reads, the device path the search sees)."""
    master, slave = os.openpty()
    yield master, os.ttyname(slave)
    os.close(slave)
    os.close(master)


def received(fd: int, wait: float = 0.3) -> bytes:
    got = b""
    while select.select([fd], [], [], wait)[0]:
        got += os.read(fd, 4096)
    return got


@pytest.mark.parametrize("usb", ["", "12d1:1001", "0bda:8153"], ids=["no-usb-identity", "modem", "unknown"])
def test_a_port_that_does_not_look_like_a_device_gets_no_byte(listed: dict[str, str], pty: tuple[int, str],
                                                              usb: str) -> None:
    master, path = pty
    listed[path] = usb
    found = find_serial()
    assert received(master) == b""
    assert [(f.role, f.settings, f.likely) for f in found] == [("scanner", {"kind": "serial", "port": path}, False)]
    assert found[0].detail.startswith("not asked")


def test_a_port_behind_a_known_bridge_is_asked(listed: dict[str, str], tmp_path: Path) -> None:
    with EscposEmulator(tmp_path / "r") as emu, PtyBridge("127.0.0.1", emu.port) as line:
        listed[line.device_path] = "1a86:7523"  # a CH340 cable
        found = find_serial()
        assert emu.receipts == []  # asking printed nothing
    assert [(f.role, f.settings) for f in found] == [
        ("printer", {"kind": "serial", "device": line.device_path, "baudrate": 19200})]
    assert "(1a86:7523)" in found[0].name


def test_a_named_port_is_asked_whatever_it_is(listed: dict[str, str], pty: tuple[int, str], tmp_path: Path) -> None:
    master, path = pty
    listed[path] = ""  # listed, no identity: a native UART, say
    with EscposEmulator(tmp_path / "r") as emu, PtyBridge("127.0.0.1", emu.port) as line:
        found = find_serial([line.device_path])  # not in pyserial's list (a pty), but named
    assert received(master) == b""
    assert ("printer", {"kind": "serial", "device": line.device_path, "baudrate": 19200}) in [
        (f.role, f.settings) for f in found]
    named_quiet = find_serial([path])
    assert received(master).startswith(b"\x10\x04\x01")  # named: asked (and it did not answer)
    assert [f.detail for f in named_quiet] == ["no answer"]


def test_a_scanner_makers_port_is_offered_without_a_byte(listed: dict[str, str], pty: tuple[int, str]) -> None:
    master, path = pty
    listed[path] = "0c2e:0b61"  # a Honeywell scanner in USB serial mode
    found = find_serial()
    assert received(master) == b""
    assert [(f.role, f.settings, f.likely) for f in found] == [("scanner", {"kind": "serial", "port": path}, True)]

