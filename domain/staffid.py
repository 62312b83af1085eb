"""Staff ids (工号): who at the hall did something. A case's `assisted_by` (代办 at the counter), a face check's
clerk (人证合一), a kiosk's PIN or staff-card sign-in, the actor of an audit row, a back-office account.

The canonical form: 1-64 ASCII letters, digits, `.`, `_` and `-`, beginning with a letter or a digit, case as
given (S001, counter, DIST-ADMIN, window.01). `compact()` is what a person's typing becomes: NFKC (full-width
letters and digits, the full-width hyphen, U+3000 become ASCII) and the whitespace around it trimmed. Nothing
inside is dropped or changed: a space or another character in the middle is refused (`S 001` is not quietly
`S001`, and `DIST-ADMIN` keeps its hyphen). Case is kept because the ids already stored (accounts, kiosk
settings, cases whose digest covers them) are spelled that way; a back-office account cannot be added beside
one that differs only in case (servicenet/backoffice/accounts.py), so no two people are told apart by case.
"""
from __future__ import annotations

import re
import string
import unicodedata

from domain import canonical

MAX = 64  # the staff_id columns are String(64)
ALPHABET = string.ascii_letters + string.digits + "._-"
PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}"  # the canonical form (declared in the batch API's schema)
_CANONICAL = re.compile(PATTERN)


class InvalidStaffId(canonical.Invalid):
    """Not a staff id (`reason`: domain.canonical.CHARS or LENGTH)."""


def compact(text: str) -> str:
    """NFKC, the surrounding whitespace trimmed; InvalidStaffId (reason CHARS) for any character outside
    ALPHABET after that. Already canonical text is returned as it is."""
    if type(text) is str and _CANONICAL.fullmatch(text):
        return text
    if not isinstance(text, str):
        raise InvalidStaffId("not text", canonical.CHARS)
    value = unicodedata.normalize("NFKC", text).strip()
    bad = sorted({ch for ch in value if ch not in ALPHABET})
    if bad:
        shown = ", ".join(f"U+{ord(ch):04X}" for ch in bad[:3])
        raise InvalidStaffId(f"a staff id has only ASCII letters, digits, '.', '_' and '-', not {shown}",
                             canonical.CHARS)
    return value


def validate(text: str) -> str:
    """The canonical staff id, or InvalidStaffId."""
    value = compact(text)
    if not 1 <= len(value) <= MAX:
        raise InvalidStaffId(f"a staff id has 1 to {MAX} characters", canonical.LENGTH)
    if not value[0].isalnum():
        raise InvalidStaffId("a staff id begins with a letter or a digit", canonical.CHARS)
    return value


def is_canonical(text: object) -> bool:
    """Already in the canonical form: what a refund's staff_id must be (the batch API takes a case's staff ids as
    their canonical form instead: servicenet/schemas.py)."""
    return type(text) is str and _CANONICAL.fullmatch(text) is not None


def optional(text: str) -> str:
    """`validate`, where "" means nobody (a case no clerk submitted, a face check no clerk confirmed)."""
    return text if text == "" else validate(text)


is_valid = canonical.predicate(validate)
