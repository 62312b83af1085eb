"""Every kiosk request is signed (RFC 9421 HTTP Message Signatures, Ed25519, RFC 9530 Content-Digest).

A pure ASGI middleware in front of the app: a request to anything but the public paths (health, the
residents' track pages, the OpenAPI description, enrollment itself) must carry

    Content-Digest: sha-256=:<base64 sha256 of the body>:
    Signature-Input: sig1=("@method" "@path" "@query" "content-digest");created=<unix>;keyid="<device id>";
                     nonce="<random>";alg="ed25519"
    Signature: sig1=:<base64 Ed25519 signature of the RFC 9421 signature base>:

It answers (with the header Servicenet-Refused: <error>) 401 {"error": "unsigned" | "malformed" | "digest" | "stale" | "unknown_device" | "bad_signature" |
"replayed", "detail": ...} and 403 {"error": "revoked"}. Nonces are kept in the database for twice the
clock-skew window (a replay after a restart is still caught); older ones are refused as stale anyway.
"""
from __future__ import annotations

import base64
import json
import re
import threading
import time
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from anyio import to_thread
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.engine import Engine

from domain.signing import content_digest, signature_base
from servicenet import enroll
from servicenet.db import seen_nonces

PUBLIC_EXACT = frozenset({"/v1/health", "/v1/devices/enroll", "/openapi.json", "/docs", "/docs/oauth2-redirect",
                          "/redoc"})
# residents' web pages (/track, /pay), a payment provider's callbacks (/notify: the provider signs those its
# own way), the payment sandbox standing in for the residents' wallets and a hall node's pages (/hall: the
# display, the residents' ticket page, the clerks' counter pages behind their own login): none is a kiosk
PUBLIC_PREFIXES = ("/track/", "/pay/", "/notify/", "/sandbox/", "/hall/")
REQUIRED = ("@method", "@path", "@query", "content-digest")
DEFAULT_MAX_SKEW = 300.0  # seconds either way
MAX_BODY = 40 * 1024 * 1024
_INPUT = re.compile(r'^\s*([A-Za-z0-9_.*-]+)=\(([^)]*)\)(.*)$')
_PARAM = re.compile(r';\s*([a-z0-9_.*-]+)=("(?:[^"\\]|\\.)*"|-?\d+)')
_SIG = re.compile(r'^\s*([A-Za-z0-9_.*-]+)=:([A-Za-z0-9+/=]*):\s*$')


class Refused(Exception):
    def __init__(self, status: int, error: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.error, self.detail = status, error, detail


def is_public(path: str) -> bool:
    return path in PUBLIC_EXACT or path.startswith(PUBLIC_PREFIXES)


def parse(signature_input: str, signature: str) -> tuple[str, dict[str, Any], bytes, list[str]]:
    """(serialized params, params, signature bytes, covered components) of the first signature."""
    m = _INPUT.match(signature_input)
    s = _SIG.match(signature)
    if m is None or s is None or m.group(1) != s.group(1):
        raise Refused(401, "malformed", "签名头格式错误 / Signature-Input or Signature is malformed")
    label, inner, rest = m.groups()
    covered = re.findall(r'"([^"]+)"', inner)
    params: dict[str, Any] = {}
    for key, value in _PARAM.findall(rest):
        params[key] = value[1:-1] if value.startswith('"') else int(value)
    try:
        sig = base64.b64decode(s.group(2), validate=True)
    except ValueError:
        raise Refused(401, "malformed", "签名不是 base64 / the signature is not base64") from None
    return signature_input.strip()[len(label) + 1:], params, sig, covered


class NonceBook:
    """Nonces seen per device within the window, in the database (survives a restart)."""

    def __init__(self, engine: Engine, keep: float) -> None:
        self.engine = engine
        self.keep = keep
        self._count = 0
        self._lock = threading.Lock()

    def first_use(self, keyid: str, nonce: str, created: float, now: float) -> bool:
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.insert(seen_nonces).values(keyid=keyid, nonce=nonce, created=created))
        except sa.exc.IntegrityError:
            return False
        with self._lock:
            self._count += 1
            purge = self._count % 500 == 0
        if purge:
            with self.engine.begin() as conn:
                conn.execute(sa.delete(seen_nonces).where(seen_nonces.c.created < now - self.keep))
        return True


class Verifier:
    def __init__(self, engine: Engine, max_skew: float = DEFAULT_MAX_SKEW,
                 clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.max_skew = max_skew
        self.clock = clock
        self.nonces = NonceBook(engine, 2 * max_skew + 60)

    def check(self, method: str, path: str, query: str, headers: dict[str, str], body: bytes) -> str:
        """The device id of a good signature; raises Refused otherwise."""
        sig_input, sig, digest = headers.get("signature-input"), headers.get("signature"), headers.get("content-digest")
        if not sig_input or not sig or not digest:
            raise Refused(401, "unsigned", "请求未签名 / unsigned request: Signature, Signature-Input and "
                                           "Content-Digest are required (enroll the device first)")
        params_text, params, signature, covered = parse(sig_input, sig)
        missing = [c for c in REQUIRED if c not in covered]
        if missing or list(covered) != list(REQUIRED):
            raise Refused(401, "malformed", f"签名须覆盖 / the signature must cover exactly {list(REQUIRED)}")
        keyid, nonce, created = params.get("keyid"), params.get("nonce"), params.get("created")
        if not isinstance(keyid, str) or not isinstance(nonce, str) or not isinstance(created, int) \
                or not 8 <= len(nonce) <= 64:
            raise Refused(401, "malformed", "签名参数须含 created、keyid、nonce / created, keyid and nonce are required")
        if params.get("alg", "ed25519") != "ed25519":
            raise Refused(401, "malformed", "仅支持 ed25519 / only alg=ed25519")
        if digest.strip() != content_digest(body):
            raise Refused(401, "digest", "内容摘要不符 / Content-Digest does not match the body")
        now = self.clock()
        if abs(now - created) > self.max_skew:
            raise Refused(401, "stale", f"签名时间超出允许范围 / stale request: created {created} is more than "
                                        f"{self.max_skew:.0f} s from the network's time {int(now)} (check the clock)")
        device = enroll.get_device(self.engine, keyid)
        if device is None:
            raise Refused(401, "unknown_device", f"未注册的终端 / unknown device {keyid!r}")
        base = signature_base(method, path, query, digest.strip(), params_text)
        try:
            Ed25519PublicKey.from_public_bytes(device.public_key).verify(signature, base)
        except InvalidSignature:
            raise Refused(401, "bad_signature", "签名无效 / bad signature") from None
        if device.status != enroll.ACTIVE:
            raise Refused(403, "revoked", f"终端已被停用 / device {keyid} is revoked")
        if not self.nonces.first_use(keyid, nonce, float(created), now):
            raise Refused(401, "replayed", "重复的请求 / replayed request: this nonce was already used")
        return keyid


class SignatureGuard:
    """Pure ASGI middleware: refuse what `Verifier.check` refuses; put the device id in scope['state']."""

    def __init__(self, app: Any, verifier: Verifier) -> None:
        self.app = app
        self.verifier = verifier

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or is_public(scope["path"]):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY:
                await _answer(send, Refused(413, "too_large", "请求过大 / request body too large"))
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        raw_path = scope.get("raw_path") or scope["path"].encode("utf-8")
        path = raw_path.decode("latin-1") if isinstance(raw_path, bytes) else str(raw_path)
        query = scope.get("query_string", b"").decode("latin-1")
        try:
            device_id = await to_thread.run_sync(self.verifier.check, scope["method"], path, query, headers, body)
        except Refused as exc:
            await _answer(send, exc)
            return
        scope.setdefault("state", {})["device_id"] = device_id
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _answer(send: Any, exc: Refused) -> None:
    body = json.dumps({"detail": exc.detail, "error": exc.error}, ensure_ascii=False).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               (b"servicenet-refused", exc.error.encode("ascii"))]  # also for a HEAD, which has no body
    if exc.status == 401:
        headers.append((b"www-authenticate", b'Signature realm="servicenet"'))
    await send({"type": "http.response.start", "status": exc.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
