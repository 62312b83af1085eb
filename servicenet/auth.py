"""Every kiosk request is signed (RFC 9421 HTTP Message Signatures, Ed25519, RFC 9530 Content-Digest).

A pure ASGI middleware in front of the app: a request to anything but the public paths (health, the
residents' track pages, the OpenAPI description, enrollment itself) must carry a signature that meets the
kiosk policy (`KIOSK_POLICY`, docs/wire.md):

    Content-Digest: sha-256=:<base64 sha256 of the body>:
    Signature-Input: sig1=("@method" "@path" "@query" "content-digest");created=<unix>;keyid="<device id>";
                     nonce="<random>";alg="ed25519"
    Signature: sig1=:<base64 Ed25519 signature of the RFC 9421 signature base>:

Both fields are parsed as Structured Fields (domain/httpsig.py), so any legal spelling is accepted, and a
message may carry several signatures: the verifier takes the one the policy names (its label, else the first
that meets it and whose key it knows). It answers (with the header Servicenet-Refused: <error>) 401 {"error":
"unsigned" | "malformed" | "policy" | "digest" | "stale" | "unknown_device" | "bad_signature" | "replayed",
"detail": ...} and 403 {"error": "revoked"}; a "policy" refusal (a conforming RFC 9421 message that does not
meet the policy) also names the policy in "policy". Nonces are kept in the database for twice the clock-skew
window (a replay after a restart is still caught); older ones are refused as stale anyway.
"""
from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from anyio import to_thread
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.engine import Engine

from domain import httpsig
from servicenet import enroll
from servicenet.db import devices, one_statement, seen_nonces

PUBLIC_EXACT = frozenset({"/v1/health", "/v1/devices/enroll", "/openapi.json", "/docs", "/docs/oauth2-redirect",
                          "/redoc"})
# residents' web pages (/track, /pay), a payment provider's callbacks (/notify: the provider signs those its
# own way), the sandboxes standing in for the residents' wallets and phones, the public check of result
# documents (/verify, /verify-key) and a hall node's pages (/hall: the display, the residents' ticket page, the
# clerks' counter pages behind their own login), a release's files (/v1/releases/: the download token in the
# path, from the kiosk's signed heartbeat, is the credential): none of them is a signed kiosk request
PUBLIC_PREFIXES = ("/track/", "/pay/", "/notify/", "/sandbox/", "/verify", "/hall/", "/v1/releases/")
REQUIRED = ("@method", "@path", "@query", "content-digest")
DEFAULT_MAX_SKEW = 300.0  # seconds either way
MAX_BODY = 40 * 1024 * 1024


class Refused(Exception):
    def __init__(self, status: int, error: str, detail: str, policy: str | None = None) -> None:
        super().__init__(detail)
        self.status, self.error, self.detail, self.policy = status, error, detail, policy


@dataclass(frozen=True)
class Policy:
    """What a verifier demands of a signature beyond RFC 9421 itself."""

    name: str
    required: tuple[str, ...]  # components the signature must cover (it may cover more)
    algs: tuple[str, ...] = ("ed25519",)  # an `alg` parameter, when given, must be one of these
    max_skew: float | None = DEFAULT_MAX_SKEW  # `created` required, within this many seconds; None: not checked
    nonce: bool = True  # a `nonce` of 8..64 characters is required
    digest: bool = True  # a sha-256 entry in Content-Digest must match the body
    label: str | None = None  # only the signature of this label counts; None: the first that meets the policy

    def misses(self, sig: httpsig.Signature) -> list[str]:
        """What this signature lacks to meet the policy (empty when it meets it)."""
        params, missed = sig.params, []
        absent = [c for c in self.required if c not in sig.components]
        if absent:
            missed.append(f"must cover {list(self.required)} (missing {absent})")
        if not isinstance(params.get("keyid"), str):
            missed.append("keyid is required")
        if "alg" in params and params["alg"] not in self.algs:
            missed.append(f"alg must be one of {list(self.algs)}")
        if self.max_skew is not None and not isinstance(params.get("created"), int):
            missed.append("created is required")
        nonce = params.get("nonce")
        if self.nonce and not (isinstance(nonce, str) and 8 <= len(nonce) <= 64):
            missed.append("nonce (8..64 characters) is required")
        return missed


KIOSK_POLICY = Policy("hall-kiosk-v1", REQUIRED)


def is_public(path: str) -> bool:
    return path in PUBLIC_EXACT or path.startswith(PUBLIC_PREFIXES)


def choose(policy: Policy, signatures: dict[str, httpsig.Signature]) -> list[httpsig.Signature]:
    """The signatures that meet the policy, in message order; Refused("policy") naming what each one missed."""
    candidates = [s for label, s in signatures.items() if policy.label in (None, label)]
    meeting, reasons = [], []
    for sig in candidates:
        missed = policy.misses(sig)
        if missed:
            reasons.append(f"{sig.label}: " + ", ".join(missed))
        else:
            meeting.append(sig)
    if meeting:
        return meeting
    if not candidates:
        reasons.append(f"no signature labelled {policy.label!r}")
    raise Refused(401, "policy", f"签名不符合策略 {policy.name} / no signature meets policy {policy.name}: "
                                 + "; ".join(reasons), policy.name)


def verify_message(policy: Policy, request: httpsig.Request, body: bytes, key_of: Callable[[str], bytes | None],
                   now: float) -> httpsig.Signature:
    """Verify the signature `policy` names: its shape, the body's digest, its age, its key and its bytes.

    `key_of(keyid)` is the raw Ed25519 public key, or None for an unknown key. Raises Refused."""
    sig_input, sig_value = request.headers.get("signature-input"), request.headers.get("signature")
    digest = request.headers.get("content-digest")
    if not sig_input or not sig_value or (policy.digest and not digest):
        raise Refused(401, "unsigned", "请求未签名 / unsigned request: Signature, Signature-Input and "
                                       "Content-Digest are required (enroll the device first)")
    try:
        meeting = choose(policy, httpsig.parse(sig_input, sig_value))
    except httpsig.Malformed as exc:
        raise Refused(401, "malformed", f"签名头格式错误 / {exc}") from None
    # of those, the first whose key this verifier knows (another party may sign the same message too)
    keyed = [(s, key_of(s.params["keyid"])) for s in meeting]
    sig, public = next(((s, k) for s, k in keyed if k is not None), (meeting[0], None))
    if policy.digest:
        try:
            entries = httpsig.digest_entries(digest or "")
        except httpsig.Malformed as exc:
            raise Refused(401, "malformed", f"内容摘要格式错误 / {exc}") from None
        if entries.get("sha-256") != hashlib.sha256(body).digest():
            raise Refused(401, "digest", "内容摘要不符 / Content-Digest has no sha-256 matching the body")
    params = sig.params
    if policy.max_skew is not None and abs(now - params["created"]) > policy.max_skew:
        raise Refused(401, "stale", f"签名时间超出允许范围 / stale request: created {params['created']} is "
                                    f"more than {policy.max_skew:.0f} s from the network's time {int(now)} "
                                    "(check the clock)")
    if isinstance(params.get("expires"), int) and params["expires"] < now:
        raise Refused(401, "stale", f"签名已过期 / the signature expired at {params['expires']}")
    if public is None:
        raise Refused(401, "unknown_device", f"未注册的终端 / unknown device {params['keyid']!r}")
    try:
        base = httpsig.signature_base(request, sig.covered)
    except httpsig.Unsupported as exc:
        raise Refused(401, "policy", f"签名不符合策略 {policy.name} / {exc}", policy.name) from None
    except httpsig.Malformed as exc:
        raise Refused(401, "malformed", f"签名头格式错误 / {exc}") from None
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(sig.value, base)
    except (InvalidSignature, ValueError):
        raise Refused(401, "bad_signature", "签名无效 / bad signature") from None
    return sig


class NonceBook:
    """Nonces seen per device within the window, in the database (survives a restart, shared by every node)."""

    def __init__(self, engine: Engine, keep: float) -> None:
        self.engine = engine
        self.keep = keep
        self._count = 0
        self._lock = threading.Lock()

    def claim(self, keyid: str, public_b64: str, nonce: str, created: float, now: float) -> bool | None:
        """Record the nonce's first use, in one statement and one round trip (autocommit: no BEGIN or COMMIT of
        its own), only while the device is active under this very key: True when recorded, False when the device
        is no longer active with that key (revoked since its key was cached), None for a nonce already used."""
        claim = sa.insert(seen_nonces).from_select(
            ["keyid", "nonce", "created"],
            sa.select(sa.literal(keyid, sa.String), sa.literal(nonce, sa.String), sa.literal(created, sa.Float))
            .where(devices.c.device_id == keyid, devices.c.status == enroll.ACTIVE,
                   devices.c.public_key == public_b64)).returning(seen_nonces.c.nonce)
        try:
            with one_statement(self.engine) as conn:
                if conn.execute(claim).first() is None:  # (rowcount of INSERT ... SELECT is -1 with psycopg)
                    return False
        except sa.exc.IntegrityError:
            return None
        with self._lock:
            self._count += 1
            purge = self._count % 500 == 0
        if purge:
            with self.engine.begin() as conn:
                conn.execute(sa.delete(seen_nonces).where(seen_nonces.c.created < now - self.keep))
        return True


class _KeptKeyFailed(Exception):
    """A signature did not verify under a key the node kept: it is checked once more against the database."""


class Verifier:
    """The kiosk policy's verifier. It keeps each active device's public key once read (a node's memory, bounded
    by MAX_KEYS): whether the device is still active under that key is asked of the database by the nonce's own
    insert (NonceBook.claim), so a revocation holds from the next request on, on every node; a signature the
    kept key does not verify is checked once more with the key read afresh (a device's row given another key)."""

    MAX_KEYS = 100_000

    def __init__(self, engine: Engine, max_skew: float = DEFAULT_MAX_SKEW,
                 clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.max_skew = max_skew
        self.clock = clock
        self.nonces = NonceBook(engine, 2 * max_skew + 60)
        self.policy = Policy(KIOSK_POLICY.name, KIOSK_POLICY.required, max_skew=max_skew)
        self._keys: dict[str, str] = {}  # device id -> base64 public key, of devices seen active

    def _device(self, keyid: str) -> tuple[str, str] | None:
        """(status, base64 public key) of a device, from the database."""
        with one_statement(self.engine) as conn:
            row = conn.execute(sa.select(devices.c.status, devices.c.public_key)
                               .where(devices.c.device_id == keyid)).first()
        return (row.status, row.public_key) if row is not None else None

    def check(self, request: httpsig.Request, body: bytes) -> str:
        """The device id of a good signature under the kiosk policy; raises Refused otherwise."""
        try:
            keyid, claimed, fresh = self._attempt(request, body, cached=True)
        except _KeptKeyFailed:  # the key kept does not verify it: the device's key may have changed, read it afresh
            keyid, claimed, fresh = self._attempt(request, body, cached=False)
        if not claimed and not fresh:  # its cached key is no longer active: once more, read afresh
            self._keys.pop(keyid, None)
            keyid, claimed, fresh = self._attempt(request, body, cached=False)
        if not claimed:  # read active just now and not active at the claim: revoked meanwhile
            self._keys.pop(keyid, None)
            raise Refused(403, "revoked", f"终端已被停用 / device {keyid} is revoked")
        return keyid

    def _attempt(self, request: httpsig.Request, body: bytes, cached: bool) -> tuple[str, bool, bool]:
        """Verify and claim the nonce: (device id, claimed, its key was read from the database just now)."""
        status: dict[str, str] = {}
        keys: dict[str, str] = {}

        def key_of(keyid: str) -> bytes | None:
            held = self._keys.get(keyid) if cached else None
            if held is None:
                device = self._device(keyid)
                if device is None:
                    return None
                status[keyid], held = device
                if device[0] == enroll.ACTIVE:
                    if len(self._keys) >= self.MAX_KEYS:
                        self._keys.clear()
                    self._keys[keyid] = held
            keys[keyid] = held
            return base64.b64decode(held)

        now = self.clock()
        try:
            sig = verify_message(self.policy, request, body, key_of, now)
        except Refused as exc:
            kept = [k for k in keys if k not in status]
            if exc.error != "bad_signature" or not kept:
                raise
            for k in kept:
                self._keys.pop(k, None)
            raise _KeptKeyFailed from None
        keyid = str(sig.params["keyid"])
        if status.get(keyid, enroll.ACTIVE) != enroll.ACTIVE:
            raise Refused(403, "revoked", f"终端已被停用 / device {keyid} is revoked")
        claimed = self.nonces.claim(keyid, keys[keyid], sig.params["nonce"], float(sig.params["created"]), now)
        if claimed is None:
            raise Refused(401, "replayed", "重复的请求 / replayed request: this nonce was already used")
        return keyid, claimed, keyid in status


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
        headers = httpsig.combine((k.decode("latin-1"), v.decode("latin-1")) for k, v in scope.get("headers", []))
        raw_path = scope.get("raw_path") or scope["path"].encode("utf-8")
        path = raw_path.decode("latin-1") if isinstance(raw_path, bytes) else str(raw_path)
        request = httpsig.Request(scope["method"], path, scope.get("query_string", b"").decode("latin-1"),
                                  headers.get("host", ""), scope.get("scheme", "http"), headers)
        try:
            device_id = await to_thread.run_sync(self.verifier.check, request, body)
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
    doc = {"detail": exc.detail, "error": exc.error, **({"policy": exc.policy} if exc.policy else {})}
    body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               (b"servicenet-refused", exc.error.encode("ascii"))]  # also for a HEAD, which has no body
    if exc.status == 401:
        headers.append((b"www-authenticate", b'Signature realm="servicenet"'))
    await send({"type": "http.response.start", "status": exc.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


SCHEME = "deviceSignature"
SECURITY_SCHEME = {
    "type": "apiKey", "in": "header", "name": "Signature",
    "description": "RFC 9421 HTTP Message Signature of an enrolled device (Ed25519), under policy "
                   f"{KIOSK_POLICY.name}: Signature-Input covers at least {' '.join(REQUIRED)} with created, keyid "
                   "(the device id), nonce and alg=\"ed25519\"; Content-Digest (RFC 9530) carries sha-256 of the "
                   "body. See docs/wire.md, 'Signed requests'. OpenAPI has no scheme type for HTTP message "
                   "signatures: this names the header, the description says how to fill it."}
REFUSALS = {"401": {"description": "not signed, or the signature is refused (`Servicenet-Refused` says why)"},
            "403": {"description": "the device is revoked"}}


def declare(spec: dict[str, Any], exempt: Callable[[str], bool]) -> None:
    """Put the device-signature scheme in an OpenAPI spec, required on every path the guard checks."""
    spec.setdefault("components", {}).setdefault("securitySchemes", {})[SCHEME] = SECURITY_SCHEME
    for path, operations in spec.get("paths", {}).items():
        if is_public(path) or exempt(path):
            continue
        for operation in operations.values():
            operation["security"] = [{SCHEME: []}]
            for status, answer in REFUSALS.items():
                operation.setdefault("responses", {}).setdefault(status, answer)
