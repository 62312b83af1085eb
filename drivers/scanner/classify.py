"""Route a scanned text by its content: payment code, receipt QR (registration code) or unknown.

Payment codes (付款码), as the providers document them for merchants' scanners:
  WeChat Pay  18 digits, starting 10-15
  Alipay      16-24 digits, starting 25-30
Identity codes (亮码): the electronic social-security card's ESSC… or the electronic ID's EID…, then 24 digits
(the sandbox provider's format, servicenet/qrid/sandbox.py; a real provider's format is one more pattern).
Receipt QR: `<track_base_url>/<20-digit code>` as printed by the kiosk, a bare 20-digit code, or any
http(s) URL whose last path segment is a code (codes are valid network-wide, so a receipt from another
hall or the web channel works too). The code's check digit (domain.regcode, Damm) must hold.
"""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from domain import regcode
from drivers.base import IdentityCode, PaymentCode, ReceiptCode, Scan, UnknownScan

_WECHAT = re.compile(r"^1[0-5]\d{16}$", re.ASCII)
_ALIPAY = re.compile(r"^(2[5-9]|30)\d{14,22}$", re.ASCII)
_CODE = re.compile(r"^\d{20}$", re.ASCII)
_IDENTITY = {"ESSC": "e_sscard", "EID": "e_id"}
_IDENTITY_CODE = re.compile(r"^(ESSC|EID)\d{24}$", re.ASCII)


def classify(text: str, track_base_url: str = "") -> Scan:
    """What a scanned text is. Never raises: anything unexpected is an UnknownScan with a reason.
    The text is NFKC-normalised first (domain/canonical.py); digits are ASCII digits only."""
    text = unicodedata.normalize("NFKC", text).strip()
    if _WECHAT.match(text):
        return PaymentCode(text, "wechat")
    if _ALIPAY.match(text):
        return PaymentCode(text, "alipay")
    if found := _IDENTITY_CODE.match(text):
        return IdentityCode(text, _IDENTITY[found.group(1)])
    candidate = _receipt_code(text, track_base_url)
    if candidate is None:
        return UnknownScan(text, "not a payment code or a receipt QR")
    if not regcode.is_valid(candidate):
        return UnknownScan(text, "registration code with a wrong check digit")
    return ReceiptCode(candidate, text)


def _receipt_code(text: str, base: str) -> str | None:
    if _CODE.match(text):
        return text
    base = base.rstrip("/")
    if base and text.startswith(base + "/"):
        rest = text[len(base) + 1:].split("?", 1)[0].strip("/")
        return rest if _CODE.match(rest) else None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    return last if _CODE.match(last) else None
