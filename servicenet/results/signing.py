"""The network's Ed25519 key that signs result documents (kept in network_keys as "result-sign", made once).

A verifier needs only the public key (GET /verify/key, and printed on no document): the signature is over the
canonical statement of a document, which names the sha256 of its stamped bytes.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass

import sqlalchemy as sa
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy.engine import Engine

from servicenet.db import network_keys

NAME = "result-sign"
_RAW = (serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass(frozen=True)
class SigningKey:
    private: bytes

    @property
    def public_b64(self) -> str:
        return _b64(Ed25519PrivateKey.from_private_bytes(self.private).public_key().public_bytes(*_RAW))

    def sign(self, statement: bytes) -> str:
        return _b64(Ed25519PrivateKey.from_private_bytes(self.private).sign(statement))


def verify(public_b64: str, statement: bytes, signature_b64: str) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_b64, validate=True))
        key.verify(base64.b64decode(signature_b64, validate=True), statement)
    except (InvalidSignature, ValueError):
        return False
    return True


def load_or_create(engine: Engine, name: str = NAME) -> SigningKey:
    """The network's Ed25519 key of this name (result-sign; settings-sign for kiosks' remote settings)."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(network_keys.c.private_key).where(network_keys.c.name == name)).first()
    if row is not None:
        return SigningKey(base64.b64decode(row.private_key))
    private = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    key = SigningKey(private)
    from datetime import datetime

    try:
        with engine.begin() as conn:
            conn.execute(sa.insert(network_keys).values(
                name=name, private_key=_b64(private), public_key=key.public_b64,
                created_at=datetime.now().astimezone().isoformat(timespec="seconds")))
    except sa.exc.IntegrityError:  # another worker made it first: use that one
        return load_or_create(engine, name)
    return key
