"""The payment books: every order of the kiosk's cases, a journal entry before and after each call to the
gateway, what each case owes, refunds, and the 'payment' case events that link a paid order to its case.

PaymentBooks holds no flow: the desk (sync/payments/desk.py) decides which call to make; the books record it.
"""
from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from domain.models import Receipt
from domain.payment import CHARGED, OPEN, PayState, Trade, can_move
from domain.status import EventKind
from drivers.base import OrderNotFound, PaymentRefused, PaymentUnavailable
from sync.outbox import DuplicateEvent, Outbox
from sync.store import Store

log = logging.getLogger(__name__)

SCHEMA: tuple[str, ...] = (
    """
    CREATE TABLE payment_orders (
        out_trade_no TEXT PRIMARY KEY,
        case_code TEXT NOT NULL REFERENCES cases(code),
        flow TEXT NOT NULL,                    -- native | micropay
        amount_cents INTEGER NOT NULL,
        fee_item TEXT NOT NULL,
        state TEXT NOT NULL,                   -- domain.payment.PayState
        pending TEXT NOT NULL DEFAULT '',      -- the call sent and not answered: create pay query close reverse refund
        code_url TEXT NOT NULL DEFAULT '',
        expires_at TEXT,
        transaction_id TEXT NOT NULL DEFAULT '',
        paid_at TEXT,
        linked INTEGER NOT NULL DEFAULT 0,     -- the 'payment' case event is queued
        refund_no TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_error TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX payment_orders_case ON payment_orders(case_code);
    CREATE TABLE payment_journal (
        id INTEGER PRIMARY KEY,
        out_trade_no TEXT NOT NULL,
        at TEXT NOT NULL,
        phase TEXT NOT NULL,                   -- before | after | failed
        call TEXT NOT NULL,
        state TEXT NOT NULL,                   -- the order's state after this entry
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX payment_journal_order ON payment_journal(out_trade_no, id);
    CREATE TABLE payment_dues (
        case_code TEXT PRIMARY KEY REFERENCES cases(code),
        amount_cents INTEGER NOT NULL,
        fee_item TEXT NOT NULL,
        state TEXT NOT NULL,                   -- unpaid | paid | refunded
        paid_order TEXT NOT NULL DEFAULT '',
        told INTEGER NOT NULL DEFAULT 0,       -- the network was told it is unpaid (pay later)
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE payment_refunds (
        out_refund_no TEXT PRIMARY KEY,
        out_trade_no TEXT NOT NULL REFERENCES payment_orders(out_trade_no),
        amount_cents INTEGER NOT NULL,
        reason TEXT NOT NULL,
        staff_id TEXT NOT NULL,
        state TEXT NOT NULL,                   -- pending | REFUND | refused:<code>
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    """,
)

UNPAID_SEQ = 0  # event <code>:payment:0 tells the network the fee is still owed
REFUND_SEQ = 1000  # event <code>:payment:<1000 + attempt> tells it the money went back


class PaymentBusy(RuntimeError):
    """The case's last order is not settled yet (its answer was lost): reconcile before starting another."""


class AlreadyPaid(RuntimeError):
    """The case is paid already (here or through another channel)."""


class NoFeeDue(RuntimeError):
    """The office refused the case (不予受理 / 不予办理): the network takes no payment for it."""


@dataclass(frozen=True)
class Order:
    out_trade_no: str
    case_code: str
    flow: str
    amount_cents: int
    fee_item: str
    state: PayState
    pending: str = ""
    code_url: str = ""
    transaction_id: str = ""
    expires_at: datetime | None = None
    paid_at: datetime | None = None
    linked: bool = False
    refund_no: str = ""
    last_error: str = ""

    @property
    def settled(self) -> bool:
        return self.state not in OPEN and not self.pending and (self.state not in CHARGED or self.linked)


@dataclass(frozen=True)
class Due:
    """What a case owes: `unpaid` until an order of it is paid (at the kiosk, the web, the counter)."""

    case_code: str
    amount_cents: int
    fee_item: str
    state: str
    paid_order: str = ""


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


CHANNEL_SEQ = {"K": 0, "C": 200, "W": 400}  # payment event numbers of an order: channel base + attempt
MAX_ATTEMPTS = 199


def event_seq(no: str) -> int:
    """The number in a paid order's case event key <code>:payment:<n> (refunds: REFUND_SEQ + n)."""
    return CHANNEL_SEQ.get(no[20:21], 600) + int(no[21:] or 0)


def poll_delays(first: float = 1.0, factor: float = 1.5, cap: float = 4.0) -> Iterator[float]:
    """Seconds between queries: 1, 1.5, 2.25, 3.4, 4, 4, … (fast at first, when most payers finish)."""
    delay = first
    while True:
        yield delay
        delay = min(cap, delay * factor)



class PaymentBooks:
    def __init__(self, store: Store, outbox: Outbox, clock: Callable[[], datetime],
                 pay_base_url: str = "") -> None:
        store.ensure_schema("payments", SCHEMA)
        self.store, self.outbox, self.clock = store, outbox, clock
        self.pay_base_url = pay_base_url.rstrip("/")

    # -- reading ------------------------------------------------------------------------------------
    @staticmethod
    def _order(r: sqlite3.Row) -> Order:
        return Order(out_trade_no=r["out_trade_no"], case_code=r["case_code"], flow=r["flow"],
                     amount_cents=int(r["amount_cents"]), fee_item=r["fee_item"], state=PayState(r["state"]),
                     pending=r["pending"], code_url=r["code_url"], transaction_id=r["transaction_id"],
                     expires_at=_dt(r["expires_at"]), paid_at=_dt(r["paid_at"]), linked=bool(r["linked"]),
                     refund_no=r["refund_no"], last_error=r["last_error"])

    def order(self, no: str) -> Order:
        with self.store.read() as c:
            r = c.execute("SELECT * FROM payment_orders WHERE out_trade_no=?", (no,)).fetchone()
        if r is None:
            raise KeyError(no)
        return self._order(r)

    def orders(self, code: str) -> list[Order]:
        with self.store.read() as c:
            rows = c.execute("SELECT * FROM payment_orders WHERE case_code=? ORDER BY created_at, out_trade_no",
                             (code,)).fetchall()
        return [self._order(r) for r in rows]

    def unsettled(self) -> list[Order]:
        open_states = ",".join(f"'{s.value}'" for s in OPEN)
        with self.store.read() as c:
            rows = c.execute(f"SELECT * FROM payment_orders WHERE state IN ({open_states}) OR pending != '' "
                             f"OR (state='SUCCESS' AND linked=0) ORDER BY created_at").fetchall()
        return [self._order(r) for r in rows]

    def due(self, code: str) -> Due | None:
        with self.store.read() as c:
            r = c.execute("SELECT * FROM payment_dues WHERE case_code=?", (code,)).fetchone()
        return Due(r["case_code"], int(r["amount_cents"]), r["fee_item"], r["state"], r["paid_order"]) if r else None

    def journal(self, no: str) -> list[tuple[str, str, str, str]]:
        """(phase, call, state, detail) of every entry about an order, oldest first."""
        with self.store.read() as c:
            return [(r["phase"], r["call"], r["state"], r["detail"]) for r in c.execute(
                "SELECT * FROM payment_journal WHERE out_trade_no=? ORDER BY id", (no,))]

    # -- the journal: before and after every call ---------------------------------------------------
    def _now(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    def _log(self, c: sqlite3.Connection, no: str, phase: str, call: str, state: str, detail: str = "") -> None:
        c.execute("INSERT INTO payment_journal(out_trade_no, at, phase, call, state, detail) VALUES(?,?,?,?,?,?)",
                  (no, self._now(), phase, call, state, detail[:500]))

    def _before(self, no: str, call: str) -> None:
        with self.store.tx() as c:
            state = c.execute("SELECT state FROM payment_orders WHERE out_trade_no=?", (no,)).fetchone()["state"]
            c.execute("UPDATE payment_orders SET pending=?, updated_at=? WHERE out_trade_no=?", (call, self._now(), no))
            self._log(c, no, "before", call, state)

    def _failed(self, no: str, call: str, exc: Exception) -> None:
        """No answer: the call may or may not have taken effect; `pending` stays for reconcile."""
        with self.store.tx() as c:
            state = c.execute("SELECT state FROM payment_orders WHERE out_trade_no=?", (no,)).fetchone()["state"]
            c.execute("UPDATE payment_orders SET last_error=?, updated_at=? WHERE out_trade_no=?",
                      (str(exc)[:300], self._now(), no))
            self._log(c, no, "failed", call, state, str(exc))

    def _after(self, no: str, call: str, trade: Trade | None, detail: str = "") -> Order:
        """Record an answer: the state moves only as domain.payment allows (an older answer is ignored)."""
        with self.store.tx() as c:
            r = c.execute("SELECT * FROM payment_orders WHERE out_trade_no=?", (no,)).fetchone()
            old = PayState(r["state"])
            sets: dict[str, Any] = {"pending": "", "last_error": "", "updated_at": self._now()}
            if trade is not None:
                if can_move(old, trade.state):
                    sets["state"] = trade.state.value
                else:
                    detail = f"{detail} (answer {trade.state.value} after {old.value}: kept {old.value})".strip()
                    log.warning("payment %s: %s", no, detail)
                for key in ("code_url", "transaction_id"):
                    if getattr(trade, key):
                        sets[key] = getattr(trade, key)
                for key in ("expires_at", "paid_at"):
                    if getattr(trade, key) is not None:
                        sets[key] = getattr(trade, key).isoformat(timespec="seconds")
            c.execute(f"UPDATE payment_orders SET {', '.join(f'{k}=?' for k in sets)} WHERE out_trade_no=?",
                      (*sets.values(), no))
            self._log(c, no, "after", call, sets.get("state", old.value), detail or (trade.message if trade else ""))
        order = self.order(no)
        if order.state in CHARGED and not order.linked:
            order = self._link(order)
        return order

    def _call(self, no: str, call: str, fn: Callable[[], Trade]) -> Order:
        """Journal, call, journal. PaymentUnavailable is re-raised after the failure is journaled; a refusal is
        an answer (its order state is taken) and is re-raised for the caller to act on."""
        self._before(no, call)
        try:
            trade = fn()
        except PaymentUnavailable as exc:
            self._failed(no, call, exc)
            raise
        except PaymentRefused as exc:
            mine = exc.trade if exc.trade is not None and exc.trade.out_trade_no == no else None
            self._after(no, call, mine, f"refused: {exc.code}")
            raise
        except OrderNotFound:
            self._after(no, call, None, "the gateway has no such order")
            raise
        return self._after(no, call, trade)

    # -- linking a paid order to its case -----------------------------------------------------------
    def _event(self, code: str, seq: int, body: dict[str, Any]) -> None:
        try:
            self.outbox.add_event(code, EventKind.PAYMENT, body, seq)
        except DuplicateEvent:
            pass  # queued before a crash: the key makes it once

    def _link(self, order: Order) -> Order:
        """A paid order: tell the network's case (an event sent after the case) and mark the due paid."""
        self._event(order.case_code, event_seq(order.out_trade_no), {
            "state": PayState.SUCCESS.value, "out_trade_no": order.out_trade_no, "flow": order.flow,
            "amount_cents": order.amount_cents, "fee_item": order.fee_item, "transaction_id": order.transaction_id,
            "paid_at": order.paid_at.isoformat(timespec="seconds") if order.paid_at else None})
        with self.store.tx() as c:
            c.execute("UPDATE payment_orders SET linked=1 WHERE out_trade_no=?", (order.out_trade_no,))
            self._mark_paid(c, order.case_code, order.out_trade_no)
            self._log(c, order.out_trade_no, "after", "link", order.state.value, "case event queued")
        return self.order(order.out_trade_no)

    def _mark_paid(self, c: sqlite3.Connection, code: str, order_no: str) -> None:
        c.execute("UPDATE payment_dues SET state='paid', paid_order=?, updated_at=? WHERE case_code=?",
                  (order_no, self._now(), code))

    def _mark_refunded(self, c: sqlite3.Connection, code: str, order_no: str) -> None:
        c.execute("UPDATE payment_dues SET state='refunded', updated_at=? WHERE case_code=? AND paid_order=?",
                  (self._now(), code, order_no))

    # -- what a case owes -----------------------------------------------------------------------------
    def owe(self, code: str, amount_cents: int, fee_item: str) -> Due:
        """Record that a stored case owes a fee (the payment step starts, or the kiosk is offline)."""
        if amount_cents <= 0:
            raise ValueError("a due is for a fee-bearing service")
        now = self._now()
        with self.store.tx() as c:
            c.execute("INSERT OR IGNORE INTO payment_dues(case_code, amount_cents, fee_item, state, created_at, "
                      "updated_at) VALUES(?,?,?,?,?,?)", (code, amount_cents, fee_item, "unpaid", now, now))
        due = self.due(code)
        assert due is not None
        return due

    def leave_unpaid(self, code: str) -> Due:
        """The resident pays later (offline, declined, walked off): the network is told the fee is owed."""
        due = self.due(code)
        if due is None:
            raise KeyError(code)
        if due.state == "unpaid":
            self._event(code, UNPAID_SEQ, {"state": "UNPAID", "amount_cents": due.amount_cents,
                                           "fee_item": due.fee_item, "pay_url": self.pay_url(code)})
            with self.store.tx() as c:
                c.execute("UPDATE payment_dues SET told=1 WHERE case_code=?", (code,))
        return due

    def pay_url(self, code: str) -> str:
        return f"{self.pay_base_url}/{code}" if self.pay_base_url else ""

    # -- receipts -----------------------------------------------------------------------------------
    def annotate(self, receipt: Receipt) -> Receipt:
        """The receipt with its payment: amount, order number and paid time; or what is owed and how to pay."""
        due = self.due(receipt.code)
        if due is None:
            return receipt
        paid = next((o for o in self.orders(receipt.code) if o.state in CHARGED), None)
        if paid is not None:
            now = self.clock()
            paid_at = paid.paid_at.astimezone(now.tzinfo) if paid.paid_at and now.tzinfo else paid.paid_at
            return replace(receipt, amount_cents=paid.amount_cents, fee_item=paid.fee_item,
                           order_no=paid.out_trade_no, paid_at=paid_at or now, pay_url="")
        if due.state == "paid":  # paid through another channel
            return replace(receipt, amount_cents=due.amount_cents, fee_item=due.fee_item, order_no=due.paid_order)
        return replace(receipt, amount_cents=due.amount_cents, fee_item=due.fee_item,
                       pay_url=self.pay_url(receipt.code) or receipt.track_url)
