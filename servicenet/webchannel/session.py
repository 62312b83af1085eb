"""The residents' web sessions (proven by an SMS code or by single sign-on) as encrypted cookies.

A cookie is AES-256-GCM over a small JSON document with its expiry; the key is derived (HKDF) from the
network's sealing key, which every worker process reads from the database, so any worker opens any cookie
and nothing about a session is stored server-side. The ID number never travels in clear.
"""
from __future__ import annotations

import base64
import json
import secrets
import time
from collections.abc import Callable
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from domain import idnumber
from domain.models import Person

RESIDENT_COOKIE = "hk_web"
STAFF_COOKIE = "hk_staff"
MAX_AGE = 2 * 3600
WEB_LOGIN = "web_login"  # Person.source of a resident logged in on the web channel
# how a session may have been proven: an SMS code to the phone on record, or the identity provider (OIDC);
# a cookie saying anything else (the old name + ID-number login's "declared") is no session at all
PROVEN = ("sms", "oidc")


class LoginRefused(ValueError):
    """The name or the ID number is not acceptable; the message says which, in Chinese."""


def check_login(name: str, id_number: str) -> Person:
    """The name and the ID number as typed, checked (they say who is asking for an SMS code, prove nothing)."""
    name = name.strip()
    if not name or len(name) > 30:
        raise LoginRefused("请填写姓名（30字以内）")
    try:
        number = idnumber.validate(id_number)
    except idnumber.InvalidIdNumber as exc:
        if exc.reason == idnumber.CHARS:
            raise LoginRefused("公民身份号码只能包含数字 0-9 和 X，请核对") from None
        raise LoginRefused("公民身份号码有误，请核对（18位，最后一位可为X）") from None
    return Person(name, number, source=WEB_LOGIN)


def cookie_box(app_state: Any, purpose: str) -> "CookieBox":
    """The app's CookieBox for `purpose`, made once from the network's sealing key (app.state.seal_key)."""
    boxes: dict[str, CookieBox] | None = getattr(app_state, "cookie_boxes", None)
    if boxes is None:
        boxes = app_state.cookie_boxes = {}
    if purpose not in boxes:
        boxes[purpose] = CookieBox(app_state.seal_key.private, purpose)
    return boxes[purpose]


class CookieBox:
    """Seal and open small JSON cookies (one key per purpose)."""

    def __init__(self, secret: bytes, purpose: str) -> None:
        self._aead = AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                                 info=f"hall-kiosk web cookie v1 {purpose}".encode()).derive(secret))
        self._aad = purpose.encode()

    def seal(self, data: dict[str, Any], now: float | None = None, max_age: int = MAX_AGE) -> str:
        doc = dict(data, exp=int((now or time.time()) + max_age))
        nonce = secrets.token_bytes(12)
        ct = self._aead.encrypt(nonce, json.dumps(doc, ensure_ascii=False).encode(), self._aad)
        return base64.urlsafe_b64encode(nonce + ct).decode().rstrip("=")

    def open(self, value: str | None, now: float | None = None) -> dict[str, Any] | None:
        if not value or len(value) > 4096:
            return None
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
            doc = json.loads(self._aead.decrypt(raw[:12], raw[12:], self._aad))
        except (ValueError, InvalidTag):
            return None
        if not isinstance(doc, dict) or doc.get("exp", 0) < (now or time.time()):
            return None
        return doc


def resident_from(box: CookieBox, value: str | None,
                  generation: Callable[[str], int] | None = None) -> Person | None:
    """The logged-in resident, or None (no cookie, expired, not proven by SMS or OIDC, or logged out everywhere
    since: `generation` gives the person's current login generation by ID number; an older one is refused)."""
    doc = box.open(value)
    if doc is None or not isinstance(doc.get("name"), str) or not isinstance(doc.get("id"), str):
        return None
    if doc.get("acr") not in PROVEN:
        return None
    if generation is not None and doc.get("gen", 0) != generation(doc["id"]):
        return None
    return Person(doc["name"], doc["id"], source=f"{WEB_LOGIN}:{doc['acr']}")


def session_cookie(box: CookieBox, person: Person, acr: str, gen: int) -> str:
    """acr: how the login was proven, one of PROVEN."""
    if acr not in PROVEN:
        raise ValueError(f"a web session is proven by one of {PROVEN}, not {acr!r}")
    return box.seal({"name": person.name, "id": person.id_number, "acr": acr, "gen": gen})
