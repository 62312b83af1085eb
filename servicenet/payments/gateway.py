"""The payment gateway: what kiosks (and the web channel) call; it keeps its own record and asks the provider.

Rules it holds for every channel:
- An order number is used once: the same create again answers the same order (a lost answer is harmless),
  another body under the same number is refused.
- A number closed or reversed before the provider heard of it is kept as a tombstone, so a create that arrives
  late cannot take money.
- A case is paid once: a new order for a case that holds a paid order is refused (CASE_PAID), and money that
  still arrives for a second order of a paid case (or for an order already given up) is given back at once.
- Records move only as domain.payment allows; an older answer never moves a record back.
"""
from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from domain import regcode, staffid
from domain.payment import (
    CHARGED,
    FINAL,
    OPEN,
    REFUND_PROCESSING,
    REFUND_SUCCESS,
    PayState,
    Refused,
    Trade,
    can_move,
)
from servicenet.adapters import ProviderDown
from servicenet.payments import refunds
from servicenet.payments.provider import BadNotify, OrderNotFound, OrderSpec, Provider, make_provider
from servicenet.payments.tables import payment_notifies, payment_orders, payment_refunds

log = logging.getLogger(__name__)
REFUSED = "refused"  # a refund's state in payment_refunds when the provider said no (no money moved)

MAX_AMOUNT = 1_000_000  # ￥10000.00: anything more is a typo, not a fee
CASE_PAID = "CASE_PAID"
CASE_REFUSED = "CASE_REFUSED"  # 不予受理 / 不予办理: no fee is due, no order is taken
ORDERNOTEXIST = "ORDERNOTEXIST"
OUT_TRADE_NO_USED = "OUT_TRADE_NO_USED"
INVALID_REQUEST = "INVALID_REQUEST"
PROVIDER_DOWN = "PROVIDER_DOWN"


class GatewayError(Exception):
    """Answered as HTTP `status` with {"detail", "code", "order"}."""

    def __init__(self, status: int, code: str, detail: str, order: dict[str, Any] | None = None) -> None:
        super().__init__(f"{code}: {detail}")
        self.status, self.code, self.detail, self.order = status, code, detail, order


def unreachable(exc: ProviderDown) -> GatewayError:
    return GatewayError(502, PROVIDER_DOWN, f"支付机构暂时无法访问 / provider unreachable: {exc}")


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _iso(t: datetime | None) -> str | None:
    return t.isoformat(timespec="seconds") if t else None


def view(row: Any, recall: bool = False) -> dict[str, Any]:
    """An order as the wire contract shows it (docs/wire.md, Payments)."""
    return {"out_trade_no": row.out_trade_no, "case_code": row.case_code, "flow": row.flow,
            "state": row.state, "amount_cents": int(row.amount_cents), "fee_item": row.fee_item,
            "transaction_id": row.transaction_id, "paid_at": row.paid_at, "code_url": row.code_url,
            "expires_at": row.expires_at, "recall": recall, "message": row.message}


class Gateway:
    def __init__(self, engine: Engine, provider: str | Provider = "sandbox") -> None:
        self.engine = engine
        self.provider: Provider = make_provider(provider, engine, self.notified) if isinstance(provider, str) \
            else provider

    # -- records ----------------------------------------------------------------------------------
    def _row(self, no: str) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(payment_orders).where(payment_orders.c.out_trade_no == no)).first()

    def _must(self, no: str) -> Any:
        row = self._row(no)
        if row is None:
            raise GatewayError(404, ORDERNOTEXIST, f"未找到该订单 / no such order: {no}")
        return row

    def _paid_order(self, case_code: str, other_than: str) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(payment_orders).where(
                payment_orders.c.case_code == case_code, payment_orders.c.out_trade_no != other_than,
                payment_orders.c.state.in_([s.value for s in CHARGED]))).first()

    def record(self, no: str, trade: Trade) -> Any:
        """Take the provider's answer into the record (compare-and-set); settle money that must go back."""
        for _ in range(20):
            row = self._must(no)
            old, new = PayState(row.state), trade.state
            if old == new or not can_move(old, new):
                if new in CHARGED and old in FINAL and old not in CHARGED and old != PayState.REFUND:
                    self._give_back(row, "paid after the order was given up")  # never keep money for it
                # (REFUND: the payment's own notify told again after its refund; the money went back already)
                if old != new:
                    log.info("payment %s: %s -> %s ignored (older answer)", no, old.value, new.value)
                return row
            values: dict[str, Any] = {"state": new.value, "updated_at": now_iso()}
            if trade.transaction_id:
                values["transaction_id"] = trade.transaction_id
            if trade.paid_at:
                values["paid_at"] = _iso(trade.paid_at)
            if trade.code_url:
                values["code_url"] = trade.code_url
            if trade.expires_at:
                values["expires_at"] = _iso(trade.expires_at)
            if trade.message:
                values["message"] = trade.message[:300]
            with self.engine.begin() as conn:
                done = conn.execute(sa.update(payment_orders).where(
                    payment_orders.c.out_trade_no == no, payment_orders.c.state == old.value).values(**values)).rowcount
            if done:
                row = self._must(no)
                if new in CHARGED and self._paid_order(row.case_code, no) is not None:
                    self._give_back(row, "the case was already paid")
                    row = self._must(no)
                if PayState(row.state) in CHARGED:  # paid (a QR scanned late) after the office refused the case,
                    refunds.owe_if_refused(self.engine, row.case_code)  # or a second payment not given back now
                return row
        raise RuntimeError(f"{no}: the record kept changing under us")

    def _give_back(self, row: Any, why: str) -> None:
        """Money arrived that must not be kept: reverse it (the provider refunds a paid order on reverse)."""
        log.warning("payment %s of case %s: %s; giving the money back", row.out_trade_no, row.case_code, why)
        try:
            trade = self.provider.reverse(row.out_trade_no)
        except (Refused, OrderNotFound, ProviderDown) as exc:
            log.error("payment %s: could not give the money back now: %s", row.out_trade_no, exc)
            return
        if trade.state == PayState.REVOKED:
            self.record(row.out_trade_no, trade)

    def _tombstone(self, no: str, state: PayState, message: str) -> Any:
        now = now_iso()
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.insert(payment_orders).values(
                    out_trade_no=no, case_code=no[:20], flow="", state=state.value, provider=self.provider.name,
                    message=message, created_at=now, updated_at=now))
        except sa.exc.IntegrityError:
            pass  # a create got in first: the caller goes on with that record
        return self._must(no)

    # -- creating ---------------------------------------------------------------------------------
    def _check(self, req: Mapping[str, Any]) -> tuple[str, str, int, str, str]:
        try:
            no, case_code = str(req["out_trade_no"]), str(req["case_code"])
            amount, fee_item = int(req["amount_cents"]), str(req.get("fee_item", ""))
            device = str(req.get("device_id", ""))
        except (KeyError, TypeError, ValueError):
            raise GatewayError(422, INVALID_REQUEST, "须含 out_trade_no、case_code、amount_cents / "
                               "an order needs out_trade_no, case_code and amount_cents") from None
        if not (6 <= len(no) <= 32 and no.isalnum()):
            raise GatewayError(422, INVALID_REQUEST, "订单号为6-32位字母数字 / out_trade_no: 6-32 letters or digits")
        if not regcode.is_valid(case_code) or not no.startswith(case_code):
            raise GatewayError(422, INVALID_REQUEST,
                               "订单号须以有效的登记编码开头 / out_trade_no starts with a valid case code")
        if not 0 < amount <= MAX_AMOUNT:
            raise GatewayError(422, INVALID_REQUEST, f"金额须为1-{MAX_AMOUNT}分 / amount_cents: 1..{MAX_AMOUNT}")
        return no, case_code, amount, fee_item[:200], device[:64]

    def _begin(self, req: Mapping[str, Any], flow: str, auth_code: str = "") -> tuple[Any, bool]:
        """Insert the record as NEW, or find the one this number already has; (row, fresh)."""
        no, case_code, amount, fee_item, device = self._check(req)
        digest = hashlib.sha256(json.dumps([flow, case_code, amount, fee_item, hashlib.sha256(
            auth_code.encode()).hexdigest()]).encode()).hexdigest()
        paid = self._paid_order(case_code, no)
        if paid is not None:
            raise GatewayError(409, CASE_PAID, "该办件已缴费 / this case is paid already", view(paid))
        if refunds.refused(self.engine, case_code):  # money taken now would only go back (refunds.owe_if_refused)
            raise GatewayError(409, CASE_REFUSED, "该办件已不予受理（不予办理），无需缴费 / the case was refused: no fee "
                                                  "is due")
        now = now_iso()
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.insert(payment_orders).values(
                    out_trade_no=no, case_code=case_code, flow=flow, device_id=device, amount_cents=amount,
                    fee_item=fee_item, state=PayState.NEW.value, provider=self.provider.name, digest=digest,
                    created_at=now, updated_at=now))
        except sa.exc.IntegrityError:
            row = self._must(no)
            if row.flow and row.digest != digest:
                raise GatewayError(409, OUT_TRADE_NO_USED, "订单号已用于其他订单 / out_trade_no used by another order",
                                   view(row)) from None
            return row, False
        return self._must(no), True

    def _spec(self, row: Any, expire_seconds: int = 120) -> OrderSpec:
        return OrderSpec(row.out_trade_no, int(row.amount_cents), row.fee_item, row.case_code, expire_seconds)

    def native(self, req: Mapping[str, Any]) -> dict[str, Any]:
        """Create a QR order: NOTPAY with code_url (the same again answers the same order)."""
        row, fresh = self._begin(req, "native")
        if not fresh:
            return self._refresh(row)
        expire = int(req.get("expire_seconds", 120) or 120)
        try:
            trade = self.provider.native(self._spec(row, max(30, min(expire, 7200))))
        except Refused as exc:
            raise GatewayError(409, exc.code, str(exc), view(self._must(row.out_trade_no))) from None
        except ProviderDown as exc:
            raise unreachable(exc) from None
        return view(self.record(row.out_trade_no, trade))

    def micropay(self, req: Mapping[str, Any]) -> dict[str, Any]:
        """Charge the payer's payment code: SUCCESS, USERPAYING (query until it ends) or PAYERROR."""
        auth_code = str(req.get("auth_code", ""))
        row, fresh = self._begin(req, "micropay", auth_code)
        if not fresh:
            return self._refresh(row)
        try:
            trade = self.provider.micropay(self._spec(row), auth_code)
        except Refused as exc:
            self.record(row.out_trade_no, Trade(row.out_trade_no, PayState.PAYERROR, message=exc.code))
            return view(self._must(row.out_trade_no))
        except ProviderDown as exc:
            raise unreachable(exc) from None
        return view(self.record(row.out_trade_no, trade))

    # -- the order's life -------------------------------------------------------------------------
    def _refresh(self, row: Any) -> dict[str, Any]:
        if PayState(row.state) in FINAL or not row.flow:
            return view(row)
        try:
            trade = self.provider.query(row.out_trade_no)
        except OrderNotFound:
            return view(row)  # NEW: the provider has not heard of it (yet)
        except ProviderDown:
            return view(row)
        return view(self.record(row.out_trade_no, trade))

    def query(self, no: str) -> dict[str, Any]:
        return self._refresh(self._must(no))

    def close(self, no: str) -> dict[str, Any]:
        """Close an unpaid order. Paid already: 409 ORDERPAID (query it); payer confirming: 409 USERPAYING."""
        why = "closed before the provider knew it"
        row = self._row(no) or self._tombstone(no, PayState.CLOSED, why)
        if PayState(row.state) == PayState.CLOSED:
            return view(row)
        return view(self.record(no, self._end(row, PayState.CLOSED, why, self.provider.close, keep_refusal=True)))

    def reverse(self, no: str) -> dict[str, Any]:
        """Cancel an order and give back any money taken; `recall` true: call again."""
        why = "reversed before the provider knew it"
        row = self._row(no) or self._tombstone(no, PayState.REVOKED, why)
        if PayState(row.state) in (PayState.REVOKED, PayState.CLOSED):
            return view(row)
        trade = self._end(row, PayState.REVOKED, why, self.provider.reverse)
        if trade.recall:
            return view(self.record(no, trade), recall=True)
        return view(self.record(no, trade))

    def _end(self, row: Any, ending: PayState, why: str, ask: Callable[[str], Trade], *,
             keep_refusal: bool = False) -> Trade:
        """Ask the provider to close or reverse an order (`ask`): one it never had ends here, saying `why`; a
        refusal is a 409 with the order as it stands (with `keep_refusal`, the state the refusal names is
        recorded first)."""
        no = row.out_trade_no
        try:
            return ask(no) if row.flow else Trade(no, ending)
        except OrderNotFound:
            return Trade(no, ending, message=why)
        except Refused as exc:
            if keep_refusal and exc.state != PayState.NEW:
                self.record(no, Trade(no, exc.state))
            raise GatewayError(409, exc.code, str(exc), self.query(no)) from None
        except ProviderDown as exc:
            raise unreachable(exc) from None

    def refund(self, no: str, req: Mapping[str, Any]) -> dict[str, Any]:
        """Refund a paid order (staff at the counter); the same out_refund_no again is harmless."""
        row = self._must(no)
        try:
            refund_no = str(req["out_refund_no"])
            amount = int(req.get("amount_cents", row.amount_cents))
            reason, staff = str(req.get("reason", ""))[:200], req.get("staff_id", "")
        except (KeyError, TypeError, ValueError):
            raise GatewayError(422, INVALID_REQUEST, "须含 out_refund_no / a refund needs out_refund_no") from None
        if not staffid.is_canonical(staff) or not reason:
            raise GatewayError(422, INVALID_REQUEST, "退款须注明经办人（规范工号）和原因 / a refund needs a canonical "
                                                     "staff_id (domain/staffid.py) and a reason")
        return self.refund_order(no, refund_no, amount, reason, staff)

    def refund_order(self, no: str, refund_no: str, amount: int, reason: str, staff: str = "") -> dict[str, Any]:
        """Refund a paid order under `refund_no` (the counter's, or the network's own for a refused case with no
        clerk): recorded first, then asked of the provider; the same number again is harmless."""
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.insert(payment_refunds).values(
                    out_refund_no=refund_no, out_trade_no=no, amount_cents=amount, reason=reason, staff_id=staff,
                    state="pending", at=now_iso()))
        except sa.exc.IntegrityError:  # sent again after a lost answer; or again after a refusal, which moved no
            with self.engine.begin() as conn:  # money: this try is the one on record, with its reason and clerk
                conn.execute(sa.update(payment_refunds).where(
                    payment_refunds.c.out_refund_no == refund_no, payment_refunds.c.state == REFUSED).values(
                    amount_cents=amount, reason=reason, staff_id=staff, state="pending", at=now_iso()))
        try:
            trade = self.provider.refund(no, refund_no, amount, reason)
        except Refused as exc:
            with self.engine.begin() as conn:
                conn.execute(sa.update(payment_refunds).where(payment_refunds.c.out_refund_no == refund_no)
                             .values(state=REFUSED))
            raise GatewayError(409, exc.code, str(exc), self.query(no)) from None
        except (OrderNotFound, ProviderDown) as exc:
            raise GatewayError(502, PROVIDER_DOWN, f"退款暂时无法办理 / refund not possible now: {exc}") from None
        processing = trade.refund_state == REFUND_PROCESSING  # taken, the money not back yet: ask again later
        with self.engine.begin() as conn:
            conn.execute(sa.update(payment_refunds).where(payment_refunds.c.out_refund_no == refund_no)
                         .values(state=REFUND_PROCESSING if processing else trade.state.value))
        return view(self.record(no, trade)) | {"refund_state": trade.refund_state or REFUND_SUCCESS}

    def for_case(self, case_code: str) -> list[dict[str, Any]]:
        """Every order of a case, oldest first (open ones asked again, so a payment made elsewhere shows)."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(payment_orders).where(payment_orders.c.case_code == case_code)
                                .order_by(payment_orders.c.created_at, payment_orders.c.out_trade_no)).fetchall()
        return [self._refresh(r) if PayState(r.state) in OPEN else view(r) for r in rows]

    # -- the provider's callback ------------------------------------------------------------------
    def notified(self, provider: str, headers: Mapping[str, str], body: bytes) -> bool:
        """A notify: verified, kept once (the same bytes again are acknowledged and change nothing)."""
        if provider != self.provider.name:
            raise BadNotify(f"not our provider: {provider}")
        trade = self.provider.verify_notify(headers, body)
        digest = hashlib.sha256(body).hexdigest()
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.insert(payment_notifies).values(
                    digest=digest, provider=provider, out_trade_no=trade.out_trade_no, state=trade.state.value,
                    received_at=now_iso()))
        except sa.exc.IntegrityError:
            with self.engine.begin() as conn:
                conn.execute(sa.update(payment_notifies).where(payment_notifies.c.digest == digest)
                             .values(count=payment_notifies.c.count + 1))
            return True
        if self._row(trade.out_trade_no) is None:
            log.error("notify for an order the gateway never made: %s", trade.out_trade_no)
            return True  # acknowledged (the provider would retry forever); staff see it in the log
        self.record(trade.out_trade_no, trade)
        return True

    def notify(self, provider: str, headers: Mapping[str, str], body: bytes) -> tuple[int, str, bytes]:
        try:
            ok = self.notified(provider, headers, body)
        except BadNotify as exc:
            log.warning("refused a notify from %s: %s", provider, exc)
            ok = False
        return self.provider.ack(ok)
