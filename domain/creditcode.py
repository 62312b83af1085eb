"""统一社会信用代码 (unified social credit code, GB 32100-2015) of a company or other organisation.

18 characters from "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O, Z, S, V): the registration authority (1),
the kind of organisation (1), the region (GB/T 2260, 6 digits), the organisation code (9) and a check
character. With the weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28 (3^i mod 31), the check
character is the one whose value is (31 - sum mod 31) mod 31.
"""
from __future__ import annotations

from domain import canonical

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18


class InvalidCreditCode(canonical.Invalid):
    """Not a unified social credit code (`reason`: domain.canonical.REASONS)."""


def compact(text: str) -> str:
    """The canonical form (NFKC, no spaces or hyphens, upper-case); InvalidCreditCode (reason CHARS) for a
    character outside the code's alphabet."""
    return canonical.compact(text, InvalidCreditCode, ALPHABET)


def check_char(first17: str) -> str:
    if len(first17) != LENGTH - 1 or any(ch not in ALPHABET for ch in first17):
        raise InvalidCreditCode("need 17 characters of the code's alphabet", canonical.LENGTH)
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate(text: str) -> str:
    """The canonical credit code, or InvalidCreditCode."""
    value = compact(text)
    if len(value) != LENGTH:
        raise InvalidCreditCode("a unified social credit code has 18 characters", canonical.LENGTH)
    if not value[2:8].isdigit():
        raise InvalidCreditCode("characters 3-8 of a credit code are the region's 6 digits", canonical.CHARS)
    if check_char(value[:17]) != value[17]:
        raise InvalidCreditCode("the check character of the credit code is wrong", canonical.CHECK)
    return value


is_valid = canonical.predicate(validate)
