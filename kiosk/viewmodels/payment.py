"""The fee step after submit: a QR to scan (native pay) or the payer's payment code under the scanner
(micropay), a countdown, polls with backoff, and a way out that never loses money: pay later.

Thin: the phases and their moves are sync/payments/checkout.py's, each step is one PaymentDesk call run through
kiosk.tasks (journaled there). This class keeps the timers (countdown, polls, the pause after paying), drops
results of an earlier attempt or session, and words the outcome. Refunds are the staff screen's.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from domain import regcode as codes
from domain.models import Receipt, ServiceItem
from domain.payment import yuan
from drivers.base import PaymentCode
from drivers.scanner.classify import classify
from kiosk.qt import Property, QObject, QTimer, Signal, Slot
from kiosk.tasks import TaskRunner
from kiosk.viewmodels.common import Context, Lazy, date_text, lazy, show
from kiosk.viewmodels.receipt import print_stored, qr_data_url
from sync.payments import Order, poll_delays
from sync.payments.checkout import BUSY, EXPECTED, LIVE, RETRYABLE, Ending, Phase, after, check_move, failure

log = logging.getLogger(__name__)

WHY: dict[Ending, Lazy] = {
    Ending.DECLINED: lazy("payment", "The payment was declined. Nothing was paid."),
    Ending.EXPIRED: lazy("payment", "The QR code has expired. Nothing was paid."),
    Ending.CANCELLED: lazy("payment", "Payment cancelled. Nothing was paid."),
    Ending.REVERSED: lazy("payment", "The payment was not confirmed in time and has been cancelled. "
                                     "Nothing was paid."),
    Ending.UNAVAILABLE: lazy("payment", "Payment is not available right now. Your application is saved: you can "
                                        "pay later."),
    Ending.UNKNOWN: lazy("payment", "We could not confirm your payment. If money was taken, it is recorded with "
                                    "your application automatically; otherwise please pay later."),
    Ending.ALREADY: lazy("payment", "This application is paid already."),
    Ending.NOT_DUE: lazy("payment", "This application was not accepted, so no fee is due. Nothing was paid."),
}
UNAVAILABLE = WHY[Ending.UNAVAILABLE]
NOT_A_CODE = lazy("payment", "That is not a payment code. Please show the payment code in WeChat or Alipay.")
STATUS: dict[Phase, Lazy] = {
    Phase.STARTING: lazy("payment", "Preparing your payment…"),
    Phase.SHOWING: lazy("payment", "Scan the QR code with WeChat or Alipay and pay on your phone."),
    Phase.PAYING: lazy("payment", "Paying… If your phone asks, please confirm the payment on it."),
    Phase.CLOSING: lazy("payment", "Please wait…"),
    Phase.PAID: lazy("payment", "Payment received. Thank you!"),
}
SLOW = lazy("payment", "The connection is slow. Still checking your payment…")


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
        self._charging: list[Callable[[], None]] = []  # the running charge's: what waits for its end
        self._clear()

    def _clear(self) -> None:
        self._receipt: Receipt | None = None
        self._item: ServiceItem | None = None
        self._order: Order | None = None
        self._phase = Phase.IDLE
        self._qr = ""
        self._deadline = 0.0
        self._why: Ending | None = None
        self._link_trouble = False
        self._cancel = threading.Event()
        self._schedule: Iterator[float] = self.delays()

    # -- properties -------------------------------------------------------------------------------
    def _seconds_left(self) -> int:
        return max(0, int(round(self._deadline - self._monotonic()))) if self._phase in LIVE else 0

    def _status(self) -> str:
        if self._phase == Phase.SHOWING and self._link_trouble:
            return SLOW()
        if self._phase in STATUS:
            return STATUS[self._phase]()
        return show(WHY[self._why]) if self._why is not None else ""

    def _paid_at(self) -> str:
        return date_text(self._order.paid_at.astimezone()) if self._order and self._order.paid_at else ""

    phase = Property(str, lambda self: self._phase.value, notify=changed)
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
    canRetry = Property(bool, lambda self: self._phase in RETRYABLE, notify=changed)
    canCancel = Property(bool, lambda self: self._phase in LIVE, notify=changed)
    payLaterText = Property(str, lambda self: lazy(
        "payment", "Your receipt will say how to pay later: scan its QR code, use the online service website, "
                   "or pay at the counter.")(), notify=changed)

    # -- the journey ------------------------------------------------------------------------------
    def start(self, receipt: Receipt, item: ServiceItem) -> None:
        """The case is stored: collect its fee (the root shows this screen only for a fee-bearing service)."""
        self._gen += 1
        self._stop_timers()
        self._clear()
        self._receipt, self._item = receipt, item
        self._begin()

    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None],
             failed: Callable[[BaseException], None], orphan: Callable[[Any], None] = lambda r: None,
             orphan_failed: Callable[[BaseException], None] = lambda e: None) -> None:
        """Run a step; its answer reaches `done` / `failed` while its attempt is current, else `orphan` /
        `orphan_failed` (the result or failure nobody waits for any more)."""
        gen, session = self._gen, self._ctx.session()

        def current() -> bool:
            return gen == self._gen and session == self._ctx.session()

        self.runner.run(fn, lambda r: done(r) if current() else orphan(r),
                        lambda e: failed(e) if current() else orphan_failed(e))

    @staticmethod
    def _run_all(steps: list[Callable[[], None]]) -> None:
        for step in steps:
            step()

    def _set(self, phase: Phase, why: Ending | None = None) -> None:
        check_move(self._phase, phase)
        self._phase, self._why = phase, why
        if phase not in LIVE:
            self._tick.stop()
        if phase == Phase.PAID:
            self._stop_timers()
            self._onward.start()  # on to the receipt after a pause, or at once with "finish"
        self.changed.emit()
        self.ticked.emit()

    def _fee(self) -> tuple[str, int, str]:
        assert self._receipt is not None and self._item is not None
        return self._receipt.code, self._item.fee_cents, self._item.fee_item or self._item.name

    def _failed(self, otherwise: Ending) -> Callable[[BaseException], None]:
        def failed(exc: BaseException) -> None:
            if not isinstance(exc, EXPECTED):
                log.error("payment step failed", exc_info=exc)
            self._set(*failure(exc, otherwise))

        return failed

    def _begin(self) -> None:
        payments = self._ctx.services.payments
        if payments is None or self._receipt is None or self._item is None:
            return
        self._set(Phase.STARTING)
        self._keep_awake()
        code, cents, fee_item = self._fee()
        self._run(lambda: payments.begin(code, cents, fee_item), self._showing, self._failed(Ending.UNAVAILABLE),
                  lambda order: self.runner.run(lambda: payments.give_up(order.out_trade_no), lambda _: None,
                                                lambda exc: log.error("closing an order nobody shows: %s", exc)))

    def _showing(self, order: Order) -> None:
        self._order = order
        self._qr = qr_data_url(order.code_url)
        self._deadline = self._monotonic() + self.qr_seconds
        self._schedule = self.delays()
        self._set(Phase.SHOWING)
        self._tick.start()
        self._next_poll()

    def _next_poll(self) -> None:
        self._poll.start(int(next(self._schedule) * 1000))

    def _poll_now(self) -> None:
        payments, order = self._ctx.services.payments, self._order
        if self._phase != Phase.SHOWING or payments is None or order is None:
            return
        no = order.out_trade_no
        self._run(lambda: payments.poll(no), self._polled, self._poll_failed)

    def _polled(self, order: Order) -> None:
        if self._phase != Phase.SHOWING:
            return
        self._link_trouble = False
        self._after(order, polling=True)

    def _poll_failed(self, exc: BaseException) -> None:
        if self._phase != Phase.SHOWING:
            return
        self._link_trouble = True  # a network drop mid-poll: keep asking until the countdown ends
        self.changed.emit()
        self._next_poll()

    def _after(self, order: Order, *, polling: bool = False, ended: Ending = Ending.EXPIRED) -> None:
        """Act on how the order stands (checkout.after decides the phase)."""
        self._order = order
        phase, why = after(order.state, polling=polling, ended=ended)
        if phase == Phase.SHOWING:
            self.changed.emit()
            self._next_poll()
            return
        self._stop_timers()
        if phase != Phase.PAID:
            self._release(order)
        self._set(phase, why)

    def _on_tick(self) -> None:
        self._keep_awake()
        self.ticked.emit()
        if self._phase == Phase.SHOWING and self._seconds_left() <= 0:
            self._give_up(Ending.EXPIRED)

    def _give_up(self, why: Ending) -> None:
        payments, order = self._ctx.services.payments, self._order
        if payments is None or order is None:
            return
        self._poll.stop()
        self._set(Phase.CLOSING)
        no = order.out_trade_no
        self._run(lambda: payments.give_up(no), lambda o: self._after(o, ended=why),
                  lambda e: self._set(Phase.OFFLINE, Ending.UNKNOWN))

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
        if self._phase == Phase.SHOWING:
            self._give_up(Ending.CANCELLED)
        elif self._phase == Phase.PAYING:
            self._cancel.set()

    @Slot()
    def retry(self) -> None:
        if self._phase in RETRYABLE:
            self._gen += 1
            self._begin()

    @Slot(str)
    def scanned(self, text: str) -> None:
        """A payment code under the scanner: the desk closes the QR order (unless it got paid) and charges it."""
        takes_code = self._phase == Phase.SHOWING or self._phase in RETRYABLE
        scan = classify(text)
        if not isinstance(scan, PaymentCode):
            if takes_code:
                self._ctx.alert(NOT_A_CODE)
            return
        payments, order = self._ctx.services.payments, self._order
        if payments is None or self._receipt is None or self._item is None or not takes_code:
            return
        open_no = order.out_trade_no if order is not None and self._phase == Phase.SHOWING else ""
        code, cents, fee_item = self._fee()
        self._stop_timers()
        self._cancel = cancel = threading.Event()
        self._deadline = self._monotonic() + self.micropay_seconds
        self._set(Phase.PAYING)
        self._tick.start()
        self._keep_awake()
        self._charging = after_charge = []  # a resident who leaves meanwhile: her receipt waits for this end
        self._run(lambda: payments.switch_to_code(code, cents, fee_item, scan.code, open_no, cancel.is_set),
                  lambda o: self._after(o, ended=Ending.CANCELLED if cancel.is_set() else Ending.REVERSED),
                  self._failed(Ending.UNKNOWN), lambda _o: self._run_all(after_charge),
                  lambda _e: self._run_all(after_charge))

    @Slot()
    def payLater(self) -> None:  # noqa: N802 - QML calls it by this camelCase name
        """Go on without paying: the case is queued unpaid and the receipt says how to pay."""
        payments, receipt = self._ctx.services.payments, self._receipt
        if receipt is None or payments is None or self._phase in BUSY:
            return
        self._set(Phase.CLOSING)
        self._run(lambda: payments.pay_later(receipt), self._finished, lambda e: self._finished(receipt))

    @Slot()
    def finish(self) -> None:
        """Paid: on to the receipt, which now shows the amount, the order number and the paid time."""
        self._onward.stop()
        payments, receipt = self._ctx.services.payments, self._receipt
        if receipt is None or payments is None or self._phase != Phase.PAID:
            return
        self._set(Phase.CLOSING)
        self._run(lambda: payments.annotate(receipt), self._finished, lambda e: self._finished(receipt))

    def _finished(self, receipt: Receipt) -> None:
        self._set(Phase.IDLE)
        self._on_finish(receipt)

    # -- the root's hooks -------------------------------------------------------------------------
    def reset(self) -> None:
        """The session ended (home, idle) before the receipt screen: in the background an order still open is
        closed and the network told the fee is owed (PaymentDesk.walked_off), then the case's receipt prints
        all the same, saying what was paid or how to pay: the resident who touched Home leaves with its code."""
        services = self._ctx.services
        payments, order, phase, receipt = services.payments, self._order, self._phase, self._receipt
        self._gen += 1
        self._stop_timers()
        self._onward.stop()
        if phase == Phase.PAYING:
            self._cancel.set()  # pay_code reverses on its own thread
        if payments is not None and receipt is not None and phase != Phase.IDLE:  # IDLE: handed to the receipt
            owed = phase in BUSY or phase in RETRYABLE
            open_no = order.out_trade_no if order is not None and phase in (
                Phase.SHOWING, Phase.CLOSING, Phase.STARTING) else ""

            def leave() -> None:
                try:
                    if owed:
                        payments.walked_off(receipt.code, open_no)
                finally:
                    print_stored(services, payments.annotate(receipt))

            def left() -> None:
                self.runner.run(leave, lambda _: None, lambda exc: log.error("after the resident left: %s", exc))

            if phase == Phase.PAYING:  # the charge still runs: its end says whether the receipt says paid
                self._charging.append(left)
            else:
                left()
        self._clear()
        self.changed.emit()
        self.ticked.emit()

    def back(self) -> bool:
        """No way back from here: the case is stored. Cancel, pay later or go home (which closes the order)."""
        return True

    def prompt(self) -> Lazy | None:
        if self._phase == Phase.SHOWING:
            return lazy("payment", "Please scan the QR code with WeChat or Alipay to pay %1, or show your "
                                   "payment code to the scanner.", yuan(self._item.fee_cents) if self._item else "")
        return None

    def retranslate(self) -> None:
        self.changed.emit()
