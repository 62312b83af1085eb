"""EscposReceiptPrinter against the real ESC/POS emulator over TCP (and injected python-escpos backends)."""
from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import qrcode
from escpos.printer import Dummy, File
from PIL import Image, ImageOps

from domain.models import Receipt
from domain.regcode import pretty
from drivers.base import PRINTER_NOT_RESPONDING, Condition, DeviceUnavailable, Health, PrinterError, ReceiptPrinter
from drivers.printer import escpos_printer as ep
from drivers.printer import messages as says
from drivers.printer.escpos_printer import EscposReceiptPrinter, PrintJobFailed
from drivers.printer.journal import JobState
from drivers.sim.escpos_emulator import EscposEmulator, EscposInterpreter
from tests.helpers.receipts import CODE, TRACK_URL, sample_receipt

URL = TRACK_URL


@pytest.fixture
def receipt() -> Receipt:
    return sample_receipt(department="天河区医疗保障局（王堃、李䶮 经办）", notice="如需缴纳工本费￥20.00，请到3号窗口。")


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[EscposEmulator]:
    with EscposEmulator(tmp_path / "out") as emu:
        yield emu


def make_printer(emu: EscposEmulator, **kw: object) -> EscposReceiptPrinter:
    kw.setdefault("timeout", 2.0)
    kw.setdefault("status_timeout", 5.0)  # the emulator answers once it has worked through the job: slow under load
    return EscposReceiptPrinter("127.0.0.1", emu.port, **kw)


def qr_matrix_of(image: Image.Image) -> list[list[bool]]:
    """Sample a printed QR (black on white, any module size, any quiet zone) back to its modules."""
    ink = ImageOps.invert(image.convert("L")).point(lambda v: 255 if v > 127 else 0)
    left, top, right, bottom = ink.getbbox()
    # the finder pattern's top row is 7 modules of ink: its length gives the module size
    row = [ink.getpixel((x, top)) for x in range(left, right)]
    run = next(i for i, v in enumerate(row) if v == 0)
    module = run / 7
    n = round((right - left) / module)
    return [[ink.getpixel((int(left + (c + 0.5) * module), int(top + (r + 0.5) * module))) > 0
             for c in range(n)] for r in range(n)]


def expected_matrix(data: str) -> list[list[bool]]:
    q = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    q.add_data(data)
    q.make(fit=True)
    return q.get_matrix()


@pytest.mark.parametrize("qr_mode", ["native", "raster"])
def test_prints_receipt_to_emulator(emulator: EscposEmulator, receipt: Receipt, qr_mode: str) -> None:
    with make_printer(emulator, qr_mode=qr_mode) as printer:
        assert isinstance(printer, ReceiptPrinter)
        printer.print_receipt(receipt)
    (got,) = emulator.wait_for_receipts(1)
    text = got["text"]
    assert "城乡居民基本医疗保险参保登记" in text
    assert pretty(CODE) in text
    assert "张*英" in text and "张秀英" not in text
    assert "440105********123X" in text
    assert "￥20.00" in text
    assert "堃" in text and "䶮" in text
    assert "?" not in text
    assert "受理回执" in text and "凭此回执查询办理进度" in text
    assert got["cut"] is True
    # the QR: native -> the data the emulator parsed from GS ( k; both -> the printed modules
    if qr_mode == "native":
        assert got["qr"] == [URL]
    else:
        assert got["qr"] == []  # a raster image: the printer cannot know it is a QR
    qr_images = [im for im in got["images"] if im.width == im.height or abs(im.width - im.height) < 8]
    assert len(qr_images) == 1
    assert qr_matrix_of(qr_images[0]) == expected_matrix(URL)
    png = Path(got["png"])
    assert png.name == "receipt-001.png" and png.is_file()
    with Image.open(png) as im:
        assert im.width == 576 and 700 < im.height < 2500
    assert emulator.unknown == []


@pytest.mark.parametrize("qr_mode", ["native", "raster"])
def test_the_printed_qr_decodes_back_to_the_code(emulator: EscposEmulator, receipt: Receipt, qr_mode: str) -> None:
    """The receipt PNG read by a real QR decoder (zxing-cpp) gives the track URL with the code."""
    zxingcpp = pytest.importorskip("zxingcpp", reason="pip install zxing-cpp (a dev dependency)")
    with make_printer(emulator, qr_mode=qr_mode) as printer:
        printer.print_receipt(receipt)
    (got,) = emulator.wait_for_receipts(1)
    with Image.open(got["png"]) as png:
        decoded = [r.text for r in zxingcpp.read_barcodes(png)]
    assert decoded == [URL]


def test_full_width_text_is_sent_as_gb18030(receipt: Receipt) -> None:
    # python-escpos' own text() only encodes GB18030 for [\u4e00-\u9fa5]; we encode everything ourselves
    lines = ep.layout.build(receipt, datetime(2026, 11, 26, 10, 0))
    data = ep.job_bytes(lines)
    assert data.startswith(b"\x1b@\x1c&")  # init, Chinese mode
    assert "￥20.00".encode("gb18030") in data and b"\xa3\xa4" in data
    assert "堃".encode("gb18030") in data and "䶮".encode("gb18030") in data
    assert b"?" not in data.replace(URL.encode(), b"")


def test_why_we_encode_ourselves() -> None:
    # python-escpos' magic encoder: a line without [\u4e00-\u9fa5] goes out in CP437, so ￥ -> "?"
    d = Dummy()
    d.text("￥20.00\n")
    assert b"?20.00" in d.output
    assert ep.encode("￥20.00") == b"\xa3\xa420.00"


def test_control_characters_in_data_cannot_inject_commands(emulator: EscposEmulator, receipt: Receipt) -> None:
    from dataclasses import replace

    evil = replace(receipt, notice="注意\x1dV\x00\x1b@事项")
    with make_printer(emulator) as printer:
        printer.print_receipt(evil)
    (got,) = emulator.wait_for_receipts(1)
    assert "注意V@事项" in got["text"]
    emulator.wait_idle()
    assert len(emulator.receipts) == 1


def test_reprint_is_marked(emulator: EscposEmulator, receipt: Receipt) -> None:
    from dataclasses import replace

    with make_printer(emulator) as printer:
        printer.print_receipt(replace(receipt, reprint=True))
    (got,) = emulator.wait_for_receipts(1)
    assert "受理回执【补打】" in got["text"]


@pytest.mark.parametrize(
    ("mode", "health", "reason", "condition"),
    [
        (None, Health.OK, "", None),
        ("paper_near_end", Health.WARNING, says.PAPER_NEAR_END, Condition.PAPER_LOW),
        ("paper_out", Health.ERROR, says.PAPER_OUT, Condition.PAPER_OUT),
        ("cover_open", Health.ERROR, says.COVER_OPEN, Condition.COVER_OPEN),
        ("offline", Health.ERROR, says.OFFLINE, Condition.OFFLINE),
        ("fault", Health.ERROR, says.PRINTER_FAULT, Condition.FAULT),
        ("cutter_error", Health.ERROR, says.CUTTER_ERROR, Condition.CUTTER_JAM),
    ],
)
def test_status_for_each_printer_state(emulator: EscposEmulator, mode: str | None, health: Health,
                                       reason: str, condition: Condition | None) -> None:
    if mode:
        setattr(emulator, mode, True)
    with make_printer(emulator) as printer:
        st = printer.status()
    assert (st.health, st.reason) == (health, reason)
    assert (condition in st.conditions) if condition else not st.conditions


@pytest.mark.parametrize(
    ("online", "cause", "paper", "reason"),
    [
        (0x12, 0x12, 0x12, ""),
        (0x1A, 0x32, 0x7E, says.PAPER_OUT),  # paper out wins over offline and near end
        (0x1A, 0x16, 0x12, says.COVER_OPEN),
        (0x1A, 0x52, 0x12, says.PRINTER_FAULT),
        (0x1A, 0x12, 0x12, says.OFFLINE),
        (0x12, 0x12, 0x1E, says.PAPER_NEAR_END),
    ],
)
def test_parse_status_bits(online: int, cause: int, paper: int, reason: str) -> None:
    assert ep.parse_status(online, cause, paper).reason == reason


@pytest.mark.parametrize(
    ("error", "reason"),
    [(0x12, ""), (0x1A, says.CUTTER_ERROR), (0x32, says.PRINTER_FAULT), (0x52, says.PRINTER_FAULT)],
)
def test_parse_error_cause(error: int, reason: str) -> None:
    """DLE EOT 3: 0x08 auto-cutter error, 0x20 unrecoverable, 0x40 auto-recoverable."""
    online = 0x12 if not reason else 0x1A
    assert ep.parse_status(online, 0x12, 0x12, error).reason == reason


@pytest.mark.parametrize("mode", ["paper_out", "cover_open", "offline", "cutter_error"])
def test_refuses_to_print_when_printer_not_ready(emulator: EscposEmulator, receipt: Receipt, mode: str) -> None:
    setattr(emulator, mode, True)
    with make_printer(emulator) as printer, pytest.raises(PrinterError) as err:
        printer.print_receipt(receipt)
    assert not isinstance(err.value, PrintJobFailed)
    assert err.value.message == {"paper_out": says.PAPER_OUT, "cover_open": says.COVER_OPEN,
                                 "offline": says.OFFLINE, "cutter_error": says.CUTTER_ERROR}[mode]
    emulator.wait_idle()
    assert emulator.receipts == []
    assert list(emulator.out_dir.iterdir()) == []


def test_paper_near_end_still_prints(emulator: EscposEmulator, receipt: Receipt) -> None:
    emulator.paper_near_end = True
    with make_printer(emulator) as printer:
        printer.print_receipt(receipt)
    assert len(emulator.wait_for_receipts(1)) == 1


def test_emulator_closed_means_device_unavailable_quickly(tmp_path: Path, receipt: Receipt) -> None:
    emu = EscposEmulator(tmp_path)
    emu.close()  # the port is now refused
    printer = make_printer(emu)
    t0 = time.monotonic()
    with pytest.raises(DeviceUnavailable) as err:
        printer.print_receipt(receipt)
    assert err.value.message == "The receipt printer is not responding."
    st = printer.status()
    assert time.monotonic() - t0 < 3
    assert (st.health, st.reason) == (Health.ERROR, PRINTER_NOT_RESPONDING)
    printer.close()


def test_hanging_printer_times_out(emulator: EscposEmulator, receipt: Receipt) -> None:
    emulator.hang = True
    with make_printer(emulator, status_timeout=0.3) as printer:
        t0 = time.monotonic()
        with pytest.raises(DeviceUnavailable) as err:
            printer.print_receipt(receipt)
        assert err.value.message == PRINTER_NOT_RESPONDING
        assert printer.status().health is Health.ERROR
        assert time.monotonic() - t0 < 2
    assert emulator.receipts == []


def test_prints_after_the_printer_comes_back(emulator: EscposEmulator, receipt: Receipt) -> None:
    emulator.paper_out = True
    with make_printer(emulator) as printer:
        with pytest.raises(PrinterError):
            printer.print_receipt(receipt)
        emulator.paper_out = False
        printer.print_receipt(receipt)
        printer.print_receipt(receipt)
    got = emulator.wait_for_receipts(2)
    assert [Path(r["png"]).name for r in got] == ["receipt-001.png", "receipt-002.png"]


# -- injected python-escpos printers: the same code path ----------------------------------------

class FlakyDummy(Dummy):
    """Answers DLE EOT like a ready printer, then the link breaks in the middle of the job."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[bytes] = []

    def _raw(self, msg: bytes) -> None:
        if msg.startswith(b"\x10\x04"):
            self.answers.append(b"\x12")
            return
        super()._raw(msg[:100])
        raise BrokenPipeError(32, "Broken pipe")

    def _read(self) -> bytes:
        return self.answers.pop(0)


def test_link_breaks_mid_job_is_a_failed_job(receipt: Receipt) -> None:
    flaky = FlakyDummy()
    with EscposReceiptPrinter(printer=flaky) as printer, pytest.raises(PrintJobFailed) as err:
        printer.print_receipt(receipt)
    assert isinstance(err.value, PrinterError) and err.value.failed_job
    assert err.value.message == says.JOB_FAILED
    assert "Broken pipe" in err.value.detail
    assert len(flaky.output) == 100  # part of it went out


def test_file_backend_prints_without_status(tmp_path: Path, receipt: Receipt) -> None:
    out = tmp_path / "lp0"
    out.touch()
    with EscposReceiptPrinter(printer=File(str(out)), qr_mode="raster") as printer:
        assert printer.status().health is Health.OK  # a File cannot answer DLE EOT
        printer.print_receipt(receipt)
    pages: list[tuple[object, ...]] = []
    interp = EscposInterpreter(lambda b: None, lambda *a: pages.append(a), lambda n, c: b"\x12")
    interp.feed(out.read_bytes())
    (elements, texts, qrs, cut) = pages[0]
    assert "城乡居民基本医疗保险参保登记" in "\n".join(texts) and cut


def test_unknown_host_port_is_unavailable(receipt: Receipt) -> None:
    with socket.socket() as s:  # a port with nothing listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    printer = EscposReceiptPrinter("127.0.0.1", port, timeout=1)
    with pytest.raises(DeviceUnavailable):
        printer.print_receipt(receipt)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        EscposReceiptPrinter("127.0.0.1", qr_mode="ascii")
    with pytest.raises(ValueError):
        EscposReceiptPrinter()
    p = EscposReceiptPrinter.from_settings({"host": "10.0.0.9", "port": 9101, "qr_mode": "raster",
                                            "vendor": "ignored"})
    p.close()


# -- a job that fails mid-way is marked, and can be reprinted ---------------------------------------

def test_paper_runs_out_mid_job(emulator: EscposEmulator, receipt: Receipt) -> None:
    with make_printer(emulator) as printer:
        emulator.paper_out_after = 400  # bytes: the title and a few lines come out, then nothing
        with pytest.raises(PrintJobFailed) as err:
            printer.print_receipt(receipt)
        assert err.value.message == says.RAN_OUT and "ask the staff" in err.value.message
        assert err.value.failed_job
        (partial,) = emulator.wait_for_receipts(1)
        assert partial["partial"] and not partial["cut"] and partial["png"].endswith("-partial.png")
        assert "受理回执" in partial["text"] and partial["qr"] == []  # the top came out, not the QR
        assert "凭此回执查询办理进度" not in partial["text"]
        (job,) = printer.journal.jobs()
        assert (job.code, job.state, job.reason) == (CODE, JobState.FAILED, says.RAN_OUT)
        assert printer.unprinted() == [job]
        # still out of paper: a reprint is refused before anything is sent, and marked so
        with pytest.raises(PrinterError) as refused:
            printer.reprint(CODE)
        assert refused.value.message == says.PAPER_OUT and not isinstance(refused.value, PrintJobFailed)
        assert printer.journal.jobs()[-1].state is JobState.REFUSED
        emulator.paper_out = False  # staff put a new roll in
        printer.reprint(CODE)
    full = emulator.wait_for_receipts(2)[1]
    assert full["cut"] and not full["partial"]
    assert "受理回执【补打】" in full["text"] and full["qr"] == [URL]
    assert printer.unprinted() == []
    assert [j.state for j in printer.journal.jobs()] == [JobState.FAILED, JobState.REFUSED, JobState.PRINTED]
    assert printer.journal.jobs()[-1].reprint


def test_cutter_jams_at_the_end_of_the_job(emulator: EscposEmulator, receipt: Receipt) -> None:
    with make_printer(emulator) as printer:
        printer.print_receipt(receipt)
        emulator.wait_for_receipts(1)
        emulator.cutter_error = True
        with pytest.raises(PrinterError) as err:
            printer.print_receipt(receipt)
        assert err.value.message == says.CUTTER_ERROR
        assert printer.journal.last(CODE).state is JobState.REFUSED


def test_reprint_of_an_unknown_code() -> None:
    with EscposReceiptPrinter(printer=Dummy()) as printer, pytest.raises(KeyError):
        printer.reprint("44010500126112600017")


def test_no_status_after_the_job_is_a_failed_job(receipt: Receipt) -> None:
    class SilentAfterJob(Dummy):
        def __init__(self) -> None:
            super().__init__()
            self.answers: list[bytes] = []
            self.jobs = 0

        def _raw(self, msg: bytes) -> None:
            if msg.startswith(b"\x10\x04"):
                if not self.jobs:
                    self.answers.append(b"\x12")
                return
            self.jobs += 1
            super()._raw(msg)

        def _read(self) -> bytes:
            return self.answers.pop(0) if self.answers else b""

    with EscposReceiptPrinter(printer=SilentAfterJob()) as printer, pytest.raises(PrintJobFailed) as err:
        printer.print_receipt(receipt)
    assert err.value.message == says.JOB_FAILED and "no status after the job" in err.value.detail


def test_a_printer_without_dle_eot_3_still_prints(receipt: Receipt) -> None:
    """Older printers answer DLE EOT 1, 2 and 4 only: asked once, then left out."""

    class NoEot3(Dummy):
        def __init__(self) -> None:
            super().__init__()
            self.answers: list[bytes] = []
            self.asked: list[int] = []

        def _raw(self, msg: bytes) -> None:
            if msg.startswith(b"\x10\x04"):
                self.asked.append(msg[2])
                if msg[2] != 3:
                    self.answers.append(b"\x12")
                return
            super()._raw(msg)

        def _read(self) -> bytes:
            return self.answers.pop(0) if self.answers else b""

    device = NoEot3()
    with EscposReceiptPrinter(printer=device) as printer:
        printer.print_receipt(receipt)
        printer.print_receipt(receipt)
        assert printer.status().health is Health.OK
    assert device.asked == [1, 2, 4, 3] + [1, 2, 4] * 4
    assert b"\x1dV" in device.output


def test_a_guide_slip_prints_with_chinese_and_no_code(tmp_path):
    from drivers.printer.escpos_printer import EscposReceiptPrinter
    from drivers.sim.escpos_emulator import EscposEmulator

    with EscposEmulator(out_dir=tmp_path) as emu, EscposReceiptPrinter("127.0.0.1", emu.port, timeout=2) as printer:
        printer.print_slip("办事指南：居民身份证换领",
                           ["办理条件：具有本镇常住户口的中国公民", "收费：￥20.00", "材料：居民户口簿 1 份"])
        [slip] = emu.wait_for_receipts(1)
    assert "办事指南：居民身份证换领" in slip["text"] and "￥20.00" in slip["text"]
    assert slip["qr"] == [] and slip["cut"]


def test_queue_ticket_prints_with_a_qr_to_follow(emulator: EscposEmulator) -> None:
    """取号凭条: the number big, the business, the priority, how many wait, the estimate, the follow QR."""
    from domain.queue import QueueTicket

    zxingcpp = pytest.importorskip("zxingcpp", reason="pip install zxing-cpp (a dev dependency)")
    ticket = QueueTicket("A012", "综合窗口", 3, 12, "城关镇便民服务中心", "http://10.0.0.2:8700/hall/t/440105-002-20261204-A012",
                         "预约优先", datetime(2026, 12, 4, 9, 30))
    with make_printer(emulator) as printer:
        printer.print_ticket(ticket)
    (got,) = emulator.wait_for_receipts(1)
    assert ["城关镇便民服务中心", "排队取号凭条"] == got["lines"][:2]
    assert {"A012", "【预约优先】", "您前面还有：3 人", "预计等候：约 12 分钟"} <= set(got["lines"]) and got["cut"]
    with Image.open(got["png"]) as png:
        assert [r.text for r in zxingcpp.read_barcodes(png)] == [ticket.follow_url]
    assert emulator.unknown == []
