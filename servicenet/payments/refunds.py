"""The network's own refund of a refused case's fee: a case that is paid and then refused (不予受理, or 不予办理
after 受理) owes the resident her money without her coming to the counter.

- `owe(conn, code, src)` runs in store.move_status's transaction: one job per paid order of the case, keyed by
  the order's refund number (domain.payment.refund_no), so the job exists exactly when the refusal does.
  `owe_if_refused` does the same for money that arrives after the refusal (a QR paid late).
- `Refunder.drain()` (every node, servicenet/leased.py) claims due jobs under a lease and asks the gateway to
  refund under that number: the counter refunds with the same number, so the provider pays back once whichever
  asks first, and a node that dies after the provider's answer leaves a lease that lapses and a job that asks
  again and is answered "refunded". A provider that is down is asked again later (2, 4, 8 … 600 s apart), for
  as long as it takes; a refusal leaves the job `failed` for the counter, unless the money is back already.
- When the provider has refunded, the resident is told by SMS (`<code>:refunded:<refund no>`), in the same
  transaction that marks the job done; the back office's case page shows each job (`for_case`).
"""
from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from domain.payment import CHARGED, MAX_REFUND_REASON, OPEN, REFUND_PROCESSING, PayState, refund_no, yuan
from servicenet import leased
from servicenet.db import cases
from servicenet.payments.tables import payment_orders, refund_jobs
from servicenet.results import notices

if TYPE_CHECKING:
    from servicenet.payments.gateway import Gateway

LEASE_SECONDS = 60.0  # longer than a provider call may take
REASONS = {"submitted": "办件不予受理，自动退费", "": "办件不予受理，自动退费"}
REFUSED = "办件不予办理，自动退费"
SETTLED = (PayState.REFUND.value, PayState.REVOKED.value)  # the money is back, whoever gave it back
PROCESSING = "支付机构退款处理中"  # the job's last_error while the provider answers PROCESSING
Clock = Callable[[], float]


def owe(conn: Connection, code: str, src: str = "", now: float | None = None) -> int:
    """Queue a refund of every paid order of the case (in the caller's transaction); the number queued now."""
    at = time.time() if now is None else now
    paid = conn.execute(sa.select(payment_orders.c.out_trade_no, payment_orders.c.amount_cents).where(
        payment_orders.c.case_code == code, payment_orders.c.state.in_([s.value for s in CHARGED]))).all()
    return sum(leased.insert_ignore(conn, refund_jobs, dict(
        event_key=refund_no(o.out_trade_no), out_trade_no=o.out_trade_no, case_code=code,
        amount_cents=int(o.amount_cents), reason=REASONS.get(src, REFUSED), state="queued", attempts=0,
        next_at=at, created_at=at)) for o in paid)


def refused(engine: Engine, code: str) -> bool:
    """The office refused the case (不予受理 / 不予办理): no fee is due for it any more."""
    with engine.connect() as conn:
        return conn.execute(sa.select(cases.c.status).where(cases.c.code == code)).scalar() == "rejected"


def owe_if_refused(engine: Engine, code: str) -> int:
    """Money arrived for the case: owe it back if the case is refused (read under the case's lock, so a refusal
    being written now either sees this payment or is seen here)."""
    with engine.begin() as conn:
        status = conn.execute(sa.select(cases.c.status).where(cases.c.code == code).with_for_update()).scalar()
        return owe(conn, code) if status == "rejected" else 0


PAY_LABELS = {"NEW": "未完成", "NOTPAY": "待支付", "USERPAYING": "支付中", "SUCCESS": "已缴费", "PAYERROR": "支付失败",
              "CLOSED": "已关闭", "REVOKED": "已撤销（已退回）", "REFUND": "已退款"}


def _moment(t: float | None) -> str:
    return datetime.fromtimestamp(t).astimezone().strftime("%Y-%m-%d %H:%M") if t else ""


def _said(job: Any, order_state: str) -> str:
    """The refund job's state in the clerk's words (a failed one the counter has refunded since says so)."""
    if job.state == "done":
        return f"已退回（{_moment(job.done_at)}）" + (f"，{job.last_error}" if job.last_error else "")
    if job.state == "failed" and order_state in SETTLED:
        return f"自动退费未成功（{job.last_error}），已由其他途径退回"
    if job.state == "failed":
        return f"自动退费未成功，需窗口人工处理：{job.last_error}"
    if job.last_error == PROCESSING:
        return f"退费中：支付机构已受理，退款处理中（已查询{job.attempts}次），退回后短信告知申请人"
    if job.attempts:
        return f"退费中：支付机构暂未受理，已尝试{job.attempts}次，将自动重试（{job.last_error}）"
    return "退费中"


def for_case(engine: Engine, code: str) -> dict[str, list[dict[str, Any]]]:
    """The case's orders (tombstones left out) and refund jobs, oldest first, in the back office's words."""
    with engine.connect() as conn:
        orders = conn.execute(sa.select(payment_orders).where(
            payment_orders.c.case_code == code, payment_orders.c.flow != "")
            .order_by(payment_orders.c.created_at, payment_orders.c.out_trade_no)).all()
        jobs = conn.execute(sa.select(refund_jobs).where(refund_jobs.c.case_code == code)
                            .order_by(refund_jobs.c.id)).all()
    states = {o.out_trade_no: o.state for o in orders}
    return {"orders": [{"out_trade_no": o.out_trade_no, "amount": yuan(int(o.amount_cents)),
                        "state": o.state, "label": PAY_LABELS.get(o.state, o.state), "paid_at": o.paid_at or ""}
                       for o in orders],
            "refunds": [{"refund_no": j.event_key, "out_trade_no": j.out_trade_no, "amount": yuan(int(j.amount_cents)),
                         "state": j.state, "attempts": int(j.attempts), "said": _said(j, states.get(j.out_trade_no, "")),
                         "back": j.state == "done" or (states.get(j.out_trade_no, "") in SETTLED
                                                       and j.last_error != PROCESSING)}
                        for j in jobs]}


def by_clerk(gw: "Gateway", code: str, no: str, reason: str, staff_id: str) -> None:
    """The clerk refunds a paid order of the case from its back-office page (whichever channel took it: the
    kiosk's refund panel knows only its own orders), under the order's refund number, so it is the same refund
    as the network's own and the kiosk's. ValueError ("中文 / English") when it cannot be done."""
    from servicenet.payments.gateway import GatewayError

    reason = reason.strip()
    if not reason:
        raise ValueError("请填写退费原因 / a refund needs a reason")
    if len(reason) > MAX_REFUND_REASON:
        raise ValueError(f"退费原因不超过{MAX_REFUND_REASON}字 / at most {MAX_REFUND_REASON} characters")
    with gw.engine.connect() as conn:
        order = conn.execute(sa.select(payment_orders).where(
            payment_orders.c.out_trade_no == no, payment_orders.c.case_code == code, payment_orders.c.flow != "")).first()
    if order is None:
        raise ValueError("该办件没有这笔订单 / no such order of this case")
    if order.state in SETTLED:
        return  # back already (a second press, a second clerk): nothing more moves
    if order.state not in {s.value for s in CHARGED}:
        raise ValueError("该订单未缴费，无需退费 / the order is not paid")
    try:
        gw.refund_order(no, refund_no(no), int(order.amount_cents), reason, staff_id)
    except GatewayError as exc:
        if (exc.order or {}).get("state") in SETTLED:
            return
        if exc.status == 502:
            raise ValueError("支付机构暂时无法连接，请稍后再试 / the provider cannot be reached now") from None
        raise ValueError(f"支付机构未受理退费（{exc.code}），请联系支付管理员 / the provider refused: {exc.detail}") from None


class Refunder:
    """Sends the due refund jobs to the provider through the gateway; safe to run on every node at once."""

    def __init__(self, engine: Engine, gateway: Callable[[], "Gateway"], *, clock: Clock = time.time,
                 told: Callable[[], None] = lambda: None, owner: str | None = None) -> None:
        self.engine, self.gateway, self.clock, self.told = engine, gateway, clock, told
        self.owner = owner or "r" + secrets.token_hex(6)

    def claim(self, limit: int = 20) -> list[Any]:
        return leased.claim(self.engine, refund_jobs, self.owner, self.clock(), LEASE_SECONDS, limit)

    def drain(self, limit: int = 20) -> int:
        """Work the jobs due now; the number whose money is back."""
        self.close_expired(limit)
        return sum(self.work(row) for row in self.claim(limit))

    def close_expired(self, limit: int = 20) -> None:
        """Close the QRs of refused cases that can no longer be paid. One the payer paid whose notify never came
        (and whose pay page nobody opened again) is answered ORDERPAID: the gateway records it and owes it back
        (Gateway.record → owe_if_refused), so its job is claimed right after."""
        from servicenet.payments.gateway import GatewayError

        now = datetime.fromtimestamp(self.clock()).astimezone()
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(payment_orders.c.out_trade_no, payment_orders.c.expires_at).select_from(
                payment_orders.join(cases, cases.c.code == payment_orders.c.case_code)).where(
                cases.c.status == "rejected", payment_orders.c.flow == "native",
                payment_orders.c.state.in_([s.value for s in OPEN]))).all()
        for r in [r for r in rows if r.expires_at and datetime.fromisoformat(r.expires_at) < now][:limit]:
            try:
                self.gateway().close(r.out_trade_no)
            except GatewayError:
                pass  # paid (recorded and owed back now), or the provider down: looked at again next time

    def work(self, row: Any) -> bool:
        from servicenet.payments.gateway import GatewayError

        try:
            order = self.gateway().refund_order(row.out_trade_no, row.event_key, int(row.amount_cents), row.reason)
        except GatewayError as exc:
            if exc.status == 502:  # the provider is down (or did not answer): ask again later, never give up
                return self._later(row, exc.detail)
            order = exc.order or {}
            if order.get("state") not in SETTLED:  # refused, and the money is not back: the counter must look
                # the job waits for the counter, and the resident is told to come (nothing else would tell her)
                self._end(row, notices.refund_failed, state="failed", last_error=f"{exc.code}: {exc.detail}"[:300])
                return False
        if order.get("refund_state") == REFUND_PROCESSING:  # taken, not back yet: no word to her until it is
            return self._later(row, PROCESSING)
        # the money is back
        return self._end(row, notices.refunded, state="done", done_at=self.clock(),
                         last_error="" if order.get("state") == PayState.REFUND.value
                         else f"已由其他途径退回（{order.get('state')}）")

    def _later(self, row: Any, why: str) -> bool:
        """Ask the provider again after a backoff (2, 4, 8 … 600 s); False: the money is not back yet."""
        attempts = row.attempts + 1
        leased.finish(self.engine, refund_jobs, row.id, self.owner, attempts=attempts,
                      next_at=self.clock() + leased.backoff(attempts), last_error=why[:300])
        return False

    def _end(self, row: Any, tell: Callable[[Connection, str, str, str], None], **values: Any) -> bool:
        """The job ends (done or failed) and the resident is told, in one transaction, only while we hold the
        lease (a node that took the job over tells her instead, under the same key); whether we held it."""
        with self.engine.begin() as conn:
            held = conn.execute(sa.update(refund_jobs).where(
                refund_jobs.c.id == row.id, refund_jobs.c.lease_owner == self.owner).values(
                attempts=row.attempts + 1, lease_owner=None, lease_until=None, **values)).rowcount
            if held:
                tell(conn, row.case_code, row.event_key, yuan(int(row.amount_cents)))
        if held:
            self.told()
        return bool(held)
