"""The one interface a payment provider adapter implements; the gateway (and so every kiosk) sees only this.

A real provider (WeChat Pay, Alipay, a bank's 统一公共支付 platform) is one more class here with the same
methods, registered in PROVIDERS; the kiosk talks to the gateway's /v1/payments API and never changes.
Answers are domain.payment.Trade; a refusal is domain.payment.Refused with the provider-style code.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from domain.payment import Trade
from servicenet.adapters import Adapter, Adapters


@dataclass(frozen=True)
class OrderSpec:
    """What the gateway asks a provider to collect."""

    out_trade_no: str
    amount_cents: int
    description: str  # the fee item, shown on the payer's phone
    attach: str = ""  # echoed back in the notify: the case code
    expire_seconds: int = 120  # native: how long the QR may be paid


class OrderNotFound(LookupError):
    """The provider holds no order with this number (the create never reached it)."""


class BadNotify(ValueError):
    """A notify that is not the provider's (bad signature) or not understood: answered with a failure."""


# The provider calls the gateway back with the signed notify bytes; the gateway answers True once recorded.
NotifySink = Callable[[str, Mapping[str, str], bytes], bool]


@runtime_checkable
class Provider(Adapter, Protocol):
    def native(self, order: OrderSpec) -> Trade:
        """Create a QR order (NOTPAY with code_url and expires_at)."""
        ...

    def micropay(self, order: OrderSpec, auth_code: str) -> Trade:
        """Charge a payment code: SUCCESS, USERPAYING (payer must confirm) or PAYERROR."""
        ...

    def query(self, out_trade_no: str) -> Trade:
        """The order's state now; raise OrderNotFound."""
        ...

    def close(self, out_trade_no: str) -> Trade:
        """Close an unpaid order (CLOSED); Refused(ORDERPAID / USERPAYING / ORDERREVERSED); OrderNotFound."""
        ...

    def reverse(self, out_trade_no: str) -> Trade:
        """Cancel the order, returning any money taken (REVOKED); recall=True asks for another call."""
        ...

    def refund(self, out_trade_no: str, out_refund_no: str, amount_cents: int, reason: str) -> Trade:
        """Refund a paid order (REFUND); Refused(NOTPAID)."""
        ...

    def verify_notify(self, headers: Mapping[str, str], body: bytes) -> Trade:
        """Check a notify's signature and read it; raise BadNotify."""
        ...

    def ack(self, ok: bool) -> tuple[int, str, bytes]:
        """The answer the provider expects for a notify: (status, media type, body)."""
        ...


PROVIDERS: Adapters[Provider] = Adapters("payment", sandbox="servicenet.payments.sandbox:SandboxProvider")
make_provider = PROVIDERS.make
