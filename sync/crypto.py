"""Device keys (Ed25519), request signing (RFC 9421 + RFC 9530), sealing PII to the network (X25519 + AES-GCM).

    key = DeviceKey.generate(); key.save(path)              # 0600 PEM file on the kiosk
    session.auth = RequestSigner(key, keyid="440105-001")   # every request of that session is signed
    envelope = seal(network_public_key, plaintext, aad)     # only the network's private key opens it

Keys, signing and enrollment live in domain/signing.py (a hall node signs its uplink the same way); they are
re-exported here for the kiosk. The network's sealing side (servicenet/keys.py) implements the same format on
its own, and tests check that both sides agree.
"""
from __future__ import annotations

import secrets
import threading
from collections import deque
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from domain.signing import (
    COMPONENTS,
    SIG_LABEL,
    DeviceKey,
    Enrollment,
    EnrollmentRefused,
    RequestSigner,
    b64,
    content_digest,
    enroll,
    signature_params,
    unb64,
)

__all__ = ["COMPONENTS", "SIG_LABEL", "DeviceKey", "Enrollment", "EnrollmentRefused", "RequestSigner", "b64",
           "content_digest", "enroll", "signature_params", "unb64", "verify", "seal",
           "open_sealed", "seal_bytes", "open_sealed_bytes", "network_key_pair", "Sealer"]
SEAL_ALG = "X25519-HKDF-SHA256-A256GCM"
SEAL_INFO = b"hall-kiosk seal v1"


def verify(public_raw: bytes, signature: bytes, data: bytes) -> bool:
    """Ed25519 check (used by tests; servicenet has its own)."""
    try:
        Ed25519PublicKey.from_public_bytes(public_raw).verify(signature, data)
    except Exception:
        return False
    return True


# -- sealing to the network's X25519 key ---------------------------------------------------------------


def network_key_pair() -> tuple[bytes, bytes]:
    """(private raw, public raw) of a fresh X25519 pair: for tests and for servicenet's own generator."""
    private = X25519PrivateKey.generate()
    return (private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                  serialization.NoEncryption()),
            private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def _aead_key(shared: bytes, epk: bytes, recipient: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=epk + recipient, info=SEAL_INFO).derive(shared)


def _ephemeral_key(recipient: X25519PublicKey, recipient_raw: bytes) -> tuple[bytes, bytes]:
    """(epk, AES key) from a fresh ephemeral X25519 pair; its private half is dropped on return."""
    ephemeral = X25519PrivateKey.generate()
    epk = ephemeral.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return epk, _aead_key(ephemeral.exchange(recipient), epk, recipient_raw)


def _recipient(recipient_public: bytes) -> X25519PublicKey:
    if len(recipient_public) != 32:
        raise ValueError("the network public key is 32 bytes (X25519)")
    return X25519PublicKey.from_public_bytes(recipient_public)


# what one envelope needs besides its plaintext: the ephemeral public key (base64), a fresh nonce (raw and
# base64) and the AES-GCM cipher keyed by the agreement; made ahead by Sealer, inline by seal()
Prepared = tuple[str, bytes, str, AESGCM]


def _prepare(recipient: X25519PublicKey, recipient_raw: bytes) -> Prepared:
    epk, key = _ephemeral_key(recipient, recipient_raw)
    nonce = secrets.token_bytes(12)
    return b64(epk), nonce, b64(nonce), AESGCM(key)


def _envelope(prepared: Prepared, plaintext: bytes, aad: bytes) -> dict[str, str]:
    epk, nonce, nonce64, aead = prepared
    return {"alg": SEAL_ALG, "epk": epk, "nonce": nonce64, "ct": b64(aead.encrypt(nonce, plaintext, aad))}


def seal(recipient_public: bytes, plaintext: bytes, aad: bytes = b"") -> dict[str, str]:
    """Encrypt to the recipient: ephemeral X25519, HKDF-SHA256 (salt = epk || recipient), AES-256-GCM.

    The ephemeral private key is dropped here: nobody but the holder of the recipient's private key can
    open the result, the kiosk that sealed it included.
    """
    return _envelope(_prepare(_recipient(recipient_public), recipient_public), plaintext, aad)


class Sealer:
    """Seals to one recipient, like seal(), with the X25519 work for the next seals done ahead of time.

    Each prepared pair (epk, AES-GCM cipher, with its fresh nonce) serves exactly one envelope and is then
    forgotten; the ephemeral private key is dropped as soon as the pair is made, and nothing is written to
    disk. So the envelopes are the same as seal()'s, and the kiosk still cannot open what it sealed; only the
    moment of the key agreement (and of the cipher's key schedule, the nonce and their base64) moves.
    `prepare_ahead()` wakes this sealer's own background thread to make pairs until `ahead` are ready (the
    outbox calls it once a case is stored, so the key agreement is not on the resident's path) once fewer than
    `low` are left, so most cases wake nothing and a wake makes several pairs; with nothing prepared, seal()
    makes the pair inline.
    """

    def __init__(self, recipient_public: bytes, ahead: int = 12, low: int = 8) -> None:
        self.recipient = recipient_public
        self._peer = _recipient(recipient_public)
        self._ahead = ahead
        self._low = min(low, ahead)
        self._ready: deque[Prepared] = deque()
        # the wake-up: held while nobody asked for pairs; prepare_ahead() releases it (one C call, one futex
        # wake: a Condition's notify cost the enqueue several times that), the thread takes it back to sleep
        self._bell = threading.Lock()
        self._bell.acquire()
        self._idle = threading.Event()  # the thread is asleep at the bell (or not started)
        self._idle.set()
        self._thread: threading.Thread | None = None
        self._starting = threading.Lock()

    def _run(self) -> None:
        while True:
            while len(self._ready) < self._ahead:
                self._ready.append(_prepare(self._peer, self.recipient))
            self._idle.set()
            self._bell.acquire()

    def prepare_ahead(self) -> None:
        """Make pairs in the background until `ahead` are ready, once fewer than `low` are left."""
        if len(self._ready) >= self._low:
            return
        self._idle.clear()
        thread = self._thread
        if thread is None or not thread.is_alive():  # the first call (or a forked child, which has no thread)
            with self._starting:
                if self._thread is thread:
                    self._thread = threading.Thread(target=self._run, name="seal-ahead", daemon=True)
                    self._thread.start()
            return
        try:
            self._bell.release()
        except RuntimeError:  # already rung: the thread will look again before it sleeps
            pass

    def settle(self, timeout: float = 10.0) -> bool:
        """Wait until the background thread is idle (e.g. so a measurement after an enqueue runs on a quiet
        process); True when it is."""
        return self._idle.wait(timeout)

    @property
    def ready(self) -> int:
        """How many key pairs are prepared and waiting for an envelope."""
        return len(self._ready)

    def _pair(self) -> Prepared:
        try:
            return self._ready.popleft()  # atomic (deque); the thread only appends
        except IndexError:
            return _prepare(self._peer, self.recipient)

    def seal(self, plaintext: bytes, aad: bytes = b"") -> dict[str, str]:
        return _envelope(self._pair(), plaintext, aad)

    def seal_bytes(self, data: bytes, aad: bytes = b"") -> bytes:
        return _file(self.seal(data, aad))


def open_sealed(recipient_private: bytes, envelope: dict[str, Any], aad: bytes = b"") -> bytes:
    """Decrypt a sealed envelope (servicenet/keys.py has the network's own copy of this)."""
    if envelope.get("alg") != SEAL_ALG:
        raise ValueError(f"unknown seal algorithm {envelope.get('alg')!r}")
    private = X25519PrivateKey.from_private_bytes(recipient_private)
    recipient = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    epk = unb64(envelope["epk"])
    key = _aead_key(private.exchange(X25519PublicKey.from_public_bytes(epk)), epk, recipient)
    return AESGCM(key).decrypt(unb64(envelope["nonce"]), unb64(envelope["ct"]), aad)


SEALED_FILE_MAGIC = b"HKSEAL1\n"


def _file(env: dict[str, str]) -> bytes:
    return SEALED_FILE_MAGIC + unb64(env["epk"]) + unb64(env["nonce"]) + unb64(env["ct"])


def seal_bytes(recipient_public: bytes, data: bytes, aad: bytes = b"") -> bytes:
    """An attachment sealed into one file: magic line, then epk (32) + nonce (12) + AES-GCM ciphertext."""
    return _file(seal(recipient_public, data, aad))


def open_sealed_bytes(recipient_private: bytes, blob: bytes, aad: bytes = b"") -> bytes:
    if not blob.startswith(SEALED_FILE_MAGIC):
        raise ValueError("not a sealed file")
    body = blob[len(SEALED_FILE_MAGIC):]
    env = {"alg": SEAL_ALG, "epk": b64(body[:32]), "nonce": b64(body[32:44]), "ct": b64(body[44:])}
    return open_sealed(recipient_private, env, aad)
