"""The payment desk: the native (QR) and payment-code flows, and settling what a crash or a dropped link left.

Every call goes through the books (PaymentBooks._call): journaled before it is sent and after its answer.
Blocking calls with the clock and the sleeper passed in; the view-model runs them through kiosk.tasks.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from domain.models import Receipt
from domain.payment import CHARGED, MAX_REFUND_REASON, OPEN, PayState, Trade, out_trade_no
from domain.payment import refund_no as payment_refund_no
from drivers.base import OrderNotFound, PaymentProvider, PaymentRefused, PaymentUnavailable
from sync.outbox import Outbox
from sync.payments.books import (
    MAX_ATTEMPTS,
    REFUND_SEQ,
    AlreadyPaid,
    Due,
    NoFeeDue,
    Order,
    PaymentBooks,
    PaymentBusy,
    event_seq,
    poll_delays,
)
from sync.store import Store

log = logging.getLogger(__name__)


class PaymentDesk(PaymentBooks):
    def __init__(self, store: Store, provider: PaymentProvider, outbox: Outbox, clock: Callable[[], datetime], *,
                 sleep: Callable[[float], None] = time.sleep, monotonic: Callable[[], float] = time.monotonic,
                 qr_seconds: int = 120, micropay_seconds: float = 30.0, reverse_tries: int = 6,
                 pay_base_url: str = "", channel: str = "K") -> None:
        super().__init__(store, outbox, clock, pay_base_url)
        self.provider = provider
        self.sleep, self.monotonic = sleep, monotonic
        self.qr_seconds, self.micropay_seconds, self.reverse_tries = qr_seconds, micropay_seconds, reverse_tries
        self.channel = channel
        self._active: set[str] = set()  # orders a flow on screen is driving: reconcile leaves them alone
        self._lock = threading.Lock()
        self._sweeping = threading.Lock()
        self._next_sweep = 0.0
        self.sweep_interval = 60.0

    def after_sync(self, report: Any) -> None:
        """The sync engine's listener: once a pass reached the network (at start, and when the link is back),
        settle the orders left open and link dues paid through another channel. At most once a minute."""
        if not getattr(report, "online", False) or self.monotonic() < self._next_sweep:
            return
        if not self._sweeping.acquire(blocking=False):
            return
        try:
            self._next_sweep = self.monotonic() + self.sweep_interval
            self.reconcile()
            self.link_dues()
        except Exception:  # noqa: BLE001 - the sender must go on; the next sweep tries again
            log.exception("payment reconcile failed")
        finally:
            self._sweeping.release()

    def hold(self, no: str) -> None:
        with self._lock:
            self._active.add(no)

    def release(self, no: str) -> None:
        """The screen is done with the order (paid, given up, or the resident left)."""
        with self._lock:
            self._active.discard(no)

    def _held(self, no: str) -> bool:
        with self._lock:
            return no in self._active

    # -- starting an order --------------------------------------------------------------------------
    def _open(self, code: str, amount_cents: int, fee_item: str, flow: str) -> Order:
        """Journal a new order as NEW (after settling the case's last one); refuse if the case is paid."""
        self.owe(code, amount_cents, fee_item)
        for previous in self.orders(code):
            if not previous.settled:
                try:
                    previous = self._settle(previous)
                except PaymentUnavailable as exc:
                    raise PaymentBusy(f"{previous.out_trade_no} is not settled: {exc}") from exc
            if previous.state in CHARGED:
                raise AlreadyPaid(previous.out_trade_no)
            if not previous.settled:
                raise PaymentBusy(f"{previous.out_trade_no} is {previous.state.value}")
        due = self.due(code)
        if due is not None and due.state == "paid":
            raise AlreadyPaid(due.paid_order)
        attempt = 1 + sum(1 for o in self.orders(code) if o.out_trade_no[20:21] == self.channel)
        if attempt > MAX_ATTEMPTS:
            raise PaymentBusy(f"case {code}: {MAX_ATTEMPTS} payment attempts already")
        no = out_trade_no(code, attempt, self.channel)
        now = self._now()
        with self.store.tx() as c:
            c.execute("INSERT INTO payment_orders(out_trade_no, case_code, flow, amount_cents, fee_item, state, "
                      "created_at, updated_at) VALUES(?,?,?,?,?,?,?,?)",
                      (no, code, flow, amount_cents, fee_item, PayState.NEW.value, now, now))
            self._log(c, no, "after", "open", PayState.NEW.value, f"{flow} {amount_cents} {fee_item}")
        self.hold(no)
        return self.order(no)

    def _refused_case_paid(self, order: Order, exc: PaymentRefused) -> None:
        if exc.code == "CASE_PAID":  # paid through another channel: the due is settled, this order never was
            with self.store.tx() as c:
                self._mark_paid(c, order.case_code, exc.trade.out_trade_no if exc.trade else "")
            self.reverse(order.out_trade_no)
            raise AlreadyPaid(exc.trade.out_trade_no if exc.trade else "") from exc
        if exc.code == "CASE_REFUSED":  # the office refused the case: no fee is due, this order never was
            self.reverse(order.out_trade_no)
            raise NoFeeDue(order.case_code) from exc

    # -- native pay (the kiosk shows a QR) ----------------------------------------------------------
    def start_native(self, code: str, amount_cents: int, fee_item: str) -> Order:
        """A QR order for the case: NOTPAY with its code_url (PaymentUnavailable: try again or pay later)."""
        order = self._open(code, amount_cents, fee_item, "native")
        no = order.out_trade_no
        try:
            return self._call(no, "create", lambda: self.provider.create_native(
                no, code, amount_cents, fee_item, self.qr_seconds + 60))
        except PaymentRefused as exc:
            self.release(no)
            self._refused_case_paid(order, exc)
            self.reverse(no)  # never created: make sure a late create cannot be paid
            raise
        except PaymentUnavailable:
            self.release(no)  # no QR to show: reconcile settles the order when the link is back
            raise

    def poll(self, no: str) -> Order:
        """Ask once how the order stands (journaled); a paid order is linked to its case."""
        try:
            return self._call(no, "query", lambda: self.provider.query(no))
        except OrderNotFound:
            return self.order(no)

    def _give_up(self, no: str) -> Order:
        try:
            self._call(no, "close", lambda: self.provider.close_order(no))
        except PaymentRefused as exc:
            if exc.code == "USERPAYING":  # the payer is confirming: give them the payment-code grace, then reverse
                order = self._wait(no, self.monotonic() + self.micropay_seconds, lambda: False)
                return self.reverse(no) if order.state in OPEN else order
            if exc.code != "ORDERPAID":
                log.warning("payment %s: close refused (%s)", no, exc.code)
        except PaymentUnavailable:
            return self.order(no)  # pending close: reconcile settles it when the link is back
        try:
            return self.poll(no)
        except PaymentUnavailable:
            return self.order(no)

    def wait_native(self, no: str, deadline: float, cancelled: Callable[[], bool] = lambda: False) -> Order:
        """Poll with backoff until paid, declined, `deadline` (monotonic) or cancel; then give up if still open.
        The view-model schedules the same polls through kiosk.tasks; this is the headless form of that loop."""
        order = self._wait(no, deadline, cancelled)
        return self.give_up(no) if order.state in OPEN else order

    def give_up(self, no: str) -> Order:
        """Timeout or cancel: close the order, then ask again. Paid meanwhile: it stays paid (no money lost)."""
        try:
            return self._give_up(no)
        finally:
            self.release(no)

    def _wait(self, no: str, deadline: float, cancelled: Callable[[], bool]) -> Order:
        """Query with backoff (poll_delays) while the order is open, until `deadline` or cancel."""
        order = self.order(no)
        for delay in poll_delays():
            if order.state not in OPEN or cancelled() or self.monotonic() >= deadline:
                break
            self.sleep(min(delay, max(0.0, deadline - self.monotonic())))
            try:
                order = self.poll(no)
            except PaymentUnavailable:
                order = self.order(no)  # the link dropped mid-poll: keep asking until the deadline
        return order

    # -- the fee screen's flows: one blocking call per step (sync/payments/checkout.py names the phases) ----
    def begin(self, code: str, amount_cents: int, fee_item: str) -> Order:
        """The fee step starts: record what the case owes, then make its QR order."""
        self.owe(code, amount_cents, fee_item)
        return self.start_native(code, amount_cents, fee_item)

    def switch_to_code(self, code: str, amount_cents: int, fee_item: str, auth_code: str, open_no: str = "",
                       cancelled: Callable[[], bool] = lambda: False) -> Order:
        """The payer shows a payment code instead of scanning the QR: close the QR order `open_no` first; if it
        was paid meanwhile, that is the payment (the code is not charged too). Else charge the code."""
        if open_no:
            closed = self.give_up(open_no)
            if closed.state in CHARGED:
                return closed
        return self.pay_code(code, amount_cents, fee_item, auth_code, cancelled=cancelled)

    def pay_later(self, receipt: Receipt) -> Receipt:
        """The resident goes on without paying: the network is told the fee is owed, the receipt says how."""
        self.leave_unpaid(receipt.code)
        return self.annotate(receipt)

    def walked_off(self, code: str, open_no: str = "") -> None:
        """The session ended with the fee unsettled: close the QR order still open; unless it got paid, tell
        the network that the case still owes its fee."""
        if open_no and self.give_up(open_no).state in CHARGED:
            return
        self.leave_unpaid(code)

    # -- micropay (the kiosk scans the payer's payment code) ----------------------------------------
    def pay_code(self, code: str, amount_cents: int, fee_item: str, auth_code: str,
                 cancelled: Callable[[], bool] = lambda: False) -> Order:
        """Charge a payment code. USERPAYING: query with backoff up to micropay_seconds, then reverse."""
        order = self._open(code, amount_cents, fee_item, "micropay")
        no = order.out_trade_no
        try:
            order = self._call(no, "pay", lambda: self.provider.micropay(no, code, amount_cents, fee_item,
                                                                          auth_code))
        except PaymentRefused as exc:
            self._refused_case_paid(order, exc)
            return self.reverse(no)
        except PaymentUnavailable:
            order = self.order(no)  # outcome unknown: ask until the deadline, then reverse
        try:
            if order.state in OPEN:
                order = self._wait(no, self.monotonic() + self.micropay_seconds, cancelled)
            return self.reverse(no) if order.state in OPEN else order
        finally:
            self.release(no)

    def reverse(self, no: str) -> Order:
        """Cancel the order, giving back any money taken; called again while the gateway says recall."""
        order = self.order(no)
        delays = poll_delays()
        answers: list[Trade] = []

        def call() -> Trade:
            answers.append(self.provider.reverse(no))
            return answers[-1]

        for attempt in range(self.reverse_tries):
            try:
                order = self._call(no, "reverse", call)
            except PaymentUnavailable:
                pass
            except PaymentRefused:
                return self.poll(no)
            else:
                if not answers[-1].recall:
                    return order
            if attempt + 1 < self.reverse_tries:
                self.sleep(next(delays))
        return self.order(no)  # still pending: reconcile goes on with it

    # -- settling what a crash or a dropped link left open ------------------------------------------
    def _settle(self, order: Order) -> Order:
        no = order.out_trade_no
        if order.state in CHARGED and not order.linked:
            order = self._link(order)
        if order.pending == "refund" and order.refund_no:
            return self._send_refund(order)
        if order.state not in OPEN and order.pending not in ("create", "pay", "close", "reverse", "query"):
            return order
        try:
            order = self._call(no, "query", lambda: self.provider.query(no))
        except OrderNotFound:
            order = self.order(no)  # the create or pay never arrived: make sure it never can (tombstone)
        if order.state == PayState.NOTPAY and order.flow == "native":
            return self.give_up(no)
        if order.state in OPEN:
            return self.reverse(no)
        with self.store.tx() as c:
            c.execute("UPDATE payment_orders SET pending='' WHERE out_trade_no=?", (no,))
        return self.order(no)

    def reconcile(self) -> list[Order]:
        """Settle every order left open (at start, and when the network is back); stops at the first
        PaymentUnavailable (the rest wait for the next call). Returns the orders it settled."""
        done = []
        for order in self.unsettled():
            if self._held(order.out_trade_no):
                continue
            try:
                done.append(self._settle(order))
            except PaymentUnavailable:
                break
        return done

    def link_dues(self, limit: int = 50, days: int = 30) -> list[Due]:
        """Unpaid dues of the last `days`: was the case paid through another channel (web, counter)? Then the
        due is paid. At most `limit` per call, the longest unchecked first."""
        since = (self.clock() - timedelta(days=days)).isoformat(timespec="seconds")
        with self.store.read() as c:
            codes = [r[0] for r in c.execute(
                "SELECT case_code FROM payment_dues WHERE state='unpaid' AND created_at >= ? "
                "ORDER BY updated_at LIMIT ?", (since, limit))]
        found = []
        for code in codes:
            if any(not o.settled for o in self.orders(code)):
                continue
            try:
                paid = [t for t in self.provider.orders_for_case(code) if t.state in CHARGED]
            except PaymentUnavailable:
                break
            with self.store.tx() as c:
                c.execute("UPDATE payment_dues SET updated_at=? WHERE case_code=?", (self._now(), code))
            if paid:
                with self.store.tx() as c:
                    self._mark_paid(c, code, paid[0].out_trade_no)
                    self._log(c, paid[0].out_trade_no, "after", "link_due", paid[0].state.value,
                              f"case {code} paid through another channel")
                found.append(self.due(code))
        return [d for d in found if d is not None]

    # -- refunds (staff at the counter) -------------------------------------------------------------
    def refund(self, order_no: str, reason: str, staff_id: str) -> Order:
        """Give a paid order's money back (staff, with a reason): journaled, then a 'payment' case event."""
        if not reason.strip() or not staff_id.strip():
            raise ValueError("a refund needs a reason and the staff member's id")
        if len(reason.strip()) > MAX_REFUND_REASON:
            raise ValueError(f"a refund's reason is at most {MAX_REFUND_REASON} characters")
        order = self.order(order_no)
        if order.state == PayState.REFUND:
            return order
        if order.state not in CHARGED:
            raise PaymentRefused("The payment was refused.", "NOTPAID")
        if not order.refund_no:  # the network may have refunded it already (a refused case's fee goes back)
            order = self._call(order_no, "query", lambda: self.provider.query(order_no))
            if order.state not in CHARGED:
                self._refunded_elsewhere(order)
        refund_no = order.refund_no or payment_refund_no(order_no)
        now = self._now()
        with self.store.tx() as c:
            c.execute("INSERT OR IGNORE INTO payment_refunds(out_refund_no, out_trade_no, amount_cents, reason, "
                      "staff_id, state, created_at, updated_at) VALUES(?,?,?,?,?,?,?,?)",
                      (refund_no, order_no, order.amount_cents, reason.strip(), staff_id.strip(), "pending", now, now))
            # a try the gateway refused moved no money: this one goes with its own reason and clerk (the number
            # stays, so a lost answer to either is still one refund)
            c.execute("UPDATE payment_refunds SET reason=?, staff_id=?, state='pending', updated_at=? "
                      "WHERE out_refund_no=? AND state LIKE 'refused:%'", (reason.strip(), staff_id.strip(), now,
                                                                           refund_no))
            c.execute("UPDATE payment_orders SET refund_no=? WHERE out_trade_no=?", (refund_no, order_no))
        return self._send_refund(self.order(order_no))

    def _refunded_elsewhere(self, order: Order) -> None:
        """The money is back without this kiosk (the network's own refund, or a reverse): the books say so and
        the clerk is told, with no refund in the clerk's name."""
        if order.state == PayState.REFUND:
            with self.store.tx() as c:
                self._mark_refunded(c, order.case_code, order.out_trade_no)
        raise PaymentRefused("The payment was refunded already.",
                             "ORDERREVERSED" if order.state in (PayState.REFUND, PayState.REVOKED) else "NOTPAID")

    def _send_refund(self, order: Order) -> Order:
        no, refund_no = order.out_trade_no, order.refund_no
        with self.store.read() as c:
            r = c.execute("SELECT * FROM payment_refunds WHERE out_refund_no=?", (refund_no,)).fetchone()
        try:
            order = self._call(no, "refund", lambda: self.provider.refund(no, refund_no, int(r["amount_cents"]),
                                                                           r["reason"], r["staff_id"]))
        except PaymentRefused as exc:
            with self.store.tx() as c:
                c.execute("UPDATE payment_refunds SET state=?, updated_at=? WHERE out_refund_no=?",
                          (f"refused:{exc.code}", self._now(), refund_no))
            raise
        with self.store.tx() as c:
            c.execute("UPDATE payment_refunds SET state=?, updated_at=? WHERE out_refund_no=?",
                      (order.state.value, self._now(), refund_no))
            if order.state == PayState.REFUND:
                self._mark_refunded(c, order.case_code, no)
        if order.state == PayState.REFUND:
            self._event(order.case_code, REFUND_SEQ + event_seq(no), {
                "state": PayState.REFUND.value, "out_trade_no": no, "out_refund_no": refund_no,
                "amount_cents": int(r["amount_cents"]), "reason": r["reason"], "staff_id": r["staff_id"]})
        return order

