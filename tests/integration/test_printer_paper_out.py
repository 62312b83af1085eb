"""Paper runs out mid-receipt: the resident is told to ask the staff, the case is safe, reprint after refill.

The real kiosk store (sync: SQLite outbox, CaseBook) and the real printer stack (python-escpos Network over
TCP to the ESC/POS emulator): the emulator runs out of paper part-way through the job.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PIL import Image

from domain import idnumber
from domain.models import Person
from domain.status import SyncState
from drivers.base import PrinterError, ReceiptCode
from drivers.printer import messages as says
from drivers.printer.escpos_printer import EscposReceiptPrinter, PrintJobFailed
from drivers.printer.journal import JobState
from drivers.scanner.classify import classify
from drivers.sim.escpos_emulator import EscposEmulator
from kiosk.i18n import extract
from sync.cases import CaseBook
from sync.catalogue import Catalogue
from sync.model import Application
from sync.outbox import KioskIdentity, Outbox
from sync.regseq import CodeIssuer
from sync.store import Store

TRACK = "https://zwfw.example.gov.cn/track"
TZ = timezone(timedelta(hours=8))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "kiosk.db")
    yield store
    store.close()


@pytest.fixture
def catalogue(store: Store) -> Catalogue:
    catalogue = Catalogue(store)
    catalogue.seed_if_empty()
    return catalogue


@pytest.fixture
def cases(store: Store, catalogue: Catalogue) -> CaseBook:
    outbox = Outbox(store, CodeIssuer("440105", 1), KioskIdentity("440105-001", "鳌头镇便民服务中心", TRACK),
                    catalogue, lambda: datetime(2026, 11, 26, 10, tzinfo=TZ))
    return CaseBook(store, outbox, None)


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[EscposEmulator]:
    with EscposEmulator(tmp_path / "receipts") as emu:
        yield emu


def application(catalogue: Catalogue) -> Application:
    first17 = "44011719560308042"
    person = Person("张秀英", first17 + idnumber.check_char(first17), address="广东省广州市从化区鳌头镇龙潭村")
    service = catalogue.search("sfz")[0]
    return Application(service, person, {"name": person.name, "id_number": person.id_number,
                                         "phone": "13800138000", "reason": "到期换领"})


def test_paper_out_mid_receipt_then_reprint_after_refill(cases: CaseBook, catalogue: Catalogue,
                                                         emulator: EscposEmulator) -> None:
    receipt = cases.enqueue(application(catalogue))  # stored first, printed after
    code = receipt.code
    with EscposReceiptPrinter("127.0.0.1", emulator.port, timeout=2, status_timeout=1) as printer:
        emulator.paper_out_after = 500
        with pytest.raises(PrintJobFailed) as err:
            printer.print_receipt(receipt)

        # what the resident sees: "ask the staff", in plain Chinese, and that the application is saved
        assert err.value.message == says.RAN_OUT and "Please ask the staff" in err.value.message
        chinese = extract.read(extract.HERE / "zh_CN.ts")["drivers"][err.value.message]
        assert "请找工作人员" in chinese and "保存" in chinese

        # the case is safe: stored, queued for the network, not marked printed
        case = cases.get(code)
        assert case is not None and case.sync_state is SyncState.QUEUED and not case.printed
        (partial,) = emulator.wait_for_receipts(1)
        assert partial["partial"] and partial["qr"] == []
        assert printer.unprinted()[0].code == code

        # nothing more comes out until the staff refill
        with pytest.raises(PrinterError) as still_out:
            printer.print_receipt(cases.receipt(code))
        assert still_out.value.message == says.PAPER_OUT

        emulator.paper_out = False  # refill
        reprint = cases.receipt(code)
        assert reprint.reprint
        printer.print_receipt(reprint)
        cases.mark_printed(code)

    case = cases.get(code)
    assert case is not None and case.printed
    full = emulator.wait_for_receipts(2)[1]
    assert full["cut"] and not full["partial"]
    assert "受理回执【补打】" in full["text"] and "张*英" in full["text"]
    assert full["qr"] == [f"{TRACK}/{code}"]
    assert [j.state for j in printer.journal.jobs()] == [JobState.FAILED, JobState.REFUSED, JobState.PRINTED]
    with Image.open(full["png"]) as png:
        assert png.width == 576
        zxingcpp = pytest.importorskip("zxingcpp", reason="pip install zxing-cpp (a dev dependency)")
        (qr,) = zxingcpp.read_barcodes(png)
    assert classify(qr.text, TRACK) == ReceiptCode(code, f"{TRACK}/{code}")  # scanned back at the kiosk
