"""HTTP of the payment gateway: /v1/payments (kiosks), /notify/payments (the provider), /pay (residents' web
page to pay later) and, with the sandbox provider only, /sandbox/payments (the payer's phone in tests and demos).

app.py includes `router` with one line; the gateway is built on first use from app.state.engine and the
provider named by SERVICENET_PAYMENTS (default "sandbox").
"""
from __future__ import annotations

import os
import threading
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field

from domain.payment import MAX_REFUND_REASON, Refused
from servicenet import leased
from servicenet.payments import web
from servicenet.payments.gateway import Gateway, GatewayError
from servicenet.payments.provider import OrderNotFound
from servicenet.payments.refunds import Refunder
from servicenet.payments.sandbox import SandboxProvider
from servicenet.schemas import staff_id_field

MISSING = {"Servicenet-Missing": "1"}
_lock = threading.Lock()


class NativeIn(BaseModel):
    out_trade_no: str = Field(min_length=6, max_length=32, description="the case code + channel + attempt")
    case_code: str = Field(min_length=20, max_length=20)
    amount_cents: int = Field(gt=0)
    fee_item: str = ""
    device_id: str = ""
    expire_seconds: int = Field(120, ge=30, le=7200)


class MicropayIn(BaseModel):
    out_trade_no: str = Field(min_length=6, max_length=32)
    case_code: str = Field(min_length=20, max_length=20)
    amount_cents: int = Field(gt=0)
    fee_item: str = ""
    device_id: str = ""
    auth_code: str = Field(min_length=16, max_length=24, description="the payer's payment code (付款码)")


class RefundIn(BaseModel):
    out_refund_no: str = Field(min_length=6, max_length=48)
    amount_cents: int | None = None
    reason: str = Field(min_length=1, max_length=MAX_REFUND_REASON)
    staff_id: str = staff_id_field("the clerk who refunds", required=True)


class OutageIn(BaseModel):
    times: int = Field(1, ge=0, le=100)


class OrderOut(BaseModel):
    out_trade_no: str
    case_code: str
    flow: str
    state: str
    amount_cents: int
    fee_item: str
    transaction_id: str
    paid_at: str | None
    code_url: str
    expires_at: str | None
    recall: bool
    message: str


class OrdersOut(BaseModel):
    orders: list[OrderOut]


class CodeIn(BaseModel):
    behaviour: Literal["pay", "password", "decline"] = "pay"
    provider: Literal["wechat", "alipay"] = "wechat"


class RecallIn(BaseModel):
    times: int = Field(1, ge=0, le=10)


def gateway(request: Request) -> Gateway:
    return gateway_of(request.app.state)


def gateway_of(state: Any) -> Gateway:
    """The app's gateway (built once, on first use)."""
    gw = getattr(state, "payments", None)
    if gw is None:
        with _lock:
            gw = getattr(state, "payments", None)
            if gw is None:
                gw = state.payments = Gateway(state.engine, os.environ.get("SERVICENET_PAYMENTS", "sandbox"))
    return gw


def refund_poller(state: Any) -> leased.Poller:
    """What sends the network's own refunds (servicenet/payments/refunds.py): a trigger on every node, every
    $SERVICENET_REFUND_POLL seconds (default 1); the jobs live in the database."""
    refunder = Refunder(state.engine, lambda: gateway_of(state), told=state.sms.kick)
    return leased.Poller("refunds", refunder.drain, float(os.environ.get("SERVICENET_REFUND_POLL", "1")))


def _answer(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except GatewayError as exc:
        headers = MISSING if exc.status == 404 else None
        return JSONResponse({"detail": exc.detail, "code": exc.code, "order": exc.order}, status_code=exc.status,
                            headers=headers)


router = APIRouter()
_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "no such order (Servicenet-Missing: 1)"},
    409: {"description": "refused: {detail, code: ORDERPAID|USERPAYING|ORDERREVERSED|NOTPAID|CASE_PAID|CASE_REFUSED|…, order}"},
    502: {"description": "the provider could not be reached: the outcome is unknown, query later"},
}


@router.post("/v1/payments/native", response_model=OrderOut, responses=_ERRORS, tags=["payments"])
def create_native(body: NativeIn, request: Request) -> Any:
    """Create a QR order (native pay): NOTPAY with code_url; the same out_trade_no again answers the same order."""
    return _answer(gateway(request).native, body.model_dump())


@router.post("/v1/payments/micropay", response_model=OrderOut, responses=_ERRORS, tags=["payments"])
def micropay(body: MicropayIn, request: Request) -> Any:
    """Charge a payment code: SUCCESS, USERPAYING (query until it ends; reverse when giving up) or PAYERROR."""
    return _answer(gateway(request).micropay, body.model_dump())


@router.get("/v1/payments/orders/{out_trade_no}", response_model=OrderOut, responses=_ERRORS, tags=["payments"])
def query(out_trade_no: str, request: Request) -> Any:
    """The order now (asks the provider while it is open)."""
    return _answer(gateway(request).query, out_trade_no)


@router.post("/v1/payments/orders/{out_trade_no}/close", response_model=OrderOut, responses=_ERRORS,
             tags=["payments"])
def close(out_trade_no: str, request: Request) -> Any:
    """Close an unpaid order; an unknown number is closed for good (a late create cannot take money)."""
    return _answer(gateway(request).close, out_trade_no)


@router.post("/v1/payments/orders/{out_trade_no}/reverse", response_model=OrderOut, responses=_ERRORS,
             tags=["payments"])
def reverse(out_trade_no: str, request: Request) -> Any:
    """Cancel the order and give back any money taken; `recall: true` asks the caller to call again."""
    return _answer(gateway(request).reverse, out_trade_no)


@router.post("/v1/payments/orders/{out_trade_no}/refund", response_model=OrderOut, responses=_ERRORS,
             tags=["payments"])
def refund(out_trade_no: str, body: RefundIn, request: Request) -> Any:
    """Refund a paid order (staff, with a reason); the same out_refund_no again is harmless."""
    req = body.model_dump(exclude_none=True)
    return _answer(gateway(request).refund, out_trade_no, req)


@router.get("/v1/payments", response_model=OrdersOut, tags=["payments"])
def orders_of_case(case: str, request: Request) -> Any:
    """Every order of a case, oldest first: did the resident pay elsewhere (web, counter)?"""
    return {"orders": gateway(request).for_case(case)}


@router.post("/notify/payments/{provider}", include_in_schema=False)
async def notify(provider: str, request: Request) -> Response:
    """The provider's callback: verified by its signature, acknowledged in its format, idempotent."""
    body = await request.body()
    gw = gateway(request)
    from fastapi.concurrency import run_in_threadpool

    status, media, data = await run_in_threadpool(gw.notify, provider, dict(request.headers), body)
    return Response(data, status_code=status, media_type=media)


@router.get("/pay/{code}", response_class=HTMLResponse, include_in_schema=False)
def pay_page(code: str, request: Request) -> HTMLResponse:
    """Pay later from a phone (the QR on an unpaid receipt): amount, fee item and a QR to pay in the wallet."""
    status, html = web.pay_page(gateway(request), code)
    return HTMLResponse(html, status_code=status)


# -- the sandbox: the payer's phone ----------------------------------------------------------------
def sandbox(request: Request) -> SandboxProvider:
    provider = gateway(request).provider
    if not isinstance(provider, SandboxProvider):
        raise HTTPException(404, "sandbox controls exist only with the sandbox provider")
    return provider


def _payer(fn: Any, *args: Any) -> Any:
    try:
        trade = fn(*args)
    except OrderNotFound:
        raise HTTPException(404, "no such sandbox order", headers=MISSING) from None
    except Refused as exc:
        return JSONResponse({"detail": str(exc), "code": exc.code, "state": exc.state.value}, status_code=409)
    return {"out_trade_no": trade.out_trade_no, "state": trade.state.value, "amount_cents": trade.amount_cents,
            "message": trade.message}


@router.post("/sandbox/payments/codes", tags=["sandbox"])
def sandbox_code(body: CodeIn, request: Request) -> dict[str, str]:
    """The payer's wallet shows a payment code; charging it will pay, ask for a password, or decline."""
    return {"auth_code": sandbox(request).issue_code(body.behaviour, body.provider), "behaviour": body.behaviour}


@router.get("/sandbox/payments/scan", tags=["sandbox"])
def sandbox_scan(code_url: str, request: Request) -> Any:
    """The payer scans a QR: what the phone shows (order number, amount, fee item, state)."""
    return _payer(sandbox(request).by_code_url, code_url)


@router.post("/sandbox/payments/outage", tags=["sandbox"])
def sandbox_outage(body: OutageIn, request: Request) -> dict[str, int]:
    """The provider is down for the next `times` calls the gateway makes (the refund jobs ask again later)."""
    sandbox(request).fail_next(body.times)
    return {"times": body.times}


@router.post("/sandbox/payments/refunds-processing", tags=["sandbox"])
def sandbox_refunds_processing(body: OutageIn, request: Request) -> dict[str, int]:
    """The next `times` refund answers are 退款处理中 (PROCESSING): the refund jobs ask again until SUCCESS."""
    sandbox(request).refunds_processing(body.times)
    return {"times": body.times}


@router.post("/sandbox/payments/{out_trade_no}/recall", tags=["sandbox"])
def sandbox_recall(out_trade_no: str, body: RecallIn, request: Request) -> Any:
    """Make the next `times` reverses of a USERPAYING order answer "call again" (recall)."""
    return _payer(sandbox(request).set_recall, out_trade_no, body.times)


@router.post("/sandbox/payments/{out_trade_no}/notify", tags=["sandbox"])
def sandbox_notify(out_trade_no: str, request: Request) -> dict[str, Any]:
    """Deliver the order's notify again (as a provider does until acknowledged)."""
    provider = sandbox(request)
    try:
        headers, body = provider.notify_body(out_trade_no)
    except OrderNotFound:
        raise HTTPException(404, "no such sandbox order", headers=MISSING) from None
    return {"acked": provider.deliver(out_trade_no), "headers": headers, "body": body.decode()}


@router.post("/sandbox/payments/{out_trade_no}/{action}", tags=["sandbox"])
def sandbox_act(out_trade_no: str, action: Literal["confirm", "decline", "password", "expire"],
                request: Request) -> Any:
    """The payer confirms, declines, or is asked for a password (the order hangs in USERPAYING); or the QR expires."""
    return _payer(getattr(sandbox(request), action), out_trade_no)


@router.get("/sandbox/payments/ledger", tags=["sandbox"])
def sandbox_ledger(request: Request, case: str = "") -> dict[str, Any]:
    """The sandbox's books: every order, how often money came in (`charged`) and went back (`refunded_cents`)."""
    return {"trades": sandbox(request).ledger(case)}
