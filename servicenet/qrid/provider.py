"""The one interface a QR identity provider adapter implements (电子社保卡 / 电子身份证 code checks).

A real provider is one more class with `verify`, registered in PROVIDERS and chosen by $SERVICENET_QRID
(default "sandbox"). It answers who the code belongs to, or refuses it (unknown, expired, used).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from servicenet.adapters import Adapter, Adapters

E_SSCARD = "e_sscard"  # 电子社保卡
E_ID = "e_id"  # 电子身份证 (the electronic ID app's code)
KINDS = (E_SSCARD, E_ID)


@dataclass(frozen=True)
class Holder:
    """Who a code belongs to, as the provider vouches for it."""

    name: str
    id_number: str
    kind: str  # one of KINDS


class CodeRefused(ValueError):
    """The provider refuses the code: unknown, expired or already used (`reason`), with Chinese words."""

    def __init__(self, reason: str, words: str) -> None:
        super().__init__(words)
        self.reason = reason


@runtime_checkable
class QrIdentityProvider(Adapter, Protocol):
    def verify(self, code: str) -> Holder:
        """Who the code belongs to; CodeRefused or ProviderDown."""
        ...


PROVIDERS: Adapters[QrIdentityProvider] = Adapters("QR identity", sandbox="servicenet.qrid.sandbox:SandboxQrIdentity")
make_provider = PROVIDERS.make
