"""The one place where payment states, their allowed moves and what each call does to an order are written down.

Both sides use it: servicenet's sandbox provider decides its answers with `step()`, and the kiosk's journal
(sync/payments.py) refuses any recorded move that `ALLOWED` does not list. States are the providers' trade
states (WeChat Pay / Alipay name them alike), plus NEW, which only the kiosk knows: the order is journaled and
the provider has not answered yet (create or pay in flight).

    NEW ──created──▶ NOTPAY ──password──▶ USERPAYING ──paid──▶ SUCCESS ──refund──▶ REFUND
     │                 │ ╲                     │   ╲                │
     │                 │  ╲──paid / declined   │    declined ▶ PAYERROR ──close──▶ CLOSED
     │                 └──close──▶ CLOSED      └──reverse──▶ REVOKED ◀──reverse── (any but REFUND)

Money is held by the merchant only in SUCCESS; REFUND and a REVOKED that follows SUCCESS give it back. SUCCESS
is entered at most once per order (no move leads back to it), so one order is never charged twice; that one
case is never charged twice is the kiosk's rule (sync/payments.py: one live order per case).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum


class PayState(str, Enum):
    NEW = "NEW"  # kiosk only: journaled, no answer from the provider yet
    NOTPAY = "NOTPAY"  # 未支付: the order exists (a QR to scan), nothing taken
    USERPAYING = "USERPAYING"  # 用户支付中: the payer must still confirm (password) on the phone
    SUCCESS = "SUCCESS"  # 支付成功: the money is taken
    PAYERROR = "PAYERROR"  # 支付失败: declined (balance, limit, the payer said no); nothing taken
    CLOSED = "CLOSED"  # 已关闭: closed unpaid, can no longer be paid
    REVOKED = "REVOKED"  # 已撤销: reversed; any money taken went back
    REFUND = "REFUND"  # 转入退款: paid, then refunded


ALLOWED: dict[PayState, frozenset[PayState]] = {
    PayState.NEW: frozenset({PayState.NOTPAY, PayState.USERPAYING, PayState.SUCCESS, PayState.PAYERROR,
                             PayState.CLOSED, PayState.REVOKED}),
    PayState.NOTPAY: frozenset({PayState.USERPAYING, PayState.SUCCESS, PayState.PAYERROR, PayState.CLOSED,
                                PayState.REVOKED}),
    PayState.USERPAYING: frozenset({PayState.SUCCESS, PayState.PAYERROR, PayState.REVOKED}),
    PayState.PAYERROR: frozenset({PayState.CLOSED, PayState.REVOKED}),
    PayState.SUCCESS: frozenset({PayState.REFUND, PayState.REVOKED}),
    PayState.CLOSED: frozenset(),
    PayState.REVOKED: frozenset(),
    PayState.REFUND: frozenset(),
}

OPEN: frozenset[PayState] = frozenset({PayState.NEW, PayState.NOTPAY, PayState.USERPAYING})  # may still be paid
CHARGED: frozenset[PayState] = frozenset({PayState.SUCCESS})  # the merchant holds the money
FINAL: frozenset[PayState] = frozenset(s for s, nxt in ALLOWED.items() if not nxt)


class IllegalPayment(ValueError):
    """A move ALLOWED does not list."""


def can_move(src: PayState, dst: PayState) -> bool:
    return src == dst or dst in ALLOWED[src]


def check_move(src: PayState, dst: PayState) -> None:
    if not can_move(src, dst):
        raise IllegalPayment(f"payment {src.value} -> {dst.value} is not allowed")


class Step(str, Enum):
    """What happens to an order: the kiosk's calls and the payer's doings on the phone."""

    CREATED = "created"  # the provider took a native (QR) order
    PASSWORD = "password"  # the payer's wallet asks for a password: wait
    PAID = "paid"  # the payer confirmed and the money moved
    DECLINED = "declined"  # the payer said no, or the wallet refused
    CLOSE = "close"  # the kiosk gives up on an unpaid order
    REVERSE = "reverse"  # the kiosk cancels a payment-code order (returns money already taken)
    REFUND = "refund"  # staff return the money of a paid order


class Refused(Exception):
    """The provider refuses the call in this state; `code` is the provider-style error code."""

    def __init__(self, code: str, state: PayState) -> None:
        super().__init__(f"{code} (order is {state.value})")
        self.code = code
        self.state = state


# Provider-style error codes (as WeChat Pay spells them)
ORDERPAID = "ORDERPAID"  # close: the order is paid; query it and keep the money with the case
USERPAYING = "USERPAYING"  # close: the payer is confirming; wait or reverse
ORDERREVERSED = "ORDERREVERSED"  # the order was reversed or refunded already
NOTPAID = "NOTPAID"  # refund: nothing was paid
TRADE_STATE_ERROR = "TRADE_STATE_ERROR"  # the payer acts on an order that is over

MAX_REFUND_REASON = 200  # characters of a refund's reason the gateway keeps (longer is refused, not cut)

_TABLE: dict[tuple[PayState, Step], PayState | str] = {}


def _fill() -> None:
    S, T = PayState, Step
    for src in (S.NEW,):
        _TABLE[(src, T.CREATED)] = S.NOTPAY
    for src in (S.NEW, S.NOTPAY):
        _TABLE[(src, T.PASSWORD)] = S.USERPAYING
    for src in (S.NEW, S.NOTPAY, S.USERPAYING):
        _TABLE[(src, T.PAID)] = S.SUCCESS
        _TABLE[(src, T.DECLINED)] = S.PAYERROR
    for src in (S.NEW, S.NOTPAY, S.PAYERROR, S.CLOSED):
        _TABLE[(src, T.CLOSE)] = S.CLOSED
    _TABLE[(S.USERPAYING, T.CLOSE)] = USERPAYING
    _TABLE[(S.SUCCESS, T.CLOSE)] = ORDERPAID
    for src in (S.REVOKED, S.REFUND):
        _TABLE[(src, T.CLOSE)] = ORDERREVERSED
    for src in (S.NEW, S.NOTPAY, S.USERPAYING, S.PAYERROR, S.SUCCESS, S.REVOKED):
        _TABLE[(src, T.REVERSE)] = S.REVOKED
    _TABLE[(S.CLOSED, T.REVERSE)] = S.CLOSED  # nothing to give back: the order stays closed
    _TABLE[(S.REFUND, T.REVERSE)] = ORDERREVERSED
    for src in (S.SUCCESS, S.REFUND):
        _TABLE[(src, T.REFUND)] = S.REFUND
    for src in (S.NEW, S.NOTPAY, S.USERPAYING, S.PAYERROR, S.CLOSED, S.REVOKED):
        _TABLE[(src, T.REFUND)] = NOTPAID
    for src in (S.USERPAYING, S.SUCCESS, S.PAYERROR, S.CLOSED, S.REVOKED, S.REFUND):
        _TABLE.setdefault((src, T.PASSWORD), TRADE_STATE_ERROR)
    for src in (S.SUCCESS, S.PAYERROR, S.CLOSED, S.REVOKED, S.REFUND):
        _TABLE.setdefault((src, T.PAID), TRADE_STATE_ERROR)
        _TABLE.setdefault((src, T.DECLINED), TRADE_STATE_ERROR)
    for src in PayState:
        _TABLE.setdefault((src, T.CREATED), TRADE_STATE_ERROR)


_fill()


def step(state: PayState, what: Step) -> PayState:
    """The state after `what` happens to an order in `state`; raise Refused when the provider says no.

    Repeating a call that already took effect (close a closed order, reverse a reversed one, refund a refunded
    one) answers the same state: every call is safe to resend after a lost answer.
    """
    result = _TABLE[(state, what)]
    if not isinstance(result, PayState):
        raise Refused(result, state)
    check_move(state, result)
    return result


@dataclass(frozen=True)
class Trade:
    """What the provider (through servicenet's gateway) says about one order."""

    out_trade_no: str
    state: PayState
    amount_cents: int = 0
    transaction_id: str = ""  # the provider's own number, once paid
    paid_at: datetime | None = None
    code_url: str = ""  # native: what the QR holds
    expires_at: datetime | None = None  # native: the QR stops working then
    recall: bool = False  # reverse: the provider asks to call reverse again
    message: str = ""  # the provider's words, for the log and the staff
    refund_state: str = ""  # refund: PROCESSING while the money is on its way back, SUCCESS once it is back


REFUND_PROCESSING = "PROCESSING"  # 退款处理中: the provider took the refund; ask again (same number) until SUCCESS
REFUND_SUCCESS = "SUCCESS"


def yuan(cents: int) -> str:
    """2000 -> "￥20.00": the amount as residents read it (the full-width yuan sign, two decimals)."""
    sign = "-" if cents < 0 else ""
    cents = abs(int(cents))
    return f"{sign}￥{cents // 100}.{cents % 100:02d}"


def out_trade_no(case_code: str, attempt: int, channel: str = "K") -> str:
    """The merchant order number: the case code, the channel (K kiosk, W web, C counter) and the attempt.

    Made by the kiosk before any call, so a lost answer can be looked up (and closed or reversed) by it.
    """
    if not 1 <= attempt <= 999:
        raise ValueError("attempt is 1..999")
    return f"{case_code}{channel}{attempt:03d}"


def refund_no(order_no: str) -> str:
    """The refund number of an order's (whole) refund: the counter's and the network's own refund of a refused
    case use this one number, so the provider pays the money back once whichever asks, and asks again."""
    return f"{order_no}R1"


def case_of(order_no: str) -> str:
    """The case code inside a merchant order number."""
    return order_no[:20]
