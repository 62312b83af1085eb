"""The network's X25519 key pair (kiosks seal residents' data to it) and opening what they sealed.

The pair is made on first start and kept in the database (table network_keys), or read from a key file
(`--seal-key-file` / $SERVICENET_SEAL_KEY_FILE: base64 of the raw 32-byte private key) when the operator
keeps it out of the database. Formats mirror sync/crypto.py (servicenet does not import the kiosk's code).
"""
from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy.engine import Engine

from servicenet.db import network_keys

SEAL_ALG = "X25519-HKDF-SHA256-A256GCM"
SEAL_INFO = b"hall-kiosk seal v1"
SEALED_FILE_MAGIC = b"HKSEAL1\n"
SEALED_FIELDS = ("applicant", "agent", "form", "delivery")  # what a kiosk seals of a case (docs/wire.md)
KEY_FILE_ENV = "SERVICENET_SEAL_KEY_FILE"


class CannotOpen(ValueError):
    """A sealed part that this network's key does not open (another network's key, or damaged bytes)."""


def _raw(key: X25519PrivateKey | X25519PublicKey) -> bytes:
    if isinstance(key, X25519PrivateKey):
        return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                 serialization.NoEncryption())
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


@dataclass(frozen=True)
class SealKey:
    private: bytes

    @cached_property
    def _key(self) -> X25519PrivateKey:  # made once: loading the key and deriving its public half are scalar work
        return X25519PrivateKey.from_private_bytes(self.private)

    @cached_property
    def public(self) -> bytes:
        return _raw(self._key.public_key())

    @property
    def public_b64(self) -> str:
        return base64.b64encode(self.public).decode("ascii")

    def open(self, envelope: dict[str, Any], aad: bytes = b"") -> bytes:
        try:
            if envelope.get("alg") != SEAL_ALG:
                raise ValueError(f"unknown algorithm {envelope.get('alg')!r}")
            epk = base64.b64decode(envelope["epk"], validate=True)
            nonce = base64.b64decode(envelope["nonce"], validate=True)
            ct = base64.b64decode(envelope["ct"], validate=True)
            shared = self._key.exchange(X25519PublicKey.from_public_bytes(epk))
            key = HKDF(algorithm=hashes.SHA256(), length=32, salt=epk + self.public, info=SEAL_INFO).derive(shared)
            return AESGCM(key).decrypt(nonce, ct, aad)
        except Exception as exc:  # InvalidTag, bad base64, wrong sizes: all "cannot open"
            raise CannotOpen(f"密封数据无法解开 / the sealed part cannot be opened: {type(exc).__name__}") from exc

    def open_bytes(self, blob: bytes, aad: bytes = b"") -> bytes:
        if not blob.startswith(SEALED_FILE_MAGIC):
            raise CannotOpen("not a sealed file")
        body = blob[len(SEALED_FILE_MAGIC):]

        def b64(b: bytes) -> str:
            return base64.b64encode(b).decode("ascii")

        return self.open({"alg": SEAL_ALG, "epk": b64(body[:32]), "nonce": b64(body[32:44]), "ct": b64(body[44:])},
                         aad)

    def open_case(self, raw: dict[str, Any]) -> dict[str, Any]:
        """The case with its sealed personal part opened in place (a case without one is returned as is)."""
        sealed = raw.get("sealed")
        if sealed is None:
            return raw
        if not isinstance(sealed, dict):
            raise CannotOpen("sealed: must be an object")
        inner = json.loads(self.open(sealed, str(raw.get("code", "")).encode("ascii", "replace")))
        if not isinstance(inner, dict):
            raise CannotOpen("the sealed part is not an object")
        opened = {k: v for k, v in raw.items() if k != "sealed"}
        opened.update({k: inner.get(k) for k in SEALED_FIELDS if k in inner})
        return opened


def attachment_aad(code: str, slot: str) -> bytes:
    return f"{code}/{slot}".encode()


def load_or_create(engine: Engine, key_file: str | None = None) -> SealKey:
    """The network's sealing key: from the key file when given, else from the database (made once)."""
    path = key_file or os.environ.get(KEY_FILE_ENV)
    if path:
        return SealKey(base64.b64decode(Path(path).read_text(encoding="ascii").strip(), validate=True))
    with engine.connect() as conn:
        row = conn.execute(sa.select(network_keys.c.private_key).where(network_keys.c.name == "seal")).first()
    if row is not None:
        return SealKey(base64.b64decode(row.private_key))
    key = SealKey(_raw(X25519PrivateKey.generate()))
    try:
        with engine.begin() as conn:
            conn.execute(sa.insert(network_keys).values(
                name="seal", private_key=base64.b64encode(key.private).decode("ascii"), public_key=key.public_b64,
                created_at=datetime.now().astimezone().isoformat(timespec="seconds")))
    except sa.exc.IntegrityError:  # another process made it first: use theirs
        return load_or_create(engine)
    return key
