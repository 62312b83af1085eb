"""A receipt printer on a serial line: python-escpos Serial over a pty to the ESC/POS emulator.

The kiosk's own wiring builds the printer from `printer.kind = "serial"`; the pty stands for /dev/ttyUSB1 and
the emulator behind it parses the bytes and answers DLE EOT status like the printer would.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from domain.models import Receipt
from drivers.base import Health, PrinterError
from drivers.sim.escpos_emulator import EscposEmulator
from drivers.sim.pty_bridge import PtyBridge
from kiosk.config import PrinterSettings, Settings
from kiosk.wiring import _receipt_printer
from tests.unit.drivers.test_escpos_printer import receipt  # noqa: F401 - fixture


def test_a_receipt_through_python_escpos_serial_over_a_pty(tmp_path: Path, receipt: Receipt) -> None:  # noqa: F811 - the fixture
    with EscposEmulator(tmp_path / "receipts") as emu, PtyBridge("127.0.0.1", emu.port) as line:
        # a long timeout: each status answer must end the read when it is in (python-escpos' own Serial waits
        # the whole timeout for 16 bytes, four times per status), or this test runs into pytest's timeout
        settings = Settings(printer=PrinterSettings(kind="serial", device=line.device_path, baudrate=19200,
                                                    timeout=30.0))
        printer = _receipt_printer(settings.validate())
        try:
            assert printer.status().health is Health.OK  # DLE EOT answered over the line
            printer.print_receipt(receipt)
            [page] = emu.wait_for_receipts(1)
            assert receipt.code in "".join(page["text"].split()) and page["qr"] and Path(page["png"]).exists()
            emu.paper_out = True
            assert printer.status().health is Health.ERROR
            with pytest.raises(PrinterError):
                printer.print_receipt(receipt)
            assert len(emu.receipts) == 1  # refused before a byte went out
        finally:
            printer.close()
