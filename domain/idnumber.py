"""Resident ID numbers (GB 11643): ISO 7064 MOD 11-2 check character."""
from __future__ import annotations

import re
from datetime import date

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


class InvalidIdNumber(ValueError):
    """The ID number is malformed or its check character is wrong."""


def check_char(first17: str) -> str:
    """Return the check character for the first 17 digits."""
    if len(first17) != 17 or not first17.isdigit():
        raise InvalidIdNumber("need 17 digits")
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS))
    return CHECK_CHARS[total % 11]


def validate(id_number: str) -> str:
    """Return the normalised ID number (upper-case X) or raise InvalidIdNumber."""
    value = id_number.strip().upper()
    if not _SHAPE.match(value):
        raise InvalidIdNumber("an ID number has 18 characters: 17 digits and a digit or X")
    if check_char(value[:17]) != value[17]:
        raise InvalidIdNumber("the check character of the ID number is wrong")
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError as exc:
        raise InvalidIdNumber("the birth date inside the ID number is not a date") from exc
    return value


def is_valid(id_number: str) -> bool:
    try:
        validate(id_number)
    except InvalidIdNumber:
        return False
    return True


def mask(id_number: str) -> str:
    """110101********123X style: keep the region and the last four."""
    if len(id_number) < 10:
        return "*" * len(id_number)
    return id_number[:6] + "*" * (len(id_number) - 10) + id_number[-4:]
