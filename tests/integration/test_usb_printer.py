"""A receipt printer on USB: the kiosk's UsbLine (python-escpos Usb) over pyusb, bytes to the ESC/POS emulator.

A real USB device cannot run on this machine: there is no /dev/bus/usb and no usbip. The pyusb backend in
tests/helpers/usb_printer.py stands where libusb stands and carries the bulk endpoints to the emulator; pyusb's
core, python-escpos and UsbLine above it are the kiosk's own code. One test runs the kiosk's wiring on this
machine's real libusb, which finds no printer and says so.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from domain.models import Receipt
from drivers.base import DeviceUnavailable, Health, PrinterError
from drivers.printer.escpos_printer import EscposReceiptPrinter
from drivers.printer.messages import PAPER_OUT, USB_ABSENT, USB_DENIED
from drivers.printer.usb_printer import UsbLine, usb_printers
from drivers.sim.escpos_emulator import EscposEmulator
from kiosk.config import ConfigError, PrinterSettings, Settings
from kiosk.wiring import _receipt_printer
from tests.helpers.usb_printer import UsbPrinterBackend
from tests.unit.drivers.test_escpos_printer import receipt  # noqa: F401 - fixture


def _printer(backend: UsbPrinterBackend, serial: str = "") -> EscposReceiptPrinter:
    """As kiosk.wiring builds it for printer.kind = "usb", on the given pyusb backend."""
    line = UsbLine(0x0416, 0x5011, serial, timeout=2.0, backend=backend)
    return EscposReceiptPrinter(printer=line, timeout=2.0, reopen=True)


def test_a_receipt_over_the_usb_bulk_endpoints(tmp_path: Path, receipt: Receipt) -> None:  # noqa: F811 - the fixture
    with EscposEmulator(tmp_path / "receipts") as emu, UsbPrinterBackend("127.0.0.1", emu.port) as usb:
        printer = _printer(usb, serial="K58-000123")
        try:
            assert printer.status().health is Health.OK  # DLE EOT out on 0x03, answered on 0x81
            assert not usb.kernel_driver and usb.configuration == 1  # usblp detached, configured
            printer.print_receipt(receipt)
            [page] = emu.wait_for_receipts(1)
            assert receipt.code in "".join(page["text"].split()) and page["qr"]
            assert usb.claimed == set()  # released after the job: a replugged printer is found next time
            emu.paper_out = True
            st = printer.status()
            assert (st.health, st.reason) == (Health.ERROR, PAPER_OUT)
            with pytest.raises(PrinterError):
                printer.print_receipt(receipt)
            assert len(emu.receipts) == 1  # refused before a byte went out
        finally:
            printer.close()


def test_absent_denied_and_replugged_are_told_apart(tmp_path: Path, receipt: Receipt) -> None:  # noqa: F811 - the fixture
    with EscposEmulator(tmp_path / "receipts") as emu, UsbPrinterBackend("127.0.0.1", emu.port, plugged=False) as usb:
        printer = _printer(usb)
        assert printer.status().reason == USB_ABSENT
        usb.plugged, usb.denied = True, True
        assert printer.status().reason == USB_DENIED
        with pytest.raises(DeviceUnavailable) as got:
            printer.print_receipt(receipt)
        assert got.value.message == USB_DENIED and "0416:5011" in got.value.detail
        usb.denied = False  # the udev rules installed, the printer replugged
        assert printer.status().health is Health.OK
        printer.print_receipt(receipt)
        assert len(emu.wait_for_receipts(1)) == 1
        wrong = _printer(usb, serial="OTHER-1")  # two of one model: the serial picks
        assert wrong.status().reason == USB_ABSENT


def test_a_printer_without_a_bulk_in_endpoint_prints_without_status(tmp_path: Path, receipt: Receipt) -> None:  # noqa: F811 - the fixture
    with EscposEmulator(tmp_path / "receipts") as emu, UsbPrinterBackend("127.0.0.1", emu.port, with_in=False) as usb:
        printer = _printer(usb)
        assert printer.status().health is Health.OK  # nothing to ask: no paper status from this model
        printer.print_receipt(receipt)
        assert len(emu.wait_for_receipts(1)) == 1


def test_detection_lists_printer_class_devices(tmp_path: Path) -> None:
    with EscposEmulator(tmp_path / "receipts") as emu, UsbPrinterBackend("127.0.0.1", emu.port) as usb:
        [found] = usb_printers(usb)
    assert (found["vendor"], found["product"], found["serial"]) == (0x0416, 0x5011, "K58-000123")
    assert found["name"] == "Winbond POS-80 Printer"


def test_the_kiosk_wiring_on_this_machines_libusb_finds_no_printer() -> None:
    """The real libusb1 backend: this machine has no USB bus, so the kiosk says the printer is not connected."""
    settings = Settings(printer=PrinterSettings(kind="usb", usb_vendor=0x0416, usb_product=0x5011)).validate()
    printer = _receipt_printer(settings)
    try:
        assert printer.status().reason == USB_ABSENT
    finally:
        printer.close()
    assert usb_printers() == []


def test_usb_settings_need_the_ids() -> None:
    with pytest.raises(ConfigError, match="usb_vendor"):
        Settings(printer=PrinterSettings(kind="usb")).validate()
