"""HttpPaymentProvider: drivers.base.PaymentProvider over HTTP to servicenet's gateway (docs/wire.md, Payments).

    provider = HttpPaymentProvider("https://zwfw.example.gov.cn", session)   # session: signed by wiring
    trade = provider.create_native(no, case_code, 2000, "居民身份证工本费")     # NOTPAY + code_url

The session comes from wiring, so the device's request signing applies; this client never makes its own in
production (a bare Session is only the default for tools and tests). Transport trouble, 5xx and answers that
are not servicenet's are PaymentUnavailable: the call may or may not have taken effect, so the caller queries
(or resends: every call is idempotent by its order number).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

import requests

from domain.payment import PayState, Trade
from drivers.base import Condition, DeviceStatus, Health, OrderNotFound, PaymentRefused, PaymentUnavailable, message

UNAVAILABLE = message("Payment is not available right now.")
REFUSED = message("The payment was refused.")
NO_ORDER = message("The payment order was not found.")

API_HEADER = "Servicenet-Api"
MISSING_HEADER = "Servicenet-Missing"


def _dt(text: Any) -> datetime | None:
    return datetime.fromisoformat(text) if isinstance(text, str) and text else None


def trade_from_wire(d: dict[str, Any]) -> Trade:
    return Trade(out_trade_no=str(d["out_trade_no"]), state=PayState(d["state"]),
                 amount_cents=int(d.get("amount_cents") or 0), transaction_id=str(d.get("transaction_id") or ""),
                 paid_at=_dt(d.get("paid_at")), code_url=str(d.get("code_url") or ""),
                 expires_at=_dt(d.get("expires_at")), recall=bool(d.get("recall")),
                 message=str(d.get("message") or ""))


class HttpPaymentProvider:
    def __init__(self, base_url: str, session: requests.Session | None = None, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._own = session is None
        self._session = session or requests.Session()
        self._last_error = ""

    # -- transport ------------------------------------------------------------------------------
    def _call(self, method: str, path: str, **kw: Any) -> dict[str, Any]:
        what = f"{method} {path}"
        try:
            resp = self._session.request(method, self.base_url + path, timeout=self.timeout, **kw)
        except requests.RequestException as exc:
            raise self._down(f"{what}: {type(exc).__name__}") from exc
        if API_HEADER not in resp.headers:
            raise self._down(f"{what}: HTTP {resp.status_code} is not a servicenet answer")
        try:
            body = resp.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        status = resp.status_code
        if status >= 500 or status in (401, 403, 429) or (status == 404 and MISSING_HEADER not in resp.headers):
            raise self._down(f"{what}: HTTP {status} {str(body.get('detail', ''))[:200]}".strip())
        self._last_error = ""
        if status == 404:
            raise OrderNotFound(NO_ORDER, str(body.get("detail", ""))[:200])
        if status in (400, 409, 422):
            order = body.get("order")
            trade = trade_from_wire(order) if isinstance(order, dict) and order.get("state") else None
            raise PaymentRefused(REFUSED, str(body.get("code") or f"HTTP{status}"), trade)
        if status != 200:
            raise self._down(f"{what}: unexpected HTTP {status}")
        return body

    def _down(self, detail: str) -> PaymentUnavailable:
        self._last_error = detail
        return PaymentUnavailable(UNAVAILABLE, detail)

    def _trade(self, method: str, path: str, **kw: Any) -> Trade:
        body = self._call(method, path, **kw)
        try:
            return trade_from_wire(body)
        except (KeyError, ValueError, TypeError) as exc:
            raise self._down(f"{method} {path}: the answer is not an order ({exc})") from exc

    # -- PaymentProvider ------------------------------------------------------------------------
    def create_native(self, out_trade_no: str, case_code: str, amount_cents: int, fee_item: str,
                      expire_seconds: int = 120) -> Trade:
        return self._trade("POST", "/v1/payments/native", json={
            "out_trade_no": out_trade_no, "case_code": case_code, "amount_cents": amount_cents,
            "fee_item": fee_item, "expire_seconds": expire_seconds})

    def micropay(self, out_trade_no: str, case_code: str, amount_cents: int, fee_item: str,
                 auth_code: str) -> Trade:
        return self._trade("POST", "/v1/payments/micropay", json={
            "out_trade_no": out_trade_no, "case_code": case_code, "amount_cents": amount_cents,
            "fee_item": fee_item, "auth_code": auth_code})

    def query(self, out_trade_no: str) -> Trade:
        return self._trade("GET", f"/v1/payments/orders/{out_trade_no}")

    def close_order(self, out_trade_no: str) -> Trade:
        return self._trade("POST", f"/v1/payments/orders/{out_trade_no}/close")

    def reverse(self, out_trade_no: str) -> Trade:
        return self._trade("POST", f"/v1/payments/orders/{out_trade_no}/reverse")

    def refund(self, out_trade_no: str, out_refund_no: str, amount_cents: int, reason: str,
               staff_id: str) -> Trade:
        return self._trade("POST", f"/v1/payments/orders/{out_trade_no}/refund", json={
            "out_refund_no": out_refund_no, "amount_cents": amount_cents, "reason": reason, "staff_id": staff_id})

    def orders_for_case(self, case_code: str) -> list[Trade]:
        body = self._call("GET", "/v1/payments", params={"case": case_code})
        try:
            return [trade_from_wire(o) for o in body["orders"]]
        except (KeyError, ValueError, TypeError) as exc:
            raise self._down(f"GET /v1/payments: the answer is not a list of orders ({exc})") from exc

    def status(self) -> DeviceStatus:
        """From the last call (no I/O): an error while the gateway was last unreachable."""
        return DeviceStatus(Health.WARNING, UNAVAILABLE, frozenset({Condition.OFFLINE})) if self._last_error else DeviceStatus.ok()

    def close(self) -> None:
        if self._own:
            self._session.close()
