"""The A4 printer driver against a real cupsd with a cups-pdf queue (tests/helpers/cups.py): a PDF printed
through IPP comes out with the same text; paper out and offline are clear statuses, and a job caught by an
empty tray waits in the queue and prints once the paper is back."""
from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from drivers.base import Condition, DeviceStatus, DocumentPrinter, Health, PrinterError
from drivers.printer.cups_a4 import CupsA4Printer
from drivers.printer.messages import A4_OFFLINE, A4_PAPER_OUT
from tests.helpers import cups
from tests.helpers.pdfs import result_pdf, text_of

pytestmark = pytest.mark.skipif(not cups.available(), reason="needs Debian cups + printer-driver-cups-pdf")


@pytest.fixture
def cupsd() -> Iterator[cups.Cupsd]:
    with cups.Cupsd().start() as daemon:
        yield daemon


def wait_state(printer: CupsA4Printer, job: str, want: str, timeout: float = 40.0) -> None:
    deadline = time.monotonic() + timeout
    while printer.job_state(job) != want:
        assert time.monotonic() < deadline, f"job {job} is {printer.job_state(job)}, not {want}"
        time.sleep(0.2)


def test_print_a_pdf_and_read_back_the_same_text(cupsd: cups.Cupsd) -> None:
    printer = CupsA4Printer(cupsd.server, cupsd.queue)
    assert isinstance(printer, DocumentPrinter)
    assert printer.status() == DeviceStatus.ok()
    pdf = result_pdf("准予行政许可决定书", ["申请人：张*", "经审查，准予换领。", "No. ABCD-EFGH-JKMN-PQRS"])
    job = printer.print_pdf(pdf, copies=1, title="准予行政许可决定书")
    wait_state(printer, job, "done")
    [written] = cupsd.wait_pdfs(1)
    assert text_of(written.read_bytes()) == text_of(pdf)


def test_paper_out_keeps_the_job_until_the_paper_is_back(cupsd: cups.Cupsd) -> None:
    printer = CupsA4Printer(cupsd.server, cupsd.queue)
    cupsd.paper_out(True)
    job = printer.print_pdf(result_pdf("证明", ["第一页"]))  # the printer does not know yet: it takes the job
    deadline = time.monotonic() + 30
    while Condition.PAPER_OUT not in printer.status().conditions:
        assert time.monotonic() < deadline, printer.status()
        time.sleep(0.2)
    assert printer.status().health is Health.ERROR and printer.status().reason == A4_PAPER_OUT
    assert printer.job_state(job) == "waiting" and cupsd.pdfs() == []
    with pytest.raises(PrinterError) as refused:  # a new print is refused with a clear message
        printer.print_pdf(result_pdf("证明", ["第二份"]))
    assert refused.value.message == A4_PAPER_OUT
    cupsd.paper_out(False)
    wait_state(printer, job, "done")
    assert len(cupsd.wait_pdfs(1)) == 1 and printer.status() == DeviceStatus.ok()


def test_offline_and_unreachable(cupsd: cups.Cupsd) -> None:
    printer = CupsA4Printer(cupsd.server, cupsd.queue)
    cupsd.offline(True)
    assert printer.status() == DeviceStatus.error(A4_OFFLINE, Condition.OFFLINE)
    with pytest.raises(PrinterError):
        printer.print_pdf(result_pdf("证明", ["x"]))
    cupsd.offline(False)
    assert printer.status().health is Health.OK
    cupsd.stop()
    gone = CupsA4Printer(cupsd.server, cupsd.queue, timeout=3)
    assert gone.status() == DeviceStatus.error(A4_OFFLINE, Condition.NOT_CONNECTED)


def test_the_device_manager_shows_the_a4_printer(cupsd: cups.Cupsd) -> None:
    """Configured like a kiosk (kiosk/wiring.py): the A4 printer is a second printer in the device manager,
    its status changes are published and its paper shows in the heartbeat."""
    from kiosk.config import A4Settings, Settings
    from kiosk.wiring import build_devices
    from sync.heartbeat import beat
    from sync.model import SyncHealth

    settings = Settings(a4=A4Settings(kind="cups", server=cupsd.server, queue=cupsd.queue))
    settings.reader.kind = settings.printer.kind = "none"
    devices = build_devices(settings)
    try:
        devices.manager.probe()
        assert devices.manager.info("a4printer").status == DeviceStatus.ok()
        events: list[str] = []
        devices.manager.subscribe(lambda e: events.append(e.new.status.reason))
        cupsd.offline(True)
        devices.manager.probe()
        assert events == [A4_OFFLINE]
        snapshot = {name: info.status for name, info in devices.manager.snapshot().items()}
        from datetime import datetime

        body = beat(SyncHealth(0, 0, None, True), snapshot, datetime.now().astimezone(), "t")
        assert body["a4"]["health"] == "error" and body["a4"]["reason"] == A4_OFFLINE
    finally:
        devices.close()
