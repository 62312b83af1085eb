"""The bytes on the wire: canonical JSON, its digest and the person lookup hash, identical on kiosk and network."""
from __future__ import annotations

import hashlib
import hmac
import json
from functools import lru_cache
from typing import Any

from domain import idnumber

DEV_PERSON_KEY = "hall-kiosk-dev-person-key"  # replaced by the key given at enrollment in production


# json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False), without building the encoder
# on every call: JSONEncoder.encode makes a new C encoder each time (a fixed ~2 us), so the C encoder it would
# make is made once here (no circular-reference marks: nothing is shared between calls or threads; a cycle
# ends in RecursionError instead of ValueError). Where the C accelerator is missing, the encoder itself.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
_C_ENCODER = getattr(json.encoder, "c_make_encoder", None)  # None without the _json accelerator
_FAST = (_C_ENCODER(None, _CANONICAL.default, json.encoder.encode_basestring, None, ":", ",", True, False, True)
         if _C_ENCODER is not None else None)


def canonical(obj: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same object gives the same bytes everywhere."""
    if _FAST is None:
        return _CANONICAL.encode(obj).encode("utf-8")
    return "".join(_FAST(obj, 0)).encode("utf-8")


def digest(obj: Any) -> str:
    return digest_of(canonical(obj))


def digest_of(body: bytes) -> str:
    """The digest of an object's canonical bytes (for a caller that keeps the bytes too)."""
    return hashlib.sha256(body).hexdigest()


def person_hash(key: str, id_number: str) -> str:
    """Keyed hash (HMAC-SHA256) of an ID number's canonical form (domain.idnumber.compact): what both sides
    store and search instead of the number. A number that has no canonical form raises InvalidIdNumber."""
    mac = _keyed(key).copy()
    mac.update(idnumber.compact(id_number).encode("ascii"))
    return mac.hexdigest()


@lru_cache(maxsize=8)
def _keyed(key: str) -> hmac.HMAC:
    """The HMAC keyed once per key and copied per use: keying it (OpenSSL 3 looks the digest up each time)
    cost ten times the hash of an ID number."""
    return hmac.new(key.encode("utf-8"), digestmod=hashlib.sha256)
