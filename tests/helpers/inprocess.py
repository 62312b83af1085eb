"""A PaymentProvider over servicenet's payment gateway in this process (no HTTP): the real gateway rules and
sandbox provider on any SQLAlchemy engine, for tests, benchmarks and a demo without a network.

    provider = InProcessProvider(Gateway(engine))     # provider.down = True cuts the "link"
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.payment import Trade
from drivers.base import DeviceStatus, OrderNotFound, PaymentRefused, PaymentUnavailable
from drivers.payment.client import NO_ORDER, REFUSED, UNAVAILABLE, trade_from_wire
from servicenet.payments.gateway import Gateway, GatewayError


class LinkDown(PaymentUnavailable):
    pass


class InProcessProvider:
    """The kiosk's view of a Gateway object. `down` refuses every call; `lose_answer` lets the next
    `lose_answer` calls take effect and then reports them lost (the reply never came back)."""

    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway
        self.down = False
        self.lose_answer = 0
        self.calls: list[str] = []
        self.before: Callable[[str], None] = lambda call: None  # a test's hook, e.g. to crash mid-call

    def _do(self, call: str, fn: Callable[..., dict[str, Any]], *args: Any) -> Trade:
        self.calls.append(call)
        self.before(call)
        if self.down:
            raise LinkDown(UNAVAILABLE, "link down")
        try:
            answer = fn(*args)
        except GatewayError as exc:
            if exc.status == 404:
                raise OrderNotFound(NO_ORDER, exc.detail) from None
            if exc.status >= 500:
                raise PaymentUnavailable(UNAVAILABLE, exc.detail) from None
            trade = trade_from_wire(exc.order) if exc.order and exc.order.get("state") else None
            raise PaymentRefused(REFUSED, exc.code, trade) from None
        if self.lose_answer > 0:
            self.lose_answer -= 1
            raise LinkDown(UNAVAILABLE, "answer lost")
        return trade_from_wire(answer)

    def create_native(self, out_trade_no: str, case_code: str, amount_cents: int, fee_item: str,
                      expire_seconds: int = 120) -> Trade:
        return self._do("create", self.gateway.native, {
            "out_trade_no": out_trade_no, "case_code": case_code, "amount_cents": amount_cents,
            "fee_item": fee_item, "expire_seconds": expire_seconds})

    def micropay(self, out_trade_no: str, case_code: str, amount_cents: int, fee_item: str,
                 auth_code: str) -> Trade:
        return self._do("pay", self.gateway.micropay, {
            "out_trade_no": out_trade_no, "case_code": case_code, "amount_cents": amount_cents,
            "fee_item": fee_item, "auth_code": auth_code})

    def query(self, out_trade_no: str) -> Trade:
        return self._do("query", self.gateway.query, out_trade_no)

    def close_order(self, out_trade_no: str) -> Trade:
        return self._do("close", self.gateway.close, out_trade_no)

    def reverse(self, out_trade_no: str) -> Trade:
        return self._do("reverse", self.gateway.reverse, out_trade_no)

    def refund(self, out_trade_no: str, out_refund_no: str, amount_cents: int, reason: str,
               staff_id: str) -> Trade:
        return self._do("refund", self.gateway.refund, out_trade_no, {
            "out_refund_no": out_refund_no, "amount_cents": amount_cents, "reason": reason, "staff_id": staff_id})

    def orders_for_case(self, case_code: str) -> list[Trade]:
        self.calls.append("orders")
        if self.down:
            raise LinkDown(UNAVAILABLE, "link down")
        return [trade_from_wire(o) for o in self.gateway.for_case(case_code)]

    def status(self) -> DeviceStatus:
        return DeviceStatus.ok()

    def close(self) -> None:
        pass
