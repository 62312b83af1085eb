"""The sandbox provider: a payment provider with the real API shape, whose "payers" are tests and the demo.

Its books live in servicenet's database (sandbox_trades), so they outlive a restart, and every move goes
through domain.payment.step with a compare-and-set on the state: a close and a payer's confirmation that race
are settled by the database, one wins, and the loser is told (ORDERPAID / TRADE_STATE_ERROR).

The payer's side (the phone) is the `Payer` methods, served only under /sandbox/payments/… (routes.py):
issue a payment code (pay at once / ask for a password / decline), scan a code_url, confirm, decline, hang in
USERPAYING, make reverse answer "call again" (recall) a few times, redeliver a notify.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from domain.payment import REFUND_PROCESSING, REFUND_SUCCESS, PayState, Refused, Step, Trade, step
from servicenet.adapters import ProviderDown
from servicenet.payments.provider import BadNotify, NotifySink, OrderNotFound, OrderSpec
from servicenet.payments.tables import sandbox_codes, sandbox_trades

NAME = "sandbox"
SIGNATURE = "Sandbox-Signature"
CODE_URL = "weixin://wxpay/bizpayurl?pr="  # the shape a phone's wallet app recognises
BEHAVIOURS = ("pay", "password", "decline")
_AUTH_CODE = re.compile(r"^(1[0-5]\d{16}|(2[5-9]|30)\d{14,22})$", re.ASCII)

# Sandbox-only refusals (the payer's side)
QR_EXPIRED = "QR_EXPIRED"
AUTHCODEEXPIRE = "AUTHCODEEXPIRE"  # a payment code is good for one payment
AUTH_CODE_INVALID = "AUTH_CODE_INVALID"
OUT_TRADE_NO_USED = "OUT_TRADE_NO_USED"


def _iso(t: datetime | None) -> str | None:
    return t.isoformat(timespec="seconds") if t else None


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def local_now() -> datetime:
    return datetime.now().astimezone()


class SandboxProvider:
    name = NAME

    def __init__(self, engine: Engine, sink: NotifySink, *, key: str | None = None,
                 clock: Callable[[], datetime] = local_now) -> None:
        self.engine = engine
        self.sink = sink
        self.key = (key or os.environ.get("SERVICENET_SANDBOX_KEY") or "sandbox-notify-key").encode()
        self.clock = clock
        self._down = 0  # outage (the provider's own trouble): the next calls fail as unreachable
        self._processing = 0  # the next refund answers are 退款处理中 (PROCESSING), as a real provider's often are
        self._lock = threading.Lock()

    def fail_next(self, times: int) -> None:
        """The next `times` calls of the gateway (create, pay, query, close, reverse, refund) answer as a provider
        that cannot be reached."""
        with self._lock:
            self._down = max(0, times)

    def refunds_processing(self, times: int) -> None:
        """The next `times` refund answers (a new refund or the same number asked again) are PROCESSING."""
        with self._lock:
            self._processing = max(0, times)

    def _reachable(self) -> None:
        with self._lock:
            if self._down:
                self._down -= 1
                raise ProviderDown("sandbox outage")

    # -- reading the books ------------------------------------------------------------------------
    def _row(self, out_trade_no: str) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sandbox_trades).where(sandbox_trades.c.out_trade_no == out_trade_no)).first()

    def _trade(self, row: Any, recall: bool = False, message: str = "") -> Trade:
        return Trade(out_trade_no=row.out_trade_no, state=PayState(row.state), amount_cents=int(row.amount_cents),
                     transaction_id=row.transaction_id, paid_at=_dt(row.paid_at),
                     code_url=CODE_URL + row.token if row.token else "", expires_at=_dt(row.expires_at),
                     recall=recall, message=message)

    def _must(self, out_trade_no: str) -> Any:
        row = self._row(out_trade_no)
        if row is None:
            raise OrderNotFound(out_trade_no)
        return row

    def _move(self, out_trade_no: str, what: Step, **values: Any) -> Trade:
        """Apply `what` with a compare-and-set on the state; a concurrent move makes us read and decide again."""
        for _ in range(20):
            row = self._must(out_trade_no)
            old = PayState(row.state)
            new = step(old, what)  # Refused propagates
            if new == old:
                return self._trade(row)
            now = _iso(self.clock())
            extra = dict(values)
            if new == PayState.SUCCESS:
                extra |= {"transaction_id": "SBX" + secrets.token_hex(10).upper(), "paid_at": now,
                          "charged": sandbox_trades.c.charged + 1, "notified": False}
            with self.engine.begin() as conn:
                done = conn.execute(sa.update(sandbox_trades).where(
                    sandbox_trades.c.out_trade_no == out_trade_no, sandbox_trades.c.state == old.value
                ).values(state=new.value, updated_at=now, **extra)).rowcount
            if done == 1:
                if new == PayState.SUCCESS:
                    self.deliver(out_trade_no)
                return self._trade(self._must(out_trade_no))
        raise RuntimeError(f"{out_trade_no}: the state kept changing under us")

    def _insert(self, order: OrderSpec, flow: str, state: PayState, **values: Any) -> Trade | None:
        now = self.clock()
        row = dict(out_trade_no=order.out_trade_no, flow=flow, amount_cents=order.amount_cents,
                   description=order.description, attach=order.attach, state=state.value,
                   created_at=_iso(now), updated_at=_iso(now)) | values
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.insert(sandbox_trades).values(**row))
        except sa.exc.IntegrityError:
            held = self._must(order.out_trade_no)
            same = held.flow == flow and int(held.amount_cents) == order.amount_cents and \
                held.auth_hash == values.get("auth_hash", "")
            if not same:
                raise Refused(OUT_TRADE_NO_USED, PayState(held.state)) from None
            return self._trade(held)
        return None

    # -- Provider -----------------------------------------------------------------------------------
    def native(self, order: OrderSpec) -> Trade:
        self._reachable()
        expires = self.clock() + timedelta(seconds=max(1, order.expire_seconds))
        held = self._insert(order, "native", PayState.NOTPAY, token=secrets.token_urlsafe(18),
                            expires_at=_iso(expires))
        return held or self._trade(self._must(order.out_trade_no))

    def micropay(self, order: OrderSpec, auth_code: str) -> Trade:
        self._reachable()
        if not _AUTH_CODE.match(auth_code):
            raise Refused(AUTH_CODE_INVALID, PayState.NEW)
        held = self._insert(order, "micropay", PayState.NEW, auth_hash=_sha(auth_code))
        if held is not None:  # the same payment sent again: answer what happened
            return held
        with self.engine.begin() as conn:
            code = conn.execute(sa.select(sandbox_codes).where(sandbox_codes.c.auth_code == auth_code)).first()
            behaviour = code.behaviour if code is not None else "pay"  # a code the sandbox never issued: pays
            if code is not None:
                taken = conn.execute(sa.update(sandbox_codes).where(
                    sandbox_codes.c.auth_code == auth_code, sandbox_codes.c.used_by.is_(None)
                ).values(used_by=order.out_trade_no)).rowcount
                if not taken:
                    behaviour = "used"
        if behaviour == "used":  # a payment code is good for one payment: the wallet declines
            trade = self._move(order.out_trade_no, Step.DECLINED)
            return Trade(**{**trade.__dict__, "message": AUTHCODEEXPIRE})
        what = {"pay": Step.PAID, "password": Step.PASSWORD, "decline": Step.DECLINED}[behaviour]
        return self._move(order.out_trade_no, what)

    def query(self, out_trade_no: str) -> Trade:
        self._reachable()
        return self._trade(self._must(out_trade_no))

    def close(self, out_trade_no: str) -> Trade:
        self._reachable()
        return self._move(out_trade_no, Step.CLOSE)

    def reverse(self, out_trade_no: str) -> Trade:
        self._reachable()
        row = self._must(out_trade_no)
        if row.state == PayState.USERPAYING.value and row.recall_left > 0:
            with self.engine.begin() as conn:
                conn.execute(sa.update(sandbox_trades).where(sandbox_trades.c.out_trade_no == out_trade_no)
                             .values(recall_left=sandbox_trades.c.recall_left - 1))
            return self._trade(row, recall=True, message="SYSTEMERROR: call reverse again")
        was_paid = row.state == PayState.SUCCESS.value
        trade = self._move(out_trade_no, Step.REVERSE,
                           **({"refunded_cents": row.amount_cents} if was_paid else {}))
        return trade

    def refund(self, out_trade_no: str, out_refund_no: str, amount_cents: int, reason: str) -> Trade:
        self._reachable()
        row = self._must(out_trade_no)
        if row.state == PayState.REFUND.value and row.refund_no not in ("", out_refund_no):
            raise Refused("ORDERREVERSED", PayState.REFUND)
        if amount_cents != int(row.amount_cents) and row.state == PayState.SUCCESS.value:
            raise Refused("INVALID_REQUEST", PayState.SUCCESS)  # the sandbox refunds whole orders only
        trade = self._move(out_trade_no, Step.REFUND, refunded_cents=amount_cents, refund_no=out_refund_no)
        with self._lock:  # the order is 转入退款 at once; the refund itself may still be on its way
            processing, self._processing = self._processing > 0, max(0, self._processing - 1)
        return replace(trade, refund_state=REFUND_PROCESSING if processing else REFUND_SUCCESS)

    # -- notify -------------------------------------------------------------------------------------
    def notify_body(self, out_trade_no: str) -> tuple[dict[str, str], bytes]:
        """The signed notify the provider sends for a paid order (what a real provider POSTs to notify_url)."""
        row = self._must(out_trade_no)
        body = json.dumps({"out_trade_no": row.out_trade_no, "trade_state": row.state, "attach": row.attach,
                           "amount_cents": int(row.amount_cents), "transaction_id": row.transaction_id,
                           "success_time": row.paid_at}, sort_keys=True, separators=(",", ":")).encode()
        return {SIGNATURE: hmac.new(self.key, body, hashlib.sha256).hexdigest(),
                "Content-Type": "application/json"}, body

    def deliver(self, out_trade_no: str) -> bool:
        """Send the notify once (a real provider retries until acknowledged: /sandbox/…/notify does that)."""
        headers, body = self.notify_body(out_trade_no)
        try:
            acked = bool(self.sink(self.name, headers, body))
        except Exception:  # noqa: BLE001 - the gateway failing is the provider's problem to retry later
            acked = False
        if acked:
            with self.engine.begin() as conn:
                conn.execute(sa.update(sandbox_trades).where(sandbox_trades.c.out_trade_no == out_trade_no)
                             .values(notified=True))
        return acked

    def verify_notify(self, headers: Mapping[str, str], body: bytes) -> Trade:
        given = {k.lower(): v for k, v in headers.items()}.get(SIGNATURE.lower(), "")
        if not hmac.compare_digest(given, hmac.new(self.key, body, hashlib.sha256).hexdigest()):
            raise BadNotify("bad signature")
        try:
            d = json.loads(body)
            return Trade(out_trade_no=str(d["out_trade_no"]), state=PayState(d["trade_state"]),
                         amount_cents=int(d["amount_cents"]), transaction_id=str(d["transaction_id"]),
                         paid_at=_dt(d.get("success_time")))
        except (ValueError, KeyError, TypeError) as exc:
            raise BadNotify(f"unreadable notify: {exc}") from None

    def ack(self, ok: bool) -> tuple[int, str, bytes]:
        body = {"code": "SUCCESS", "message": "成功"} if ok else {"code": "FAIL", "message": "失败"}
        return (200 if ok else 400), "application/json", json.dumps(body, ensure_ascii=False).encode()

    # -- the payer (sandbox controls) -------------------------------------------------------------
    def issue_code(self, behaviour: str = "pay", provider: str = "wechat") -> str:
        if behaviour not in BEHAVIOURS:
            raise ValueError(f"behaviour is one of {BEHAVIOURS}")
        prefix = "13" if provider == "wechat" else "28"
        code = prefix + "".join(secrets.choice("0123456789") for _ in range(16))
        with self.engine.begin() as conn:
            conn.execute(sa.insert(sandbox_codes).values(auth_code=code, behaviour=behaviour,
                                                         created_at=_iso(self.clock())))
        return code

    def by_code_url(self, code_url: str) -> Trade:
        token = code_url.split("pr=", 1)[-1] if "pr=" in code_url else code_url
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(sandbox_trades).where(sandbox_trades.c.token == token)).first()
        if row is None:
            raise OrderNotFound(code_url)
        return self._trade(row, message=row.description)

    def _payer(self, out_trade_no: str, what: Step) -> Trade:
        row = self._must(out_trade_no)
        expires = _dt(row.expires_at)
        if row.flow == "native" and expires is not None and self.clock() >= expires and \
                row.state == PayState.NOTPAY.value:
            raise Refused(QR_EXPIRED, PayState.NOTPAY)
        return self._move(out_trade_no, what)

    def confirm(self, out_trade_no: str) -> Trade:
        return self._payer(out_trade_no, Step.PAID)

    def decline(self, out_trade_no: str) -> Trade:
        return self._payer(out_trade_no, Step.DECLINED)

    def password(self, out_trade_no: str) -> Trade:
        return self._payer(out_trade_no, Step.PASSWORD)

    def set_recall(self, out_trade_no: str, times: int) -> Trade:
        self._must(out_trade_no)
        with self.engine.begin() as conn:
            conn.execute(sa.update(sandbox_trades).where(sandbox_trades.c.out_trade_no == out_trade_no)
                         .values(recall_left=max(0, times)))
        return self._trade(self._must(out_trade_no))

    def expire(self, out_trade_no: str) -> Trade:
        """Make a QR's time run out now (the payer can no longer pay it)."""
        self._must(out_trade_no)
        with self.engine.begin() as conn:
            conn.execute(sa.update(sandbox_trades).where(sandbox_trades.c.out_trade_no == out_trade_no)
                         .values(expires_at=_iso(self.clock())))
        return self._trade(self._must(out_trade_no))

    def record(self, out_trade_no: str) -> dict[str, Any]:
        row = self._must(out_trade_no)
        return {"out_trade_no": row.out_trade_no, "flow": row.flow, "state": row.state, "attach": row.attach,
                "amount_cents": int(row.amount_cents), "charged": int(row.charged),
                "refunded_cents": int(row.refunded_cents), "notified": bool(row.notified),
                "recall_left": int(row.recall_left), "transaction_id": row.transaction_id, "refund_no": row.refund_no}

    def ledger(self, attach: str = "") -> list[dict[str, Any]]:
        """Every order the sandbox holds (of one case when `attach` is given): how often money moved in and out."""
        q = sa.select(sandbox_trades.c.out_trade_no).order_by(sandbox_trades.c.created_at)
        if attach:
            q = q.where(sandbox_trades.c.attach == attach)
        with self.engine.connect() as conn:
            numbers = [r[0] for r in conn.execute(q)]
        return [self.record(n) for n in numbers]
