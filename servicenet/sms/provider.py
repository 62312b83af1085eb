"""The one interface an SMS gateway adapter implements; the outbox (and so every feature) sees only this.

A real gateway (a carrier's or a cloud SMS service) is one more class with the same methods, registered in
PROVIDERS and chosen by $SERVICENET_SMS (default "sandbox"). It receives the template id and parameters, the
sign, and an OutId (the outbox row) that it uses to refuse a second send of the same row.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from sqlalchemy.engine import Engine


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
class SmsProvider(Protocol):
    name: str

    def send(self, message: Message) -> str:
        """Hand the message over; the provider's message id. Raise SmsDown or SmsRefused."""
        ...


ProviderFactory = Callable[[Engine], SmsProvider]


def _sandbox(engine: Engine) -> SmsProvider:
    from servicenet.sms.sandbox import SandboxSms

    return SandboxSms(engine)


PROVIDERS: dict[str, ProviderFactory] = {"sandbox": _sandbox}


def make_provider(name: str, engine: Engine) -> SmsProvider:
    try:
        factory = PROVIDERS[name]
    except KeyError:
        raise ValueError(f"unknown SMS provider {name!r}; one of {sorted(PROVIDERS)}") from None
    return factory(engine)
