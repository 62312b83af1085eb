"""The fee step after submit: a QR to scan (native pay) or the payer's payment code under the scanner
(micropay), a countdown, polls with backoff, and a way out that never loses money: pay later.

Every call goes through kiosk.tasks to the PaymentService (sync/payments.py), which journals it. On timeout or
cancel the order is closed and asked about once more, so a payment that raced the close counts as paid.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from domain import regcode as codes
from domain.models import Receipt, ServiceItem
from domain.payment import PayState, yuan
from drivers.base import PaymentCode, PaymentUnavailable
from drivers.scanner.classify import classify
from kiosk.qt import Property, QObject, QTimer, Signal, Slot
from kiosk.tasks import TaskRunner
from kiosk.viewmodels.common import Context, Lazy, date_text, lazy, show
from kiosk.viewmodels.receipt import qr_data_url
from sync.payments import AlreadyPaid, Order, PaymentBusy, poll_delays

log = logging.getLogger(__name__)

IDLE, STARTING, SHOWING, PAYING, CLOSING, PAID, FAILED, OFFLINE = (
    "", "starting", "showing", "paying", "closing", "paid", "failed", "offline")
BUSY = (STARTING, SHOWING, PAYING, CLOSING)  # an order is in flight: the idle guard is held off

DECLINED = lazy("payment", "The payment was declined. Nothing was paid.")
EXPIRED = lazy("payment", "The QR code has expired. Nothing was paid.")
CANCELLED = lazy("payment", "Payment cancelled. Nothing was paid.")
REVERSED = lazy("payment", "The payment was not confirmed in time and has been cancelled. Nothing was paid.")
UNAVAILABLE = lazy("payment", "Payment is not available right now. Your application is saved: you can pay later.")
UNKNOWN = lazy("payment", "We could not confirm your payment. If money was taken, it is recorded with your "
                          "application automatically; otherwise please pay later.")
ALREADY = lazy("payment", "This application is paid already.")
NOT_A_CODE = lazy("payment", "That is not a payment code. Please show the payment code in WeChat or Alipay.")


class PaymentViewModel(QObject):
    changed = Signal()
    ticked = Signal()

    def __init__(self, ctx: Context, on_finish: Callable[[Receipt], None],
                 keep_awake: Callable[[], None] = lambda: None, *, qr_seconds: int = 120,
                 micropay_seconds: int = 30, paid_pause_ms: int = 4000, tick_ms: int = 1000,
                 monotonic: Callable[[], float] = time.monotonic,
                 delays: Callable[[], Iterator[float]] = poll_delays) -> None:
        super().__init__()
        self._ctx, self._on_finish, self._keep_awake = ctx, on_finish, keep_awake
        self.qr_seconds, self.micropay_seconds = qr_seconds, micropay_seconds
        self._monotonic, self.delays = monotonic, delays  # delays: seconds between polls (poll_delays)
        self.runner = TaskRunner(parent=self)  # its own: a 30 s wait for the payer must not make the kiosk look busy
        self._tick = QTimer(self)
        self._tick.setInterval(tick_ms)
        self._tick.timeout.connect(self._on_tick)
        self._poll = QTimer(self)
        self._poll.setSingleShot(True)
        self._poll.timeout.connect(self._poll_now)
        self._onward = QTimer(self)
        self._onward.setSingleShot(True)
        self._onward.setInterval(paid_pause_ms)
        self._onward.timeout.connect(self.finish)
        self._gen = 0  # results of an earlier attempt (or session) are dropped
        self._clear()

    def _clear(self) -> None:
        self._receipt: Receipt | None = None
        self._item: ServiceItem | None = None
        self._order: Order | None = None
        self._phase = IDLE
        self._qr = ""
        self._deadline = 0.0
        self._why: Lazy | None = None
        self._link_trouble = False
        self._cancel = threading.Event()
        self._schedule: Iterator[float] = self.delays()
        self._staff_orders: list[dict[str, Any]] = []
        self._staff_status: Lazy | None = None

    # -- properties -------------------------------------------------------------------------------
    def _seconds_left(self) -> int:
        return max(0, int(round(self._deadline - self._monotonic()))) if self._phase in (SHOWING, PAYING) else 0

    def _status(self) -> str:
        if self._phase == STARTING:
            return lazy("payment", "Preparing your payment…")()
        if self._phase == SHOWING:
            if self._link_trouble:
                return lazy("payment", "The connection is slow. Still checking your payment…")()
            return lazy("payment", "Scan the QR code with WeChat or Alipay and pay on your phone.")()
        if self._phase == PAYING:
            return lazy("payment", "Paying… If your phone asks, please confirm the payment on it.")()
        if self._phase == CLOSING:
            return lazy("payment", "Please wait…")()
        if self._phase == PAID:
            return lazy("payment", "Payment received. Thank you!")()
        return show(self._why)

    def _paid_at(self) -> str:
        return date_text(self._order.paid_at.astimezone()) if self._order and self._order.paid_at else ""

    phase = Property(str, lambda self: self._phase, notify=changed)
    amount = Property(str, lambda self: yuan(self._item.fee_cents) if self._item else "", notify=changed)
    feeItem = Property(str, lambda self: (self._item.fee_item or self._item.name) if self._item else "",
                       notify=changed)
    serviceName = Property(str, lambda self: self._item.name if self._item else "", notify=changed)
    caseCode = Property(str, lambda self: codes.pretty(self._receipt.code) if self._receipt else "", notify=changed)
    qr = Property(str, lambda self: self._qr, notify=changed)
    status = Property(str, _status, notify=changed)
    secondsLeft = Property(int, _seconds_left, notify=ticked)
    orderNo = Property(str, lambda self: self._order.out_trade_no if self._order else "", notify=changed)
    paidAt = Property(str, _paid_at, notify=changed)
    canRetry = Property(bool, lambda self: self._phase in (FAILED, OFFLINE), notify=changed)
    canCancel = Property(bool, lambda self: self._phase in (SHOWING, PAYING), notify=changed)
    payLaterText = Property(str, lambda self: lazy(
        "payment", "Your receipt will say how to pay later: scan its QR code, use the online service website, "
                   "or pay at the counter.")(), notify=changed)
    staffOrders = Property("QVariantList", lambda self: self._staff_orders, notify=changed)
    staffStatus = Property(str, lambda self: show(self._staff_status), notify=changed)

    # -- the journey ------------------------------------------------------------------------------
    def start(self, receipt: Receipt, item: ServiceItem) -> None:
        """The case is stored: collect its fee (the root shows this screen only for a fee-bearing service)."""
        self._gen += 1
        self._stop_timers()
        self._clear()
        self._receipt, self._item = receipt, item
        self._begin_native()

    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None],
             failed: Callable[[BaseException], None]) -> None:
        gen, session = self._gen, self._ctx.session()

        def current() -> bool:
            return gen == self._gen and session == self._ctx.session()

        self.runner.run(fn, lambda r: done(r) if current() else None,
                             lambda e: failed(e) if current() else None)

    def _set(self, phase: str, why: Lazy | None = None) -> None:
        self._phase, self._why = phase, why
        if phase not in (SHOWING, PAYING):
            self._tick.stop()
        self.changed.emit()
        self.ticked.emit()

    def _begin_native(self) -> None:
        payments, receipt, item = self._ctx.services.payments, self._receipt, self._item
        if payments is None or receipt is None or item is None:
            return
        self._set(STARTING)
        self._keep_awake()

        def begin() -> Order:
            payments.owe(receipt.code, item.fee_cents, item.fee_item or item.name)
            return payments.start_native(receipt.code, item.fee_cents, item.fee_item or item.name)

        self._run(begin, self._showing, self._start_failed)

    def _start_failed(self, exc: BaseException) -> None:
        if isinstance(exc, AlreadyPaid):
            self._set(PAID, ALREADY)
            self._onward.start()
            return
        if not isinstance(exc, (PaymentUnavailable, PaymentBusy)):
            log.error("payment could not start", exc_info=exc)
        self._set(OFFLINE, UNAVAILABLE)

    def _showing(self, order: Order) -> None:
        self._order = order
        self._qr = qr_data_url(order.code_url)
        self._deadline = self._monotonic() + self.qr_seconds
        self._schedule = self.delays()
        self._set(SHOWING)
        self._tick.start()
        self._next_poll()

    def _next_poll(self) -> None:
        self._poll.start(int(next(self._schedule) * 1000))

    def _poll_now(self) -> None:
        payments, order = self._ctx.services.payments, self._order
        if self._phase != SHOWING or payments is None or order is None:
            return
        no = order.out_trade_no
        self._run(lambda: payments.poll(no), self._polled, self._poll_failed)

    def _polled(self, order: Order) -> None:
        if self._phase != SHOWING:
            return
        self._order, self._link_trouble = order, False
        self._after(order, keep_polling=True)

    def _poll_failed(self, exc: BaseException) -> None:
        if self._phase != SHOWING:
            return
        self._link_trouble = True  # a network drop mid-poll: keep asking until the countdown ends
        self.changed.emit()
        self._next_poll()

    def _after(self, order: Order, keep_polling: bool = False, ended: Lazy | None = None) -> None:
        """Act on how the order stands."""
        self._order = order
        if order.state == PayState.SUCCESS:
            self._stop_timers()
            self._set(PAID)
            self._onward.start()
        elif order.state == PayState.PAYERROR:
            self._stop_timers()
            self._release(order)
            self._set(FAILED, DECLINED)
        elif order.state in (PayState.CLOSED, PayState.REVOKED):
            self._stop_timers()
            self._release(order)
            self._set(FAILED, ended or EXPIRED)
        elif keep_polling:
            self.changed.emit()
            self._next_poll()
        else:
            self._stop_timers()
            self._release(order)
            self._set(OFFLINE, UNKNOWN)  # the close or reverse is pending: reconcile settles it

    def _on_tick(self) -> None:
        self._keep_awake()
        self.ticked.emit()
        if self._phase == SHOWING and self._seconds_left() <= 0:
            self._give_up(EXPIRED)

    def _give_up(self, why: Lazy) -> None:
        payments, order = self._ctx.services.payments, self._order
        if payments is None or order is None:
            return
        self._poll.stop()
        self._set(CLOSING)
        no = order.out_trade_no
        self._run(lambda: payments.give_up(no), lambda o: self._after(o, ended=why),
                  lambda e: self._set(OFFLINE, UNKNOWN))

    def _release(self, order: Order) -> None:
        payments = self._ctx.services.payments
        if payments is not None:
            payments.release(order.out_trade_no)

    def _stop_timers(self) -> None:
        self._tick.stop()
        self._poll.stop()

    # -- slots ------------------------------------------------------------------------------------
    @Slot()
    def cancel(self) -> None:
        """The resident stops: close the QR order (paid meanwhile still counts), or reverse a payment code."""
        if self._phase == SHOWING:
            self._give_up(CANCELLED)
        elif self._phase == PAYING:
            self._cancel.set()

    @Slot()
    def retry(self) -> None:
        if self._phase in (FAILED, OFFLINE):
            self._gen += 1
            self._begin_native()

    @Slot(str)
    def scanned(self, text: str) -> None:
        """A payment code under the scanner: close the QR order (unless it got paid) and charge the code."""
        scan = classify(text)
        if not isinstance(scan, PaymentCode):
            if self._phase in (SHOWING, FAILED, OFFLINE):
                self._ctx.alert(NOT_A_CODE)
            return
        payments, receipt, item, order = self._ctx.services.payments, self._receipt, self._item, self._order
        if payments is None or receipt is None or item is None or self._phase not in (SHOWING, FAILED, OFFLINE):
            return
        open_no = order.out_trade_no if order is not None and self._phase == SHOWING else ""
        self._stop_timers()
        self._cancel = cancel = threading.Event()
        self._deadline = self._monotonic() + self.micropay_seconds
        self._set(PAYING)
        self._tick.start()
        self._keep_awake()

        def pay() -> Order:
            if open_no:
                closed = payments.give_up(open_no)
                if closed.state == PayState.SUCCESS:
                    return closed  # the QR was paid just now: do not charge the code too
            return payments.pay_code(receipt.code, item.fee_cents, item.fee_item or item.name, scan.code,
                                     cancelled=cancel.is_set)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, AlreadyPaid):
                self._set(PAID, ALREADY)
                self._onward.start()
            else:
                self._set(OFFLINE, UNAVAILABLE if isinstance(exc, (PaymentUnavailable, PaymentBusy)) else UNKNOWN)

        self._run(pay, lambda o: self._after(o, ended=CANCELLED if cancel.is_set() else REVERSED), failed)

    @Slot()
    def payLater(self) -> None:  # noqa: N802
        """Go on without paying: the case is queued unpaid and the receipt says how to pay."""
        payments, receipt = self._ctx.services.payments, self._receipt
        if receipt is None or payments is None or self._phase in BUSY:
            return
        code = receipt.code
        self._set(CLOSING)

        def later() -> Receipt:
            payments.leave_unpaid(code)
            return payments.annotate(receipt)

        self._run(later, self._finished, lambda e: self._finished(receipt))

    @Slot()
    def finish(self) -> None:
        """Paid: on to the receipt, which now shows the amount, the order number and the paid time."""
        self._onward.stop()
        payments, receipt = self._ctx.services.payments, self._receipt
        if receipt is None or payments is None or self._phase != PAID:
            return
        self._set(CLOSING)
        self._run(lambda: payments.annotate(receipt), self._finished, lambda e: self._finished(receipt))

    def _finished(self, receipt: Receipt) -> None:
        self._phase = IDLE
        self._on_finish(receipt)

    # -- staff at the counter (behind the staff PIN; the staff screens call these) -----------------
    @Slot(str)
    def lookupOrders(self, code: str) -> None:  # noqa: N802
        payments = self._ctx.services.payments
        if payments is None:
            return

        def found(orders: list[Order]) -> None:
            self._staff_orders = [{"orderNo": o.out_trade_no, "state": o.state.value, "amount": yuan(o.amount_cents),
                                   "paidAt": date_text(o.paid_at), "refundable": o.state == PayState.SUCCESS}
                                  for o in orders]
            self.changed.emit()

        self.runner.run(lambda: payments.orders(code), found, lambda e: None)

    @Slot(str, str, str)
    def refund(self, order_no: str, reason: str, staff_id: str) -> None:
        """Give a paid order's money back (journaled, then told to the network as a case event)."""
        payments = self._ctx.services.payments
        if payments is None:
            return
        self._staff_status = lazy("payment", "Refunding…")
        self.changed.emit()

        def done(order: Order) -> None:
            ok = order.state == PayState.REFUND
            self._staff_status = lazy("payment", "Refunded %1.", yuan(order.amount_cents)) if ok else \
                lazy("payment", "The refund is not confirmed yet; it will be retried.")
            self.lookupOrders(order.case_code)

        def failed(exc: BaseException) -> None:
            self._staff_status = lazy("payment", "The refund was refused: %1", str(exc)[:80]) \
                if not isinstance(exc, PaymentUnavailable) else UNAVAILABLE
            self.changed.emit()

        self.runner.run(lambda: payments.refund(order_no, reason, staff_id), done, failed)

    # -- the root's hooks -------------------------------------------------------------------------
    def reset(self) -> None:
        """The session ended (home, idle): an order still open is closed in the background."""
        payments, order, phase = self._ctx.services.payments, self._order, self._phase
        self._gen += 1
        self._stop_timers()
        self._onward.stop()
        receipt = self._receipt
        if phase == PAYING:
            self._cancel.set()  # pay_code reverses on its own thread
        if payments is not None and receipt is not None and phase in BUSY + (FAILED, OFFLINE):
            no = order.out_trade_no if order is not None and phase in (SHOWING, CLOSING, STARTING) else ""

            def walked_off() -> None:  # the case is stored and still owes its fee: say so to the network
                if no and payments.give_up(no).state == PayState.SUCCESS:
                    return
                payments.leave_unpaid(receipt.code)

            self.runner.run(walked_off, lambda _: None, lambda exc: log.error("after the resident left: %s", exc))
        self._clear()
        self.changed.emit()
        self.ticked.emit()

    def back(self) -> bool:
        """No way back from here: the case is stored. Cancel, pay later or go home (which closes the order)."""
        return True

    def prompt(self) -> Lazy | None:
        if self._phase == SHOWING:
            return lazy("payment", "Please scan the QR code with WeChat or Alipay to pay %1, or show your "
                                   "payment code to the scanner.", yuan(self._item.fee_cents) if self._item else "")
        return None

    def retranslate(self) -> None:
        self.changed.emit()
