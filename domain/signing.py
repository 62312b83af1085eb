"""Device keys (Ed25519), request signing (RFC 9421 + RFC 9530) and enrollment: what every signed caller of
the network uses (a kiosk through sync/crypto.py, a hall node through servicenet/hall/uplink.py), and the
formats the network checks (servicenet/auth.py).

    key = DeviceKey.generate(); key.save(path)              # 0600 PEM file on the device
    session.auth = RequestSigner(key, keyid="440105-001")   # every request of that session is signed
"""
from __future__ import annotations

import base64
import hashlib
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain import httpsig

SIG_LABEL = "sig1"
COMPONENTS = ("@method", "@path", "@query", "content-digest")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


# -- device keys ---------------------------------------------------------------------------------------


class DeviceKey:
    """The kiosk's Ed25519 key pair: generated at enrollment, the private half never leaves the kiosk."""

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private

    @classmethod
    def generate(cls) -> "DeviceKey":
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def load(cls, path: str | Path) -> "DeviceKey":
        try:
            return cls.from_pem(Path(path).read_bytes())
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}") from None

    @classmethod
    def from_pem(cls, pem: bytes) -> "DeviceKey":
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("not an Ed25519 private key")
        return cls(key)

    def to_pem(self) -> bytes:
        return self._private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption())

    def save(self, path: str | Path) -> Path:
        """Write the private key as PEM, readable by the owner only (written to a temp file, then renamed)."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        pem = self.to_pem()
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, pem)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
        return target

    @property
    def public_raw(self) -> bytes:
        return self._private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    @property
    def public_b64(self) -> str:
        return b64(self.public_raw)

    def sign(self, data: bytes) -> bytes:
        return self._private.sign(data)


# -- RFC 9421 HTTP message signatures ------------------------------------------------------------------


def content_digest(body: bytes) -> str:
    """RFC 9530 Content-Digest with sha-256 (a structured-field byte sequence)."""
    return f"sha-256=:{b64(hashlib.sha256(body).digest())}:"


def signature_params(created: int, keyid: str, nonce: str) -> httpsig.InnerList:
    """The covered components and parameters of one device signature (the network's policy hall-kiosk-v1)."""
    return httpsig.covered(COMPONENTS, {"created": created, "keyid": keyid, "nonce": nonce, "alg": "ed25519"})


class RequestSigner(requests.auth.AuthBase):
    """requests auth: signs every request (method, path, query, Content-Digest, created, keyid, nonce)."""

    def __init__(self, key: DeviceKey, keyid: str, *, clock: Callable[[], float] = time.time,
                 nonce: Callable[[], str] = lambda: secrets.token_urlsafe(18)) -> None:
        if not keyid or '"' in keyid or "\\" in keyid:
            raise ValueError("keyid: a non-empty string without quotes")
        self.key = key
        self.keyid = keyid
        self.clock = clock
        self.nonce = nonce

    def headers_for(self, method: str, url: str, body: bytes) -> dict[str, str]:
        parts = urlsplit(url)
        digest = content_digest(body)
        inner = signature_params(int(self.clock()), self.keyid, self.nonce())
        request = httpsig.Request(method.upper(), parts.path, parts.query, parts.netloc, parts.scheme or "http",
                                  {"content-digest": digest})
        signature = self.key.sign(httpsig.signature_base(request, inner))
        return {"Content-Digest": digest, **httpsig.signature_fields(SIG_LABEL, inner, signature)}

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        body = r.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        if not isinstance(body, bytes):  # a stream or a file: the kiosk never sends one
            raise TypeError("only bytes bodies can be signed")
        r.headers.update(self.headers_for(r.method or "GET", r.url or "", body))
        return r


# -- enrollment --------------------------------------------------------------------------------------

class EnrollmentRefused(Exception):
    """The network refused the enrollment code (unknown, expired or used) or the key; the message says why."""


@dataclass(frozen=True)
class Enrollment:
    device_id: str  # also the keyid of every signed request
    device_number: int
    region: str
    network_public_key: str  # X25519, base64 of the raw 32 bytes: cases are sealed to it
    person_key: str  # key of the person lookup hash (domain.wire.person_hash)
    settings_key: str = ""  # Ed25519, base64 raw: the network signs remote settings with it


def enroll(network_url: str, code: str, key: DeviceKey, *, hall_name: str = "", timeout: float = 10.0,
           session: requests.Session | None = None) -> Enrollment:
    """POST /v1/devices/enroll with the one-time code and this kiosk's public key."""
    http = session or requests.Session()
    try:
        resp = http.post(network_url.rstrip("/") + "/v1/devices/enroll", timeout=timeout,
                         json={"code": code.strip(), "public_key": key.public_b64, "hall_name": hall_name})
    except requests.RequestException as exc:
        raise ConnectionError(f"cannot reach {network_url}: {type(exc).__name__}") from exc
    finally:
        if session is None:
            http.close()
    try:
        body = resp.json()
    except ValueError:
        body = {}
    if resp.status_code != 200:
        raise EnrollmentRefused(str(body.get("detail") if isinstance(body, dict) else "")
                                or f"HTTP {resp.status_code}")
    return _enrollment(body)


def _enrollment(body: object) -> Enrollment:
    """The network's answer, checked before anything is named after it: the device id names the kiosk's key file
    and every signature, so it must be the region's six digits and the device number (`440105-001`), as the
    settings make it (domain.kiosksettings.Settings.device_id); anything else is refused, not used."""
    if not isinstance(body, dict):
        raise EnrollmentRefused("the network's answer is not an enrollment")
    try:
        region, number = str(body["region"]), int(body["device_number"])
        got = Enrollment(str(body["device_id"]), number, region, str(body["network_public_key"]),
                         str(body["person_key"]), str(body.get("settings_key", "")))
    except (KeyError, TypeError, ValueError):
        raise EnrollmentRefused("the network's answer is not an enrollment") from None
    if not (len(region) == 6 and region.isascii() and region.isdigit() and 1 <= number <= 999
            and got.device_id == f"{region}-{number:03d}"):
        raise EnrollmentRefused(f"the network's answer names no device of this kind: {got.device_id[:40]!r}")
    return got
