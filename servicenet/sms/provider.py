"""The one interface an SMS gateway adapter implements; the outbox (and so every feature) sees only this.

A real gateway (a carrier's or a cloud SMS service) is one more class with the same methods, registered in
PROVIDERS and chosen by $SERVICENET_SMS (default "sandbox"). It receives the template id and parameters, the
sign, and an OutId (the outbox row) that it uses to refuse a second send of the same row.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from servicenet.adapters import Adapter, Adapters


@dataclass(frozen=True)
class Message:
    out_id: str  # our idempotency key at the provider (the outbox row id)
    phone: str  # 11 digits, canonical
    sign: str
    template: str
    params: dict[str, str]
    text: str  # rendered: what the phone shows (the sandbox stores it, a real gateway renders its own)


class SmsDown(Exception):
    """The gateway could not be reached or answered nonsense: try again later (the OutId keeps it single)."""


class SmsRefused(Exception):
    """The gateway refused this message for good (an empty number, a blocked phone): do not retry."""


@runtime_checkable
class SmsProvider(Adapter, Protocol):
    def send(self, message: Message) -> str:
        """Hand the message over; the provider's message id. Raise SmsDown or SmsRefused."""
        ...


PROVIDERS: Adapters[SmsProvider] = Adapters("SMS", sandbox="servicenet.sms.sandbox:SandboxSms")
make_provider = PROVIDERS.make
