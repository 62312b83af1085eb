"""Resident ID numbers (GB 11643): ISO 7064 MOD 11-2 check character."""
from __future__ import annotations

from datetime import date
from operator import mul

from domain import canonical
from domain.canonical import CHARS, CHECK, DATE, LENGTH

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
DIGITS = "0123456789"


class InvalidIdNumber(canonical.Invalid):
    """The ID number is malformed or its check character is wrong (`reason`: domain.canonical.REASONS)."""


def check_char(first17: str) -> str:
    """Return the check character for the first 17 digits."""
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):  # ASCII digits: 0-9 only
        raise InvalidIdNumber("need 17 digits", LENGTH)
    total = sum(map(mul, map(int, first17), WEIGHTS))  # per field per case on ingest: no generator
    return CHECK_CHARS[total % 11]


def compact(id_number: str) -> str:
    """The canonical form (NFKC, no spaces or hyphens, upper-case X), or InvalidIdNumber (reason CHARS)."""
    return canonical.compact(id_number, InvalidIdNumber, DIGITS + "X")


def validate(id_number: str) -> str:
    """Return the canonical ID number or raise InvalidIdNumber."""
    value = compact(id_number)
    if len(value) != 18 or "X" in value[:17]:
        raise InvalidIdNumber("an ID number has 18 characters: 17 digits and a digit or X", LENGTH)
    if check_char(value[:17]) != value[17]:
        raise InvalidIdNumber("the check character of the ID number is wrong", CHECK)
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError as exc:
        raise InvalidIdNumber("the birth date inside the ID number is not a date", DATE) from exc
    return value


is_valid = canonical.predicate(validate)


def mask(id_number: str) -> str:
    """110101********123X style: keep the region and the last four."""
    if len(id_number) < 10:
        return "*" * len(id_number)
    return id_number[:6] + "*" * (len(id_number) - 10) + id_number[-4:]


def last4(id_number: str) -> str:
    """The last four characters of a canonical ID number (what a resident may be asked to prove a link)."""
    return id_number[-4:]


def birth_date(id_number: str) -> date:
    """The birth date inside a valid ID number (characters 7–14, YYYYMMDD)."""
    value = validate(id_number)
    return date(int(value[6:10]), int(value[10:12]), int(value[12:14]))


__all__ = ["CHARS", "CHECK", "DATE", "LENGTH", "InvalidIdNumber", "check_char", "compact", "validate",
           "is_valid", "mask", "last4", "birth_date"]
