"""QR identity (亮码) on the kiosk: a scanned code is checked by the network (POST /v1/identity/qr), which asks
the identity provider; the answer is a Person like a card's, with its source (e_sscard / e_id)."""
from __future__ import annotations

from domain import idnumber
from domain.models import Person
from sync.client import NetClient, NetworkRefused
from sync.model import Offline


class QrRefused(ValueError):
    """The provider refused the code (unknown, expired or used): the resident refreshes it on the phone."""


class QrIdentity:
    """kiosk.services.IdentityService over the network's identity route. Raises QrRefused, or Offline when the
    network (or the provider behind it) cannot answer now."""

    def __init__(self, client: NetClient) -> None:
        self.client = client

    def verify_qr(self, code: str) -> Person:
        try:
            found = self.client.verify_identity(code)
        except NetworkRefused as exc:
            raise Offline(str(exc)) from None
        if found is None:
            raise QrRefused(code)
        try:
            return Person.of_number(str(found.get("name", "")), str(found["id_number"]),
                                    str(found.get("source", "e_sscard")))
        except (KeyError, idnumber.InvalidIdNumber):
            raise QrRefused("the network's answer has no valid ID number") from None
