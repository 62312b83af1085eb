"""kiosk.viewmodels.payment driven through its slots (no QML) on the real payment desk and servicenet's
gateway + sandbox in this process: paid, expired, cancel racing a payment, payment code, offline → pay later,
a dropped link mid-poll, the session ending mid-payment, and the refund from the staff screen."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from domain.models import Receipt, ServiceItem
from domain.payment import PayState
from kiosk.tasks import TaskRunner
from kiosk.viewmodels.common import Context
from kiosk.viewmodels.payment import PaymentViewModel
from sync.catalogue import Catalogue
from sync.outbox import KioskIdentity, Outbox
from sync.payments import PaymentDesk
from sync.regseq import CodeIssuer
from sync.store import Store
from tests.helpers.clock import ManualClock
from tests.helpers.paynet import PayNet
from tests.helpers.stubs import STAFF_PIN, FakeCases, make_services, staff_backend
from tests.unit.sync.conftest import CST, resident

SFZ = "11440105007512345X4440117001000"


@dataclass
class Rig:
    vm: PaymentViewModel
    net: PayNet
    desk: PaymentDesk
    clock: ManualClock
    item: ServiceItem
    receipt: Receipt
    finished: list[Receipt]
    alerts: list[str]
    awake: list[int]


@pytest.fixture
def rig(qapp, tmp_path: Path) -> Iterator[Rig]:
    store = Store(tmp_path / "k.db")
    catalogue = Catalogue(store)
    catalogue.seed_if_empty()
    outbox = Outbox(store, CodeIssuer("440105", 1), KioskIdentity("440105-001", "h", "http://net/track"),
                    catalogue, lambda: datetime(2026, 11, 26, 9, tzinfo=CST))
    item = catalogue.get(SFZ)
    assert item is not None
    from sync.model import Application

    person = resident()
    receipt = outbox.enqueue(Application(item, person, {"name": person.name}))
    net = PayNet()
    clock = ManualClock(100.0)

    def sleep(seconds: float) -> None:
        clock.t += seconds

    desk = PaymentDesk(store, net.provider, outbox, outbox.clock, sleep=sleep, monotonic=clock,
                       micropay_seconds=5, pay_base_url="http://net/pay")
    services = make_services(cases=FakeCases(), payments=desk, staff=staff_backend(store))
    runner = TaskRunner()
    finished: list[Receipt] = []
    alerts: list[str] = []
    awake: list[int] = []
    ctx = Context(services, runner, lambda s: None, lambda text: alerts.append(text()), lambda: 1)
    vm = PaymentViewModel(ctx, finished.append, lambda: awake.append(1), qr_seconds=60, micropay_seconds=5,
                          paid_pause_ms=60_000, tick_ms=20, monotonic=clock, delays=lambda: iter(lambda: 0.02, None))
    yield Rig(vm, net, desk, clock, item, receipt, finished, alerts, awake)
    vm.reset()
    runner.wait(5000)
    store.close()
    net.close()


def wait_phase(qtbot: QtBot, rig: Rig, phase: str) -> None:
    qtbot.waitUntil(lambda: rig.vm.phase == phase, timeout=5000)


def showing(qtbot: QtBot, rig: Rig) -> str:
    rig.vm.start(rig.receipt, rig.item)
    wait_phase(qtbot, rig, "showing")
    assert rig.vm.qr.startswith("data:image/png;base64,") and rig.vm.amount == "￥20.00"
    assert rig.vm.secondsLeft == 60 and rig.vm.canCancel
    return rig.vm.orderNo


def test_qr_paid_then_the_receipt_shows_it(qtbot: QtBot, rig: Rig) -> None:
    no = showing(qtbot, rig)
    rig.net.sandbox.confirm(no)
    wait_phase(qtbot, rig, "paid")
    assert rig.vm.orderNo == no and rig.vm.paidAt
    rig.vm.finish()
    qtbot.waitUntil(lambda: bool(rig.finished), timeout=5000)
    assert (rig.finished[0].order_no, rig.finished[0].amount_cents) == (no, 2000)
    assert rig.awake  # the idle guard is held off while the QR is up


def test_countdown_ends_closes_the_order_then_pay_later(qtbot: QtBot, rig: Rig) -> None:
    no = showing(qtbot, rig)
    rig.clock.t += 61
    wait_phase(qtbot, rig, "failed")
    assert "expired" in rig.vm.status and rig.vm.canRetry
    assert rig.net.gateway.query(no)["state"] == "CLOSED"
    rig.vm.payLater()
    qtbot.waitUntil(lambda: bool(rig.finished), timeout=5000)
    assert rig.finished[0].pay_url == f"http://net/pay/{rig.receipt.code}" and not rig.finished[0].order_no
    assert rig.desk.due(rig.receipt.code).state == "unpaid"


def test_cancel_racing_a_payment_counts_as_paid(qtbot: QtBot, rig: Rig) -> None:
    no = showing(qtbot, rig)
    rig.net.provider.before = lambda call: rig.net.sandbox.confirm(no) if call == "close" else None
    rig.vm.cancel()
    wait_phase(qtbot, rig, "paid")
    assert rig.net.charges(rig.receipt.code) == 1


def test_payment_code_instead_of_the_qr(qtbot: QtBot, rig: Rig) -> None:
    first = showing(qtbot, rig)
    rig.vm.scanned("hello")
    assert rig.alerts and rig.vm.phase == "showing"
    code = rig.net.sandbox.issue_code("pay")
    rig.vm.scanned(code)
    wait_phase(qtbot, rig, "paid")
    assert rig.net.gateway.query(first)["state"] == "CLOSED" and rig.vm.orderNo.endswith("K002")
    assert rig.net.charges(rig.receipt.code) == 1


def test_payment_code_not_confirmed_in_time_is_reversed(qtbot: QtBot, rig: Rig) -> None:
    showing(qtbot, rig)
    rig.vm.scanned(rig.net.sandbox.issue_code("password"))
    wait_phase(qtbot, rig, "failed")
    assert "cancelled" in rig.vm.status and rig.net.charges(rig.receipt.code) == 0


def test_offline_then_pay_later(qtbot: QtBot, rig: Rig) -> None:
    rig.net.provider.down = True
    rig.vm.start(rig.receipt, rig.item)
    wait_phase(qtbot, rig, "offline")
    assert "pay later" in rig.vm.status and "QR code" in rig.vm.payLaterText
    rig.vm.payLater()
    qtbot.waitUntil(lambda: bool(rig.finished), timeout=5000)
    assert rig.finished[0].pay_url.endswith(rig.receipt.code)


def test_a_dropped_link_mid_poll_keeps_polling(qtbot: QtBot, rig: Rig) -> None:
    no = showing(qtbot, rig)
    rig.net.provider.down = True
    qtbot.waitUntil(lambda: "connection" in rig.vm.status, timeout=5000)
    rig.net.sandbox.confirm(no)
    rig.net.provider.down = False
    wait_phase(qtbot, rig, "paid")


def test_session_ending_closes_the_open_order(qtbot: QtBot, rig: Rig) -> None:
    no = showing(qtbot, rig)
    rig.vm.reset()
    qtbot.waitUntil(lambda: rig.net.gateway.query(no)["state"] == "CLOSED", timeout=5000)
    assert rig.vm.phase == ""


def test_a_clerk_refunds_a_paid_order_from_the_staff_screen(qtbot: QtBot, rig: Rig) -> None:
    """Paid at the kiosk; then at the counter: log in, find the case's payments, refund with a reason."""
    from kiosk.app import KioskApp
    from tests.unit.kiosk.ui import Ui

    no = showing(qtbot, rig)
    rig.net.sandbox.confirm(no)
    wait_phase(qtbot, rig, "paid")
    services = rig.vm._ctx.services
    kiosk = KioskApp(services, orientation="landscape", idle_timeout_s=600)
    try:
        kiosk.show()
        ui, vm = Ui(kiosk, qtbot), kiosk.vm
        vm.staff.open()
        for key in STAFF_PIN:
            vm.staff.press(key)
        vm.staff.submitPin()
        qtbot.waitUntil(lambda: vm.screen == "staff", timeout=5000)
        ui.settle()
        ui.type("paymentsCode", rig.receipt.code)
        ui.tap("staffFindPayments")
        qtbot.waitUntil(lambda: ui.has(f"refund_{no}"), timeout=5000)
        assert vm.staff.payments.orders[0]["amount"] == "￥20.00" and vm.staff.payments.orders[0]["refundable"]
        assert not ui.find(f"refund_{no}").isEnabled()  # no refund without a reason
        ui.type(f"refundReason_{no}", "wrong fee")
        ui.tap(f"refund_{no}")
        qtbot.waitUntil(lambda: rig.desk.order(no).state == PayState.REFUND, timeout=5000)
        qtbot.waitUntil(lambda: "￥20.00" in vm.staff.payments.status, timeout=5000)  # "Refunded ￥20.00.", in Chinese
        qtbot.waitUntil(lambda: not vm.staff.payments.orders[0]["refundable"], timeout=5000)
        ui.settle()
        kiosk.grab(Path(__file__).resolve().parents[3] / "out" / "screens" / "payment" / "staff-refund.png")
        audit = [e for e in services.staff.audit.entries() if e.detail.get("action") == "refund"]
        assert audit and audit[0].actor == "counter" and audit[0].detail["order_no"] == no
    finally:
        kiosk.close()


def test_a_payment_code_from_the_serial_scanner_pays_on_the_payment_screen(qtbot: QtBot, rig: Rig) -> None:
    """The whole way: scanner simulator on a pty → SerialScanner → KioskApp's relay → root → payment screen."""
    from drivers.scanner.serial_scanner import SerialScanner
    from drivers.sim.scanner import ScannerSim
    from kiosk.app import KioskApp

    services = rig.vm._ctx.services
    with ScannerSim() as sim, SerialScanner(sim.device_path) as scanner:
        assert scanner.wait_connected()
        kiosk = KioskApp(services, idle_timeout_s=600, scanner=scanner)
        try:
            vm = kiosk.vm
            vm._guide.load(rig.item)
            vm._submitted(rig.receipt)  # the case is stored: the root asks for its fee
            qtbot.waitUntil(lambda: vm.screen == "payment" and vm.payment.phase == "showing", timeout=5000)
            sim.scan(rig.net.sandbox.issue_code("pay"))
            qtbot.waitUntil(lambda: vm.payment.phase == "paid", timeout=5000)
            vm.payment.finish()
            qtbot.waitUntil(lambda: vm.screen == "receipt", timeout=5000)
            assert vm.receipt.code == rig.receipt.code and rig.net.charges(rig.receipt.code) == 1
        finally:
            kiosk.close()


@pytest.mark.parametrize("how", ["paid", "qr_showing", "declined", "idle"])
def test_leaving_the_fee_screen_still_prints_the_receipt(qtbot: QtBot, rig: Rig, tmp_path: Path, how: str) -> None:
    """The case is stored before its fee: however the session ends on the fee screen (Home right after paying,
    Home with the QR up or after a declined payment, nobody there any more), its receipt prints, saying what
    was paid or how to pay, on the ESC/POS emulator over TCP. Before, only the way through the receipt screen
    printed it: a resident who paid and touched Home left with nothing on paper."""
    from dataclasses import replace

    from drivers.printer.escpos_printer import EscposReceiptPrinter
    from drivers.sim.escpos_emulator import EscposEmulator
    from kiosk.viewmodels import KioskViewModel

    code = rig.receipt.code
    with EscposEmulator(out_dir=tmp_path) as emulator, \
            EscposReceiptPrinter("127.0.0.1", emulator.port, timeout=2.0) as printer:
        services = replace(rig.vm._ctx.services, printer=printer)
        vm = KioskViewModel(services, idle_timeout_s=1.0 if how == "idle" else 600, idle_warning_s=0.5)
        vm._payment.delays = lambda: iter(lambda: 0.02, None)
        vm._guide.load(rig.item)
        vm._submitted(rig.receipt)  # the case is stored: the root asks for its fee
        qtbot.waitUntil(lambda: vm.screen == "payment" and vm.payment.phase == "showing", timeout=5000)
        no = vm.payment.orderNo
        if how == "paid":
            rig.net.sandbox.confirm(no)
            qtbot.waitUntil(lambda: vm.payment.phase == "paid", timeout=5000)
        elif how in ("declined", "idle"):
            rig.net.sandbox.decline(no)
            qtbot.waitUntil(lambda: vm.payment.phase == "failed", timeout=5000)
        if how == "idle":
            qtbot.waitUntil(lambda: vm.screen == "home", timeout=5000)
        else:
            vm.goHome()
        printed = emulator.wait_for_receipts(1, timeout=10)
        text = printed[0]["text"]
        assert code in text.replace(" ", "")
        if how == "paid":
            assert "缴费金额：￥20.00" in text and no in text
        else:
            assert "待缴费 ￥20.00" in text and any(q.endswith(f"/pay/{code}") for q in printed[0]["qr"])
            due = rig.desk.due(code)
            assert due is not None and due.state == "unpaid"
        vm._payment.runner.wait(5000)
        assert len(emulator.receipts) == 1 and vm.payment.phase == ""
        with rig.desk.store.read() as c:  # the network is told the fee is owed (unless it was paid)
            told = c.execute("SELECT told FROM payment_dues WHERE case_code=?", (code,)).fetchone()[0]
        assert told == (how != "paid")


def test_home_while_the_qr_fails_to_be_made_leaves_nothing_to_close(qtbot: QtBot, rig: Rig,
                                                                      caplog: pytest.LogCaptureFixture) -> None:
    """Home during "Preparing your payment…", and then the order is not made at all (the link drops): the step
    that closes an order made after Home is for a made order only; it is not tried with none (the sweep settles
    the desk's own record of the attempt)."""
    import threading

    asked, go = threading.Event(), threading.Event()

    def failing(call: str) -> None:
        if call == "create":
            asked.set()
            go.wait(5)
            raise ConnectionError("the link dropped")

    rig.net.provider.before = failing
    rig.vm.start(rig.receipt, rig.item)
    assert asked.wait(5) and rig.vm.phase == "starting"
    rig.vm.reset()  # Home
    go.set()
    for _ in range(3):  # the failure comes back to the GUI thread; anything it started runs and comes back too
        rig.vm.runner.wait(5000)
        qtbot.wait(50)
    assert [r.getMessage() for r in caplog.records if "closing an order" in r.getMessage()] == []


def test_home_while_a_payment_code_is_charged_prints_what_the_charge_ends_with(qtbot: QtBot, rig: Rig,
                                                                              tmp_path: Path) -> None:
    """Home during "Paying…": the receipt printed on leaving waited for nothing, so a charge that went through a
    moment later (not reversed) left the resident a receipt saying how to pay a fee she had paid, and the network
    was told the fee is owed. The leaving step now runs when the charge ends."""
    import threading
    from dataclasses import replace

    from drivers.printer.escpos_printer import EscposReceiptPrinter
    from drivers.sim.escpos_emulator import EscposEmulator
    from kiosk.viewmodels import KioskViewModel

    code, asked, go = rig.receipt.code, threading.Event(), threading.Event()

    def slow(call: str) -> None:
        if call == "pay":
            asked.set()
            go.wait(5)

    with EscposEmulator(out_dir=tmp_path) as emulator, \
            EscposReceiptPrinter("127.0.0.1", emulator.port, timeout=2.0) as printer:
        vm = KioskViewModel(replace(rig.vm._ctx.services, printer=printer), idle_timeout_s=600)
        vm._payment.delays = lambda: iter(lambda: 0.02, None)
        vm._guide.load(rig.item)
        vm._submitted(rig.receipt)
        qtbot.waitUntil(lambda: vm.screen == "payment" and vm.payment.phase == "showing", timeout=5000)
        rig.net.provider.before = slow
        vm.payment.scanned(rig.net.sandbox.issue_code("pay"))
        assert asked.wait(5) and vm.payment.phase == "paying"
        vm.goHome()  # the charge is on its way; nothing is printed yet
        go.set()
        qtbot.waitUntil(lambda: len(emulator.receipts) >= 1, timeout=10000)  # the charge's end comes to the GUI
        text = emulator.receipts[0]["text"]
        assert code in text.replace(" ", "") and "缴费金额：￥20.00" in text and "待缴费" not in text
        vm._payment.runner.wait(5000)
        assert len(emulator.receipts) == 1 and rig.net.charges(code) == 1
        with rig.desk.store.read() as c:
            told = c.execute("SELECT told FROM payment_dues WHERE case_code=?", (code,)).fetchone()[0]
        assert told == 0  # the network is not told a paid fee is owed


def test_home_while_the_qr_is_being_made_closes_it_once_made(qtbot: QtBot, rig: Rig) -> None:
    """Home during "Preparing your payment…" (a slow link): the order the gateway made after that stayed held by
    a screen that no longer showed it, so it was never closed and the sweep (which leaves orders a screen drives
    alone) never settled it. It is closed as soon as it is made."""
    import threading

    code, asked, go = rig.receipt.code, threading.Event(), threading.Event()

    def slow(call: str) -> None:
        if call == "create":
            asked.set()
            go.wait(5)

    rig.net.provider.before = slow
    rig.vm.start(rig.receipt, rig.item)
    assert asked.wait(5) and rig.vm.phase == "starting"
    rig.vm.reset()  # Home
    go.set()
    qtbot.waitUntil(lambda: bool(rig.desk.orders(code)) and all(o.settled and not rig.desk._held(o.out_trade_no)
                                                                 for o in rig.desk.orders(code)), timeout=5000)
    [order] = rig.desk.orders(code)
    assert order.state is PayState.CLOSED
    assert rig.net.gateway.query(order.out_trade_no)["state"] == "CLOSED"
    assert rig.desk.reconcile() == []  # nothing left for the sweep
