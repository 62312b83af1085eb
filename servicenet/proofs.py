"""Link proofs: what a viewer of a case's public page may show to see more than its status (the applicant's
name, or the last four characters of the applicant's ID number).

Neither is kept in clear: each case row holds a keyed hash (HMAC-SHA256 with the network's person key) of
"<kind>|<code>|<canonical value>", made when the case arrives. The code is inside the hash, so two cases of
the same person share no proof value. Guesses are rate-limited by the caller (servicenet/ratelimit.py).
"""
from __future__ import annotations

import hashlib
import hmac
import unicodedata

from domain import idnumber

NAME = "name"
LAST4 = "id4"
_LAST4_ALPHABET = "0123456789X"


def canonical_name(name: str) -> str:
    """NFKC, no whitespace: 张 三 and 张三 are one name."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def proof(key: str, code: str, kind: str, value: str) -> str:
    return hmac.new(key.encode("utf-8"), f"{kind}|{code}|{value}".encode(), hashlib.sha256).hexdigest()


def of_applicant(key: str, code: str, name: str, id_number: str) -> dict[str, str]:
    """The proof columns of a new case row."""
    return {"name_proof": proof(key, code, NAME, canonical_name(name)),
            "id4_proof": proof(key, code, LAST4, idnumber.compact(id_number)[-4:])}


def reading(text: str) -> tuple[str, str] | None:
    """What a viewer typed: (LAST4, 4 characters) when it is four digits (or three and X), else (NAME, name);
    None when it is blank or too long to be either."""
    compact = canonical_name(text).upper()
    if not compact or len(compact) > 30:
        return None
    if len(compact) == 4 and all(ch in _LAST4_ALPHABET for ch in compact) and "X" not in compact[:3]:
        return LAST4, compact
    return NAME, canonical_name(text)


def holds(key: str, code: str, row_proofs: dict[str, str | None], text: str) -> bool:
    """Whether `text` proves a link to the case (constant-time comparison)."""
    read = reading(text)
    if read is None:
        return False
    kind, value = read
    stored = row_proofs.get("name_proof" if kind == NAME else "id4_proof")
    return bool(stored) and hmac.compare_digest(str(stored), proof(key, code, kind, value))
