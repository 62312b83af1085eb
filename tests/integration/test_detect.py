"""drivers/detect.py on real things: ptys asked what they are (the ESC/POS emulator behind a pty answers DLE EOT,
the SAM reader simulator answers its status frame, the scanner pty answers nothing), the real pcscd with the
vpcd reader, a real cupsd's queue, and USB printers through pyusb.

Not here: HID scanners' evdev nodes (/dev/input and /dev/uinput are absent on this machine, so the capability
rule is tested on the maps python-evdev returns), and a real USB bus (the USB printer is the pyusb backend of
tests/helpers/usb_printer.py; on this machine's real libusb the search finds nothing).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from evdev import ecodes

from drivers.detect import detect, find_hid, looks_like_scanner, probe_serial
from drivers.sim.escpos_emulator import EscposEmulator
from drivers.sim.pcscd import VPCD_READER, Pcscd
from drivers.sim.pty_bridge import PtyBridge
from drivers.sim.sam_reader import SamReaderSim
from drivers.sim.scanner import ScannerSim
from tests.helpers import cups
from tests.helpers.usb_printer import UsbPrinterBackend


def test_ptys_are_asked_what_they_are(tmp_path: Path) -> None:
    with EscposEmulator(tmp_path / "r") as emu, PtyBridge("127.0.0.1", emu.port) as printer_line, \
            SamReaderSim() as sam, ScannerSim() as scanner:
        assert probe_serial(printer_line.device_path)[:2] == ("printer", 19200)
        assert probe_serial(sam.device_path)[:2] == ("sam", 115200)
        assert probe_serial(scanner.device_path) == ("", 0, "no answer")
        assert emu.receipts == []  # asking printed nothing


def test_everything_plugged_in_is_found(tmp_path: Path, pcscd: Pcscd) -> None:
    if not cups.available():
        pytest.skip("needs Debian cups + printer-driver-cups-pdf")
    seen: list[str] = []
    with EscposEmulator(tmp_path / "r") as emu, PtyBridge("127.0.0.1", emu.port) as printer_line, \
            SamReaderSim() as sam, ScannerSim() as scanner, cups.Cupsd().start() as cupsd, \
            UsbPrinterBackend("127.0.0.1", emu.port) as usb:
        got = detect(extra_ports=[printer_line.device_path, sam.device_path, scanner.device_path],
                     cups_server=cupsd.server, usb_backend=usb, hid_paths=[],
                     progress=lambda source, detail: seen.append(source))
        queue = cupsd.queue
    printers = got.for_role("printer")
    assert {"kind": "serial", "device": printer_line.device_path, "baudrate": 19200} in [f.settings for f in printers]
    assert {"kind": "usb", "usb_vendor": 0x0416, "usb_product": 0x5011, "usb_serial": "K58-000123"} in [
        f.settings for f in printers]
    assert [f.settings for f in got.for_role("reader")] == [{"kind": "sam", "port": sam.device_path, "baudrate": 115200}]
    scanners = got.for_role("scanner")
    assert {"kind": "serial", "port": scanner.device_path} in [f.settings for f in scanners]
    assert not any(f.likely for f in scanners)  # nothing says a serial port is a scanner (this machine's ttyS0 too)
    assert {"kind": "pcsc", "reader": VPCD_READER} in [f.settings for f in got.for_role("sscard")]
    assert [f.settings["queue"] for f in got.for_role("a4")] == [queue]
    assert {"serial", "usb", "hid", "pcsc", "cups"} <= set(seen)


def test_a_source_that_cannot_be_looked_at_is_a_note() -> None:
    got = detect(cups_server="127.0.0.1:1", hid_paths=[])  # no cupsd there
    assert any(n.startswith("cups:") for n in got.notes) and got.for_role("a4") == []


def test_keyboard_wedge_scanners_by_capabilities() -> None:
    keys = [getattr(ecodes, f"KEY_{d}") for d in "0123456789"] + [ecodes.KEY_ENTER, ecodes.KEY_A]
    assert looks_like_scanner("Honeywell Imaging 1900g", {ecodes.EV_KEY: keys}) == (True, True)
    assert looks_like_scanner("Dell USB Keyboard", {ecodes.EV_KEY: keys}) == (True, False)
    assert looks_like_scanner("Logitech mouse", {ecodes.EV_KEY: keys, ecodes.EV_REL: [0, 1]}) == (False, False)
    assert looks_like_scanner("Power Button", {ecodes.EV_KEY: [ecodes.KEY_POWER]}) == (False, False)
    assert find_hid() == []  # this machine has no /dev/input
